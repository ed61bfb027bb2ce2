from cvimprover.core.cvs.commands import ImprovementEdit
from cvimprover.core.cvs.model import AIResponse, JobStatus
from cvimprover.core.cvs.views import ImprovementView, improvement_view
from cvimprover.core.errors import Conflict, InvalidInput, NotFound
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

MAX_EDITED_CHARACTERS = 50_000
"""Twice the longest CV an improver writes (4,000 output tokens), half what a PDF takes."""
FIELD = "edited_text"
UNFINISHED = "This improvement is not finished yet: edit its CV once it has succeeded."
FAILED = "This improvement failed, so it has no CV to edit: ask for a new one."


class EditImprovement:
    """The owner replaces the improved CV's Markdown with their own, or goes back to the
    AI's answer (None).

    - only a succeeded improvement has a CV to edit;
    - the AI's answer is never changed: it stays readable beside the edit;
    - the edit is Markdown of at most `MAX_EDITED_CHARACTERS`, not blank; it is as
      untrusted as the AI's answer, and rendered through the same sanitiser;
    - a later PDF renders the edit; the PDFs rendered before it are kept as they are.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def execute(self, command: ImprovementEdit) -> ImprovementView:
        markdown = _checked(command.markdown)
        with self._uow() as uow:
            improvement = uow.ai_responses.get_owned(command.ai_response_id, command.user_id)
            if improvement is None:
                raise NotFound("No such AI response.")
            _require_editable(improvement)
            latest = uow.pdf_renders.latest_of([command.ai_response_id])
            improvement.edited_text = markdown
            improvement.edited_at = self._clock.now() if markdown is not None else None
            uow.commit()
            return improvement_view(improvement, latest.get(command.ai_response_id))


def _checked(markdown: str | None) -> str | None:
    if markdown is None:
        return None
    markdown = markdown.replace("\r\n", "\n").replace("\r", "\n")
    if not markdown.strip():
        raise _invalid("Send the CV's Markdown, or null to go back to the AI's answer.")
    if len(markdown) > MAX_EDITED_CHARACTERS:
        raise _invalid(f"At most {MAX_EDITED_CHARACTERS} characters ({len(markdown)} sent).")
    return markdown


def _invalid(message: str) -> InvalidInput:
    return InvalidInput("The edited CV is not valid.", errors={FIELD: [message]})


def _require_editable(improvement: AIResponse) -> None:
    if improvement.status is not JobStatus.SUCCEEDED or not improvement.response_text:
        raise Conflict(FAILED if improvement.is_finished else UNFINISHED)
