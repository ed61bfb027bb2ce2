"""Keeps secrets and personal text out of the logs, whoever logs them.

A log line is read by more people, for longer, than the data it describes: passwords,
tokens, keys, cookies and CV text are replaced by a marker before the line is written,
by the key they are logged under and, for tokens pasted into messages, by their shape.
"""

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

REDACTED = "[redacted]"
SENSITIVE_PARTS = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "credential",
    "signature",
    "private_key",
    "session_id",
    "resume",
    "cv_text",
)
SENSITIVE_KEYS = frozenset(
    {
        "access",
        "refresh",
        "key",
        "jwt",
        "csrf",
        "prompt",
        "markdown",
        "response_text",
        "edited_text",
    }
)
_IN_TEXT = (
    re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"),  # a JWT
    re.compile(r"\b(?:sk|rk|pk|whsec|pdl_[a-z]+)_[A-Za-z0-9_]{12,}"),  # vendor API keys
)
_DEPTH = 5


def is_sensitive(key: str) -> bool:
    name = key.lower().replace("-", "_")
    return name in SENSITIVE_KEYS or any(part in name for part in SENSITIVE_PARTS)


def redact(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A structlog processor: every sensitive value of the line, at any depth."""
    for key, value in list(event.items()):
        event[key] = REDACTED if is_sensitive(key) else _clean(value, _DEPTH)
    return event


def _clean(value: Any, depth: int) -> Any:
    if isinstance(value, str):
        return _scrub(value)
    if depth <= 0:
        return value
    if isinstance(value, Mapping):
        return {
            k: REDACTED if is_sensitive(str(k)) else _clean(v, depth - 1) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_clean(item, depth - 1) for item in value]
    return value


def _scrub(text: str) -> str:
    for pattern in _IN_TEXT:
        text = pattern.sub(REDACTED, text)
    return text
