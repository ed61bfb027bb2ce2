"""Answers while PostgreSQL and Redis restart under traffic: how many 500s (target 0), how
many 503s, out of how many requests.

    .venv/bin/python bench/restarts.py
    .venv/bin/python bench/restarts.py --postgres-restarts 5 --redis-restarts 2 --rate 50

Starts a PostgreSQL and a Redis of its own on free ports (tests/support/outage.py, as the
end-to-end test does), `cvimprover serve` on them (two gunicorn workers; the login
throttle, quotas and jobs in Redis), signs up a few people on a plan without limits, then
drives them at `--rate` requests/s in all (logins, questionnaire lists and writes,
profile and improvement reads) while it restarts PostgreSQL (a fast shutdown, down for
`--down` seconds, a start) and then Redis, `--settle` seconds apart. It prints, per phase
and in all, the requests answered, the 500s, the 503s (and whether each carried
Retry-After) and the requests that got no answer at all. Like the rest of bench/, it
reports and never fails on a figure: it exits 0 unless it could not run.
"""

import argparse
import secrets
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.outage import (  # noqa: E402
    Tally,
    Traffic,
    give_unlimited_plan,
    private_servers,
    served,
    service_environment,
    sign_up_people,
)


def main() -> None:
    options = _options()
    with tempfile.TemporaryDirectory(prefix="cvimprover-restarts-") as work:
        tally = _run(options, Path(work))
    _report(tally)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=4, help="clients, one thread each")
    parser.add_argument("--rate", type=float, default=25.0, help="requests/s in all")
    parser.add_argument("--postgres-restarts", type=int, default=2)
    parser.add_argument("--redis-restarts", type=int, default=1)
    parser.add_argument("--down", type=float, default=1.0, help="seconds a server is down")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds between restarts")
    return parser.parse_args()


def _run(options: argparse.Namespace, work: Path) -> Tally:
    with private_servers() as (postgres, redis):
        env = service_environment(postgres, redis, work / "var", secrets.token_urlsafe(48))
        with served(env, work / "server.log") as base:
            people = sign_up_people(base, options.people, prefix="bench")
            give_unlimited_plan(postgres.url, people)
            restarts = [("postgres", postgres.restart)] * options.postgres_restarts
            restarts += [("redis", redis.restart)] * options.redis_restarts
            print(f"{len(restarts)} restarts under ~{options.rate:g} requests/s", flush=True)
            with Traffic(base, people, rate=options.rate) as traffic:
                time.sleep(options.settle)
                for number, (name, restart) in enumerate(restarts, start=1):
                    traffic.phase = f"{number}. {name} restart"
                    restart(down_seconds=options.down)
                    time.sleep(options.settle)
            return traffic.tally


def _report(tally: Tally) -> None:
    _row("phase", "requests", "500s", "503s", "503s without Retry-After")
    for phase, statuses in tally.by_phase().items():
        _phase_row(phase, statuses, tally)
    _phase_row("all", tally.statuses(), tally)
    print(f"no answer at all (transport errors): {len(tally.transport_errors)}")
    five_hundreds = sum(1 for answer in tally.answers if answer.status == 500)
    print(f"500s: {five_hundreds} (target 0)")
    for answer in [a for a in tally.answers if a.status == 500][:5]:
        print(f"  e.g. {answer.request} in {answer.phase}: {answer.detail[:120]}")


def _phase_row(phase: str, statuses: Counter[int], tally: Tally) -> None:
    bare = sum(
        1
        for answer in tally.answers
        if answer.status == 503 and not answer.retry_after and phase in ("all", answer.phase)
    )
    _row(phase, sum(statuses.values()), statuses[500], statuses[503], bare)


def _row(*cells: object) -> None:
    print("{:<20} {:>9} {:>6} {:>6} {:>25}".format(*cells))


if __name__ == "__main__":
    main()
