"""Rows to the lines a person wrote: the rows a paragraph or bullet wrapped onto joined
again, the hyphenation at their ends undone, and a break marked before a paragraph that
starts after a wider gap than the usual one between rows."""

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from cvimprover.adapters.documents.layout.boxes import Row
from cvimprover.core.cvs.model import TextLine

PARAGRAPH_GAP = 0.25
"""Of the font size: how much wider than the usual gap between rows a paragraph break is."""
NEAR_EDGE = 0.15
"""Of the text's width: how near its right edge a row reaches to be taken as full."""
WIDE = 0.7
"""Of the width of the page's text: a region this wide is set in a box as wide as its rows."""
HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"
CONTACT = re.compile(r"@|://|www\.|linkedin|github|\.(?:com|org|net|io|de|fr|es)\b", re.I)
OPENERS = "(\"'„“\u2018«&"


def lines(region: Sequence[Row], *, page: int, column: int, across: float) -> list[TextLine]:
    """The lines of a region of a page whose text runs `across` points wide."""
    if not region:
        return []
    bounds = _bounds(region, across)
    usual = _usual_gap(region)
    found = [_line(region[0], page, column, starts=False)]
    for before, row in pairwise(region):
        wider = PARAGRAPH_GAP * max(before.size, row.size)
        starts = row.top - before.bottom > usual + wider
        if not starts and wraps(before, row, bounds):
            text = joined(_spaced(found[-1].text), _spaced(row.text))
            found[-1] = replace(found[-1], text=text)
        else:
            found.append(_line(row, page, column, starts=starts))
    return [replace(line, text=line.text.replace(SOFT_HYPHEN, "")) for line in found]


def _bounds(region: Sequence[Row], across: float) -> tuple[float, float] | None:
    """Where the text's rows start and end, if two rows at least reach near the right edge
    or the region runs across most of the page: in a narrow column, the widest row alone
    may be a long item that did not wrap."""
    left, margin = min(row.left for row in region), max(row.right for row in region)
    reaching = sum(1 for row in region if row.right >= margin - NEAR_EDGE * (margin - left))
    wide = margin - left >= WIDE * across
    return (left, margin) if reaching >= 2 or wide else None


def wraps(before: Row, row: Row, bounds: tuple[float, float] | None) -> bool:
    """Whether `row` goes on with the text of `before`: it follows closely, looks the same,
    starts where the text of `before` starts, bears no bullet, and `before` ends with a
    hyphen or could not have taken the first word of `row` before the right edge of the
    text. The edge of the widest row may fall short of the edge of the box the text was
    set in, so a row that does not start in lower case must also reach near that edge.
    Without a known edge, only a hyphen joins rows."""
    if not _follows(before, row):
        return False
    if _hyphenated(before.words[-1].text):
        return True
    return bounds is not None and not _kept_apart(before, row) and _full(before, row, bounds)


def _kept_apart(before: Row, row: Row) -> bool:
    """A tab, a colon, an address or a line that starts with no word or opening quote
    (a phone number's "+", a dash) is laid out on its own on purpose."""
    last, first = before.words[-1].text, row.words[0].text
    return (
        before.has_tab
        or row.has_tab
        or last.endswith(":")
        or CONTACT.search(last) is not None
        or CONTACT.search(first) is not None
        or not (first[0].isalnum() or first[0] in OPENERS)
    )


def _full(before: Row, row: Row, bounds: tuple[float, float]) -> bool:
    left, margin = bounds
    if before.right + 0.3 * before.size + row.words[0].width <= margin:
        return False
    near = before.right >= margin - NEAR_EDGE * (margin - left)
    return near or row.words[0].text[0].islower()


def _follows(before: Row, row: Row) -> bool:
    size = before.size
    return (
        not row.bulleted
        and row.bold == before.bold
        and abs(row.size - size) <= 0.1 * size
        and row.top - before.bottom <= size
        and abs(row.left - before.text_left) <= 0.5 * size
    )


def joined(text: str, more: str) -> str:
    """Joins a wrapped row to its line: "manage-" "ment" is "management", "Software-"
    "Entwicklung" is "Software-Entwicklung"."""
    if text.endswith(SOFT_HYPHEN):
        return text[:-1] + more
    if _hyphenated(text):
        if text[-2].isalpha() and more[:1].islower():
            return text[:-1] + more
        return text[:-1] + "-" + more
    return f"{text} {more}"


def _spaced(text: str) -> str:
    """A wide gap in a row that wraps on is the stretch of justified text, not a tab."""
    return text.replace("\t", " ")


def _hyphenated(text: str) -> bool:
    return text.endswith(SOFT_HYPHEN) or (
        len(text) > 1 and text[-1] in HYPHENS and text[-2].isalnum()
    )


def _usual_gap(region: Sequence[Row]) -> float:
    """The lower quartile of the gaps between rows: the gap within a paragraph, even on a
    page of many headings and short entries."""
    gaps = sorted(row.top - before.bottom for before, row in pairwise(region))
    return gaps[len(gaps) // 4] if gaps else 0.0


def _line(row: Row, page: int, column: int, *, starts: bool) -> TextLine:
    return TextLine(
        text=row.text,
        page=page,
        x=round(row.left, 1),
        y=round(row.top, 1),
        size=round(row.size, 1),
        bold=row.bold,
        column=column,
        break_before=starts,
    )
