"""Reading rendered PDFs back, for the tests that render them."""

import io
import re
from pathlib import Path

import pypdf

SAMPLES = Path(__file__).parents[1] / "data" / "improved"
ARTEFACTS = Path(__file__).parents[1] / "artefacts" / "pdfs"
"""Rendered PDFs and their page images, for a person to look at (ignored by git)."""


def sample_markdown(name: str = "two_page_cv.md") -> str:
    return (SAMPLES / name).read_text()


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def whole_text(pdf: bytes) -> str:
    """The text of every page, one space between words, whatever the line breaks."""
    return " ".join(" ".join(page_texts(pdf)).split())


def in_order(text: str, *parts: str) -> bool:
    """Whether the parts are in the text one after the other, whatever their case (a
    template may set titles in capitals)."""
    start, text = 0, text.casefold()
    for part in parts:
        found = text.find(part.casefold(), start)
        if found == -1:
            return False
        start = found + len(part)
    return True


def font_names(pdf: bytes) -> set[str]:
    """The base names of the fonts the pages use, without their subset prefix."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return names


def image_count(pdf: bytes) -> int:
    return sum(len(page.images) for page in reader(pdf).pages)


def link_targets(pdf: bytes) -> list[str]:
    targets = []
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots", []) or []:
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets
