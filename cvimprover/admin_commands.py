"""Operators' commands: `cvimprover set-plan`, `cvimprover jobs failed|retry` and
`cvimprover quota show|reset`."""

from typing import Annotated

import typer

from cvimprover.container import build_container
from cvimprover.core.admin.model import JobRef
from cvimprover.core.admin.use_cases.quota_usage import QuotaStatement
from cvimprover.core.errors import DomainError

jobs = typer.Typer(help="Failed improvement and PDF jobs: list them, retry them.")
quota = typer.Typer(help="A user's quota use: show it, reset it.")


def _fail(error: DomainError) -> typer.Exit:
    typer.echo(f"error: {error.detail}", err=True)
    return typer.Exit(code=1)


def set_plan(
    user: Annotated[str, typer.Argument(help="Username or e-mail.")],
    plan: Annotated[str, typer.Argument(help="Plan name, as `/core/plans/` lists them.")],
) -> None:
    """Put USER on PLAN (its quotas apply from their next request)."""
    try:
        change = build_container().admin.change_plan().execute(user, plan)
    except DomainError as error:
        raise _fail(error) from None
    typer.echo(
        f"{change.username} (id {change.user_id}): plan {change.previous_plan or 'none'}"
        f" -> {change.plan}"
    )
    if change.subscription_status:
        typer.echo(
            f"note: their subscription is {change.subscription_status}; the payment "
            "gateway's next event about it may set the plan again",
            err=True,
        )


@jobs.command("failed")
def failed(
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most jobs to list.")] = 50,
) -> None:
    """List failed jobs, most recent first: ID (ai:N or pdf:N), user, attempts, when, why."""
    listed = build_container().admin.list_failed_jobs().execute(limit)
    if not listed:
        typer.echo("no failed jobs")
    for job in listed:
        when = job.finished_at.isoformat(timespec="seconds") if job.finished_at else "-"
        reason = " ".join(job.error.split())[:160]
        typer.echo(f"{job.ref}\tuser {job.user_id}\t{job.attempts} attempts\t{when}\t{reason}")


@jobs.command("retry")
def retry(
    ids: Annotated[
        list[str], typer.Argument(help="Jobs as `jobs failed` lists them: ai:N, pdf:N.")
    ],
) -> None:
    """Queue failed jobs again, from a fresh start; other jobs are left alone."""
    try:
        refs = [JobRef.parse(text) for text in ids]
    except DomainError as error:
        raise _fail(error) from None
    outcomes = build_container().admin.retry_jobs().execute(refs)
    for outcome in outcomes:
        typer.echo(f"{outcome.ref}: " + ("queued again" if outcome.retried else outcome.reason))
    if not all(outcome.retried for outcome in outcomes):
        raise typer.Exit(code=1)


@quota.command("show")
def show_quota(user: Annotated[str, typer.Argument(help="Username or e-mail.")]) -> None:
    """Show USER's plan and their use of each quota in its current window."""
    try:
        statement = build_container().admin.inspect_quotas().execute(user)
    except DomainError as error:
        raise _fail(error) from None
    _echo_statement(statement)


@quota.command("reset")
def reset_quota(
    user: Annotated[str, typer.Argument(help="Username or e-mail.")],
    scope: Annotated[
        list[str] | None,
        typer.Option(
            help="Only this scope (repeatable): ai_responses, questionnaires, "
            "uploads, api_calls. Default: every scope."
        ),
    ] = None,
) -> None:
    """Forget USER's uses in the current windows, so they may start again at once."""
    try:
        statement = build_container().admin.reset_quotas().execute(user, scope)
    except DomainError as error:
        raise _fail(error) from None
    _echo_statement(statement)


def _echo_statement(statement: QuotaStatement) -> None:
    typer.echo(f"{statement.username} (id {statement.user_id}): plan {statement.plan}")
    for use in statement.uses:
        resets = use.reset_at.isoformat(timespec="seconds")
        typer.echo(f"{use.scope.value}\t{use.used}/{use.limit}\tresets {resets}")
