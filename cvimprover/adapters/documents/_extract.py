"""The child process of PdfiumTextExtractor: reads a PDF on stdin, prints one JSON line,
`{"pages": n, "text": "..."}` or `{"error": "encrypted" | "corrupt" | "too_many_pages" |
"too_large"}`.

    python -m cvimprover.adapters.documents._extract MAX_PAGES MEMORY_BYTES CPU_SECONDS

It limits itself before reading a byte, rather than through `preexec_fn`, which is unsafe
in a threaded server: a hostile PDF then exhausts only this process.
"""

import json
import resource
import sys

import pypdfium2 as pdfium  # type: ignore[import-untyped]  # pypdfium2 ships no annotations

LOCKED = {pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY}
MAX_CHARACTERS = 1_000_000  # no CV is this long; a bound on what the parent has to read


def limit_self(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def page_texts(document: pdfium.PdfDocument) -> list[str]:
    texts: list[str] = []
    for page in document:
        texts.append(str(page.get_textpage().get_text_bounded()))
        if sum(map(len, texts)) > MAX_CHARACTERS:
            raise MemoryError
    return texts


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
        return {"pages": pages, "text": "\n\n".join(page_texts(document))}
    except pdfium.PdfiumError:
        return {"error": "corrupt"}
    except MemoryError:
        return {"error": "too_large"}


def main(arguments: list[str]) -> None:
    max_pages, memory_bytes, cpu_seconds = (int(argument) for argument in arguments)
    limit_self(memory_bytes, cpu_seconds)
    print(json.dumps(report(sys.stdin.buffer.read(), max_pages)))


if __name__ == "__main__":
    main(sys.argv[1:])
