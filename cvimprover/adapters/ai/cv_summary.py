"""A short summary aimed at the job, from facts the CV states: its latest title, the
years of experience it claims and its most relevant skills. Nothing else is asserted."""

import re

from cvimprover.adapters.ai.cv_language import SUMMARY_WORDS, SummaryWords
from cvimprover.adapters.ai.cv_sections import CV, EXPERIENCE, ROLE, SUMMARY, Line
from cvimprover.core.cvs.model import JobTarget

STATED_YEARS = re.compile(
    r"\b(\d{1,2})\s*(\+)?\s*(?:years?|yrs?)['\u2019]?(?:\s+of)?(?:\s+[\w-]+){0,3}?\s+experience",
    re.IGNORECASE,
)
TITLE_PARTS = re.compile(r"\s+(?:at|@)\s+|\s+[-\u2013\u2014|]\s+|[,(|]")
HEADLINE_WORDS = 6
SKILLS_NAMED = 3


def tailored_summary(
    cv: CV, cv_text: str, target: JobTarget, skills: list[str], language: str = "en"
) -> str:
    words = SUMMARY_WORDS.get(language, SUMMARY_WORDS["en"])
    title, years = latest_title(cv), _years(stated_years(cv_text), words)
    industry = words.industry.format(target.industry) if target.industry.strip() else ""
    aim = words.aim.format(
        article=_article(target.position), position=target.position, industry=industry
    )
    if title and years:
        opening = words.title_and_years.format(title=title, years=years, aim=aim)
    elif title:
        opening = words.title_only.format(title=title, aim=aim)
    elif years:
        opening = words.years_only.format(years=years, aim=aim)
    else:
        opening = words.aim_only.format(aim=aim)
    named = skills[:SKILLS_NAMED]
    if not named:
        return opening
    return f"{opening} {words.skilled.format(skills=_joined(named, words.conjunction))}"


def _years(stated: str | None, words: SummaryWords) -> str | None:
    return words.years.format(count=stated.removesuffix(" years")) if stated else None


def latest_title(cv: CV) -> str | None:
    """The first job title in Experience (CVs list the latest first), else a headline."""
    headlines = [line for line in cv.sections.get(SUMMARY, []) if _short(line)]
    for line in cv.sections.get(EXPERIENCE, []) + headlines:
        for part in TITLE_PARTS.split(line.text):
            if _looks_like_title(part.strip()):
                return part.strip()
    return None


def stated_years(cv_text: str) -> str | None:
    """The most years of experience the CV states, as it states them ("8+ years")."""
    found = [(int(match[1]), match[2] or "") for match in STATED_YEARS.finditer(cv_text)]
    if not found:
        return None
    number, plus = max(found)
    return f"{number}{plus} years"


def _looks_like_title(part: str) -> bool:
    words = part.split()
    return (
        0 < len(words) <= HEADLINE_WORDS
        and part[0].isupper()
        and not any(char.isdigit() for char in part)
        and any(ROLE.fullmatch(word) for word in words[-2:])
    )


def _short(line: Line) -> bool:
    return len(line.text.split()) <= HEADLINE_WORDS


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _joined(items: list[str], conjunction: str = "and") -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"
