"""AI vendors, jobs and requests are counted through the Telemetry port."""

from dataclasses import dataclass, field

import pytest

from cvimprover.adapters.observability.metered_improver import metered
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    Improvement,
    ImprovementRequest,
    JobTarget,
    TokenUsage,
)
from cvimprover.ports.llm import LLMUnavailable
from cvimprover.ports.telemetry import NoTelemetry
from cvimprover.workers.main import _metered


@dataclass
class RecordingTelemetry(NoTelemetry):
    calls: list[tuple] = field(default_factory=list)
    failovers: list[str] = field(default_factory=list)
    jobs: list[tuple[str, str]] = field(default_factory=list)

    def ai_called(self, vendor, outcome, seconds, input_tokens, output_tokens) -> None:
        assert seconds >= 0
        self.calls.append((vendor, outcome, input_tokens, output_tokens))

    def ai_failed_over(self, vendor: str) -> None:
        self.failovers.append(vendor)

    def job_handled(self, kind: str, outcome: str, seconds: float) -> None:
        self.jobs.append((kind, outcome))


class Vendor:
    def __init__(self, name: str, *, fails: bool) -> None:
        self.name = name
        self._fails = fails

    def improve(self, request: ImprovementRequest) -> Improvement:
        if self._fails:
            raise LLMUnavailable(self.name, "rate limited")
        return Improvement("# CV", self.name, "model-1", TokenUsage(120, 80))


REQUEST = ImprovementRequest(
    instructions="improve",
    prompt="the CV",
    cv_text="the CV",
    target=JobTarget(
        position="Backend Engineer",
        industry="FinTech",
        experience_level=ExperienceLevel.SENIOR,
        company_size=CompanySize.STARTUP,
        application_timeline=ApplicationTimeline.IMMEDIATE,
        job_description="Python",
    ),
    user_request="",
)


def run_in_order(improvers) -> Improvement:
    """What RunImprovement does: each improver in turn until one answers."""
    for improver in improvers:
        try:
            return improver.improve(REQUEST)
        except LLMUnavailable:
            continue
    raise AssertionError("every improver failed")


def test_a_vendor_that_fails_before_another_counts_as_a_failover() -> None:
    telemetry = RecordingTelemetry()
    improvers = metered([Vendor("openai", fails=True), Vendor("anthropic", fails=False)], telemetry)
    result = run_in_order(improvers)
    assert result.provider == "anthropic"
    assert [i.name for i in improvers] == ["openai", "anthropic"]
    assert telemetry.calls == [("openai", "failed", 0, 0), ("anthropic", "succeeded", 120, 80)]
    assert telemetry.failovers == ["openai"]


def test_the_last_vendor_failing_is_no_failover() -> None:
    telemetry = RecordingTelemetry()
    (only,) = metered([Vendor("local", fails=True)], telemetry)
    with pytest.raises(LLMUnavailable):
        only.improve(REQUEST)
    assert telemetry.calls == [("local", "failed", 0, 0)]
    assert telemetry.failovers == []


def test_a_job_is_counted_done_or_crashed_by_its_kind() -> None:
    telemetry = RecordingTelemetry()

    handled: list[int] = []

    def crash(job_id: int) -> None:
        raise RuntimeError("boom")

    _metered("improve_cv", handled.append, telemetry)(1)
    assert handled == [1]
    with pytest.raises(RuntimeError):
        _metered("render_pdf", crash, telemetry)(2)
    assert telemetry.jobs == [("improve_cv", "done"), ("render_pdf", "crashed")]
