"""Glyphs to words to rows, by where a PDF draws them rather than the order it draws them
in."""

import unicodedata
from collections.abc import Iterable

from cvimprover.adapters.documents.layout.boxes import Glyph, Row, Word, word_of
from cvimprover.adapters.documents.layout.respacing import unspaced, without_overprints

WORD_GAP = 0.2
"""Of the font size: a wider gap between two glyphs ends a word, space or no space."""


def words(glyphs: Iterable[Glyph]) -> list[Word]:
    """Glyphs in drawing order to words: a space, a wide gap, a step back or a change of
    line ends a word."""
    found: list[Word] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        space = is_space(glyph.char)
        if current and (space or not _continues(current[-1], glyph)):
            found.append(word_of(current, "".join(glyph.char for glyph in current)))
            current = []
        if not space:
            current.append(glyph)
    if current:
        found.append(word_of(current, "".join(glyph.char for glyph in current)))
    return found


def is_space(char: str) -> bool:
    """A space separates words; a control character (a tab among them) stays in its word,
    for whoever reads the text to drop or keep."""
    return unicodedata.category(char) == "Zs"


def rows(found: Iterable[Word]) -> list[Row]:
    """Words to rows, top to bottom: a word joins the row whose first word it overlaps
    vertically, so a right-aligned date joins the title it sits beside."""
    grouped: list[list[Word]] = []
    for word in sorted(found, key=lambda word: (word.middle, word.left)):
        if grouped and overlap_vertically(grouped[-1][0], word):
            grouped[-1].append(word)
        else:
            grouped.append([word])
    return [
        Row(unspaced(without_overprints(sorted(group, key=lambda word: word.left))))
        for group in grouped
    ]


def overlap_vertically(a: Word | Glyph, b: Word | Glyph) -> bool:
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _continues(before: Glyph, glyph: Glyph) -> bool:
    size = max(before.size, glyph.size)
    gap = glyph.left - before.right
    stepped_back = glyph.left < before.left - 0.1 * size
    return overlap_vertically(before, glyph) and not stepped_back and gap <= WORD_GAP * size
