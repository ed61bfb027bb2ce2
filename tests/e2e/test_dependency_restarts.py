"""PostgreSQL and Redis restarted under traffic: `cvimprover serve` answers every request
with its result, or with 503 and Retry-After while a server is down; never with a 500.

Its own PostgreSQL and Redis (tests/support/outage.py), so that restarting them disturbs no
other test: four people at ~25 requests/s in all (logins, lists, profile reads,
questionnaire writes) while PostgreSQL restarts twice and Redis once."""

import time
from pathlib import Path

import httpx
import pytest

from tests.support.accounts import PASSWORD
from tests.support.fixtures import TEST_SECRET
from tests.support.outage import (
    QUESTIONNAIRE,
    Tally,
    Traffic,
    give_unlimited_plan,
    private_servers,
    served,
    service_environment,
    sign_up_people,
)

pytestmark = pytest.mark.e2e
SETTLE_SECONDS = 4.0
"""Traffic after each restart: time for the pools to meet the new server."""


def describe(tally: Tally) -> str:
    failures = [f"{a.request} {a.status} {a.detail}" for a in tally.server_errors()[:10]]
    phases = {phase: dict(statuses) for phase, statuses in tally.by_phase().items()}
    return f"statuses by phase {phases}; first failures: {failures}"


def test_restarting_postgres_and_redis_under_traffic_answers_503s_and_no_500(
    tmp_path: Path,
) -> None:
    """A failure names the statuses seen in each phase, and the first bad answers."""
    with private_servers() as (postgres, redis):
        env = service_environment(postgres, redis, tmp_path / "var", TEST_SECRET)
        with served(env, tmp_path / "server.log") as base:
            people = sign_up_people(base, 4)
            give_unlimited_plan(postgres.url, people)
            with Traffic(base, people, rate=25) as traffic:
                time.sleep(SETTLE_SECONDS)
                for phase, restart in (
                    ("postgres 1", postgres.restart),
                    ("postgres 2", postgres.restart),
                    ("redis", redis.restart),
                ):
                    traffic.phase = phase
                    restart()
                    time.sleep(SETTLE_SECONDS)
            tally = traffic.tally
            with httpx.Client(base_url=base, timeout=30) as http:
                login = {"username": people[0], "password": PASSWORD}
                token = http.post("/auth/login/", json=login).json()["access"]
                headers = {"Authorization": f"Bearer {token}"}
                written = http.post("/cv/questionnaire/", json=QUESTIONNAIRE, headers=headers)
    print(describe(tally))  # the figures, in the output of -s or of a failure
    assert tally.server_errors() == [], describe(tally)
    assert tally.transport_errors == []
    assert tally.count(503) > 0, "no request met a server down: the restarts were not felt"
    assert len(tally.answers) > 200  # ~500 at 25 requests/s; fewer on a loaded machine
    assert written.status_code == 201  # and all is well again afterwards
