"""Settings that follow others when unset: the API's own address, the frontend's."""

import pytest
from pydantic import ValidationError

from cvimprover.config import Settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "PORT", "PUBLIC_URL", "FRONTEND_URL"):
        monkeypatch.delenv(name, raising=False)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_an_unset_public_url_is_where_serve_listens(monkeypatch) -> None:
    assert settings().public_url == "http://127.0.0.1:8000"
    assert settings(port=8601).public_url == "http://127.0.0.1:8601"
    monkeypatch.setenv("PORT", "8611")
    assert settings().public_url == "http://127.0.0.1:8611"


def test_listening_on_every_address_gives_loopback_and_ipv6_gets_brackets() -> None:
    assert settings(host="0.0.0.0", port=9000).public_url == "http://127.0.0.1:9000"  # noqa: S104
    assert settings(host="::1").public_url == "http://[::1]:8000"
    assert settings(host="::").public_url == "http://[::1]:8000"
    assert settings(host="api.internal").public_url == "http://api.internal:8000"


def test_a_public_url_that_is_set_wins(monkeypatch) -> None:
    monkeypatch.setenv("PUBLIC_URL", "https://cv.example.com")
    assert settings(port=8601).public_url == "https://cv.example.com"


def test_a_blank_frontend_url_counts_as_unset(monkeypatch) -> None:
    monkeypatch.setenv("FRONTEND_URL", " ")
    assert settings().frontend_url is None
    assert settings().payment_return_url == "http://localhost:3000"
    assert settings(frontend_url="https://app.example.com").payment_return_url == (
        "https://app.example.com"
    )


def test_the_heartbeat_beats_three_times_a_lease_unless_set() -> None:
    assert settings().heartbeat_seconds == 10
    assert settings(job_lease_seconds=12).heartbeat_seconds == 4
    assert settings(job_lease_seconds=12, job_heartbeat_seconds=5).heartbeat_seconds == 5


@pytest.mark.parametrize(
    "values",
    [
        {"job_lease_seconds": 20, "job_heartbeat_seconds": 10},
        {"job_lease_seconds": 30, "job_heartbeat_seconds": 20},
        {"job_lease_seconds": 60, "job_max_run_seconds": 30},
    ],
)
def test_a_lease_that_a_missed_renewal_would_cost_is_refused(values: dict) -> None:
    with pytest.raises(ValidationError, match="JOB_"):
        settings(**values)
