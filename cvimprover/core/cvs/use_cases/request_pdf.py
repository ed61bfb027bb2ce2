import logging
from typing import TypeVar

from cvimprover.core.cvs.commands import NewPdf
from cvimprover.core.cvs.model import AIResponse, JobStatus
from cvimprover.core.cvs.pdfs import (
    RENDER_PDF,
    PageSize,
    PdfRender,
    PdfTemplate,
    markdown_sha256,
)
from cvimprover.core.cvs.views import ImprovementView, improvement_view
from cvimprover.core.errors import Conflict, DependencyUnavailable, InvalidInput, NotFound
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)
Choice = TypeVar("Choice", PdfTemplate, PageSize)

UNFINISHED = "This improvement is not finished yet: ask for its PDF once it has succeeded."
FAILED = "This improvement failed, so it has no CV to render: ask for a new one."


class RequestPdf:
    """Accepts a PDF render of one of the caller's improvements.

    - only a succeeded improvement has a CV to render: the owner's edit of it when there
      is one, else the AI's answer;
    - the template and page size are ones we ship;
    - asking again for what the latest render already is or is becoming (same options,
      same text, not failed) queues nothing: a double click makes one file, and a click
      after an edit makes a file of the edited text;
    - other options make a new render with a file of its own; nothing ever overwrites
      the CV the person uploaded;
    - the render is saved first, then queued; a broker that is down loses nothing.
    """

    def __init__(
        self, uow: UnitOfWorkFactory, tasks: TaskQueue, clock: Clock, *, terms: LeaseTerms
    ) -> None:
        self._uow = uow
        self._terms = terms
        self._tasks = tasks
        self._clock = clock

    def execute(self, command: NewPdf) -> ImprovementView:
        template, page_size = _options(command)
        now = self._clock.now()
        with self._uow() as uow:
            improvement = uow.ai_responses.get_owned(command.ai_response_id, command.user_id)
            if improvement is None:
                raise NotFound("No such AI response.")
            markdown = _renderable(improvement)
            latest = uow.pdf_renders.latest_of([command.ai_response_id]).get(command.ai_response_id)
            if _reusable(latest, template, page_size, improvement):
                return improvement_view(improvement, latest)
            render = PdfRender(
                user_id=command.user_id,
                ai_response_id=command.ai_response_id,
                template=template,
                page_size=page_size,
                text_sha256=markdown_sha256(markdown),
                created_at=now,
                next_attempt_at=now + self._terms.queued,
            )
            uow.pdf_renders.add(render)
            uow.commit()
        assert render.id is not None
        try:
            self._tasks.enqueue(RENDER_PDF, render.id)
        except DependencyUnavailable:
            log.warning("broker down; the sweeper will queue render %s", render.id)
        return improvement_view(improvement, render)


def _options(command: NewPdf) -> tuple[PdfTemplate, PageSize]:
    errors: dict[str, list[str]] = {}
    template = _choice(PdfTemplate, command.template, "template", errors)
    page_size = _choice(PageSize, command.page_size, "page_size", errors)
    if errors or template is None or page_size is None:
        raise InvalidInput("The PDF options are not valid.", errors=errors)
    return template, page_size


def _choice(
    kinds: type[Choice], value: str, field: str, errors: dict[str, list[str]]
) -> Choice | None:
    try:
        return kinds(value)
    except ValueError:
        allowed = ", ".join(f'"{kind.value}"' for kind in kinds)
        errors[field] = [f"Choose one of {allowed}."]
        return None


def _renderable(improvement: AIResponse) -> str:
    """The CV to render; a Conflict while there is none."""
    markdown = improvement.approved_text
    if improvement.status is JobStatus.SUCCEEDED and markdown:
        return markdown
    raise Conflict(FAILED if improvement.is_finished else UNFINISHED)


def _reusable(
    latest: PdfRender | None, template: PdfTemplate, page_size: PageSize, improvement: AIResponse
) -> bool:
    """The latest render already is, or is becoming, the PDF asked for."""
    if latest is None or latest.status is JobStatus.FAILED:
        return False
    markdown = improvement.approved_text or ""
    return latest.same_options(template, page_size) and latest.renders(
        markdown, improvement.response_text
    )
