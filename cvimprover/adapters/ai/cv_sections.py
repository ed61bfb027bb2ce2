"""A CV's plain text read into its owner's name and its sections, by common headings;
lines before any heading (or a CV with none) are sorted by what they look like."""

import re
from dataclasses import dataclass, field

SUMMARY, EXPERIENCE, EDUCATION, SKILLS = "Summary", "Experience", "Education", "Skills"
HEADINGS: dict[str, tuple[str, ...]] = {
    SUMMARY: ("summary", "profile", "professional summary", "personal profile",
              "career summary", "about", "about me", "objective", "career objective",
              "personal statement", "overview"),
    EXPERIENCE: ("experience", "work experience", "professional experience", "employment",
                 "employment history", "work history", "career history", "relevant experience"),
    EDUCATION: ("education", "academic background", "qualifications", "education and training",
                "academic qualifications"),
    SKILLS: ("skills", "technical skills", "core skills", "key skills", "competencies",
             "core competencies", "technologies", "tools", "skills and tools", "tech stack"),
    "Projects": ("projects", "personal projects", "key projects", "selected projects"),
    "Certifications": ("certifications", "certificates", "licenses", "licences",
                       "licenses and certifications", "courses", "training"),
    "Languages": ("languages", "spoken languages"),
    "Awards": ("awards", "honours", "honors", "achievements", "awards and honours"),
    "Publications": ("publications",),
    "Volunteering": ("volunteering", "volunteer experience", "volunteer work"),
    "Interests": ("interests", "hobbies", "hobbies and interests"),
}  # fmt: skip
ALIASES = {alias: title for title, aliases in HEADINGS.items() for alias in aliases}
KEEP_INLINE_LABELS = frozenset({EXPERIENCE, SKILLS, "Projects"})
DOCUMENT_TITLES = frozenset({"cv", "resume", "résumé", "curriculum vitae"})

BULLET = re.compile(r"^(?:[-*•·‣▪◦\u2013\u2014>]+|\d{1,2}[.)])\s+")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
INLINE_HEADING = re.compile(r"^([A-Za-z &/]{3,40}?)\s*:\s*(\S.*)$")
NAME = re.compile(r"^[A-Z][A-Za-z'\u2019.-]*(?:\s+[A-Z][A-Za-z'\u2019.-]*){1,3}$")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
ROLE = re.compile(
    r"\b(?:engineer|developer|programmer|architect|manager|director|lead|head|analyst|"
    r"scientist|designer|consultant|specialist|administrator|coordinator|officer|"
    r"accountant|nurse|teacher|assistant|intern|technician|researcher|writer|editor|"
    r"executive|associate|representative|adviser|advisor|strategist|founder|supervisor|"
    r"recruiter|marketer)\b",
    re.IGNORECASE,
)
EDUCATION_WORDS = re.compile(
    r"\b(?:b\.?sc|m\.?sc|b\.?a|m\.?a|b\.?eng|m\.?eng|ph\.?d|mba|bachelor'?s?|master'?s?|"
    r"doctorate|degree|diploma|university|college|school|gcses?|a-levels?|bootcamp)\b",
    re.IGNORECASE,
)
LIST_SEPARATORS = re.compile(r"[,;|•·]")


@dataclass(frozen=True)
class Line:
    text: str
    bulleted: bool


REDACTED = re.compile(r"\[[a-z -]{3,40} removed\]")
"""What `cvimprover.core.cvs.redaction` leaves where personal details were."""


@dataclass
class CV:
    name: str | None
    sections: dict[str, list[Line]] = field(default_factory=dict)


def read_cv(text: str) -> CV:
    lines = _without_document_title([line.strip() for line in text.splitlines() if _says(line)])
    name = _name(lines[0].lstrip("# ")) if lines else None
    cv = CV(name)
    current, guessing = SUMMARY, True
    for line_read in lines[1:] if name else lines:
        if REDACTED.search(line_read) and guessing:
            continue  # the contact line under the name: its details were removed
        raw = REDACTED.sub("", line_read)
        heading, content = _heading(raw, current, guessing)
        if heading is not None:
            current, guessing = heading, False
            cv.sections.setdefault(current, [])
        if content:
            line = _line(content)
            current = _guess_section(line.text, current) if guessing else current
            cv.sections.setdefault(current, []).append(line)
    return cv


def _says(line: str) -> bool:
    """Rules ("-----") and empty lines say nothing."""
    return any(char.isalnum() for char in line)


def list_items(text: str) -> list[str]:
    return [item.strip(" .") for item in LIST_SEPARATORS.split(text) if item.strip(" .")]


def _without_document_title(lines: list[str]) -> list[str]:
    return lines[1:] if lines and _normal(lines[0]) in DOCUMENT_TITLES else lines


def _name(line: str) -> str | None:
    if not NAME.match(line) or _normal(line) in ALIASES or ROLE.search(line):
        return None
    return line.title() if line.isupper() else line


def _heading(raw: str, current: str, guessing: bool) -> tuple[str | None, str]:
    """The section a line opens (if any), and what is left of the line as content."""
    markdown = MARKDOWN_HEADING.match(raw)
    if markdown:
        title = markdown.group(1).strip(" #:")
        return (ALIASES.get(_normal(title), title) if title else None), ""
    if _normal(raw) in ALIASES:
        return ALIASES[_normal(raw)], ""
    inline = INLINE_HEADING.match(raw)
    # Under a heading, "Technologies: Python, Go" in a job or "Languages: Python" among
    # skills is part of that section, not a new one.
    opens = guessing or current not in KEEP_INLINE_LABELS
    if inline and opens and _normal(inline.group(1)) in ALIASES:
        return ALIASES[_normal(inline.group(1))], inline.group(2)
    return None, raw


def _line(raw: str) -> Line:
    """A tab is where the reader found a wide gap on the page (a title, then its dates
    right-aligned): it stays a visible separator."""
    text = BULLET.sub("", raw)
    parts = (" ".join(part.split()) for part in text.split("\t"))
    return Line(" | ".join(part for part in parts if part), bulleted=text != raw)


def _guess_section(text: str, current: str) -> str:
    if EDUCATION_WORDS.search(text):
        return EDUCATION
    if _looks_like_list(text):
        return SKILLS
    if YEAR.search(text) or (ROLE.search(text) and re.search(r"\s(?:at|@)\s", text)):
        return EXPERIENCE
    return current


def _looks_like_list(text: str) -> bool:
    items = list_items(text)
    return len(items) >= 3 and not YEAR.search(text) and all(len(i.split()) <= 3 for i in items)


def _normal(text: str) -> str:
    words = text.lower().replace("&", " and ").strip(" :#").split()
    return " ".join(words)
