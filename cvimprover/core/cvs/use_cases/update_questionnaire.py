from contextlib import nullcontext
from typing import Any

from cvimprover.core.billing.quotas import QuotaScope
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.cvs.commands import QuestionnaireChanges
from cvimprover.core.cvs.rules import ResumeIntake, checked_fields
from cvimprover.core.cvs.views import QuestionnaireView, questionnaire_view
from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class UpdateQuestionnaire:
    """Changes a questionnaire (all fields with `replace`, as PUT does); a new CV replaces
    the old file, which is deleted once the change is saved. A new CV takes one of the
    plan's uploads per day, given back if the change is not saved."""

    def __init__(
        self, uow: UnitOfWorkFactory, resumes: ResumeIntake, quotas: Quotas | None = None
    ) -> None:
        self._uow = uow
        self._resumes = resumes
        self._quotas = quotas

    def execute(self, command: QuestionnaireChanges) -> QuestionnaireView:
        values = checked_fields(command.fields, complete=command.replace)
        uploading = command.resume is not None and self._quotas is not None
        quota = (
            self._quotas.held(command.user_id, QuotaScope.UPLOADS)
            if uploading and self._quotas is not None
            else nullcontext()
        )
        with quota:
            return self._update(command, values)

    def _update(self, command: QuestionnaireChanges, values: dict[str, Any]) -> QuestionnaireView:
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
