"""Figures for bench/run.sh: parses wrk's `--latency` output, reads worker RSS, prints tables.

    report.py rss MASTER_PID LABEL         one TSV line per process (gunicorn master + workers)
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Targets, stated once; the table prints them beside the figures.
READ_RATIO_TARGET = 0.40  # authenticated reads: requests/s as a share of the bare app's
READ_P99_TARGET_MS = 25.0  # ... with p99 at most this, at the read scenario's connections
LOGIN_RPS_TARGET = 25.0  # logins per second (each costs one argon2id verification)
WORKER_RSS_TARGET_MB = 150.0  # every API worker process, after the run
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


def command_rss(master: int, label: str) -> None:
    for role, pid in [("master", master)] + [("worker", child) for child in children_of(master)]:
        kib = rss_kib(pid)
        if kib is not None:
            print(f"{label}\t{role}\t{pid}\t{kib}")


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


def command_table(results: Path, args: argparse.Namespace) -> int:
    scenarios = [
        ("bare", "GET / (bare Falcon)", args.read_connections),
        ("user", "GET /auth/user/ (bearer)", args.read_connections),
        ("login", "POST /auth/login/", args.login_connections),
    ]
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
    rows = []
    loads: dict[str, OtherLoad | None] = {}
    for key, name, connections in scenarios:
        if key not in figures:
            continue
        result = figures[key]
        ratio = (
            f"{result.requests_per_second / bare_rps:.0%}" if bare_rps and key != "bare" else "-"
        )
        errors = sum(result.socket_errors.values())
        load = other_load(results / f"{key}.cpu.before.json", results / f"{key}.cpu.after.json")
        loads[key] = load
        rows.append(
            [
                name,
                str(connections),
                f"{result.requests_per_second:,.1f}",
                f"{result.p50_ms:.2f}",
                f"{result.p99_ms:.2f}",
                str(result.non_2xx),
                str(errors),
                ratio,
                f"{load.other_share:.0%}" if load else "?",
            ]
        )
    headers = ["scenario", "conns", "requests/s", "p50 ms", "p99 ms", "non-2xx", "sock err"]
    headers += ["vs bare req/s", "other load"]
    print(_table(headers, rows, right={1, 2, 3, 4, 5, 6, 7, 8}))
    print(
        "  (other load: share of the machine's CPU taken during the scenario by processes "
        "this benchmark did not start)"
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

    rss = _read_rss(results / "rss.tsv")
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

    argon2 = json.loads((results / "argon2.json").read_text())
    if argon2:
        print(
            f"\nargon2id in use: memory {argon2['memory_kib']} KiB, time cost "
            f"{argon2['time_cost']}, parallelism {argon2['parallelism']} "
            f"(stored hash: {argon2['stored_hash_parameters']})"
        )

    targets = _targets(figures, bare_rps, rss, args.read_connections)
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
        "targets": targets,
    }
    (results / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


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
    user, login = figures.get("user"), figures.get("login")
    if user and bare_rps:
        ratio = user.requests_per_second / bare_rps
        targets.append(
            {
                "target": f"authenticated reads >= {READ_RATIO_TARGET:.0%} of bare requests/s",
                "figure": f"{ratio:.0%} ({user.requests_per_second:,.0f} vs {bare_rps:,.0f})"
                + _dirty(user),
                "met": user.clean and ratio >= READ_RATIO_TARGET,
            }
        )
    if user:
        targets.append(
            {
                "target": f"authenticated reads p99 <= {READ_P99_TARGET_MS:g} ms "
                f"at {read_connections} connections",
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
    workers = [kib for _, role, _, kib in rss if role == "worker"]
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
        command_rss(args.master, args.label)
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
