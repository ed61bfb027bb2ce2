"""A CV's lines cut into sections at their headings: the ones we know, in four languages,
and any other short line set as a heading (upper case, letter-spaced, or Markdown's `#`),
which opens a section of its own rather than joining the one before."""

import re
from dataclasses import dataclass, field

from cvimprover.adapters.documents.cv_reading.dates import find_period
from cvimprover.adapters.documents.cv_reading.headings import (
    CONTACT,
    ENTRY_SECTIONS,
    section_of,
)
from cvimprover.adapters.documents.cv_reading.kinds import has_legal_form, is_role
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.words import unspaced

OTHER = "other"
"""A section JSON Resume has no place for, kept under its own title."""
INLINE = re.compile(r"^([^\W\d_][\w &/'’-]{1,38}?)\s*:\s*(\S.*)$")
MARKDOWN = re.compile(r"^#{1,6}\s+(.+)$")


@dataclass
class Block:
    section: str | None
    """None for the lines before any heading."""
    title: str
    lines: list[Line] = field(default_factory=list)


def blocks_of(lines: list[Line]) -> list[Block]:
    blocks = [Block(None, "")]
    for index, line in enumerate(lines):
        current = blocks[-1].section
        opened = _heading(line, current, lines[index - 1] if index else None,
                          lines[index + 1] if index + 1 < len(lines) else None)  # fmt: skip
        if opened is not None:
            blocks.append(Block(*opened))
            continue
        inline = INLINE.match(line.text) if current in (None, CONTACT) else None
        section = section_of(inline.group(1)) if inline and not line.bulleted else None
        if inline and section is not None and section != CONTACT:
            rest = Line((inline.group(2), *line.cells[1:]))
            blocks.append(Block(section, inline.group(1), [rest]))
            continue
        blocks[-1].lines.append(line)
    return [block for block in blocks if block.lines or block.section is not None]


def _heading(
    line: Line, current: str | None, before: Line | None, after: Line | None
) -> tuple[str, str] | None:
    if line.bulleted or len(line.cells) > 1:
        return None
    text = line.text
    markdown = MARKDOWN.match(text)
    title = unspaced(markdown.group(1) if markdown else text).strip(" :#")
    known = section_of(title)
    if known is not None:
        return known, title
    if markdown or _set_as_heading(title, current, before, after):
        return OTHER, title
    return None


def _set_as_heading(
    title: str, current: str | None, before: Line | None, after: Line | None
) -> bool:
    """An upper-case line of a few words; in a section of jobs or studies, not one beside
    a line with dates or a job title (an employer written in capitals)."""
    letters = [char for char in title if char.isalpha()]
    if len(letters) < 4 or not title.isupper() or len(title.split()) > 5:
        return False
    if any(char.isdigit() for char in title) or "@" in title or has_legal_form(title):
        return False
    if current is None and before is None:
        return False  # the first line is the name, or the document's title
    if current in ENTRY_SECTIONS:
        near = [line.text for line in (before, after) if line is not None]
        return not any(find_period(text) or is_role(text) for text in near)
    return True
