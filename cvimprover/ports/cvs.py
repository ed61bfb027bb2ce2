"""Persistence of questionnaires and improvement jobs. Every look-up on behalf of a
person names its owner: another user's id finds nothing."""

from datetime import datetime
from typing import Protocol

from cvimprover.core.cvs.model import AIResponse, Questionnaire


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
        """The storage keys of every file the user's questionnaires hold."""
        ...


class AIResponseRepository(Protocol):
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
