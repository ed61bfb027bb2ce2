"""Sign in with Google: /auth/social/login/google/"""

from dataclasses import dataclass

import falcon
from pydantic import Field
from spectree import Response

from cvimprover.adapters.http.auth import CookiePolicy
from cvimprover.adapters.http.bodies import Body, Omittable
from cvimprover.adapters.http.openapi import api
from cvimprover.adapters.http.presenters import auth_json
from cvimprover.adapters.http.schemas import AuthOut
from cvimprover.core.users.commands import SocialLogin
from cvimprover.core.users.use_cases.sign_in_with_google import SignInWithGoogle
from cvimprover.ports.clock import Clock

TAGS = ["auth"]


class GoogleLoginIn(Body):
    """The original's social login body; only ID tokens are accepted."""

    needs_one_of = ("id_token", "access_token")
    needs_one_of_message = "Send the ID token from Google as id_token."

    id_token: Omittable[str] = Field(
        None, max_length=8192, description="The ID token (credential) from Google Identity."
    )
    access_token: Omittable[str] = Field(
        None,
        max_length=8192,
        description="Accepted for the original's clients when it holds the ID token.",
    )
    code: str | None = Field(
        None, max_length=2048, description="Not supported: send the ID token instead."
    )


@dataclass(frozen=True)
class SocialEndpoints:
    sign_in_with_google: SignInWithGoogle
    cookies: CookiePolicy
    clock: Clock


class GoogleLoginResource:
    def __init__(self, deps: SocialEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(
            HTTP_200=AuthOut,
            HTTP_401=None,
            HTTP_403=None,
            HTTP_404=None,
            HTTP_409=None,
            HTTP_422=None,
            HTTP_503=None,
        ),
        tags=TAGS,
        security={},
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: GoogleLoginIn) -> None:
        """Sign in with a Google ID token; the account is made on first use. Answers
        like a password login: tokens (also as HttpOnly cookies) and the user."""
        token = json.id_token or json.access_token or ""
        result = self._deps.sign_in_with_google.execute(SocialLogin(token))
        self._deps.cookies.set_tokens(resp, result.tokens, self._deps.clock.now())
        resp.media = auth_json(result)
