"""Finding phone numbers in text, in any country's format."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class FoundPhone:
    """A valid phone number at `text[start:end]`, and the number it dials (E.164)."""

    start: int
    end: int
    number: str


class PhoneNumberFinder(Protocol):
    """Every valid phone number in the text: those written with a country code in any
    country's format, national ones as the given regions (ISO 3166 codes, likeliest
    first) write them. Whether a number in a sentence is a phone or a fact is the
    caller's judgement, not the finder's."""

    def find(self, text: str, regions: Sequence[str]) -> list[FoundPhone]: ...
