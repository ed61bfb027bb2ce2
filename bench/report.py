"""Figures for bench/run.sh: parses wrk's `--latency` output, reads worker RSS, prints tables.

    report.py rss MASTER_PID LABEL         one TSV line per process (gunicorn master + workers;
                                           --role names a lone process, e.g. the job worker)
    report.py argon2                       argon2id settings and the stored hash's parameters
    report.py cpu OUT.json --mine PID...   CPU counters of the machine and of every process
    report.py table RESULTS_DIR [options]  the tables (also written to RESULTS_DIR/summary.json)

This is reporting, never asserting: `table` exits 0 whether or not a target is met (it
exits 1 only when a wrk output cannot be read at all).
"""

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Targets, stated once; the table prints them beside the figures.
READ_RATIO_TARGET = 0.40  # authenticated reads: requests/s as a share of the bare app's
READ_P99_TARGET_MS = 25.0  # ... with p99 at most this, at the read scenario's connections
LOGIN_RPS_TARGET = 25.0  # logins per second (each costs one argon2id verification)
WORKER_RSS_TARGET_MB = 150.0  # every API worker process, after the run
CV_READ_RATIO_TARGET = 0.40  # questionnaire list and detail: requests/s as a share of bare's
CV_CREATE_RATIO_TARGET = 0.25  # questionnaire creation (JSON): requests/s as a share of bare's
JOB_DELAY_P50_TARGET_MS = 10.0  # job committed -> worker starts it, p50, on Redis
LIST_SCALING_TARGET = 1.5  # list p50 at the large table / at the small one, at most
OTHER_LOAD_WARNING = 0.10  # above this share of the CPU taken by others, figures are suspect

_TIME_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


@dataclass
class WrkResult:
    scenario: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    statuses: dict[str, int] = field(default_factory=dict)
    socket_errors: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return self.non_2xx == 0 and not any(self.socket_errors.values())


def _ms(value: str, unit: str) -> float:
    return float(value) * _TIME_UNITS_MS[unit]


def parse_wrk(scenario: str, text: str) -> WrkResult:
    """Reads wrk 4's `--latency` output, plus the BENCH line that bench/common.lua prints."""
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
    p50 = re.search(rf"^\s+50(?:\.000)?%\s+{_TIME}", text, re.M)
    p99 = re.search(rf"^\s+99(?:\.000)?%\s+{_TIME}", text, re.M)
    total = re.search(r"^\s+(\d+) requests in", text, re.M)
    if not (rps and p50 and p99 and total):
        raise ValueError(f"{scenario}: not a complete `wrk --latency` output:\n{text}")
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    errors = (
        dict(zip(("connect", "read", "write", "timeout"), map(int, socket.groups()), strict=True))
        if socket
        else {}
    )
    bench = re.search(r"^BENCH non2xx=(\d+) statuses=(\S*)", text, re.M)
    if bench:
        non_2xx = int(bench.group(1))
        statuses = dict(item.split(":") for item in bench.group(2).split(",") if item)
    else:  # no Lua summary: wrk's own count (statuses >= 400 only)
        fallback = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
        non_2xx, statuses = (int(fallback.group(1)) if fallback else 0), {}
    return WrkResult(
        scenario=scenario,
        requests_per_second=float(rps.group(1)),
        p50_ms=_ms(*p50.groups()),
        p99_ms=_ms(*p99.groups()),
        requests=int(total.group(1)),
        non_2xx=non_2xx,
        statuses={code: int(count) for code, count in statuses.items()},
        socket_errors=errors,
    )


# --- rss ---------------------------------------------------------------------------------


def _status_field(pid: int, name: str) -> str | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{name}:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def children_of(pid: int) -> list[int]:
    children: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _status_field(int(entry.name), "PPid") == str(pid):
            children.append(int(entry.name))
    return sorted(children)


def rss_kib(pid: int) -> int | None:
    value = _status_field(pid, "VmRSS")  # "123456 kB"
    return int(value.split()[0]) if value else None


def command_rss(master: int, label: str, role: str | None = None, tree: str | None = None) -> None:
    suffix = f" ({tree})" if tree else ""
    processes = [(f"master{suffix}", master)] + [
        (f"worker{suffix}", child) for child in children_of(master)
    ]
    if role:  # one process of its own (the job worker), not a gunicorn tree
        processes = [(role, master)]
    for name, pid in processes:
        kib = rss_kib(pid)
        if kib is not None:
            print(f"{label}\t{name}\t{pid}\t{kib}")


# --- cpu -------------------------------------------------------------------------------
# The machine may be shared: the CPU that processes this benchmark did not start take while
# a scenario runs is measured and printed beside its figures.


def _proc_stat(pid: str) -> tuple[str, int, int, int] | None:
    """(comm, ppid, starttime, utime + stime in clock ticks) of one process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm, rest = raw[raw.index("(") + 1 : raw.rindex(")")], raw[raw.rindex(")") + 2 :].split()
    return comm, int(rest[1]), int(rest[19]), int(rest[11]) + int(rest[12])


def command_cpu(out: Path, mine: list[int]) -> None:
    """Snapshot; `mine` are the roots of this benchmark's process trees (its shell, the
    PostgreSQL postmaster and Redis, which daemonize away from the shell)."""
    machine = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    processes = {
        pid: stat
        for pid in (entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit())
        if (stat := _proc_stat(pid)) is not None
    }
    children: dict[int, list[int]] = {}
    for pid, (_comm, ppid, _start, _ticks) in processes.items():
        children.setdefault(ppid, []).append(int(pid))
    ours, todo = set(), [root for root in mine if str(root) in processes]
    while todo:
        pid = todo.pop()
        if pid not in ours:
            ours.add(pid)
            todo.extend(children.get(pid, []))
    snapshot = {
        "total": sum(machine),
        "idle": machine[3] + machine[4],
        "processes": {
            pid: [comm, start, ticks, int(pid) in ours]
            for pid, (comm, _ppid, start, ticks) in processes.items()
        },
    }
    out.write_text(json.dumps(snapshot))


@dataclass
class OtherLoad:
    other_share: float  # of the machine's CPU capacity, by processes not started here
    machine_busy_share: float  # of the machine's CPU capacity, by everything
    top_others: list[str]


def other_load(before_path: Path, after_path: Path) -> OtherLoad | None:
    """Share of the machine's CPU capacity that processes not started by this benchmark
    (and still alive at the end) used between two snapshots, and the busiest of them."""
    if not (before_path.exists() and after_path.exists()):
        return None
    before, after = json.loads(before_path.read_text()), json.loads(after_path.read_text())
    capacity = after["total"] - before["total"]
    if capacity <= 0:
        return None
    by_name: dict[str, int] = {}
    for pid, (comm, start, ticks, ours) in after["processes"].items():
        if ours:
            continue
        earlier = before["processes"].get(pid)
        used = ticks - (earlier[2] if earlier and earlier[1] == start else 0)
        if used > 0:
            by_name[comm] = by_name.get(comm, 0) + used
    busy = capacity - (after["idle"] - before["idle"])
    top = sorted(by_name.items(), key=lambda item: -item[1])[:3]
    return OtherLoad(
        other_share=sum(by_name.values()) / capacity,
        machine_busy_share=busy / capacity,
        top_others=[f"{name} {ticks / capacity:.0%}" for name, ticks in top],
    )


def process_cpus(before_path: Path, after_path: Path, pids: list[int]) -> list[float]:
    """CPU time of each of `pids` between two snapshots, in CPUs (1.0: one CPU busy)."""
    if not (pids and before_path.exists() and after_path.exists()):
        return []
    before, after = json.loads(before_path.read_text()), json.loads(after_path.read_text())
    capacity = after["total"] - before["total"]
    if capacity <= 0:
        return []
    cpus = []
    for pid in pids:
        now, then = after["processes"].get(str(pid)), before["processes"].get(str(pid))
        used = now[2] - then[2] if now and then and now[1] == then[1] else 0
        cpus.append(used / capacity * (os.cpu_count() or 1))
    return cpus


# --- argon2 ------------------------------------------------------------------------------


def command_argon2(username: str) -> None:
    """The argon2id settings the service reads, and the parameters of the stored hash."""
    from sqlalchemy import create_engine, text

    from cvimprover.config import Settings

    settings = Settings()
    stored = None
    engine = create_engine(settings.resolved_database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT password_hash FROM users WHERE username = :u"), {"u": username}
            ).scalar()
        if found:  # "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>": keep only the parameters
            stored = "$".join(found.split("$")[:4])
    finally:
        engine.dispose()
    print(
        json.dumps(
            {
                "memory_kib": settings.password_hash_memory_kib,
                "time_cost": settings.password_hash_time_cost,
                "parallelism": settings.password_hash_parallelism,
                "stored_hash_parameters": stored,
            }
        )
    )


# --- table -------------------------------------------------------------------------------


def _table(headers: list[str], rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "not met")


def _scenarios(results: Path, args: argparse.Namespace) -> list[tuple[str, str, int]]:
    """(key, label, connections) of every scenario, in the order of the table."""
    scenarios = [
        ("bare", "GET / (bare Falcon)", args.read_connections),
        ("user", "GET /auth/user/ (bearer)", args.read_connections),
        ("user_nocache", "GET /auth/user/, read cache off", args.read_connections),
        ("login", "POST /auth/login/", args.login_connections),
        ("q_list", "GET /cv/questionnaire/?limit=20", args.read_connections),
        ("q_detail", "GET /cv/questionnaire/{id}/", args.read_connections),
        ("q_list_nocache", "GET /cv/questionnaire/?limit=20, cache off", args.read_connections),
        ("q_detail_nocache", "GET /cv/questionnaire/{id}/, cache off", args.read_connections),
        ("bare_insert", "POST /questionnaires (bare + INSERT)", args.read_connections),
        ("q_create", "POST /cv/questionnaire/ (JSON)", args.read_connections),
    ]
    for size in ("small", "large"):  # the list at two table sizes, 1 connection
        fill = _json(results / f"fill_{size}.json")
        rows_label = f"{fill['rows']:,} rows" if fill else f"{size} table"
        scenarios.append((f"list_{size}", f"list, {rows_label}, cache off", 1))
        scenarios.append((f"next_{size}", f"next page (Link), {rows_label}, cache off", 1))
    return scenarios


def _uncached(key: str) -> bool:
    """Scenarios run against the API with its read cache off."""
    return key.endswith("_nocache") or key.startswith(("list_", "next_"))


def _print_scenarios(
    results: Path,
    scenarios: list[tuple[str, str, int]],
    figures: dict[str, WrkResult],
    bare_rps: float | None,
    args: argparse.Namespace,
    api_workers: dict[str, list[int]],
) -> dict[str, OtherLoad | None]:
    """The main table, and the warnings about the figures it holds."""
    rows = []
    loads: dict[str, OtherLoad | None] = {}
    split: dict[str, list[float]] = {}
    for key, name, connections in scenarios:
        if key not in figures:
            continue
        result = figures[key]
        ratio = (
            f"{result.requests_per_second / bare_rps:.0%}"
            if bare_rps
            and key != "bare"
            and connections == args.read_connections
            and not key.startswith(("list_", "next_"))
            else "-"
        )
        before, after = results / f"{key}.cpu.before.json", results / f"{key}.cpu.after.json"
        load = loads[key] = other_load(before, after)
        tree = "cache off" if _uncached(key) else "cache on"
        ours = not key.startswith("bare")
        cpus = split[key] = process_cpus(before, after, api_workers[tree]) if ours else []
        rows.append(
            [
                name,
                str(connections),
                f"{result.requests_per_second:,.1f}",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                str(result.non_2xx),
                str(sum(result.socket_errors.values())),
                ratio,
                "+".join(f"{cpu:.2f}" for cpu in cpus) or "-",
                f"{1 - load.machine_busy_share:.0%}" if load else "?",
                f"{load.other_share:.0%}" if load else "?",
            ]
        )
    headers = ["scenario", "conns", "requests/s", "p50 ms", "p99 ms", "non-2xx", "sock err"]
    headers += ["vs bare req/s", "API workers' CPUs", "idle", "other load"]
    print(_table(headers, rows, right=set(range(1, 11))))
    print(
        "  (API workers' CPUs: CPU time of each gunicorn worker of the API during the "
        "scenario, in CPUs; idle: the machine's idle share; other load: share of the "
        "machine's CPU taken by processes this benchmark did not start)"
    )
    for key, cpus in split.items():
        connections = next(c for k, _, c in scenarios if k == key)
        load = loads.get(key)
        idle = 1 - load.machine_busy_share if load else 0.0
        if connections > 1 and len(cpus) > 1 and min(cpus) < 0.1 <= max(cpus) and idle > 0.2:
            print(
                f"  ! {key}: all the work went to one API worker "
                f"({'+'.join(f'{c:.2f}' for c in cpus)} CPUs) while the machine was "
                f"{idle:.0%} idle: one gthread worker took wrk's keep-alive connections "
                "and kept them (was --worker-connections, WEB_WORKER_CONNECTIONS, above the "
                "connections per worker?); this figure is one process's (one GIL)"
            )
    for key, load in loads.items():
        if load and load.other_share > OTHER_LOAD_WARNING:
            print(
                f"  ! {key}: other processes took {load.other_share:.0%} of the CPU "
                f"({', '.join(load.top_others)}); these figures are disturbed, "
                "rerun on an idle machine"
            )
    for result in figures.values():
        if not result.clean:
            print(
                f"  ! {result.scenario}: statuses {result.statuses}, "
                f"socket errors {result.socket_errors}"
            )
    return loads


def command_table(results: Path, args: argparse.Namespace) -> int:
    scenarios = _scenarios(results, args)
    figures: dict[str, WrkResult] = {}
    for key, name, _connections in scenarios:
        path = results / f"{key}.wrk.txt"
        if path.exists():
            try:
                figures[key] = parse_wrk(name, path.read_text())
            except ValueError as error:
                print(f"report: {error}", file=sys.stderr)
                return 1
    bare_rps = figures["bare"].requests_per_second if "bare" in figures else None

    print(
        f"\nwrk: {args.threads} threads, {args.duration}s per scenario "
        f"(after a {args.warmup}s warm-up); gunicorn gthread, {args.workers} workers x "
        f"{args.worker_threads} threads; {os.cpu_count()} CPUs shared by wrk, gunicorn "
        "and PostgreSQL\n"
    )
    rss = _read_rss(results / "rss.tsv")
    api_workers = {
        "cache on": list(dict.fromkeys(pid for _, role, pid, _ in rss if role == "worker")),
        "cache off": list(
            dict.fromkeys(pid for _, role, pid, _ in rss if role == "worker (cache off)")
        ),
    }
    loads = _print_scenarios(results, scenarios, figures, bare_rps, args, api_workers)

    if rss:
        print("\nRSS of our gunicorn processes (VmRSS, MB = MiB)")
        labels = list(dict.fromkeys(label for label, *_ in rss))
        processes = list(dict.fromkeys((role, pid) for _, role, pid, _ in rss))
        by_key = {(label, pid): kib for label, _, pid, kib in rss}
        rss_rows = [
            [role, str(pid)]
            + [
                f"{by_key[(label, pid)] / 1024:.1f}" if (label, pid) in by_key else "-"
                for label in labels
            ]
            for role, pid in processes
        ]
        print(_table(["process", "pid", *labels], rss_rows, right=set(range(1, len(labels) + 2))))

    scaling = _print_scaling(results, figures)
    jobs = _print_jobs(results)
    profile = _print_profile(results)

    argon2 = json.loads((results / "argon2.json").read_text())
    if argon2:
        print(
            f"\nargon2id in use: memory {argon2['memory_kib']} KiB, time cost "
            f"{argon2['time_cost']}, parallelism {argon2['parallelism']} "
            f"(stored hash: {argon2['stored_hash_parameters']})"
        )

    targets = _targets(figures, bare_rps, rss, args.read_connections)
    targets += _cv_targets(figures, bare_rps, scaling, jobs)
    print("\nTargets (reported, not asserted)")
    print(
        _table(
            ["target", "figure", "met?"],
            [[t["target"], t["figure"], _verdict(t["met"])] for t in targets],
            right=set(),
        )
    )
    summary = {
        "scenarios": {key: asdict(result) for key, result in figures.items()},
        "rss": [
            {"label": label, "role": role, "pid": pid, "rss_kib": kib}
            for label, role, pid, kib in rss
        ],
        "argon2": argon2,
        "other_load": {key: load and asdict(load) for key, load in loads.items()},
        "list_scaling": scaling,
        "jobs": jobs,
        "profile": profile,
        "targets": targets,
    }
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


def _json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _print_scaling(results: Path, figures: dict[str, WrkResult]) -> dict | None:
    """List p50 at the two table sizes, first page and the page its Link names; beside
    them, the median time of the list's query alone (psycopg round trip)."""
    small, large = _json(results / "fill_small.json"), _json(results / "fill_large.json")
    if not (small and large):
        return None
    scaling: dict[str, object] = {"small": small, "large": large}
    print(
        "\nList scaling: GET /cv/questionnaire/?limit=20 as the bench user, 1 connection, "
        "p50 (HTTP) and the median of its SQL query alone; the table grown with one "
        "INSERT ... SELECT generate_series, then VACUUM (ANALYZE) and CHECKPOINT"
    )
    rows = []
    for key, fill in (("small", small), ("large", large)):
        sql = _json(results / f"fill_{key}.sql.json") or {}
        scaling[f"{key}_sql"] = sql
        rows.append(
            [
                f"{fill['rows']:,}",
                f"{fill['bench_user_rows']}",
                f"{fill['table_mb']:,.0f}",
                f"{fill['inserted']:,} in {fill['insert_seconds']:.1f}s "
                f"(+ {fill['vacuum_analyze_seconds']:.1f}s vacuum)",
                f"{figures[f'list_{key}'].p50_ms:.2f}" if f"list_{key}" in figures else "?",
                _fmt_ms(sql.get("first_page_sql_ms"), 3),
                f"{figures[f'next_{key}'].p50_ms:.2f}" if f"next_{key}" in figures else "?",
                _fmt_ms(sql.get("next_page_sql_ms"), 3),
            ]
        )
    headers = ["rows", "bench user's", "table MB", "bulk insert", "page 1 p50 ms", "its SQL ms"]
    headers += ["next page p50 ms", "its SQL ms"]
    print(_table(headers, rows, right={0, 1, 2, 4, 5, 6, 7}))
    for page in ("list", "next"):
        a, b = figures.get(f"{page}_small"), figures.get(f"{page}_large")
        if a and b and a.p50_ms > 0:
            scaling[f"{page}_ratio"] = b.p50_ms / a.p50_ms
            scaling[f"{page}_clean"] = a.clean and b.clean
    print(
        f"  ratio large/small: page 1 {scaling.get('list_ratio', float('nan')):.2f}x, "
        f"next page {scaling.get('next_ratio', float('nan')):.2f}x "
        f"(plans: {results.name}/fill_*.explain.txt)"
    )
    after = _json(results / "after_create.sql.json")
    if after:
        scaling["after_create_sql"] = after
        print(
            f"  after the creation run the bench user owns {after['bench_user_rows']:,} rows: "
            f"the list's SQL takes {_fmt_ms(after.get('first_page_sql_ms'), 3)} ms "
            f"(plan: {results.name}/after_create.explain.txt)"
        )
    return scaling


def _print_profile(results: Path) -> dict | None:
    """The in-process cost of a request, and its stages (bench/profile_requests.py)."""
    profile = _json(results / "profile.json")
    if not profile:
        return None
    keys = [key for key in ("bare", "user", "q_list", "q_detail", "q_create") if key in profile]
    print(
        "\nWhere a request's time goes: the WSGI app called in-process, one thread, no "
        "HTTP (bench/profile_requests.py); stages are inclusive ms per request under cProfile, "
        "which inflates Python more than waits: read them as shares of the profiled total"
    )
    labels = list(
        dict.fromkeys(
            label for key in keys for label in profile[key]["stages_ms_per_request_profiled"]
        )
    )

    def row(label: str, value: Callable[[dict], object]) -> list[str]:
        return [label] + [str(value(profile[key])) for key in keys]

    rows = [
        row("ms per request, not profiled (median)", lambda f: f"{f['ms_per_request']:.2f}"),
        row("SQL statements per request", lambda f: f"{f['sql_statements_per_request']:g}"),
        row("ms per request, profiled", lambda f: f"{f['profiled_ms_per_request']:.2f}"),
    ]
    for label in labels:
        rows.append(
            row(
                label,
                lambda f, label=label: _share(
                    f["stages_ms_per_request_profiled"].get(label), f["profiled_ms_per_request"]
                ),
            )
        )
    print(_table(["", *keys], rows, right=set(range(1, len(keys) + 1))))
    print(f"  (cProfile's top functions: {results.name}/profile_<scenario>.txt)")
    return profile


def _share(value: float | None, whole: float) -> str:
    if not value:
        return "-"
    return f"{value:.2f} ({value / whole:.0%})" if whole else f"{value:.2f}"


def _fmt_ms(value: object, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "?"


def _print_jobs(results: Path) -> dict | None:
    jobs = _json(results / "jobs.json")
    if not jobs:
        return None
    load = other_load(results / "jobs.cpu.before.json", results / "jobs.cpu.after.json")
    print(
        f"\nAI improvement jobs on Redis: {jobs.get('workers', 1)} worker(s), "
        "AI_PROVIDERS=local, after "
        f"{jobs.get('warmup', '?')} warm-up jobs; delay = started_at - the commit time of "
        "the API's transaction (commit -> the worker claims it), run = finished_at - started_at"
    )
    labels = {
        "paced": "one at a time (worker idle)",
        "burst": "back to back",
    }
    rows = []
    for key, label in labels.items():
        run = jobs.get(key)
        if not run:
            continue
        rows.append(
            [
                label,
                f"{run['count']} / {run['clients']}",
                f"{run.get('post_seconds', '?')}",
                f"{run.get('started', 0)} of {run.get('accepted', 0)}",
                _fmt_ms(run.get("delay_p50_ms")),
                _fmt_ms(run.get("delay_p90_ms")),
                _fmt_ms(run.get("delay_p99_ms")),
                _fmt_ms(run.get("delay_max_ms")),
                _fmt_ms(run.get("delay_from_created_p50_ms")),
                _fmt_ms(run.get("run_p50_ms")),
                f"{run.get('jobs_per_second', '?')}" if key == "burst" else "-",
            ]
        )
    headers = ["posted", "jobs / clients", "posting s", "started", "delay p50 ms"]
    headers += ["p90", "p99", "max", "from created_at p50", "run p50 ms", "jobs/s"]
    print(_table(headers, rows, right=set(range(1, 11))))
    for key, label in labels.items():
        run = jobs.get(key)
        if run and (
            run.get("statuses") != {"202": run["count"]}
            or run.get("job_statuses") != {"succeeded": run["count"]}
        ):
            print(f"  ! {label}: HTTP {run.get('statuses')}, jobs {run.get('job_statuses')}")
        if run and run.get("worker_log_job_done") != run.get("accepted"):
            print(
                f'  ! {label}: {run.get("worker_log_job_done")} "job done" lines in the '
                f"worker's log for {run.get('accepted')} jobs"
            )
    print(
        "  (jobs/s, back to back only: jobs / (last finished_at - first created_at); one at a "
        "time, the pace is ours. Commit times: PostgreSQL's track_commit_timestamp, read "
        "through a bench-only row the job's INSERT adds (bench/cv.py note-job-commits). "
        "created_at is the request's clock before the job's SELECT, INSERT and COMMIT)"
    )
    if load and load.other_share > OTHER_LOAD_WARNING:
        print(
            f"  ! other processes took {load.other_share:.0%} of the CPU "
            f"({', '.join(load.top_others)}) during the jobs; these figures are disturbed"
        )
    return jobs


def _cv_targets(
    figures: dict[str, WrkResult],
    bare_rps: float | None,
    scaling: dict | None,
    jobs: dict | None,
) -> list[dict[str, object]]:
    targets: list[dict[str, object]] = []
    for key, label, goal in (
        ("q_list", "questionnaire list reads", CV_READ_RATIO_TARGET),
        ("q_list_nocache", "questionnaire list reads, read cache off", CV_READ_RATIO_TARGET),
        ("q_detail", "questionnaire detail reads", CV_READ_RATIO_TARGET),
        ("q_detail_nocache", "questionnaire detail reads, read cache off", CV_READ_RATIO_TARGET),
        ("q_create", "questionnaire creation (JSON)", CV_CREATE_RATIO_TARGET),
    ):
        result = figures.get(key)
        if result and bare_rps:
            ratio = result.requests_per_second / bare_rps
            floor = figures.get("bare_insert") if key == "q_create" else None
            targets.append(
                {
                    "target": f"{label} >= {goal:.0%} of bare requests/s",
                    "figure": f"{ratio:.0%} ({result.requests_per_second:,.0f} vs "
                    f"{bare_rps:,.0f})"
                    + (
                        f"; bare + INSERT: {floor.requests_per_second / bare_rps:.0%}, "
                        f"ours {result.requests_per_second / floor.requests_per_second:.0%} of it"
                        if floor and floor.requests_per_second
                        else ""
                    )
                    + _dirty(result),
                    "met": result.clean and ratio >= goal,
                }
            )
    burst = (jobs or {}).get("burst")
    if burst:
        p50 = burst.get("delay_p50_ms")
        complete = burst.get("finished") == burst.get("count") == burst.get("started")
        paced = (jobs or {}).get("paced") or {}
        targets.append(
            {
                "target": f"job commit -> worker start p50 <= {JOB_DELAY_P50_TARGET_MS:g} ms "
                f"on Redis ({burst['count']} jobs back to back)",
                "figure": f"{_fmt_ms(p50)} ms"
                + ("" if complete else f" [{burst.get('started')} of {burst['count']} started]")
                + (
                    f" (worker idle: {_fmt_ms(paced.get('delay_p50_ms'))} ms)"
                    if paced.get("delay_p50_ms") is not None
                    else ""
                ),
                "met": None if p50 is None else complete and p50 <= JOB_DELAY_P50_TARGET_MS,
            }
        )
    if scaling:
        small, large = scaling["small"], scaling["large"]
        for page, label in (("list", "list p50"), ("next", "next page (Link) p50")):
            ratio = scaling.get(f"{page}_ratio")
            if ratio is None:
                continue
            clean = bool(scaling.get(f"{page}_clean"))
            targets.append(
                {
                    "target": f"{label} at {large['rows']:,} rows <= {LIST_SCALING_TARGET:g}x "
                    f"at {small['rows']:,}",
                    "figure": f"{ratio:.2f}x ({figures[f'{page}_large'].p50_ms:.2f} vs "
                    f"{figures[f'{page}_small'].p50_ms:.2f} ms)"
                    + ("" if clean else " [non-2xx or socket errors: not counted as met]"),
                    "met": clean and ratio <= LIST_SCALING_TARGET,
                }
            )
    return targets


def _read_rss(path: Path) -> list[tuple[str, str, int, int]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        if line.strip():
            label, role, pid, kib = line.split("\t")
            rows.append((label, role, int(pid), int(kib)))
    return rows


def _dirty(result: WrkResult) -> str:
    return "" if result.clean else " [non-2xx or socket errors: not counted as met]"


def _targets(
    figures: dict[str, WrkResult],
    bare_rps: float | None,
    rss: list[tuple[str, str, int, int]],
    read_connections: int,
) -> list[dict[str, object]]:
    targets: list[dict[str, object]] = []
    login = figures.get("login")
    for key, cache in (("user", ""), ("user_nocache", ", read cache off")):
        user = figures.get(key)
        if user and bare_rps:
            ratio = user.requests_per_second / bare_rps
            targets.append(
                {
                    "target": f"authenticated reads >= {READ_RATIO_TARGET:.0%} of bare "
                    f"requests/s{cache}",
                    "figure": f"{ratio:.0%} ({user.requests_per_second:,.0f} vs "
                    f"{bare_rps:,.0f})" + _dirty(user),
                    "met": user.clean and ratio >= READ_RATIO_TARGET,
                }
            )
        if user:
            targets.append(
                {
                    "target": f"authenticated reads p99 <= {READ_P99_TARGET_MS:g} ms "
                    f"at {read_connections} connections{cache}",
                    "figure": f"{user.p99_ms:.2f} ms" + _dirty(user),
                    "met": user.clean and user.p99_ms <= READ_P99_TARGET_MS,
                }
            )
    if login:
        targets.append(
            {
                "target": f"login >= {LOGIN_RPS_TARGET:g} requests/s",
                "figure": f"{login.requests_per_second:,.1f} requests/s" + _dirty(login),
                "met": login.clean and login.requests_per_second >= LOGIN_RPS_TARGET,
            }
        )
    workers = [kib for _, role, _, kib in rss if role.startswith("worker")]
    if workers:
        worst = max(workers) / 1024
        targets.append(
            {
                "target": f"every API worker < {WORKER_RSS_TARGET_MB:g} MB RSS",
                "figure": f"largest {worst:.1f} MB",
                "met": worst < WORKER_RSS_TARGET_MB,
            }
        )
    return targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rss = commands.add_parser("rss")
    rss.add_argument("master", type=int)
    rss.add_argument("label")
    rss.add_argument("--role")
    rss.add_argument("--tree", help="names a second gunicorn tree, e.g. 'cache off'")
    cpu = commands.add_parser("cpu")
    cpu.add_argument("out", type=Path)
    cpu.add_argument("--mine", type=int, action="append", default=[])
    argon2 = commands.add_parser("argon2")
    argon2.add_argument("--username", default="benchuser")
    table = commands.add_parser("table")
    table.add_argument("results", type=Path)
    table.add_argument("--duration", default="?")
    table.add_argument("--warmup", default="?")
    table.add_argument("--threads", type=int, default=2)
    table.add_argument("--read-connections", type=int, default=32)
    table.add_argument("--login-connections", type=int, default=8)
    table.add_argument("--workers", type=int, default=2)
    table.add_argument("--worker-threads", type=int, default=4)
    args = parser.parse_args()
    if args.command == "rss":
        command_rss(args.master, args.label, args.role, args.tree)
        return 0
    if args.command == "cpu":
        command_cpu(args.out, args.mine)
        return 0
    if args.command == "argon2":
        command_argon2(args.username)
        return 0
    return command_table(args.results, args)


if __name__ == "__main__":
    sys.exit(main())
