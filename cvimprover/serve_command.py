"""`cvimprover serve`: migrations, then the API under gunicorn with job workers beside it.

The job workers are forked from this process once it has loaded the application, as
gunicorn forks its own workers: a worker started as a new interpreter imported the whole
application again, and on a busy two-core machine took several times as long as the API
to take its first job (a sign-up's mail waited for it).
"""

import errno
import os
import signal
import socket
import sys
import time
from typing import Annotated, Any

import structlog
import typer

from cvimprover.adapters.db import migrate as migrations
from cvimprover.adapters.observability.logs import configure_logging
from cvimprover.adapters.observability.prometheus_telemetry import (
    ensure_multiprocess_dir,
    prepare_multiprocess,
)
from cvimprover.config import Settings
from cvimprover.container import build_container
from cvimprover.workers.main import run as run_worker

STOP_SECONDS = 30
"""Time a job worker has to finish the job in hand when serve stops."""
log = structlog.get_logger(__name__)


def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on, instead of HOST (127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to listen on, instead of PORT (8000)."),
    ] = None,
    migrate: Annotated[bool, typer.Option(help="Apply migrations before starting.")] = True,
) -> None:
    """Run the API under gunicorn, with SERVE_JOB_WORKERS job workers beside it
    (settings: HOST, PORT, WEB_CONCURRENCY, WEB_THREADS)."""
    settings = _settings_with(host, port)
    configure_logging(settings.log_level)
    address = _address(settings.host, settings.port)
    _refuse_a_taken_address(settings.host, settings.port, address)
    if migrate:
        typer.echo("applying the database migrations")
        engine = build_container(settings).infra.engine()
        migrations.upgrade(engine)
        engine.dispose()  # no pooled connection may outlive the fork into the workers
    _warn_of_unsold_plans(settings)
    settings.token_secret()  # created once here, before the workers fork
    if settings.metrics_enabled:  # before the job workers start writing their figures
        prepare_multiprocess(settings.resolved_metrics_dir)
    serving = os.getpid()
    workers = [_fork_worker(settings) for _ in range(settings.serve_job_workers)]
    _announce(settings, address, len(workers))
    try:
        _serve_api(address)
    finally:
        # gunicorn's workers are forked from here too and leave through this frame (by
        # sys.exit): only this process, their parent, stops the job workers.
        if os.getpid() == serving:
            _stop(workers)


def _settings_with(host: str | None, port: int | None) -> Settings:
    """The settings, with --host and --port in place of HOST and PORT. They go into the
    environment too: the API's processes read their settings from it (PUBLIC_URL
    follows HOST and PORT when it is unset)."""
    given = {"HOST": host, "PORT": None if port is None else str(port)}
    os.environ.update({name: value for name, value in given.items() if value is not None})
    return Settings()


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _refuse_a_taken_address(host: str, port: int, address: str) -> None:
    """gunicorn would try for five seconds and then fail in several lines of log: say why
    in one line, before announcing anything."""
    try:
        family, _, _, _, sockaddr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.create_server(sockaddr[:2], family=family):
            pass
    except OSError as error:
        reason = (
            "another program listens there (choose another port with --port or PORT)"
            if error.errno == errno.EADDRINUSE
            else error.strerror or str(error)
        )
        typer.echo(f"cvimprover cannot listen on {address}: {reason}", err=True)
        raise typer.Exit(code=1) from None


def _warn_of_unsold_plans(settings: Settings) -> None:
    """One log line per paid plan the selling gateway sells at no interval. Only a
    warning: the service starts anyway, and those plans' checkouts say what to do."""
    container = build_container(settings)
    try:
        unsold = container.billing.find_unsold_plans().execute()
    except Exception as error:  # a warning must never stop the service
        log.warning("plan prices not checked", error=str(error))
        unsold = []
    finally:
        container.infra.engine().dispose()  # before the fork, as after the migrations
    for message in unsold:
        log.warning("plan not for sale", gateway=settings.payment_gateway, detail=message)


def _announce(settings: Settings, address: str, workers: int) -> None:
    base = f"http://{address}"
    typer.echo(
        f"cvimprover listens on {base}/ (API docs at {base}/, OpenAPI at {base}/schema/, "
        f"health at {base}/core/health/), with {workers} job worker{'s' * (workers != 1)}"
    )
    if settings.mailer == "outbox":
        typer.echo(f"mails are written to {settings.resolved_outbox_dir}/")


def _fork_worker(settings: Settings) -> int:
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        ensure_multiprocess_dir()
        run_worker(build_container(settings))
        status = 0
    except Exception:
        log.exception("the job worker failed")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # never back into serve: its gunicorn and cleanup are not ours


def _stop(workers: list[int]) -> None:
    """SIGTERM to each job worker still running; each finishes its job in hand first.
    gunicorn reaps every child that exits, its own or not: a worker it reaped is not
    signalled, as its pid may be another process's by now."""
    running = [pid for pid in workers if _running(pid)]
    for pid in running:
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    while running and time.monotonic() < deadline:
        time.sleep(0.05)
        running = [pid for pid in running if _running(pid)]
    for pid in running:
        os.kill(pid, signal.SIGKILL)
        _running(pid)


def _running(pid: int) -> bool:
    """Whether our child `pid` still runs; reaps it when it has ended."""
    try:
        ended, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # already reaped, by gunicorn
        return False
    return ended == 0


def _serve_api(address: str) -> None:
    """gunicorn with cvimprover/gunicorn_conf.py, as `gunicorn -c` would read it."""
    from cvimprover import gunicorn_conf

    options = {name: getattr(gunicorn_conf, name) for name in dir(gunicorn_conf)}
    _Gunicorn(options | {"bind": address}).run()


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
