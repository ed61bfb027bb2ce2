from cvimprover.adapters.ai.cv_keywords import by_relevance
from cvimprover.adapters.ai.cv_language import heading
from cvimprover.adapters.ai.cv_sections import (
    CV,
    EDUCATION,
    EXPERIENCE,
    HEADINGS,
    SKILLS,
    SUMMARY,
    YEAR,
    Line,
    list_items,
    read_cv,
)
from cvimprover.adapters.ai.cv_summary import tailored_summary
from cvimprover.adapters.ai.job_keywords import missing_terms, shown_terms
from cvimprover.adapters.ai.one_page import Draft, fitted
from cvimprover.core.cvs.model import Improvement, ImprovementRequest, TokenUsage
from cvimprover.ports.llm import CVImprover

MODEL = "rule-based-v1"
ENTRY_SECTIONS = frozenset({EXPERIENCE, EDUCATION, "Projects"})
SKILL_SEPARATOR = " · "
"""Skills as one line, most relevant first: a bullet each ran a one-page CV onto two."""


class LocalImprover(CVImprover):
    """Offline and deterministic, with no model: restructures the CV into Markdown
    sections, writes a summary aimed at the job from facts the CV states, orders skills by
    the job description's keywords and returns the keywords the CV does not show as its
    gaps rather than inventing them (apart from the CV: they are advice for the person, not
    for employers). Of the person's wishes it honours the language (its own headings and
    sentences in English, German, French or Spanish) and one page (trimmed to fit).
    `usage` counts words, not tokens (input: the CV and the job description; output: the
    Markdown): nothing is billed."""

    name = "local"

    def improve(self, request: ImprovementRequest) -> Improvement:
        cv, target = read_cv(request.cv_text), request.target
        skills = by_relevance(
            _skills(cv, request.cv_text, target.job_description), target.job_description
        )
        language = request.wishes.language or "en"
        summary = tailored_summary(cv, request.cv_text, target, skills, language)
        gaps = missing_terms(
            target.job_description, request.cv_text, excluded=f"{target.position} {target.industry}"
        )

        def write(draft: Draft) -> str:
            return render(draft.cv, summary, draft.skills, language)

        draft = Draft(cv, skills, gaps)
        markdown = fitted(draft, write, ENTRY_SECTIONS) if request.wishes.one_page else write(draft)
        return Improvement(
            markdown=markdown,
            provider=self.name,
            model=MODEL,
            usage=TokenUsage(
                input_tokens=_words(request.cv_text) + _words(target.job_description),
                output_tokens=_words(markdown),
            ),
            gaps=tuple(gaps),
        )


def render(cv: CV, summary: str, skills: list[str], language: str = "en") -> str:
    blocks = [f"# {cv.name}"] if cv.name else []
    own_summary = _paragraph([line.text for line in cv.sections.get(SUMMARY, [])])
    body = "\n\n".join(filter(None, [summary, own_summary]))
    blocks.append(_section(heading(SUMMARY, language), body))
    for title in _ordered_titles(cv, bool(skills)):
        if title == SKILLS:
            blocks.append(_section(heading(SKILLS, language), SKILL_SEPARATOR.join(skills)))
        elif cv.sections.get(title):
            entries = _entries(title, cv.sections[title])
            blocks.append(_section(heading(title, language), entries))
    return "\n\n".join(blocks) + "\n"


def _skills(cv: CV, cv_text: str, job_description: str) -> list[str]:
    """The CV's own skills; without a Skills section, the job's keywords the CV shows."""
    listed = [
        item for line in cv.sections.get(SKILLS, []) for item in list_items(_unlabelled(line.text))
    ]
    return _unique(listed) if listed else shown_terms(job_description, cv_text)


def _unique(items: list[str]) -> list[str]:
    first_spelling: dict[str, str] = {}
    for item in items:
        first_spelling.setdefault(item.lower(), item)
    return list(first_spelling.values())


def _unlabelled(text: str) -> str:
    label, colon, rest = text.partition(":")
    return rest if colon and len(label.split()) <= 3 else text


def _ordered_titles(cv: CV, has_skills: bool) -> list[str]:
    known = [title for title in HEADINGS if title != SUMMARY]
    custom = [title for title in cv.sections if title not in HEADINGS]
    return [t for t in known + custom if t in cv.sections or (t == SKILLS and has_skills)]


def _entries(title: str, lines: list[Line]) -> str:
    """Under jobs and studies, an unbulleted dated line heads an entry, and a short
    unbulleted line just under it (the employer's town, the school) stays a line of the
    heading's; the rest are bullets."""
    entries = title in ENTRY_SECTIONS
    rendered: list[str] = []
    for line in lines:
        if entries and not line.bulleted and YEAR.search(line.text):
            rendered.append(f"\n\n### {line.text}")
        elif entries and not line.bulleted and _under_a_heading(rendered, line.text):
            rendered.append(f"\n\n{line.text}\n")
        else:
            rendered.append(f"\n- {line.text}")
    return "".join(rendered).strip()


def _under_a_heading(rendered: list[str], text: str) -> bool:
    return bool(rendered) and rendered[-1].startswith("\n\n###") and len(text.split()) <= 8


def _paragraph(lines: list[str]) -> str:
    """Lines wrapped by the PDF joined back into sentences: a line that goes on in lower
    case continues the sentence before it."""
    text = ""
    for line in lines:
        if text and not line[:1].islower():
            text = _sentence(text)
        text = f"{text} {line}".strip()
    return _sentence(text) if text else ""


def _sentence(text: str) -> str:
    return text if text[-1] in ".!?" else f"{text}."


def _section(title: str, body: str) -> str:
    return f"## {title}\n\n{body}"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _words(text: str) -> int:
    return len(text.split())
