"""Accounts, end to end over HTTP: every scenario under features/accounts/.

Steps shared by several features live in features/accounts/conftest.py; the ones here
belong to e-mail verification, passwords and deleting the account.
"""

from pytest_bdd import given, parsers, scenarios, then, when

from features.accounts.conftest import VERIFICATION_SUBJECT
from features.conftest import explain
from features.support.driver import Answer, Api
from features.support.mailbox import RESET_LINK, VERIFY_LINK, Mailbox
from features.support.people import Person, strong_password

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
