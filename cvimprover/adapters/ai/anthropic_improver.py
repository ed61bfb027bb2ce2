import anthropic
from anthropic.types import Message, TextBlock

from cvimprover.adapters.ai import vendor_failures as failures
from cvimprover.core.cvs.model import Improvement, ImprovementRequest, TokenUsage
from cvimprover.ports.llm import CVImprover, LLMUnavailable

CUT_OFF = frozenset({"max_tokens", "model_context_window_exceeded"})


class AnthropicImprover(CVImprover):
    """Claude through the Messages API. The SDK itself retries 429 (honouring
    retry-after), 5xx, 529 and timeouts, `max_retries` times, with backoff."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str,
        base_url: str | None = None,
        timeout: float,
        max_retries: int,
    ) -> None:
        if not api_key:
            raise ValueError("Anthropic needs an API key")
        self.name = "anthropic"
        self._model = model
        self._timeout = timeout
        self._attempts = max_retries + 1
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    def improve(self, request: ImprovementRequest) -> Improvement:
        try:
            message = self._client.messages.create(
                model=self._model,
                max_tokens=request.max_output_tokens,
                system=request.instructions,
                messages=[{"role": "user", "content": request.prompt}],
            )
        except anthropic.APITimeoutError as error:
            raise self._unavailable(failures.timed_out(self._timeout, self._attempts)) from error
        except anthropic.APIConnectionError as error:
            raise self._unavailable(failures.unreachable(self._attempts)) from error
        except anthropic.APIStatusError as error:
            reason = failures.status_reason(error.status_code, self._attempts, error.message)
            raise self._unavailable(reason) from error
        except anthropic.AnthropicError as error:
            raise self._unavailable(f"the Anthropic client failed: {error}") from error
        return self._improvement(message, request.max_output_tokens)

    def _improvement(self, message: Message, limit: int) -> Improvement:
        if message.stop_reason in CUT_OFF:
            raise self._unavailable(failures.cut_off(limit))
        if message.stop_reason == "refusal":
            raise self._unavailable(failures.DECLINED)
        texts = (block.text for block in message.content if isinstance(block, TextBlock))
        markdown = "".join(texts).strip()
        if not markdown:
            raise self._unavailable(failures.EMPTY_ANSWER)
        return Improvement(
            markdown=markdown,
            provider=self.name,
            model=message.model or self._model,
            usage=TokenUsage(message.usage.input_tokens, message.usage.output_tokens),
        )

    def _unavailable(self, reason: str) -> LLMUnavailable:
        return LLMUnavailable(self.name, reason)
