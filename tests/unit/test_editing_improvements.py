"""The owner edits an improved CV; its PDFs render what they approved."""

import pytest

from cvimprover.core.cvs.commands import ImprovementEdit, NewPdf
from cvimprover.core.cvs.use_cases.edit_improvement import MAX_EDITED_CHARACTERS
from cvimprover.core.errors import Conflict, InvalidInput, NotFound
from tests.unit.cv_bootstrap import CVs
from tests.unit.fakes import ScriptedImprover

EDITED = "# Jane Q. Doe\n\n## Summary\n\nMy own words."
ANSWER = "# Jane Doe\n\njane@example.com\n\n## Summary\n\nImproved by openai.\n"
"""The scripted answer as the job stores it: under the name and contact line."""


@pytest.fixture
def cvs() -> CVs:
    return CVs()


def edited(cvs: CVs, job_id: int, markdown: str | None = EDITED) -> None:
    cvs.edit.execute(ImprovementEdit(1, job_id, markdown))


def asked(cvs: CVs, job_id: int) -> int:
    view = cvs.request_pdf.execute(NewPdf(1, job_id))
    assert view.pdf is not None
    return view.pdf.id


def test_the_edit_is_kept_beside_the_ai_answer_with_its_time(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.clock.advance(minutes=5)

    view = cvs.edit.execute(ImprovementEdit(1, job_id, EDITED))

    assert view.edited_text == EDITED
    assert view.edited_at == cvs.clock.now()
    assert view.response_text == ANSWER
    assert cvs.store.state.ai_responses[job_id].response_text == ANSWER


def test_null_goes_back_to_the_ai_answer(cvs: CVs) -> None:
    job_id = cvs.improvement()
    edited(cvs, job_id)
    view = cvs.edit.execute(ImprovementEdit(1, job_id, None))
    assert (view.edited_text, view.edited_at) == (None, None)
    cvs.render_pdf.execute(asked(cvs, job_id))
    assert cvs.renderer.requests[-1].markdown == ANSWER


def test_windows_line_endings_are_kept_as_plain_newlines(cvs: CVs) -> None:
    job_id = cvs.improvement()
    view = cvs.edit.execute(ImprovementEdit(1, job_id, "# Jane\r\n\r\n- one\r- two"))
    assert view.edited_text == "# Jane\n\n- one\n- two"


@pytest.mark.parametrize("outcome", ["unfinished", "failed"])
def test_an_improvement_without_a_result_has_nothing_to_edit(cvs: CVs, outcome: str) -> None:
    if outcome == "failed":
        cvs.improvers[:] = [ScriptedImprover("local", fails_with="timed out")]
    job_id = cvs.improvement(run=outcome == "failed")
    with pytest.raises(Conflict) as refused:
        edited(cvs, job_id)
    assert ("not finished yet" if outcome == "unfinished" else "failed") in refused.value.detail
    assert cvs.store.state.ai_responses[job_id].edited_text is None


def test_only_the_owner_edits(cvs: CVs) -> None:
    job_id = cvs.improvement()
    with pytest.raises(NotFound):
        cvs.edit.execute(ImprovementEdit(2, job_id, EDITED))
    assert cvs.store.state.ai_responses[job_id].edited_text is None


@pytest.mark.parametrize(
    ("markdown", "message"),
    [(" \n\t", "null to go back"), ("x" * (MAX_EDITED_CHARACTERS + 1), "At most")],
)
def test_a_blank_or_overlong_edit_is_refused_naming_the_field(
    cvs: CVs, markdown: str, message: str
) -> None:
    job_id = cvs.improvement()
    with pytest.raises(InvalidInput) as refused:
        edited(cvs, job_id, markdown)
    assert message in refused.value.errors["edited_text"][0]
    assert cvs.store.state.ai_responses[job_id].edited_text is None


def test_the_pdf_renders_the_edit_and_is_authored_by_its_heading(cvs: CVs) -> None:
    job_id = cvs.improvement()
    edited(cvs, job_id)
    cvs.render_pdf.execute(asked(cvs, job_id))
    request = cvs.renderer.requests[-1]
    assert request.markdown == EDITED
    assert request.author == "Jane Q. Doe"


def test_asking_again_after_an_edit_makes_a_new_pdf_and_without_one_does_not(cvs: CVs) -> None:
    job_id = cvs.improvement()
    first = asked(cvs, job_id)
    cvs.render_pdf.execute(first)
    assert asked(cvs, job_id) == first  # nothing changed: the same file

    edited(cvs, job_id)
    second = asked(cvs, job_id)
    assert second != first
    assert asked(cvs, job_id) == second  # a double click after the edit: one render
    cvs.render_pdf.execute(second)
    assert asked(cvs, job_id) == second

    edited(cvs, job_id, None)
    third = asked(cvs, job_id)
    assert third not in (first, second)
    cvs.render_pdf.execute(third)
    assert [request.markdown for request in cvs.renderer.requests] == [
        ANSWER,
        EDITED,
        ANSWER,
    ]


def test_an_edit_made_while_a_pdf_renders_gets_a_pdf_of_its_own(cvs: CVs) -> None:
    job_id = cvs.improvement()
    first = asked(cvs, job_id)
    cvs.renderer.on_render = lambda _: edited(cvs, job_id)
    cvs.render_pdf.execute(first)
    cvs.renderer.on_render = None

    second = asked(cvs, job_id)

    assert second != first
    cvs.render_pdf.execute(second)
    assert cvs.renderer.requests[-1].markdown == EDITED


def test_a_pdf_queued_before_an_edit_renders_the_edit(cvs: CVs) -> None:
    job_id = cvs.improvement()
    queued = asked(cvs, job_id)
    edited(cvs, job_id)
    cvs.render_pdf.execute(queued)
    assert cvs.renderer.requests[-1].markdown == EDITED
    assert asked(cvs, job_id) == queued  # it is a PDF of the edit already
