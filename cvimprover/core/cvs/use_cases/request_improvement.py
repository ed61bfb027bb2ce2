import logging
from contextlib import AbstractContextManager, nullcontext

from cvimprover.core.billing.quotas import QuotaScope
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.cvs.commands import NewImprovement
from cvimprover.core.cvs.model import IMPROVE_CV, AIResponse
from cvimprover.core.cvs.views import ImprovementView, improvement_view
from cvimprover.core.errors import DependencyUnavailable, InvalidInput, NotFound
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.ports.clock import Clock
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)


class RequestImprovement:
    """Accepts an improvement job for one of the caller's questionnaires.

    - the questionnaire must have a CV with text: no job ever runs on an empty CV;
    - the prompt is 10-5000 characters;
    - the job is saved first, then queued; a broker that is down loses nothing (the
      sweeper queues it once its lease runs out);
    - an accepted job takes one of the plan's AI improvements per day (given back if the
      job is not saved, and by the worker if the job fails).
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        tasks: TaskQueue,
        clock: Clock,
        *,
        terms: LeaseTerms,
        quotas: Quotas | None = None,
    ) -> None:
        self._uow = uow
        self._terms = terms
        self._tasks = tasks
        self._clock = clock
        self._quotas = quotas

    def _quota(self, user_id: int) -> AbstractContextManager[None]:
        if self._quotas is None:
            return nullcontext()
        return self._quotas.held(user_id, QuotaScope.AI_RESPONSES)

    def execute(self, command: NewImprovement) -> ImprovementView:
        prompt = command.prompt.strip()
        if not 10 <= len(prompt) <= 5000:
            message = "Write between 10 and 5000 characters."
            raise InvalidInput(message, errors={"prompt": [message]})
        with self._quota(command.user_id):
            job = self._save(command, prompt)
        assert job.id is not None
        try:
            self._tasks.enqueue(IMPROVE_CV, job.id)
        except DependencyUnavailable:
            log.warning("broker down; the sweeper will queue job %s", job.id)
        return improvement_view(job)

    def _save(self, command: NewImprovement, prompt: str) -> AIResponse:
        now = self._clock.now()
        with self._uow() as uow:
            questionnaire = uow.questionnaires.get_owned(command.questionnaire_id, command.user_id)
            if questionnaire is None:
                raise NotFound("No such questionnaire.", errors={"questionnaire": ["Not found."]})
            if not questionnaire.resume_text:
                message = "Upload your CV as a PDF to this questionnaire first."
                raise InvalidInput(message, errors={"questionnaire": [message]})
            job = AIResponse(
                user_id=command.user_id,
                questionnaire_id=command.questionnaire_id,
                prompt=prompt,
                created_at=now,
                next_attempt_at=now + self._terms.queued,
            )
            uow.ai_responses.add(job)
            uow.commit()
        return job
