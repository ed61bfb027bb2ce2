"""Every error is RFC 9457 problem+json, never a stack trace."""

import pytest
from falcon import testing

from tests.http.helpers import assert_problem


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
