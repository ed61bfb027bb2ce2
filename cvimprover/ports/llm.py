"""Improving a CV with a language model (or without one)."""

from typing import Protocol

from cvimprover.core.cvs.model import Improvement, ImprovementRequest


class LLMUnavailable(Exception):
    """The vendor failed after its own retries (rate limit, 5xx, timeout, empty or cut-off
    answer); `reason` is a sentence a person can act on. The next provider may be tried."""

    def __init__(self, provider: str, reason: str) -> None:
        super().__init__(f"{provider}: {reason}")
        self.provider = provider
        self.reason = reason


class CVImprover(Protocol):
    """Produces an improved CV in Markdown for the request, or raises `LLMUnavailable`."""

    name: str

    def improve(self, request: ImprovementRequest) -> Improvement: ...
