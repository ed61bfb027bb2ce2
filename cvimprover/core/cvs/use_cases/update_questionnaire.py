from cvimprover.core.cvs.commands import QuestionnaireChanges
from cvimprover.core.cvs.rules import ResumeIntake, checked_fields
from cvimprover.core.cvs.views import QuestionnaireView, questionnaire_view
from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class UpdateQuestionnaire:
    """Changes a questionnaire (all fields with `replace`, as PUT does); a new CV replaces
    the old file, which is deleted once the change is saved."""

    def __init__(self, uow: UnitOfWorkFactory, resumes: ResumeIntake) -> None:
        self._uow = uow
        self._resumes = resumes

    def execute(self, command: QuestionnaireChanges) -> QuestionnaireView:
        values = checked_fields(command.fields, complete=command.replace)
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.questionnaire_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.")
            for name, value in values.items():
                setattr(questionnaire, name, value)
            replaced = None
            if command.resume is not None:
                replaced = self._resumes.accept(questionnaire, command.resume)
            try:
                uow.commit()
            except BaseException:
                if command.resume is not None:
                    self._resumes.forget(questionnaire.resume_key)
                raise
            view = questionnaire_view(questionnaire)
        self._resumes.forget(replaced)
        return view
