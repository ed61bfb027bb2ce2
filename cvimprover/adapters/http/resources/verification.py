"""E-mail verification and password recovery: /auth/registration/... and /auth/password/..."""

from dataclasses import dataclass

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import CookiePolicy, principal_of
from cvimprover.adapters.http.openapi import AUTHENTICATED, api
from cvimprover.adapters.http.presenters import auth_json
from cvimprover.adapters.http.schemas import (
    Detail,
    EmailIn,
    PasswordChangeIn,
    PasswordChangeOut,
    PasswordResetConfirmIn,
    VerifyEmailIn,
)
from cvimprover.core.users.commands import (
    EmailVerification,
    PasswordChange,
    ResetConfirmation,
    ResetRequest,
    VerificationResend,
)
from cvimprover.core.users.use_cases.change_password import ChangePassword
from cvimprover.core.users.use_cases.confirm_password_reset import ConfirmPasswordReset
from cvimprover.core.users.use_cases.request_password_reset import RequestPasswordReset
from cvimprover.core.users.use_cases.resend_verification_email import ResendVerificationEmail
from cvimprover.core.users.use_cases.verify_email import VerifyEmail
from cvimprover.ports.clock import Clock

TAGS = ["auth"]


@dataclass(frozen=True)
class CredentialEndpoints:
    verify_email: VerifyEmail
    resend_verification: ResendVerificationEmail
    change_password: ChangePassword
    request_reset: RequestPasswordReset
    confirm_reset: ConfirmPasswordReset
    cookies: CookiePolicy
    clock: Clock


class VerifyEmailResource:
    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=Detail, HTTP_422=None), tags=TAGS, security={})
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: VerifyEmailIn) -> None:
        """Confirm the e-mail address with the key from the verification mail."""
        self._deps.verify_email.execute(EmailVerification(json.key))
        resp.media = {"detail": "ok"}


class ResendEmailResource:
    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=Detail), tags=TAGS, security={})
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: EmailIn) -> None:
        """Send a new verification mail (same answer whether or not the address is known)."""
        self._deps.resend_verification.execute(VerificationResend(json.email))
        resp.media = {"detail": "ok"}


class PasswordChangeResource:
    auth_required = True

    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=PasswordChangeOut, HTTP_401=None, HTTP_422=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: PasswordChangeIn) -> None:
        """Change the password; every other session ends, this caller gets new tokens."""
        change = PasswordChange(
            principal_of(req).user_id, json.old_password, json.new_password1, json.new_password2
        )
        result = self._deps.change_password.execute(change)
        self._deps.cookies.set_tokens(resp, result.tokens, self._deps.clock.now())
        resp.media = auth_json(result) | {"detail": "New password has been saved."}


class PasswordResetResource:
    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=Detail), tags=TAGS, security={})
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: EmailIn) -> None:
        """Mail a reset link; the answer never tells whether the address has an account."""
        self._deps.request_reset.execute(ResetRequest(json.email))
        resp.media = {"detail": "Password reset e-mail has been sent."}


class PasswordResetConfirmResource:
    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=Detail, HTTP_422=None), tags=TAGS, security={})
    def on_post(
        self, req: falcon.Request, resp: falcon.Response, json: PasswordResetConfirmIn
    ) -> None:
        """Set a new password with the uid and token from the reset mail."""
        self._deps.confirm_reset.execute(
            ResetConfirmation(json.uid, json.token, json.new_password1, json.new_password2)
        )
        resp.media = {"detail": "Password has been reset with the new password."}
