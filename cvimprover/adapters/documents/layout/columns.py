"""Columns on a page, from a gutter: a vertical strip that no word crosses, as tall as half
the page's text and six rows at least, with text on both sides. The sides are read as
columns if one at least is text set in a column (aligned at its left, wrapping at its
right) and the narrower is not mostly dates: a column of dates beside the entries they
date, titles beside right-aligned dates, a name beside its contacts are read across."""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from cvimprover.adapters.documents.layout.boxes import Row, Word, median
from cvimprover.adapters.documents.layout.geometry import rows
from cvimprover.adapters.documents.layout.paragraphs import lines

BIN = 2.0
"""Points: the resolution at which the gutter is looked for."""
TALL = 0.5
"""Of the height of the page's text: how tall a gutter runs at least..."""
SHORTEST = 6.0
"""...and in font sizes: the aligned gaps of a few rows of justified text are no gutter."""
DATED = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:present|today|current|now|heute|aktuell|jetzt|aujourd|actuel"
    r"|actualidad|presente|hoy)",
    re.IGNORECASE,
)
MOSTLY_DATES = 0.4
ALIGNED, INDENT = 0.8, 2.0
"""The share of a column's rows that start within `INDENT` font sizes of its left edge."""


@dataclass(frozen=True)
class Region:
    """Rows read together: `column` is 0 across the page, else 1 or 2 in reading order."""

    column: int
    rows: list[Row]


@dataclass(frozen=True)
class Strip:
    left: float
    right: float
    top: float
    bottom: float


def regions(page: Sequence[Word]) -> list[Region]:
    """What is above the columns, the column with the biggest type (the name, most often),
    the other column, what is below; or the whole page across."""
    strip = gutter(page)
    if strip is None:
        return [Region(0, rows(page))]
    above = [word for word in page if word.middle < strip.top]
    below = [word for word in page if word.middle > strip.bottom]
    beside = [word for word in page if strip.top <= word.middle <= strip.bottom]
    first = rows([word for word in beside if word.right <= strip.left])
    second = rows([word for word in beside if word.right > strip.left])
    across = max(word.right for word in page) - min(word.left for word in page)
    if not _are_columns(first, second, across):
        return [Region(0, rows(page))]
    if _biggest_type(second) > _biggest_type(first) + 0.5:
        first, second = second, first
    found = [Region(0, rows(above)), Region(1, first), Region(2, second), Region(0, rows(below))]
    return [region for region in found if region.rows]


def gutter(page: Sequence[Word]) -> Strip | None:
    """The tallest (then widest) strip between words that no word crosses."""
    if len(page) < 6:
        return None
    x0, x1 = min(word.left for word in page), max(word.right for word in page)
    top, bottom = min(word.top for word in page), max(word.bottom for word in page)
    count = math.ceil((x1 - x0) / BIN)
    covered: list[list[tuple[float, float]]] = [[] for _ in range(count)]
    for word in page:
        last = min(count, math.ceil((word.right - x0) / BIN))
        for index in range(int((word.left - x0) / BIN), last):
            covered[index].append((word.top, word.bottom))
    free = [_longest_gap(sorted(spans), top, bottom) for spans in covered]
    size = median(word.size for word in page)
    narrowest, tall = max(6.0, 0.8 * size), max(TALL * (bottom - top), SHORTEST * size)
    best: Strip | None = None
    for start in range(1, count - 1):
        end, (high, low) = _run(free, start, tall)
        strip = Strip(x0 + start * BIN, x0 + end * BIN, high, low)
        if strip.right - strip.left >= narrowest and _better(strip, best) and _between(strip, page):
            best = strip
    return best


def _better(strip: Strip, best: Strip | None) -> bool:
    """Taller, or as tall and wider."""
    if best is None:
        return True
    taller = (strip.bottom - strip.top) - (best.bottom - best.top)
    return taller > 1.0 or (taller > -1.0 and strip.right - strip.left > best.right - best.left)


def _between(strip: Strip, page: Sequence[Word]) -> bool:
    """Whether there are words on both sides of the strip, beside it."""
    beside = [word for word in page if strip.top <= word.middle <= strip.bottom]
    left = sum(1 for word in beside if word.right <= strip.left)
    return left >= 2 and len(beside) - left >= 2


def _run(
    free: list[tuple[float, float]], start: int, tall: float
) -> tuple[int, tuple[float, float]]:
    """How far right of `start` the free spans share `tall` points, and the span they share;
    never up to the last bin, which holds the right edge of a word."""
    (high, low), end = free[start], start
    while end < len(free) - 1:
        shared = max(high, free[end][0]), min(low, free[end][1])
        if shared[1] - shared[0] < tall:
            break
        (high, low), end = shared, end + 1
    return end, (high, low)


def _longest_gap(
    spans: list[tuple[float, float]], top: float, bottom: float
) -> tuple[float, float]:
    longest, reached = (top, top), top
    for span_top, span_bottom in spans:
        if span_top - reached > longest[1] - longest[0]:
            longest = (reached, span_top)
        reached = max(reached, span_bottom)
    if bottom - reached > longest[1] - longest[0]:
        longest = (reached, bottom)
    return longest


def _are_columns(first: list[Row], second: list[Row], across: float) -> bool:
    """Two sides of a gutter are columns if one at least is text set in a column, and the
    narrower is not a column of dates."""
    flowing = _flows(first, across) or _flows(second, across)
    if len(first) < 2 or len(second) < 2 or not flowing:
        return False
    narrower = min(first, second, key=lambda side: sum(len(row.text) for row in side))
    dated = sum(1 for row in narrower if DATED.search(row.text))
    return dated < MOSTLY_DATES * len(narrower)


def _flows(side: list[Row], across: float) -> bool:
    """Text set in a column: its rows start at its left edge (or a bullet's indent from it)
    and some wrap at its right edge onto the next. Names beside right-aligned contacts, a
    list set in two columns and titles beside their dates are not."""
    left = min(row.left for row in side)
    aligned = sum(1 for row in side if row.left <= left + INDENT * row.size)
    wrapped = len(lines(side, page=1, column=0, across=across)) < len(side)
    return aligned >= ALIGNED * len(side) and wrapped


def _biggest_type(side: list[Row]) -> float:
    return max(row.size for row in side)
