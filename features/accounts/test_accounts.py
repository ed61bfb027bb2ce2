"""Accounts, end to end over HTTP: every scenario under features/accounts/.

Steps shared by several features live in features/accounts/conftest.py; the ones here
belong to e-mail verification, passwords and deleting the account.
"""

import pytest
from joserfc.jwk import RSAKey
from pytest_bdd import given, parsers, scenarios, then, when

from features.accounts.conftest import VERIFICATION_SUBJECT
from features.conftest import explain
from features.support.driver import Answer, Api
from features.support.mailbox import RESET_LINK, VERIFY_LINK, Mailbox
from features.support.people import Person, strong_password
from tests.support.google import GoogleKeyServer

scenarios("accounts")

RESET_SUBJECT = "Reset your cvimprover password"


@given("another new person who picks the same username", target_fixture="person")
def another_person_with_the_same_username(person: Person) -> Person:
    return Person.new().with_username_of(person)


@given("the key from their verification mail", target_fixture="verification_key")
def the_key_from_their_verification_mail(mailbox: Mailbox, person: Person) -> str:
    return mailbox.latest_to(person.email, VERIFICATION_SUBJECT).link(VERIFY_LINK)["key"]


@given("they have confirmed their e-mail address with that key")
def they_have_confirmed_their_email(api: Api, verification_key: str) -> None:
    answer = confirm_email(api, verification_key)
    assert answer.status == 200, explain(answer)


@given("they have asked to reset their password")
def they_have_asked_to_reset_their_password(api: Api, person: Person) -> None:
    answer = ask_for_a_reset(api, person)
    assert answer.status == 200, explain(answer)


@given("the link from their reset mail", target_fixture="reset_link")
def the_link_from_their_reset_mail(mailbox: Mailbox, person: Person) -> dict[str, str]:
    return mailbox.latest_to(person.email, RESET_SUBJECT).link(RESET_LINK)


@given("they have chosen a new password through that link")
def they_have_chosen_a_new_password(api: Api, person: Person, reset_link: dict[str, str]) -> None:
    answer = choose_a_new_password(api, person, reset_link)
    assert answer.status == 200, explain(answer)


@when("they confirm their e-mail address with that key", target_fixture="answer")
def they_confirm_their_email(api: Api, verification_key: str) -> Answer:
    return confirm_email(api, verification_key)


@when("they ask to reset their password", target_fixture="answer")
def they_ask_to_reset_their_password(api: Api, person: Person) -> Answer:
    return ask_for_a_reset(api, person)


@when("they choose a new password through that link", target_fixture="answer")
def they_choose_a_new_password(api: Api, person: Person, reset_link: dict[str, str]) -> Answer:
    return choose_a_new_password(api, person, reset_link)


@when("they change their password", target_fixture="answer")
def they_change_their_password(api: Api, person: Person) -> Answer:
    return change_password(api, person, person.password)


@when("they change their password giving a wrong current password", target_fixture="answer")
def they_change_their_password_wrongly(api: Api, person: Person) -> Answer:
    return change_password(api, person, f"{person.password}x")


@when("someone deletes an account without a token", target_fixture="answer")
def someone_deletes_an_account_without_a_token(api: Api) -> Answer:
    return api.request("DELETE", "/auth/user/")


@then(parsers.parse('the "email" field error asks "Did you mean" their address at "{domain}"'))
def the_email_error_suggests(answer: Answer, person: Person, domain: str) -> None:
    suggestion = f"Did you mean {person.local_part}@{domain}?"
    assert answer.json.get("errors", {}).get("email") == [suggestion], explain(answer)


def confirm_email(api: Api, key: str) -> Answer:
    return api.request("POST", "/auth/registration/verify-email/", json={"key": key})


def ask_for_a_reset(api: Api, person: Person) -> Answer:
    return api.request("POST", "/auth/password/reset/", json={"email": person.email})


def choose_a_new_password(api: Api, person: Person, link: dict[str, str]) -> Answer:
    new_password = strong_password()
    body = {**link, "new_password1": new_password, "new_password2": new_password}
    answer = api.request("POST", "/auth/password/reset/confirm/", json=body)
    if answer.status == 200:
        person.change_password(new_password)
    return answer


def change_password(api: Api, person: Person, current_password: str) -> Answer:
    new_password = strong_password()
    body = {
        "old_password": current_password,
        "new_password1": new_password,
        "new_password2": new_password,
    }
    answer = api.request("POST", "/auth/password/change/", json=body, headers=person.bearer())
    if answer.status == 200:
        person.change_password(new_password)
        person.keep_tokens(answer.json)
    return answer


# ---------------------------------------------------------------- signing in with Google


@given("a person whose e-mail address Google has verified", target_fixture="person")
def a_person_google_verified() -> Person:
    return Person.new("gmail.com")


@pytest.fixture
def google_accounts() -> list[int]:
    """The account each Google sign-in of the scenario answered with."""
    return []


@when("they sign in with the ID token Google gave them", target_fixture="answer")
def they_sign_in_with_google(
    api: Api, person: Person, google: GoogleKeyServer, google_accounts: list[int]
) -> Answer:
    token = google.id_token(sub=f"google-{person.username}", email=person.email)
    answer = sign_in_with_google(api, person, token)
    if answer.status == 200:
        google_accounts.append(answer.json["user"]["pk"])
    return answer


@when("they sign in with an ID token signed with a key of their own", target_fixture="answer")
def they_sign_in_with_a_forged_token(api: Api, person: Person, google: GoogleKeyServer) -> Answer:
    own_key = RSAKey.generate_key(2048, private=True)
    token = google.id_token(key=own_key, sub=f"google-{person.username}", email=person.email)
    return sign_in_with_google(api, person, token)


@then("they are signed in as an account with their Google e-mail address")
def they_are_signed_in_with_their_google_email(answer: Answer, person: Person) -> None:
    assert answer.json["user"]["email"] == person.email, explain(answer)
    assert answer.json["access"]
    assert answer.json["refresh"]


@then("it is the same account as the first time")
def it_is_the_same_account(google_accounts: list[int]) -> None:
    assert len(google_accounts) == 2
    assert google_accounts[0] == google_accounts[1]


def sign_in_with_google(api: Api, person: Person, token: str) -> Answer:
    answer = api.request("POST", "/auth/social/login/google/", json={"id_token": token})
    if answer.status == 200:
        person.keep_tokens(answer.json)
    return answer
