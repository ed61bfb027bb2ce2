"""Servers to take down: a private PostgreSQL and Redis that a test (or bench/restarts.py)
restarts under traffic, the real `cvimprover serve` in front of them, and the traffic.

PostgreSQL runs as scripts/services.sh runs it (its own data folder, `pg_ctl`, as the
`postgres` user when we are root), on a port of its own; so does Redis. Neither is the
suite's shared server: restarting them disturbs no other test.
"""

import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from tests.support.accounts import PASSWORD, registration

CVIMPROVER = Path(sys.executable).with_name("cvimprover")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/services.sh first")
    return found[-1].parent


class PrivatePostgres:
    """A cluster of its own in `root`, on a free port; `restart` is a fast shutdown
    (clients get AdminShutdown, as in a real restart) and a start."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self._root = root
        self._bin = _postgres_bin()
        self._as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self._data = root / "data"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def create(self) -> None:
        if self._as_postgres:
            shutil.chown(self._root, user="postgres")
        self._pg("initdb", "-D", str(self._data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self._root}"
            " -c fsync=off -c max_connections=100"
        )
        log = self._root / "log"
        self._pg("pg_ctl", "-D", str(self._data), "-l", str(log), "-w", "-o", options, "start")

    def stop(self) -> None:
        self._pg("pg_ctl", "-D", str(self._data), "-m", "fast", "-w", "stop")

    def restart(self, down_seconds: float = 1.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()

    def discard(self) -> None:
        """Stops the cluster at once if it runs; the folder is the caller's to delete."""
        self._pg("pg_ctl", "-D", str(self._data), "-m", "immediate", "stop", check=False)

    def _pg(self, program: str, *arguments: str, check: bool = True) -> None:
        subprocess.run(  # noqa: S603 (PostgreSQL's own tools)
            [*self._as_postgres, str(self._bin / program), *arguments],
            check=check,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )


class PrivateRedis:
    """redis-server without persistence, a child of this process, on a free port."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self._root = root
        self._process: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        redis_server = shutil.which("redis-server")
        if redis_server is None:
            raise RuntimeError("Redis is not installed: run scripts/services.sh first")
        with (self._root / "redis.log").open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 (Redis itself)
                [
                    redis_server,
                    *("--port", str(self.port), "--bind", "127.0.0.1"),
                    *("--save", "", "--appendonly", "no"),
                ],
                stdout=log,
                stderr=log,
            )
        _wait_for_port(self.port, self._process)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=30)
            self._process = None

    def restart(self, down_seconds: float = 1.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


@contextmanager
def private_servers() -> Iterator[tuple[PrivatePostgres, PrivateRedis]]:
    """PostgreSQL and Redis of the caller's own, stopped and deleted afterwards."""
    # Under /tmp with mode 755: the postgres user must reach its data folder.
    root = Path(tempfile.mkdtemp(prefix="cvimprover-outage-"))
    root.chmod(0o755)
    postgres, redis = PrivatePostgres(root / "pg"), PrivateRedis(root)
    (root / "pg").mkdir()
    try:
        postgres.create()
        redis.start()
        yield postgres, redis
    finally:
        redis.stop()
        postgres.discard()
        shutil.rmtree(root, ignore_errors=True)


def service_environment(
    postgres: PrivatePostgres, redis: PrivateRedis, data_dir: Path, secret: str
) -> dict[str, str]:
    """Production's shape: PostgreSQL, and Redis for the login throttle, quotas and jobs."""
    redis_db = redis.url.rsplit("/", 1)[0]
    return os.environ | {
        "DATABASE_URL": postgres.url,
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": secret,
        "PAYMENT_GATEWAY": "sandbox",
        "RATE_LIMIT_STORAGE_URL": f"{redis_db}/0",
        "QUOTA_STORAGE_URL": f"{redis_db}/1",
        "BROKER_URL": f"{redis_db}/2",
        "AI_PROVIDERS": "local",
        "MAILER": "outbox",
        "PASSWORD_HASH_MEMORY_KIB": "1024",
        "PASSWORD_HASH_TIME_COST": "1",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "SERVE_JOB_WORKERS": "0",  # no job is run: the answers are what is measured
    }


@contextmanager
def served(env: dict[str, str], log: Path) -> Iterator[str]:
    """`cvimprover serve` with `env`, on a free port; its base URL once it answers."""
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 (our own entry point)
            [str(CVIMPROVER), "serve", "--port", str(port)],
            env=env,
            cwd=log.parent,
            stdout=output,
            stderr=output,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, process, log)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}/core/health/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within 180 s:\n{log.read_text()}")


QUESTIONNAIRE = {
    "position": "Backend engineer",
    "industry": "Software",
    "experience_level": "3-5",
    "company_size": "medium",
    "application_timeline": "1-3 months",
}
UNLIMITED_PLAN = (
    'INSERT INTO plans (name, description, "order", ai_improvements_per_day,'
    " questionnaires_per_day, uploads_per_day, api_calls_per_hour)"
    " VALUES ('Unlimited', 'outage tests only', 99, 1000000000, 1000000000, 1000000000,"
    " 1000000000)"
)
"""A plan no run reaches the quotas of, so that every write is really tried."""


def give_unlimited_plan(database_url: str, usernames: list[str]) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(UNLIMITED_PLAN))
        connection.execute(
            text(
                "UPDATE users SET plan_id = (SELECT id FROM plans WHERE name = 'Unlimited')"
                " WHERE username = ANY(:names)"
            ),
            {"names": usernames},
        )
    engine.dispose()


@dataclass
class Answer:
    request: str
    status: int
    retry_after: str | None
    phase: str
    detail: str = ""


@dataclass
class Tally:
    """What the traffic got back; transport failures (no HTTP answer) count apart."""

    answers: list[Answer] = field(default_factory=list)
    transport_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def statuses(self) -> Counter[int]:
        return Counter(answer.status for answer in self.answers)

    def server_errors(self) -> list[Answer]:
        """Answers that are neither a success, a client error nor a 503 with Retry-After."""
        return [
            answer
            for answer in self.answers
            if answer.status >= 500 and not (answer.status == 503 and answer.retry_after)
        ]

    def count(self, status: int) -> int:
        return self.statuses()[status]

    def by_phase(self) -> dict[str, Counter[int]]:
        """Statuses per phase of the run (see `Traffic.phase`)."""
        phases: dict[str, Counter[int]] = {}
        for answer in self.answers:
            phases.setdefault(answer.phase, Counter())[answer.status] += 1
        return phases


def sign_up_people(base: str, count: int, prefix: str = "restart") -> list[str]:
    """Registers `count` people; their usernames."""
    names = [f"{prefix}{number}" for number in range(count)]
    with httpx.Client(base_url=base, timeout=30) as http:
        for name in names:
            answer = http.post("/auth/registration/", json=registration(name))
            if answer.status_code != 201:
                raise RuntimeError(f"sign-up of {name}: {answer.status_code} {answer.text}")
    return names


class Traffic:
    """A few threads, each one person over one keep-alive connection, at `rate` requests
    a second in all: log in, list the questionnaires, read the profile, write a
    questionnaire, list the improvements, and again; without a token (a 401, a refused
    login) the next request is a login."""

    def __init__(self, base: str, usernames: list[str], *, rate: float = 25.0) -> None:
        self._base = base
        self._usernames = usernames
        self._interval = len(usernames) / rate
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self.tally = Tally()
        self.phase = "steady"
        """Each answer is noted under the phase set when it arrived (e.g. "postgres 1")."""

    def __enter__(self) -> "Traffic":
        for username in self._usernames:
            thread = threading.Thread(target=self._person, args=(username,), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *_: object) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=60)

    def _person(self, username: str) -> None:
        token: str | None = None
        steps = self._steps()
        with httpx.Client(base_url=self._base, timeout=30) as http:
            while not self._stopping.is_set():
                started = time.monotonic()
                name, call = next(steps)
                if token is None or call is None:
                    token = self._log_in(http, username) or token  # a refused one keeps it
                else:
                    answer = self._send(name, functools.partial(call, http, token))
                    if answer is not None and answer.status_code == 401:
                        token = None
                self._stopping.wait(max(0.0, self._interval - (time.monotonic() - started)))

    def _log_in(self, http: httpx.Client, username: str) -> str | None:
        body = {"username": username, "password": PASSWORD}
        answer = self._send("login", lambda: http.post("/auth/login/", json=body))
        if answer is not None and answer.status_code == 200:
            return str(answer.json()["access"])
        return None

    @staticmethod
    def _steps() -> Iterator[tuple[str, Callable[[httpx.Client, str], httpx.Response] | None]]:
        """Each a request with a token; None: log in again."""

        def bearer(token: str) -> dict[str, str]:
            return {"Authorization": f"Bearer {token}"}

        steps: list[tuple[str, Callable[[httpx.Client, str], httpx.Response] | None]] = [
            ("login", None),
            ("list", lambda h, t: h.get("/cv/questionnaire/", headers=bearer(t))),
            ("profile", lambda h, t: h.get("/auth/user/", headers=bearer(t))),
            (
                "write",
                lambda h, t: h.post("/cv/questionnaire/", json=QUESTIONNAIRE, headers=bearer(t)),
            ),
            ("improvements", lambda h, t: h.get("/cv/ai-responses/", headers=bearer(t))),
        ]
        while True:
            yield from steps

    def _send(self, name: str, call: Callable[[], httpx.Response]) -> httpx.Response | None:
        try:
            answer = call()
        except httpx.TransportError as error:
            with self.tally.lock:
                self.tally.transport_errors.append(f"{name}: {error!r}")
            return None
        detail = answer.text[:200] if answer.status_code >= 500 else ""
        with self.tally.lock:
            self.tally.answers.append(
                Answer(
                    name, answer.status_code, answer.headers.get("Retry-After"), self.phase, detail
                )
            )
        return answer
