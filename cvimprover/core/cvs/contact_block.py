"""The contact block at the top of a CV (and a personal-details section) read line by
line: its name, its labelled details, the values of a contact line split at its
separators, and what is left of each line once they are taken out."""

import re

from cvimprover.core.cvs import personal_details as pd
from cvimprover.core.cvs.contact import Contact
from cvimprover.core.cvs.names import person_name
from cvimprover.core.cvs.phone_rules import DATE_SHAPES, PhoneReader

CONTACT_REMOVED = "[name and contact details removed]"
SEGMENT = re.compile(r"(\s+[|·•◦▪\u2013\u2014]\s+|\s*[|·•◦▪]\s*|\t+|\s{3,}|;\s+)")
LOCATION = re.compile(
    r"^[A-ZÀ-Ý][\w'\u00c0-\u024f.-]*(?:[ -][A-ZÀ-Ý][\w'.-]*){0,2}"
    r"(?:,\s*[A-ZÀ-Ý][\w'\u00c0-\u024f.-]*(?:\s[A-ZÀ-Ý][\w'.-]*){0,2})*$"
)
DATE_WORDS = re.compile(
    rf"(?i)\b(?:present|now|today|current|heute|jetzt|aktuell|bis|since|seit|aujourd'hui|"
    rf"actuel|depuis|actualidad|presente|hoy|desde|to|au|a|{pd.MONTHS})\b\.?"
)
NUMBER_ONLY = re.compile(r"\+?[\d\s()./-]+")
Found = list[tuple[str, str]]


def top_block(lines: list[str], contact: Contact, phones: PhoneReader) -> list[str]:
    """The lines of the top block with the name and contact details taken into `contact`,
    one marker where they were."""
    kept: list[str] = []
    name_at, pending, marked = _name_line(lines), None, False
    for index, read in enumerate(lines):
        line, removed = read, index == name_at
        if removed:
            segments = _segments(read)
            contact.add("name", person_name(segments[0]) or "")
            line = " · ".join(segments[1:])
        rest, pending = contact_line(line, contact, phones, pending)
        removed = removed or rest != line
        if removed and not marked:
            kept.append(CONTACT_REMOVED)
            marked = True
        if rest or not removed:
            kept.append(rest)
    return kept


def _name_line(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        words = line.strip(" #*").lower()
        if not words or words in pd.DOCUMENT_TITLES or pd.PHOTO.match(words) or _dates(words):
            continue  # right-aligned dates a PDF gives before the name come first in its text
        return index if person_name(_segments(line)[0]) else None
    return None


def contact_line(
    line: str, contact: Contact, phones: PhoneReader, pending: str | None
) -> tuple[str, str | None]:
    """What is left of a line of the top block once its contact details are taken into
    `contact`, and the kind of detail the next line gives when this one is a bare label."""
    if not line.strip():
        return line, pending
    if pending:
        contact.add(pending, line.strip())
        return "", None
    segments = _segments(line)
    found = [_personal(segment, phones, top=True) for segment in segments]
    if any(found) or (len(segments) == 1 and "," in line and LOCATION.match(line.strip())):
        found = [f or _location(segment) for segment, f in zip(segments, found, strict=True)]
    if not any(found):
        return line, None
    for items in found:
        for kind, value in items:
            contact.add(kind, value)
    label = _bare_label(line)
    return " · ".join(s for s, f in zip(segments, found, strict=True) if not f), label


def _personal(segment: str, phones: PhoneReader, *, top: bool) -> Found:
    """The personal details a segment of a line gives, by kind."""
    if pd.PHOTO.match(segment.strip()):
        return [("photo", "")]
    if (labelled := labelled_detail(segment)) is not None:
        return [labelled]
    found: Found = [("email", email) for email in pd.EMAIL.findall(segment)]
    urls = pd.URL if top else pd.PROFILE_URL
    found += [("profile", url) for url in urls.findall(pd.EMAIL.sub("", segment))]
    found += [("phone", segment[p.start : p.end]) for p in phones.phones(segment)]
    if not found and _number_only(segment):
        found.append(
            ("phone", segment.strip())
        )  # one no region dials, a contact block's all the same
    if (street := pd.STREET.search(segment)) is not None:
        found.append(("address", street.group()))
    if (town := pd.POSTCODE_CITY.search(segment)) is not None:
        found.append(("location", pd.town(town.group())))
    return found


def labelled_detail(segment: str) -> tuple[str, str] | None:
    """The kind and value of a labelled detail ("Tel.: 0171/2345678"), if it is one."""
    match = pd.LABELLED.match(segment)
    if match is None:
        return None
    label, colon, value = match.group(1).lower(), match.group(2), match.group(3)
    kind = pd.LABEL_KIND[label]
    if label in pd.WORD_LABELS and colon != ":" and not (kind == "birth" and pd.DATE.search(value)):
        return None  # "born out of a hackathon in 2019", "Home office"
    if kind == "address":
        town = pd.POSTCODE_CITY.search(value)
        return ("location", pd.town(town.group())) if town else ("address", value)
    return kind, value


def _bare_label(line: str) -> str | None:
    labelled = labelled_detail(line)
    return labelled[0] if labelled and not labelled[1].strip() else None


def _location(segment: str) -> Found:
    text = segment.strip()
    return [("location", text)] if LOCATION.match(text) and not pd.ROLE.search(text) else []


def _dates(line: str) -> bool:
    return any(char.isdigit() for char in line) and not DATE_WORDS.sub("", line).strip(
        " 0123456789./-\u2013\u2014()"
    )


def _number_only(segment: str) -> bool:
    """A value of digits alone, as a phone is written, and no date."""
    text = segment.strip()
    digits = sum(char.isdigit() for char in text)
    return bool(NUMBER_ONLY.fullmatch(text)) and digits >= 7 and not DATE_SHAPES.search(text)


def _segments(line: str) -> list[str]:
    return [part for part in SEGMENT.split(line.strip())[::2] if part.strip()] or [""]
