"""An entry's heading lines cut into parts - "Senior Engineer", "Acme GmbH", "Berlin" -
at the cells, bars, dashes, brackets and words ("at", "bei", "chez") that set them apart,
without the dates."""

import re

from cvimprover.adapters.documents.cv_reading.dates import Period, find_period
from cvimprover.adapters.documents.cv_reading.kinds import (
    DEGREE,
    INSTITUTION,
    has_legal_form,
    is_role,
)
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.places import is_place

SPLIT = re.compile(r"\s+[|•·♦◆]\s+|\s*\|\s*|\s+[–—-]\s+|\s+(?:at|@|bei|chez)\s+")
BRACKETS = re.compile(r"\(([^()]*)\)")


def parts_of(heading: list[Line], period: Period | None) -> list[str]:
    parts: list[str] = []
    for line in heading:
        for cell in line.cells:
            for piece in SPLIT.split(_without_dates(cell)):
                parts.extend(_comma_parts(piece))
    return [part for part in parts if any(char.isalnum() for char in part)]


def _without_dates(cell: str) -> str:
    found = find_period(cell)
    if found is None or not _is_dating(cell, found):
        return cell
    rest = f"{cell[: found.begin]} | {cell[found.finish :]}"
    return BRACKETS.sub(lambda match: f" | {match.group(1)} | ", rest.replace("()", ""))


def _is_dating(cell: str, period: Period) -> bool:
    before = cell[: period.begin].rstrip()
    return period.is_range or not before or not before[-1:].isalpha()


def _comma_parts(piece: str) -> list[str]:
    """ "Acme GmbH, Berlin" is an employer and a place; "Senior Engineer, Acme GmbH" a
    title and an employer; "Müller, Schmidt & Partner" one name."""
    piece = BRACKETS.sub(lambda match: f", {match.group(1)}", piece).strip(" ,;:|–—-")
    pieces = [part.strip() for part in piece.split(",") if part.strip()]
    if len(pieces) < 2:
        return pieces
    head, tail = pieces[:-1], pieces[-1]
    if is_place(tail) or is_place(", ".join(pieces[-2:])):
        place = (
            ", ".join(pieces[-2:]) if len(pieces) > 2 and is_place(", ".join(pieces[-2:])) else tail
        )
        rest = piece[: piece.rfind(place)].strip(" ,")
        return [*_comma_parts(rest), place] if rest else [place]
    if is_role(pieces[0]) and not is_role(", ".join(pieces[1:])):
        return [pieces[0], ", ".join(pieces[1:])]
    if has_legal_form(pieces[0]) and len(pieces) == 2:
        return pieces
    if any(DEGREE.search(part) for part in pieces) or INSTITUTION.search(pieces[0]):
        return _schooling(pieces)
    return [", ".join([*head, tail])]


def _schooling(pieces: list[str]) -> list[str]:
    """ "BSc Chemistry, University of California, Davis": a degree, and a school whose
    name goes on after its comma."""
    parts: list[str] = []
    for piece in pieces:
        after_school = bool(parts) and bool(INSTITUTION.search(parts[-1]))
        plain_piece = not (DEGREE.search(piece) or INSTITUTION.search(piece) or is_role(piece))
        if after_school and plain_piece and len(piece.split()) <= 2:
            parts[-1] = f"{parts[-1]}, {piece}"
        else:
            parts.append(piece)
    return parts
