"""Gaps: what the job asks for and the CV does not show. They are advice for the CV's
owner, kept beside the improved CV and never in it: the CV and its PDF go to employers.

Improvers that write text (the AI vendors) are asked to list gaps under a final
`GAPS_HEADING`; that section is taken out of their answer here, whatever its heading's
level, and its items kept as data.
"""

import re

GAPS_HEADING = "Gaps to address"
MAX_GAPS = 50
MAX_GAP_LENGTH = 300

_ATX_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*")
_BOLD_LINE = re.compile(r" {0,3}(\*\*|__)(.+?)\1[ \t]*")
_ITEM = re.compile(r"[ \t]*(?:[-*+\u2022]|\d{1,3}[.)])[ \t]+(.*)")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_SETEXT_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_BOLD_HEADING_RANK = 7
"""A bold line standing for a heading ends at any heading."""


def split_gaps(markdown: str) -> tuple[str, list[str]]:
    """The Markdown without its gaps sections, and the gaps they listed (each once)."""
    lines = markdown.split("\n")
    kept: list[str] = []
    gaps: list[str] = []
    index = 0
    while index < len(lines):
        rank, heading_lines = _gaps_heading(lines, index)
        if rank is None:
            kept.append(lines[index])
            index += 1
            continue
        start = end = index + heading_lines
        while end < len(lines) and not _ends_section(lines, end, rank):
            end += 1
        gaps += _items(lines[start:end])
        index = end
    if len(kept) == len(lines):
        return markdown, []
    return _tidy(kept, markdown.endswith("\n")), unique(gaps)[:MAX_GAPS]


def unique(items: list[str]) -> list[str]:
    """Each item once, in its first spelling."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.casefold(), item)
    return list(seen.values())


def _gaps_heading(lines: list[str], index: int) -> tuple[int | None, int]:
    """The rank of the gaps heading at `index` (None: not one) and its number of lines."""
    line = lines[index]
    if (heading := _ATX_HEADING.fullmatch(line)) is not None:
        text, rank, size = heading.group(2) or "", len(heading.group(1)), 1
    elif (setext := _setext_rank(lines, index)) is not None:
        text, rank, size = line, setext, 2
    elif (bold := _BOLD_LINE.fullmatch(line)) is not None:
        text, rank, size = bold.group(2), _BOLD_HEADING_RANK, 1
    else:
        return None, 1
    named = _plain(text).strip("*_: ").casefold() == GAPS_HEADING.casefold()
    return (rank, size) if named else (None, 1)


def _setext_rank(lines: list[str], index: int) -> int | None:
    """1 or 2 when the line is a heading underlined with `=` or `-` on the next line."""
    if index + 1 >= len(lines) or not lines[index].strip():
        return None
    underline = _SETEXT_UNDERLINE.fullmatch(lines[index + 1])
    return None if underline is None else 1 if underline.group(1)[0] == "=" else 2


def _ends_section(lines: list[str], index: int, rank: int) -> bool:
    if (heading := _ATX_HEADING.fullmatch(lines[index])) is not None:
        return len(heading.group(1)) <= rank
    setext = _setext_rank(lines, index)
    return setext is not None and setext <= rank and not _ITEM.fullmatch(lines[index])


def _items(lines: list[str]) -> list[str]:
    """The section's list items; without a list, its paragraphs (an introduction before
    a list is not a gap)."""
    items: list[str] = []
    paragraphs: list[str] = [""]
    in_item = False
    for line in lines:
        item = _ITEM.fullmatch(line)
        if item is not None:
            items.append(item.group(1))
            in_item = True
        elif not line.strip():
            in_item = False
            paragraphs.append("")
        elif in_item:
            items[-1] += f" {line.strip()}"
        else:
            paragraphs[-1] += f" {line.strip()}"
    found = items or [paragraph for paragraph in paragraphs if paragraph.strip()]
    return [gap for gap in (_plain(text)[:MAX_GAP_LENGTH] for text in found) if gap]


def _plain(text: str) -> str:
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", text)).split())


def _tidy(lines: list[str], final_newline: bool) -> str:
    """The kept lines without the blank lines or rule the gaps section left at the end."""
    while lines:
        if not lines[-1].strip():
            lines.pop()
        elif _RULE.fullmatch(lines[-1]) and (len(lines) == 1 or not lines[-2].strip()):
            lines.pop()  # a thematic break, not the underline of a heading
        else:
            break
    text = "\n".join(lines)
    return f"{text}\n" if final_newline and text else text
