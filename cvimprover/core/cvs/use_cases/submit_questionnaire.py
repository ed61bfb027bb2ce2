from typing import Any

from cvimprover.core.billing.quotas import QuotaScope
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.cvs.commands import NewQuestionnaire
from cvimprover.core.cvs.model import Questionnaire
from cvimprover.core.cvs.rules import ResumeIntake, checked_fields
from cvimprover.core.cvs.views import QuestionnaireView, questionnaire_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class SubmitQuestionnaire:
    """Records the job a person wants, with their CV when they upload one.

    - the fields follow `checked_fields`; the CV must be a readable PDF with text in it;
    - the uploaded file is kept unchanged; if the record cannot be saved, the file goes too;
    - it takes one of the plan's questionnaires per day, and with a CV one of its uploads
      per day, before the CV is read; both are given back if the questionnaire is not saved.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        resumes: ResumeIntake,
        clock: Clock,
        quotas: Quotas | None = None,
    ) -> None:
        self._uow = uow
        self._resumes = resumes
        self._clock = clock
        self._quotas = quotas

    def execute(self, command: NewQuestionnaire) -> QuestionnaireView:
        values = checked_fields(command.fields, complete=True)
        if self._quotas is None:
            return self._submit(command, values)
        scopes = [QuotaScope.QUESTIONNAIRES]
        if command.resume is not None:
            scopes.append(QuotaScope.UPLOADS)
        with self._quotas.held(command.user_id, *scopes):
            return self._submit(command, values)

    def _submit(self, command: NewQuestionnaire, values: dict[str, Any]) -> QuestionnaireView:
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
