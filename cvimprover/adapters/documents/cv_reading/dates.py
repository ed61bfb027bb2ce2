"""Dates and periods as CVs write them ("03/2019 – 05/2021", "März 2019 – heute",
"mars 2019 – aujourd'hui", "Jan 2020 – Present", "2019–2023", "seit 2021",
"2018 - Actualidad"), read into JSON Resume dates: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""

import re
from dataclasses import dataclass

from cvimprover.adapters.documents.cv_reading.words import plain

MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"),
    2: ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "fév", "fev",
        "febrero"),
    3: ("march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo"),
    4: ("april", "apr", "avril", "avr", "abril", "abr"),
    5: ("may", "mai", "mayo"),
    6: ("june", "jun", "juni", "juin", "junio"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio"),
    8: ("august", "aug", "août", "aout", "agosto", "ago"),
    9: ("september", "sept", "sep", "septembre", "septiembre", "setiembre", "set"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre"),
    11: ("november", "nov", "novembre", "noviembre"),
    12: ("december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic"),
}  # fmt: skip
MONTH_OF = {plain(name): number for number, names in MONTHS.items() for name in names}
ONGOING_WORDS = (
    "present", "current", "currently", "now", "today", "ongoing", "to date", "date",
    "heute", "bis heute", "aktuell", "jetzt", "laufend", "dato", "gegenwärtig",
    "aujourd'hui", "aujourd’hui", "présent", "actuel", "actuellement", "à ce jour",
    "ce jour", "en cours", "maintenant",
    "actualidad", "la actualidad", "presente", "hoy", "la fecha", "actual", "actualmente",
    "en curso",
)  # fmt: skip

_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
_MONTH = "|".join(sorted({re.escape(name) for names in MONTHS.values() for name in names},
                         key=len, reverse=True))  # fmt: skip
_YEAR = r"(?:19|20)\d{2}"
DATE = (
    rf"(?<![\d.])(?:\d{{1,2}}[./]\s?\d{{1,2}}[./]\s?{_YEAR}"  # 15.03.2019, 15/03/2019
    rf"|(?:0?[1-9]|1[0-2])\s?[/.-]\s?{_YEAR}"  # 03/2019, 3.2019, 03-2019
    rf"|{_YEAR}[/-](?:0[1-9]|1[0-2])(?:-[0-3]\d)?(?!\d)"  # 2019-03, 2019-03-15
    rf"|(?:\d{{1,2}}\.?\s+)?{_NOT_LETTER_BEFORE}(?:{_MONTH}){_NOT_LETTER_AFTER}\.?"
    rf"(?:\s+del?)?\s*(?:{_YEAR}|['’]\d{{2}})"  # März 2019, 1 mars 2019, marzo de 2019, Jan '20
    rf"|{_YEAR})(?![\d])"
)
_ONGOING = "|".join(re.escape(word) for word in sorted(ONGOING_WORDS, key=len, reverse=True))
ONGOING = rf"{_NOT_LETTER_BEFORE}(?:{_ONGOING}){_NOT_LETTER_AFTER}"
_FROM = r"(?:(?:from|von|vom|de|du|del|desde)\s+)?"
_TO = r"(?:\s*[–—‒−-]+\s*|\s+(?:to|until|till|bis|au|à|a|al|hasta)\s+)(?:(?:zum|le|el)\s+)?"
RANGE = re.compile(
    rf"(?i){_FROM}(?P<start>{DATE}){_TO}(?:(?P<end>{DATE})|(?P<ongoing>{ONGOING}))"
    rf"|(?P<open>{DATE})\s*[–—-]\s*$"
)
SINCE = re.compile(
    rf"(?i){_NOT_LETTER_BEFORE}(?:seit|since|depuis|desde|ab)\s+(?:dem\s+|le\s+|el\s+)?(?P<since>{DATE})"
)
SINGLE = re.compile(rf"(?i){DATE}")


@dataclass(frozen=True)
class Period:
    """When something started and ended; `end` is None while it goes on (or is unknown)."""

    start: str | None
    end: str | None
    ongoing: bool
    begin: int
    finish: int
    """Where in the text it was written."""
    single: bool = False
    """One date ("2015"), not a period: `start` and `end` are both that date."""

    @property
    def is_range(self) -> bool:
        return not self.single


def find_period(text: str) -> Period | None:
    """The first period of `text`: a range, a "since", or a single date."""
    found = RANGE.search(text)
    if found and found.group("open"):
        return Period(iso_date(found.group("open")), None, True, *found.span())
    if found:
        end = found.group("end")
        return Period(
            iso_date(found.group("start")),
            iso_date(end) if end else None,
            end is None,
            *found.span(),
        )
    since = SINCE.search(text)
    if since:
        return Period(iso_date(since.group("since")), None, True, *since.span())
    single = SINGLE.search(text)
    if single:
        date = iso_date(single.group())
        return Period(date, date, False, *single.span(), single=True)
    return None


def iso_date(written: str) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` for one date as a CV writes it."""
    text = plain(written).strip()
    numbers = [int(number) for number in re.findall(r"\d+", text)]
    name = re.search(r"[a-z]+", text.replace("del", "").replace(" de ", " "))
    if name and name.group() in MONTH_OF:
        year = numbers[-1] if numbers[-1] >= 1000 else 2000 + numbers[-1]
        return f"{year:04d}-{MONTH_OF[name.group()]:02d}"
    if len(numbers) == 3:
        first, second, year = numbers
        day, month = (second, first) if second > 12 else (first, second)
        return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    if len(numbers) == 2:
        year, month = (numbers[0], numbers[1]) if numbers[0] >= 1000 else (numbers[1], numbers[0])
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    return f"{numbers[0]:04d}" if numbers else None
