"""docker-compose.yml's services without Docker (no Docker engine runs here).

The image's build stage is replayed: the files its COPY lines name, and its
`uv sync --frozen --no-dev --no-editable`, into a virtualenv of its own (so the package
runs as the installed wheel, without the source tree or the dev dependencies). From that
virtualenv, `migrate`, `api` and `worker` run as separate processes with the environment
and the commands that the compose file and the Dockerfile give them, on this machine's
PostgreSQL and Redis in place of the `postgres` and `redis` services. A person then goes
through the whole product across those processes: the API queues, the worker does the
work."""

import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import yaml

from tests.e2e.helpers import signed_up
from tests.http.test_cvs import FIELDS, PROMPT, SAMPLES
from tests.support.fixtures import TEST_SECRET
from tests.support.metrics import figure

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
STARTUP_SECONDS = 90  # an import of the app per process on a busy two-core machine
SHELL = {"JWT_SECRET": TEST_SECRET, "PAYMENT_GATEWAY": "sandbox"}
"""What the README's `JWT_SECRET=... PAYMENT_GATEWAY=sandbox docker compose up` sets in
the shell."""

INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")


def interpolate(value: str, shell: Mapping[str, str]) -> str:
    """Compose's `${NAME}`, `${NAME:-default}` and `${NAME:?message}`."""

    def replace(match: re.Match[str]) -> str:
        given = shell.get(match["name"], "")
        if match["op"] == ":?" and not given:
            raise ValueError(f"{match['name']}: {match['arg']}")
        return given or (match["arg"] if match["op"] == ":-" else "")

    return INTERPOLATION.sub(replace, value)


def service(name: str) -> dict[str, Any]:
    services: dict[str, dict[str, Any]] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())[
        "services"
    ]
    return services[name]


def service_environment(name: str) -> dict[str, str]:
    """The service's environment as compose resolves it; an entry without a value is
    passed through from the shell only when the shell has it."""
    environment: dict[str, str] = {}
    for key, value in service(name)["environment"].items():
        if value is not None:
            environment[key] = interpolate(str(value), SHELL)
        elif key in SHELL:
            environment[key] = SHELL[key]
    return environment


def dockerfile() -> tuple[dict[str, str], list[str]]:
    """The runtime image's ENV (but PATH) and its CMD."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    runtime = text.split(" AS runtime", 1)[1]
    environment: dict[str, str] = {}
    command: list[str] = []
    for line in runtime.splitlines():
        if line.startswith("ENV "):
            pairs = (word.split("=", 1) for word in shlex.split(line[4:]))
            environment |= {key: value for key, value in pairs if key != "PATH"}
        elif line.startswith("CMD "):
            command = json.loads(line[4:])
    return environment, command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def on_this_machine(
    environment: dict[str, str], postgres_url: str, redis_url: str, data_dir: Path
) -> dict[str, str]:
    """The compose network's `postgres` and `redis` are this machine's servers; the
    volume is a folder; the servers listen on loopback only."""
    assert environment["DATABASE_URL"].startswith("postgresql+psycopg://cvimprover:")
    local = environment | {"DATABASE_URL": postgres_url, "DATA_DIR": str(data_dir)}
    redis_server = redis_url.rsplit("/", 1)[0]
    for key, value in environment.items():
        if value.startswith("redis://redis:6379/"):
            local[key] = f"{redis_server}/{value.rsplit('/', 1)[1]}"
    return local | {"HOST": "127.0.0.1", "HOME": str(data_dir)}


def build_stage_sources() -> list[str]:
    """What the Dockerfile's build stage copies from the checkout."""
    text = (ROOT / "Dockerfile").read_text().split(" AS runtime", 1)[0]
    sources: list[str] = []
    for line in text.splitlines():
        if line.startswith("COPY ") and "--from" not in line:
            sources += line.split()[1:-1]
    return sources


@pytest.fixture(scope="module")
def image_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build stage's /app/.venv, made the way the Dockerfile makes it."""
    build = tmp_path_factory.mktemp("image-build")
    for source in build_stage_sources():
        if (ROOT / source).is_dir():
            ignore = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / source, build / source, ignore=ignore)
        else:
            shutil.copy(ROOT / source, build / source)
    uv = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    venv = build / ".venv"
    environment = os.environ | {
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON": sys.executable,
        "UV_PYTHON_DOWNLOADS": "never",
    }
    environment.pop("VIRTUAL_ENV", None)
    subprocess.run(  # noqa: S603 (uv, on our own lock file)
        [uv, "sync", "--frozen", "--no-dev", "--no-editable", "--quiet"],
        cwd=build,
        env=environment,
        check=True,
        timeout=600,
    )
    shutil.rmtree(build / "cvimprover")  # the image's runtime stage has the venv alone
    return venv


def executable(venv: Path, command: list[str]) -> list[str]:
    """The image's PATH starts with its venv's bin."""
    return [str(venv / "bin" / command[0]), *command[1:]]


class Process:
    """One service's process, its output in a log file; stopped with SIGTERM, as
    `docker compose stop` does."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], logs: Path) -> None:
        self.name = name
        self.log = logs / f"{name}.log"
        with self.log.open("wb") as output:
            self._process = subprocess.Popen(  # noqa: S603 (our own entry points)
                command, env=env, cwd=logs, stdout=output, stderr=output
            )

    def wait_until_answering(self, url: str) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(f"{self.name} exited early:\n{self.log.read_text()}")
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"{self.name} not ready in {STARTUP_SECONDS} s:\n{self.log.read_text()}")

    def stop(self) -> int:
        self._process.send_signal(signal.SIGTERM)
        try:
            return self._process.wait(timeout=40)  # compose's stop_grace_period
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            pytest.fail(f"{self.name} did not stop on SIGTERM:\n{self.log.read_text()}")


@pytest.fixture
def services(
    tmp_path: Path, scratch_postgres_url: str, redis_url: str, image_venv: Path
) -> Iterator[dict[str, Any]]:
    """migrate runs to completion on an empty database, then worker and api start."""
    image_environment, image_command = dockerfile()
    data_dir = tmp_path / "volume"
    data_dir.mkdir()

    def environment(name: str) -> dict[str, str]:
        compose = service_environment(name)
        local = on_this_machine(compose, scratch_postgres_url, redis_url, data_dir)
        path = f"{image_venv / 'bin'}:{os.environ['PATH']}"
        return {"PATH": path} | image_environment | local

    for database in range(3):  # the broker's, the rate limits' and the quotas' databases
        redis.Redis.from_url(f"{redis_url.rsplit('/', 1)[0]}/{database}").flushdb()
    migrate = subprocess.run(  # noqa: S603 (our own entry point)
        executable(image_venv, service("migrate")["command"]),
        env=environment("migrate"),
        capture_output=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr.decode()

    api_port, worker_port = free_port(), free_port()
    worker_environment = environment("worker")
    assert worker_environment["WORKER_METRICS_PORT"] == "9100"
    worker = Process(
        "worker",
        executable(image_venv, service("worker")["command"]),
        worker_environment | {"WORKER_METRICS_PORT": str(worker_port)},
        tmp_path,
    )
    assert "command" not in service("api")  # the image's CMD
    api_environment = environment("api") | {"PORT": str(api_port)}
    api = Process("api", executable(image_venv, image_command), api_environment, tmp_path)
    try:
        worker.wait_until_answering(f"http://127.0.0.1:{worker_port}/metrics")
        api.wait_until_answering(f"http://127.0.0.1:{api_port}/core/health/ready/")
        yield {
            "api": f"http://127.0.0.1:{api_port}",
            "worker": f"http://127.0.0.1:{worker_port}",
            "data_dir": data_dir,
            "processes": (api, worker),
        }
    finally:
        api.stop()
        worker.stop()


def test_the_services_of_the_compose_file_run_the_whole_product(services) -> None:
    api = httpx.Client(base_url=services["api"], timeout=90)
    person = signed_up(api, "compose")

    resume = (SAMPLES / "software_engineer.pdf").read_bytes()
    questionnaire = api.post(
        "/cv/questionnaire/",
        data=FIELDS,
        files={"resume": ("cv.pdf", resume, "application/pdf")},
        headers=person,
    )
    assert questionnaire.status_code == 201, questionnaire.text
    improvement = api.post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire.json()["id"], "prompt": PROMPT},
        headers=person | {"Prefer": "wait=60"},
    )
    assert improvement.json()["status"] == "succeeded", improvement.text
    job = improvement.json()["id"]
    assert improvement.json()["provider"] == "local"  # AI_PROVIDERS' default in the file

    rendered = api.post(
        f"/cv/ai-responses/{job}/generate-pdf/", headers=person | {"Prefer": "wait=60"}
    )
    assert rendered.json()["pdf_status"] == "succeeded", rendered.text
    pdf = api.get(rendered.json()["pdf_url"], headers=person)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")

    health = api.get("/core/health/").json()
    assert health["status"] == "ok", health
    outbox = services["data_dir"] / "outbox"
    assert list(outbox.glob("*.eml")), "the worker delivered no sign-up mail"

    worker_figures = httpx.get(f"{services['worker']}/metrics", timeout=5).text
    for kind in ("improve_cv", "render_pdf", "deliver_mail"):
        assert figure(worker_figures, "cvimprover_jobs_total", kind=kind, outcome="done") >= 1
    api_figures = api.get("/metrics").text
    labels = {"method": "POST", "route": "/cv/ai-responses/"}  # 200: it waited for the result
    assert figure(api_figures, "cvimprover_http_requests_total", **labels) == 1


def test_the_services_stop_cleanly_on_sigterm(services) -> None:
    api, worker = services["processes"]
    assert api.stop() == 0
    assert worker.stop() == 0


def test_compose_wants_the_payment_gateway_chosen_in_the_shell() -> None:
    """Compose runs on PostgreSQL, where the sandbox gateway is no default: unset, it
    refuses to start, as with JWT_SECRET."""
    unchosen = {key: value for key, value in SHELL.items() if key != "PAYMENT_GATEWAY"}
    for name in ["migrate", "api", "worker"]:
        with pytest.raises(ValueError, match="PAYMENT_GATEWAY"):
            interpolate(str(service(name)["environment"]["PAYMENT_GATEWAY"]), unchosen)
        assert service_environment(name)["PAYMENT_GATEWAY"] == "sandbox"
