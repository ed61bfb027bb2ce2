"""The signed-in user's own account: /auth/user/"""

from dataclasses import dataclass

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import CookiePolicy, principal_of
from cvimprover.adapters.http.openapi import AUTHENTICATED, api, document_optional_body
from cvimprover.adapters.http.presenters import user_json
from cvimprover.adapters.http.schemas import ProfileIn, ProfileReplacementIn, UserOut
from cvimprover.core.users.commands import AccountDeletion, ProfileChanges, ProfileQuery
from cvimprover.core.users.use_cases.delete_account import DeleteAccount
from cvimprover.core.users.use_cases.get_profile import GetProfile
from cvimprover.core.users.use_cases.update_profile import UpdateProfile

TAGS = ["auth"]
ERRORS = {"HTTP_401": None, "HTTP_409": None, "HTTP_422": None}
document_optional_body("/auth/user/", "patch")  # no body: no change


@dataclass(frozen=True)
class ProfileEndpoints:
    get_profile: GetProfile
    update_profile: UpdateProfile
    delete_account: DeleteAccount
    cookies: CookiePolicy


class UserResource:
    auth_required = True
    cache_reads = True

    def __init__(self, deps: ProfileEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=UserOut, HTTP_401=None), tags=TAGS, security=AUTHENTICATED)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Profile, plan and subscription state."""
        view = self._deps.get_profile.execute(ProfileQuery(principal_of(req).user_id))
        resp.media = user_json(view)

    @api.validate(resp=Response(HTTP_200=UserOut, **ERRORS), tags=TAGS, security=AUTHENTICATED)
    def on_put(
        self, req: falcon.Request, resp: falcon.Response, json: ProfileReplacementIn
    ) -> None:
        """Replace the writable fields (username and email required)."""
        self._update(req, resp, json, replace=True)

    @api.validate(resp=Response(HTTP_200=UserOut, **ERRORS), tags=TAGS, security=AUTHENTICATED)
    def on_patch(self, req: falcon.Request, resp: falcon.Response, json: ProfileIn) -> None:
        """Change some writable fields; plan and subscription fields are read-only."""
        self._update(req, resp, json, replace=False)

    @api.validate(
        resp=Response(HTTP_204=None, HTTP_401=None, HTTP_409=None, HTTP_503=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_delete(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Erase the account and everything it owns, after canceling a paid subscription
        at its gateway (503, and nothing erased, while the gateway cannot be reached)."""
        self._deps.delete_account.execute(AccountDeletion(principal_of(req).user_id))
        self._deps.cookies.clear_tokens(resp)
        resp.status = falcon.HTTP_204

    def _update(
        self, req: falcon.Request, resp: falcon.Response, body: ProfileIn, *, replace: bool
    ) -> None:
        command = ProfileChanges(principal_of(req).user_id, body.changes(), replace=replace)
        resp.media = user_json(self._deps.update_profile.execute(command))
