"""The accounts endpoints keep the original API's paths, fields and answers."""

import email
import re
from email import policy

from falcon import testing

from cvimprover.container import build_container
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support.accounts import PASSWORD
from tests.support.fixtures import make_settings


def mails(outbox) -> list:
    return [
        email.message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(outbox.glob("*.eml"))
    ]


def test_sign_up_answers_201_with_tokens_and_the_user(client: testing.TestClient) -> None:
    body = sign_up(client, "ada")
    assert set(body) == {"access", "refresh", "access_expiration", "refresh_expiration", "user"}
    assert body["user"]["username"] == "ada"
    assert body["user"]["email_verified"] is False
    assert body["user"]["plan"]["name"] == "Free"


def test_sign_up_with_a_typo_domain_suggests_the_right_one(client) -> None:
    result = client.simulate_post(
        "/auth/registration/",
        json={
            "username": "bob",
            "email": "bob@gmail.co",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    body = assert_problem(result, 422)
    assert body["errors"]["email"] == ["Did you mean bob@gmail.com?"]


def test_a_taken_username_is_a_409_conflict(client) -> None:
    sign_up(client, "carol")
    result = client.simulate_post(
        "/auth/registration/",
        json={
            "username": "Carol",
            "email": "carol2@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert assert_problem(result, 409)["errors"]["username"]


def test_a_weak_password_is_refused_with_reasons(client) -> None:
    result = client.simulate_post(
        "/auth/registration/",
        json={
            "username": "dan",
            "email": "dan@example.com",
            "password1": "dan12345",
            "password2": "dan12345",
        },
    )
    assert assert_problem(result, 422)["errors"]["password1"]


def test_the_verification_link_in_the_mail_verifies_the_address_once(client, outbox) -> None:
    access = sign_up(client, "erin")["access"]
    [mail] = mails(outbox)
    assert mail["To"] == "erin@example.com"
    key = re.search(r"/verify-email/(?:\?key=)?([\w-]+)", mail.get_content()).group(1)
    assert (
        client.simulate_post("/auth/registration/verify-email/", json={"key": key}).status_code
        == 200
    )
    assert client.simulate_get("/auth/user/", headers=bearer(access)).json["email_verified"] is True
    again = client.simulate_post("/auth/registration/verify-email/", json={"key": key})
    assert "key" in assert_problem(again, 422)["errors"]


def test_a_reset_request_answers_the_same_for_known_and_unknown_addresses(client, outbox) -> None:
    sign_up(client, "fred")
    known = client.simulate_post("/auth/password/reset/", json={"email": "fred@example.com"})
    unknown = client.simulate_post("/auth/password/reset/", json={"email": "ghost@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert known.json == unknown.json
    assert [mail["To"] for mail in mails(outbox)] == ["fred@example.com", "fred@example.com"]


def test_read_only_profile_fields_sent_back_are_ignored(client) -> None:
    signed_up = sign_up(client, "gina")
    profile = client.simulate_get("/auth/user/", headers=bearer(signed_up["access"])).json
    changed = profile | {"first_name": "Gina", "plan": {"id": 99, "name": "Premium"}}
    result = client.simulate_put("/auth/user/", json=changed, headers=bearer(signed_up["access"]))
    assert result.status_code == 200
    assert result.json["first_name"] == "Gina"
    assert result.json["plan"]["name"] == "Free"


def test_put_needs_username_and_email(client) -> None:
    access = sign_up(client)["access"]
    result = client.simulate_put("/auth/user/", json={"first_name": "X"}, headers=bearer(access))
    assert set(assert_problem(result, 422)["errors"]) == {"username", "email"}


def test_a_date_of_birth_in_the_future_is_refused(client) -> None:
    access = sign_up(client)["access"]
    result = client.simulate_patch(
        "/auth/user/", json={"date_of_birth": "2999-01-01"}, headers=bearer(access)
    )
    assert "date_of_birth" in assert_problem(result, 422)["errors"]


def test_deleting_the_account_ends_its_tokens(client) -> None:
    signed_up = sign_up(client)
    assert (
        client.simulate_delete("/auth/user/", headers=bearer(signed_up["access"])).status_code
        == 204
    )
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(signed_up["access"])), 401)
    refresh = client.simulate_post("/auth/token/refresh/", json={"refresh": signed_up["refresh"]})
    assert_problem(refresh, 401)


def test_a_password_change_ends_other_sessions_and_keeps_this_one(client) -> None:
    signed_up = sign_up(client)
    result = client.simulate_post(
        "/auth/password/change/",
        json={
            "old_password": PASSWORD,
            "new_password1": "a brand new passphrase here",
            "new_password2": "a brand new passphrase here",
        },
        headers=bearer(signed_up["access"]),
    )
    assert result.status_code == 200
    assert_problem(client.simulate_get("/auth/user/", headers=bearer(signed_up["access"])), 401)
    assert (
        client.simulate_get("/auth/user/", headers=bearer(result.json["access"])).status_code == 200
    )


def test_health_reports_the_database_the_broker_and_the_ai_providers(client) -> None:
    result = client.simulate_get("/core/health/")
    assert result.status_code == 200
    assert result.json == {
        "status": "ok",
        "checks": {"database": "ok", "broker": "ok", "cache": "ok: in-process", "ai": "ok: local"},
    }


def test_an_ai_provider_without_its_key_makes_health_answer_503(
    tmp_path, postgres_url, pg_engine
) -> None:
    settings = make_settings(tmp_path, database_url=postgres_url, ai_providers="anthropic,local")
    client = testing.TestClient(build_container(settings).http.app())
    result = client.simulate_get("/core/health/")
    assert result.status_code == 503
    assert result.json["checks"]["ai"] == "down"


def test_a_broker_that_is_down_is_reported_but_not_fatal(tmp_path, postgres_url, pg_engine) -> None:
    settings = make_settings(
        tmp_path, database_url=postgres_url, broker_url="redis://127.0.0.1:1/0"
    )
    client = testing.TestClient(build_container(settings).http.app())
    result = client.simulate_get("/core/health/")
    assert result.status_code == 200
    assert result.json["checks"] == {
        "database": "ok",
        "broker": "down",
        "cache": "ok: in-process",
        "ai": "ok: local",
    }


def test_a_database_that_is_down_makes_health_answer_503(tmp_path) -> None:
    settings = make_settings(tmp_path, database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    client = testing.TestClient(build_container(settings).http.app())
    result = client.simulate_get("/core/health/")
    assert result.status_code == 503
    assert result.json["checks"]["database"] == "down"
