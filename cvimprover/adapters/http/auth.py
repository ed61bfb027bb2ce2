"""Who is calling: bearer tokens or HttpOnly cookies, with CSRF protection for cookies."""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import falcon

from cvimprover.adapters.http.errors import Problem
from cvimprover.core.users.commands import AccessCheck
from cvimprover.core.users.model import Principal, TokenPair
from cvimprover.core.users.use_cases.authenticate import Authenticate

ACCESS_COOKIE, REFRESH_COOKIE, CSRF_COOKIE = "access-token", "refresh-token", "csrftoken"
CSRF_HEADER = "X-CSRFToken"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class CookiePolicy:
    secure: bool
    same_site: str

    def set_tokens(self, resp: falcon.Response, tokens: TokenPair, now: datetime) -> None:
        self._set(resp, ACCESS_COOKIE, tokens.access, tokens.access_expiration, now)
        self._set(resp, REFRESH_COOKIE, tokens.refresh, tokens.refresh_expiration, now)

    def clear_tokens(self, resp: falcon.Response) -> None:
        for name in (ACCESS_COOKIE, REFRESH_COOKIE):
            resp.unset_cookie(name, path="/", same_site=self.same_site)

    def set_csrf(self, resp: falcon.Response, value: str) -> None:
        # Readable by the frontend's script on purpose: it echoes it in X-CSRFToken.
        resp.set_cookie(
            CSRF_COOKIE,
            value,
            max_age=365 * 24 * 3600,
            secure=self.secure,
            http_only=False,
            same_site=self.same_site,
            path="/",
        )

    def _set(
        self, resp: falcon.Response, name: str, value: str, expires: datetime, now: datetime
    ) -> None:
        resp.set_cookie(
            name,
            value,
            max_age=max(0, int((expires - now).total_seconds())),
            secure=self.secure,
            http_only=True,
            same_site=self.same_site,
            path="/",
        )


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def require_csrf(req: falcon.Request) -> None:
    """Double-submit check for a request that rides on auth cookies: an unsafe method must
    echo the `csrftoken` cookie in the `X-CSRFToken` header. Bearer requests carry no
    ambient credentials and need no check."""
    if req.method in SAFE_METHODS:
        return
    cookie = req.cookies.get(CSRF_COOKIE, "")
    header = req.get_header(CSRF_HEADER) or ""
    if not cookie or not hmac.compare_digest(cookie.encode(), header.encode()):
        raise Problem(
            403,
            "CSRF check failed: send the csrftoken cookie's value in the X-CSRFToken header "
            "(GET /auth/csrf-token/ sets the cookie).",
        )


def refresh_token_of(req: falcon.Request, given: str | None) -> str | None:
    """The refresh token from the body, or else from its cookie (CSRF-checked)."""
    if given:
        return given
    cookie: str | None = req.cookies.get(REFRESH_COOKIE)
    if cookie:
        require_csrf(req)
    return cookie


class Authentication:
    """Resolves the caller for resources that declare `auth_required = True`, and for
    those that declare `auth_optional = True` when the request carries credentials."""

    def __init__(self, authenticate: Authenticate) -> None:
        self._authenticate = authenticate

    def process_resource(
        self, req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
    ) -> None:
        required = getattr(resource, "auth_required", False)
        optional = getattr(resource, "auth_optional", False) and _has_credentials(req)
        if resource is None or not (required or optional):
            return
        if req.method == "OPTIONS":
            return
        req.context.principal = self._authenticate.execute(AccessCheck(_access_token(req)))


def _has_credentials(req: falcon.Request) -> bool:
    return bool(req.get_header("Authorization") or req.cookies.get(ACCESS_COOKIE))


def _access_token(req: falcon.Request) -> str:
    header = req.get_header("Authorization")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthenticated("Use the header 'Authorization: Bearer <access token>'.")
        return token.strip()
    cookie: str | None = req.cookies.get(ACCESS_COOKIE)
    if not cookie:
        raise _unauthenticated("Authentication credentials were not provided.")
    require_csrf(req)
    return cookie


def _unauthenticated(detail: str) -> Problem:
    return Problem(401, detail, headers={"WWW-Authenticate": 'Bearer realm="cvimprover"'})


def principal_of(req: falcon.Request) -> Principal:
    principal: Principal = req.context.principal
    return principal
