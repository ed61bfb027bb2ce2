"""Persistence of questionnaires and improvement jobs. Every look-up on behalf of a
person names its owner: another user's id finds nothing."""

from datetime import datetime
from typing import Protocol

from cvimprover.core.cvs.model import AIResponse, Questionnaire
from cvimprover.core.cvs.pdfs import PdfRender
from cvimprover.ports.leases import LeasedJobRepository


class QuestionnaireRepository(Protocol):
    def add(self, questionnaire: Questionnaire) -> None: ...

    def get_owned(self, questionnaire_id: int, user_id: int) -> Questionnaire | None: ...

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[Questionnaire]:
        """Newest first; `before_id` continues after the last item of the previous page."""
        ...

    def delete(self, questionnaire: Questionnaire) -> None:
        """Removes it with its improvement jobs."""
        ...

    def file_keys_of(self, user_id: int) -> list[str]:
        """The storage keys of every file the user's questionnaires hold: uploaded CVs,
        and the PDFs rendered of their improvements."""
        ...


class AIResponseRepository(LeasedJobRepository, Protocol):
    def add(self, response: AIResponse) -> None: ...

    def get_owned(self, response_id: int, user_id: int) -> AIResponse | None: ...

    def get_for_update(self, response_id: int) -> AIResponse | None:
        """Locks the row: one worker at a time decides what happens to a job."""
        ...

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[AIResponse]:
        """Newest first, like questionnaires."""
        ...

    def due(self, now: datetime, limit: int) -> list[AIResponse]:
        """Unfinished jobs whose next attempt (or lease) is due, oldest first, locked."""
        ...


class PdfRenderRepository(LeasedJobRepository, Protocol):
    def add(self, render: PdfRender) -> None: ...

    def get_owned(self, render_id: int, user_id: int) -> PdfRender | None: ...

    def get_for_update(self, render_id: int) -> PdfRender | None:
        """Locks the row: one worker at a time decides what happens to a render."""
        ...

    def latest_of(self, ai_response_ids: list[int]) -> dict[int, PdfRender]:
        """Each improvement's most recently requested render, for those that have one."""
        ...

    def due(self, now: datetime, limit: int) -> list[PdfRender]:
        """Unfinished renders whose next attempt (or lease) is due, oldest first, locked."""
        ...

    def file_keys_under(self, questionnaire_id: int) -> list[str]:
        """The keys of the files rendered of the questionnaire's improvements."""
        ...
