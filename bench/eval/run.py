"""The CV reader measured on the corpus: recall per field, per layout and per language,
the worst CVs, and how many improved PDFs keep the page count of the CV they came from.

    .venv/bin/python -m bench.eval.run                 # about a minute on one core
    .venv/bin/python -m bench.eval.run --out DIR       # keep PDFs, sidecars and texts in DIR
    .venv/bin/python -m bench.eval.run --only ID,ID    # some CVs only
    .venv/bin/python -m bench.eval.run --show ID       # one CV's text, line by line, and its misses
    .venv/bin/python -m bench.eval.run --no-improve    # skip the improved PDFs
    .venv/bin/python -m bench.eval.run --json FILE     # every figure, and every miss, as JSON

It builds the corpus into a temporary folder (or DIR), reads each PDF with the project's
reader, PdfiumTextExtractor, through its public `extract`, and scores the text against
the CV's sidecar (score.py). The improved PDF is the offline improver's Markdown (built
from the text as a job builds it, with build_request) rendered by WeasyPrintCVRenderer
in the classic template and the CV's page size. Like the rest of bench/, it reports
figures beside their targets and exits 0 whether or not they are met.
"""

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.eval import corpus
from bench.eval.improved import ImprovedPages
from bench.eval.score import JOB_LINES, Score, Tally, as_json, score
from cvimprover.adapters.documents.pdfium_text_extractor import PdfiumTextExtractor
from cvimprover.adapters.documents.rule_based_cv_reader import RuleBasedCVReader

TARGETS = {
    "name": 1.0,
    "email": 1.0,
    "phone": 1.0,
    "employers": 0.98,
    "titles": 0.98,
    "dates": 0.98,
}
FIELDS = [
    *TARGETS,
    "location",
    "profiles",
    "degrees",
    "institutions",
    "degree_dates",
    "certificates",
    "skills",
    "languages",
    "other_sections",
    "headings",
    "heading_order",
    "highlights",
    "highlights_one_line",
    "job_lines",
]
COLUMNS = ["name", "email", "phone", "employers", "titles", "dates", "degrees", "job_lines",
           "headings", "highlights"]  # fmt: skip
RESUME_FIELDS = {f"resume.{name}": name for name in TARGETS} | {
    "resume.start": "dates",
    "resume.end": "dates",
}
"""A structured CV's fields have the targets of the text's."""
WORST = 8


class Reader:
    """The reader as the API uses it at upload: the text, and the structured CV read from
    it (JSON Resume)."""

    name = "PdfiumTextExtractor + RuleBasedCVReader"

    def __init__(self) -> None:
        self._extractor = PdfiumTextExtractor()
        self._structure = RuleBasedCVReader()

    def read(self, pdf: bytes) -> tuple[str, dict[str, Any] | None]:
        text = self._extractor.extract(pdf).text
        return text, dict(self._structure.read(text))


def main() -> None:
    options = _options()
    with tempfile.TemporaryDirectory(prefix="cv-eval-") as temporary:
        folder = Path(options.out) if options.out else Path(temporary)
        cvs = [cv for cv in corpus.all_cvs() if not options.only or cv["id"] in options.only]
        if not cvs:
            raise SystemExit(f"no CV called {', '.join(options.only)}")
        started = time.perf_counter()
        sidecars = corpus.build(folder, cvs)
        built = time.perf_counter() - started
        reader, results, texts = Reader(), {}, {}
        started = time.perf_counter()
        for sidecar in sidecars:
            text, resume = reader.read((folder / f"{sidecar['id']}.pdf").read_bytes())
            (folder / f"{sidecar['id']}.txt").write_text(text, "utf-8")
            texts[sidecar["id"]] = text
            results[sidecar["id"]] = score(sidecar, text, resume)
        read = time.perf_counter() - started
        if options.show:
            _show(options.show, texts, results)
            return
        _report(reader.name, sidecars, results, built, read)
        pages = None if options.no_improve else _improved(sidecars, texts)
        if options.json:
            _write_json(Path(options.json), sidecars, results, pages)
        if options.out:
            print(f"\nPDFs, sidecars (.json), HTML and extracted texts (.txt) are in {folder}")


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", help="build the corpus here and keep it")
    parser.add_argument("--only", type=lambda v: v.split(","), default=[], help="CV ids")
    parser.add_argument("--show", help="print one CV's extracted text and its misses")
    parser.add_argument("--no-improve", action="store_true", help="skip the improved PDFs")
    parser.add_argument("--json", help="write the figures and misses to this file")
    options = parser.parse_args()
    if options.show:
        options.only = [options.show]
    return options


def _report(reader: str, sidecars: list[dict[str, Any]], results: dict[str, Score],
            built: float, read: float) -> None:  # fmt: skip
    written = sum(1 for s in sidecars if s["id"] not in {e.id for e in corpus.ENTRIES})
    layouts = sorted({s["layout"] for s in sidecars})
    languages = sorted({s["language"] for s in sidecars})
    print(f"CV reader on the corpus: {len(sidecars)} CVs ({written} hand-written), "
          f"{len(layouts)} layouts, {len(languages)} languages")  # fmt: skip
    print(f"reader: {reader}; built in {built:.1f} s, read and scored in {read:.1f} s\n")
    total = _sum(results.values())
    print(f"{'field':<22}{'recall':>8}{'found':>12}   target")
    names = [n for n in FIELDS if n in total] + sorted(n for n in total if n.startswith("resume."))
    for name in names:
        tally = total[name]
        if not tally.total:
            continue
        target = TARGETS.get(RESUME_FIELDS.get(name, name))
        verdict = (
            ""
            if target is None
            else f"{target:>6.0%}   " + ("met" if (tally.recall or 0) >= target else "NOT MET")
        )
        print(f"{name:<22}{_percent(tally):>8}{tally.hits:>6}/{tally.total:<5}   {verdict}")
    print("\nA field is found when it is in the text with its words in order, line breaks "
          "counting as\nspaces; a heading when it is a line of its own. job_lines: the share "
          f"of jobs whose title,\nemployer and dates stand within {JOB_LINES} consecutive "
          "lines, after the previous job's.")  # fmt: skip
    for key, label in (("layout", "layout"), ("language", "language")):
        _table(label, key, sidecars, results)
    _worst(sidecars, results)


def _table(label: str, key: str, sidecars: list[dict[str, Any]], results: dict[str, Score]) -> None:
    groups: dict[str, list[Score]] = defaultdict(list)
    for sidecar in sidecars:
        groups[sidecar[key]].append(results[sidecar["id"]])
    short = {"employers": "employ", "job_lines": "jobline", "headings": "heading",
             "highlights": "hilite"}  # fmt: skip
    header = "".join(f"{short.get(c, c)[:7]:>8}" for c in COLUMNS)
    print(f"\nby {label:<16}{'CVs':>4}{header}")
    for group in sorted(groups):
        total = _sum(groups[group])
        cells = "".join(f"{_percent(total.get(c, Tally())):>8}" for c in COLUMNS)
        print(f"   {group:<16}{len(groups[group]):>4}{cells}")


def _worst(sidecars: list[dict[str, Any]], results: dict[str, Score]) -> None:
    def mean(result: Score) -> float:
        recalls = [result[c].recall for c in COLUMNS if c in result and result[c].total]
        return sum(r for r in recalls if r is not None) / max(len(recalls), 1)

    ranked = sorted(sidecars, key=lambda s: (mean(results[s["id"]]), s["id"]))[:WORST]
    print(f"\nworst {len(ranked)} CVs (mean recall of the columns above)")
    for sidecar in ranked:
        result = results[sidecar["id"]]
        print(f"   {sidecar['id']:<20} {sidecar['layout']:<14} {mean(result):6.1%}")
        for name in COLUMNS:
            tally = result.get(name)
            if tally and tally.missed:
                example = tally.missed[0][:70]
                print(f"      {name:<11} {tally.hits}/{tally.total}  e.g. {example!r}")


def _improved(sidecars: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    outcomes: dict[str, Any] = {}
    with ImprovedPages() as improved:
        for sidecar in sidecars:
            outcomes[sidecar["id"]] = {
                "pages": sidecar["pages"],
                "improved": improved.pages(sidecar, texts[sidecar["id"]]),
            }
    kept = [i for i, o in outcomes.items() if o["improved"] == o["pages"]]
    grew = [
        i
        for i, o in outcomes.items()
        if isinstance(o["improved"], int) and o["improved"] > o["pages"]
    ]
    failed = [i for i, o in outcomes.items() if not isinstance(o["improved"], int)]
    share, seconds = len(kept) / len(outcomes), time.perf_counter() - started
    print(f"\nimproved PDF (local improver, classic template) keeps the page count: "
          f"{len(kept)}/{len(outcomes)} ({share:.0%}) in {seconds:.1f} s")  # fmt: skip
    for label, ids in (("more pages", grew), ("not rendered", failed)):
        if ids:
            details = ", ".join(
                f"{i} {outcomes[i]['pages']}->{outcomes[i]['improved']}" for i in ids
            )
            print(f"   {label}: {details}")
    return outcomes


def _show(cv_id: str, texts: dict[str, str], results: dict[str, Score]) -> None:
    for number, line in enumerate(texts[cv_id].splitlines(), start=1):
        print(f"{number:>4}  {line}")
    print()
    for name, tally in results[cv_id].items():
        if tally.missed:
            print(f"{name}: {tally.hits}/{tally.total} missed {tally.missed}")


def _write_json(path: Path, sidecars: list[dict[str, Any]], results: dict[str, Score],
                pages: dict[str, Any] | None) -> None:  # fmt: skip
    figures = {
        name: {"hits": t.hits, "total": t.total} for name, t in _sum(results.values()).items()
    }
    document = {
        "total": figures,
        "cvs": {
            s["id"]: {"layout": s["layout"], "language": s["language"], **as_json(results[s["id"]])}
            for s in sidecars
        },
        "improved_pages": pages,
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")


def _sum(results: Any) -> Score:
    total: Score = {}
    for result in results:
        for name, tally in result.items():
            total.setdefault(name, Tally()).merge(tally)
    return total


def _percent(tally: Tally) -> str:
    return "-" if tally.recall is None else f"{tally.recall:.1%}"


if __name__ == "__main__":
    sys.exit(main())
