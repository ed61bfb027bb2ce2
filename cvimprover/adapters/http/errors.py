"""Every error leaves as RFC 9457 problem+json (as an HTML page on the few pages for
people); one table maps domain errors to statuses."""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import falcon
import orjson
import structlog

from cvimprover.adapters.http.pages import is_page, problem_html, write_page
from cvimprover.core import errors as domain

log = structlog.get_logger(__name__)

PROBLEM_JSON = "application/problem+json"

STATUS_OF: dict[type[domain.DomainError], int] = {
    domain.NotFound: 404,
    domain.Conflict: 409,
    domain.PermissionDenied: 403,
    domain.AuthenticationFailed: 401,
    domain.InvalidInput: 422,
    domain.TooManyAttempts: 429,
    domain.DependencyUnavailable: 503,
    domain.InvalidSignature: 400,
}


class Problem(falcon.HTTPError):
    """An HTTP error that may carry field errors, and extra headers."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: Mapping[str, list[str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(status, description=detail, headers=dict(headers or {}))
        self.errors = dict(errors or {})
        self.extensions = dict(extensions or {})
        """Extension members of the problem (RFC 9457 section 3.2), such as a quota's limit."""


def problem_from_domain_error(error: domain.DomainError) -> Problem:
    status = next(code for kind, code in STATUS_OF.items() if isinstance(error, kind))
    headers: dict[str, str] = {}
    if isinstance(error, domain.TooManyAttempts | domain.DependencyUnavailable):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, domain.AuthenticationFailed):
        headers["WWW-Authenticate"] = 'Bearer realm="cvimprover"'
    extensions = error.details if isinstance(error, domain.QuotaExceeded) else None
    return Problem(
        status, error.detail, errors=error.errors, headers=headers, extensions=extensions
    )


def handle_domain_error(
    req: falcon.Request, resp: falcon.Response, error: domain.DomainError, params: Any
) -> None:
    raise problem_from_domain_error(error)


def handle_unexpected(
    req: falcon.Request, resp: falcon.Response, error: Exception, params: Any
) -> None:
    log.exception("unhandled error", path=req.path, method=req.method)
    raise Problem(500, "Something went wrong on our side. It was logged; please try again.")


def serialize_problem(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError) -> None:
    status = error.status_code
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _phrase(status),
        "status": status,
        "detail": error.description or _DEFAULT_DETAILS.get(status) or _phrase(status),
        "instance": req.path,
        "request_id": getattr(req.context, "request_id", None),
    }
    errors = getattr(error, "errors", None)
    if errors:
        body["errors"] = errors
    for name, value in getattr(error, "extensions", {}).items():
        body.setdefault(name, value)
    if is_page(req):  # a person reads it in a browser, from a page mails link to
        write_page(resp, problem_html(body["detail"], errors or {}))
        return
    resp.content_type = PROBLEM_JSON
    resp.data = orjson.dumps(body)
    resp.append_header("Vary", "Accept")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def field_errors(pydantic_errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Pydantic's error list as `{field: [messages]}`; errors about the whole body go
    under `non_field_errors`, as the original API had them."""
    result: dict[str, list[str]] = {}
    for error in pydantic_errors:
        location = [str(part) for part in error.get("loc", ()) if part != "body"]
        name = ".".join(location) or "non_field_errors"
        result.setdefault(name, []).append(_message(error))
    return result


def _message(error: dict[str, Any]) -> str:
    """Words for people, never the name of one of our classes (pydantic's "a valid
    dictionary or instance of LoginIn")."""
    kind, context = error.get("type", ""), error.get("ctx") or {}
    if kind == "value_error" and "error" in context:
        return str(context["error"])  # our own validators' words, unprefixed
    if kind in _OBJECT_EXPECTED:
        return "Must be a JSON object."
    if kind == "string_too_short" and context.get("min_length") == 1:
        return "This field may not be blank."
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", "Invalid value."))
    return template.format(**context)


_OBJECT_EXPECTED = {"model_type", "model_attributes_type", "dict_type", "dataclass_type"}

_MESSAGES = {
    "missing": "This field is required.",
    "extra_forbidden": "This field is not allowed.",
    "string_type": "Not a valid string.",
    "string_too_short": "Use at least {min_length} characters.",
    "string_too_long": "Use at most {max_length} characters.",
    "string_pattern_mismatch": "Not in the expected form.",
    "literal_error": "Choose one of {expected}.",
}


_DEFAULT_DETAILS = {
    400: "The request could not be understood.",
    404: "Nothing lives at this path.",
    405: "This path does not accept that method; the Allow header lists those it does.",
    413: "The request body is too large.",
    415: "Send the body as application/json.",
}
