"""Which of the numbers a phone finder reports are phones, and which are the facts of a
CV that only look like one: dates, ranges of dates and amounts."""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cvimprover.ports.phones import FoundPhone, PhoneNumberFinder

DATE_SHAPES = re.compile(
    r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\d.])"  # 01.04.2016, 02.05.88
    r"|(?<![\d./])\d{1,2}[./-](?:19|20)\d{2}(?![\d./])"  # 04.2016, 03/2019
    r"|(?<!\d)(?:19|20)\d{2}[./-]\d{1,2}(?:[./-]\d{1,2})?(?![\d./])"  # 2016-04(-01)
    r"|(?<!\d)(?:19|20)\d{2}\s*(?:-|bis|to|until|au|à|a|hasta)\s*"
    r"(?:\d{1,2}[./])?(?:19|20)\d{2}(?!\d)"  # 2015 - 2019, 2016 bis 03.2019
)
CUT_BEFORE = re.compile(r"\d[./,-]?$")
CUT_AFTER = re.compile(r"[./,-]?\d")
RANGE_DASHES = re.compile(r"[\u2012-\u2015]|\s-\s")
CURRENCY = (
    r"[$€£¥₹%‰]|(?:EUR|USD|GBP|CHF|JPY|INR|CAD|AUD|euros?|dollars?|pounds?|libras?|"
    r"Mio\.?|Mrd\.?|Tsd\.?|TEUR|million|millions|billion|billions|milliards?|millones|"
    r"mil|bn|k|m|M|K|B)(?![\w])"
)
AMOUNT_BEFORE = re.compile(rf"(?:{CURRENCY})\s?$")
AMOUNT_AFTER = re.compile(rf"^\s?(?:{CURRENCY})")
DIALLED = re.compile(r"^(?:\+|00|\(?0)")
THOUSANDS = re.compile(r"^\d{1,3}(?:([ .,'\u00a0\u202f])\d{3})(?:\1\d{3})*$")
PHONE_WORDS = frozenset({"mobile", "mobil", "home", "work", "office", "privat", "dienstlich",
                         "portable", "fixe", "móvil", "fijo", "ext", "oder", "or", "ou", "o",
                         "y", "and", "und", "et"})  # fmt: skip
WORD_AFTER = re.compile(r"^\s+([a-zäöüßàâçéèêëîïôûùñáíóú]+)")
LABEL_BEFORE = re.compile(
    r"(?i)(?:\b(?:tel|tél|telefon|telephone|téléphone|teléfono|telf|phone|mobile?|mobil|"
    r"handy|cell|portable|móvil|movil|fax|whatsapp|mob|call|ring|appeler|llamar)\.?|☎|📞)"
    r"\s*(?:\([^)]*\))?\s*[:.\-]?\s*$"
)


@dataclass(frozen=True)
class PhoneReader:
    """Phone numbers in text, for the regions its writer likely dials from."""

    finder: PhoneNumberFinder
    regions: Sequence[str]

    def phones(self, text: str) -> list[FoundPhone]:
        """The numbers in `text` that are phones. A number labelled as one ("Tel.: ...")
        or standing alone (a value of a contact line) is never read as an amount."""
        return [
            phone
            for phone in self.finder.find(text, self.regions)
            if not is_fact(text, phone, labelled=labelled_phone(text, phone) or _alone(text, phone))
        ]


def is_fact(text: str, phone: FoundPhone, *, labelled: bool = False) -> bool:
    """Whether what the finder read as a phone is a date, a range of dates or an amount
    (a labelled number - "Tel.: ..." - or one dialled with a country code or a trunk
    zero is never an amount)."""
    candidate, before, after = text[phone.start : phone.end], text[: phone.start], text[phone.end :]
    if CUT_BEFORE.search(before) or CUT_AFTER.match(after):
        return True  # a part of a longer run of digits: "01/2015 - 12/2018" read as 2015 - ...
    if DATE_SHAPES.search(candidate) or RANGE_DASHES.search(candidate):
        return True
    if labelled or DIALLED.match(candidate):
        return False  # no amount is written with a country code or a leading zero
    return bool(
        AMOUNT_BEFORE.search(before)
        or AMOUNT_AFTER.match(after)
        or THOUSANDS.match(candidate)
        or _counts_something(after)
    )


def _counts_something(after: str) -> bool:
    word = WORD_AFTER.match(after)
    return word is not None and word.group(1) not in PHONE_WORDS


def labelled_phone(text: str, phone: FoundPhone) -> bool:
    """Whether a phone label ("Tel.:", "Mobil", "Teléfono") stands right before it."""
    return bool(LABEL_BEFORE.search(text[: phone.start]))


def _alone(text: str, phone: FoundPhone) -> bool:
    return not text[: phone.start].strip(" +(") and not text[phone.end :].strip(" )")
