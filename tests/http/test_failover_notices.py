"""A job whose first AI provider was unavailable says so: with OpenAI (the official SDK
talking to a local fake) down and the offline improver after it in AI_PROVIDERS, the
improvement is written by `local` and its `notice` tells the person."""

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer

from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.support.fixtures import make_settings

DOWN = {"error": {"message": "The server is overloaded", "type": "server_error"}}


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine, httpserver: HTTPServer):
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_json(
        DOWN, status=503
    )
    return make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        ai_providers="openai,local",
        openai_api_key="sk-test-key",
        openai_base_url=httpserver.url_for("/v1"),
        ai_max_retries=0,
    )


def improvement(client: testing.TestClient, container, person: dict[str, str]) -> dict:
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    container.cvs.run_improvement().execute(accepted.json["id"])
    return client.simulate_get(accepted.headers["location"], headers=person).json


def test_an_improvement_written_by_the_fallback_says_that_openai_was_unavailable(
    client: testing.TestClient, container, httpserver: HTTPServer
) -> None:
    person = bearer(sign_up(client)["access"])
    done = improvement(client, container, person)
    assert (done["status"], done["provider"], done["model"]) == (
        "succeeded",
        "local",
        "rule-based-v1",
    )
    assert done["notice"] == (
        "OpenAI was unavailable; this CV was improved by the offline improver, which uses no "
        "AI model. OpenAI: the vendor's server failed (HTTP 503) after 1 attempt; try again "
        "later."
    )
    assert done["response_text"].startswith("# Jane Doe\n")
    assert len(httpserver.log) == 1  # OpenAI was asked first, once (no retries configured)
    listed = client.simulate_get("/cv/ai-responses/", headers=person).json
    assert listed[0]["notice"] == done["notice"]


def test_an_improvement_the_first_provider_wrote_has_no_notice(
    client: testing.TestClient, container, httpserver: HTTPServer
) -> None:
    httpserver.clear()
    httpserver.expect_request("/v1/chat/completions", method="POST").respond_with_json(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-test",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": "## Summary\n\nEngineer."},
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
    )
    done = improvement(client, container, bearer(sign_up(client)["access"]))
    assert (done["provider"], done["notice"]) == ("openai", None)
