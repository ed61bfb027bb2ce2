from cvimprover.core.cvs.commands import Owned
from cvimprover.core.cvs.views import QuestionnaireView, questionnaire_view
from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class GetQuestionnaire:
    """One of the caller's questionnaires; anybody else's is not found."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: Owned) -> QuestionnaireView:
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.item_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            return questionnaire_view(questionnaire)
