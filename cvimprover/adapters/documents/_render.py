"""The render process of WeasyPrintCVRenderer.

    python -I -m cvimprover.adapters.documents._render MEMORY_BYTES TIMEOUT_SECONDS MAX_PAGES

It loads WeasyPrint and renders a page in each template once, then answers each request
on stdin by forking a child that limits its own memory and CPU, renders, answers and
exits. A hostile CV exhausts or hangs only that child, which is killed at the time
limit, and every render starts from the same warm state: nothing builds up from one CV
to the next, and no render pays for loading WeasyPrint. This process stays
single-threaded, so it can fork safely, which a worker's or a test's threads could not.

Each request (a frame, see `frames`) is a RenderRequest as JSON; each answer is b"P" and
the PDF, or b"E" and one of the error codes below.
"""

import json
import logging
import math
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass
from typing import NoReturn

from cvimprover.adapters.documents.frames import read_frame, readable, write_all, write_frame

TOO_SLOW, TOO_LARGE, TOO_DEEP, TOO_MANY_PAGES, FAILED = (
    b"too_slow",
    b"too_large",
    b"too_deep",
    b"too_many_pages",
    b"failed",
)
ANSWERS = {code: b"E" + code for code in (TOO_SLOW, TOO_LARGE, TOO_DEEP, TOO_MANY_PAGES, FAILED)}
"""Made before any child runs: a child out of memory cannot build its answer."""
MAX_REQUEST_BYTES = 16 * 1024 * 1024
MAX_PDF_BYTES = 32 * 1024 * 1024


def _read_to_end(fd: int, deadline: float, limit: int) -> bytes | None:
    """What the child wrote before closing its end; None when it ran out of time."""
    chunks, size = [], 0
    while size <= limit:
        if not readable(fd, deadline):
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


@dataclass(frozen=True)
class Limits:
    memory_bytes: int
    timeout_seconds: float
    max_pages: int

    @property
    def cpu_seconds(self) -> int:
        """A backstop behind the wall-clock limit, for a child nobody is watching."""
        return math.ceil(self.timeout_seconds) + 1


def render_in_child(request: bytes, limits: Limits) -> bytes:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(request, write_end, limits)
    os.close(write_end)
    try:
        deadline = time.monotonic() + limits.timeout_seconds
        output = _read_to_end(read_end, deadline, MAX_PDF_BYTES + 1)
    finally:
        os.close(read_end)
    if output is None or len(output) > MAX_PDF_BYTES:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if output is None:
        return ANSWERS[TOO_SLOW]
    if len(output) > MAX_PDF_BYTES:
        return ANSWERS[TOO_LARGE]
    if os.WIFEXITED(status) and output[:1] in (b"P", b"E"):
        return output
    slow = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGXCPU
    return ANSWERS[TOO_SLOW if slow else TOO_LARGE]  # a child killed by its memory limit


def _child(request: bytes, answer_fd: int, limits: Limits) -> NoReturn:
    ceiling = limits.memory_bytes
    try:
        nowhere = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # the worker's pipes are not this child's to touch
            os.dup2(nowhere, fd)
        # On top of what the warm process it is a copy of already maps (250 to 320 MB of
        # address space, depending on the machine): the limit is what one CV may add.
        ceiling = _address_space() + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        answer = _answer(request, limits.max_pages)
    except MemoryError:
        answer = ANSWERS[TOO_LARGE]
    except RecursionError:
        answer = ANSWERS[TOO_DEEP]
    except BaseException:  # every failure must become an answer
        answer = ANSWERS[TOO_LARGE if _near(ceiling) else FAILED]
    try:
        write_all(answer_fd, answer)
    finally:
        os._exit(0)


def _address_space() -> int:
    """This process's mapped address space (VmSize), in bytes."""
    with open("/proc/self/status", "rb") as status:
        size = next(line for line in status if line.startswith(b"VmSize:"))
    return int(size.split()[1]) * 1024


def _near(memory_limit: int) -> bool:
    """Whether this process came close to its memory limit: a C library that fails to
    allocate reports it its own way (a SystemError, say), seldom as a MemoryError."""
    try:
        with open("/proc/self/status", "rb") as status:
            peak = next(line for line in status if line.startswith(b"VmPeak:"))
        return int(peak.split()[1]) * 1024 > memory_limit * 0.9
    except (OSError, ValueError, StopIteration, MemoryError):
        return False


def _answer(request: bytes, max_pages: int) -> bytes:
    # Loaded already, by the warm-up; imported here so that the worker, which imports
    # this module for its frames, never loads WeasyPrint.
    from cvimprover.adapters.documents.cv_pdf import TooDeep, TooManyPages, render_pdf
    from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest

    fields = json.loads(request)
    fields["template"] = PdfTemplate(fields["template"])
    fields["page_size"] = PageSize(fields["page_size"])
    try:
        return b"P" + render_pdf(RenderRequest(**fields), max_pages=max_pages)
    except TooManyPages:
        return ANSWERS[TOO_MANY_PAGES]
    except TooDeep:
        return ANSWERS[TOO_DEEP]


def _warm_up() -> None:
    """Loads fonts and templates once, so that every child inherits them loaded."""
    from cvimprover.core.cvs.pdfs import PdfTemplate

    for template in PdfTemplate:
        sample = {"markdown": "# A\n\n## B\n\n- *c* **d** `e`", "title": "", "author": ""}
        request = sample | {"template": template.value, "page_size": "A4"}
        if not _answer(json.dumps(request).encode(), 1).startswith(b"P%PDF-"):
            raise RuntimeError("the warm-up render failed")


def main(arguments: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker stops us by closing stdin
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)  # refusals are expected
    memory_bytes, timeout_seconds, max_pages = arguments
    limits = Limits(int(memory_bytes), float(timeout_seconds), int(max_pages))
    _warm_up()
    while True:
        try:
            request = read_frame(0, None, MAX_REQUEST_BYTES)
        except EOFError:
            return
        write_frame(1, render_in_child(request, limits))


if __name__ == "__main__":
    main(sys.argv[1:])
