"""`cvimprover cleanup`: retention of old AI results and orphaned files."""

from typing import Annotated

import typer
from rich.progress import track

from cvimprover.container import build_container
from cvimprover.core.cvs.use_cases.clean_up_storage import Cleanup, CleanupPlan, CleanupReport


def cleanup(
    days: Annotated[
        int, typer.Option("--days", min=1, help="Keep AI results younger than this many days.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Change nothing; say what would be deleted.")
    ] = False,
) -> None:
    """Delete AI results finished more than DAYS ago (with their PDFs) and files in storage
    that nothing refers to."""
    container = build_container()
    cleaner = container.cvs.clean_up_storage()
    plan = cleaner.plan(Cleanup(days))
    if dry_run:
        typer.echo(f"dry run: would delete {_described(plan)}; nothing was changed")
        return
    report = CleanupReport()
    for _ in track(
        cleaner.apply(plan, report), total=plan.steps, description="cleaning up", transient=True
    ):
        pass
    typer.echo(
        f"deleted {report.results} AI results older than {days} days "
        f"({report.files} PDF files) and {report.orphans} orphaned files"
    )
    for failure in report.failures:
        typer.echo(f"could not delete {failure}", err=True)
    if report.failures:
        raise typer.Exit(code=1)


def _described(plan: CleanupPlan) -> str:
    return (
        f"{len(plan.results)} AI results created before {plan.cutoff:%Y-%m-%d %H:%M} UTC "
        f"({plan.result_files} PDF files) and {len(plan.orphans)} orphaned files"
    )
