"""A CV's personal data taken out before a vendor sees it, by the CV's structure and the
way its language writes them: the block at its top (name, address, phone, e-mail, birth,
nationality, photo), a personal-details section, labelled details and street addresses
anywhere else. The lines of dated entries keep every year and number they state."""

from dataclasses import dataclass

from cvimprover.core.cvs import personal_details as pd
from cvimprover.core.cvs.contact import Contact
from cvimprover.core.cvs.contact_block import SEGMENT, contact_line, labelled_detail, top_block
from cvimprover.core.cvs.phone_rules import PhoneReader, labelled_phone

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
TOP_LINES = 15


@dataclass(frozen=True)
class RedactedCV:
    text: str
    contact: Contact


def redact_cv(text: str, phones: PhoneReader) -> RedactedCV:
    """The CV without its owner's personal data, and the contact details it gave."""
    lines = text.splitlines()
    top = _top_length(lines)
    contact = Contact()
    kept = top_block(lines[:top], contact, phones)
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


def _body(lines: list[str], contact: Contact, phones: PhoneReader) -> list[str]:
    kept: list[str] = []
    section, pending = "other", None
    for line in lines:
        section = pd.heading_kind(line) or section
        if section == "personal":
            _, pending = contact_line(line, contact, phones, pending)
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
        labelled = labelled_detail(part)
        if labelled and labelled[0] in BODY_LABELS:
            parts[index] = MARKS[labelled[0]]
    line = pd.PROFILE_URL.sub(MARKS["profile"], pd.EMAIL.sub(MARKS["email"], "".join(parts)))
    for phone in reversed(phones.phones(line)):
        number = line[phone.start : phone.end]
        if not protected or number.startswith("+") or labelled_phone(line, phone):
            line = line[: phone.start] + MARKS["phone"] + line[phone.end :]
    return line if protected else pd.STREET_AND_TOWN.sub(MARKS["address"], line)
