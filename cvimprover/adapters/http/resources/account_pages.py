"""The pages account mails link to when no frontend handles them (FRONTEND_URL unset):
/auth/pages/verify-email/?key=... and /auth/pages/password-reset/?uid=...&token=...

Opening a link changes nothing: mail scanners and link previews fetch links before
people do, and a GET that spent the key would leave the person a dead link. The page
shows a form whose button posts the key back to it; only that post confirms.
"""

from typing import TypeVar
from urllib.parse import parse_qsl

import falcon
from pydantic import BaseModel, Field, ValidationError
from spectree import Response

from cvimprover.adapters.http.errors import Problem, field_errors
from cvimprover.adapters.http.openapi import (
    api,
    document_html_form,
    document_request_body,
    refuse_invalid_page_request,
)
from cvimprover.adapters.http.pages import as_page, form, paragraph, password_input, send_page
from cvimprover.adapters.http.resources.verification import CredentialEndpoints
from cvimprover.adapters.http.schemas import PasswordResetConfirmIn, VerifyEmailIn
from cvimprover.core.users.commands import EmailVerification, ResetConfirmation

TAGS = ["auth"]
VERIFY_EMAIL_PAGE = "/auth/pages/verify-email/"
PASSWORD_RESET_PAGE = "/auth/pages/password-reset/"  # noqa: S105 (a path)
FORM = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 16 * 1024
"""A page's form holds a few short fields; anything longer is not ours."""
REFUSALS = {"HTTP_400": None, "HTTP_413": None, "HTTP_415": None, "HTTP_422": None}

for _page in (VERIFY_EMAIL_PAGE, PASSWORD_RESET_PAGE):
    document_html_form(_page, "get")
    document_html_form(_page, "post")
document_request_body(VERIFY_EMAIL_PAGE, "post", {FORM: VerifyEmailIn})
document_request_body(PASSWORD_RESET_PAGE, "post", {FORM: PasswordResetConfirmIn})


class KeyQuery(BaseModel):
    key: str = Field(min_length=1, max_length=256)


class ResetLinkQuery(BaseModel):
    uid: str = Field(min_length=1, max_length=64)
    token: str = Field(min_length=1, max_length=256)


class VerifyEmailPage:
    for_people = True

    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=KeyQuery,
        resp=Response(HTTP_200=None, HTTP_422=None),
        tags=TAGS,
        security={},
        before=refuse_invalid_page_request,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: KeyQuery) -> None:
        """The page the verification mail links to: a button that confirms the address
        (opening the page confirms nothing)."""
        lead = paragraph("Confirm that this e-mail address is yours.")
        send_page(resp, "Confirm your e-mail address", lead + form({"key": query.key}, "Confirm"))

    @api.validate(
        resp=Response(HTTP_200=None, HTTP_404=None, **REFUSALS),
        tags=TAGS,
        security={},
        before=refuse_invalid_page_request,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Confirm the address with the key the page's form posts."""
        posted = posted_form(req, VerifyEmailIn)
        self._deps.verify_email.execute(EmailVerification(posted.key))
        done = paragraph("Thank you: your e-mail address is confirmed. You may close this page.")
        send_page(resp, "E-mail address confirmed", done)


class PasswordResetPage:
    for_people = True

    def __init__(self, deps: CredentialEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=ResetLinkQuery,
        resp=Response(HTTP_200=None, HTTP_422=None),
        tags=TAGS,
        security={},
        before=refuse_invalid_page_request,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: ResetLinkQuery) -> None:
        """The page the reset mail links to: a form for the new password (opening the
        page changes nothing)."""
        inputs = password_input("new_password1", "New password") + password_input(
            "new_password2", "The new password again"
        )
        chooser = form({"uid": query.uid, "token": query.token}, "Set the password", inputs)
        send_page(resp, "Choose a new password", chooser)

    @api.validate(
        resp=Response(HTTP_200=None, **REFUSALS),
        tags=TAGS,
        security={},
        before=refuse_invalid_page_request,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Set the new password with the uid and token the page's form posts; every
        session ends."""
        posted = posted_form(req, PasswordResetConfirmIn)
        self._deps.confirm_reset.execute(
            ResetConfirmation(posted.uid, posted.token, posted.new_password1, posted.new_password2)
        )
        done = paragraph("Your password has been changed: log in with it. You may close this page.")
        send_page(resp, "Password changed", done)


Form = TypeVar("Form", bound=BaseModel)


def posted_form(req: falcon.Request, model: type[Form]) -> Form:
    """The page's form as `model` has it: 415 for another kind of body, 413 for one far
    too long, 400 for one that does not parse, 422 naming the fields that are wrong."""
    as_page(req)
    media_type = (req.content_type or "").partition(";")[0].strip().lower()
    if media_type != FORM:
        raise Problem(415, f"Send the page's form, as {FORM}.")
    raw = req.bounded_stream.read(MAX_FORM_BYTES + 1)
    if len(raw) > MAX_FORM_BYTES:
        raise Problem(413, f"The form is larger than {MAX_FORM_BYTES} bytes.")
    try:
        fields = dict(parse_qsl(raw.decode(), max_num_fields=16))
    except (UnicodeDecodeError, ValueError):
        raise Problem(400, "The form could not be read.") from None
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = field_errors([dict(detail) for detail in error.errors()])
        raise Problem(422, "The form has invalid fields.", errors=problems) from None
