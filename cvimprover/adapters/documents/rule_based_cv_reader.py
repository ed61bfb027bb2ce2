from typing import Any, cast

from cvimprover.adapters.documents.cv_reading import headings as h
from cvimprover.adapters.documents.cv_reading.basics import Contacts, basics_of
from cvimprover.adapters.documents.cv_reading.certificates import certificates_of
from cvimprover.adapters.documents.cv_reading.contacts import EMAIL, URL, regions_for
from cvimprover.adapters.documents.cv_reading.entries import entries_of
from cvimprover.adapters.documents.cv_reading.items import (
    education_of,
    project_of,
    volunteer_of,
    work_of,
)
from cvimprover.adapters.documents.cv_reading.language import language_of
from cvimprover.adapters.documents.cv_reading.lines import Line, lines_of
from cvimprover.adapters.documents.cv_reading.lists import (
    awards_of,
    interests_of,
    publications_of,
    references_of,
    skills_of,
)
from cvimprover.adapters.documents.cv_reading.names import name_in, name_line, without_name
from cvimprover.adapters.documents.cv_reading.places import country_in
from cvimprover.adapters.documents.cv_reading.sections import Block, blocks_of
from cvimprover.adapters.documents.cv_reading.spoken import is_language_name, languages_of
from cvimprover.adapters.documents.cv_reading.texts import paragraph
from cvimprover.core.cvs.resume import EXTRA_SECTIONS, Resume, Section
from cvimprover.ports.documents import CVReader

ENTRIES = {h.WORK: work_of, h.EDUCATION: education_of, h.PROJECTS: project_of,
           h.VOLUNTEER: volunteer_of}  # fmt: skip
LISTS = {h.CERTIFICATES: certificates_of, h.LANGUAGES: languages_of,
         h.INTERESTS: interests_of, h.AWARDS: awards_of, h.PUBLICATIONS: publications_of,
         h.REFERENCES: references_of}  # fmt: skip
ORDER = ("basics", "work", "volunteer", "education", "awards", "certificates", "publications",
         "skills", "languages", "interests", "references", "projects", "meta")  # fmt: skip


class RuleBasedCVReader(CVReader):
    """Reads a CV by its headings (English, German, French, Spanish; any other short line
    set as a heading opens a section of its own), its dates and its bullets, with no
    model: the same text always gives the same document."""

    def read(self, text: str) -> Resume:
        lines = lines_of(text)
        emails = EMAIL.findall(text)
        name_at = name_line(lines, emails[0] if emails else None)
        name = name_in(lines[name_at]) if name_at is not None else None
        label_at = _label_line(lines, name_at)
        blocks = blocks_of([line for i, line in enumerate(lines) if i not in (name_at, label_at)])
        language = language_of([block.title for block in blocks], text)
        contacts = Contacts(regions_for(language, country_in(_top_text(blocks))))
        beside = [lines[index] for index in (name_at, label_at) if index is not None]
        label = _label(contacts, name, beside)
        document: dict[str, Any] = {}
        extra: list[Section] = []
        for block in blocks:
            _read_block(block, document, contacts, extra)
        contacts.email = contacts.email or (emails[0] if emails else None)
        basics = {**basics_of(name, label, contacts), **document.pop("basics", {})}
        _keep_top_lines(contacts.rest, basics, extra)
        document["basics"] = basics
        document["meta"] = {EXTRA_SECTIONS: extra} if extra else {}
        return cast(Resume, {name: document[name] for name in ORDER if document.get(name)})


def _label(contacts: Contacts, name: str | None, lines: list[Line]) -> str | None:
    """What the name's line says besides the name, and the line below it, once their
    contact details are taken: the person's label ("Senior Backend Engineer")."""
    already = len(contacts.rest)
    for index, line in enumerate(lines):
        rest = without_name(line, name) if index == 0 and name else line
        if rest is not None:
            contacts.read(rest)
    said = contacts.rest[already:]
    del contacts.rest[already:]
    return " | ".join(said) or None


def _read_block(block: Block, document: dict[str, Any], contacts: Contacts,
                extra: list[Section]) -> None:  # fmt: skip
    section, lines = block.section, block.lines
    if section is None or section == h.CONTACT:
        already = len(contacts.rest)
        for line in lines:
            contacts.read(line)
        if section == h.CONTACT and contacts.rest[already:]:
            extra.append({"title": block.title, "lines": contacts.rest[already:]})
            del contacts.rest[already:]
    elif section == h.SUMMARY:
        basics = document.setdefault("basics", {})
        said = [basics.get("summary", ""), _prose(lines)]
        basics["summary"] = "\n\n".join(part for part in said if part)
    elif section == h.SKILLS:
        for skill in skills_of(lines):
            spoken = skill.get("keywords", [])
            if (
                spoken
                and h.section_of(skill.get("name", "")) == h.LANGUAGES
                and all(is_language_name(item.split("(")[0]) for item in spoken)
            ):
                document.setdefault(h.LANGUAGES, []).extend(
                    languages_of([Line((", ".join(spoken),))])
                )
            else:
                document.setdefault(h.SKILLS, []).append(skill)
    elif section in ENTRIES:
        items = [ENTRIES[section](entry) for entry in entries_of(lines)]
        document.setdefault(section, []).extend(item for item in items if item)
    elif section in LISTS:
        document.setdefault(section, []).extend(LISTS[section](lines))
    else:
        extra.append({"title": block.title, "lines": [line.text for line in lines]})


def _prose(lines: list[Line]) -> str:
    """Wrapped lines joined into paragraphs; a bullet is a paragraph of its own."""
    paragraphs: list[list[str]] = []
    for line in lines:
        if line.bulleted or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.text)
    return "\n".join(paragraph(texts) for texts in paragraphs)


def _label_line(lines: list[Line], name_at: int | None) -> int | None:
    """The line under the name that says what the person does: "Senior Backend Engineer"."""
    if name_at is None or name_at + 1 >= len(lines):
        return None
    line = lines[name_at + 1]
    text = line.text
    if line.bulleted or h.section_of(text) is not None or "@" in text or URL.search(text):
        return None
    if sum(map(str.isdigit, text)) >= 4 or len(text.split()) > 10 or text.endswith("."):
        return None
    return name_at + 1


def _top_text(blocks: list[Block]) -> str:
    tops = [block for block in blocks if block.section in (None, h.CONTACT)]
    return "\n".join(line.text for block in tops for line in block.lines)


def _keep_top_lines(rest: list[str], basics: dict[str, Any], extra: list[Section]) -> None:
    """Lines of the top block that are no contact: prose is the summary when the CV has
    none under a heading; anything else is kept as it is."""
    prose = [text for text in rest if len(text.split()) >= 8 and "summary" not in basics]
    if prose:
        basics["summary"] = paragraph(prose)
    others = [text for text in rest if text not in prose]
    if others:
        extra.insert(0, {"title": "", "lines": others})
