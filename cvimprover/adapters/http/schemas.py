"""Request and response bodies at the HTTP edge; they also make the OpenAPI document."""

import html
from datetime import date, datetime
from typing import Literal

import nh3
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cvimprover.core.cvs.use_cases.edit_improvement import MAX_EDITED_CHARACTERS
from cvimprover.core.ids import LARGEST_ID, SMALLEST_ID


class Body(BaseModel):
    """A request body: unknown fields are refused, and so is text no database can store."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)

    @field_validator("*", mode="after")
    @classmethod
    def _storable_text(cls, value: object) -> object:
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("NUL characters are not allowed.")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("The text is not valid Unicode.") from None
        return value


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    request_id: str | None = None
    errors: dict[str, list[str]] | None = None


class Detail(BaseModel):
    detail: str


class RegistrationIn(Body):
    username: str = Field(max_length=150)
    email: str = Field(max_length=254)
    password1: str = Field(max_length=1024)
    password2: str = Field(max_length=1024)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class LoginIn(Body):
    username: str | None = Field(None, max_length=254)
    email: str | None = Field(None, max_length=254)
    password: str = Field(max_length=1024)


class RefreshIn(Body):
    refresh: str | None = Field(None, max_length=4096, description="Default: the cookie.")


class VerifyEmailIn(Body):
    key: str = Field(max_length=256)


class EmailIn(Body):
    email: str = Field(max_length=254)


class PasswordChangeIn(Body):
    old_password: str = Field(max_length=1024)
    new_password1: str = Field(max_length=1024)
    new_password2: str = Field(max_length=1024)


class PasswordResetConfirmIn(Body):
    uid: str = Field(max_length=64)
    token: str = Field(max_length=256)
    new_password1: str = Field(max_length=1024)
    new_password2: str = Field(max_length=1024)


READ_ONLY = Field(
    None, description="Read-only: accepted and ignored, so a client may send back what GET gave it."
)


class ProfileIn(Body):
    username: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    date_of_birth: date | None = None
    pk: int | None = READ_ONLY
    email_verified: bool | None = READ_ONLY
    plan: dict[str, object] | None = READ_ONLY
    stripe_customer_id: str | None = READ_ONLY
    stripe_subscription_id: str | None = READ_ONLY
    stripe_subscription_status: str | None = READ_ONLY
    subscription_renewal_date: datetime | None = READ_ONLY

    def changes(self) -> dict[str, object]:
        writable = {"username", "email", "first_name", "last_name", "date_of_birth"}
        return self.model_dump(include=writable, exclude_unset=True)


class PlanOut(BaseModel):
    id: int
    name: str
    description: str


class UserOut(BaseModel):
    pk: int
    username: str
    email: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    email_verified: bool
    plan: PlanOut | None
    stripe_customer_id: str | None
    stripe_subscription_id: str | None
    stripe_subscription_status: str | None
    subscription_renewal_date: datetime | None


class TokensOut(BaseModel):
    access: str
    refresh: str
    access_expiration: datetime
    refresh_expiration: datetime


class AuthOut(TokensOut):
    user: UserOut


class PasswordChangeOut(AuthOut):
    detail: str


class CsrfOut(BaseModel):
    csrfToken: str  # noqa: N815  (the original API's name)


class HealthOut(BaseModel):
    status: str
    checks: dict[str, str]


def plain_text(value: str | None) -> str | None:
    """Text with any HTML removed (tags dropped, entities kept as text)."""
    if value is None:
        return None
    return html.unescape(nh3.clean(value, tags=set()))


class QuestionnaireIn(Body):
    position: str | None = Field(None, max_length=255)
    industry: str | None = Field(None, max_length=255)
    experience_level: Literal["0-2", "3-5", "6+"] | None = None
    company_size: Literal["startup", "small", "medium", "enterprise"] | None = None
    location: str | None = Field(None, max_length=255)
    application_timeline: Literal["immediate", "1-3 months", "3-6 months", "6+ months"] | None = (
        None
    )
    job_description: str | None = Field(None, max_length=5000)

    @field_validator("position", "industry", "location", "job_description", mode="after")
    @classmethod
    def _no_html(cls, value: str | None) -> str | None:
        return plain_text(value)

    def fields(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)


class QuestionnaireForm(QuestionnaireIn):
    """The same fields as multipart/form-data, with the CV as a PDF file part."""

    resume: bytes | None = Field(None, description="The CV as a PDF, at most 10 MB.")


class QuestionnaireOut(BaseModel):
    id: int
    position: str
    industry: str
    experience_level: str
    company_size: str
    location: str
    application_timeline: str
    job_description: str
    submitted_at: datetime
    resume: str | None = Field(description="Where the owner downloads the uploaded CV.")
    resume_name: str | None


DATABASE_ID = Field(ge=SMALLEST_ID, le=LARGEST_ID)


class ImprovementIn(Body):
    questionnaire: int = DATABASE_ID
    prompt: str = Field(min_length=10, max_length=5000)

    @field_validator("prompt", mode="after")
    @classmethod
    def _no_html(cls, value: str) -> str:
        return plain_text(value) or ""


JobState = Literal["queued", "running", "succeeded", "failed"]
Template = Literal["classic", "modern"]
PageSize = Literal["A4", "Letter"]


class ImprovementOut(BaseModel):
    id: int
    questionnaire: int
    prompt: str
    status: JobState
    response_text: str | None = Field(
        description="The improved CV in Markdown, as the AI wrote it."
    )
    edited_text: str | None = Field(
        description="The CV as its owner edited it (what a PDF renders); null: not edited."
    )
    edited_at: datetime | None = Field(description="When the owner last edited the CV.")
    gaps: list[str] = Field(
        description="What the job asks for and the CV does not show yet: add each only where "
        "it is true, with an example. Advice for you, never part of the CV or its PDF."
    )
    error: str | None
    provider: str | None
    model: str | None
    usage: dict[str, int] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    pdf_status: JobState | None = Field(
        description="The state of the latest PDF asked of this improvement; null: none asked."
    )
    pdf_error: str | None = Field(description="Why the latest PDF could not be rendered.")
    pdf_url: str | None = Field(description="Where the owner downloads it, once it succeeded.")
    pdf_template: Template | None
    pdf_page_size: PageSize | None


class ImprovementEditIn(Body):
    """The owner's Markdown of the improved CV, rendered by the next PDF asked for."""

    model_config = ConfigDict(str_max_length=MAX_EDITED_CHARACTERS)

    edited_text: str | None = Field(
        min_length=1,
        max_length=MAX_EDITED_CHARACTERS,
        description="The CV in Markdown; null goes back to the AI's answer.",
    )


class PdfIn(Body):
    template: Template = Field("classic", description="The look of the PDF.")
    page_size: PageSize = Field("A4", description="A4, or US Letter.")


class PageQuery(BaseModel):
    cursor: str | None = Field(None, max_length=64, description="From the Link rel=next header.")
    limit: int = Field(20, ge=1, le=100)
