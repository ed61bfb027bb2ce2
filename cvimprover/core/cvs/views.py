"""What the outside world sees of questionnaires and improvement jobs."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from cvimprover.core.cvs.model import AIResponse, JobStatus, Questionnaire
from cvimprover.core.cvs.pdfs import PdfRender

T = TypeVar("T")
Row = TypeVar("Row")


@dataclass(frozen=True)
class QuestionnaireView:
    id: int
    position: str
    industry: str
    experience_level: str
    company_size: str
    location: str
    application_timeline: str
    job_description: str
    submitted_at: datetime
    resume_name: str | None
    resume_size: int | None


@dataclass(frozen=True)
class PdfView:
    """The latest PDF asked of an improvement; `ready` once its file can be downloaded."""

    id: int
    status: str
    template: str
    page_size: str
    error: str | None
    ready: bool

    @property
    def is_finished(self) -> bool:
        return self.status in ("succeeded", "failed")


@dataclass(frozen=True)
class ImprovementView:
    id: int
    questionnaire_id: int
    prompt: str
    status: str
    response_text: str | None
    error: str | None
    provider: str | None
    model: str | None
    notice: str | None
    input_tokens: int | None
    output_tokens: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    edited_text: str | None = None
    edited_at: datetime | None = None
    gaps: tuple[str, ...] = ()
    pdf: PdfView | None = None

    @property
    def is_settled(self) -> bool:
        """Nothing is left to wait for: the job is done, and so is its latest PDF."""
        finished = self.status in ("succeeded", "failed")
        return finished and (self.pdf is None or self.pdf.is_finished)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_before_id: int | None


def page_of(rows: list[Row], limit: int, view: Callable[[Row], T]) -> Page[T]:
    """A page from `limit + 1` rows: the extra one only tells that more follow."""
    items = [view(row) for row in rows[:limit]]
    more = len(rows) > limit and bool(items)
    return Page(items, getattr(items[-1], "id", None) if more else None)


def questionnaire_view(q: Questionnaire) -> QuestionnaireView:
    assert q.id is not None
    return QuestionnaireView(
        id=q.id,
        position=q.position,
        industry=q.industry,
        experience_level=q.experience_level.value,
        company_size=q.company_size.value,
        location=q.location,
        application_timeline=q.application_timeline.value,
        job_description=q.job_description,
        submitted_at=q.submitted_at,
        resume_name=q.resume_name,
        resume_size=q.resume_size,
    )


def improvement_view(r: AIResponse, pdf: PdfRender | None = None) -> ImprovementView:
    assert r.id is not None
    return ImprovementView(
        id=r.id,
        questionnaire_id=r.questionnaire_id,
        prompt=r.prompt,
        status=r.status.value,
        response_text=r.response_text,
        error=r.error,
        provider=r.provider,
        model=r.model,
        notice=r.notice,
        input_tokens=r.input_tokens,
        output_tokens=r.output_tokens,
        created_at=r.created_at,
        started_at=r.started_at,
        finished_at=r.finished_at,
        edited_text=r.edited_text,
        edited_at=r.edited_at,
        gaps=tuple(r.gaps or ()),
        pdf=pdf_view(pdf) if pdf is not None else None,
    )


def pdf_view(render: PdfRender) -> PdfView:
    assert render.id is not None
    return PdfView(
        id=render.id,
        status=render.status.value,
        template=render.template.value,
        page_size=render.page_size.value,
        error=render.error,
        ready=render.status is JobStatus.SUCCEEDED and render.file_key is not None,
    )
