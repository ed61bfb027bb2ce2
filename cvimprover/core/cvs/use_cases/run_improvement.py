import logging
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from cvimprover.core.billing.quotas import QuotaScope
from cvimprover.core.billing.usage import Quotas
from cvimprover.core.cvs.answers import with_contact
from cvimprover.core.cvs.failover import failover_notice
from cvimprover.core.cvs.gaps import split_gaps, unique
from cvimprover.core.cvs.model import (
    IMPROVE_CV,
    MAX_JOB_ATTEMPTS,
    AIResponse,
    Improvement,
    JobStatus,
)
from cvimprover.core.cvs.prompt import PreparedImprovement, build_request
from cvimprover.core.jobs.leases import HeldLeases, Lease
from cvimprover.ports.clock import Clock
from cvimprover.ports.llm import CVImprover, LLMUnavailable
from cvimprover.ports.phones import PhoneNumberFinder
from cvimprover.ports.unit_of_work import UnitOfWorkFactory

log = logging.getLogger(__name__)
NO_CV = "The answer held no CV, only what it lacks for the job."


class RunImprovement:
    """A worker runs one improvement job.

    - a finished job, or one another worker holds (its lease not run out), is left alone,
      so a redelivered message never produces a second result;
    - the job is held under a lease from its claim to its outcome, which the worker's
      heartbeat renews while it runs;
    - no improver sees the person's name or contact details; the answer is put under
      them again, and any other phone number or e-mail address in it is replaced by the
      person's own (or dropped);
    - the configured improvers are tried in order: each retries its own vendor's passing
      failures, and when one gives up the next is tried;
    - when a later improver answers because earlier ones gave up, the job says so in its
      `notice`, naming who was unavailable, why, and who improved the CV;
    - an answer's gaps (its "Gaps to address" section) are kept apart from its CV: the
      CV goes to employers, the gaps are advice for its owner; an answer that is all
      gaps and no CV is a failure of its improver;
    - when every improver fails, the job fails with each one's reason;
    - the result is written only if this worker still holds the job;
    - a job that ends failed gives its AI improvement back to the day it was asked on.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        improvers: list[CVImprover],
        clock: Clock,
        *,
        leases: HeldLeases,
        phones: PhoneNumberFinder,
        max_output_tokens: int = 4000,
        quotas: Quotas | None = None,
    ) -> None:
        self._quotas = quotas
        self._uow = uow
        self._improvers = improvers
        self._clock = clock
        self._leases = leases
        self._phones = phones
        self._max_output_tokens = max_output_tokens

    def execute(self, job_id: int) -> None:
        claim = self._claim(job_id)
        if claim is None:
            return
        lease, request = claim
        with self._leases.holding(lease):
            self._run(job_id, lease.attempt, request)

    def _run(self, job_id: int, attempt: int, prepared: PreparedImprovement) -> None:
        unavailable: list[tuple[str, str]] = []
        for improver in self._improvers:
            try:
                result = _cv_apart_from_gaps(improver.improve(prepared.request))
            except LLMUnavailable as error:
                log.warning("improver failed over", extra={"provider": error.provider})
                unavailable.append((error.provider, error.reason))
                continue
            markdown = with_contact(result.markdown, prepared.contact, prepared.phones)
            notice = failover_notice(unavailable, result.provider)
            outcome = partial(_succeed, result=replace(result, markdown=markdown), notice=notice)
            self._finish(job_id, attempt, outcome)
            return
        reasons = " ".join(f"{provider}: {reason}" for provider, reason in unavailable)
        self._finish(
            job_id, attempt, lambda job: _fail(job, f"Every AI provider failed. {reasons}")
        )

    def _claim(self, job_id: int) -> tuple[Lease, PreparedImprovement] | None:
        now = self._clock.now()
        with self._uow() as uow:
            job = uow.ai_responses.get_for_update(job_id)
            if job is None or job.is_finished:
                return None
            if job.status is JobStatus.RUNNING and job.next_attempt_at > now:
                return None
            questionnaire = uow.questionnaires.get_owned(job.questionnaire_id, job.user_id)
            cv_text = questionnaire.resume_text if questionnaire else None
            refusal = _refusal(job, cv_text)
            if refusal is not None or questionnaire is None or cv_text is None:
                _fail(job, refusal or "The questionnaire was removed.")
                job.finished_at = now
                uow.commit()
                self._give_back(job)
                return None
            job.status, job.started_at = JobStatus.RUNNING, now
            job.attempts += 1
            job.next_attempt_at = self._leases.expiry(now)
            request = build_request(
                questionnaire.target,
                cv_text,
                job.prompt,
                phones=self._phones,
                max_output_tokens=self._max_output_tokens,
            )
            lease = Lease(IMPROVE_CV, job_id, job.attempts, since=now)
            uow.commit()
        return lease, request

    def _finish(self, job_id: int, attempt: int, outcome: Callable[[AIResponse], None]) -> None:
        with self._uow() as uow:
            job = uow.ai_responses.get_for_update(job_id)
            if job is None or not _held(job, attempt):
                return  # another worker took the job over after our lease ran out
            outcome(job)
            job.finished_at = self._clock.now()
            uow.commit()
        if job.status is JobStatus.FAILED:
            self._give_back(job)

    def _give_back(self, job: AIResponse) -> None:
        if self._quotas is not None:
            self._quotas.give_back(job.user_id, QuotaScope.AI_RESPONSES, job.created_at)


def _held(job: AIResponse, attempt: int) -> bool:
    """Whether the job still runs the attempt this worker started."""
    return job.status is JobStatus.RUNNING and job.attempts == attempt


def _refusal(job: AIResponse, cv_text: str | None) -> str | None:
    if job.attempts >= MAX_JOB_ATTEMPTS:
        return "The job was interrupted too many times; please request it again."
    if not cv_text:
        return "The questionnaire or its CV was removed."
    return None


def _cv_apart_from_gaps(result: Improvement) -> Improvement:
    markdown, gaps = split_gaps(result.markdown)
    if not markdown.strip():
        raise LLMUnavailable(result.provider, NO_CV)
    return replace(result, markdown=markdown, gaps=tuple(unique([*result.gaps, *gaps])))


def _succeed(job: AIResponse, result: Improvement, notice: str | None) -> None:
    job.status, job.response_text, job.error = JobStatus.SUCCEEDED, result.markdown, None
    job.gaps = list(result.gaps)
    job.provider, job.model, job.notice = result.provider, result.model, notice
    job.input_tokens, job.output_tokens = result.usage.input_tokens, result.usage.output_tokens


def _fail(job: AIResponse, reason: str) -> None:
    job.status, job.error = JobStatus.FAILED, reason[:2000]
