"""Ids from outside past the database's integer range (1 to 2**31 - 1), on PostgreSQL, which
refuses to compare an `integer` column with a larger number: a paging cursor is a 400
naming it, a path id names nothing (404), a signed token's subject makes the token invalid
(401), a reset link's uid is an invalid link (422). Never a 500."""

import base64
from datetime import UTC, datetime

import pytest
from falcon import testing

from cvimprover.container import Container
from cvimprover.ports.security import AccessClaims, RefreshClaims
from tests.http.helpers import assert_problem, bearer, sign_up

PAST_THE_RANGE = 2**31
LISTS = ["/cv/questionnaire/", "/cv/ai-responses/"]
ITEMS = [
    ("GET", "/cv/questionnaire/{id}/"),
    ("PUT", "/cv/questionnaire/{id}/"),
    ("PATCH", "/cv/questionnaire/{id}/"),
    ("DELETE", "/cv/questionnaire/{id}/"),
    ("GET", "/cv/questionnaire/{id}/resume/"),
    ("GET", "/cv/ai-responses/{id}/"),
    ("POST", "/cv/ai-responses/{id}/generate-pdf/"),
    ("GET", "/cv/ai-responses/{id}/pdfs/1/"),
    ("GET", "/cv/ai-responses/1/pdfs/{id}/"),
]


def cursor_of(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("number", [str(PAST_THE_RANGE), "99999999999999999999", "-1", "0"])
def test_a_cursor_past_the_id_range_is_a_400_naming_the_cursor(
    client, person, path: str, number: str
) -> None:
    answer = client.simulate_get(path, params={"cursor": cursor_of(number)}, headers=person)

    assert assert_problem(answer, 400)["errors"] == {"cursor": ["Invalid cursor."]}


@pytest.mark.parametrize("path", LISTS)
def test_the_issues_cursor_spelled_as_reported_is_refused(client, person, path: str) -> None:
    answer = client.simulate_get(path, query_string="cursor=MjE0NzQ4MzY0OA", headers=person)

    assert "cursor" in assert_problem(answer, 400)["errors"]


@pytest.mark.parametrize("path", LISTS)
def test_the_largest_id_is_still_a_cursor(client, person, path: str) -> None:
    answer = client.simulate_get(path, params={"cursor": cursor_of(str(2**31 - 1))}, headers=person)

    assert answer.status_code == 200, answer.text
    assert answer.json == []


@pytest.mark.parametrize(("method", "template"), ITEMS)
@pytest.mark.parametrize("number", [PAST_THE_RANGE, 10**30])
def test_a_path_id_past_the_range_names_nothing(
    client, person, method: str, template: str, number: int
) -> None:
    answer = client.simulate_request(
        method, template.format(id=number), headers=person, json={"position": "x"}
    )

    assert_problem(answer, 404)


def tokens_for(container: Container, user_id: int) -> tuple[str, str]:
    service, now = container.infra.token_service(), datetime.now(UTC)
    access = service.issue_access(AccessClaims(user_id, 1), now)
    refresh = service.issue_refresh(RefreshClaims(user_id, 1, "jti-past", "family-past"), now)
    return access.value, refresh.value


@pytest.mark.parametrize("user_id", [PAST_THE_RANGE, 10**30, 0, -1])
def test_an_access_token_whose_subject_is_past_the_range_is_invalid(
    client, container, user_id: int
) -> None:
    access, _ = tokens_for(container, user_id)

    answer = client.simulate_get("/auth/user/", headers=bearer(access))

    assert assert_problem(answer, 401)["detail"] == "Token is invalid or expired."
    assert answer.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("user_id", [PAST_THE_RANGE, 10**30, 0, -1])
def test_a_refresh_token_whose_subject_is_past_the_range_is_invalid(
    client, container, user_id: int
) -> None:
    _, refresh = tokens_for(container, user_id)

    answer = client.simulate_post("/auth/token/refresh/", json={"refresh": refresh})

    assert assert_problem(answer, 401)["detail"] == "Token is invalid or expired."


@pytest.mark.parametrize("uid", [str(PAST_THE_RANGE), "99999999999999999999", "0", " 7"])
def test_a_reset_link_whose_uid_is_past_the_range_is_an_invalid_uid(client, uid: str) -> None:
    answer = client.simulate_post(
        "/auth/password/reset/confirm/",
        json={
            "uid": cursor_of(uid),
            "token": "not-a-token",
            "new_password1": "a long new passphrase 42",
            "new_password2": "a long new passphrase 42",
        },
    )

    assert assert_problem(answer, 422)["errors"] == {"uid": ["Invalid value."]}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/cv/ai-responses/",
            {"questionnaire": PAST_THE_RANGE, "prompt": "x" * 20},
            "questionnaire",
        ),
        (
            "/core/payments/create-checkout-session/",
            {"plan_id": PAST_THE_RANGE, "billing": "monthly"},
            "plan_id",
        ),
    ],
)
def test_an_id_past_the_range_in_a_body_is_a_422_naming_the_field(
    client, person, path: str, body: dict, field: str
) -> None:
    answer = client.simulate_post(path, json=body, headers=person)

    assert field in assert_problem(answer, 422)["errors"]
