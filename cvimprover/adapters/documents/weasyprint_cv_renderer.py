import json
import subprocess
import sys
import threading
import time

import structlog

from cvimprover.adapters.documents import _render
from cvimprover.adapters.documents.frames import read_frame, write_frame
from cvimprover.core.cvs.pdfs import RenderRequest
from cvimprover.ports.documents import CVRenderer, RenderFailed

log = structlog.get_logger(__name__)

RENDER_PROCESS = "cvimprover.adapters.documents._render"
STARTUP_SECONDS = 60.0
"""On top of the time limit, for a render process that is still loading WeasyPrint."""

ADVICE = "Ask for a shorter or simpler improvement, then for its PDF again."
TOO_LONG = "This CV is too long to render as a PDF ({length} characters; at most {limit}). "
REASONS = {
    _render.TOO_SLOW: "This CV took too long to render as a PDF. ",
    _render.TOO_LARGE: "This CV is too large or complex to render as a PDF. ",
    _render.TOO_DEEP: "This CV is nested too deeply to lay out as a PDF. ",
    _render.TOO_MANY_PAGES: "This CV would take more than {pages} pages, too many for a CV. ",
    _render.FAILED: "This CV could not be rendered as a PDF. ",
}


class WeasyPrintCVRenderer(CVRenderer):
    """Renders with WeasyPrint in a child process, forked per CV from a warm render
    process of its own (started on first use): within `timeout_seconds` of wall-clock
    time, `memory_limit_bytes` of memory beyond what the warm render process maps, and
    `max_pages` pages, after refusing outright
    a text over `max_characters`. A CV that breaks a limit fails with a reason a person
    can act on, and the worker, like the render process, carries on."""

    def __init__(
        self,
        *,
        timeout_seconds: float = 20.0,
        memory_limit_bytes: int = 256 * 1024 * 1024,
        max_characters: int = 100_000,
        max_pages: int = 20,
    ) -> None:
        self._timeout_seconds = timeout_seconds
        self._memory_limit_bytes = memory_limit_bytes
        self._max_characters = max_characters
        self._max_pages = max_pages
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None

    def render(self, request: RenderRequest) -> bytes:
        length = len(request.markdown)
        if length > self._max_characters:
            reason = TOO_LONG.format(length=length, limit=self._max_characters)
            raise RenderFailed(reason + ADVICE)
        with self._lock:
            answer = self._exchange(_encoded(request))
        if answer.startswith(b"P%PDF-"):
            return answer[1:]
        reason = REASONS.get(answer[1:], REASONS[_render.FAILED])
        raise RenderFailed(reason.format(pages=self._max_pages) + ADVICE)

    def close(self) -> None:
        """Stops the render process (it also stops by itself when this process ends)."""
        with self._lock:
            self._stop()

    def _exchange(self, body: bytes) -> bytes:
        """One request and its answer; a render process that died since the last one
        (killed from outside, say) is replaced once."""
        for _ in range(2):
            process = self._started()
            to_process, from_process = _pipes(process)
            deadline = time.monotonic() + self._timeout_seconds + STARTUP_SECONDS
            try:
                write_frame(to_process, body)
                return read_frame(from_process, deadline, _render.MAX_PDF_BYTES)
            except (EOFError, OSError, ValueError):
                log.warning("PDF render process lost; starting another", code=process.poll())
                self._stop()
            except TimeoutError:
                self._stop()
                return _render.ANSWERS[_render.TOO_SLOW]
        raise RuntimeError("the PDF render process keeps stopping; see its errors above")

    def _started(self) -> "subprocess.Popen[bytes]":
        if self._process is None or self._process.poll() is not None:
            limits = [self._memory_limit_bytes, self._timeout_seconds, self._max_pages]
            self._process = subprocess.Popen(  # noqa: S603  # our own module, fixed arguments
                [sys.executable, "-I", "-m", RENDER_PROCESS, *map(str, limits)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
            )
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                stream.close()
        try:
            process.wait(timeout=5)  # stdin closed: it ends by itself
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _pipes(process: "subprocess.Popen[bytes]") -> tuple[int, int]:
    if process.stdin is None or process.stdout is None:
        raise RuntimeError("the render process was started without pipes")
    return process.stdin.fileno(), process.stdout.fileno()


def _encoded(request: RenderRequest) -> bytes:
    return json.dumps(
        {
            "markdown": request.markdown,
            "title": request.title,
            "author": request.author,
            "template": request.template.value,
            "page_size": request.page_size.value,
        }
    ).encode()
