"""Comparing words as a reader of CVs does: case, accents, letter-spacing and punctuation
aside."""

import re
import unicodedata

LETTERS = re.compile(r"[^\W\d_]+")


def plain(text: str) -> str:
    """Lower case, without accents: "Expérience" -> "experience"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def key(text: str) -> str:
    """The letters only: "S U M M A R Y", "Summary:" and "— SUMMARY —" are all "summary"."""
    return "".join(LETTERS.findall(plain(text)))


def words(text: str) -> list[str]:
    return LETTERS.findall(plain(text))


def unspaced(text: str) -> str:
    """A letter-spaced heading read back: "S U M M A R Y" -> "SUMMARY",
    "B E R U F S  E R F A H R U N G" -> "BERUFS ERFAHRUNG"; other text unchanged."""
    tokens = text.split(" ")
    letters = [token for token in tokens if token]
    if len(letters) < 4 or sum(len(token) == 1 for token in letters) < 0.7 * len(letters):
        return text
    runs = re.split(r"\s{2,}", text.strip())
    return " ".join(run.replace(" ", "") for run in runs)
