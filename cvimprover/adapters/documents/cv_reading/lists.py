"""Sections that are lists: skills grouped as the CV groups them, languages with their
level, certificates with their issuer and date, interests, awards, publications and
references."""

import re
from typing import cast

from cvimprover.adapters.documents.cv_reading.dates import find_period
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.texts import items_of
from cvimprover.adapters.documents.cv_reading.words import key
from cvimprover.core.cvs.resume import Award, Interest, Publication, Reference, Skill

LABEL = re.compile(r"(?:^|(?<=[.;|•])\s*)\s*([^\W\d_][\w &/+#'’-]{0,30}?)\s*:\s+(?=\S)")
LEVELS = frozenset(key(word) for word in (
    "expert", "advanced", "intermediate", "basic", "basics", "beginner", "proficient",
    "good", "very good", "excellent", "experte", "fortgeschritten", "grundkenntnisse",
    "sehr gut", "gut", "vertieft", "experte", "avancé", "intermédiaire", "débutant",
    "notions", "bon niveau", "très bon niveau", "maîtrise", "experto", "avanzado",
    "intermedio", "básico", "alto", "medio",
))  # fmt: skip


def skills_of(lines: list[Line]) -> list[Skill]:
    skills: list[Skill] = []
    listed: list[str] = []  # a sidebar's skills, one a line: one group
    for line in lines:
        for label, values in labelled(line):
            items = items_of(values)
            if label:
                skills.append({"name": label, "keywords": items})
            elif len(items) == 2 and key(items[1]) in LEVELS:
                skills.append({"name": items[0], "level": items[1]})
            elif len(items) == 1:
                listed.append(items[0])
            else:
                skills.append({"keywords": items})
    return [*skills, {"keywords": listed}] if listed else skills


def labelled(line: Line) -> list[tuple[str | None, str]]:
    """ "Languages: Python, Go. Frameworks: FastAPI" -> two labelled groups; a table row
    "Languages | Python, Go" -> one."""
    if len(line.cells) == 2 and ":" not in line.cells[0] and len(line.cells[0].split()) <= 4:
        return [(line.cells[0], line.cells[1])]
    text = line.text
    found = list(LABEL.finditer(text))
    if not found:
        return [(None, text)]
    pieces: list[tuple[str | None, str]] = []
    if text[: found[0].start()].strip(" .;|"):
        pieces.append((None, text[: found[0].start()]))
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        pieces.append((match.group(1).strip(), text[match.end() : end].strip(" .;|")))
    return pieces


def interests_of(lines: list[Line]) -> list[Interest]:
    interests: list[Interest] = []
    for line in lines:
        for label, values in labelled(line):
            if label:
                interests.append({"name": label, "keywords": items_of(values)})
            else:
                interests.extend({"name": item} for item in items_of(values))
    return interests


def awards_of(lines: list[Line]) -> list[Award]:
    awards: list[Award] = []
    for line in lines:
        if line.bulleted and awards and find_period(line.text) is None:
            awards[-1]["summary"] = " ".join(filter(None, [awards[-1].get("summary"), line.text]))
            continue
        title, date = _dated(line.text)
        awards.append(cast(Award, {"title": title, **({"date": date} if date else {})}))
    return awards


def publications_of(lines: list[Line]) -> list[Publication]:
    publications: list[Publication] = []
    for line in lines:
        name, date = _dated(line.text)
        publications.append(
            cast(Publication, {"name": name, **({"releaseDate": date} if date else {})})
        )
    return publications


def references_of(lines: list[Line]) -> list[Reference]:
    return [{"reference": line.text} for line in lines]


def _dated(text: str) -> tuple[str, str | None]:
    """A line without its date, and the date (the end of a period)."""
    period = find_period(text)
    if period is None:
        return text, None
    rest = (text[: period.begin] + text[period.finish :]).strip(" ,;|–—-()")
    rest = re.sub(r"\(\s*\)|\s{2,}", " ", rest).strip()
    return (rest or text), period.end or period.start
