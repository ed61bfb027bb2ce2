import openai
from openai.types.chat import ChatCompletion

from cvimprover.adapters.ai import vendor_failures as failures
from cvimprover.core.cvs.model import Improvement, ImprovementRequest, TokenUsage
from cvimprover.ports.llm import CVImprover, LLMUnavailable

# The SDK refuses to start without a key; OpenAI-compatible servers ignore it. Passing
# our own placeholder also keeps the SDK from sending OPENAI_API_KEY to such a server.
NO_KEY_NEEDED = "not-needed"
OPENAI = "openai"


class OpenAIImprover(CVImprover):
    """Chat completions on OpenAI or, when named otherwise ("openai-compatible"), on a
    compatible server at `base_url` (Ollama, vLLM, LM Studio), which needs no API key.
    The SDK itself retries 429 (honouring retry-after), 5xx and timeouts, `max_retries`
    times, with backoff."""

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float,
        max_retries: int,
        name: str = OPENAI,
    ) -> None:
        if not api_key and base_url is None:
            raise ValueError("OpenAI needs an API key; only a compatible base_url may go without")
        self.name = name
        self._model = model
        self._timeout = timeout
        self._attempts = max_retries + 1
        # OpenAI's API, even through a gateway's base_url, wants max_completion_tokens (its
        # reasoning models refuse max_tokens); compatible servers have long known max_tokens.
        self._compatible = name != OPENAI
        self._client = openai.OpenAI(
            api_key=api_key or NO_KEY_NEEDED,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
        )

    def improve(self, request: ImprovementRequest) -> Improvement:
        try:
            completion = self._complete(request)
        except openai.APITimeoutError as error:
            raise self._unavailable(failures.timed_out(self._timeout, self._attempts)) from error
        except openai.APIConnectionError as error:
            raise self._unavailable(failures.unreachable(self._attempts)) from error
        except openai.APIStatusError as error:
            reason = failures.status_reason(error.status_code, self._attempts, error.message)
            raise self._unavailable(reason) from error
        except openai.OpenAIError as error:
            raise self._unavailable(f"the OpenAI client failed: {error}") from error
        return self._improvement(completion, request.max_output_tokens)

    def _complete(self, request: ImprovementRequest) -> ChatCompletion:
        limit = request.max_output_tokens
        return self._client.chat.completions.create(
            model=self._model,
            messages=[
                {"role": "system", "content": request.instructions},
                {"role": "user", "content": request.prompt},
            ],
            max_tokens=limit if self._compatible else openai.omit,
            max_completion_tokens=openai.omit if self._compatible else limit,
        )

    def _improvement(self, completion: ChatCompletion, limit: int) -> Improvement:
        choice = completion.choices[0] if completion.choices else None
        if choice is not None and choice.finish_reason == "length":
            raise self._unavailable(failures.cut_off(limit))
        if choice is not None and choice.finish_reason == "content_filter":
            raise self._unavailable(failures.DECLINED)
        markdown = (choice.message.content or "").strip() if choice is not None else ""
        if not markdown:
            raise self._unavailable(failures.EMPTY_ANSWER)
        usage = completion.usage
        return Improvement(
            markdown=markdown,
            provider=self.name,
            model=completion.model or self._model,
            usage=TokenUsage(usage.prompt_tokens, usage.completion_tokens)
            if usage is not None
            else TokenUsage(0, 0),
        )

    def _unavailable(self, reason: str) -> LLMUnavailable:
        return LLMUnavailable(self.name, reason)
