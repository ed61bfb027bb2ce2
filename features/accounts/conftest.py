"""Steps the accounts features share: people, signing up, logging in, tokens, profiles."""

from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when
from pytest_httpserver import HTTPServer
from sqlalchemy import Engine

from cvimprover.config import Settings
from features.conftest import BASE_URL, explain, sign_up
from features.support.driver import Answer, Api
from features.support.mailbox import VERIFY_LINK, Mailbox
from features.support.people import Person
from tests.support.fixtures import make_settings
from tests.support.google import CLIENT_ID, GoogleKeyServer

GOOGLE = "google"
VERIFICATION_SUBJECT = "Confirm your e-mail address"
VERIFIED = {"verified": True, "not yet verified": False}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{GOOGLE}: Google's key server is a local one with keys of the test's own; "
        "in-process only",
    )


@pytest.fixture
def google(httpserver: HTTPServer) -> GoogleKeyServer:
    if BASE_URL:
        pytest.skip("Google sign-in scenarios point the app at a local key server: in-process only")
    return GoogleKeyServer(httpserver)


@pytest.fixture
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str, pg_engine: Engine
) -> Settings:
    """A scenario tagged @google gets an app that trusts the local key server's keys."""
    google: dict[str, str] = {}
    if request.node.get_closest_marker(GOOGLE):
        keys = request.getfixturevalue(GOOGLE)
        google = {"google_client_id": CLIENT_ID, "google_keys_url": keys.url}
    return make_settings(tmp_path, database_url=postgres_url, mail_delivery="direct", **google)


def log_in(api: Api, person: Person, body: dict[str, Any]) -> Answer:
    answer = api.request("POST", "/auth/login/", json=body)
    if answer.status == 200:
        person.keep_tokens(answer.json)
    return answer


def refresh(api: Api, person: Person, token: str) -> Answer:
    answer = api.request("POST", "/auth/token/refresh/", json={"refresh": token})
    if answer.status == 200:
        person.keep_tokens(answer.json)
    return answer


@given("a new person", target_fixture="person")
def a_new_person() -> Person:
    return Person.new()


@given(parsers.parse('a new person whose e-mail address is at "{domain}"'), target_fixture="person")
def a_new_person_at(domain: str) -> Person:
    return Person.new(domain)


@given("they have refreshed their tokens")
def they_have_refreshed_their_tokens(api: Api, person: Person) -> None:
    answer = refresh(api, person, person.token_pairs[-1]["refresh"])
    assert answer.status == 200, explain(answer)


@when("they sign up", target_fixture="answer")
def they_sign_up(api: Api, person: Person) -> Answer:
    return sign_up(api, person)


@when("they log in with their username and password", target_fixture="answer")
def they_log_in_with_their_username(api: Api, person: Person) -> Answer:
    return log_in(api, person, {"username": person.username, "password": person.password})


@when("they log in with their e-mail address and password", target_fixture="answer")
def they_log_in_with_their_email(api: Api, person: Person) -> Answer:
    return log_in(api, person, {"email": person.email, "password": person.password})


@when("they log in with their username and a wrong password", target_fixture="answer")
def they_log_in_with_a_wrong_password(api: Api, person: Person) -> Answer:
    return log_in(api, person, {"username": person.username, "password": f"{person.password}x"})


@when("they log in with their username and their old password", target_fixture="answer")
def they_log_in_with_their_old_password(api: Api, person: Person) -> Answer:
    body = {"username": person.username, "password": person.old_passwords[-1]}
    return log_in(api, person, body)


@when("they refresh their tokens", target_fixture="answer")
def they_refresh_their_tokens(api: Api, person: Person) -> Answer:
    return refresh(api, person, person.token_pairs[-1]["refresh"])


@when("they refresh with their spent refresh token", target_fixture="answer")
def they_refresh_with_their_spent_refresh_token(api: Api, person: Person) -> Answer:
    return refresh(api, person, person.token_pairs[-2]["refresh"])


@when("they refresh with their first refresh token", target_fixture="answer")
def they_refresh_with_their_first_refresh_token(api: Api, person: Person) -> Answer:
    return refresh(api, person, person.token_pairs[0]["refresh"])


@when("they log out", target_fixture="answer")
def they_log_out(api: Api, person: Person) -> Answer:
    body = {"refresh": person.token_pairs[-1]["refresh"]}
    return api.request("POST", "/auth/logout/", json=body, headers=person.bearer())


@when("they look at their profile", target_fixture="answer")
def they_look_at_their_profile(api: Api, person: Person) -> Answer:
    return api.request("GET", "/auth/user/", headers=person.bearer())


@when("they look at their profile with their first access token", target_fixture="answer")
def they_look_at_their_profile_with_their_first_access_token(api: Api, person: Person) -> Answer:
    first = person.token_pairs[0]["access"]
    return api.request("GET", "/auth/user/", headers=person.bearer(first))


@then("the answer carries an access token and a refresh token")
def the_answer_carries_tokens(answer: Answer) -> None:
    assert answer.json["access"], explain(answer)
    assert answer.json["refresh"], explain(answer)


@then("the answer carries a new access token and a new refresh token")
def the_answer_carries_new_tokens(answer: Answer, person: Person) -> None:
    earlier = person.token_pairs[:-1]
    assert answer.json["access"] not in {pair["access"] for pair in earlier}, explain(answer)
    assert answer.json["refresh"] not in {pair["refresh"] for pair in earlier}, explain(answer)


@then("the answer shows their account")
def the_answer_shows_their_account(answer: Answer, person: Person) -> None:
    user = answer.json["user"]
    assert (user["username"], user["email"]) == (person.username, person.email), explain(answer)


@then(parsers.parse("their e-mail address is {state}"))
def their_email_address_is(answer: Answer, state: str) -> None:
    body = answer.json.get("user", answer.json)
    assert body["email_verified"] is VERIFIED[state], explain(answer)


@then("a mail with a link to confirm their e-mail address is sent to them")
def a_verification_mail_is_sent(mailbox: Mailbox, person: Person) -> None:
    mail = mailbox.latest_to(person.email, VERIFICATION_SUBJECT)
    assert mail.link(VERIFY_LINK)["key"]


@then("no mail is sent to them")
def no_mail_is_sent_to_them(mailbox: Mailbox, person: Person) -> None:
    assert mailbox.mails_to(person.email) == []
