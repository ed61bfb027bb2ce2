"""What a person is told when the AI provider they would have had was unavailable and
another one wrote their improvement."""

PROVIDER_NAMES = {
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "openai-compatible": "the OpenAI-compatible model server",
    "local": "the offline improver",
}
WHAT_IT_IS = {"local": ", which uses no AI model"}
MAX_NOTICE = 1000


def failover_notice(unavailable: list[tuple[str, str]], answered_by: str) -> str | None:
    """A notice naming the providers that gave up (with their reasons) and the one that
    answered; None when the first provider answered."""
    if not unavailable:
        return None
    names = [_name(provider) for provider, _ in unavailable]
    who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "was" if len(names) == 1 else "were"
    by = _name(answered_by) + WHAT_IT_IS.get(answered_by, "")
    reasons = " ".join(f"{_capitalised(_name(p))}: {reason}." for p, reason in unavailable)
    notice = f"{_capitalised(who)} {verb} unavailable; this CV was improved by {by}. {reasons}"
    return notice[:MAX_NOTICE]


def _name(provider: str) -> str:
    return PROVIDER_NAMES.get(provider, provider)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
