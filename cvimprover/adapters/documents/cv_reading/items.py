"""Entries read into JSON Resume items: a job's title, employer and place, a degree's
school, kind and subject, a project's name; bullets as highlights. A part of a heading
that fits none of an item's fields is kept in its description (a study's summary)."""

import re
from collections.abc import Callable
from typing import Any, cast

from cvimprover.adapters.documents.cv_reading.contacts import URL, profile_of
from cvimprover.adapters.documents.cv_reading.entries import Entry
from cvimprover.adapters.documents.cv_reading.kinds import (
    DEGREE,
    INSTITUTION,
    has_legal_form,
    is_role,
)
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.parts import parts_of
from cvimprover.adapters.documents.cv_reading.places import is_place
from cvimprover.adapters.documents.cv_reading.texts import items_of, paragraph
from cvimprover.core.cvs.resume import Education, Project, Volunteer, Work

SCORE = re.compile(
    r"(?i)^(?:(?:gpa|grade|note|abschlussnote|gesamtnote|mention|nota(?: media)?|"
    r"calificación|final grade)\b.*\d.*|(?:first|upper second|lower second)[- ]class.*|"
    r"(?:summa |magna )?cum laude|with (?:distinction|honou?rs)|mit auszeichnung|"
    r"mention (?:très bien|bien|assez bien)|matrícula de honor)$"
)
CONNECTOR = re.compile(r"(?i)^(?:(?:in|en|of|im|zum|zur|der|de|du|des|del)\s+|d['’]\s*|[:,–-]\s*)")
KEYWORDS = re.compile(
    r"(?i)^(?:tech(?:nologies|nologien|nologías|nologie)?|stack|tools|outils|herramientas|"
    r"werkzeuge|technologies utilisées|tecnologías|keywords)\s*:\s*(.+)$"
)


def work_of(entry: Entry) -> Work:
    parts = parts_of(entry.heading, entry.period)
    position = _take(parts, lambda part: is_role(part) and not has_legal_form(part))
    employer = _take(parts, has_legal_form)
    location = _take(parts, is_place)
    if position is None and parts:
        position = parts.pop(0)  # nothing says which is which: the title comes first
    if employer is None and parts:
        employer = parts.pop(0)
    summary, highlights = _body(entry)
    work = _compact(
        name=employer, location=location, description=" · ".join(parts), position=position,
        startDate=_start(entry), endDate=_end(entry), summary=summary,
        highlights=highlights,
    )  # fmt: skip
    return cast(Work, work)


def volunteer_of(entry: Entry) -> Volunteer:
    work = work_of(entry)
    context = " · ".join(filter(None, [work.get("description"), work.get("location")]))
    volunteer = _compact(
        organization=work.get("name"), position=work.get("position"),
        startDate=work.get("startDate"), endDate=work.get("endDate"),
        summary=" ".join(filter(None, [context, work.get("summary")])),
        highlights=work.get("highlights"),
    )  # fmt: skip
    return cast(Volunteer, volunteer)


def education_of(entry: Entry) -> Education:
    parts = parts_of(entry.heading, entry.period)
    degree = _take(parts, lambda part: bool(DEGREE.search(part)))
    institution = _take(parts, lambda part: bool(INSTITUTION.search(part)))
    score = _take(parts, lambda part: bool(SCORE.match(part)))
    location = _take(parts, is_place)
    study_type, area = _degree(degree) if degree else (None, None)
    if not area and parts and (degree or institution):
        area = parts.pop(0)
    if institution is None and parts:
        institution = parts.pop(0)
    summary, courses = _body(_without_score(entry) if score is None else entry)
    score = score or _score_in(entry)
    education = _compact(
        institution=institution, area=area, studyType=study_type,
        startDate=_start(entry, single_is_end=True), endDate=_end(entry), score=score,
        courses=courses,
        location=location, summary=" · ".join(filter(None, [" · ".join(parts), summary])),
    )  # fmt: skip
    return cast(Education, education)


def project_of(entry: Entry) -> Project:
    entry = _named(entry)
    parts = parts_of(entry.heading, entry.period)
    name = parts.pop(0) if parts else None
    roles = [part for part in parts if is_role(part)]
    entity = _take(parts, has_legal_form)
    parts = [part for part in parts if part not in roles]
    keywords = [item for line in entry.body for item in _keywords(line.text)]
    described = [line for line in entry.body if not _keywords(line.text)]
    body = Entry(entry.heading, entry.period, described)
    summary, highlights = _body(body)
    urls = [found for line in entry.heading + entry.body for found in URL.findall(line.text)]
    project = _compact(
        name=name, description=" ".join(filter(None, [" · ".join(parts), summary])),
        highlights=highlights, keywords=keywords, startDate=_start(entry),
        endDate=_end(entry), url=profile_of(urls[0])["url"] if urls else None,
        roles=roles, entity=entity,
    )  # fmt: skip
    return cast(Project, project)


def _named(entry: Entry) -> Entry:
    """ "School attendance analysis: cleaned and joined..." names its project first."""
    if entry.heading or not entry.body:
        return entry
    first = entry.body[0]
    name, colon, rest = first.text.partition(": ")
    if not colon or len(name.split()) > 6:
        return entry
    body = [Line((rest,), first.bulleted), *entry.body[1:]]
    return Entry([Line((name,))], entry.period, body)


def _score_in(entry: Entry) -> str | None:
    scores = [line.text for line in entry.body if SCORE.match(line.text)]
    return scores[0] if scores else None


def _without_score(entry: Entry) -> Entry:
    score = _score_in(entry)
    body = [line for line in entry.body if line.text != score]
    return Entry(entry.heading, entry.period, body)


def _degree(part: str) -> tuple[str, str | None]:
    found = DEGREE.search(part)
    if found is None:
        return part, None
    rest = (part[: found.start()] + " " + part[found.end() :]).strip(" ,()")
    return found.group().strip(), CONNECTOR.sub("", rest).strip(" ,()") or None


def _keywords(text: str) -> list[str]:
    found = KEYWORDS.match(text)
    return items_of(found.group(1)) if found else []


def _body(entry: Entry) -> tuple[str | None, list[str]]:
    """The prose before the first bullet, and the bullets (and what follows them)."""
    prose: list[str] = []
    highlights: list[str] = []
    for line in entry.body:
        if line.bulleted or highlights:
            highlights.append(line.text)
        else:
            prose.append(line.text)
    return paragraph(prose) or None, highlights


def _take(parts: list[str], wanted: Callable[[str], bool]) -> str | None:
    for index, part in enumerate(parts):
        if wanted(part):
            return parts.pop(index)
    return None


def _start(entry: Entry, *, single_is_end: bool = False) -> str | None:
    """A job dated by one year started and ended in it; a degree dated so ended in it."""
    period = entry.period
    if period is None or (single_is_end and not period.is_range):
        return None
    return period.start


def _end(entry: Entry) -> str | None:
    return entry.period.end if entry.period else None


def _compact(**fields: Any) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value not in (None, "", [])}
