from datetime import timedelta

import pytest

from cvimprover.core.cvs.commands import NewImprovement, Owned, PageRequest
from cvimprover.core.cvs.model import IMPROVE_CV, JobStatus
from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.core.jobs.leases import LeaseTerms
from tests.unit.cv_bootstrap import CVs
from tests.unit.fakes import ScriptedImprover

TERMS = LeaseTerms()
PROMPT = "Make it shine for a fintech backend role"


@pytest.fixture
def cvs() -> CVs:
    return CVs()


def requested(cvs: CVs, user_id: int = 1) -> int:
    questionnaire_id = cvs.questionnaire(user_id)
    return cvs.request.execute(NewImprovement(user_id, questionnaire_id, PROMPT)).id


def test_a_request_is_saved_queued_and_handed_to_the_workers(cvs: CVs) -> None:
    job_id = requested(cvs)
    assert cvs.tasks.queued == [(IMPROVE_CV, job_id)]
    assert cvs.get_improvement.execute(Owned(1, job_id)).status == "queued"


def test_no_job_runs_on_a_questionnaire_without_a_cv(cvs: CVs) -> None:
    questionnaire_id = cvs.questionnaire(with_cv=False)
    with pytest.raises(InvalidInput) as refused:
        cvs.request.execute(NewImprovement(1, questionnaire_id, PROMPT))
    assert "Upload your CV" in refused.value.errors["questionnaire"][0]
    assert cvs.tasks.queued == []


@pytest.mark.parametrize("prompt", ["too short", "x" * 5001])
def test_a_prompt_must_be_10_to_5000_characters(cvs: CVs, prompt: str) -> None:
    questionnaire_id = cvs.questionnaire()
    with pytest.raises(InvalidInput):
        cvs.request.execute(NewImprovement(1, questionnaire_id, prompt))


def test_someone_elses_questionnaire_cannot_be_improved(cvs: CVs) -> None:
    theirs = cvs.questionnaire(user_id=2)
    with pytest.raises(NotFound):
        cvs.request.execute(NewImprovement(1, theirs, PROMPT))


def test_the_worker_stores_the_first_providers_result(cvs: CVs) -> None:
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert (view.status, view.provider, view.model) == ("succeeded", "openai", "openai-model")
    assert view.response_text == (
        "# Jane Doe\n\njane@example.com\n\n## Summary\n\nImproved by openai.\n"
    )
    assert (view.input_tokens, view.output_tokens) == (10, 20)
    assert view.notice is None


def test_a_vendor_outage_fails_over_to_the_next_provider(cvs: CVs) -> None:
    cvs.improvers[0].fails_with = "rate limited"
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert (view.status, view.provider) == ("succeeded", "local")
    assert view.notice == (
        "OpenAI was unavailable; this CV was improved by the offline improver, which uses no "
        "AI model. OpenAI: rate limited."
    )


def test_every_provider_that_gave_up_is_named_in_the_notice(cvs: CVs) -> None:
    cvs.improvers[:] = [
        ScriptedImprover("anthropic", fails_with="timed out after 60 s"),
        ScriptedImprover("openai-compatible", fails_with="could not connect to the vendor"),
        ScriptedImprover("openai"),
    ]
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    assert cvs.get_improvement.execute(Owned(1, job_id)).notice == (
        "Anthropic and the OpenAI-compatible model server were unavailable; this CV was "
        "improved by OpenAI. Anthropic: timed out after 60 s. The OpenAI-compatible model "
        "server: could not connect to the vendor."
    )


def test_when_every_provider_fails_the_job_fails_with_each_reason(cvs: CVs) -> None:
    cvs.improvers[0].fails_with = "the vendor's server failed"
    cvs.improvers[1].fails_with = "timed out"
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.status == "failed"
    assert "openai: the vendor's server failed" in view.error
    assert "local: timed out" in view.error


def test_the_vendor_sees_no_contact_details_and_the_cv_fenced_as_data(cvs: CVs) -> None:
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    [request] = cvs.improvers[0].requests
    assert "jane@example.com" not in request.prompt
    assert "Jane Doe" not in request.prompt
    assert "<cv>" in request.prompt
    assert "Python developer at Acme" in request.prompt
    assert "never" in request.instructions.lower()


def test_a_phone_number_or_e_mail_the_vendor_invents_becomes_the_persons_own(cvs: CVs) -> None:
    cvs.improvers[0].answer = (
        "# [Your Name]\n\nPhone: +44 20 7946 0000 | candidate@example.org\n\n## Summary\n\n"
        "Python developer at Acme since 04.2016 - 03.2019, budget 12 000 000 GBP."
    )
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    assert cvs.get_improvement.execute(Owned(1, job_id)).response_text == (
        "# Jane Doe\n\njane@example.com\n\n## Summary\n\n"
        "Python developer at Acme since 04.2016 - 03.2019, budget 12 000 000 GBP.\n"
    )


def test_a_redelivered_job_never_produces_a_second_result(cvs: CVs) -> None:
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    cvs.run.execute(job_id)
    assert len(cvs.improvers[0].requests) == 1


def test_a_job_held_by_a_live_worker_is_left_alone(cvs: CVs) -> None:
    job_id = requested(cvs)
    job = cvs.store.state.ai_responses[job_id]
    job.status, job.next_attempt_at = JobStatus.RUNNING, cvs.clock.now() + TERMS.running
    cvs.run.execute(job_id)
    assert cvs.improvers[0].requests == []


def test_a_job_whose_worker_died_is_queued_again_and_finishes_once(cvs: CVs) -> None:
    job_id = requested(cvs)
    job = cvs.store.state.ai_responses[job_id]
    job.status, job.attempts = JobStatus.RUNNING, 1
    job.next_attempt_at = cvs.clock.now() + TERMS.running
    cvs.clock.advance(TERMS.running + timedelta(seconds=1))
    assert cvs.sweep.execute() == 1
    cvs.run.execute(job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.status == "succeeded"
    assert len(cvs.improvers[0].requests) == 1


def test_a_job_accepted_while_the_broker_was_down_is_queued_by_the_sweeper(cvs: CVs) -> None:
    cvs.tasks.broker_down = True
    job_id = requested(cvs)
    cvs.tasks.broker_down = False
    assert cvs.sweep.execute() == 0
    cvs.clock.advance(TERMS.queued)
    assert cvs.sweep.execute() == 1
    assert cvs.tasks.queued == [(IMPROVE_CV, job_id)]


def test_a_job_interrupted_too_often_fails_with_a_reason(cvs: CVs) -> None:
    job_id = requested(cvs)
    cvs.store.state.ai_responses[job_id].attempts = 3
    cvs.run.execute(job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.status == "failed"
    assert "interrupted" in view.error


def test_improvements_are_listed_newest_first_for_their_owner_only(cvs: CVs) -> None:
    first, second = requested(cvs), requested(cvs)
    requested(cvs, user_id=2)
    page = cvs.list_improvements.execute(PageRequest(1))
    assert [item.id for item in page.items] == [second, first]


def test_a_failing_improver_is_reported_by_name(cvs: CVs) -> None:
    cvs.improvers[:] = [ScriptedImprover("anthropic", fails_with="the API key was refused")]
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    assert (
        "anthropic: the API key was refused" in cvs.get_improvement.execute(Owned(1, job_id)).error
    )


def test_the_configured_output_limit_reaches_the_vendor() -> None:
    cvs = CVs(max_output_tokens=1234)
    job_id = requested(cvs)
    cvs.run.execute(job_id)
    assert cvs.improvers[0].requests[0].max_output_tokens == 1234
