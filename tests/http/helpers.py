import uuid

from falcon import testing

from tests.support.accounts import registration


def sign_up(client: testing.TestClient, name: str | None = None) -> dict:
    name = name or f"user{uuid.uuid4().hex[:8]}"
    result = client.simulate_post("/auth/registration/", json=registration(name))
    assert result.status_code == 201, result.text
    return result.json


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_problem(result: testing.Result, status: int) -> dict:
    assert result.status_code == status, result.text
    assert result.headers["content-type"] == "application/problem+json"
    body = result.json
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["request_id"] == result.headers["x-request-id"]
    assert "Traceback" not in result.text
    return body
