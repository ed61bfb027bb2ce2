from collections.abc import Sequence

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat

from cvimprover.ports.phones import FoundPhone, PhoneNumberFinder

MAX_TRIES = 65535  # the library's own bound on the candidates it checks in one text


class PhonenumbersPhoneFinder(PhoneNumberFinder):
    """Google's libphonenumber (the `phonenumbers` port) at leniency VALID: a number is
    found only where it is a number the region could dial, however it is written. A
    number found when reading for several regions is reported once, as the first region
    read it."""

    def find(self, text: str, regions: Sequence[str]) -> list[FoundPhone]:
        found: dict[tuple[int, int], FoundPhone] = {}
        for region in regions or ("ZZ",):
            matcher = phonenumbers.PhoneNumberMatcher(
                text, region, leniency=Leniency.VALID, max_tries=MAX_TRIES
            )
            for match in matcher:
                number = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
                found.setdefault(
                    (match.start, match.end), FoundPhone(match.start, match.end, number)
                )
        return _without_overlaps(sorted(found.values(), key=lambda p: (p.start, -p.end)))


def _without_overlaps(phones: list[FoundPhone]) -> list[FoundPhone]:
    kept: list[FoundPhone] = []
    for phone in phones:
        if not kept or phone.start >= kept[-1].end:
            kept.append(phone)
    return kept
