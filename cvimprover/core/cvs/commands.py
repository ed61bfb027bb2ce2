"""What callers ask of the CVs context."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Upload:
    """A file as it arrived; its name is kept for display only, never used as a path."""

    name: str
    data: bytes


@dataclass(frozen=True)
class NewQuestionnaire:
    user_id: int
    fields: dict[str, object]
    resume: Upload | None = None


@dataclass(frozen=True)
class QuestionnaireChanges:
    user_id: int
    questionnaire_id: int
    fields: dict[str, object]
    resume: Upload | None = None
    replace: bool = False


@dataclass(frozen=True)
class Owned:
    """One thing, asked for by its owner."""

    user_id: int
    item_id: int


@dataclass(frozen=True)
class StructuredCVReplacement:
    """A whole structured CV, sent by the questionnaire's owner; not checked yet."""

    user_id: int
    questionnaire_id: int
    document: object


@dataclass(frozen=True)
class PageRequest:
    user_id: int
    before_id: int | None = None
    limit: int = 20


@dataclass(frozen=True)
class NewImprovement:
    user_id: int
    questionnaire_id: int
    prompt: str


@dataclass(frozen=True)
class NewPdf:
    """A PDF of an improvement; `template` and `page_size` as the caller named them."""

    user_id: int
    ai_response_id: int
    template: str = "classic"
    page_size: str = "A4"


@dataclass(frozen=True)
class OwnedPdf:
    user_id: int
    ai_response_id: int
    pdf_id: int


@dataclass(frozen=True)
class ImprovementEdit:
    """The owner's Markdown of an improved CV; None goes back to the AI's answer."""

    user_id: int
    ai_response_id: int
    markdown: str | None
