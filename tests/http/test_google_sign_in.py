"""POST /auth/social/login/google/: a Google ID token, checked against a local key server
speaking Google's JWKS format, signs a person in as a password login would."""

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer

from cvimprover.container import build_container
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support.accounts import PASSWORD
from tests.support.fixtures import make_settings
from tests.support.google import CLIENT_ID, GoogleKeyServer

PATH = "/auth/social/login/google/"


@pytest.fixture
def google(httpserver: HTTPServer) -> GoogleKeyServer:
    return GoogleKeyServer(httpserver)


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine, google):
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        google_client_id=CLIENT_ID,
        google_keys_url=google.url,
    )


def google_login(client: testing.TestClient, token: str, field: str = "id_token"):
    return client.simulate_post(PATH, json={field: token})


def test_a_first_sign_in_makes_an_account_and_answers_like_a_login(client, google) -> None:
    result = google_login(client, google.id_token())

    assert result.status_code == 200, result.text
    body = result.json
    assert set(body) == {"access", "refresh", "access_expiration", "refresh_expiration", "user"}
    user = body["user"]
    assert (user["username"], user["email"]) == ("jane.doe", "jane.doe@gmail.com")
    assert (user["first_name"], user["last_name"]) == ("Jane", "Doe")
    assert user["email_verified"] is True
    assert user["plan"]["name"] == "Free"
    assert {"access-token", "refresh-token"} <= set(result.cookies)
    me = client.simulate_get("/auth/user/", headers=bearer(body["access"]))
    assert me.json["pk"] == user["pk"]


def test_a_returning_google_user_gets_the_same_account(client, google) -> None:
    first = google_login(client, google.id_token()).json["user"]

    again = google_login(client, google.id_token(email="jane@newdomain.example"))

    assert again.status_code == 200
    assert again.json["user"]["pk"] == first["pk"]


def test_the_username_is_made_unique(client, google) -> None:
    sign_up(client, "jane.doe")  # has the name, another e-mail

    result = google_login(client, google.id_token())

    assert result.json["user"]["username"] == "jane.doe2"


def test_the_account_has_no_password_anyone_could_log_in_with(client, google) -> None:
    google_login(client, google.id_token())

    for password in ("", "!", PASSWORD):
        result = client.simulate_post(
            "/auth/login/", json={"username": "jane.doe", "password": password}
        )
        assert_problem(result, 401)


def test_a_password_account_is_linked_when_google_verified_the_email(client, google) -> None:
    mine = sign_up(client, "jane")["user"]
    token = google.id_token(email="jane@example.com", email_verified=True)

    linked = google_login(client, token)

    assert linked.status_code == 200, linked.text
    assert linked.json["user"]["pk"] == mine["pk"]
    assert linked.json["user"]["email_verified"] is True
    password_login = client.simulate_post(
        "/auth/login/", json={"username": "jane", "password": PASSWORD}
    )
    assert password_login.status_code == 200  # the password still works too


def test_a_password_account_is_not_linked_on_an_unverified_email(client, google) -> None:
    mine = sign_up(client, "jane")["user"]
    token = google.id_token(email="jane@example.com", email_verified=False)

    result = google_login(client, token)

    body = assert_problem(result, 409)
    assert "password" in body["detail"]
    assert "access-token" not in result.cookies
    me = client.simulate_get("/auth/user/", headers=bearer(sign_up(client)["access"]))
    assert me.json["pk"] != mine["pk"]


def test_an_inactive_account_is_refused(client, google, pg_engine) -> None:
    pk = google_login(client, google.id_token()).json["user"]["pk"]
    with pg_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE users SET is_active = false WHERE id = %s", (pk,))

    assert_problem(google_login(client, google.id_token()), 403)


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda g: g.id_token(aud="another-client"), id="wrong-audience"),
        pytest.param(lambda g: g.id_token(exp=1_600_000_000, iat=1_599_999_000), id="expired"),
        pytest.param(lambda g: g.hs256_with_public_key(), id="hs256-confusion"),
        pytest.param(lambda g: g.unsigned(), id="alg-none"),
        pytest.param(lambda _: "not.a.token", id="garbage"),
    ],
)
def test_a_bad_token_is_401_and_makes_no_account(client, google, pg_engine, token) -> None:
    assert_problem(google_login(client, token(google)), 401)

    with pg_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM users").scalar() == 0


def test_the_original_access_token_field_is_accepted_for_the_id_token(client, google) -> None:
    assert google_login(client, google.id_token(), field="access_token").status_code == 200


def test_no_token_is_a_422_naming_the_field(client) -> None:
    body = assert_problem(client.simulate_post(PATH, json={}), 422)
    assert "id_token" in body["errors"]


def test_an_authorization_code_alone_is_refused_with_a_hint(client) -> None:
    body = assert_problem(client.simulate_post(PATH, json={"code": "4/0Ab..."}), 422)
    assert "id_token" in body["errors"]


def test_without_a_client_id_sign_in_with_google_is_a_404_saying_so(
    tmp_path, postgres_url, pg_engine, google
) -> None:
    settings = make_settings(tmp_path, database_url=postgres_url, mail_delivery="direct")
    container = build_container(settings)
    try:
        client = testing.TestClient(container.http.app())
        body = assert_problem(google_login(client, google.id_token()), 404)
    finally:
        container.infra.engine().dispose()
    assert "not enabled" in body["detail"]
    assert google.fetches == 0
