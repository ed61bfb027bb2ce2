from cvimprover.core.cvs.commands import Owned
from cvimprover.core.cvs.rules import ResumeIntake
from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class DeleteQuestionnaire:
    """Deletes a questionnaire, its improvements, its CV file and the PDFs rendered of
    its improvements (files after the rows, as the account's deletion does)."""

    def __init__(self, uow: UnitOfWorkFactory, resumes: ResumeIntake) -> None:
        self._uow = uow
        self._resumes = resumes

    def execute(self, command: Owned) -> None:
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.item_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            keys = [questionnaire.resume_key, *uow.pdf_renders.file_keys_under(command.item_id)]
            uow.questionnaires.delete(questionnaire)
            uow.commit()
        for key in keys:
            self._resumes.forget(key)
