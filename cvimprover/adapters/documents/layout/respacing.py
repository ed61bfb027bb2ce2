"""Words drawn oddly made plain: a word drawn twice over itself read once, the letters of
a letter-spaced word ("S U M M A R Y", a heading's style) one word again."""

from collections.abc import Sequence
from itertools import pairwise

from cvimprover.adapters.documents.layout.boxes import Word, median, word_of

LETTER_SPACED_GAP = 0.15
"""Of the font size: how much wider than the gap between spaced letters a space is."""


def without_overprints(line: Sequence[Word]) -> list[Word]:
    """Drops a word drawn again over itself (a fake bold, a shadow)."""
    kept: list[Word] = []
    for word in line:
        if kept and word.text == kept[-1].text and word.left - kept[-1].left < 0.3 * word.size:
            continue
        kept.append(word)
    return kept


def unspaced(line: Sequence[Word]) -> tuple[Word, ...]:
    """A run of three single letters or more is one word, split only where a gap is wider
    than its letters' gap."""
    kept: list[Word] = []
    run: list[Word] = []
    for word in (*line, None):
        if word is not None and len(word.text) == 1 and word.text.isalpha():
            run.append(word)
            continue
        kept += _spelled(run) if len(run) >= 3 else run
        run = []
        if word is not None:
            kept.append(word)
    return tuple(kept)


def _spelled(letters: list[Word]) -> list[Word]:
    gaps = [after.left - before.right for before, after in pairwise(letters)]
    spacing = median(gaps)
    spelled: list[Word] = []
    word = [letters[0]]
    for gap, letter in zip(gaps, letters[1:], strict=True):
        if gap > spacing + LETTER_SPACED_GAP * letter.size:
            spelled.append(_joined(word, spaced=bool(spelled)))
            word = []
        word.append(letter)
    return [*spelled, _joined(word, spaced=bool(spelled))]


def _joined(letters: list[Word], *, spaced: bool) -> Word:
    return word_of(letters, "".join(letter.text for letter in letters), spaced=spaced)
