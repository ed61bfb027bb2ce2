"""The `cvimprover` command: serve, migrate, seed-plans, create-user."""

import subprocess
import sys
from typing import Annotated, Any

import typer

from cvimprover.adapters.db import migrate as migrations
from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.adapters.observability.prometheus_telemetry import (
    ensure_multiprocess_dir,
    prepare_multiprocess,
    serve_metrics,
)
from cvimprover.admin_commands import jobs, quota, set_plan
from cvimprover.cleanup_command import cleanup
from cvimprover.config import Settings
from cvimprover.container import build_container
from cvimprover.core.errors import DomainError
from cvimprover.core.users.commands import NewAccount

app = typer.Typer(
    help="cvimprover: improve CVs for the job people want.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # locals may hold secrets
)


@app.command()
def serve(
    migrate: Annotated[bool, typer.Option(help="Apply migrations before starting.")] = True,
) -> None:
    """Run the API under gunicorn (settings: HOST, PORT, WEB_CONCURRENCY, WEB_THREADS)."""
    settings = Settings()
    configure_logging(settings.log_level)
    if migrate:
        engine = build_container(settings).infra.engine()
        migrations.upgrade(engine)
        engine.dispose()  # no pooled connection may outlive the fork into the workers
    settings.token_secret()  # created once here, before the workers fork
    if settings.metrics_enabled:  # before the job workers start writing their figures
        prepare_multiprocess(settings.resolved_metrics_dir)
    base = f"http://{settings.host}:{settings.port}"
    typer.echo(f"cvimprover listens on {base}/ (API docs at {base}/, OpenAPI at {base}/schema/)")
    workers = [_start_worker() for _ in range(settings.serve_job_workers)]
    try:
        _serve_api(settings)
    finally:
        for process in workers:
            process.terminate()
        for process in workers:
            process.wait(timeout=30)


def _start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "cvimprover", "worker"])


def _serve_api(settings: Settings) -> None:
    """gunicorn with cvimprover/gunicorn_conf.py, as `gunicorn -c` would read it."""
    from cvimprover import gunicorn_conf

    _Gunicorn({name: getattr(gunicorn_conf, name) for name in dir(gunicorn_conf)}).run()


@app.command()
def worker() -> None:
    """Run a job worker (settings: BROKER_URL, JOB_SWEEP_INTERVAL_SECONDS)."""
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


class _Gunicorn:
    """Runs gunicorn in this process with the given settings and our WSGI app."""

    def __init__(self, options: dict[str, Any]) -> None:
        from gunicorn.app.base import BaseApplication

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in options.items():
                    if key in self.cfg.settings:  # the module's other names are not settings
                        self.cfg.set(key, value)

            def load(self) -> Any:
                from cvimprover.wsgi import app as wsgi_app

                return wsgi_app

        self._application = Application()

    def run(self) -> None:
        self._application.run()
