"""PDFs of improved CVs over HTTP, on PostgreSQL, rendered by the real renderer."""

import threading

import pytest
from falcon import testing
from sqlalchemy import Engine, text
from weasyprint import HTML

from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_cvs import FIELDS, PROMPT, SAMPLES, multipart, upload
from tests.support.pdfs import reader, whole_text


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def improved(client: testing.TestClient, person: dict[str, str], container, *, run=True) -> int:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json["id"]
    if run:
        container.cvs.run_improvement().execute(job)
    return job


def latest_render_id(pg_engine: Engine) -> int:
    with pg_engine.connect() as connection:
        return int(connection.scalar(text("SELECT max(id) FROM pdf_renders")))


def generate(client, person, job_id: int, **options: str) -> testing.Result:
    path = f"/cv/ai-responses/{job_id}/generate-pdf/"
    return client.simulate_post(path, json=options or None, headers=person)


def test_a_pdf_is_queued_rendered_and_downloaded_by_its_owner(
    client, person, container, pg_engine
) -> None:
    job = improved(client, person, container)
    accepted = generate(client, person, job, template="modern", page_size="Letter")
    assert accepted.status_code == 202, accepted.text
    assert accepted.headers["location"] == f"/cv/ai-responses/{job}/"
    body = accepted.json
    assert (body["id"], body["status"], body["pdf_status"]) == (job, "succeeded", "queued")
    assert (body["pdf_template"], body["pdf_page_size"]) == ("modern", "Letter")
    assert (body["pdf_url"], body["pdf_error"]) == (None, None)

    render_id = latest_render_id(pg_engine)
    container.cvs.run_pdf_render().execute(render_id)  # what a worker does with the message

    done = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert done["pdf_status"] == "succeeded"
    assert done["pdf_url"] == f"/cv/ai-responses/{job}/pdfs/{render_id}/"
    listed = client.simulate_get("/cv/ai-responses/", headers=person).json
    assert listed[0]["pdf_url"] == done["pdf_url"]
    download = client.simulate_get(done["pdf_url"], headers=person)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == (
        f'attachment; filename="cv-{job}-modern-letter.pdf"'
    )
    assert download.headers["cache-control"] == "private, no-store"
    assert download.headers["x-content-type-options"] == "nosniff"
    metadata = reader(download.content).metadata
    assert metadata is not None
    assert metadata.author == "Jane Doe"
    assert metadata.title == "Jane Doe \u2013 CV for Backend Engineer"
    assert whole_text(download.content).startswith("Jane Doe")


def test_without_a_body_the_pdf_is_classic_on_a4(client, person, container) -> None:
    job = improved(client, person, container)
    result = client.simulate_post(f"/cv/ai-responses/{job}/generate-pdf/", headers=person)
    assert result.status_code == 202, result.text
    assert (result.json["pdf_template"], result.json["pdf_page_size"]) == ("classic", "A4")


def test_an_improvement_that_has_not_succeeded_has_no_pdf_yet(client, person, container) -> None:
    job = improved(client, person, container, run=False)
    problem = assert_problem(generate(client, person, job), 409)
    assert "not finished yet" in problem["detail"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"template": "fancy"}, "template"),
        ({"page_size": "A3"}, "page_size"),
        ({"template": "classic", "colour": "red"}, "colour"),
        (["classic"], "non_field_errors"),
    ],
)
def test_bad_options_are_a_422_naming_the_field(client, person, container, body, field) -> None:
    job = improved(client, person, container)
    result = client.simulate_post(
        f"/cv/ai-responses/{job}/generate-pdf/", json=body, headers=person
    )
    assert field in assert_problem(result, 422)["errors"]


def test_a_body_that_is_not_json_is_refused(client, person, container) -> None:
    job = improved(client, person, container)
    path = f"/cv/ai-responses/{job}/generate-pdf/"
    malformed = client.simulate_post(path, body="{", headers=person)
    assert_problem(malformed, 400)
    form = client.simulate_post(
        path, body="template=x", headers=person | {"Content-Type": "text/plain"}
    )
    assert_problem(form, 415)


def test_another_persons_improvement_and_pdf_answer_404(
    client, person, container, pg_engine
) -> None:
    job = improved(client, person, container)
    generate(client, person, job)
    render_id = latest_render_id(pg_engine)
    container.cvs.run_pdf_render().execute(render_id)
    pdf_url = f"/cv/ai-responses/{job}/pdfs/{render_id}/"
    assert client.simulate_get(pdf_url, headers=person).status_code == 200
    stranger = bearer(sign_up(client)["access"])
    assert_problem(generate(client, stranger, job), 404)
    assert_problem(client.simulate_get(pdf_url, headers=stranger), 404)
    other_job = improved(client, person, container)
    assert_problem(
        client.simulate_get(f"/cv/ai-responses/{other_job}/pdfs/{render_id}/", headers=person), 404
    )
    assert_problem(client.simulate_get(pdf_url), 401)


def test_a_pdf_still_queued_has_no_file_yet(client, person, container, pg_engine) -> None:
    job = improved(client, person, container)
    generate(client, person, job)
    path = f"/cv/ai-responses/{job}/pdfs/{latest_render_id(pg_engine)}/"
    assert "queued" in assert_problem(client.simulate_get(path, headers=person), 409)["detail"]


def test_another_template_makes_another_file_and_the_uploaded_cv_is_kept(
    client, person, container, pg_engine, settings
) -> None:
    job = improved(client, person, container)
    urls = []
    for template in ("classic", "modern", "classic"):
        assert generate(client, person, job, template=template).status_code == 202
        container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
        urls.append(client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json["pdf_url"])
    assert len(set(urls)) == 3
    downloads = [client.simulate_get(url, headers=person) for url in urls]
    assert [download.status_code for download in downloads] == [200, 200, 200]
    assert downloads[0].headers["content-disposition"].endswith('classic-a4.pdf"')
    assert downloads[1].headers["content-disposition"].endswith('modern-a4.pdf"')
    questionnaire = client.simulate_get("/cv/questionnaire/", headers=person).json[0]
    resume = client.simulate_get(questionnaire["resume"], headers=person)
    assert resume.content == (SAMPLES / "software_engineer.pdf").read_bytes()
    files = [path for path in settings.resolved_storage_dir.rglob("*") if path.is_file()]
    assert len(files) == 4  # the CV and three PDFs


def test_deleting_the_account_deletes_its_pdfs(
    client, person, container, pg_engine, settings
) -> None:
    job = improved(client, person, container)
    generate(client, person, job)
    container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204
    assert not [path for path in settings.resolved_storage_dir.rglob("*") if path.is_file()]
    with pg_engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM pdf_renders")) == 0


def test_prefer_wait_answers_with_the_finished_pdf(client, person, container, pg_engine) -> None:
    job = improved(client, person, container)

    def worker() -> None:
        container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))

    later = threading.Timer(0.5, worker)
    later.start()
    result = client.simulate_post(
        f"/cv/ai-responses/{job}/generate-pdf/", headers=person | {"Prefer": "wait=20"}
    )
    later.join()
    assert result.status_code == 200, result.text
    assert result.json["pdf_status"] == "succeeded"
    assert result.json["pdf_url"]


def test_the_schema_describes_asking_for_a_pdf_and_downloading_it(client) -> None:
    document = client.simulate_get("/schema/").json
    paths, schemas = document["paths"], document["components"]["schemas"]
    ask = paths["/cv/ai-responses/{response_id}/generate-pdf/"]["post"]
    assert ask["requestBody"]["required"] is False
    assert ask["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PdfIn"
    }
    assert schemas["PdfIn"]["properties"]["template"]["enum"] == ["classic", "modern"]
    assert schemas["PdfIn"]["properties"]["page_size"]["enum"] == ["A4", "Letter"]
    assert {"202", "404", "409", "415", "422"} <= set(ask["responses"])
    improvement = schemas["ImprovementOut"]["properties"]
    assert {"pdf_status", "pdf_url", "pdf_error", "pdf_template", "pdf_page_size"} <= set(
        improvement
    )
    download = paths["/cv/ai-responses/{response_id}/pdfs/{pdf_id}/"]["get"]
    ok = download["responses"]["200"]
    assert ok["content"] == {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
    assert "Content-Disposition" in ok["headers"]
    assert {"401", "404", "409"} <= set(download["responses"])
    assert download["security"] == [{"bearer": []}, {"cookie": []}]


LONG_CV = "<h1>Jane Doe</h1><p>jane.doe@example.com | +44 20 7946 0958 | London</p>" + (
    "<h2>Experience</h2>"
    + "".join(
        f"<p>Engineer at Company {job}, {2000 + job} - {2001 + job}</p><ul>"
        + "".join(
            f"<li>Built and ran service {job}.{n}, which handled many payments every day for "
            "many customers across the country and abroad, reliably and fast</li>"
            for n in range(6)
        )
        + "</ul>"
        for job in range(8)
    )
    + "<h2>Education</h2><p>BSc Computer Science, University of Leeds, 1996 - 1999</p>"
)


def pdf_pages(client, person, container, pg_engine, prompt: str) -> tuple[int, str]:
    body, content_type = multipart(FIELDS, HTML(string=LONG_CV).write_pdf())
    questionnaire = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=person | {"Content-Type": content_type}
    ).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": prompt}, headers=person
    ).json["id"]
    container.cvs.run_improvement().execute(job)
    generate(client, person, job)
    container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
    done = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    pdf = client.simulate_get(done["pdf_url"], headers=person).content
    return len(reader(pdf).pages), whole_text(pdf)


def test_a_person_who_asks_for_one_page_gets_a_pdf_of_one_page_with_every_job(
    client, person, container, pg_engine
) -> None:
    assert pdf_pages(client, person, container, pg_engine, PROMPT)[0] >= 2
    pages, text = pdf_pages(client, person, container, pg_engine, "Please keep it to one page.")
    assert pages == 1
    assert text.startswith("Jane Doe")
    assert all(f"Engineer at Company {job}, {2000 + job}" in text for job in range(8))
