"""The text of a PDF page read as it is laid out, from the boxes of its glyphs alone (no
PDF library here): glyphs to words to rows, rows split into columns at a gutter, wrapped
rows joined into the lines a person wrote.

A line's text keeps a wide gap within it (before a right-aligned date, between the cells
of a table) as one tab, and writes a bullet of any kind as "•". In the text of a document,
a blank line stands before a paragraph that starts after a wider gap, before each region
(the columns, what is above and below them) and between pages."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise

from cvimprover.adapters.documents.layout.boxes import Glyph
from cvimprover.adapters.documents.layout.columns import regions
from cvimprover.adapters.documents.layout.geometry import words
from cvimprover.adapters.documents.layout.paragraphs import lines
from cvimprover.core.cvs.model import TextLine

__all__ = ["Glyph", "as_text", "read_page"]


def read_page(glyphs: Iterable[Glyph], page: int) -> list[TextLine]:
    """The lines of a page in reading order, from its glyphs in drawing order."""
    found: list[TextLine] = []
    drawn = words(glyphs)
    across = max((w.right for w in drawn), default=0.0) - min((w.left for w in drawn), default=0.0)
    for region in regions(drawn):
        read = lines(region.rows, page=page, column=region.column, across=across)
        if found and read:
            read[0] = replace(read[0], break_before=True)
        found += read
    return found


def as_text(document: Sequence[TextLine]) -> str:
    parts = [document[0].text] if document else []
    for before, line in pairwise(document):
        if line.page != before.page or line.break_before:
            parts.append("")
        parts.append(line.text)
    return "\n".join(parts)
