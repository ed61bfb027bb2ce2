"""A person signing up: the password and the registration body the tests share."""

PASSWORD = "correct horse battery staple"


def registration(username: str) -> dict[str, str]:
    """The body of `POST /auth/registration/` for `username`, at `<username>@example.com`."""
    return {
        "username": username,
        "email": f"{username}@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
