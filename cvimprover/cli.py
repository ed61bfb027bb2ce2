"""The `cvimprover` command: serve, worker, migrate, create-user and the operators' commands."""

from typing import Annotated

import typer

from cvimprover.adapters.db import migrate as migrations
from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.adapters.observability.prometheus_telemetry import (
    ensure_multiprocess_dir,
    serve_metrics,
)
from cvimprover.admin_commands import jobs, quota, set_plan
from cvimprover.cleanup_command import cleanup
from cvimprover.config import Settings
from cvimprover.container import build_container
from cvimprover.core.errors import DomainError
from cvimprover.core.users.commands import NewAccount
from cvimprover.price_commands import prices
from cvimprover.serve_command import serve

app = typer.Typer(
    help="cvimprover: improve CVs for the job people want.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets
)


app.command("serve")(serve)


@app.command()
def worker() -> None:
    """Run a job worker (settings: BROKER_URL, JOB_LEASE_SECONDS, JOB_HEARTBEAT_SECONDS,
    JOB_SWEEP_INTERVAL_SECONDS, JOB_QUEUE_LEASE_SECONDS, JOB_MAX_RUN_SECONDS)."""
    from cvimprover.workers.main import run

    settings = Settings()
    configure_logging(settings.log_level)
    ensure_multiprocess_dir()
    if settings.metrics_enabled and settings.worker_metrics_port:
        serve_metrics(settings.worker_metrics_port)
    run(build_container(settings))


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Bring the database schema up to date (or to REVISION)."""
    settings = Settings()
    migrations.upgrade(build_container(settings).infra.engine(), revision)
    typer.echo(f"database at revision {revision}")


@app.command("create-user")
def create_user(
    username: str,
    email: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    staff: Annotated[bool, typer.Option("--staff", help="Make the user staff.")] = False,
) -> None:
    """Create an account (its e-mail counts as verified)."""
    container = build_container()
    command = NewAccount(username, email, password, password, is_staff=staff)
    try:
        user_id = container.accounts.create_user().execute(command)
    except DomainError as error:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.errors.items())
        typer.echo(f"error: {error.detail} {details}".strip(), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"created {'staff ' if staff else ''}user {username} (id {user_id})")


app.command("cleanup")(cleanup)
app.command("set-plan")(set_plan)
app.add_typer(jobs, name="jobs")
app.add_typer(quota, name="quota")
app.add_typer(prices, name="prices")
