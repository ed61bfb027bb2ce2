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
    # A reload keeps what the module set before: forget the optional setting first.
    monkeypatch.delattr(cvimprover.gunicorn_conf, "worker_connections", raising=False)
    return importlib.reload(cvimprover.gunicorn_conf)


def test_gthread_workers_with_gunicorns_own_connection_limit_by_default(monkeypatch) -> None:
    conf = loaded(monkeypatch, WEB_THREADS="3")

    assert (conf.worker_class, conf.threads) == ("gthread", 3)
    assert not hasattr(conf, "worker_connections")  # gunicorn's default, 1000
    assert conf.workers >= 2


def test_the_connections_a_worker_holds_and_the_workers_are_settings(monkeypatch) -> None:
    conf = loaded(monkeypatch, WEB_WORKER_CONNECTIONS="16", WEB_CONCURRENCY="5")

    assert (conf.worker_connections, conf.workers) == (16, 5)
