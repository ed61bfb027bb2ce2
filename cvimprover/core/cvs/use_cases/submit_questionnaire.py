from cvimprover.core.cvs.commands import NewQuestionnaire
from cvimprover.core.cvs.model import Questionnaire
from cvimprover.core.cvs.rules import ResumeIntake, checked_fields
from cvimprover.core.cvs.views import QuestionnaireView, questionnaire_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class SubmitQuestionnaire:
    """Records the job a person wants, with their CV when they upload one.

    - the fields follow `checked_fields`; the CV must be a readable PDF with text in it;
    - the uploaded file is kept unchanged; if the record cannot be saved, the file goes too.
    """

    def __init__(self, uow: UnitOfWorkFactory, resumes: ResumeIntake, clock: Clock) -> None:
        self._uow = uow
        self._resumes = resumes
        self._clock = clock

    def execute(self, command: NewQuestionnaire) -> QuestionnaireView:
        values = checked_fields(command.fields, complete=True)
        questionnaire = Questionnaire(
            user_id=command.user_id, submitted_at=self._clock.now(), **values
        )
        if command.resume is not None:
            self._resumes.accept(questionnaire, command.resume)
        try:
            with self._uow() as uow:
                uow.questionnaires.add(questionnaire)
                uow.commit()
        except BaseException:
            self._resumes.forget(questionnaire.resume_key)
            raise
        return questionnaire_view(questionnaire)
