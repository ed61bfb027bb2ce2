"""The contact details of a CV's top block: e-mail, phone (any country's format, found by
`phonenumbers`), web profiles and place."""

import re
from collections.abc import Iterable

import phonenumbers

from cvimprover.adapters.documents.cv_reading.dates import RANGE, SINGLE
from cvimprover.adapters.documents.cv_reading.words import plain
from cvimprover.core.cvs.resume import Profile

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
TLDS = "com|de|fr|es|io|dev|net|org|eu|co|uk|me|ch|at|be|nl|it|app|info|tech|ai|page|site"
URL = re.compile(
    rf"(?i)(?<![\w@.])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+(?:{TLDS})\b(?:/[^\s|,;()]*)?"
)
LABEL = re.compile(
    r"(?i)^(?:e-?mail|mail|courriel|correo(?: electrónico)?|tel(?:\.|efon|éfono|ephone)?|"
    r"phone|mobile?|mobil|handy|cell|tél(?:\.|éphone)?|portable|móvil|movil|celular|"
    r"linkedin|github|gitlab|xing|twitter|web(?:site|seite)?|homepage|site|portfolio|"
    r"adresse|address|anschrift|wohnort|dirección|domicilio|location|ort|ville|ciudad)"
    r"\s*[:.]?\s*(?=\S)"
)
PHONE_LABEL = re.compile(r"(?i)\b(?:tel|phone|mobil|handy|cell|tél|portable|móvil|celular)")
NETWORKS = {
    "linkedin.com": "LinkedIn", "github.com": "GitHub", "gitlab.com": "GitLab",
    "xing.com": "XING", "twitter.com": "Twitter", "x.com": "X",
    "stackoverflow.com": "Stack Overflow", "behance.net": "Behance",
    "dribbble.com": "Dribbble", "medium.com": "Medium", "kaggle.com": "Kaggle",
}  # fmt: skip
HANDLE = re.compile(r"(?i)^(linkedin|github|gitlab|xing|twitter)\s*[:/]\s*@?([\w.-]+)$")
REGIONS = {"en": ("US", "GB", "IE", "CA", "AU"), "de": ("DE", "AT", "CH"),
           "fr": ("FR", "BE", "CH", "CA", "LU"), "es": ("ES", "MX", "AR", "CO", "CL")}  # fmt: skip


def without_label(fragment: str) -> str:
    return LABEL.sub("", fragment.strip(), count=1)


def phone_in(fragment: str, regions: Iterable[str]) -> str | None:
    """A phone number as written, the first region that reads it as valid deciding the
    country of numbers written without one; never a date or a period ("04.2016 - 03.2019")."""
    for region in regions:
        for match in phonenumbers.PhoneNumberMatcher(fragment, region):
            if not _is_dates(match.raw_string) and _is_whole(fragment, match):
                return match.raw_string
    labelled = PHONE_LABEL.search(fragment) or fragment.lstrip().startswith(("+", "("))
    if labelled:  # a number in a range no country has handed out yet, e.g. 07700 900123
        for match in phonenumbers.PhoneNumberMatcher(
            fragment, next(iter(regions)), leniency=phonenumbers.Leniency.POSSIBLE
        ):
            if not _is_dates(match.raw_string):
                return match.raw_string
    return None


def _is_whole(fragment: str, match: phonenumbers.PhoneNumberMatch) -> bool:
    """Not a part of a longer number: "7700", which some country dials, inside
    "+44 7700 900417", which none has handed out yet."""
    before, after = fragment[: match.start].rstrip(" "), fragment[match.end :].lstrip(" ")
    return not (before[-1:].isdigit() or before.endswith("+") or after[:1].isdigit())


def regions_for(language: str, country: str | None) -> list[str]:
    ordered = [country] if country else []
    for code in (*REGIONS.get(language, ()), *REGIONS["en"], *REGIONS["de"], *REGIONS["fr"]):
        if code not in ordered:
            ordered.append(code)
    return [*ordered, *(code for code in REGIONS["es"] if code not in ordered)]


def _is_dates(text: str) -> bool:
    return bool(RANGE.search(text) or SINGLE.fullmatch(text.strip()))


def profile_of(url: str) -> Profile:
    address = url if re.match(r"(?i)https?://", url) else f"https://{url}"
    host = re.sub(r"(?i)^https?://(?:www\.)?", "", address).split("/")[0].lower()
    path = [part for part in re.sub(r"(?i)^https?://[^/]+", "", address).split("/") if part]
    profile: Profile = {"url": address.rstrip(".")}
    network = NETWORKS.get(host)
    if network:
        profile = {"network": network, **profile}
        names = [part for part in path if part not in ("in", "profile", "users", "u")]
        if names:
            profile["username"] = names[0].lstrip("@").rstrip(".")
    return profile


def profile_from_handle(fragment: str) -> Profile | None:
    """ "LinkedIn: annaschmidt" names a profile without its address."""
    found = HANDLE.match(fragment.strip())
    if not found:
        return None
    network = next(name for name in NETWORKS.values() if plain(name) == plain(found[1]))
    return {"network": network, "username": found[2]}
