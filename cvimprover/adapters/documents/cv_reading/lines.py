"""The text of a CV as lines: each split into the cells its layout put apart (a tab, or a
wide gap before a right-aligned date), a bullet told from its marker, and the lines a PDF
wrapped joined back."""

import re
from dataclasses import dataclass

from cvimprover.adapters.documents.cv_reading.dates import RANGE
from cvimprover.adapters.documents.cv_reading.headings import section_of

BULLET = re.compile(r"^(?:[-*•·‣▪◦●■□►▸➢✓✔–—>]+|\d{1,2}[.)](?=\s)|o(?=\s))\s*")
CELL_GAP = re.compile(r"\t+|\s{3,}")
HYPHENATED = re.compile(r"[^\W\d_]-$")
DECORATED = re.compile(r"^[—–=*#_~-]+\s*(.+?)\s*[—–=*#_~-]+$")


@dataclass(frozen=True)
class Line:
    cells: tuple[str, ...]
    bulleted: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.cells)

    def joined(self, other: "Line") -> "Line":
        """This line with `other`, its wrapped continuation, appended."""
        last, first = self.cells[-1], other.cells[0]
        if HYPHENATED.search(last):
            glued = last[:-1] + first if first[:1].islower() else last + first
        else:
            glued = f"{last} {first}"
        return Line((*self.cells[:-1], glued, *other.cells[1:]), self.bulleted)


def lines_of(text: str) -> list[Line]:
    read: list[Line] = []
    for raw in text.splitlines():
        line = _line(raw)
        if line is None:
            continue
        if read and _continues(read[-1], line):
            read[-1] = read[-1].joined(line)
        else:
            read.append(line)
    return read


def _line(raw: str) -> Line | None:
    stripped = raw.strip()
    if not any(char.isalnum() for char in stripped):
        return None  # blank lines and rules ("-----") say nothing
    decorated = DECORATED.match(stripped)
    if decorated:  # "— EXPERIENCE —"
        stripped = decorated.group(1)
    without_bullet = BULLET.sub("", stripped, count=1)
    bulleted = without_bullet != stripped and bool(without_bullet)
    text = without_bullet if bulleted else stripped
    cells = tuple(" ".join(cell.split()) for cell in CELL_GAP.split(text) if cell.strip())
    return Line(cells, bulleted)


def _continues(previous: Line, line: Line) -> bool:
    """A line that goes on in lower case, after a bullet or a sentence, or after a line
    that ends mid-list or mid-word, is the rest of the line before it."""
    if line.bulleted or section_of(line.text) is not None:
        return False
    ends_open = previous.cells[-1].endswith((",", "-", "&", "/")) and len(line.cells) == 1
    prose = len(previous.cells) == 1 and len(previous.text) > 40
    alone = len(line.cells) == 1 and not RANGE.match(line.text)  # not "mars 2019 – ..."
    starts_low = line.cells[0][:1].islower() and alone and (previous.bulleted or prose)
    return ends_open or starts_low
