"""The rules every account meets, whichever way it was created or changed."""

import re
from collections.abc import Callable
from typing import TypeVar

from cvimprover.core.errors import Conflict, DomainError, InvalidInput
from cvimprover.ports.security import EmailPolicy, PasswordPolicy
from cvimprover.ports.unit_of_work import UnitOfWork

USERNAME_PATTERN = re.compile(r"^[\w.@+-]{1,150}$")
MAX_PASSWORD_LENGTH = 128
"""Bounds the hashing cost an attacker can make us pay."""

Checked = TypeVar("Checked")


class EveryProblem:
    """Runs several rules and refuses once, naming every field that broke one: a 422
    (`InvalidInput`) when any rule is broken, else a 409 (`Conflict`) for what is taken."""

    def __init__(self) -> None:
        self._invalid: list[DomainError] = []
        self._taken: list[DomainError] = []

    def check(self, rule: Callable[[], Checked], fallback: Checked) -> Checked:
        """The rule's result, or `fallback` (so that the next rules can run) if it refused."""
        try:
            return rule()
        except InvalidInput as invalid:
            self._invalid.append(invalid)
        except Conflict as taken:
            self._taken.append(taken)
        return fallback

    def raise_if_any(self) -> None:
        refusals = self._invalid + self._taken
        if not refusals:
            return
        errors: dict[str, list[str]] = {}
        for refusal in refusals:
            for field, messages in refusal.errors.items():
                errors.setdefault(field, []).extend(messages)
        detail = refusals[0].detail if len(refusals) == 1 else "Some fields are not valid."
        kind = InvalidInput if self._invalid else Conflict
        raise kind(detail, errors=errors)


class AccountRules:
    """Checks usernames, e-mails and passwords; raises `InvalidInput` or `Conflict`."""

    def __init__(self, emails: EmailPolicy, passwords: PasswordPolicy) -> None:
        self._emails = emails
        self._passwords = passwords

    def username(self, uow: UnitOfWork, username: str, *, current_id: int | None = None) -> str:
        username = username.strip()
        if not USERNAME_PATTERN.match(username):
            raise InvalidInput(
                "The username is not valid.",
                errors={"username": ["Use 1-150 letters, digits and @ . + - _ only."]},
            )
        taken = uow.users.get_by_username(username)
        if taken is not None and taken.id != current_id:
            raise Conflict(
                "A user with that username already exists.",
                errors={"username": ["A user with that username already exists."]},
            )
        return username

    def email(self, uow: UnitOfWork, email: str, *, current_id: int | None = None) -> str:
        verdict = self._emails.check(email)
        if verdict.normalized is None:
            problem = verdict.problem or "Enter a valid e-mail address."
            raise InvalidInput(problem, errors={"email": [problem]})
        taken = uow.users.get_by_email(verdict.normalized)
        if taken is not None and taken.id != current_id:
            raise Conflict(
                "A user is already registered with this e-mail address.",
                errors={"email": ["A user is already registered with this e-mail address."]},
            )
        return verdict.normalized

    def new_password(
        self,
        password1: str,
        password2: str,
        *,
        user_inputs: list[str],
        fields: tuple[str, str] = ("password1", "password2"),
    ) -> str:
        if password1 != password2:
            message = "The two password fields didn't match."
            raise InvalidInput(message, errors={fields[1]: [message]})
        problems = self._length_problems(password1) or self._passwords.problems(
            password1, user_inputs=user_inputs
        )
        if problems:
            raise InvalidInput("The password is too weak.", errors={fields[0]: problems})
        return password1

    @staticmethod
    def _length_problems(password: str) -> list[str]:
        if len(password) < 8:
            return ["This password is too short. It must contain at least 8 characters."]
        if len(password) > MAX_PASSWORD_LENGTH:
            return [f"This password is too long. Use at most {MAX_PASSWORD_LENGTH} characters."]
        return []
