"""gunicorn's settings come from cvimprover's: one configuration for every way it runs."""

import importlib
from types import ModuleType

import pytest

import cvimprover.gunicorn_conf


def loaded(monkeypatch: pytest.MonkeyPatch, **environment: str) -> ModuleType:
    monkeypatch.chdir("/")  # no .env file from a checkout
    for name in ("WEB_THREADS", "WEB_WORKER_CONNECTIONS", "WEB_CONCURRENCY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(cvimprover.gunicorn_conf)


def test_a_worker_holds_four_connections_per_thread_by_default(monkeypatch) -> None:
    conf = loaded(monkeypatch, WEB_THREADS="3")

    assert (conf.worker_class, conf.threads, conf.worker_connections) == ("gthread", 3, 12)
    assert conf.workers >= 2


def test_the_connections_a_worker_holds_and_the_workers_are_settings(monkeypatch) -> None:
    conf = loaded(monkeypatch, WEB_WORKER_CONNECTIONS="100", WEB_CONCURRENCY="5")

    assert (conf.worker_connections, conf.workers) == (100, 5)
