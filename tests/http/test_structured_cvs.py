"""A questionnaire's CV as data over HTTP, on PostgreSQL: read from the uploaded PDF,
corrected by its owner with a PUT that the JSON Resume schema checks, hidden from others."""

import pytest
from falcon import testing
from sqlalchemy import text

from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_cvs import FIELDS, upload

CORRECTED = {
    "basics": {"name": "Jane Doe", "email": "jane@example.com", "label": "Staff Engineer"},
    "work": [{"name": "Acme Payments Ltd", "position": "Staff Engineer", "startDate": "2021-03"}],
    "meta": {"x-sections": [{"title": "Talks", "lines": ["PyCon UK 2022"]}]},
}


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def structured_cv_of(client: testing.TestClient, headers: dict[str, str]) -> str:
    created = upload(client, headers)
    assert created.status_code == 201, created.text
    return f"/cv/questionnaire/{created.json['id']}/structured-cv/"


def test_the_uploaded_cv_is_read_into_json_resume(client, person) -> None:
    found = client.simulate_get(structured_cv_of(client, person), headers=person)
    assert found.status_code == 200, found.text
    assert found.headers["cache-control"] == "private, no-store"
    cv = found.json
    assert {key: cv["basics"][key] for key in ("name", "email", "phone")} == {
        "name": "Jane Doe", "email": "jane.doe@example.com", "phone": "+44 20 7946 0958"
    }  # fmt: skip
    assert [(job["name"], job["startDate"]) for job in cv["work"]] == [
        ("Acme Payments Ltd", "2021"), ("Parcelly GmbH", "2018")
    ]  # fmt: skip
    assert cv["education"][0]["institution"] == "University of Manchester"


def test_a_valid_put_replaces_it_and_keeps_the_uploaded_text(client, person, pg_engine) -> None:
    path = structured_cv_of(client, person)
    replaced = client.simulate_put(path, json=CORRECTED, headers=person)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json == CORRECTED
    assert client.simulate_get(path, headers=person).json == CORRECTED
    questionnaire_id = int(path.split("/")[3])
    with pg_engine.connect() as connection:
        kept = connection.execute(
            text("SELECT resume_text FROM questionnaires WHERE id = :id"), {"id": questionnaire_id}
        ).scalar_one()
    assert kept.startswith("Jane Doe")


def test_an_invalid_put_names_every_problem_by_its_path_and_changes_nothing(client, person) -> None:
    path = structured_cv_of(client, person)
    before = client.simulate_get(path, headers=person).json
    invalid = {
        "basics": {"email": "not an address", "name": 7},
        "work": [{"name": "Acme", "startDate": "03/2019"}],
        "hobbies": ["chess"],
    }
    body = assert_problem(client.simulate_put(path, json=invalid, headers=person), 422)
    assert sorted(body["errors"]) == [
        "$", "$.basics.email", "$.basics.name", "$.work[0].startDate"
    ]  # fmt: skip
    assert "'hobbies' was unexpected" in body["errors"]["$"][0]
    assert "YYYY-MM" in body["errors"]["$.work[0].startDate"][0]
    assert client.simulate_get(path, headers=person).json == before


def test_a_put_that_is_not_a_json_object_is_refused(client, person) -> None:
    path = structured_cv_of(client, person)
    assert_problem(client.simulate_put(path, json=["a", "list"], headers=person), 422)
    not_json = client.simulate_put(
        path, body="{", headers=person | {"Content-Type": "application/json"}
    )
    assert_problem(not_json, 400)
    form = client.simulate_put(
        path, body="a=b", headers=person | {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert_problem(form, 415)


def test_someone_elses_structured_cv_answers_404_to_every_method(client, person) -> None:
    path = structured_cv_of(client, bearer(sign_up(client)["access"]))
    assert_problem(client.simulate_get(path, headers=person), 404)
    assert_problem(client.simulate_put(path, json=CORRECTED, headers=person), 404)
    assert_problem(client.simulate_get(path), 401)


def test_a_questionnaire_without_a_cv_has_none_until_its_owner_puts_one(client, person) -> None:
    created = client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=person)
    path = f"/cv/questionnaire/{created.json['id']}/structured-cv/"
    assert_problem(client.simulate_get(path, headers=person), 404)
    assert client.simulate_put(path, json=CORRECTED, headers=person).status_code == 200
    assert client.simulate_get(path, headers=person).json == CORRECTED


def test_a_cv_uploaded_before_cvs_were_read_as_data_is_read_when_asked(
    client, person, pg_engine
) -> None:
    path = structured_cv_of(client, person)
    with pg_engine.begin() as connection:
        connection.execute(
            text("UPDATE questionnaires SET structured_cv = NULL WHERE id = :id"),
            {"id": int(path.split("/")[3])},
        )
    assert client.simulate_get(path, headers=person).json["basics"]["name"] == "Jane Doe"


def test_the_openapi_document_describes_it_with_the_json_resume_schema(client) -> None:
    document = client.simulate_get("/schema/").json
    item = document["paths"]["/cv/questionnaire/{questionnaire_id}/structured-cv/"]
    resume = {"$ref": "#/components/schemas/Resume"}
    assert item["get"]["responses"]["200"]["content"]["application/json"]["schema"] == resume
    assert item["put"]["requestBody"]["content"]["application/json"]["schema"] == resume
    assert "422" in item["put"]["responses"]
    schemas = document["components"]["schemas"]
    assert schemas["Resume"]["properties"]["work"]["items"]["properties"]["startDate"] == {
        "$ref": "#/components/schemas/ResumeDate"
    }
    assert "pattern" in schemas["ResumeDate"]
