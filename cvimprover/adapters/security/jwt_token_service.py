"""Signed JWTs (joserfc, HS256) with every claim checked on decode."""

import functools
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey
from joserfc.jwt import ClaimsOption

from cvimprover.core.errors import AuthenticationFailed
from cvimprover.core.ids import parse_id
from cvimprover.ports.security import AccessClaims, RefreshClaims, SignedToken, TokenService

ALGORITHM = "HS256"
ACCESS, REFRESH = "access", "refresh"
INVALID = "Token is invalid or expired."
VERIFIED_ACCESS_TOKENS = 4096


class JwtTokenService(TokenService):
    """Access and refresh tokens, each kind signed with its own key derived from one secret.

    A refresh token therefore never verifies as an access token, even before its `typ`
    claim is looked at.
    """

    def __init__(
        self,
        secret: bytes,
        *,
        issuer: str,
        audience: str,
        access_lifetime: timedelta,
        refresh_lifetime: timedelta,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if len(secret) < 32:
            raise ValueError("the token secret must have at least 32 bytes")
        self._keys = {kind: OctKey.import_key(_derive(secret, kind)) for kind in (ACCESS, REFRESH)}
        self._lifetimes = {ACCESS: access_lifetime, REFRESH: refresh_lifetime}
        self._issuer = issuer
        self._audience = audience
        self._registries = {kind: self._registry(kind) for kind in (ACCESS, REFRESH)}
        self._wall_clock = wall_clock
        # A client sends the same access token with every request for its whole life:
        # verify it once, then only check that it has not expired since.
        self._verified_access = functools.lru_cache(maxsize=VERIFIED_ACCESS_TOKENS)(
            self._verify_access
        )

    def issue_access(self, claims: AccessClaims, now: datetime) -> SignedToken:
        return self._issue(ACCESS, {"sub": str(claims.user_id), "sv": claims.session_version}, now)

    def issue_refresh(self, claims: RefreshClaims, now: datetime) -> SignedToken:
        payload = {
            "sub": str(claims.user_id),
            "sv": claims.session_version,
            "jti": claims.jti,
            "fam": claims.family_id,
        }
        return self._issue(REFRESH, payload, now)

    def decode_access(self, token: str) -> AccessClaims:
        claims, expires_at = self._verified_access(token)
        if expires_at <= self._wall_clock():
            raise AuthenticationFailed(INVALID)
        return claims

    def _verify_access(self, token: str) -> tuple[AccessClaims, float]:
        claims = self._decode(ACCESS, token)
        return AccessClaims(claims["sub"], claims["sv"]), float(claims["exp"])

    def decode_refresh(self, token: str) -> RefreshClaims:
        claims = self._decode(REFRESH, token)
        return RefreshClaims(claims["sub"], claims["sv"], claims["jti"], claims["fam"])

    def _issue(self, kind: str, payload: dict[str, Any], now: datetime) -> SignedToken:
        expires_at = now + self._lifetimes[kind]
        payload |= {
            "iss": self._issuer,
            "aud": self._audience,
            "iat": int(now.timestamp()),
            "exp": int(expires_at.timestamp()),
            "typ": kind,
        }
        payload.setdefault("jti", secrets.token_urlsafe(12))
        value = jwt.encode({"alg": ALGORITHM, "typ": "JWT"}, payload, self._keys[kind])
        return SignedToken(value, expires_at)

    def _registry(self, kind: str) -> jwt.JWTClaimsRegistry:
        """Every claim this kind must carry, with the values it must have; the time
        claims are checked against the clock at each validation."""
        required: ClaimsOption = {"essential": True}
        options: dict[str, ClaimsOption] = {
            "iss": {"essential": True, "value": self._issuer},
            "aud": {"essential": True, "value": self._audience},
            "typ": {"essential": True, "value": kind},
        }
        names = ["exp", "iat", "sub", "sv", "jti"] + (["fam"] if kind == REFRESH else [])
        options |= dict.fromkeys(names, required)
        return jwt.JWTClaimsRegistry(**options)  # type: ignore[arg-type]

    def _decode(self, kind: str, token: str) -> dict[str, Any]:
        """The token's claims, with `sub` read as the user's id (one the database can
        hold: a signed subject past its range is as invalid as a forged one)."""
        try:
            decoded = jwt.decode(token, self._keys[kind], algorithms=[ALGORITHM])
            self._registries[kind].validate(decoded.claims)
            read = {"sub": parse_id(decoded.claims["sub"]), "sv": int(decoded.claims["sv"])}
        except (JoseError, ValueError, TypeError, KeyError):  # InvalidId is a ValueError
            raise AuthenticationFailed(INVALID) from None
        return decoded.claims | read


def _derive(secret: bytes, kind: str) -> bytes:
    return hmac.new(secret, f"cvimprover-{kind}-token".encode(), hashlib.sha256).digest()
