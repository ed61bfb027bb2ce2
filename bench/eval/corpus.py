"""The corpus: which CVs it holds, and how each becomes a PDF and a sidecar of its facts.

A generated CV is one line of ENTRIES (an id, its language, profession and layout); a
hand-written one is a YAML file in cvs/ (see README.md). `build(folder)` writes, for each,
`<id>.pdf` and `<id>.json` (its facts, see `facts`) and `<id>.html`.
"""

import copy
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from weasyprint import HTML

from bench.eval.generator import CV, Entry, complete, make_cv

HERE = Path(__file__).parent
WRITTEN = HERE / "cvs"
CORE = ("summary", "work", "education", "skills", "certificates", "languages", "projects")
SIDEBAR = ("skills", "languages", "certificates")


@dataclass(frozen=True)
class Layout:
    """`side`: the sections a sidebar takes; `side_first`: whether the sidebar comes
    first in reading order (a left sidebar) or after the main column."""

    template: str
    side: tuple[str, ...] = ()
    side_first: bool = True


LAYOUTS = {
    "right_flex": Layout("right_flex.html.j2"),
    "right_table": Layout("right_table.html.j2"),
    "right_float": Layout("right_float.html.j2"),
    "spaced": Layout("spaced.html.j2"),
    "inline": Layout("inline.html.j2"),
    "own_line": Layout("own_line.html.j2"),
    "sidebar_left": Layout("sidebar_left.html.j2", SIDEBAR, side_first=True),
    "sidebar_right": Layout("sidebar_right.html.j2", SIDEBAR, side_first=False),
    "date_column": Layout("date_column.html.j2"),
}

ENTRIES = [
    Entry("en-accounting-1", "en", "accounting", "sidebar_left"),
    Entry("en-accounting-2", "en", "accounting", "right_table"),
    Entry("en-design-1", "en", "design", "right_flex"),
    Entry("en-design-2", "en", "design", "own_line"),
    Entry("en-hospitality-1", "en", "hospitality", "own_line"),
    Entry("en-law-1", "en", "law", "right_float"),
    Entry("en-law-2", "en", "law", "date_column"),
    Entry("en-logistics-1", "en", "logistics", "sidebar_right"),
    Entry("en-logistics-2", "en", "logistics", "spaced"),
    Entry("en-nursing-1", "en", "nursing", "inline"),
    Entry("en-nursing-2", "en", "nursing", "sidebar_right"),
    Entry("en-research-1", "en", "research", "right_flex"),
    Entry("en-sales-1", "en", "sales", "right_float"),
    Entry("en-sales-2", "en", "sales", "own_line"),
    Entry("en-software-1", "en", "software", "right_flex"),
    Entry("en-software-2", "en", "software", "spaced"),
    Entry("en-teaching-1", "en", "teaching", "inline"),
    Entry("en-teaching-2", "en", "teaching", "sidebar_right"),
    Entry("de-accounting-1", "de", "accounting", "sidebar_left"),
    Entry("de-design-1", "de", "design", "date_column"),
    Entry("de-hospitality-1", "de", "hospitality", "sidebar_left"),
    Entry("de-law-1", "de", "law", "right_table"),
    Entry("de-logistics-1", "de", "logistics", "spaced"),
    Entry("de-nursing-1", "de", "nursing", "right_float"),
    Entry("de-research-1", "de", "research", "inline"),
    Entry("de-sales-1", "de", "sales", "right_table"),
    Entry("de-sales-2", "de", "sales", "right_flex"),
    Entry("de-software-1", "de", "software", "date_column"),
    Entry("de-teaching-1", "de", "teaching", "own_line"),
    Entry("de-teaching-2", "de", "teaching", "inline"),
    Entry("fr-accounting-1", "fr", "accounting", "right_table"),
    Entry("fr-design-1", "fr", "design", "right_float"),
    Entry("fr-design-2", "fr", "design", "right_table"),
    Entry("fr-hospitality-1", "fr", "hospitality", "right_flex"),
    Entry("fr-law-1", "fr", "law", "sidebar_right"),
    Entry("fr-law-2", "fr", "law", "sidebar_left"),
    Entry("fr-logistics-1", "fr", "logistics", "date_column"),
    Entry("fr-nursing-1", "fr", "nursing", "sidebar_right"),
    Entry("fr-research-1", "fr", "research", "own_line"),
    Entry("fr-sales-1", "fr", "sales", "own_line"),
    Entry("fr-software-1", "fr", "software", "spaced"),
    Entry("fr-teaching-1", "fr", "teaching", "spaced"),
    Entry("es-accounting-1", "es", "accounting", "inline"),
    Entry("es-design-1", "es", "design", "right_flex"),
    Entry("es-hospitality-1", "es", "hospitality", "spaced"),
    Entry("es-hospitality-2", "es", "hospitality", "right_float"),
    Entry("es-law-1", "es", "law", "inline"),
    Entry("es-logistics-1", "es", "logistics", "sidebar_left"),
    Entry("es-nursing-1", "es", "nursing", "sidebar_left"),
    Entry("es-research-1", "es", "research", "date_column"),
    Entry("es-research-2", "es", "research", "sidebar_right"),
    Entry("es-sales-1", "es", "sales", "date_column"),
    Entry("es-software-1", "es", "software", "right_table"),
    Entry("es-teaching-1", "es", "teaching", "right_float"),
]

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def written_cvs() -> list[CV]:
    paths = sorted(WRITTEN.glob("*.yaml"))
    return [complete(yaml.safe_load(path.read_text("utf-8"))) for path in paths]


def all_cvs() -> list[CV]:
    """Every CV of the corpus, generated ones first, in a fixed order."""
    return [make_cv(entry) for entry in ENTRIES] + written_cvs()


def columns(cv: CV) -> tuple[list[str], list[str]]:
    """The CV's sections split into (main column, sidebar)."""
    layout = LAYOUTS[cv["layout"]]
    side = [key for key in cv["sections"] if key in layout.side]
    return [key for key in cv["sections"] if key not in side], side


def html(cv: CV) -> str:
    main, side = columns(cv)
    template = _templates.get_template(LAYOUTS[cv["layout"]].template)
    return template.render(cv=cv, style=cv["style"], main=main, side=side)


def render(cv: CV) -> tuple[str, bytes, int]:
    """The CV's HTML, its PDF and the PDF's page count."""
    page = html(cv)
    document = HTML(string=page).render()
    return page, document.write_pdf(), len(document.pages)


def heading_order(cv: CV) -> list[list[str]]:
    """The section headings as they should be read, one list per column: a sidebar's
    (its contact heading first) before or after the main column's."""
    main, side = columns(cv)
    headings = cv["headings"]
    main_headings = [headings[key] for key in main]
    if not LAYOUTS[cv["layout"]].side:
        return [main_headings]
    side_headings = [headings["contact"]] + [headings[key] for key in side]
    if LAYOUTS[cv["layout"]].side_first:
        return [side_headings, main_headings]
    return [main_headings, side_headings]


def facts(cv: CV, pages: int) -> dict[str, Any]:
    """The sidecar: the CV's data as written (see README.md for the fields), with the
    headings in reading order and the page count of its PDF."""
    sidecar = copy.deepcopy(cv)
    sidecar["heading_order"] = heading_order(cv)
    sidecar["pages"] = pages
    return sidecar


def build(folder: Path, cvs: Iterable[CV] | None = None) -> list[dict[str, Any]]:
    """Writes each CV's PDF, HTML and sidecar into `folder`; returns the sidecars."""
    folder.mkdir(parents=True, exist_ok=True)
    sidecars = []
    for cv in all_cvs() if cvs is None else cvs:
        page, pdf, pages = render(cv)
        sidecar = facts(cv, pages)
        (folder / f"{cv['id']}.html").write_text(page, "utf-8")
        (folder / f"{cv['id']}.pdf").write_bytes(pdf)
        (folder / f"{cv['id']}.json").write_text(
            json.dumps(sidecar, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        sidecars.append(sidecar)
    return sidecars


def fingerprint() -> str:
    """A digest of every CV's data and HTML: the same on every run and in every process."""
    digest = hashlib.sha256()
    for cv in all_cvs():
        digest.update(json.dumps(cv, sort_keys=True, ensure_ascii=False).encode())
        digest.update(html(cv).encode())
    return digest.hexdigest()
