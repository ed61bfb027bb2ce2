"""Request and response bodies at the HTTP edge; they also make the OpenAPI document."""

import html
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

import nh3
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from cvimprover.adapters.http.bodies import Body, Omittable
from cvimprover.core.cvs.use_cases.edit_improvement import MAX_EDITED_CHARACTERS
from cvimprover.core.ids import LARGEST_ID, SMALLEST_ID
from cvimprover.core.users.rules import MAX_PASSWORD_LENGTH, USERNAME_PATTERN


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


def _username(value: str) -> str:
    if not USERNAME_PATTERN.match(value.strip()):
        raise ValueError("Use 1-150 letters, digits and @ . + - _ only.")
    return value


Username = Annotated[
    str,
    Field(max_length=150, json_schema_extra={"pattern": r"^\s*[\w.@+-]+\s*$"}),
    AfterValidator(_username),
]
"""Letters, digits and @ . + - _ (spaces around are trimmed), as the account rules have it."""
NewPassword = Annotated[
    str, Field(min_length=8, max_length=MAX_PASSWORD_LENGTH, description="8 to 128 characters.")
]
EmailAddress = Annotated[str, Field(max_length=254, json_schema_extra={"format": "email"})]
MailedToken = Annotated[str, Field(min_length=1, max_length=256)]
"""A key or token from a mail."""


class RegistrationIn(Body):
    """The account rules also refuse a password that is easy to guess and an address at
    a throw-away domain: that is a 422 naming the field."""

    username: Username
    email: EmailAddress
    password1: NewPassword
    password2: NewPassword = Field(description="The same password again.")
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)


class LoginIn(Body):
    """A username or an e-mail address, and the password."""

    needs_one_of = ("username", "email")
    needs_one_of_message = "Send a username or an e-mail address."

    username: Omittable[str] = Field(None, max_length=254)
    email: Omittable[str] = Field(None, max_length=254)
    password: str = Field(max_length=1024)


class RefreshIn(Body):
    refresh: str | None = Field(None, max_length=4096, description="Default: the cookie.")


class VerifyEmailIn(Body):
    key: MailedToken


class EmailIn(Body):
    email: str = Field(max_length=254)


class PasswordChangeIn(Body):
    old_password: str = Field(max_length=1024)
    new_password1: NewPassword
    new_password2: NewPassword = Field(description="The same password again.")


class PasswordResetConfirmIn(Body):
    uid: str = Field(min_length=1, max_length=64)
    token: MailedToken
    new_password1: NewPassword
    new_password2: NewPassword = Field(description="The same password again.")


def _full_date_text(value: object) -> object:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise PydanticCustomError("date_format", "Write the date as YYYY-MM-DD.")
    return value


FullDate = Annotated[date, BeforeValidator(_full_date_text)]
"""A date as JSON Schema's `date` has it: YYYY-MM-DD, nothing else."""

READ_ONLY = Field(
    None,
    description="Read-only: any value is accepted and ignored, so a client may send back "
    "what GET gave it.",
)


class ProfileIn(Body):
    """A date of birth must lie in the past, and a new username or e-mail address must
    be free and follow the account rules (422 or 409 naming the field)."""

    username: Omittable[Username] = None
    email: Omittable[EmailAddress] = None
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    date_of_birth: FullDate | None = None
    pk: Any = READ_ONLY
    email_verified: Any = READ_ONLY
    plan: Any = READ_ONLY
    stripe_customer_id: Any = READ_ONLY
    stripe_subscription_id: Any = READ_ONLY
    stripe_subscription_status: Any = READ_ONLY
    subscription_renewal_date: Any = READ_ONLY

    def changes(self) -> dict[str, object]:
        writable = {"username", "email", "first_name", "last_name", "date_of_birth"}
        return self.model_dump(include=writable, exclude_unset=True)


class ProfileReplacementIn(ProfileIn):
    """The same fields, with a username and an e-mail address among them."""

    username: Username
    email: EmailAddress


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


NON_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"
"""Text with something in it besides spaces (and no NUL)."""


def _required_text(value: str) -> str:
    text = plain_text(value) or ""
    if not text.strip():
        raise ValueError("This field may not be blank.")
    return text


Place = Annotated[str, Field(max_length=255), AfterValidator(plain_text)]
"""Text with any HTML removed."""
JobDescription = Annotated[str, Field(max_length=5000), AfterValidator(plain_text)]
RequiredText = Annotated[
    str,
    Field(max_length=255, json_schema_extra={"pattern": NON_BLANK}),
    AfterValidator(_required_text),
]
"""One of the questionnaire's required texts: not blank once HTML is removed."""
ExperienceLevel = Literal["0-2", "3-5", "6+"]
CompanySize = Literal["startup", "small", "medium", "enterprise"]
Timeline = Literal["immediate", "1-3 months", "3-6 months", "6+ months"]
RESUME = Field(
    None,
    description="The CV: a PDF with text in it (not a scan), at most 10 MB.",
    json_schema_extra={"contentMediaType": "application/pdf"},
)
"""The file part: its encoding in the document says it is a PDF."""


class QuestionnaireChangesIn(Body):
    """Some of a questionnaire's fields (PATCH)."""

    position: Omittable[RequiredText] = None
    industry: Omittable[RequiredText] = None
    experience_level: Omittable[ExperienceLevel] = None
    company_size: Omittable[CompanySize] = None
    location: Place | None = None
    application_timeline: Omittable[Timeline] = None
    job_description: JobDescription | None = None

    def fields(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)


class QuestionnaireIn(QuestionnaireChangesIn):
    """A whole questionnaire (POST, PUT)."""

    position: RequiredText
    industry: RequiredText
    experience_level: ExperienceLevel
    company_size: CompanySize
    application_timeline: Timeline


class QuestionnaireChangesForm(QuestionnaireChangesIn):
    """The same fields as multipart/form-data (a form has no null: a field is sent or
    left out), with the CV as the file part `resume`."""

    location: Omittable[Place] = None
    job_description: Omittable[JobDescription] = None
    resume: Omittable[bytes] = RESUME


class QuestionnaireForm(QuestionnaireIn):
    """A whole questionnaire as multipart/form-data, with the CV as the file part `resume`."""

    location: Omittable[Place] = None
    job_description: Omittable[JobDescription] = None
    resume: Omittable[bytes] = RESUME


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
    provider: str | None = Field(description="The AI provider that wrote the improvement.")
    model: str | None
    notice: str | None = Field(
        description="Set when the first AI provider was unavailable and a later one (such as "
        "the offline improver) wrote the improvement: who was unavailable, why, and who wrote it."
    )
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
