"""What the layout is made of: glyphs as pdfium draws them, the words they make and the
rows the words share. Coordinates are points from the top-left corner of the page, so
`top < bottom`."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

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
    spaced: bool = False
    """Set apart from the word before it by letter-spacing, as a heading's style does."""

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
        """The words, a bullet as "•", a tab for a gap wide for the type and beside the
        row's usual gap (its lower median), which justified text widens with the rest."""
        first = 1 if self.bulleted else 0
        pairs = _pairs(self.words[first:])
        gaps = sorted(word.left - before.right for before, word in pairs)
        usual = gaps[(len(gaps) - 1) // 2] if len(gaps) > 1 else 0.0
        parts = ["• "] if first else []
        parts.append(self.words[first].text)
        for before, word in pairs:
            gap = word.left - before.right
            wide = gap >= TAB_GAP * min(before.size, word.size) and gap >= TAB_RATIO * usual
            parts += ["\t" if wide and not word.spaced else " ", word.text]
        return "".join(parts)

    @property
    def has_tab(self) -> bool:
        return "\t" in self.text


def word_of(parts: Sequence[Glyph | Word], text: str, *, spaced: bool = False) -> Word:
    """The word `parts` make together, spelling `text`."""
    weights = [len(part.text) if isinstance(part, Word) else 1 for part in parts]
    bold = sum(weight for weight, part in zip(weights, parts, strict=True) if part.bold)
    return Word(
        text=text,
        left=min(part.left for part in parts),
        top=min(part.top for part in parts),
        right=max(part.right for part in parts),
        bottom=max(part.bottom for part in parts),
        size=median(part.size for part in parts),
        bold=2 * bold > sum(weights),
        spaced=spaced,
    )


def median(values: Iterable[float]) -> float:
    """The middle value (the higher of two), without importing `statistics`, which takes
    longer to load than a page takes to read."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _pairs(found: Sequence[Word]) -> list[tuple[Word, Word]]:
    return list(pairwise(found))


def _private_use(character: str) -> bool:
    """Symbol fonts' bullets (Word's Symbol and Wingdings) map to the private use area."""
    return "\ue000" <= character <= "\uf8ff"
