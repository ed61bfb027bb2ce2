from zxcvbn import zxcvbn

from cvimprover.ports.security import PasswordPolicy

NUMERIC = "This password is entirely numeric."
TOO_COMMON = "This password is too common or too easy to guess."
TOO_SIMILAR = "The password is too similar to the username or e-mail address."


class ZxcvbnPasswordPolicy(PasswordPolicy):
    """Refuses guessable passwords: common ones, all digits, or built from the user's own names.

    zxcvbn scores 0-4 by estimated guesses, with the user's inputs as dictionary words.
    """

    def __init__(self, *, minimum_score: int = 2) -> None:
        self._minimum_score = minimum_score

    def problems(self, password: str, *, user_inputs: list[str]) -> list[str]:
        if password.isdigit():
            return [NUMERIC]
        inputs = _input_words(user_inputs)
        if any(len(word) >= 4 and word in password.casefold() for word in inputs):
            return [TOO_SIMILAR]
        result = zxcvbn(password, user_inputs=inputs)
        if result["score"] < self._minimum_score:
            warning = result["feedback"].get("warning")
            return [f"{TOO_COMMON} {warning}" if warning else TOO_COMMON]
        return []


def _input_words(user_inputs: list[str]) -> list[str]:
    """The inputs themselves, plus the local part of an e-mail address."""
    words = [value.casefold() for value in user_inputs if value]
    return words + [word.split("@", 1)[0] for word in words if "@" in word]
