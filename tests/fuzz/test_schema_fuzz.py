"""Schemathesis tests every operation of the served OpenAPI document with all of its checks,
in all of its phases (the edges of every constraint, then random data), with valid and
invalid data: none may get a 5xx, a valid request must be accepted and an invalid one
refused, and every answer must match what the document declares."""

import os
import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
import schemathesis
from falcon import testing
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure
from schemathesis.engine import events, from_schema
from schemathesis.openapi.checks import RejectedPositiveData

from cvimprover.container import Container
from tests.fuzz.business_refusals import is_business_refusal
from tests.http.helpers import bearer, sign_up

OPERATIONS = [
    ("GET", "/"),
    ("GET", "/schema/"),
    ("GET", "/core/health/"),
    ("GET", "/core/health/live/"),
    ("GET", "/core/health/ready/"),
    ("GET", "/metrics"),
    ("GET", "/auth/csrf-token/"),
    ("POST", "/auth/registration/"),
    ("POST", "/auth/registration/verify-email/"),
    ("POST", "/auth/registration/resend-email/"),
    ("POST", "/auth/login/"),
    ("POST", "/auth/logout/"),
    ("POST", "/auth/token/refresh/"),
    ("GET", "/auth/user/"),
    ("PUT", "/auth/user/"),
    ("PATCH", "/auth/user/"),
    ("POST", "/auth/password/reset/"),
    ("POST", "/auth/password/reset/confirm/"),
    ("POST", "/auth/password/change/"),
    ("GET", "/auth/pages/verify-email/"),
    ("POST", "/auth/pages/verify-email/"),
    ("GET", "/auth/pages/password-reset/"),
    ("POST", "/auth/pages/password-reset/"),
    ("GET", "/cv/questionnaire/"),
    ("POST", "/cv/questionnaire/"),
    ("GET", "/cv/questionnaire/{questionnaire_id}/"),
    ("PUT", "/cv/questionnaire/{questionnaire_id}/"),
    ("PATCH", "/cv/questionnaire/{questionnaire_id}/"),
    ("DELETE", "/cv/questionnaire/{questionnaire_id}/"),
    ("GET", "/cv/questionnaire/{questionnaire_id}/resume/"),
    ("GET", "/cv/questionnaire/{questionnaire_id}/structured-cv/"),
    ("PUT", "/cv/questionnaire/{questionnaire_id}/structured-cv/"),
    ("GET", "/cv/ai-responses/"),
    ("POST", "/cv/ai-responses/"),
    ("GET", "/cv/ai-responses/{response_id}/"),
    ("PATCH", "/cv/ai-responses/{response_id}/"),
    ("POST", "/cv/ai-responses/{response_id}/generate-pdf/"),
    ("GET", "/cv/ai-responses/{response_id}/pdfs/{pdf_id}/"),
    ("DELETE", "/auth/user/"),
    ("GET", "/auth/user/export/"),
    ("POST", "/auth/social/login/google/"),
    ("GET", "/core/plans/"),
    ("GET", "/core/rate-limits/status/"),
    ("POST", "/core/payments/create-checkout-session/"),
    ("GET", "/core/payments/verify-session/"),
    ("POST", "/core/billing/portal/"),
    ("POST", "/core/payments/webhook/{provider}/"),
    ("GET", "/core/payments/sandbox/checkout/"),
    ("GET", "/core/payments/sandbox/portal/"),
]

RUN = {
    # the same requests on every run; FUZZ_SEED=<n> explores others
    "seed": int(os.environ.get("FUZZ_SEED", "14")),
    "generation": {"max-examples": 40, "deterministic": True, "database": "none"},
    "checks": {
        # a chunked body (no Content-Length) is refused before it is read, whatever it holds
        "negative_data_rejection": {
            "expected-statuses": [
                *("400", "401", "403", "404", "405", "406", "409", "411", "415"),
                *("422", "428", "429", "5xx"),
            ]
        }
    },
    # Error feedback reads a 422's problem+json as naming a field `errors` and sends it in
    # "valid" bodies, which the document forbids: findings of schemathesis's own making.
    "phases": {"fuzzing": {"error-feedback": {"enabled": False}}},
    "cache": {"enabled": False},
    "output": {"sanitization": {"enabled": False}},
}


class _Handler(WSGIRequestHandler):
    """wsgiref's handler, quiet (the app logs every request) and, as gunicorn, giving no
    content type to a request that names none (wsgiref says text/plain)."""

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        if self.headers.get("Content-Type") is None:
            environ.pop("CONTENT_TYPE", None)
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(client: testing.TestClient) -> Iterator[str]:
    """The app over HTTP on a free loopback port: schemathesis's in-process (WSGI)
    transport cannot run its `ignored_auth` check."""
    server: WSGIServer = make_server("127.0.0.1", 0, client.app, handler_class=_Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_server_does_what_its_document_says(
    client: testing.TestClient, served: str, container: Container, method: str, path: str
) -> None:
    fuzzer = sign_up(client)
    # the most generous plan: its quotas are not what is tested here
    container.admin.change_plan().execute(fuzzer["user"]["username"], "Premium")
    config = SchemathesisConfig.from_dict(RUN | {"headers": bearer(fuzzer["access"])})
    schema = schemathesis.openapi.from_url(f"{served}/schema/", config=config)
    schema = schema.include(name=f"{method} {path}")

    @schema.hook
    def filter_failure(context: Any, failure: Failure, case: Any, response: Any) -> bool:
        forgivable = isinstance(failure, RejectedPositiveData)
        return not (forgivable and is_business_refusal(case.operation.label, response))

    found, answered = findings(schema)
    assert not found, f"{len(found)} findings:\n\n" + "\n\n".join(found)
    assert answered >= 5  # the operation was tested (one without parameters has few cases)


def findings(schema: Any) -> tuple[list[str], int]:
    """What one engine run found, one text per distinct failure (as schemathesis counts
    them) with the request that shows it, and how many requests were answered."""
    found: dict[tuple[str, str], str] = {}
    answered = 0
    for event in from_schema(schema).execute():
        if isinstance(event, events.FatalError | events.NonFatalError):
            found[("error", str(event))] = f"error: {event.info.format()}"
        if not isinstance(event, events.ScenarioFinished):
            continue
        answered += sum(1 for i in event.recorder.interactions.values() if i.response)
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                failure: Failure = check.failure_info.failure
                key = (type(failure).__name__, failure._unique_key)
                answer = event.recorder.interactions.get(case_id)
                found.setdefault(key, _describe(failure, check.failure_info.code_sample, answer))
    return list(found.values()), answered


def _describe(failure: Failure, request: str, interaction: Any) -> str:
    text = f"{failure.code} {failure.title}\n{failure.message}\n{request}"
    if interaction is not None and interaction.response is not None:
        response = interaction.response
        text += f"\n-> {response.status_code} {(response.content or b'')[:600]!r}"
    return text


def test_the_fuzzed_operations_are_every_operation(client) -> None:
    document = client.simulate_get("/schema/").json
    declared = {(m.upper(), p) for p, item in document["paths"].items() for m in item}
    assert declared == set(OPERATIONS)
