"""Questionnaires, CV uploads and AI responses over HTTP, on PostgreSQL with real PDFs."""

import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from falcon import testing
from sqlalchemy import text
from weasyprint import HTML

from tests.http.helpers import assert_problem, bearer, sign_up

SAMPLES = Path(__file__).parents[1] / "data" / "cvs"
FIELDS = {
    "position": "Backend Engineer",
    "industry": "Fintech",
    "experience_level": "3-5",
    "company_size": "startup",
    "application_timeline": "immediate",
    "job_description": "We need Python, PostgreSQL, Kubernetes and Terraform experience.",
}
PROMPT = "Tailor my CV to this backend role, please."


def multipart(
    fields: dict[str, str], pdf: bytes | None, filename: str | None = "cv.pdf"
) -> tuple[bytes, str]:
    boundary = "cvimprover-test-boundary"
    chunks = []
    for name, value in fields.items():
        disposition = f'Content-Disposition: form-data; name="{name}"'
        chunks.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
    if pdf is not None:
        disposition = 'Content-Disposition: form-data; name="resume"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        head = f"--{boundary}\r\n{disposition}\r\nContent-Type: application/pdf\r\n\r\n"
        chunks.append(head.encode() + pdf + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def upload(client, headers, pdf_name: str = "software_engineer.pdf", **fields) -> testing.Result:
    body, content_type = multipart(FIELDS | fields, (SAMPLES / pdf_name).read_bytes())
    return client.simulate_post(
        "/cv/questionnaire/", body=body, headers=headers | {"Content-Type": content_type}
    )


def test_a_questionnaire_with_a_pdf_is_created_and_its_file_downloadable(client, person) -> None:
    created = upload(client, person)
    assert created.status_code == 201, created.text
    body = created.json
    assert created.headers["location"] == f"/cv/questionnaire/{body['id']}/"
    assert body["resume"] == f"/cv/questionnaire/{body['id']}/resume/"
    download = client.simulate_get(body["resume"], headers=person)
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert "attachment" in download.headers["content-disposition"]
    assert download.content == (SAMPLES / "software_engineer.pdf").read_bytes()


def test_a_cv_part_without_a_file_name_is_the_cv_all_the_same(client, person) -> None:
    pdf = (SAMPLES / "software_engineer.pdf").read_bytes()
    body, content_type = multipart(FIELDS, pdf, filename=None)
    created = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=person | {"Content-Type": content_type}
    )
    assert created.status_code == 201, created.text
    assert created.json["resume_name"] == "cv.pdf"
    assert client.simulate_get(created.json["resume"], headers=person).content == pdf


def test_a_json_questionnaire_strips_html(client, person) -> None:
    result = client.simulate_post(
        "/cv/questionnaire/",
        json=FIELDS | {"position": "<b>Backend</b> Engineer<script>x()</script>"},
        headers=person,
    )
    assert result.status_code == 201
    assert result.json["position"] == "Backend Engineer"
    assert result.json["resume"] is None


@pytest.mark.parametrize(
    ("sample", "words"),
    [("image_only.pdf", "text"), ("encrypted.pdf", "password"), ("corrupt.pdf", "")],
)
def test_unreadable_pdfs_get_a_clear_422(client, person, sample: str, words: str) -> None:
    body = assert_problem(upload(client, person, sample), 422)
    assert body["errors"]["resume"]
    assert words in body["errors"]["resume"][0].lower()
    assert client.simulate_get("/cv/questionnaire/", headers=person).json == []


def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(client, person) -> None:
    body, content_type = multipart(FIELDS, b"\x89PNG\r\n\x1a\n not a pdf", filename="cv.pdf")
    result = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=person | {"Content-Type": content_type}
    )
    assert "resume" in assert_problem(result, 422)["errors"]


def test_a_cv_over_10_mb_is_a_413(client, person) -> None:
    body, content_type = multipart(FIELDS, b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 + 1))
    result = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=person | {"Content-Type": content_type}
    )
    assert_problem(result, 413)


def test_lists_are_newest_first_with_a_link_to_the_next_page(client, person) -> None:
    ids = [
        client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=person).json["id"]
        for _ in range(3)
    ]
    first = client.simulate_get("/cv/questionnaire/", params={"limit": 2}, headers=person)
    assert [item["id"] for item in first.json] == ids[:0:-1]
    link = first.headers["link"]
    assert 'rel="next"' in link
    next_url = urlsplit(link.split(">")[0].lstrip("<"))
    path, query = next_url.path, next_url.query
    second = client.simulate_get(path, query_string=query, headers=person)
    assert [item["id"] for item in second.json] == [ids[0]]
    assert "link" not in second.headers


def test_every_method_on_someone_elses_questionnaire_answers_404(client, person) -> None:
    theirs = upload(client, bearer(sign_up(client)["access"])).json["id"]
    path = f"/cv/questionnaire/{theirs}/"
    assert_problem(client.simulate_get(path, headers=person), 404)
    assert_problem(client.simulate_patch(path, json={"position": "X"}, headers=person), 404)
    assert_problem(client.simulate_put(path, json=FIELDS, headers=person), 404)
    assert_problem(client.simulate_delete(path, headers=person), 404)
    assert_problem(client.simulate_get(path + "resume/", headers=person), 404)
    request = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": theirs, "prompt": PROMPT}, headers=person
    )
    assert_problem(request, 404)


def test_an_improvement_is_accepted_run_by_a_worker_and_read(client, person, container) -> None:
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    assert accepted.status_code == 202
    job = accepted.json
    assert job["status"] == "queued"
    assert accepted.headers["location"] == f"/cv/ai-responses/{job['id']}/"
    container.cvs.run_improvement().execute(job["id"])  # what a worker does with the message
    done = client.simulate_get(accepted.headers["location"], headers=person).json
    assert done["status"] == "succeeded"
    assert done["provider"] == "local"
    assert done["response_text"].startswith("#")
    assert "Gaps to address" not in done["response_text"]
    assert "Terraform" in done["gaps"]
    assert "removed]" not in done["response_text"]
    stranger = bearer(sign_up(client)["access"])
    assert_problem(client.simulate_get(accepted.headers["location"], headers=stranger), 404)


GERMAN_CV = """
<h1>Max Mustermann</h1>
<p>Hauptstraße 12, 10115 Berlin</p>
<p>Tel.: 0171/2345678 | E-Mail: max.mustermann@example.de</p>
<p>Geburtsdatum: 2. Mai 1988 | Familienstand: ledig</p>
<h2>Berufserfahrung</h2>
<p>04.2016 - 03.2019 Softwareentwickler, Acme GmbH, Berlin</p>
<ul><li>Budget von 12 000 000 EUR verantwortet</li></ul>
<h2>Ausbildung</h2>
<p>10.2010 - 09.2015 M.Sc. Informatik, TU München</p>
"""


def improved(client, person, container, pdf: bytes) -> str:
    body, content_type = multipart(FIELDS, pdf)
    created = client.simulate_post(
        "/cv/questionnaire/", body=body, headers=person | {"Content-Type": content_type}
    )
    accepted = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": created.json["id"], "prompt": PROMPT},
        headers=person,
    )
    container.cvs.run_improvement().execute(accepted.json["id"])
    done = client.simulate_get(accepted.headers["location"], headers=person).json
    assert done["status"] == "succeeded", done
    return done["response_text"]


def test_the_improved_cv_starts_with_the_persons_name_and_contact_line(
    client, person, container
) -> None:
    markdown = improved(client, person, container, (SAMPLES / "software_engineer.pdf").read_bytes())
    assert markdown.startswith(
        "# Jane Doe\n\nLondon, United Kingdom · jane.doe@example.com · +44 20 7946 0958\n\n## "
    )
    assert markdown.count("Jane Doe") == 1


def test_a_german_cv_keeps_its_contact_line_and_dates_and_loses_its_birth_date(
    client, person, container
) -> None:
    markdown = improved(client, person, container, HTML(string=GERMAN_CV).write_pdf())
    assert markdown.startswith(
        "# Max Mustermann\n\nBerlin · max.mustermann@example.de · 0171/2345678\n\n"
    )
    assert "04.2016 - 03.2019 Softwareentwickler, Acme GmbH, Berlin" in markdown
    assert "12 000 000 EUR" in markdown
    for personal in ("Hauptstraße", "Mai 1988", "ledig", "removed]"):
        assert personal not in markdown


def test_no_improvement_without_a_cv(client, person) -> None:
    questionnaire = client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=person).json[
        "id"
    ]
    result = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    assert "questionnaire" in assert_problem(result, 422)["errors"]


def test_deleting_a_questionnaire_removes_its_file(client, person, settings) -> None:
    created = upload(client, person).json
    files = settings.resolved_storage_dir
    assert any(files.rglob("*"))
    assert (
        client.simulate_delete(f"/cv/questionnaire/{created['id']}/", headers=person).status_code
        == 204
    )
    assert not [path for path in files.rglob("*") if path.is_file()]


def test_deleting_the_account_removes_its_questionnaires_jobs_and_files(
    client, person, settings, pg_engine
) -> None:
    questionnaire = upload(client, person).json["id"]
    client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    )
    assert client.simulate_delete("/auth/user/", headers=person).status_code == 204
    files = settings.resolved_storage_dir
    assert not [path for path in files.rglob("*") if path.is_file()]
    with pg_engine.connect() as connection:
        for table in ("users", "questionnaires", "ai_responses", "refresh_sessions"):
            assert connection.scalar(text(f"SELECT count(*) FROM {table}")) == 0  # noqa: S608


def test_prefer_wait_returns_the_finished_job_as_soon_as_a_worker_is_done(
    client, person, container
) -> None:
    questionnaire = upload(client, person).json["id"]
    accepted = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json
    worker = threading.Timer(0.5, container.cvs.run_improvement().execute, args=[accepted["id"]])
    worker.start()
    waited = client.simulate_get(
        f"/cv/ai-responses/{accepted['id']}/", headers=person | {"Prefer": "wait=10"}
    )
    worker.join()
    assert waited.json["status"] == "succeeded"


def test_prefer_wait_gives_up_with_the_job_still_queued(client, person) -> None:
    questionnaire = upload(client, person).json["id"]
    result = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire, "prompt": PROMPT},
        headers=person | {"Prefer": "wait=1"},
    )
    assert result.status_code == 202
    assert result.json["status"] == "queued"
