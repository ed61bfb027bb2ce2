"""The entries of a section of jobs, studies or projects: each begins at a heading line
that carries its dates (a job title with its dates right-aligned, "Acme GmbH | 2019 -
2021"), together with the lines that head it as the first entry shows (a title above,
an employer below), and goes on with its bullets."""

import re
from dataclasses import dataclass, field
from itertools import pairwise

from cvimprover.adapters.documents.cv_reading.dates import Period, find_period
from cvimprover.adapters.documents.cv_reading.lines import Line

LABELLED = re.compile(r"^[^\W\d_][\w &/+.'’-]{1,30}:\s")
MAX_HEADING_LINES = 3


@dataclass
class Entry:
    heading: list[Line] = field(default_factory=list)
    period: Period | None = None
    body: list[Line] = field(default_factory=list)


def entries_of(lines: list[Line]) -> list[Entry]:
    dated = [index for index, line in enumerate(lines) if dates_heading(line)]
    if not dated:
        return _undated_entries(lines)
    above = _heading_lines_above(lines, dated[0], 0)
    starts = [dated[0] - above]
    for previous, index in pairwise(dated):
        starts.append(index - _heading_lines_above(lines, index, previous + 1, limit=above))
    entries = [_entry(lines[: starts[0]])] if starts[0] > 0 else []
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=False):
        entries.append(_entry(lines[start:end]))
    return entries


def dates_heading(line: Line) -> bool:
    """A line that dates an entry: not a bullet, with a period of its own - in a cell of
    its own, at the start or end of the line, in brackets, or a range in a short line."""
    if line.bulleted:
        return False
    for cell in line.cells:
        period = find_period(cell)
        if period is None:
            continue
        before, after = cell[: period.begin].strip(), cell[period.finish :].strip()
        if not before or not after or (before.endswith("(") and after.startswith(")")):
            return not _mid_sentence(before, after, period)
        if period.is_range and len(cell.split()) <= 16:
            return True
        if before.endswith(("|", "–", "—", ",", "·", "•", "(", "-")):
            return True
    return False


def _mid_sentence(before: str, after: str, period: Period) -> bool:
    """ "Led the migration in 2019" mentions a year; it does not date a job."""
    return not period.is_range and bool(before) and before[-1:].isalpha() and not after


def _heading_lines_above(lines: list[Line], index: int, floor: int, limit: int = 2) -> int:
    count = 0
    while count < limit and index - count - 1 >= floor:
        line = lines[index - count - 1]
        if not heading_like(line) or dates_heading(line):
            break
        count += 1
    return count


def heading_like(line: Line) -> bool:
    """Short, not a bullet, not a sentence, not a "Label: values" line."""
    text = line.text
    return not (
        line.bulleted
        or len(text.split()) > 12
        or text.endswith((".", ";", ","))
        or text[:1].islower()
        or LABELLED.match(text)
    )


def _entry(lines: list[Line]) -> Entry:
    entry = Entry()
    for line in lines:
        dating = dates_heading(line)
        in_heading = not entry.body and len(entry.heading) < MAX_HEADING_LINES
        if in_heading and (heading_like(line) or dating):
            entry.heading.append(line)
            if dating and entry.period is None:
                entry.period = find_period(line.text)
        else:
            entry.body.append(line)
    return entry


def _undated_entries(lines: list[Line]) -> list[Entry]:
    """Without dates, a heading line after bullets begins the next entry."""
    entries: list[Entry] = []
    for line in lines:
        after_bullets = bool(entries) and bool(entries[-1].body) and entries[-1].body[-1].bulleted
        if not entries or (heading_like(line) and after_bullets):
            entries.append(Entry())
        target = entries[-1]
        if not target.body and heading_like(line) and len(target.heading) < MAX_HEADING_LINES:
            target.heading.append(line)
        else:
            target.body.append(line)
    return entries
