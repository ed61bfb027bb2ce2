"""The evaluation corpus of bench/eval/: enough valid PDFs, made the same way every time,
whose sidecars state only what the PDF says, as WeasyPrint wrote it (read back with
pypdf, not with the reader the corpus measures)."""

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from bench.eval import corpus
from tests.support.pdfs import page_texts, reader

ROOT = Path(__file__).parents[2]
AUTO_HYPHEN = re.compile("\u2010\\s+")  # WeasyPrint's hyphen where hyphens: auto broke a word


Built = list[tuple[dict[str, Any], bytes, list[str]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Each CV's sidecar, PDF, and the text of each page of the PDF."""
    folder = tmp_path_factory.mktemp("corpus")
    cvs = []
    for sidecar in corpus.build(folder):
        pdf = (folder / f"{sidecar['id']}.pdf").read_bytes()
        cvs.append((sidecar, pdf, page_texts(pdf)))
    return cvs


def squeezed(text: str) -> str:
    """Without whitespace, case or the hyphens of words broken at a line end."""
    return re.sub(r"\s+", "", AUTO_HYPHEN.sub("", text)).casefold()


def stated(sidecar: dict[str, Any]) -> list[str]:
    """Every fact of a sidecar that its PDF must show."""
    facts = [sidecar[key] for key in ("name", "label", "email", "phone", "location", "address")]
    facts += [sidecar["summary"], *(p["url"] for p in sidecar["profiles"])]
    for job in sidecar["work"]:
        facts += [job["title"], job["employer"], job["dates"], job["location"], *job["highlights"]]
        facts += [job["start"]["written"], job["end"]["written"]]
    for degree in sidecar["education"]:
        facts += [degree["degree"], degree["institution"], degree["dates"]]
    facts += [c["name"] for c in sidecar["certificates"]]
    facts += [g["name"] for g in sidecar["skills"]] + [
        i for g in sidecar["skills"] for i in g["items"]
    ]
    facts += [text for lang in sidecar["languages"] for text in lang.values()]
    facts += [p["name"] for p in sidecar["projects"]]
    facts += [h for column in sidecar["heading_order"] for h in column]
    known = {"summary", "work", "education", "skills", "certificates", "languages", "projects"}
    facts += [item for key in sidecar["sections"] if key not in known for item in sidecar[key]]
    return [fact for fact in facts if fact]


def test_the_corpus_has_over_40_cvs_in_four_languages_on_every_layout(built: Built) -> None:
    sidecars = [sidecar for sidecar, _, _ in built]

    assert len(sidecars) >= 40
    assert len({s["id"] for s in sidecars}) == len(sidecars)
    assert set(Counter(s["language"] for s in sidecars)) == {"en", "de", "fr", "es"}
    assert {s["layout"] for s in sidecars} == set(corpus.LAYOUTS)
    assert len({s["profession"] for s in sidecars}) >= 10
    unknown = [s for s in sidecars if any(key not in corpus.CORE for key in s["sections"])]
    assert len(unknown) >= len(sidecars) / 2


def test_each_pdf_is_valid_and_has_the_page_count_of_its_sidecar(built: Built) -> None:
    for sidecar, pdf, _ in built:
        assert pdf.startswith(b"%PDF-"), sidecar["id"]
        assert len(reader(pdf).pages) == sidecar["pages"], sidecar["id"]


def test_every_fact_of_a_sidecar_is_in_the_text_of_its_pdf(built: Built) -> None:
    missing = []
    for sidecar, _, pages in built:
        text = squeezed("\n".join(pages))
        missing += [(sidecar["id"], f) for f in stated(sidecar) if squeezed(f) not in text]

    assert missing == []


def test_the_name_and_contact_details_each_stand_on_one_line(built: Built) -> None:
    split = []
    for sidecar, _, pages in built:
        lines = [squeezed(line) for page in pages for line in page.splitlines()]
        contact = [sidecar["name"], sidecar["email"], sidecar["phone"]]
        contact += [p["url"] for p in sidecar["profiles"]]
        split += [(sidecar["id"], f) for f in contact if not any(squeezed(f) in x for x in lines)]

    assert split == []


Box = tuple[int, float, float, float, float]  # character index, left, bottom, right, top


def misplaced(pdf: bytes) -> list[str]:
    """Characters outside their page, and characters drawn over others (not their
    neighbours: a ligature or a kerned pair shares a box), page by page."""
    found = []
    for page in pdfium.PdfDocument(pdf):
        width, height = page.get_size()
        text = page.get_textpage()
        boxes: list[Box] = []
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            if left < -0.5 or bottom < -0.5 or right > width + 0.5 or top > height + 0.5:
                found.append(f"off the page: {text.get_text_range(index, 1)!r}")
            if right - left > 0.1 and top - bottom > 0.1:
                boxes.append((index, left, bottom, right, top))
        found += [f"overlap: {text.get_text_range(a, 1)!r} {text.get_text_range(b, 1)!r}"
                  for a, b in _overlapping(boxes)]  # fmt: skip
    return found


def _overlapping(boxes: list[Box]) -> set[tuple[int, int]]:
    """Pairs of boxes that overlap by over 30 % of the smaller, found cell by cell of a
    10-point grid (a box is in every cell it touches)."""
    grid: dict[tuple[int, int], list[Box]] = defaultdict(list)
    for box in boxes:
        for x in range(int(box[1] // 10), int(box[3] // 10) + 1):
            for y in range(int(box[2] // 10), int(box[4] // 10) + 1):
                grid[(x, y)].append(box)
    pairs = set()
    for cell in grid.values():
        for a in cell:
            for b in cell:
                width = min(a[3], b[3]) - max(a[1], b[1])
                height = min(a[4], b[4]) - max(a[2], b[2])
                smaller = min((a[3] - a[1]) * (a[4] - a[2]), (b[3] - b[1]) * (b[4] - b[2]))
                if b[0] > a[0] + 2 and width > 0 and height > 0 and width * height > 0.3 * smaller:
                    pairs.add((a[0], b[0]))
    return pairs


def test_no_text_falls_off_a_page_or_onto_other_text(built: Built) -> None:
    broken = {sidecar["id"]: misplaced(pdf) for sidecar, pdf, _ in built}

    assert {cv: found for cv, found in broken.items() if found} == {}


def test_a_sidecar_file_is_the_json_of_its_facts(built: Built, tmp_path: Path) -> None:
    sidecar, _, _ = built[0]
    corpus.build(tmp_path, [corpus.all_cvs()[0]])

    written = json.loads((tmp_path / f"{sidecar['id']}.json").read_text("utf-8"))

    assert written == sidecar
    assert re.fullmatch(r"\d{4}(-\d\d)?", written["work"][-1]["start"]["normalised"])


def test_the_corpus_is_the_same_in_another_process() -> None:
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, "-c", "from bench.eval import corpus; print(corpus.fingerprint())"]

    other = subprocess.run(  # noqa: S603  # this interpreter, fixed arguments
        command, cwd=ROOT, env=environment, capture_output=True, check=True
    )

    assert other.stdout.decode().strip() == corpus.fingerprint()
