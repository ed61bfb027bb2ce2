"""Google ID tokens verified against a local key server that speaks Google's JWKS format,
with the test's own RSA keys: only genuine, current tokens for our client id pass."""

import pytest
from joserfc.jwk import RSAKey
from pytest_httpserver import HTTPServer

from cvimprover.adapters.security.google_id_token_verifier import GoogleIdTokenVerifier
from cvimprover.adapters.security.published_keys import PublishedKeys
from cvimprover.core.errors import AuthenticationFailed, DependencyUnavailable, NotFound
from tests.support.google import CLIENT_ID, GoogleKeyServer

pytestmark = pytest.mark.integration


class SteppedClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def google(httpserver: HTTPServer) -> GoogleKeyServer:
    return GoogleKeyServer(httpserver, max_age=600)


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock()


@pytest.fixture
def verifier(google: GoogleKeyServer, clock: SteppedClock) -> GoogleIdTokenVerifier:
    return GoogleIdTokenVerifier(CLIENT_ID, PublishedKeys(google.url, monotonic=clock))


def test_a_genuine_token_names_the_person(verifier, google) -> None:
    identity = verifier.verify(google.id_token())

    assert identity.subject == "110169484474386276334"
    assert identity.email == "jane.doe@gmail.com"
    assert identity.email_verified is True
    assert (identity.given_name, identity.family_name) == ("Jane", "Doe")


def test_the_issuer_may_be_written_without_a_scheme(verifier, google) -> None:
    assert verifier.verify(google.id_token(iss="accounts.google.com")).subject


def test_an_unverified_email_is_reported_as_such(verifier, google) -> None:
    assert verifier.verify(google.id_token(email_verified=False)).email_verified is False


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"exp": 1_600_000_000, "iat": 1_599_996_400}, id="expired"),
        pytest.param({"aud": "someone-else.apps.googleusercontent.com"}, id="wrong-audience"),
        pytest.param({"iss": "https://evil.example.com"}, id="wrong-issuer"),
        pytest.param({"iat": None}, id="no-issued-at"),
        pytest.param({"sub": None}, id="no-subject"),
    ],
)
def test_tokens_with_wrong_claims_are_refused(verifier, google, claims) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier.verify(google.id_token(**claims))


def test_a_token_signed_with_another_key_is_refused(verifier, google) -> None:
    forger = RSAKey.generate_key(2048, private=True)

    with pytest.raises(AuthenticationFailed):
        verifier.verify(google.id_token(kid="k1", key=forger))


def test_a_tampered_token_is_refused(verifier, google) -> None:
    header, payload, signature = google.id_token().split(".")
    other_payload = google.id_token(sub="someone-else").split(".")[1]

    with pytest.raises(AuthenticationFailed):
        verifier.verify(f"{header}.{other_payload}.{signature}")
    assert payload != other_payload


def test_hmac_signed_with_the_public_key_is_refused(verifier, google) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier.verify(google.hs256_with_public_key())


def test_an_unsigned_token_is_refused(verifier, google) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier.verify(google.unsigned())


@pytest.mark.parametrize("garbage", ["", "not-a-jwt", "a.b.c", "é.é.é"])
def test_garbage_is_refused(verifier, garbage) -> None:
    with pytest.raises(AuthenticationFailed):
        verifier.verify(garbage)


def test_keys_are_kept_as_long_as_cache_control_says(verifier, google, clock) -> None:
    for _ in range(3):
        verifier.verify(google.id_token())
    assert google.fetches == 1

    clock.now += 599
    verifier.verify(google.id_token())
    assert google.fetches == 1

    clock.now += 1
    verifier.verify(google.id_token())
    assert google.fetches == 2


def test_an_unknown_key_id_fetches_once_then_is_refused(verifier, google, clock) -> None:
    verifier.verify(google.id_token())
    assert google.fetches == 1

    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            verifier.verify(google.id_token(kid="k2"))
    assert google.fetches == 2

    clock.now += 30  # a while later, the same unknown key id still fetches nothing
    with pytest.raises(AuthenticationFailed):
        verifier.verify(google.id_token(kid="k2"))
    assert google.fetches == 2


def test_made_up_key_ids_cannot_make_us_fetch_more_than_once_a_minute(
    verifier, google, clock
) -> None:
    verifier.verify(google.id_token())
    for number in range(24):  # a new made-up key id every 5 seconds, for two minutes
        clock.now += 5
        with pytest.raises(AuthenticationFailed):
            verifier.verify(google.id_token(kid=f"made-up-{number}", key=google.keys["k1"]))
    assert google.fetches == 1 + 2


def test_keys_rotated_early_are_picked_up_by_one_fetch(verifier, google) -> None:
    verifier.verify(google.id_token())
    google.published = ["k1", "k2"]

    assert verifier.verify(google.id_token(kid="k2")).subject
    assert google.fetches == 2


def test_without_a_client_id_google_sign_in_is_unavailable(google) -> None:
    verifier = GoogleIdTokenVerifier(None, PublishedKeys(google.url))

    with pytest.raises(NotFound, match="not enabled"):
        verifier.verify(google.id_token())
    assert google.fetches == 0


def test_an_unreachable_key_server_is_a_dependency_failure(google) -> None:
    verifier = GoogleIdTokenVerifier(CLIENT_ID, PublishedKeys("http://127.0.0.1:9/certs"))

    with pytest.raises(DependencyUnavailable):
        verifier.verify(google.id_token())


def test_after_a_failed_first_fetch_retries_wait_a_few_seconds(google, clock) -> None:
    keys = PublishedKeys(google.url, monotonic=clock)
    verifier = GoogleIdTokenVerifier(CLIENT_ID, keys)
    keys._url = "http://127.0.0.1:9/certs"  # down at first
    with pytest.raises(DependencyUnavailable):
        verifier.verify(google.id_token())
    keys._url = google.url  # back up

    clock.now += 5
    with pytest.raises(DependencyUnavailable):
        verifier.verify(google.id_token())
    assert google.fetches == 0

    clock.now += 5
    assert verifier.verify(google.id_token()).subject
    assert google.fetches == 1


def test_keys_already_held_serve_while_the_key_server_is_down(google, clock) -> None:
    keys = PublishedKeys(google.url, monotonic=clock)
    verifier = GoogleIdTokenVerifier(CLIENT_ID, keys)
    verifier.verify(google.id_token())
    keys._url = "http://127.0.0.1:9/certs"  # the server goes away

    clock.now += 601
    assert verifier.verify(google.id_token()).subject
