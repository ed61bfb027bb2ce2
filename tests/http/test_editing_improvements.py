"""The owner edits an improved CV before asking for its PDF, over HTTP on PostgreSQL."""

import pytest
from falcon import testing

from cvimprover.core.cvs.use_cases.edit_improvement import MAX_EDITED_CHARACTERS
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_pdfs import generate, improved, latest_render_id
from tests.support.pdfs import image_count, link_targets, whole_text

EDITED = """# Jane Doe

## Summary

Quetzalcoatl platform engineer who ships payment systems.

## Experience

### Platform Engineer, Zanzibar Payments (2019 \u2013 2024)

- Rebuilt the settlement ledger in Python.
"""


@pytest.fixture
def person(client: testing.TestClient) -> dict[str, str]:
    return bearer(sign_up(client)["access"])


def edit(client, person, job_id: int, markdown: object) -> testing.Result:
    path = f"/cv/ai-responses/{job_id}/"
    return client.simulate_patch(path, json={"edited_text": markdown}, headers=person)


def rendered_text(client, person, container, pg_engine, job_id: int) -> str:
    """The text of the PDF that generate-pdf gives, read back."""
    accepted = generate(client, person, job_id)
    assert accepted.status_code == 202, accepted.text
    container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
    done = client.simulate_get(f"/cv/ai-responses/{job_id}/", headers=person).json
    assert done["pdf_status"] == "succeeded", done["pdf_error"]
    return whole_text(client.simulate_get(done["pdf_url"], headers=person).content)


def a_line_of(markdown: str) -> str:
    """A bullet of the AI's answer, as words the edit does not have."""
    return next(line[2:] for line in markdown.splitlines() if line.startswith("- "))


def test_the_edit_is_kept_beside_the_ai_answer(client, person, container) -> None:
    job = improved(client, person, container)
    original = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert (original["edited_text"], original["edited_at"]) == (None, None)

    changed = edit(client, person, job, EDITED)

    assert changed.status_code == 200, changed.text
    assert changed.json["edited_text"] == EDITED
    assert changed.json["edited_at"] is not None
    assert changed.json["response_text"] == original["response_text"]
    again = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert again == changed.json


def test_the_pdf_renders_the_edited_cv_not_the_ai_answer(
    client, person, container, pg_engine
) -> None:
    job = improved(client, person, container)
    answer = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json["response_text"]
    assert edit(client, person, job, EDITED).status_code == 200

    text = rendered_text(client, person, container, pg_engine, job)

    assert "Quetzalcoatl platform engineer" in text
    assert "Zanzibar Payments" in text
    assert " ".join(a_line_of(answer).split()) not in text


def test_a_pdf_asked_for_again_after_an_edit_renders_the_edit(
    client, person, container, pg_engine
) -> None:
    job = improved(client, person, container)
    before = rendered_text(client, person, container, pg_engine, job)
    first_url = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json["pdf_url"]
    assert "Quetzalcoatl" not in before

    assert edit(client, person, job, EDITED).status_code == 200
    after = rendered_text(client, person, container, pg_engine, job)

    assert "Quetzalcoatl" in after
    now = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert now["pdf_url"] != first_url
    unchanged = client.simulate_get(first_url, headers=person)
    assert whole_text(unchanged.content) == before  # a PDF made earlier stays as it was


def test_null_goes_back_to_the_ai_answer(client, person, container, pg_engine) -> None:
    job = improved(client, person, container)
    assert edit(client, person, job, EDITED).status_code == 200

    reverted = edit(client, person, job, None)

    assert reverted.status_code == 200, reverted.text
    assert (reverted.json["edited_text"], reverted.json["edited_at"]) == (None, None)
    text = rendered_text(client, person, container, pg_engine, job)
    assert "Quetzalcoatl" not in text
    assert " ".join(a_line_of(reverted.json["response_text"]).split()) in text


def test_an_edit_is_as_untrusted_as_the_ai_answer(client, person, container, pg_engine) -> None:
    job = improved(client, person, container)
    hostile = (
        "# Jane Doe\n\n<script>document.write('Injected')</script>"
        '<img src="http://169.254.169.254/latest/meta-data/">\n\n'
        "- [Portfolio](http://127.0.0.1:8000/admin) and [site](https://jane.example.com/)\n"
        '- {{ config }} <iframe src="file:///etc/passwd"></iframe>\n'
    )
    assert edit(client, person, job, hostile).status_code == 200

    accepted = generate(client, person, job)
    assert accepted.status_code == 202
    container.cvs.run_pdf_render().execute(latest_render_id(pg_engine))
    url = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json["pdf_url"]
    pdf = client.simulate_get(url, headers=person).content

    text = whole_text(pdf)
    assert "Injected" not in text
    assert "{{ config }}" in text
    assert image_count(pdf) == 0
    assert link_targets(pdf) == ["https://jane.example.com/"]


def test_an_improvement_not_finished_yet_cannot_be_edited(client, person, container) -> None:
    job = improved(client, person, container, run=False)
    problem = assert_problem(edit(client, person, job, EDITED), 409)
    assert "not finished yet" in problem["detail"]


def test_another_persons_improvement_answers_404(client, person, container) -> None:
    job = improved(client, person, container)
    stranger = bearer(sign_up(client)["access"])
    assert_problem(edit(client, stranger, job, EDITED), 404)
    assert_problem(edit(client, person, 2_147_483_647, EDITED), 404)
    assert_problem(
        client.simulate_patch(f"/cv/ai-responses/{job}/", json={"edited_text": "x"}), 401
    )
    mine = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert mine["edited_text"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"edited_text": "   \n\t "},
        {"edited_text": ""},
        {"edited_text": "x" * (MAX_EDITED_CHARACTERS + 1)},
        {"edited_text": 42},
        {"edited_text": "a\x00b"},
        {},
        {"edited_text": "# Me", "status": "failed"},
    ],
    ids=["blank", "empty", "too long", "not text", "NUL", "missing", "unknown field"],
)
def test_a_bad_edit_is_a_422_and_changes_nothing(client, person, container, body) -> None:
    job = improved(client, person, container)
    result = client.simulate_patch(f"/cv/ai-responses/{job}/", json=body, headers=person)
    problem = assert_problem(result, 422)
    assert problem["errors"]
    after = client.simulate_get(f"/cv/ai-responses/{job}/", headers=person).json
    assert (after["edited_text"], after["status"]) == (None, "succeeded")


def test_the_longest_edit_is_accepted(client, person, container) -> None:
    job = improved(client, person, container)
    longest = "# Jane Doe\n\n" + "word " * ((MAX_EDITED_CHARACTERS - 12) // 5)
    assert len(longest) <= MAX_EDITED_CHARACTERS
    result = edit(client, person, job, longest)
    assert result.status_code == 200, result.text
    assert result.json["edited_text"] == longest


def test_a_body_that_is_not_json_is_refused(client, person, container) -> None:
    job = improved(client, person, container)
    path = f"/cv/ai-responses/{job}/"
    assert_problem(client.simulate_patch(path, body="{", headers=person), 400)
    plain = client.simulate_patch(
        path, body="# Me", headers=person | {"Content-Type": "text/plain"}
    )
    assert_problem(plain, 415)


def test_the_schema_describes_editing_an_improvement(client) -> None:
    document = client.simulate_get("/schema/").json
    operation = document["paths"]["/cv/ai-responses/{response_id}/"]["patch"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ImprovementEditIn"
    }
    assert {"200", "401", "404", "409", "422"} <= set(operation["responses"])
    schemas = document["components"]["schemas"]
    edited = schemas["ImprovementEditIn"]["properties"]["edited_text"]
    text = next(branch for branch in edited["anyOf"] if branch.get("type") == "string")
    assert (text["minLength"], text["maxLength"]) == (1, MAX_EDITED_CHARACTERS)
    assert {"type": "null"} in edited["anyOf"]  # null goes back to the AI's answer
    assert {"edited_text", "edited_at"} <= set(schemas["ImprovementOut"]["properties"])
