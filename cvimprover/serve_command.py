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
from cvimprover.job_workers import JobWorkers
from cvimprover.workers.main import run as run_worker

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
    workers = JobWorkers(settings.serve_job_workers, lambda: _work(settings))
    workers.start()
    _announce(settings, address, settings.serve_job_workers)
    try:
        _serve_api(address, workers)
    finally:
        # gunicorn's workers are forked from here too and leave through this frame (by
        # sys.exit): only this process, their parent, stops the job workers.
        if os.getpid() == serving:
            workers.stop()


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


def _work(settings: Settings) -> None:
    """A job worker's life, in a process forked from serve."""
    ensure_multiprocess_dir()
    run_worker(build_container(settings))


def _serve_api(address: str, workers: JobWorkers) -> None:
    """gunicorn with cvimprover/gunicorn_conf.py, as `gunicorn -c` would read it."""
    from cvimprover import gunicorn_conf

    options = {name: getattr(gunicorn_conf, name) for name in dir(gunicorn_conf)}
    _Gunicorn(options | {"bind": address}, workers).run()


class _Gunicorn:
    """Runs gunicorn in this process with the given settings and our WSGI app; its
    arbiter replaces a job worker that died as it replaces one of its own."""

    def __init__(self, options: dict[str, Any], job_workers: JobWorkers) -> None:
        from gunicorn.app.base import BaseApplication
        from gunicorn.arbiter import Arbiter

        class JobWorkersArbiter(Arbiter):  # type: ignore[misc]
            """gunicorn's arbiter, which also reaps the job workers (before its own
            waitpid(-1) takes them for strangers) and forks one again for each that died,
            in its main loop (woken by SIGCHLD, else each second); never once stopping."""

            def reap_workers(self) -> None:
                job_workers.reap()
                super().reap_workers()

            def manage_workers(self) -> None:
                super().manage_workers()
                job_workers.reap()  # one gunicorn reaped first, between two SIGCHLDs
                job_workers.replace(leave_parent=self.leave_to_a_job_worker)

            def stop(self, graceful: bool = True) -> None:
                job_workers.stopping = True
                super().stop(graceful)

            def leave_to_a_job_worker(self) -> None:
                """In a job worker forked here: Python's signal handlers, not the
                arbiter's, and none of its sockets and gunicorn workers' files."""
                for number in [*self.SIGNALS, signal.SIGCHLD]:
                    signal.signal(number, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.default_int_handler)
                for listener in self.LISTENERS:
                    listener.close()
                for worker in self.WORKERS.values():
                    worker.tmp.close()

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in options.items():
                    if key in self.cfg.settings:  # the module's other names are not settings
                        self.cfg.set(key, value)

            def load(self) -> Any:
                from cvimprover.wsgi import app as wsgi_app

                return wsgi_app

            def run(self) -> None:
                try:
                    JobWorkersArbiter(self).run()
                except RuntimeError as error:  # as BaseApplication.run says it
                    typer.echo(f"\nError: {error}\n", err=True)
                    raise SystemExit(1) from None

        self._application = Application()

    def run(self) -> None:
        self._application.run()
