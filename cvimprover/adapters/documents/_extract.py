"""The child process of PdfiumTextExtractor: reads a PDF on stdin, prints one JSON line,
`{"pages": n, "lines": [TextLine fields, ...]}` or `{"error": "encrypted" | "corrupt" |
"too_many_pages" | "too_large"}`.

    python -m cvimprover.adapters.documents._extract MAX_PAGES MEMORY_BYTES CPU_SECONDS

It limits itself before reading a byte, rather than through `preexec_fn`, which is unsafe
in a threaded server: a hostile PDF then exhausts only this process. The lines come from
where pdfium says each character is drawn (see the `layout` package), not from the order
the PDF draws them in.
"""

import ctypes
import dataclasses
import json
import math
import re
import resource
import sys
from typing import Any

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # pypdfium2 ships no annotations

from cvimprover.adapters.documents.layout import Glyph, read_page
from cvimprover.adapters.documents.layout.geometry import is_space

raw = pdfium.raw
LOCKED = {raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY}
MAX_CHARACTERS = 1_000_000  # no CV is this long; a bound on what the parent has to read
BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
LINE_ENDS = {0x0A, 0x0D}  # pdfium's own, between the rows it saw; the layout finds its own
TEXT_OBJECT = ctypes.cast(  # answers the object's address, an int: a key for free
    raw.FPDFText_GetTextObject, ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
)


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Fonts:
    """Size in points and boldness of the text object each character belongs to, looked
    up once per object."""

    def __init__(self, textpage: object) -> None:
        self._textpage = textpage
        self._known: dict[int | None, tuple[float, bool]] = {}
        self._matrix = raw.FS_MATRIX()
        self._name = ctypes.create_string_buffer(128)

    def of(self, index: int) -> tuple[float, bool]:
        text_object = TEXT_OBJECT(self._textpage, index)
        if text_object not in self._known:
            self._known[text_object] = self._look_up(index)
        return self._known[text_object]

    def _look_up(self, index: int) -> tuple[float, bool]:
        size = raw.FPDFText_GetFontSize(self._textpage, index)
        if raw.FPDFText_GetMatrix(self._textpage, index, self._matrix):
            matrix = self._matrix
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        flags = ctypes.c_int()
        raw.FPDFText_GetFontInfo(self._textpage, index, self._name, len(self._name), flags)
        named_bold = BOLD.search(self._name.value.decode("latin-1")) is not None
        return size, named_bold or raw.FPDFText_GetFontWeight(self._textpage, index) >= 600


def page_glyphs(textpage: object, count: int, width: float, height: float) -> list[Glyph]:
    """The page's glyphs, but those drawn off the page or sized absurdly (a broken font's),
    which would only mislead the layout and make it slow."""
    fonts, box, glyphs = Fonts(textpage), raw.FS_RECTF(), []
    for index, char in characters(textpage, count):
        if is_space(char):
            glyphs.append(Glyph(" ", 0, 0, 0, 0))
        elif raw.FPDFText_GetLooseCharBox(textpage, index, box) and _on(box, width, height):
            size, bold = fonts.of(index)
            top, bottom = height - box.top, height - box.bottom
            if 0 < size < height:
                glyphs.append(Glyph(char, box.left, top, box.right, bottom, size, bold))
    return glyphs


def _on(box: Any, width: float, height: float) -> bool:  # pdfium's FS_RECTF
    """Whether the box is finite and within the page (give or take a page's width and
    height: a glyph may stick out)."""
    horizontally = -width <= box.left <= box.right <= 2 * width
    return bool(horizontally and -height <= box.bottom <= box.top <= 2 * height)


def characters(textpage: object, count: int) -> list[tuple[int, str]]:
    """The characters of a page but pdfium's line ends, with surrogate pairs joined and
    lone surrogates dropped."""
    found: list[tuple[int, str]] = []
    for index in range(count):
        code = raw.FPDFText_GetUnicode(textpage, index)
        if 0xDC00 <= code <= 0xDFFF and found and 0xD800 <= ord(found[-1][1]) <= 0xDBFF:
            high = ord(found.pop()[1])
            found.append((index, chr(0x10000 + ((high - 0xD800) << 10) + code - 0xDC00)))
        elif code not in LINE_ENDS and code <= 0x10FFFF:
            found.append((index, chr(code)))
    return [(index, char) for index, char in found if not 0xD800 <= ord(char) <= 0xDFFF]


def document_lines(document: pdfium.PdfDocument) -> list[dict[str, object]]:
    lines: list[dict[str, object]] = []
    characters_read = 0
    for number, page in enumerate(document, start=1):
        textpage = page.get_textpage()
        count = max(0, textpage.count_chars())
        characters_read += count
        if characters_read > MAX_CHARACTERS:
            raise MemoryError
        glyphs = page_glyphs(textpage.raw, count, *page.get_size())  # raw: twice as fast
        lines += [dataclasses.asdict(line) for line in read_page(glyphs, number)]
    return lines


def report(pdf: bytes, max_pages: int) -> dict[str, object]:
    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as error:
        return {"error": "encrypted" if error.err_code in LOCKED else "corrupt"}
    pages = len(document)
    if pages > max_pages:
        return {"error": "too_many_pages"}
    if pages == 0:
        return {"error": "corrupt"}
    try:
        return {"pages": pages, "lines": document_lines(document)}
    except pdfium.PdfiumError:
        return {"error": "corrupt"}
    except MemoryError:
        return {"error": "too_large"}


def main(arguments: list[str]) -> None:
    max_pages, memory_bytes, cpu_seconds = (int(argument) for argument in arguments)
    limit_self(memory_bytes, cpu_seconds)
    print(json.dumps(report(sys.stdin.buffer.read(), max_pages), separators=(",", ":")))


if __name__ == "__main__":
    main(sys.argv[1:])
