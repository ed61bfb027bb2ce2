"""A person's data rights over HTTP on PostgreSQL: the export holds everything the service
keeps about them, and deleting the account leaves nothing of them, rows or files."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from falcon import testing
from sqlalchemy import Engine, String, Text, func, select

from cvimprover.adapters.db import tables
from cvimprover.adapters.http.resources import personal_data
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_cvs import PROMPT, SAMPLES, upload
from tests.support.fixtures import make_settings

RESUME = SAMPLES / "software_engineer.pdf"


@pytest.fixture
def settings(tmp_path, postgres_url, pg_engine):
    """Mails are queued (and never delivered here): rows that carry the address."""
    return make_settings(tmp_path, database_url=postgres_url, mail_delivery="queued")


def a_person_with_everything(client: testing.TestClient, container, name: str) -> dict:
    """Signed up, with a questionnaire and its CV, an AI result and a PDF of it."""
    auth = sign_up(client, name)
    headers = bearer(auth["access"])
    questionnaire = upload(client, headers).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": questionnaire, "prompt": PROMPT},
        headers=headers,
    ).json["id"]
    container.cvs.run_improvement().execute(job)
    client.simulate_post(f"/cv/ai-responses/{job}/generate-pdf/", headers=headers)
    pdf_url = client.simulate_get(f"/cv/ai-responses/{job}/", headers=headers).json
    render_id = _latest_render(container)
    container.cvs.run_pdf_render().execute(render_id)
    assert pdf_url["pdf_status"] == "queued"
    return {
        "headers": headers,
        "id": auth["user"]["pk"],
        "username": name,
        "email": f"{name}@example.com",
        "questionnaire": questionnaire,
        "job": job,
        "render": render_id,
    }


def _latest_render(container) -> int:
    with container.infra.engine().connect() as connection:
        return int(connection.scalar(select(func.max(tables.pdf_renders.c.id))))


def exported(client, person) -> tuple[testing.Result, zipfile.ZipFile, dict]:
    result = client.simulate_get("/auth/user/export/", headers=person["headers"])
    assert result.status_code == 200, result.text
    archive = zipfile.ZipFile(io.BytesIO(result.content))
    return result, archive, json.loads(archive.read("data.json"))


def test_the_export_is_one_zip_download_of_everything(client, container) -> None:
    jane = a_person_with_everything(client, container, "jane")
    a_person_with_everything(client, container, "bob")

    result, archive, data = exported(client, jane)

    assert result.headers["content-type"] == "application/zip"
    disposition = result.headers["content-disposition"]
    assert disposition.startswith(f'attachment; filename="cvimprover-data-{jane["id"]}-')
    assert result.headers["cache-control"] == "private, no-store"
    assert result.headers["content-length"] == str(len(result.content))  # streamed from a spool
    assert data["profile"]["email"] == "jane@example.com"
    assert data["profile"]["plan_name"] == "Free"
    assert "stripe_subscription_status" in data["profile"]
    [questionnaire] = data["questionnaires"]
    assert questionnaire["id"] == jane["questionnaire"]
    assert "Jane" in questionnaire["resume_text"]
    assert questionnaire["structured_cv"]["basics"]["name"] == "Jane Doe"  # JSON, not text
    [job] = data["ai_responses"]
    assert (job["id"], job["status"]) == (jane["job"], "succeeded")
    assert job["response_text"]
    [render] = data["pdf_renders"]
    assert (render["id"], render["status"]) == (jane["render"], "succeeded")
    assert len(data["sessions"]) == 1
    assert data["usage"]["plan_in_force"] == "Free"
    quotas = {quota["scope"]: quota for quota in data["usage"]["quotas"]}
    assert quotas["ai_responses"]["used"] == 1
    resume_name = f"files/questionnaire-{jane['questionnaire']}-resume.pdf"
    pdf_name = f"files/ai-response-{jane['job']}-pdf-{jane['render']}.pdf"
    assert data["files"] == sorted([resume_name, pdf_name])
    assert data["missing_files"] == []
    assert sorted(archive.namelist()) == sorted(["data.json", resume_name, pdf_name])
    assert archive.read(resume_name) == RESUME.read_bytes()
    assert archive.read(pdf_name).startswith(b"%PDF-")


def test_the_export_holds_no_secrets_and_nobody_elses_data(client, container) -> None:
    jane = a_person_with_everything(client, container, "jane")
    a_person_with_everything(client, container, "bob")

    _, _, data = exported(client, jane)

    text = json.dumps(data)
    for secret in ("password_hash", "argon2", "digest", "jti", "family_id", "resume_key"):
        assert secret not in text
    assert "bob" not in text
    assert {
        row["user_id"]
        for rows in data.values()
        if isinstance(rows, list)
        for row in rows
        if isinstance(row, dict)
    } == {jane["id"]}


def test_a_file_gone_from_storage_is_listed_not_fatal(client, container, settings) -> None:
    jane = a_person_with_everything(client, container, "jane")
    for path in Path(settings.resolved_storage_dir).rglob("*"):
        if path.is_file():
            path.unlink()

    _, archive, data = exported(client, jane)

    assert len(data["missing_files"]) == 2
    assert archive.namelist() == ["data.json"]


def test_an_export_bigger_than_its_memory_spool_comes_whole_from_disk(
    client, container, monkeypatch
) -> None:
    monkeypatch.setattr(personal_data, "IN_MEMORY_BYTES", 1024)  # the CV alone is bigger
    jane = a_person_with_everything(client, container, "jane")

    _, archive, data = exported(client, jane)

    assert archive.testzip() is None
    assert archive.read(f"files/questionnaire-{jane['questionnaire']}-resume.pdf") == (
        RESUME.read_bytes()
    )
    assert len(data["files"]) == 2


def test_the_export_needs_a_signed_in_person(client) -> None:
    assert_problem(client.simulate_get("/auth/user/export/"), 401)


def _rows_naming(engine: Engine, person: dict, owned: dict[str, set[int]]) -> list[str]:
    """Every place in the database that still points at the person or their rows, or
    holds their username or e-mail in any text column."""
    found = []
    with engine.connect() as connection:
        for table in tables.metadata.sorted_tables:
            if "user_id" in table.c:
                query = select(func.count()).where(table.c.user_id == person["id"])
                found += [f"{table.name}.user_id"] * connection.scalar(query)
            if table.name in owned:
                query = select(func.count()).where(table.c.id.in_(owned[table.name]))
                found += [f"{table.name}.id"] * connection.scalar(query)
            for column in table.c:
                for key in column.foreign_keys:
                    ids = owned.get(key.column.table.name, set())
                    count = connection.scalar(select(func.count()).where(column.in_(ids)))
                    found += [f"{table.name}.{column.name}"] * count
                if isinstance(column.type, String | Text):
                    for needle in (person["username"], person["email"]):
                        query = select(func.count()).where(
                            func.lower(column).contains(needle.lower())
                        )
                        found += [f"{table.name}.{column.name}~{needle}"] * connection.scalar(query)
    return found


def _owned_ids(engine: Engine, user_id: int) -> dict[str, set[int]]:
    owned = {"users": {user_id}}
    with engine.connect() as connection:
        for table in tables.metadata.sorted_tables:
            if "user_id" in table.c and "id" in table.c:
                query = select(table.c.id).where(table.c.user_id == user_id)
                owned[table.name] = set(connection.scalars(query))
    return owned


def _stored_files(settings) -> set[str]:
    root = Path(settings.resolved_storage_dir)
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_deleting_the_account_leaves_nothing_of_the_person(
    client, container, settings, pg_engine
) -> None:
    # Names that the sample CV's text does not contain.
    jane = a_person_with_everything(client, container, "erased_one")
    bob = a_person_with_everything(client, container, "kept_one")
    owned = _owned_ids(pg_engine, jane["id"])
    assert all(owned[name] for name in ("questionnaires", "ai_responses", "pdf_renders"))
    assert _rows_naming(pg_engine, jane, owned)  # the check does find her before
    _, _, bob_data = exported(client, bob)
    files_before = _stored_files(settings)
    assert len(files_before) == 4

    deleted = client.simulate_delete("/auth/user/", headers=jane["headers"])

    assert deleted.status_code == 204
    assert _rows_naming(pg_engine, jane, owned) == []
    with pg_engine.connect() as connection:
        bob_keys = set(
            connection.scalars(
                select(tables.questionnaires.c.resume_key)
                .where(tables.questionnaires.c.user_id == bob["id"])
                .union(
                    select(tables.pdf_renders.c.file_key).where(
                        tables.pdf_renders.c.user_id == bob["id"]
                    )
                )
            )
        )
    assert _stored_files(settings) == bob_keys
    assert len(bob_keys) == 2
    _, _, bob_after = exported(client, bob)
    assert bob_after["ai_responses"] == bob_data["ai_responses"]
    assert_problem(client.simulate_get("/auth/user/", headers=jane["headers"]), 401)
