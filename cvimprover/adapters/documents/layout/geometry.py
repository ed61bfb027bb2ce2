"""Glyphs to words to rows, by where a PDF draws them rather than the order it draws them
in. Coordinates are points from the top-left corner of the page, so `top < bottom`."""

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

WORD_GAP = 0.2
"""Of the font size: a wider gap between two glyphs ends a word, space or no space."""
TAB_GAP = 0.9
"""Of the font size: a wider gap between two words of a row is written as a tab, if it is
also `TAB_RATIO` times the row's other gaps (which justified text widens alike)."""
TAB_RATIO = 2.5
BULLETS = frozenset("•‣◦∙●○▪▫■□►▶➢✓✔·*-\u2043\u2013\u2014")  # and the hyphen bullet, dashes


@dataclass(frozen=True)
class Glyph:
    """One drawn character, its box, its font size in points and whether its font is bold."""

    char: str
    left: float
    top: float
    right: float
    bottom: float
    size: float = 10.0
    bold: bool = False


@dataclass(frozen=True)
class Word:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    bold: bool

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def is_bullet(self) -> bool:
        return len(self.text) == 1 and (self.text in BULLETS or _private_use(self.text))


@dataclass(frozen=True)
class Row:
    """Words that share a line, left to right."""

    words: tuple[Word, ...]

    @property
    def left(self) -> float:
        return self.words[0].left

    @property
    def right(self) -> float:
        return max(word.right for word in self.words)

    @property
    def top(self) -> float:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> float:
        return max(word.bottom for word in self.words)

    @property
    def size(self) -> float:
        return median(word.size for word in self.words)

    @property
    def bold(self) -> bool:
        bold = sum(len(word.text) for word in self.words if word.bold)
        return 2 * bold > sum(len(word.text) for word in self.words)

    @property
    def bulleted(self) -> bool:
        return self.words[0].is_bullet and len(self.words) > 1

    @property
    def text_left(self) -> float:
        """Where the text starts, after a bullet."""
        return self.words[1].left if self.bulleted else self.left

    @cached_property
    def text(self) -> str:
        """The words, a bullet as "•", a tab for a wide gap."""
        first = 1 if self.bulleted else 0
        gaps = [word.left - before.right for before, word in _pairs(self.words[first:])]
        parts = ["• "] if first else []
        parts.append(self.words[first].text)
        for index, (before, word) in enumerate(_pairs(self.words[first:])):
            others = gaps[:index] + gaps[index + 1 :]
            wide = gaps[index] >= TAB_GAP * min(before.size, word.size)
            if wide and others:
                wide = gaps[index] >= TAB_RATIO * median(others)
            parts += ["\t" if wide else " ", word.text]
        return "".join(parts)

    @property
    def has_tab(self) -> bool:
        return "\t" in self.text


def words(glyphs: Iterable[Glyph]) -> list[Word]:
    """Glyphs in drawing order to words: a space, a wide gap, a step back or a change of
    line ends a word."""
    found: list[Word] = []
    current: list[Glyph] = []
    for glyph in glyphs:
        space = is_space(glyph.char)
        if current and (space or not _continues(current[-1], glyph)):
            found.append(_word(current))
            current = []
        if not space:
            current.append(glyph)
    if current:
        found.append(_word(current))
    return found


def median(values: Iterable[float]) -> float:
    """The middle value (the higher of two), without importing `statistics`, which takes
    longer to load than a page takes to read."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


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
    return [Row(_without_overprints(sorted(group, key=lambda w: w.left))) for group in grouped]


def overlap_vertically(a: Word | Glyph, b: Word | Glyph) -> bool:
    shared = min(a.bottom, b.bottom) - max(a.top, b.top)
    return shared >= 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _continues(before: Glyph, glyph: Glyph) -> bool:
    size = max(before.size, glyph.size)
    gap = glyph.left - before.right
    stepped_back = glyph.left < before.left - 0.1 * size
    return overlap_vertically(before, glyph) and not stepped_back and gap <= WORD_GAP * size


def _word(glyphs: Sequence[Glyph]) -> Word:
    return Word(
        text="".join(glyph.char for glyph in glyphs),
        left=min(glyph.left for glyph in glyphs),
        top=min(glyph.top for glyph in glyphs),
        right=max(glyph.right for glyph in glyphs),
        bottom=max(glyph.bottom for glyph in glyphs),
        size=median(glyph.size for glyph in glyphs),
        bold=2 * sum(glyph.bold for glyph in glyphs) > len(glyphs),
    )


def _without_overprints(line: Sequence[Word]) -> tuple[Word, ...]:
    """Drops a word drawn again over itself (a fake bold, a shadow)."""
    kept: list[Word] = []
    for word in line:
        if kept and word.text == kept[-1].text and word.left - kept[-1].left < 0.3 * word.size:
            continue
        kept.append(word)
    return tuple(kept)


def _pairs(found: Sequence[Word]) -> list[tuple[Word, Word]]:
    return list(pairwise(found))


def _private_use(character: str) -> bool:
    """Symbol fonts' bullets (Word's Symbol and Wingdings) map to the private use area."""
    return "\ue000" <= character <= "\uf8ff"
