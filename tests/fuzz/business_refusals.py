"""Requests the document allows and the server refuses by a business rule that no schema
can state: it depends on state (a token no mail carried, a plan's prices), on a checker
(a password easy to guess, a throw-away e-mail domain, a PDF without text), on the clock
(a date of birth not yet past) or on HTML removal (a position that is only markup).

Each entry is one operation's refusal: its status and, per field its problem may name,
words every message about it holds ("" for any; each of the password checker's reasons,
and "didn't match", names the password). Only a refusal that names nothing else is
forgiven, and only as a `positive_data_acceptance` finding."""

import re
from typing import Any

PASSWORDS = {"new_password1": "password", "new_password2": "password"}
RESET = {"uid": "Invalid", "token": "Invalid", **PASSWORDS}

REFUSALS: dict[str, tuple[int, dict[str, str]]] = {
    "POST /auth/registration/": (
        422,
        # an example sent again (the run repeats some) finds its own earlier account
        {
            "email": "",
            "username": "already exists",
            "password1": "password",
            "password2": "password",
        },
    ),
    "POST /auth/registration/verify-email/": (422, {"key": "Invalid, used or expired"}),
    "POST /auth/pages/verify-email/": (422, {"key": "Invalid, used or expired"}),
    "POST /auth/password/reset/confirm/": (422, RESET),
    "POST /auth/pages/password-reset/": (422, RESET),
    "POST /auth/password/change/": (
        422,
        {"old_password": "entered incorrectly", **PASSWORDS},
    ),
    "PUT /auth/user/": (422, {"email": "", "date_of_birth": "must lie in the past"}),
    "PATCH /auth/user/": (422, {"email": "", "date_of_birth": "must lie in the past"}),
    "GET /cv/questionnaire/": (400, {"cursor": "Invalid cursor"}),
    "GET /cv/ai-responses/": (400, {"cursor": "Invalid cursor"}),
    "POST /cv/ai-responses/": (422, {"prompt": "Write between 10 and 5000 characters"}),
    "POST /core/payments/create-checkout-session/": (422, {"billing": "cannot be bought"}),
    "POST /core/billing/portal/": (422, {}),  # no subscription to manage yet
}
_QUESTIONNAIRE = (
    422,
    {"resume": "", "position": "may not be blank", "industry": "may not be blank"},
)
for _operation in ("POST /cv/questionnaire/", "PUT /cv/questionnaire/{questionnaire_id}/"):
    REFUSALS[_operation] = _QUESTIONNAIRE
REFUSALS["PATCH /cv/questionnaire/{questionnaire_id}/"] = _QUESTIONNAIRE


def is_business_refusal(operation: str, response: Any) -> bool:
    """Whether `response` is exactly one of `operation`'s refusals above."""
    status, allowed = REFUSALS.get(operation, (None, {}))
    if response.status_code != status:
        return False
    named = _reasons(response)
    if not allowed:
        return not named
    return bool(named) and all(
        field in allowed and all(allowed[field] in reason for reason in reasons)
        for field, reasons in named.items()
    )


def _reasons(response: Any) -> dict[str, list[str]]:
    if response.headers.get("content-type", [""])[0].startswith("text/html"):
        found: dict[str, list[str]] = {}
        for field, reason in re.findall(r"<li>(\w+): ([^<]*)</li>", response.text):
            found.setdefault(field, []).append(reason)  # a page for people
        return found
    return dict((response.json() or {}).get("errors") or {})
