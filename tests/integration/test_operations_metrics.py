"""AI calls, tokens, failovers and webhooks, as /metrics reports them after real traffic."""

import pytest
from falcon import testing

from cvimprover.container import build_container
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.support.fixtures import make_settings
from tests.support.metrics import figure

pytestmark = pytest.mark.integration


@pytest.fixture
def container(tmp_path, postgres_url, pg_engine):
    """OpenAI first, at an address where nothing listens, then the offline improver."""
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        ai_providers="openai,local",
        openai_api_key="sk-test",
        openai_base_url="http://127.0.0.1:1/v1",
        ai_max_retries=0,
        ai_timeout_seconds=2,
    )
    container = build_container(settings)
    yield container
    container.infra.engine().dispose()


def scrape(client: testing.TestClient) -> str:
    return client.simulate_get("/metrics").text


def test_a_failover_and_the_next_vendors_tokens_are_counted(container) -> None:
    client = testing.TestClient(container.http.app())
    person = bearer(sign_up(client)["access"])
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    before = scrape(client)
    container.cvs.run_improvement().execute(int(accepted.json["id"]))
    after = scrape(client)
    done = client.simulate_get(f"/cv/ai-responses/{accepted.json['id']}/", headers=person).json
    assert done["status"] == "succeeded"
    assert done["provider"] == "local"

    def grew(name: str, **labels: str) -> float:
        return figure(after, name, **labels) - figure(before, name, **labels)

    assert grew("cvimprover_ai_calls_total", vendor="openai", outcome="failed") == 1
    assert grew("cvimprover_ai_failovers_total", vendor="openai") == 1
    assert grew("cvimprover_ai_calls_total", vendor="local", outcome="succeeded") == 1
    assert grew("cvimprover_ai_failovers_total", vendor="local") == 0
    tokens = grew("cvimprover_ai_tokens_total", vendor="local", direction="input")
    assert tokens == done["usage"]["input_tokens"] > 0
    assert grew("cvimprover_ai_call_duration_seconds_count", vendor="local") == 1


def test_webhook_events_are_counted_by_provider_type_and_outcome(container) -> None:
    client = testing.TestClient(container.http.app())
    before = scrape(client)
    telemetry = container.infra.telemetry()
    telemetry.webhook_received("stripe", "invoice.paid", "applied")
    telemetry.webhook_received("stripe", "invoice.paid", "duplicate")
    after = scrape(client)
    name, labels = "cvimprover_webhook_events_total", {"provider": "stripe", "type": "invoice.paid"}
    for outcome in ("applied", "duplicate"):
        assert (
            figure(after, name, **labels, outcome=outcome)
            - figure(before, name, **labels, outcome=outcome)
            == 1
        )
