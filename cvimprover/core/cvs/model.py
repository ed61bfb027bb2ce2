"""CVs: what the person aims for, the CV they uploaded, and the improvements made for them."""

import enum
from dataclasses import dataclass, field
from datetime import datetime

from cvimprover.core.cvs.resume import Resume
from cvimprover.core.cvs.wishes import Wishes


class ExperienceLevel(enum.StrEnum):
    JUNIOR = "0-2"
    MID = "3-5"
    SENIOR = "6+"


class CompanySize(enum.StrEnum):
    STARTUP = "startup"
    SMALL = "small"
    MEDIUM = "medium"
    ENTERPRISE = "enterprise"


class ApplicationTimeline(enum.StrEnum):
    IMMEDIATE = "immediate"
    ONE_TO_THREE_MONTHS = "1-3 months"
    THREE_TO_SIX_MONTHS = "3-6 months"
    SIX_MONTHS_OR_MORE = "6+ months"


@dataclass(frozen=True)
class JobTarget:
    """The job a person wants, as the questionnaire describes it."""

    position: str
    industry: str
    experience_level: ExperienceLevel
    company_size: CompanySize
    application_timeline: ApplicationTimeline
    job_description: str
    location: str = ""


@dataclass(frozen=True)
class ImprovementRequest:
    """Everything an improver may use. `cv_text` and `user_request` are untrusted text,
    with contact details already removed; vendors get `instructions` and `prompt`, in
    which that text is fenced off as data; the offline improver reads the fields, and
    `wishes`, what we read for certain in the person's request."""

    instructions: str
    prompt: str
    cv_text: str
    target: JobTarget
    user_request: str
    max_output_tokens: int = 4000
    wishes: Wishes = field(default_factory=Wishes)


@dataclass(frozen=True)
class TokenUsage:
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class Improvement:
    """An improved CV in Markdown, and who made it; `gaps`, what the job asks for and the
    CV does not show, are advice for its owner, never part of the CV."""

    markdown: str
    provider: str
    model: str
    usage: TokenUsage
    gaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextLine:
    """A line of an uploaded CV as the page lays it out. `x` and `y` are where it starts, in
    points from the top-left corner of its page (counted from 1); `size` is its font size in
    points. `column` is 0 for text across the page, else 1 or 2 in reading order;
    `break_before` marks the first line of a paragraph after a wider gap. A tab in `text`
    stands for a wide gap within the line, such as the one before a right-aligned date."""

    text: str
    page: int
    x: float
    y: float
    size: float
    bold: bool = False
    column: int = 0
    break_before: bool = False


@dataclass(frozen=True)
class ExtractedText:
    """The text of a CV, its lines in reading order with where they stand (empty when the
    reader does not know), and its number of pages."""

    text: str
    pages: int
    lines: tuple[TextLine, ...] = ()


@dataclass(kw_only=True, eq=False)
class StoredFile:
    """A file kept for its owner, named by id, never by user input."""

    key: str
    content_type: str
    size: int
    original_name: str


@dataclass(kw_only=True, eq=False)
class Questionnaire:
    """A target job described by its owner, with the CV they uploaded for it (if any)."""

    user_id: int
    position: str
    industry: str
    experience_level: ExperienceLevel
    company_size: CompanySize
    application_timeline: ApplicationTimeline
    submitted_at: datetime
    location: str = ""
    job_description: str = ""
    resume_key: str | None = None
    resume_name: str | None = None
    resume_size: int | None = None
    resume_text: str | None = None
    structured_cv: Resume | None = None
    """The CV as data (JSON Resume), read from `resume_text` at upload, then as its owner
    corrected it."""
    id: int | None = None

    @property
    def target(self) -> JobTarget:
        return JobTarget(
            position=self.position,
            industry=self.industry,
            experience_level=self.experience_level,
            company_size=self.company_size,
            application_timeline=self.application_timeline,
            job_description=self.job_description,
            location=self.location,
        )


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


@dataclass(kw_only=True, eq=False)
class AIResponse:
    """An improvement job: queued -> running -> succeeded | failed. Once it succeeded its
    owner may edit the improved CV: `edited_text` is then what they approved, and
    `response_text` stays the AI's answer as it came. `gaps` are kept beside the CV, never
    in it (see `gaps`)."""

    user_id: int
    questionnaire_id: int
    prompt: str
    created_at: datetime
    next_attempt_at: datetime
    status: JobStatus = JobStatus.QUEUED
    response_text: str | None = None
    error: str | None = None
    provider: str | None = None
    model: str | None = None
    notice: str | None = None
    """Said to the person about how the job went: which providers were unavailable."""
    input_tokens: int | None = None
    output_tokens: int | None = None
    attempts: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    edited_text: str | None = None
    edited_at: datetime | None = None
    gaps: list[str] = field(default_factory=list)
    id: int | None = None

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def approved_text(self) -> str | None:
        """The CV to render: the owner's edit when there is one, else the AI's answer."""
        return self.edited_text if self.edited_text is not None else self.response_text


IMPROVE_CV = "improve_cv"
"""The job kind workers know an improvement by."""

MAX_JOB_ATTEMPTS = 3
