"""Gaps (what the job asks for and the CV does not show) reach the CV's owner as data on
the AI response, and never the CV or its PDF: over HTTP on PostgreSQL, from the offline
improver and from each vendor's answer through its official SDK and a local fake."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from falcon import testing
from pytest_httpserver import HTTPServer

from cvimprover.container import Container, build_container
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.http.test_pdfs import generate, latest_render_id
from tests.integration.test_ai_vendors import anthropic_answer, openai_answer
from tests.support.fixtures import make_settings
from tests.support.pdfs import whole_text

ANSWER = """# Jane Doe

## Summary

Backend engineer who ships payment systems in Python and PostgreSQL.

## Experience

### Senior Software Engineer, Acme Payments Ltd (2021 - present)
- Led the rewrite of the settlement service.

---

## Gaps to address

The job description asks for these; the CV does not show them:

- **Kubernetes**
- Terraform
"""
ANSWERED_CV = ANSWER.partition("\n\n---")[0]  # as the SDK adapters give it: stripped
VENDORS: dict[str, tuple[str, Callable[[], dict[str, Any]], dict[str, str]]] = {
    "openai": (
        "/v1/chat/completions",
        lambda: openai_answer(ANSWER),
        {"openai_api_key": "sk-test-key", "openai_base_url": "/v1"},
    ),
    "anthropic": (
        "/v1/messages",
        lambda: anthropic_answer([{"type": "text", "text": ANSWER}]),
        {"anthropic_api_key": "sk-ant-test-key", "anthropic_base_url": "/"},
    ),
}


def finished(client: testing.TestClient, container: Container, person: dict[str, str]) -> dict:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json["id"]
    container.cvs.run_improvement().execute(job)
    done = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert done["status"] == "succeeded", done["error"]
    return done


def pdf_text(client, container, pg_engine, person, job_id: int) -> str:
    assert generate(client, person, job_id).status_code == 202
    container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
    url = client.simulate_get(f"/cv/ai-responses/{job_id}/", headers=person).json["pdf_url"]
    return whole_text(client.simulate_get(url, headers=person).content)


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def test_the_offline_improvers_gaps_are_data_and_not_in_the_cv_nor_its_pdf(
    client, container, pg_engine, person
) -> None:
    done = finished(client, container, person)  # the job asks for Kubernetes and Terraform

    assert "Terraform" in done["gaps"]
    assert "Python" not in done["gaps"]  # the CV shows it
    assert "Gaps to address" not in done["response_text"]
    assert "Terraform" not in done["response_text"]
    text = pdf_text(client, container, pg_engine, person, done["id"])
    assert "Jane Doe" in text
    assert "Gaps to address" not in text
    assert "Terraform" not in text


@pytest.fixture(params=list(VENDORS))
def vendor_container(
    request: pytest.FixtureRequest, tmp_path, postgres_url, pg_engine, httpserver: HTTPServer
) -> Iterator[Container]:
    """One vendor alone, its SDK pointed at a local fake that answers with a gaps section."""
    path, answer, options = VENDORS[request.param]
    httpserver.expect_request(path, method="POST").respond_with_json(answer())
    urls = {key: httpserver.url_for(value) for key, value in options.items() if "url" in key}
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        mail_delivery="direct",
        ai_providers=request.param,
        ai_max_retries=0,
        anthropic_model="claude-test",
        **(options | urls),
    )
    container = build_container(settings)
    yield container
    container.documents.renderer().close()
    container.infra.engine().dispose()


def test_a_vendors_gaps_section_is_taken_out_of_its_cv_and_kept_as_data(
    vendor_container, pg_engine
) -> None:
    client = testing.TestClient(vendor_container.http.app())
    person = bearer(sign_up(client)["access"])

    done = finished(client, vendor_container, person)

    assert done["provider"] in VENDORS
    name, _, body = ANSWERED_CV.partition("\n\n")  # the contact line is put back between
    assert done["response_text"].startswith(f"{name}\n\n")
    assert done["response_text"].rstrip("\n").endswith(body)
    assert "Gaps to address" not in done["response_text"]
    assert done["gaps"] == ["Kubernetes", "Terraform"]
    text = pdf_text(client, vendor_container, pg_engine, person, done["id"])
    assert "Led the rewrite of the settlement service." in text
    assert "Gaps to address" not in text
    assert "Kubernetes" not in text


def test_the_schema_describes_the_gaps(client) -> None:
    schemas = client.simulate_get("/schema/").json["components"]["schemas"]
    gaps = schemas["ImprovementOut"]["properties"]["gaps"]
    assert gaps["type"] == "array"
    assert gaps["items"] == {"type": "string"}
    assert "never part of the CV" in gaps["description"]
