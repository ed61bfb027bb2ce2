"""A CV the offline improver makes fit on one page when its owner asks for one: the least
telling lines go first (interests, then the later bullets of each entry, the longest skill
and gap lists, the CV's own summary), and never an entry itself: every job with its dates,
every degree and every certificate stays.

The page is that of the classic template on A4, the default PDF, measured in its lines of
body text: a line holds about CHARS_PER_LINE characters and a page LINES_PER_PAGE lines,
less those of the name heading and contact line that are put back afterwards."""

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from cvimprover.adapters.ai.cv_sections import CV, SUMMARY, YEAR, Line

CHARS_PER_LINE = 100
LINES_PER_PAGE = 52.0  # measured: 56 estimated lines still fit, 59 did not
NAME_AND_CONTACT = 5.0
HEADING_LINES = {"# ": 3.0, "## ": 2.4, "### ": 1.6}
DROPPED_FIRST = ("Interests",)


@dataclass(frozen=True)
class Draft:
    cv: CV
    skills: list[str]
    gaps: list[str]


Step = Callable[[Draft], Draft]


def fitted(draft: Draft, render: Callable[[Draft], str], entry_sections: frozenset[str]) -> str:
    """The draft rendered, trimmed step by step until it fits on one page (or nothing
    more may go)."""
    markdown = render(draft)
    for step in _steps(entry_sections):
        if page_lines(markdown) + NAME_AND_CONTACT <= LINES_PER_PAGE:
            break
        draft = step(draft)
        markdown = render(draft)
    return markdown


def page_lines(markdown: str) -> float:
    """How many lines of body text the Markdown takes on the page."""
    total = 0.0
    for line in markdown.splitlines():
        if not line.strip():
            continue
        prefix = next((p for p in HEADING_LINES if line.startswith(p)), None)
        if prefix is not None:
            total += HEADING_LINES[prefix] + _wrapped(len(line) - len(prefix)) - 1
        elif line.startswith("- "):
            total += _wrapped(len(line) + 4) + 0.15
        else:
            total += _wrapped(len(line)) + 0.45
    return total


def _wrapped(characters: int) -> int:
    return max(1, math.ceil(characters / CHARS_PER_LINE))


def _steps(entry_sections: frozenset[str]) -> list[Step]:
    def bullets(most: int) -> Step:
        return lambda d: replace(d, cv=_capped(d.cv, most, entry_sections))

    def skills(most: int) -> Step:
        return lambda d: replace(d, skills=d.skills[:most])

    def gaps(most: int) -> Step:
        return lambda d: replace(d, gaps=d.gaps[:most])

    return [
        lambda d: replace(d, cv=_without(d.cv, DROPPED_FIRST)),
        bullets(4), skills(15), gaps(5), bullets(3),
        lambda d: replace(d, cv=_without(d.cv, (SUMMARY,))),
        bullets(2), skills(10), gaps(3), bullets(1), skills(6), gaps(0),
    ]  # fmt: skip


def _without(cv: CV, titles: tuple[str, ...]) -> CV:
    return CV(cv.name, {t: lines for t, lines in cv.sections.items() if t not in titles})


def _capped(cv: CV, most: int, entry_sections: frozenset[str]) -> CV:
    """At most `most` lines under each entry (a dated, unbulleted line) of the sections
    of entries; the entries themselves all stay."""
    sections = dict(cv.sections)
    for title in entry_sections & set(sections):
        kept: list[Line] = []
        under = 0
        for line in sections[title]:
            heads = not line.bulleted and bool(YEAR.search(line.text))
            under = 0 if heads else under + 1
            if heads or under <= most:
                kept.append(line)
        sections[title] = kept
    return CV(cv.name, sections)
