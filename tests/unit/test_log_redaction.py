"""No password, token, key or CV text reaches a log line, however it was logged."""

import io
import json
import logging

import pytest
import structlog

from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.adapters.observability.redaction import REDACTED, redact

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwiZXhwIjoxfQ.c2lnbmF0dXJlLWJ5dGVz"


def test_sensitive_keys_are_redacted_at_any_depth() -> None:
    line = redact(
        None,
        "info",
        {
            "event": "login",
            "password": "hunter2",
            "new_password1": "hunter3",
            "refresh": JWT,
            "Authorization": "Bearer abc",
            "request": {"headers": {"Cookie": "access-token=x"}, "api_key": "sk_live_x"},
            "items": [{"resume_text": "Jane Doe, 10 years of Python"}],
            "edit": {"edited_text": "# Jane Doe"},
            "user_id": 7,
        },
    )
    assert line["password"] == line["new_password1"] == line["refresh"] == REDACTED
    assert line["Authorization"] == REDACTED
    assert line["request"] == {"headers": {"Cookie": REDACTED}, "api_key": REDACTED}
    assert line["items"] == [{"resume_text": REDACTED}]
    assert line["edit"] == {"edited_text": REDACTED}
    assert line["user_id"] == 7
    assert line["event"] == "login"


def test_tokens_and_keys_inside_messages_are_redacted_by_their_shape() -> None:
    line = redact(
        None,
        "warning",
        {
            "event": f"vendor refused Bearer abc.def-ghi and token {JWT}",
            "error": "bad key sk_live_4eC39HqLyjWDarjtT1zdp7dc in request",
        },
    )
    assert line["event"] == f"vendor refused {REDACTED} and token {REDACTED}"
    assert line["error"] == f"bad key {REDACTED} in request"


@pytest.fixture
def captured_logs():
    configure_logging("INFO")
    stream = io.StringIO()
    handler = logging.getLogger().handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    yield stream
    structlog.contextvars.clear_contextvars()
    configure_logging("INFO")


def test_json_lines_from_structlog_and_the_standard_library_are_redacted(captured_logs) -> None:
    structlog.contextvars.bind_contextvars(request_id="req-42")
    structlog.get_logger("test").info("signed in", password="hunter2", token=JWT, user_id=3)
    logging.getLogger("vendor.sdk").warning("retrying with Authorization: Bearer %s", JWT)
    lines = [json.loads(line) for line in captured_logs.getvalue().splitlines()]
    assert lines[0]["password"] == lines[0]["token"] == REDACTED
    assert lines[0]["user_id"] == 3
    assert lines[0]["request_id"] == lines[1]["request_id"] == "req-42"
    assert "hunter2" not in captured_logs.getvalue()
    assert JWT not in captured_logs.getvalue()
