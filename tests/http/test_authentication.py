"""Bearer tokens, HttpOnly cookies with CSRF protection, and refused tokens."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from falcon import testing

from cvimprover.adapters.security.jwt_token_service import JwtTokenService
from cvimprover.ports.security import AccessClaims
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support.accounts import PASSWORD


def test_a_bearer_token_reads_the_profile(client: testing.TestClient) -> None:
    signed_up = sign_up(client)
    result = client.simulate_get("/auth/user/", headers=bearer(signed_up["access"]))
    assert result.status_code == 200
    assert result.json["username"] == signed_up["user"]["username"]
    assert result.json["plan"]["name"] == "Free"


def test_no_credentials_is_a_401_with_a_challenge(client) -> None:
    result = client.simulate_get("/auth/user/")
    assert_problem(result, 401)
    assert result.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Token abc"])
def test_other_authorization_schemes_are_refused(client, header: str) -> None:
    assert_problem(client.simulate_get("/auth/user/", headers={"Authorization": header}), 401)


def test_an_expired_token_is_refused(client, container) -> None:
    signed_up = sign_up(client)
    tokens: JwtTokenService = container.infra.token_service()
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    stale = tokens.issue_access(AccessClaims(signed_up["user"]["pk"], 1), long_ago)
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(stale.value)), 401)


def test_a_refresh_token_does_not_pass_as_an_access_token(client) -> None:
    signed_up = sign_up(client)
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(signed_up["refresh"])), 401)


def test_an_alg_none_token_is_refused(client) -> None:
    import base64
    import json

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    signed_up = sign_up(client)
    now = int(time.time())
    claims = {"sub": str(signed_up["user"]["pk"]), "sv": 1, "jti": "j", "typ": "access"}
    claims |= {"iss": "cvimprover", "aud": "cvimprover-api", "iat": now, "exp": now + 60}
    token = f"{part({'alg': 'none'})}.{part(claims)}."
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(token)), 401)


def test_a_token_for_another_audience_is_refused(client, settings) -> None:
    signed_up = sign_up(client)
    foreign = JwtTokenService(
        settings.token_secret(),
        issuer=settings.jwt_issuer,
        audience="another-service",
        access_lifetime=timedelta(minutes=5),
        refresh_lifetime=timedelta(days=1),
    ).issue_access(AccessClaims(signed_up["user"]["pk"], 1), datetime.now(UTC))
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(foreign.value)), 401)


def test_login_sets_httponly_lax_cookies_that_authenticate_reads(client) -> None:
    name = sign_up(client)["user"]["username"]
    login = client.simulate_post("/auth/login/", json={"username": name, "password": PASSWORD})
    assert login.status_code == 200
    cookies = {cookie.name: cookie for cookie in login.cookies.values()}
    for name_ in ("access-token", "refresh-token"):
        assert cookies[name_].http_only
        assert cookies[name_].same_site == "Lax"
        assert not cookies[name_].secure
    result = client.simulate_get("/auth/user/", cookies={"access-token": login.json["access"]})
    assert result.status_code == 200


def test_cookie_auth_needs_the_csrf_header_on_unsafe_methods(client) -> None:
    access = sign_up(client)["access"]
    refused = client.simulate_patch(
        "/auth/user/", json={"first_name": "Ada"}, cookies={"access-token": access}
    )
    assert_problem(refused, 403)
    csrf = client.simulate_get("/auth/csrf-token/")
    token = csrf.json["csrfToken"]
    assert csrf.cookies["csrftoken"].value == token
    assert not csrf.cookies["csrftoken"].http_only
    mismatched = client.simulate_patch(
        "/auth/user/",
        json={"first_name": "Ada"},
        cookies={"access-token": access, "csrftoken": token},
        headers={"X-CSRFToken": token + "x"},
    )
    assert_problem(mismatched, 403)
    accepted = client.simulate_patch(
        "/auth/user/",
        json={"first_name": "Ada"},
        cookies={"access-token": access, "csrftoken": token},
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 200
    assert accepted.json["first_name"] == "Ada"


def test_bearer_requests_need_no_csrf_header(client) -> None:
    access = sign_up(client)["access"]
    result = client.simulate_patch("/auth/user/", json={"last_name": "L"}, headers=bearer(access))
    assert result.status_code == 200


def test_refreshing_from_the_cookie_rotates_both_cookies(client) -> None:
    signed_up = sign_up(client)
    token = client.simulate_get("/auth/csrf-token/").json["csrfToken"]
    result = client.simulate_post(
        "/auth/token/refresh/",
        json={},
        cookies={"refresh-token": signed_up["refresh"], "csrftoken": token},
        headers={"X-CSRFToken": token},
    )
    assert result.status_code == 200
    assert result.cookies["refresh-token"].value == result.json["refresh"]
    assert result.json["refresh"] != signed_up["refresh"]


def test_logout_clears_the_cookies_and_revokes_the_refresh_token(client) -> None:
    signed_up = sign_up(client)
    result = client.simulate_post("/auth/logout/", json={"refresh": signed_up["refresh"]})
    assert result.status_code == 200
    assert result.cookies["access-token"].value == ""
    assert result.cookies["refresh-token"].value == ""
    again = client.simulate_post("/auth/token/refresh/", json={"refresh": signed_up["refresh"]})
    assert_problem(again, 401)


def test_repeated_failed_logins_are_throttled_with_retry_after(client) -> None:
    name = sign_up(client)["user"]["username"]
    for _ in range(5):
        failed = client.simulate_post("/auth/login/", json={"username": name, "password": "nope"})
        assert_problem(failed, 401)
    throttled = client.simulate_post("/auth/login/", json={"username": name, "password": PASSWORD})
    assert_problem(throttled, 429)
    assert 1 <= int(throttled.headers["retry-after"]) <= 300


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client) -> None:
    name = sign_up(client)["user"]["username"]
    wrong = client.simulate_post("/auth/login/", json={"username": name, "password": "x"})
    unknown = client.simulate_post("/auth/login/", json={"username": "ghost", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json["detail"] == unknown.json["detail"]


def test_refreshing_from_the_cookie_without_the_csrf_header_is_refused(client) -> None:
    signed_up = sign_up(client)
    result = client.simulate_post(
        "/auth/token/refresh/", json={}, cookies={"refresh-token": signed_up["refresh"]}
    )
    assert_problem(result, 403)


def test_logging_in_again_with_old_cookies_needs_no_csrf_header(client) -> None:
    signed_up = sign_up(client)
    result = client.simulate_post(
        "/auth/login/",
        json={"username": signed_up["user"]["username"], "password": PASSWORD},
        cookies={"access-token": signed_up["access"], "refresh-token": signed_up["refresh"]},
    )
    assert result.status_code == 200
