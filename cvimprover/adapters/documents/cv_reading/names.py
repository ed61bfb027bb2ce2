"""Which line of a CV is its owner's name: the first that reads as a name, unless a later
one matches the e-mail address better (a two-column CV whose sidebar is read first puts
its contact details and skills before the name)."""

import re

from cvimprover.adapters.documents.cv_reading.headings import section_of
from cvimprover.adapters.documents.cv_reading.kinds import is_company, is_role
from cvimprover.adapters.documents.cv_reading.lines import Line
from cvimprover.adapters.documents.cv_reading.places import is_place
from cvimprover.adapters.documents.cv_reading.words import key, plain, words

NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÖØ-Þ][\w'’.-]*|[A-ZÀ-ÖØ-Þ]\.)$")
PARTICLES = frozenset(("von", "van", "der", "den", "de", "del", "della", "da", "di", "du",
                       "le", "la", "zu", "y", "bin", "al", "ten", "ter", "dos", "das"))  # fmt: skip
NOT_NAMES = frozenset(key(word) for word in (
    "and", "und", "et", "of", "for", "für", "pour", "para", "with", "mit", "avec", "con",
    "management", "learning", "science", "cloud", "data", "development", "engineering",
    "design", "marketing", "sales", "service", "services", "office", "analysis",
    "analytics", "communication", "leadership", "team", "english", "german", "french",
    "spanish", "deutsch", "englisch", "französisch", "spanisch", "français", "anglais",
    "allemand", "espagnol", "español", "inglés", "alemán", "francés", "native", "fluent",
    "street", "straße", "strasse", "road", "avenue", "rue", "calle", "curriculum", "vitae",
    "resume", "lebenslauf", "cv", "web", "mobile", "project", "projects", "product",
    "studio", "microsoft", "google", "amazon", "agile", "scrum", "python", "java",
))  # fmt: skip
LIST_SECTIONS = frozenset(("skills", "languages", "interests", "certificates"))
FRAGMENT = re.compile(r"\s+[|–—·•]\s+|\s*\|\s*")


def looks_like_name(text: str) -> bool:
    tokens = text.replace(",", " ").split()
    named = [token for token in tokens if token.lower() not in PARTICLES]
    if not 2 <= len(named) <= 4 or len(tokens) > 6 or len(text) > 50:
        return False
    if not all(NAME_WORD.match(token) for token in named):
        return False
    if any(key(word) in NOT_NAMES for word in tokens) or section_of(text) is not None:
        return False
    return not (is_role(text) or is_company(text) or is_place(text))


def name_line(lines: list[Line], email: str | None) -> int | None:
    """The index of the line that names the person, if one does."""
    best, best_score, section = None, 1.0, None  # a name in a list needs more to go on
    for index, line in enumerate(lines[:80]):
        opened = section_of(line.text)
        if opened is not None:
            section = opened
            continue
        name = name_in(line)
        if name is None:
            continue
        score = _score(index, name, email, section)
        if score > best_score:
            best, best_score = index, score
    return best


def _score(index: int, text: str, email: str | None, section: str | None) -> float:
    score = 4.0 if index == 0 else 2.0 - index / 100
    if text.isupper():
        score += 1
    if email and _matches_address(text, email):
        score += 10
    if section in LIST_SECTIONS:
        score -= 1.5
    return score


def _matches_address(text: str, email: str) -> bool:
    local = plain(email.split("@", maxsplit=1)[0])
    names = [word for word in words(text) if word not in PARTICLES and len(word) > 2]
    return any(name in local for name in names)


def name_in(line: Line) -> str | None:
    """The name a line begins with: "Anna Schmidt", "Anna Schmidt | Backend Engineer"."""
    first = FRAGMENT.split(line.cells[0], maxsplit=1)[0].strip()
    return None if line.bulleted or not looks_like_name(first) else first


def without_name(line: Line, name: str) -> Line | None:
    """What the line says besides the name, if anything."""
    rest = FRAGMENT.sub(" | ", line.cells[0][len(name) :]).strip(" |")
    cells = tuple(cell for cell in (rest, *line.cells[1:]) if cell)
    return Line(cells) if cells else None
