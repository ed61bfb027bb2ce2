"""PDF rendering benchmark: a two-page improved CV rendered again and again on one core.

    .venv/bin/python bench/pdf.py                # 200 renders each way, on CPU 0
    .venv/bin/python bench/pdf.py --renders 50 --template modern --page-size Letter

Two ways, one after the other, in this one process pinned to one core (the render
processes it starts inherit the pin):

- worker: through WeasyPrintCVRenderer, exactly as a worker renders (a warm render
  process forks a limited child per CV). The process that grows, if anything does, is
  this one, standing in for the worker, and the render process beside it.
- in-process: the same pipeline (Markdown -> nh3 -> Jinja2 -> WeasyPrint) called directly
  in this process, without the isolation: WeasyPrint's own time and memory.

It prints the median and p90 seconds per render (target: median <= 0.5 s), the CPU seconds
per render beside them (which other processes on the core do not inflate), and the resident
memory (RSS) before and after the measured renders (target: <= 10 % growth over 200). Like
the rest of bench/, it reports and never fails on a figure.
"""

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cvimprover.adapters.documents.weasyprint_cv_renderer import (  # noqa: E402
    WeasyPrintCVRenderer,
)
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "improved" / "two_page_cv.md"
MEDIAN_TARGET_SECONDS = 0.5
RSS_GROWTH_TARGET = 0.10
WARM_UP = 3
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int | None) -> float:
    """CPU time of this process, plus that of `pid` and of its children it has reaped
    (the render process and the children it forks, one per render)."""
    own = time.process_time()
    if pid is None:
        return own
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(field) for field in fields[11:15])
    return own + (utime + stime + cutime + cstime) / CLOCK_TICKS


def measure(render: Callable[[], bytes], renders: int, other_pid: Callable[[], int | None]):
    for _ in range(WARM_UP):
        pages = len(pdfium.PdfDocument(render()))
    before = rss_kib(), _rss_or_none(other_pid())
    seconds, cpu = [], []
    for _ in range(renders):
        started, started_cpu = time.perf_counter(), cpu_seconds(other_pid())
        render()
        seconds.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(other_pid()) - started_cpu)
    after = rss_kib(), _rss_or_none(other_pid())
    return pages, seconds, cpu, before, after


def _rss_or_none(pid: int | None) -> int | None:
    return rss_kib(pid) if pid else None


def report(name: str, labels: tuple[str, ...], pages: int, seconds, cpu, before, after):
    median = statistics.median(seconds)
    p90 = statistics.quantiles(seconds, n=10)[-1]
    print(f"\n{name}: {len(seconds)} renders of a {pages}-page CV")
    print(f"  seconds per render   median {median:.3f}   p90 {p90:.3f}   max {max(seconds):.3f}")
    cpu_median, cpu_p90 = statistics.median(cpu), statistics.quantiles(cpu, n=10)[-1]
    print(f"  CPU s per render     median {cpu_median:.3f}   p90 {cpu_p90:.3f}   (busy time)")
    _verdict("  median <= 0.5 s", median <= MEDIAN_TARGET_SECONDS)
    if median > MEDIAN_TARGET_SECONDS >= cpu_median:
        print("  (the CPU time meets it: other processes were taking this core)")
    for label, start, end in zip(labels, before, after, strict=True):
        if start is None or end is None:
            continue
        growth = (end - start) / start
        print(
            f"  RSS of {label:<26} {start / 1024:7.1f} MB -> {end / 1024:7.1f} MB ({growth:+.1%})"
        )
        _verdict(f"  {label}: growth <= 10 %", growth <= RSS_GROWTH_TARGET)


def _verdict(target: str, met: bool) -> None:
    print(f"{target:<44} {'met' if met else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--template", choices=[t.value for t in PdfTemplate], default="classic")
    parser.add_argument("--page-size", choices=[s.value for s in PageSize], default="A4")
    parser.add_argument("--cpu", type=int, default=0, help="the one core to run on")
    parser.add_argument("--only", choices=["worker", "in-process"], default=None)
    options = parser.parse_args()

    os.sched_setaffinity(0, {options.cpu})
    request = RenderRequest(
        SAMPLE.read_text(),
        "Sam Rivera \u2013 CV for Data Analyst",
        "Sam Rivera",
        PdfTemplate(options.template),
        PageSize(options.page_size),
    )
    print(f"PDF rendering on CPU {options.cpu} ({options.template}, {options.page_size})")
    if options.only in (None, "worker"):
        renderer = WeasyPrintCVRenderer(timeout_seconds=60)

        def render_process() -> int | None:
            return renderer._process.pid if renderer._process else None

        try:
            figures = measure(lambda: renderer.render(request), options.renders, render_process)
            report("worker", ("this process (the worker)", "its render process"), *figures)
        finally:
            renderer.close()
    if options.only in (None, "in-process"):
        from cvimprover.adapters.documents.cv_pdf import render_pdf

        def in_process() -> bytes:
            return render_pdf(request, max_pages=20)

        figures = measure(in_process, options.renders, lambda: None)
        report("in-process (no isolation)", ("this process", "-"), *figures)


if __name__ == "__main__":
    main()
