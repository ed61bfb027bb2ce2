"""A stand-in for Google's key server and the ID tokens Google signs, with the test's own
RSA keys: tokens are real RS256 JWTs, served keys are a real JWKS over HTTP."""

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

CLIENT_ID = "1234567890-test.apps.googleusercontent.com"
CERTS_PATH = "/oauth2/v3/certs"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class GoogleKeyServer:
    """Serves `published` keys at CERTS_PATH with `max_age`; counts the fetches."""

    def __init__(self, httpserver: HTTPServer, *, max_age: int = 3600) -> None:
        self.keys = {kid: RSAKey.generate_key(2048, private=True) for kid in ("k1", "k2")}
        self.published = ["k1"]
        self.max_age = max_age
        self.fetches = 0
        self.url = httpserver.url_for(CERTS_PATH)
        httpserver.expect_request(CERTS_PATH, method="GET").respond_with_handler(self._serve)

    def _serve(self, request: Request) -> Response:
        self.fetches += 1
        keys = [
            {**self.keys[kid].as_dict(private=False), "kid": kid, "use": "sig", "alg": "RS256"}
            for kid in self.published
        ]
        return Response(
            json.dumps({"keys": keys}),
            content_type="application/json",
            headers={"Cache-Control": f"public, max-age={self.max_age}, must-revalidate"},
        )

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": "https://accounts.google.com",
            "azp": CLIENT_ID,
            "aud": CLIENT_ID,
            "sub": "110169484474386276334",
            "email": "jane.doe@gmail.com",
            "email_verified": True,
            "given_name": "Jane",
            "family_name": "Doe",
            "iat": now,
            "exp": now + 3600,
        }
        claims.update(overrides)
        return {name: value for name, value in claims.items() if value is not None}

    def id_token(self, *, kid: str = "k1", key: RSAKey | None = None, **overrides: Any) -> str:
        """A token signed with key `kid` (or another `key` claiming to be it)."""
        header = {"alg": "RS256", "kid": kid, "typ": "JWT"}
        return jwt.encode(header, self.claims(**overrides), key or self.keys[kid])

    def hs256_with_public_key(self, kid: str = "k1") -> str:
        """The algorithm-confusion attack: HMAC keyed with the public key's PEM."""
        secret = self.keys[kid].as_pem(private=False)
        signing_input = ".".join(
            _b64(json.dumps(part).encode())
            for part in ({"alg": "HS256", "kid": kid, "typ": "JWT"}, self.claims())
        )
        signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(signature)}"

    def unsigned(self, kid: str = "k1") -> str:
        """`alg: none`, no signature."""
        parts = ({"alg": "none", "kid": kid, "typ": "JWT"}, self.claims())
        return ".".join(_b64(json.dumps(part).encode()) for part in parts) + "."
