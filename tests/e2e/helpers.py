"""What the end-to-end tests share: a person signing up over real HTTP."""

import httpx

PASSWORD = "correct horse battery staple"


def signed_up(http: httpx.Client, username: str) -> dict[str, str]:
    """Registers `username` (e-mail `<username>@example.com`); their bearer header."""
    answer = http.post(
        "/auth/registration/",
        json={
            "username": username,
            "email": f"{username}@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert answer.status_code == 201, answer.text
    return {"Authorization": f"Bearer {answer.json()['access']}"}
