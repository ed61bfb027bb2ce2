"""Fixtures and steps every feature shares.

The steps drive the real app in-process (on the test PostgreSQL database) by default,
or a running server when CVIMPROVER_BASE_URL is set; its mail is then read from the
folder CVIMPROVER_OUTBOX_DIR names.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from features.support.driver import Answer, Api, HttpApi, InProcessApi
from features.support.mailbox import Mailbox
from features.support.people import Person

BASE_URL = os.environ.get("CVIMPROVER_BASE_URL")
OUTBOX_DIR = os.environ.get("CVIMPROVER_OUTBOX_DIR")


@pytest.fixture
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    if BASE_URL:
        driver = HttpApi(BASE_URL)
        yield driver
        driver.close()
    else:
        yield InProcessApi(request.getfixturevalue("client"))


@pytest.fixture
def mailbox(request: pytest.FixtureRequest) -> Mailbox:
    if not BASE_URL:
        return Mailbox(request.getfixturevalue("outbox"))
    if not OUTBOX_DIR:
        pytest.skip("set CVIMPROVER_OUTBOX_DIR to the server's outbox folder to read its mail")
    return Mailbox(Path(OUTBOX_DIR))


def explain(answer: Answer) -> str:
    return f"the API answered {answer.status}: {answer.json}"


def sign_up(api: Api, person: Person) -> Answer:
    answer = api.request(
        "POST",
        "/auth/registration/",
        json={
            "username": person.username,
            "email": person.email,
            "password1": person.password,
            "password2": person.password,
        },
    )
    if answer.status == 201:
        person.keep_tokens(answer.json)
    return answer


@given("a person who has signed up", target_fixture="person")
def a_person_who_has_signed_up(api: Api) -> Person:
    person = Person.new()
    answer = sign_up(api, person)
    assert answer.status == 201, explain(answer)
    return person


@when("they delete their account", target_fixture="answer")
def they_delete_their_account(api: Api, person: Person) -> Answer:
    return api.request("DELETE", "/auth/user/", headers=person.bearer())


@then(parsers.re(r"the answer is (?P<status>\d{3})\b.*"))
def the_answer_is(answer: Answer, status: str) -> None:
    assert answer.status == int(status), explain(answer)


@then(parsers.parse('the answer says "{detail}"'))
def the_answer_says(answer: Answer, detail: str) -> None:
    assert answer.json["detail"] == detail, explain(answer)


@then(parsers.parse('the "{field}" field error says "{message}"'))
def the_field_error_says(answer: Answer, field: str, message: str) -> None:
    assert message in answer.json.get("errors", {}).get(field, []), explain(answer)


@then(parsers.parse('the answer has a field error on "{field}"'))
def the_answer_has_a_field_error_on(answer: Answer, field: str) -> None:
    assert answer.json.get("errors", {}).get(field), explain(answer)
