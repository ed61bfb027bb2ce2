from cvimprover.core.cvs.commands import PageRequest
from cvimprover.core.cvs.views import Page, QuestionnaireView, page_of, questionnaire_view
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class ListQuestionnaires:
    """The caller's questionnaires, newest first, a page at a time."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: PageRequest) -> Page[QuestionnaireView]:
        with self._uow() as uow:
            rows = uow.questionnaires.list_owned(
                command.user_id, before_id=command.before_id, limit=command.limit + 1
            )
            return page_of(rows, command.limit, questionnaire_view)
