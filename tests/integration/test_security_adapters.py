"""Token signing, password hashing and the password and e-mail rules, for real."""

import hashlib
import hmac
import time
from datetime import UTC, datetime, timedelta

import pytest
from joserfc import jwt
from joserfc.jwk import OctKey

from cvimprover.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from cvimprover.adapters.security.email_address_policy import EmailAddressPolicy
from cvimprover.adapters.security.jwt_token_service import JwtTokenService
from cvimprover.adapters.security.zxcvbn_password_policy import ZxcvbnPasswordPolicy
from cvimprover.core.errors import AuthenticationFailed
from cvimprover.ports.security import AccessClaims, RefreshClaims

SECRET = b"s" * 48


def service(**overrides) -> JwtTokenService:
    options = {
        "issuer": "cvimprover",
        "audience": "cvimprover-api",
        "access_lifetime": timedelta(minutes=15),
        "refresh_lifetime": timedelta(days=7),
    } | overrides
    return JwtTokenService(SECRET, **options)


def access_key() -> OctKey:
    derived = hmac.new(SECRET, b"cvimprover-access-token", hashlib.sha256).digest()
    return OctKey.import_key(derived)


def forged(claims: dict, *, drop: tuple[str, ...] = (), alg: str = "HS256", key=None) -> str:
    now = int(time.time())
    payload = {
        "sub": "7",
        "sv": 1,
        "jti": "x",
        "iss": "cvimprover",
        "aud": "cvimprover-api",
        "iat": now,
        "exp": now + 60,
        "typ": "access",
    } | claims
    payload = {name: value for name, value in payload.items() if name not in drop}
    return jwt.encode({"alg": alg}, payload, key or access_key(), algorithms=[alg])


def test_an_access_token_round_trips_with_its_claims() -> None:
    tokens = service()
    issued = tokens.issue_access(AccessClaims(7, 3), datetime.now(UTC))
    assert tokens.decode_access(issued.value) == AccessClaims(7, 3)


def test_a_well_formed_token_from_our_key_is_accepted() -> None:
    assert service().decode_access(forged({})) == AccessClaims(7, 1)


@pytest.mark.parametrize(
    "claims",
    [
        {"exp": int(time.time()) - 10, "iat": int(time.time()) - 100},
        {"aud": "someone-else"},
        {"iss": "evil"},
        {"typ": "refresh"},
        {"sub": "alice"},
    ],
    ids=["expired", "foreign audience", "foreign issuer", "refresh type", "non-numeric subject"],
)
def test_a_token_with_a_wrong_claim_is_refused(claims: dict) -> None:
    with pytest.raises(AuthenticationFailed):
        service().decode_access(forged(claims))


@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "typ", "sub", "sv", "jti"])
def test_a_token_missing_a_required_claim_is_refused(claim: str) -> None:
    with pytest.raises(AuthenticationFailed):
        service().decode_access(forged({}, drop=(claim,)))


def test_an_unsigned_alg_none_token_is_refused() -> None:
    import base64
    import json

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    now = int(time.time())
    claims = {"sub": "7", "sv": 1, "jti": "x", "iss": "cvimprover", "aud": "cvimprover-api"}
    claims |= {"iat": now, "exp": now + 60, "typ": "access"}
    token = f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."
    with pytest.raises(AuthenticationFailed):
        service().decode_access(token)


def test_a_token_signed_with_another_algorithm_is_refused() -> None:
    with pytest.raises(AuthenticationFailed):
        service().decode_access(forged({}, alg="HS512"))


def test_a_token_signed_with_another_key_is_refused() -> None:
    with pytest.raises(AuthenticationFailed):
        service().decode_access(forged({}, key=OctKey.import_key(b"k" * 32)))


def test_a_refresh_token_is_never_an_access_token() -> None:
    tokens = service()
    refresh = tokens.issue_refresh(RefreshClaims(7, 1, "jti", "family"), datetime.now(UTC))
    with pytest.raises(AuthenticationFailed):
        tokens.decode_access(refresh.value)
    assert tokens.decode_refresh(refresh.value).family_id == "family"


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "x" * 5000])
def test_garbage_is_refused_cleanly(garbage: str) -> None:
    with pytest.raises(AuthenticationFailed):
        service().decode_access(garbage)


def test_a_short_secret_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        JwtTokenService(
            b"short",
            issuer="i",
            audience="a",
            access_lifetime=timedelta(minutes=1),
            refresh_lifetime=timedelta(days=1),
        )


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters() -> None:
    hasher = Argon2PasswordHasher()
    hashed = hasher.hash("a long passphrase")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert hasher.verify("a long passphrase", hashed)
    assert not hasher.verify("a long passphrasE", hashed)
    assert not hasher.needs_rehash(hashed)


def test_a_hash_made_with_weaker_parameters_needs_a_rehash() -> None:
    weak = Argon2PasswordHasher(memory_kib=1024, time_cost=1).hash("pw pw pw pw")
    assert Argon2PasswordHasher().needs_rehash(weak)


@pytest.mark.parametrize(
    ("address", "verdict"),
    [
        ("Alice@Example.COM", ("Alice@example.com", None)),
        ("bob@gmial.com", (None, "Did you mean bob@gmail.com?")),
        ("carol@hotmial.com", (None, "Did you mean carol@hotmail.com?")),
        ("dave@mailinator.com", (None, "Disposable e-mail addresses are not accepted.")),
        ("eve@yopmail.com", (None, "Disposable e-mail addresses are not accepted.")),
        ("fay@gmail.con", (None, "Did you mean fay@gmail.com?")),
    ],
)
def test_email_addresses_are_normalised_or_refused_with_a_reason(address, verdict) -> None:
    result = EmailAddressPolicy().check(address)
    assert (result.normalized, result.problem) == verdict


def test_a_malformed_email_address_says_what_is_wrong() -> None:
    result = EmailAddressPolicy().check("no-at-sign")
    assert result.normalized is None
    assert str(result.problem).startswith("Enter a valid e-mail address")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("12345678901", "This password is entirely numeric."),
        ("password123", "This password is too common or too easy to guess."),
        ("alice-rocks-2024", "The password is too similar to the username or e-mail address."),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    problems = ZxcvbnPasswordPolicy().problems(password, user_inputs=["alice", "al@example.com"])
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_a_passphrase_passes() -> None:
    policy = ZxcvbnPasswordPolicy()
    assert policy.problems("correct horse battery staple", user_inputs=["alice"]) == []


@pytest.mark.parametrize(
    "domain", ["ymail.com", "mac.com", "email.com", "mail.com", "hotmail.co.uk", "gmx.de"]
)
def test_real_domains_close_to_popular_ones_are_accepted(domain: str) -> None:
    assert EmailAddressPolicy().check(f"gus@{domain}").normalized == f"gus@{domain}"


def test_a_verified_access_token_still_expires() -> None:
    """Verified tokens are remembered; their expiry is still checked at every use."""
    now = [time.time()]
    tokens = service(access_lifetime=timedelta(seconds=60), wall_clock=lambda: now[0])
    issued = tokens.issue_access(AccessClaims(7, 3), datetime.now(UTC))
    assert tokens.decode_access(issued.value) == AccessClaims(7, 3)
    now[0] += 61
    with pytest.raises(AuthenticationFailed):
        tokens.decode_access(issued.value)


def test_a_refused_token_is_refused_every_time() -> None:
    tokens = service()
    bad = forged({"aud": "someone-else"})
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            tokens.decode_access(bad)
