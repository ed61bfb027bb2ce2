"""Where a request's time goes: the API's WSGI app called in-process (no gunicorn, no
HTTP, one thread), timed, then run under cProfile. Run by bench/run.sh when
BENCH_PROFILE=1, against the bench's database, with the API's environment.

    profile_requests.py OUT_DIR --questionnaire QID [--requests N]

Writes OUT_DIR/profile.json (per scenario: in-process ms per request, SQL statements per
request, and the inclusive time of a few stages per request) and
OUT_DIR/profile_<key>.txt (cProfile's top functions by inclusive time). cProfile slows
Python code more than it slows waits on PostgreSQL: read the stage times as shares.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import falcon.testing

# (label, part of the file's path, function names): inclusive time per request, from
# cProfile; indented ones are part of the one above them.
STAGES = [
    (
        "authentication middleware (JWT + user lookup)",
        "adapters/http/auth.py",
        ("process_resource",),
    ),
    ("  JWT decode", "security/jwt_token_service.py", ("decode_access",)),
    (
        "resource handler (use case: ORM, SQL, view)",
        "adapters/http/resources/",
        ("on_get", "on_post"),
    ),
    ("spectree request validation", "spectree/plugins/falcon_plugin.py", ("validate_request",)),
    ("spectree response validation", "spectree/plugins/falcon_plugin.py", ("validate_response",)),
    ("every SQL statement (psycopg execute, incl. waits)", "psycopg/cursor.py", ("execute",)),
    ("  of which the pool's pre-ping", "postgresql/_psycopg_common.py", ("do_ping",)),
    ("pool checkouts and returns", "sqlalchemy/pool/base.py", ("_checkout", "_checkin")),
    ("commit", "sqlalchemy/orm/session.py", ("commit",)),
    ("job publish (kombu)", "queue/kombu_task_queue.py", ("enqueue",)),
]

QUESTIONNAIRE = {
    "position": "Senior backend engineer",
    "industry": "Software",
    "experience_level": "6+",
    "company_size": "medium",
    "location": "Berlin",
    "application_timeline": "1-3 months",
    "job_description": "We build a payments platform in Python and PostgreSQL.",
}


def _login(client: falcon.testing.TestClient) -> str:
    result = client.simulate_post(
        "/auth/login/",
        json={"username": os.environ["BENCH_USERNAME"], "password": os.environ["BENCH_PASSWORD"]},
    )
    if result.status_code != 200:
        raise SystemExit(
            f"profile_requests.py: login failed: {result.status_code} {result.text[:200]}"
        )
    return str(result.json["access"])


def _stage_times(stats: pstats.Stats, requests: int) -> dict[str, float]:
    found: dict[str, float] = {}
    raw = stats.stats  # type: ignore[attr-defined]
    for label, part, names in STAGES:
        total = sum(
            cumulative
            for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in raw.items()
            if function in names and part in filename.replace("\\", "/")
        )
        if total:
            found[label] = found.get(label, 0.0) + total * 1000 / requests
    return found


def _sql_calls(stats: pstats.Stats, requests: int) -> float:
    raw = stats.stats  # type: ignore[attr-defined]
    calls = sum(
        primitive
        for (filename, _line, function), (primitive, *_rest) in raw.items()
        if function == "execute" and filename.replace("\\", "/").endswith("psycopg/cursor.py")
    )
    return calls / requests


def measure(key: str, call: Callable[[], object], requests: int, out: Path) -> dict[str, object]:
    for _ in range(min(50, requests)):  # warm: connections, caches
        call()
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    (out / f"profile_{key}.txt").write_text(text.getvalue())
    whole = sum(
        cumulative
        for (filename, _line, function), (
            _cc,
            _nc,
            _tt,
            cumulative,
            _callers,
        ) in stats.stats.items()  # type: ignore[attr-defined]
        if function == "__call__" and filename.replace("\\", "/").endswith("falcon/app.py")
    )
    return {
        "ms_per_request": statistics.median(timings),
        "profiled_ms_per_request": whole * 1000 / requests,
        "requests_per_second_one_thread": 1000 / statistics.median(timings),
        "sql_statements_per_request": _sql_calls(stats, requests),
        "stages_ms_per_request_profiled": _stage_times(stats, requests),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--questionnaire", type=int, required=True)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bare_app import app as bare_app

    from cvimprover.wsgi import app

    client = falcon.testing.TestClient(app)
    bare = falcon.testing.TestClient(bare_app)
    auth = {"Authorization": f"Bearer {_login(client)}"}

    def ok(result: falcon.testing.Result) -> falcon.testing.Result:
        if not 200 <= result.status_code < 300:
            raise SystemExit(f"profile_requests.py: {result.status_code} {result.text[:200]}")
        return result

    scenarios: list[tuple[str, Callable[[], object]]] = [
        ("bare", lambda: ok(bare.simulate_get("/"))),
        ("user", lambda: ok(client.simulate_get("/auth/user/", headers=auth))),
        (
            "q_list",
            lambda: ok(
                client.simulate_get("/cv/questionnaire/", params={"limit": 20}, headers=auth)
            ),
        ),
        (
            "q_detail",
            lambda: ok(
                client.simulate_get(f"/cv/questionnaire/{args.questionnaire}/", headers=auth)
            ),
        ),
        (
            "q_create",
            lambda: ok(
                client.simulate_post("/cv/questionnaire/", json=QUESTIONNAIRE, headers=auth)
            ),
        ),
    ]
    figures = {key: measure(key, call, args.requests, args.out) for key, call in scenarios}
    (args.out / "profile.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
