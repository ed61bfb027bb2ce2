"""The sandbox gateway gives paid plans away, so it is the default of the embedded mode
only: on a database server, the API, the worker and the commands refuse to start until
PAYMENT_GATEWAY is chosen, with one line on stderr, before touching the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from cvimprover.config import SANDBOX_ON_A_SERVER
from tests.support.fixtures import TEST_SECRET

pytestmark = pytest.mark.e2e
STARTUP_SECONDS = 120  # an import of the app on a busy two-core machine


def run(command: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PAYMENT_GATEWAY", "DATABASE_URL"}
    }
    environment |= {"DATA_DIR": str(tmp_path / "var"), "JWT_SECRET": TEST_SECRET, **env}
    executable = str(Path(sys.executable).with_name(command[0]))
    return subprocess.run(  # noqa: S603 (our own entry points)
        [executable, *command[1:]],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=STARTUP_SECONDS,
        check=False,
    )


def tables_of(url: str) -> list[str]:
    engine = sa.create_engine(url)
    try:
        return sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "command",
    [
        ["cvimprover", "serve"],
        ["cvimprover", "worker"],
        ["cvimprover", "migrate"],
        ["cvimprover", "set-plan", "jo", "Pro"],
        ["gunicorn", "-c", "python:cvimprover.gunicorn_conf"],
    ],
)
def test_on_postgresql_nothing_starts_without_a_chosen_payment_gateway(
    tmp_path: Path, scratch_postgres_url: str, command: list[str]
) -> None:
    refused = run(command, tmp_path, DATABASE_URL=scratch_postgres_url)

    assert refused.returncode == 1
    assert refused.stderr == f"error: {SANDBOX_ON_A_SERVER}\n"
    assert tables_of(scratch_postgres_url) == []  # nothing migrated, nothing written


def test_on_postgresql_the_sandbox_is_taken_when_chosen(
    tmp_path: Path, scratch_postgres_url: str
) -> None:
    chosen = run(
        ["cvimprover", "migrate"],
        tmp_path,
        DATABASE_URL=scratch_postgres_url,
        PAYMENT_GATEWAY="sandbox",
    )

    assert chosen.returncode == 0, chosen.stderr
    assert "users" in tables_of(scratch_postgres_url)


def test_the_embedded_mode_needs_no_payment_setting(tmp_path: Path) -> None:
    embedded = run(["cvimprover", "migrate"], tmp_path)

    assert embedded.returncode == 0, embedded.stderr
    assert (tmp_path / "var" / "cvimprover.sqlite3").exists()
