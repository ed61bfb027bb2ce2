"""CV data and job figures for bench/run.sh (questionnaires, AI improvement jobs).

    cv.py fill TOTAL --template QID    questionnaires up to TOTAL rows, in bulk SQL (JSON out)
    cv.py explain --out FILE           the bench user's list query: plan, and its time (JSON)
    cv.py next-link URL                the rel="next" URL of the bench user's list page URL
    cv.py note-job-commits             record each new job's transaction, to read its commit
                                       time (needs track_commit_timestamp=on)
    cv.py jobs --questionnaire QID     POST /cv/ai-responses/, paced then back to back;
                                       each job's commit -> start delay (JSON out)

It reads DATABASE_URL (postgresql+psycopg://...) and, for HTTP, BENCH_TOKEN_FILE. Like the
rest of bench/, it reports and never asserts.
"""

import argparse
import http.client
import json
import math
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import psycopg

SEED_USERS = 10_000  # owners of the rows that are not the bench user's
SEED_PREFIX = "benchseed"
JOB_PROMPT = "Tailor my CV to this role; put the Python and PostgreSQL work first."


def _dsn() -> str:
    url = os.environ["DATABASE_URL"]
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url)


def _bench_user_id(connection: psycopg.Connection, username: str) -> int:
    row = connection.execute("SELECT id FROM users WHERE username = %s", (username,)).fetchone()
    if row is None:
        raise SystemExit(f"cv.py: no user {username!r}")
    return int(row[0])


# --- fill --------------------------------------------------------------------------------


def command_fill(total: int, username: str, bench_rows: int, template: int) -> None:
    """Grows `questionnaires` to `total` rows with one INSERT ... SELECT generate_series.

    The new rows go round-robin to SEED_USERS users (created once, unusable passwords);
    `bench_rows` of them, spread evenly through the new ids, go to the bench user and carry
    the CV (name, key, text) of questionnaire `template`. The bench user's earlier seeded
    rows are first handed to a seed user, so that after each call the bench user owns
    exactly `bench_rows` seeded rows (plus `template` and whatever it created itself),
    spread through the whole table."""
    figures: dict[str, object] = {"target_rows": total}
    with psycopg.connect(_dsn(), autocommit=True) as connection:
        bench = _bench_user_id(connection, username)
        started = time.perf_counter()
        connection.execute(
            """
            INSERT INTO users (username, email, password_hash, first_name, last_name,
                               is_staff, is_active, email_verified, session_version, date_joined)
            SELECT %(prefix)s || g, %(prefix)s || g || '@example.com', '!', '', '',
                   false, true, true, 1, now()
            FROM generate_series(1, %(count)s) AS g
            WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = %(prefix)s || '1')
            """,
            {"prefix": SEED_PREFIX, "count": SEED_USERS},
        )
        figures["seed_users_seconds"] = round(time.perf_counter() - started, 2)
        first_seed = connection.execute(
            "SELECT min(id) FROM users WHERE username LIKE %s", (SEED_PREFIX + "%",)
        ).fetchone()
        assert first_seed is not None
        started = time.perf_counter()
        with connection.transaction():
            moved = connection.execute(
                """UPDATE questionnaires SET user_id = %s
                   WHERE user_id = %s AND id <> %s AND resume_key IS NOT DISTINCT FROM
                         (SELECT resume_key FROM questionnaires WHERE id = %s)""",
                (first_seed[0], bench, template, template),
            ).rowcount
            current = connection.execute("SELECT count(*) FROM questionnaires").fetchone()
            assert current is not None
            to_insert = max(0, total - int(current[0]))
            step = max(1, to_insert // bench_rows) if bench_rows else 0
            connection.execute(
                """
                WITH seed AS (
                    SELECT array_agg(id ORDER BY id) AS ids FROM users WHERE username LIKE %(like)s
                ), cv AS (
                    SELECT resume_key, resume_name, resume_size, resume_text
                    FROM questionnaires WHERE id = %(template)s
                ), g AS (
                    SELECT g, (%(step)s > 0 AND g %% GREATEST(%(step)s, 1) = 0
                               AND g / GREATEST(%(step)s, 1) <= %(bench_rows)s) AS mine
                    FROM generate_series(1, %(count)s) AS g
                )
                INSERT INTO questionnaires (
                    user_id, position, industry, experience_level, company_size, location,
                    application_timeline, job_description, submitted_at,
                    resume_key, resume_name, resume_size, resume_text)
                SELECT CASE WHEN g.mine THEN %(bench)s
                            ELSE seed.ids[1 + g.g %% cardinality(seed.ids)] END,
                       (ARRAY['Backend engineer', 'Data analyst', 'Product designer',
                              'Site reliability engineer'])[1 + g.g %% 4] || ' ' || g.g,
                       (ARRAY['Software', 'Finance', 'Health', 'Retail'])[1 + g.g %% 4],
                       (ARRAY['0-2', '3-5', '6+'])[1 + g.g %% 3],
                       (ARRAY['startup', 'small', 'medium', 'enterprise'])[1 + g.g %% 4],
                       (ARRAY['Berlin', 'Lisbon', 'Remote', 'Toronto'])[1 + g.g %% 4],
                       (ARRAY['immediate', '1-3 months', '3-6 months', '6+ months'])[1 + g.g %% 4],
                       'We are hiring for team ' || g.g || '. You will design and run services '
                       || 'in Python and PostgreSQL, review code, and work with product and '
                       || 'design on what we ship next. Reference ' || md5(g.g::text) || '.',
                       now() - make_interval(secs => %(count)s - g.g),
                       CASE WHEN g.mine THEN cv.resume_key END,
                       CASE WHEN g.mine THEN cv.resume_name END,
                       CASE WHEN g.mine THEN cv.resume_size END,
                       CASE WHEN g.mine THEN cv.resume_text END
                FROM g, seed, cv
                ORDER BY g.g
                """,
                {
                    "like": SEED_PREFIX + "%",
                    "template": template,
                    "step": step,
                    "bench_rows": bench_rows,
                    "count": to_insert,
                    "bench": bench,
                },
            )
        figures["inserted"] = to_insert
        figures["bench_rows_moved_away"] = moved
        figures["insert_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        # VACUUM as well: autovacuum would otherwise start on the new rows in the middle of
        # the measurement (insert threshold); INDEX_CLEANUP ON drops the index entries of
        # the rows handed away (VACUUM skips that for so few); the statistics are the
        # planner's. The CHECKPOINT writes the load's dirty pages now, not mid-measurement.
        connection.execute("VACUUM (ANALYZE, INDEX_CLEANUP ON) questionnaires")
        connection.execute("CHECKPOINT")
        figures["vacuum_analyze_seconds"] = round(time.perf_counter() - started, 2)
        row = connection.execute(
            """SELECT count(*), count(*) FILTER (WHERE user_id = %s),
                      pg_total_relation_size('questionnaires')
               FROM questionnaires""",
            (bench,),
        ).fetchone()
        assert row is not None
        figures["rows"], figures["bench_user_rows"] = int(row[0]), int(row[1])
        figures["table_mb"] = round(row[2] / 2**20, 1)
    print(json.dumps(figures))


# --- explain -----------------------------------------------------------------------------


def command_explain(username: str, limit: int, out: Path, repeat: int) -> None:
    """The list's query as the repository issues it (the owner's rows by descending id,
    one more than the page), for the first page and the next: its plan (EXPLAIN ANALYZE,
    BUFFERS) into `out`, and the median round trip of `repeat` runs, printed as JSON."""
    figures: dict[str, object] = {}
    with psycopg.connect(_dsn(), autocommit=True) as connection:
        bench = _bench_user_id(connection, username)
        owned = connection.execute(
            "SELECT count(*) FROM questionnaires WHERE user_id = %s", (bench,)
        ).fetchone()
        figures["bench_user_rows"] = int(owned[0]) if owned else 0
        ids = connection.execute(
            "SELECT id FROM questionnaires WHERE user_id = %s ORDER BY id DESC LIMIT %s",
            (bench, limit + 1),
        ).fetchall()
        before = ids[limit - 1][0] if len(ids) > limit else 1
        lines = []
        for page, extra in (("first_page", ""), ("next_page", " AND id < %(before)s")):
            query = (
                "SELECT * FROM questionnaires WHERE user_id = %(user)s"
                f"{extra} ORDER BY id DESC LIMIT %(limit)s"
            )
            params = {"user": bench, "before": before, "limit": limit + 1}
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                connection.execute(query, params, prepare=True).fetchall()
                timings.append((time.perf_counter() - started) * 1000)
            figures[f"{page}_sql_ms"] = round(statistics.median(timings), 3)
            plan = connection.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params).fetchall()
            lines.append(
                f"-- {page.replace('_', ' ')} (median round trip {figures[f'{page}_sql_ms']} ms)"
            )
            lines.extend(row[0] for row in plan)
        out.write_text("\n".join(lines) + "\n")
    print(json.dumps(figures))


# --- HTTP --------------------------------------------------------------------------------


def _token() -> str:
    token = os.environ.get("BENCH_TOKEN") or ""
    if not token and os.environ.get("BENCH_TOKEN_FILE"):
        token = Path(os.environ["BENCH_TOKEN_FILE"]).read_text().splitlines()[0]
    if not token:
        raise SystemExit("cv.py: set BENCH_TOKEN or BENCH_TOKEN_FILE")
    return token


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=30)


def command_next_link(url: str) -> int:
    """Prints the absolute URL of the page after `url`, from its Link rel="next" header."""
    parts = urlsplit(url)
    connection = _connection(url)
    connection.request(
        "GET",
        parts.path + (f"?{parts.query}" if parts.query else ""),
        headers={"Authorization": f"Bearer {_token()}", "Accept": "application/json"},
    )
    response = connection.getresponse()
    response.read()
    link = response.getheader("Link") or ""
    found = re.search(r'<([^>]+)>\s*;\s*rel="?next"?', link)
    if response.status != 200 or not found:
        print(f"cv.py: no next link from {url} ({response.status}, {link!r})", file=sys.stderr)
        return 1
    print(urljoin(url, found.group(1)))
    return 0


def _percentile(values: list[float], p: float) -> float | None:
    """Nearest rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _post_jobs(api: str, questionnaire: int, count: int, clients: int) -> tuple[list[int], dict]:
    """POSTs `count` jobs from `clients` threads (one keep-alive connection each)."""
    token = _token()
    body = json.dumps({"questionnaire": questionnaire, "prompt": JOB_PROMPT})
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    ids: list[int] = []
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    lock = threading.Lock()
    shares = [count // clients + (1 if i < count % clients else 0) for i in range(clients)]

    def client(share: int) -> None:
        connection = _connection(api)
        for _ in range(share):
            started = time.perf_counter()
            try:
                connection.request("POST", "/cv/ai-responses/", body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = _connection(api)
                with lock:
                    statuses[type(error).__name__] = statuses.get(type(error).__name__, 0) + 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                statuses[str(response.status)] = statuses.get(str(response.status), 0) + 1
                latencies.append(elapsed)
                if response.status in (200, 202):
                    ids.append(int(json.loads(payload)["id"]))
        connection.close()

    threads = [threading.Thread(target=client, args=(share,)) for share in shares if share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return ids, {"statuses": statuses, "post_latencies_ms": latencies}


def _wait_finished(connection: psycopg.Connection, ids: list[int], timeout: float) -> int:
    deadline = time.monotonic() + timeout
    finished = 0
    while time.monotonic() < deadline:
        row = connection.execute(
            "SELECT count(*) FROM ai_responses WHERE id = ANY(%s) "
            "AND status IN ('succeeded', 'failed')",
            (ids,),
        ).fetchone()
        finished = int(row[0]) if row else 0
        if finished >= len(ids):
            break
        time.sleep(0.1)
    return finished


def _worker_durations(logs: list[Path], ids: set[int]) -> list[float]:
    """duration_ms of the workers' "job done" lines (JSON logs) for these jobs."""
    lines = [
        line
        for log in logs
        if log.exists()
        for line in log.read_text(errors="replace").splitlines()
    ]
    durations = []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if entry.get("event") == "job done" and entry.get("job_id") in ids:
            durations.append(float(entry["duration_ms"]))
    return durations


def _post_paced(
    api: str, questionnaire: int, count: int, connection: psycopg.Connection
) -> tuple[list[int], dict]:
    """POSTs `count` jobs one at a time, each once the previous one has finished (the
    database is polled every millisecond): the worker is idle when each job arrives."""
    ids: list[int] = []
    statuses: dict[str, int] = {}
    for _ in range(count):
        posted, outcome = _post_jobs(api, questionnaire, 1, 1)
        for code, n in outcome["statuses"].items():
            statuses[code] = statuses.get(code, 0) + n
        ids += posted
        deadline = time.monotonic() + 30
        while posted and time.monotonic() < deadline:
            row = connection.execute(
                "SELECT finished_at IS NOT NULL FROM ai_responses WHERE id = %s", (posted[0],)
            ).fetchone()
            if row and row[0]:
                time.sleep(0.005)  # let the worker acknowledge it and wait for the next
                break
            time.sleep(0.001)
    return ids, {"statuses": statuses}


def command_note_job_commits() -> None:
    """A bench-only side table: a row per new job, written by a trigger in the API's own
    transaction, so the row's xmin is that transaction and pg_xact_commit_timestamp(xmin)
    its commit time. (The job's own row cannot tell: the worker's claim rewrites it.)"""
    with psycopg.connect(_dsn(), autocommit=True) as connection:
        connection.execute(
            """
            CREATE TABLE bench_job_commits (job_id bigint PRIMARY KEY);
            CREATE FUNCTION bench_note_job_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO bench_job_commits (job_id) VALUES (NEW.id);
                RETURN NULL;
            END $$;
            CREATE TRIGGER bench_note_job_commit AFTER INSERT ON ai_responses
                FOR EACH ROW EXECUTE FUNCTION bench_note_job_commit();
            """
        )


def _delays(connection: psycopg.Connection, ids: list[int]) -> dict[str, object]:
    """Per job: started_at - the commit of the API's transaction (commit -> claimed by the
    worker), started_at - created_at (the request's clock reading, taken before the job's
    SELECT, INSERT and COMMIT), and finished_at - started_at (the run); percentiles, and
    jobs per second overall."""
    rows = connection.execute(
        """SELECT status,
                  extract(epoch FROM started_at - pg_xact_commit_timestamp(c.xmin)) * 1000,
                  extract(epoch FROM finished_at - started_at) * 1000,
                  created_at, finished_at,
                  extract(epoch FROM started_at - created_at) * 1000
           FROM ai_responses JOIN bench_job_commits c ON c.job_id = ai_responses.id
           WHERE id = ANY(%s) ORDER BY id""",
        (ids,),
    ).fetchall()
    figures: dict[str, object] = {}
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row[0]] = by_status.get(row[0], 0) + 1
    figures["job_statuses"] = by_status
    delays = [float(row[1]) for row in rows if row[1] is not None]
    runs = [float(row[2]) for row in rows if row[2] is not None]
    figures["started"] = len(delays)
    for p in (50, 90, 99):
        figures[f"delay_p{p}_ms"] = _percentile(delays, p)
    figures["delay_max_ms"] = max(delays) if delays else None
    from_created = [float(row[5]) for row in rows if row[5] is not None]
    figures["delay_from_created_p50_ms"] = _percentile(from_created, 50)
    figures["run_p50_ms"] = _percentile(runs, 50)
    done = [row[4] for row in rows if row[4] is not None]
    if rows and len(done) == len(rows):
        span = (max(done) - min(row[3] for row in rows)).total_seconds()
        figures["span_seconds"] = round(span, 3)
        figures["jobs_per_second"] = round(len(rows) / span, 1) if span > 0 else None
    return figures


def command_jobs(args: argparse.Namespace) -> None:
    """Warm-up jobs first (the worker's first jobs load its code; excluded). Then two runs:
    `paced` (one job at a time, the worker idle when it arrives: the broker's own delay)
    and `burst` (`count` jobs posted back to back by `clients` clients: queueing behind a
    single worker included; its span gives the throughput). For each job, the delay from
    the commit of the API's transaction to started_at (set when the worker claims it),
    read once every job has finished."""
    figures: dict[str, object] = {"warmup": args.warmup, "workers": args.workers}
    with psycopg.connect(_dsn(), autocommit=True) as connection:
        warm_ids, _ = _post_jobs(args.api, args.questionnaire, args.warmup, 1)
        if warm_ids:
            _wait_finished(connection, warm_ids, args.timeout)
        runs: list[tuple[str, int, int]] = [
            ("paced", args.paced, 1),
            ("burst", args.count, args.clients),
        ]
        for name, count, clients in runs:
            if count <= 0:
                continue
            run: dict[str, object] = {"count": count, "clients": clients}
            started = time.perf_counter()
            if name == "paced":
                ids, posted = _post_paced(args.api, args.questionnaire, count, connection)
            else:
                ids, posted = _post_jobs(args.api, args.questionnaire, count, clients)
            run["post_seconds"] = round(time.perf_counter() - started, 3)
            run["statuses"] = posted["statuses"]
            run["post_p50_ms"] = _percentile(posted.get("post_latencies_ms", []), 50)
            run["accepted"] = len(ids)
            if ids:
                run["finished"] = _wait_finished(connection, ids, args.timeout)
                run.update(_delays(connection, ids))
                logged = _worker_durations(args.worker_log, set(ids))
                run["worker_log_job_done"] = len(logged)
                run["worker_log_duration_p50_ms"] = _percentile(logged, 50)
            figures[name] = run
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--username", default="benchuser")
    commands = parser.add_subparsers(dest="command", required=True)
    fill = commands.add_parser("fill")
    fill.add_argument("total", type=int)
    fill.add_argument("--template", type=int, required=True)
    fill.add_argument("--bench-rows", type=int, default=100)
    explain = commands.add_parser("explain")
    explain.add_argument("--limit", type=int, default=20)
    explain.add_argument("--repeat", type=int, default=200)
    explain.add_argument("--out", type=Path, required=True)
    link = commands.add_parser("next-link")
    link.add_argument("url")
    commands.add_parser("note-job-commits")
    jobs = commands.add_parser("jobs")
    jobs.add_argument("--api", required=True)
    jobs.add_argument("--questionnaire", type=int, required=True)
    jobs.add_argument("--count", type=int, default=200)
    jobs.add_argument("--clients", type=int, default=1)
    jobs.add_argument("--paced", type=int, default=100)
    jobs.add_argument("--warmup", type=int, default=5)
    jobs.add_argument("--timeout", type=float, default=120.0)
    jobs.add_argument("--workers", type=int, default=1, help="how many run (for the record)")
    jobs.add_argument("--worker-log", type=Path, action="append", default=[])
    args = parser.parse_args()
    if args.command == "fill":
        command_fill(args.total, args.username, args.bench_rows, args.template)
    elif args.command == "explain":
        command_explain(args.username, args.limit, args.out, args.repeat)
    elif args.command == "next-link":
        return command_next_link(args.url)
    elif args.command == "note-job-commits":
        command_note_job_commits()
    else:
        command_jobs(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
