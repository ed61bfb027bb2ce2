"""The `cvimprover` command: `serve` restarts itself with glibc's malloc tuning before the
application is imported, once; other commands never restart."""

import sys

import pytest

import cvimprover.__main__ as entry


class Restarted(Exception):
    pass


@pytest.fixture
def restarts(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, str]]]:
    seen: list[tuple[list[str], dict[str, str]]] = []

    def execve(path: str, argv: list[str], env: dict[str, str]) -> None:
        seen.append((argv, env))
        raise Restarted

    monkeypatch.setattr(entry.os, "execve", execve)
    for name in entry.MALLOC_TUNING:
        monkeypatch.delenv(name, raising=False)
    return seen


def test_serve_restarts_with_the_malloc_tuning_before_loading_the_app(
    monkeypatch, restarts
) -> None:
    monkeypatch.setattr(sys, "argv", ["cvimprover", "serve", "--no-migrate"])
    monkeypatch.delitem(sys.modules, "cvimprover.cli", raising=False)

    with pytest.raises(Restarted):
        entry.main()

    [(argv, env)] = restarts
    assert argv == [sys.executable, "-m", "cvimprover", "serve", "--no-migrate"]
    assert {name: env[name] for name in entry.MALLOC_TUNING} == entry.MALLOC_TUNING
    assert "cvimprover.cli" not in sys.modules  # the restart came before the heavy import


def test_with_the_tuning_in_place_or_another_command_it_does_not_restart(
    monkeypatch, restarts
) -> None:
    monkeypatch.setattr(sys, "argv", ["cvimprover", "--help"])
    with pytest.raises(SystemExit):
        entry.main()
    for name, value in entry.MALLOC_TUNING.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", ["cvimprover", "serve", "--help"])
    with pytest.raises(SystemExit):
        entry.main()
    assert restarts == []
