"""Every error is RFC 9457 problem+json, never a stack trace."""

import re

import orjson
import pytest
from falcon import testing

from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_cvs import FIELDS, multipart


def test_an_unknown_path_is_a_404_problem(client: testing.TestClient) -> None:
    body = assert_problem(client.simulate_get("/no/such/thing/"), 404)
    assert body["instance"] == "/no/such/thing/"


def test_a_wrong_method_is_a_405_problem_naming_the_allowed_ones(client) -> None:
    result = client.simulate_get("/auth/login/")
    assert_problem(result, 405)
    assert "POST" in result.headers["allow"]


def test_a_body_over_the_limit_is_refused_from_its_declared_length(client) -> None:
    result = client.simulate_post(
        "/auth/login/",
        body=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(64 * 1024 * 1024)},
    )
    assert_problem(result, 413)


def test_a_body_that_is_not_json_is_a_415_problem(client) -> None:
    result = client.simulate_post(
        "/auth/login/", body=b"username=a", headers={"Content-Type": "text/plain"}
    )
    assert_problem(result, 415)


def test_malformed_json_is_a_400_problem(client) -> None:
    result = client.simulate_post(
        "/auth/login/", body=b'{"username": ', headers={"Content-Type": "application/json"}
    )
    assert_problem(result, 400)


def test_missing_and_unknown_fields_are_named_in_errors(client) -> None:
    result = client.simulate_post("/auth/registration/", json={"username": "x", "admin": True})
    body = assert_problem(result, 422)
    assert body["errors"]["email"] == ["This field is required."]
    assert body["errors"]["password1"] == ["This field is required."]
    assert body["errors"]["admin"] == ["This field is not allowed."]


def test_a_json_array_instead_of_an_object_is_a_422_problem(client) -> None:
    body = assert_problem(client.simulate_post("/auth/login/", json=[1, 2]), 422)
    assert "non_field_errors" in body["errors"]


def test_an_unexpected_failure_is_a_500_problem_without_internals(container) -> None:
    class Broken:
        def on_get(self, req, resp):
            raise RuntimeError("secret internals")

    app = container.http.app()
    app.add_route("/broken/", Broken())
    result = testing.TestClient(app).simulate_get("/broken/")
    body = assert_problem(result, 500)
    assert "secret internals" not in result.text
    assert body["detail"].startswith("Something went wrong")


def test_the_callers_request_id_is_kept_and_echoed(client) -> None:
    result = client.simulate_get("/nope/", headers={"X-Request-ID": "abc-123"})
    assert result.headers["x-request-id"] == "abc-123"
    assert result.json["request_id"] == "abc-123"


@pytest.mark.parametrize("given", ["", "has spaces", "x" * 65, "new\nline"])
def test_an_unusable_request_id_is_replaced(client, given: str) -> None:
    result = client.simulate_get("/nope/", headers={"X-Request-ID": given})
    assert result.headers["x-request-id"] != given
    assert len(result.headers["x-request-id"]) == 32


def test_text_with_a_nul_character_is_a_422_problem_not_a_database_error(client) -> None:
    result = client.simulate_post("/auth/password/reset/", json={"email": "a\u0000@example.com"})
    body = assert_problem(result, 422)
    assert body["errors"]["email"] == ["NUL characters are not allowed."]


QUESTIONNAIRE_REQUIRED = {
    "position",
    "industry",
    "experience_level",
    "company_size",
    "application_timeline",
}


def test_a_questionnaire_names_every_missing_and_wrong_field_at_once(client) -> None:
    headers = bearer(sign_up(client)["access"])
    body = {"experience_level": "9+", "location": "x" * 300, "salary": 1}
    result = client.simulate_post("/cv/questionnaire/", json=body, headers=headers)
    errors = assert_problem(result, 422)["errors"]
    assert set(errors) == QUESTIONNAIRE_REQUIRED | {"location", "salary"}
    assert errors["position"] == ["This field is required."]
    assert errors["experience_level"] == ["Choose one of '0-2', '3-5' or '6+'."]
    assert errors["location"] == ["Use at most 255 characters."]


def test_a_multipart_questionnaire_names_every_missing_and_wrong_field_at_once(client) -> None:
    headers = bearer(sign_up(client)["access"])
    body, content_type = multipart({"position": "  ", "company_size": "huge"}, None)
    result = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=headers | {"Content-Type": content_type}
    )
    errors = assert_problem(result, 422)["errors"]
    assert set(errors) == QUESTIONNAIRE_REQUIRED
    assert errors["position"] == ["This field may not be blank."]
    assert errors["industry"] == ["This field is required."]


def test_a_questionnaire_change_may_not_empty_a_required_field(client) -> None:
    headers = bearer(sign_up(client)["access"])
    created = client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=headers).json
    path = f"/cv/questionnaire/{created['id']}/"
    changes = {"position": None, "industry": "<b></b>", "location": None}
    errors = assert_problem(client.simulate_patch(path, json=changes, headers=headers), 422)
    assert errors["errors"] == {
        "position": ["This field may not be null."],
        "industry": ["This field may not be blank."],
    }


def test_a_sign_up_names_every_field_in_error_at_once(client) -> None:
    body = {"username": "bob smith", "password1": "short", "password2": "short"}
    errors = assert_problem(client.simulate_post("/auth/registration/", json=body), 422)["errors"]
    assert errors == {
        "username": ["Use 1-150 letters, digits and @ . + - _ only."],
        "email": ["This field is required."],
        "password1": ["Use at least 8 characters."],
        "password2": ["Use at least 8 characters."],
    }


def test_a_sign_up_names_every_broken_account_rule_at_once(client) -> None:
    body = {
        "username": "bob",
        "email": "bob-at-example",
        "password1": "password123",
        "password2": "password123",
    }
    errors = assert_problem(client.simulate_post("/auth/registration/", json=body), 422)["errors"]
    assert set(errors) == {"email", "password1"}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"username", "password"}),
        ({"username": None, "email": "", "password": "x"}, {"username"}),
        ({"email": None, "password": 5}, {"username", "email", "password"}),
    ],
)
def test_a_login_names_every_field_in_error_at_once(client, body, errors) -> None:
    problem = assert_problem(client.simulate_post("/auth/login/", json=body), 422)
    assert set(problem["errors"]) == errors
    assert "Send a username or an e-mail address." in problem["errors"]["username"]


def test_null_is_not_an_optional_fields_way_of_being_left_out(client) -> None:
    body = {"username": None, "email": "a@example.com", "password": "x"}
    problem = assert_problem(client.simulate_post("/auth/login/", json=body), 422)
    assert problem["errors"] == {"username": ["This field may not be null."]}


def json_operations(client: testing.TestClient) -> list[tuple[str, str]]:
    document = client.simulate_get("/schema/").json
    return [
        (method.upper(), path.replace("{questionnaire_id}", "1").replace("{response_id}", "1"))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
        and "{provider}" not in path  # a webhook's body is the gateway's, signed
    ]


@pytest.mark.parametrize("body", [[1, 2], "text", 5, None])
def test_no_refusal_of_a_body_that_is_not_an_object_names_a_class_of_ours(client, body) -> None:
    headers = bearer(sign_up(client)["access"]) | {"Content-Type": "application/json"}
    names = set(client.simulate_get("/schema/").json["components"]["schemas"])
    for method, path in json_operations(client):
        result = client.simulate_request(method, path, body=orjson.dumps(body), headers=headers)
        problem = assert_problem(result, 422)
        assert problem["errors"]["non_field_errors"] == ["Must be a JSON object."], path
        assert not {word for word in re.findall(r"\w+", result.text) if word in names}, path
        assert "instance" not in str(problem["errors"]), path
