"""Google ID tokens (Sign in with Google) checked against Google's published keys."""

import time
from collections.abc import Callable
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwt import ClaimsOption

from cvimprover.adapters.security.published_keys import PublishedKeys
from cvimprover.core.errors import AuthenticationFailed, NotFound
from cvimprover.ports.identity import IdentityVerifier, VerifiedIdentity

ALGORITHM = "RS256"
ISSUERS = ["accounts.google.com", "https://accounts.google.com"]
INVALID = "The Google ID token is invalid or expired."
LEEWAY_SECONDS = 30
"""Clock skew tolerated between Google and us."""


class GoogleIdTokenVerifier(IdentityVerifier):
    """An ID token counts only when it is RS256-signed by one of Google's published keys
    (chosen by the token's `kid`), issued by Google, meant for our client id (`aud`),
    and within its lifetime (`exp`, `iat`). Every other algorithm, `none` and HMAC
    included, is refused before any key is looked at.

    Without a client id, sign-in with Google is off: `NotFound`, a 404 that says so
    (not a 5xx: nothing is down, and retrying will not help).
    """

    def __init__(
        self,
        client_id: str | None,
        keys: PublishedKeys,
        *,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._client_id = client_id
        self._keys = keys
        self._wall_clock = wall_clock

    def verify(self, token: str) -> VerifiedIdentity:
        if not self._client_id:
            raise NotFound("Sign-in with Google is not enabled on this server.")
        claims = self._verified_claims(token, self._client_id)
        email = claims.get("email")
        return VerifiedIdentity(
            subject=str(claims["sub"]),
            email=email if isinstance(email, str) and email else None,
            email_verified=claims.get("email_verified") in (True, "true"),
            given_name=str(claims.get("given_name") or ""),
            family_name=str(claims.get("family_name") or ""),
        )

    def _verified_claims(self, token: str, client_id: str) -> dict[str, Any]:
        try:
            header = jws.extract_compact(token.encode()).headers()
            kid = header.get("kid")
            if header.get("alg") != ALGORITHM or not isinstance(kid, str):
                raise AuthenticationFailed(INVALID)
            key = self._keys.get(kid)
            if key is None:
                raise AuthenticationFailed(INVALID)
            decoded = jwt.decode(token, key, algorithms=[ALGORITHM])
            self._registry(client_id).validate(decoded.claims)
        except (JoseError, ValueError, TypeError, UnicodeError):
            raise AuthenticationFailed(INVALID) from None
        return decoded.claims

    def _registry(self, client_id: str) -> jwt.JWTClaimsRegistry:
        required: ClaimsOption = {"essential": True}
        return jwt.JWTClaimsRegistry(
            now=lambda: int(self._wall_clock()),
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "values": ISSUERS},
            aud={"essential": True, "value": client_id},
            exp=required,
            iat=required,
            sub=required,
        )
