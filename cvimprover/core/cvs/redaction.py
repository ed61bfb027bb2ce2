"""A CV's personal data taken out before a vendor sees it, by the CV's structure and the
way its language writes them: the block at its top (name, address, phone, e-mail, birth,
nationality, photo), a personal-details section, labelled details and street addresses
anywhere else. The lines of dated entries keep every year and number they state."""

import re
from dataclasses import dataclass

from cvimprover.core.cvs import personal_details as pd
from cvimprover.core.cvs.contact import Contact
from cvimprover.core.cvs.names import person_name
from cvimprover.core.cvs.phone_rules import PhoneReader, labelled_phone

CONTACT_REMOVED = "[name and contact details removed]"
MARKS = {
    "birth": "[date of birth removed]",
    "birthplace": "[place of birth removed]",
    "nationality": "[personal details removed]",
    "marital": "[personal details removed]",
    "phone": "[phone removed]",
    "email": "[e-mail removed]",
    "address": "[address removed]",
    "location": "[address removed]",
    "profile": "[profile removed]",
}
BODY_LABELS = frozenset(MARKS) - {"profile"}
"""Labelled details taken out wherever they are (a company's website stays)."""
SEGMENT = re.compile(r"(\s+[|·•◦▪\u2013\u2014]\s+|\s*[|·•◦▪]\s*|\t+|\s{3,}|;\s+)")
TOP_LINES = 15
LOCATION = re.compile(
    r"^[A-ZÀ-Ý][\w'\u00c0-\u024f.-]*(?:[ -][A-ZÀ-Ý][\w'.-]*){0,2}"
    r"(?:,\s*[A-ZÀ-Ý][\w'\u00c0-\u024f.-]*(?:\s[A-ZÀ-Ý][\w'.-]*){0,2})*$"
)
DATE_WORDS = re.compile(
    rf"(?i)\b(?:present|now|today|current|heute|jetzt|aktuell|bis|since|seit|aujourd'hui|"
    rf"actuel|depuis|actualidad|presente|hoy|desde|to|au|a|{pd.MONTHS})\b\.?"
)
Found = list[tuple[str, str]]


@dataclass(frozen=True)
class RedactedCV:
    text: str
    contact: Contact


def redact_cv(text: str, phones: PhoneReader) -> RedactedCV:
    """The CV without its owner's personal data, and the contact details it gave."""
    lines = text.splitlines()
    top = _top_length(lines)
    contact = Contact()
    kept = _top_block(lines[:top], contact, phones)
    kept += _body(lines[top:], contact, phones)
    return RedactedCV("\n".join(kept), contact)


def redact_text(text: str, phones: PhoneReader) -> str:
    """Free text (a request, a job description) without e-mails, phones, birth dates,
    labelled personal details and street addresses."""
    return "\n".join(_body_line(line, phones, protected=False) for line in text.splitlines())


def _top_length(lines: list[str]) -> int:
    """The block above the first section heading (at most TOP_LINES lines)."""
    for index, line in enumerate(lines[:TOP_LINES]):
        if pd.heading_kind(line):
            return index
    return min(TOP_LINES, len(lines))


def _top_block(lines: list[str], contact: Contact, phones: PhoneReader) -> list[str]:
    kept: list[str] = []
    name_at, pending, marked = _name_line(lines), None, False
    for index, read in enumerate(lines):
        line, removed = read, index == name_at
        if removed:
            segments = _segments(read)
            contact.add("name", person_name(segments[0]) or "")
            line = " · ".join(segments[1:])
        rest, pending = _contact_line(line, contact, phones, pending)
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


def _contact_line(
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


def _body(lines: list[str], contact: Contact, phones: PhoneReader) -> list[str]:
    kept: list[str] = []
    section, pending = "other", None
    for line in lines:
        section = pd.heading_kind(line) or section
        if section == "personal":
            _, pending = _contact_line(line, contact, phones, pending)
            continue
        protected = section == "entries" and any(char.isdigit() for char in line)
        kept.append(_body_line(line, phones, protected=protected))
    return kept


def _body_line(line: str, phones: PhoneReader, *, protected: bool) -> str:
    """A line of the CV's body, its labelled details, e-mails and profiles taken out;
    and, unless it states a job's or a degree's facts, its phones and street address."""
    line = pd.BIRTH_INLINE.sub(MARKS["birth"], line)
    parts = SEGMENT.split(line)
    for index, part in enumerate(parts):
        labelled = _labelled(part)
        if labelled and labelled[0] in BODY_LABELS:
            parts[index] = MARKS[labelled[0]]
    line = pd.PROFILE_URL.sub(MARKS["profile"], pd.EMAIL.sub(MARKS["email"], "".join(parts)))
    for phone in reversed(phones.phones(line)):
        number = line[phone.start : phone.end]
        if not protected or number.startswith("+") or labelled_phone(line, phone):
            line = line[: phone.start] + MARKS["phone"] + line[phone.end :]
    return line if protected else pd.STREET_AND_TOWN.sub(MARKS["address"], line)


def _personal(segment: str, phones: PhoneReader, *, top: bool) -> Found:
    """The personal details a segment of a line gives, by kind."""
    if pd.PHOTO.match(segment.strip()):
        return [("photo", "")]
    if (labelled := _labelled(segment)) is not None:
        return [labelled]
    found: Found = [("email", email) for email in pd.EMAIL.findall(segment)]
    urls = pd.URL if top else pd.PROFILE_URL
    found += [("profile", url) for url in urls.findall(pd.EMAIL.sub("", segment))]
    found += [("phone", segment[p.start : p.end]) for p in phones.phones(segment)]
    if (street := pd.STREET.search(segment)) is not None:
        found.append(("address", street.group()))
    if (town := pd.POSTCODE_CITY.search(segment)) is not None:
        found.append(("location", pd.town(town.group())))
    return found


def _labelled(segment: str) -> tuple[str, str] | None:
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
    labelled = _labelled(line)
    return labelled[0] if labelled and not labelled[1].strip() else None


def _location(segment: str) -> Found:
    text = segment.strip()
    return [("location", text)] if LOCATION.match(text) and not pd.ROLE.search(text) else []


def _dates(line: str) -> bool:
    return any(char.isdigit() for char in line) and not DATE_WORDS.sub("", line).strip(
        " 0123456789./-\u2013\u2014()"
    )


def _segments(line: str) -> list[str]:
    return [part for part in SEGMENT.split(line.strip())[::2] if part.strip()] or [""]
