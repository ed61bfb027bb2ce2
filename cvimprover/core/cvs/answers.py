"""What an improver's answer becomes before its owner sees it: headed by their name and
contact line again, and holding no phone number or e-mail address but their own."""

import re

from cvimprover.core.cvs.contact import Contact
from cvimprover.core.cvs.personal_details import EMAIL, PROFILE_URL
from cvimprover.core.cvs.phone_rules import PhoneReader

MARKER = re.compile(r"[ \t]*\[[a-z -]{3,40} removed\]")
TITLE = re.compile(r"\A\s*#[ \t]+(.+?)[ \t#]*(?:\n|\Z)")
PLACEHOLDER = re.compile(
    r"(?i)^\W*(?:(?:your|full|candidate'?s?|first|last)\s+)*(?:name|candidate|applicant|"
    r"nom|nombre|vorname|nachname)\W*$|removed|redacted"
)
LEFT_OVER = re.compile(r"\(\s*\)|\[\s*\]|(?<=\s)[|·•,;]\s*(?=[|·•,;]|$)|^\s*[|·•,;]\s*|[ \t]+$")
RESIDUE = re.compile(
    r"(?i)\b(?:tel|tél|phone|telefon|telephone|téléphone|teléfono|mobile?|mobil|handy|cell|"
    r"e-?mail|mail|courriel|correo|contact|kontakt|contacto|linkedin|github|xing|web|"
    r"website)\b|[\W_]"
)
SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
EMPTY = re.compile(
    r"(?i)^\s*(?:[-*]\s*)?(?:(?:tel|tél|phone|telefon|mobile?|mobil|handy|e-?mail|courriel|"
    r"correo|contact|kontakt|contacto)\.?\s*:?)?\s*$"
)


def with_contact(markdown: str, contact: Contact, phones: PhoneReader) -> str:
    """The answer under the person's name heading and contact line; an invented phone or
    e-mail becomes theirs, or goes when they gave none; removal markers go too."""
    lines = [_own_details_only(line, contact, phones) for line in markdown.splitlines()]
    title, body = _title("\n".join(line for line in lines if line is not None))
    name = contact.name or (title if title and not PLACEHOLDER.search(title) else None)
    head = [f"# {name}"] if name else []
    head += [contact.line()] if contact.line() else []
    if title and name != title and not PLACEHOLDER.search(title):
        head.append(title)  # the vendor's own headline, kept under the name
    return "\n\n".join([*head, body.strip()]).strip() + "\n"


def _own_details_only(line: str, contact: Contact, phones: PhoneReader) -> str | None:
    """The line with the person's own details only; None when it is a contact line (ours
    replaces it) or nothing is left of it."""
    found = phones.phones(line)
    changed = line
    for phone in reversed(found):
        changed = changed[: phone.start] + "\0" + changed[phone.end :]
    if changed != line or EMAIL.search(line) or MARKER.search(line) or PROFILE_URL.search(line):
        residue = RESIDUE.sub("", PROFILE_URL.sub("", EMAIL.sub("", MARKER.sub("", changed))))
        if not residue.replace("\0", "").strip():
            return None
    changed = EMAIL.sub(lambda m: _own_email(m.group(), contact), changed)
    changed = MARKER.sub("", changed.replace("\0", contact.phone or ""))
    if changed == line:
        return line
    changed = SPACES.sub(" ", LEFT_OVER.sub("", changed))
    return None if EMPTY.match(changed) else changed


def _own_email(found: str, contact: Contact) -> str:
    return found if found.lower() in (e.lower() for e in contact.emails) else contact.email or ""


def _title(markdown: str) -> tuple[str | None, str]:
    match = TITLE.match(markdown)
    if match is None:
        return None, markdown
    return match.group(1).strip(), markdown[match.end() :]
