"""Fixtures of the CV features: a job worker, a fake AI vendor and the scenario's papers.

In-process, the API and a real job loop share one container: the API commits a job and
enqueues its id on the embedded SQLite broker in DATA_DIR, and the loop, in a thread,
consumes it and runs the use case. A server (CVIMPROVER_BASE_URL) runs its own worker.
"""

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cvimprover.config import Settings
from cvimprover.workers.main import build_consumer
from features.conftest import BASE_URL
from features.support.papers import Papers
from tests.support.fixtures import make_settings

AI_VENDOR_OUTAGE = "ai_vendor_outage"
FAILOVER_ORDER = "openai-compatible,local"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{AI_VENDOR_OUTAGE}: the AI providers are {FAILOVER_ORDER}, the first one a local "
        "fake of the vendor (the `httpserver` fixture); in-process only",
    )


@pytest.fixture
def settings(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_url: str, pg_engine: Engine
) -> Settings:
    """The app's providers are chosen when it is built, before the first step: a scenario
    tagged @ai_vendor_outage gets them from its tag, and its steps say how the fake acts."""
    providers = {}
    if request.node.get_closest_marker(AI_VENDOR_OUTAGE):
        vendor = request.getfixturevalue("httpserver")
        providers = {
            "ai_providers": FAILOVER_ORDER,
            "openai_compatible_base_url": vendor.url_for("/v1"),
            "ai_max_retries": 0,
        }
    return make_settings(tmp_path, database_url=postgres_url, mail_delivery="direct", **providers)


@pytest.fixture
def job_worker(request: pytest.FixtureRequest) -> Iterator[None]:
    """The real job loop in a thread until the scenario ends; the job in hand is finished
    first. Against a server, its own worker does the jobs."""
    if BASE_URL:
        yield
        return
    consumer = build_consumer(request.getfixturevalue("container"))
    thread = threading.Thread(target=consumer.run, name="job-worker", daemon=True)
    thread.start()
    yield
    consumer.should_stop = True
    thread.join(timeout=15)
    assert not thread.is_alive(), "the job worker did not stop"


@pytest.fixture
def papers() -> Papers:
    return Papers()
