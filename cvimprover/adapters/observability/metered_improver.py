"""Counts each AI vendor's calls, time, tokens and failovers, around any improver."""

import time
from collections.abc import Sequence

from cvimprover.core.cvs.model import Improvement, ImprovementRequest
from cvimprover.ports.llm import CVImprover, LLMUnavailable
from cvimprover.ports.telemetry import Telemetry


class MeteredImprover(CVImprover):
    """The same improver, measured. A vendor that gives up counts as a failover when
    another improver comes after it in the configured order."""

    def __init__(self, inner: CVImprover, telemetry: Telemetry, *, has_fallback: bool) -> None:
        self.name = inner.name
        self._inner = inner
        self._telemetry = telemetry
        self._has_fallback = has_fallback

    def improve(self, request: ImprovementRequest) -> Improvement:
        started = time.perf_counter()
        try:
            result = self._inner.improve(request)
        except LLMUnavailable:
            self._telemetry.ai_called(self.name, "failed", time.perf_counter() - started, 0, 0)
            if self._has_fallback:
                self._telemetry.ai_failed_over(self.name)
            raise
        usage = result.usage
        self._telemetry.ai_called(
            self.name,
            "succeeded",
            time.perf_counter() - started,
            usage.input_tokens,
            usage.output_tokens,
        )
        return result


def metered(improvers: Sequence[CVImprover], telemetry: Telemetry) -> list[CVImprover]:
    """The improvers in their failover order, each measured."""
    last = len(improvers) - 1
    return [
        MeteredImprover(improver, telemetry, has_fallback=index < last)
        for index, improver in enumerate(improvers)
    ]
