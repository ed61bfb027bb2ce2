"""Sign-up, login, tokens and logout: /auth/..."""

from dataclasses import dataclass

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import CookiePolicy, new_csrf_token, refresh_token_of
from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.openapi import api, document_optional_body
from cvimprover.adapters.http.presenters import auth_json, tokens_json
from cvimprover.adapters.http.schemas import (
    AuthOut,
    CsrfOut,
    Detail,
    LoginIn,
    RefreshIn,
    RegistrationIn,
    TokensOut,
)
from cvimprover.core.users.commands import Credentials, LogoutRequest, NewAccount, RefreshRequest
from cvimprover.core.users.use_cases.log_in import LogIn
from cvimprover.core.users.use_cases.log_out import LogOut
from cvimprover.core.users.use_cases.refresh_tokens import RefreshTokens
from cvimprover.core.users.use_cases.register_user import RegisterUser
from cvimprover.ports.clock import Clock

TAGS = ["auth"]
document_optional_body("/auth/token/refresh/", "post")  # the refresh token is in the cookie
document_optional_body("/auth/logout/", "post")


@dataclass(frozen=True)
class SessionEndpoints:
    register: RegisterUser
    log_in: LogIn
    refresh: RefreshTokens
    log_out: LogOut
    cookies: CookiePolicy
    clock: Clock


class RegistrationResource:
    def __init__(self, deps: SessionEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_201=AuthOut, HTTP_409=None, HTTP_422=None), tags=TAGS, security={}
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: RegistrationIn) -> None:
        """Sign up; answers with tokens (also set as HttpOnly cookies) and the user."""
        result = self._deps.register.execute(NewAccount(**json.model_dump()))
        self._deps.cookies.set_tokens(resp, result.tokens, self._deps.clock.now())
        resp.status = falcon.HTTP_201
        resp.media = auth_json(result)


class LoginResource:
    def __init__(self, deps: SessionEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=AuthOut, HTTP_401=None, HTTP_403=None, HTTP_422=None, HTTP_429=None),
        tags=TAGS,
        security={},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: LoginIn) -> None:
        """Log in with a username or e-mail and a password."""
        login = json.username or json.email or ""
        credentials = Credentials(login, json.password, req.remote_addr or "unknown")
        result = self._deps.log_in.execute(credentials)
        self._deps.cookies.set_tokens(resp, result.tokens, self._deps.clock.now())
        resp.media = auth_json(result)


class TokenRefreshResource:
    def __init__(self, deps: SessionEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=TokensOut, HTTP_401=None), tags=TAGS, security={})
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: RefreshIn) -> None:
        """Rotate the refresh token (from the body, or else the cookie); a reused one
        revokes its whole family."""
        token = refresh_token_of(req, json.refresh)
        if not token:
            raise Problem(401, "Send the refresh token.", errors={"refresh": ["Required."]})
        tokens = self._deps.refresh.execute(RefreshRequest(token))
        self._deps.cookies.set_tokens(resp, tokens, self._deps.clock.now())
        resp.media = tokens_json(tokens)


class LogoutResource:
    def __init__(self, deps: SessionEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=Detail), tags=TAGS, security={})
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: RefreshIn) -> None:
        """Revoke the refresh token's family and clear the auth cookies."""
        self._deps.log_out.execute(LogoutRequest(refresh_token_of(req, json.refresh)))
        self._deps.cookies.clear_tokens(resp)
        resp.media = {"detail": "Successfully logged out."}


class CsrfTokenResource:
    def __init__(self, cookies: CookiePolicy) -> None:
        self._cookies = cookies

    @api.validate(resp=Response(HTTP_200=CsrfOut), tags=TAGS, security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Set the `csrftoken` cookie that cookie-mode clients echo in `X-CSRFToken`."""
        token = req.cookies.get("csrftoken") or new_csrf_token()
        self._cookies.set_csrf(resp, token)
        resp.cache_control = ["no-store"]
        resp.media = {"csrfToken": token}
