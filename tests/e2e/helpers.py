"""What the end-to-end tests share: a person signing up over real HTTP."""

import httpx

from tests.support.accounts import registration


def signed_up(http: httpx.Client, username: str) -> dict[str, str]:
    """Registers `username` (e-mail `<username>@example.com`); their bearer header."""
    answer = http.post("/auth/registration/", json=registration(username))
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access']}"}
