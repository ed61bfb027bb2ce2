"""The structured CV is checked against the JSON Resume v1.0.0 schema shipped in the
package: every problem is named by its JSONPath, in document order."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from cvimprover.adapters.documents.jsonschema_resume_validator import (
    JsonSchemaResumeValidator,
    resume_schema,
)
from cvimprover.core.cvs.resume import Resume, ResumeProblem, extra_sections

ROOT = Path(__file__).parents[2]
VALID: Resume = {
    "basics": {
        "name": "Anna Schmidt",
        "email": "anna.schmidt@example.de",
        "phone": "+49 171 2345678",
        "url": "https://anna.example.de",
        "location": {"city": "Berlin", "countryCode": "DE"},
        "profiles": [{"network": "LinkedIn", "url": "https://www.linkedin.com/in/annaschmidt"}],
    },
    "work": [{"name": "Acme GmbH", "position": "Engineer", "startDate": "2019-03"}],
    "education": [{"institution": "TU Berlin", "studyType": "M.Sc.", "endDate": "2016"}],
    "skills": [{"name": "Languages", "keywords": ["Python", "Go"]}],
    "meta": {"x-sections": [{"title": "Conferences", "lines": ["PyCon DE 2022"]}]},
}


def test_the_schema_is_json_resume_1_0_0_with_its_sections() -> None:
    schema = resume_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert set(schema["properties"]) == {
        "$schema", "basics", "work", "volunteer", "education", "awards", "certificates",
        "publications", "skills", "languages", "interests", "references", "projects", "meta",
    }  # fmt: skip
    assert schema["additionalProperties"] is False


def test_a_complete_resume_has_no_problems() -> None:
    assert JsonSchemaResumeValidator().problems(VALID) == []
    assert extra_sections(VALID) == [{"title": "Conferences", "lines": ["PyCon DE 2022"]}]


def test_every_problem_is_named_by_its_path_in_document_order() -> None:
    document = {
        "basics": {"email": "not an address", "url": "anna.example.de", "name": 5},
        "work": [{"startDate": "03/2019"}, {"highlights": ["ok", 7]}],
        "hobbies": [],
        "meta": {"x-sections": [{"title": "Talks"}]},
    }
    problems = JsonSchemaResumeValidator().problems(document)
    assert [problem.path for problem in problems] == [
        "$",
        "$.basics.email",
        "$.basics.name",
        "$.basics.url",
        "$.meta['x-sections'][0]",
        "$.work[0].startDate",
        "$.work[1].highlights[1]",
    ]
    assert ResumeProblem("$.work[0].startDate", "'03/2019' is not a date: write YYYY, "
                         "YYYY-MM or YYYY-MM-DD.") in problems  # fmt: skip
    assert "'hobbies' was unexpected" in problems[0].message


@pytest.mark.parametrize("date", ["2019", "2019-03", "2019-03-31"])
def test_a_date_is_a_year_a_month_or_a_day(date: str) -> None:
    assert JsonSchemaResumeValidator().problems({"work": [{"startDate": date}]}) == []


@pytest.mark.parametrize("document", [[], "cv", None, 3])
def test_a_document_that_is_no_object_is_one_problem(document: object) -> None:
    assert [p.path for p in JsonSchemaResumeValidator().problems(document)] == ["$"]


def test_the_wheel_ships_the_schema_file(tmp_path: Path) -> None:
    uv = shutil.which("uv") or str(ROOT / ".tools" / "uv" / "bin" / "uv")
    subprocess.run(  # noqa: S603  # uv, on our own project
        [uv, "build", "--wheel", "--quiet", "--out-dir", str(tmp_path), str(ROOT)], check=True
    )
    [wheel] = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("cvimprover/adapters/documents/schemas/jsonresume-1.0.0.json")
    assert json.loads(shipped) == resume_schema()
