"""PDFs of improved CVs: asked for by their owner, rendered once by a worker, kept by id."""

from datetime import timedelta

import pytest

from cvimprover.core.cvs.commands import NewPdf, Owned, OwnedPdf, PageRequest
from cvimprover.core.cvs.model import JobStatus
from cvimprover.core.cvs.pdfs import (
    RENDER_PDF,
    PageSize,
    PdfTemplate,
    cv_author,
    cv_title,
    file_key,
)
from cvimprover.core.cvs.use_cases.run_pdf_render import INTERRUPTED
from cvimprover.core.errors import Conflict, InvalidInput, NotFound
from cvimprover.core.jobs.leases import LeaseTerms
from cvimprover.core.users.model import User
from tests.unit.cv_bootstrap import CVs
from tests.unit.fakes import ScriptedImprover

LEASE = LeaseTerms().running


@pytest.fixture
def cvs() -> CVs:
    return CVs()


def asked(cvs: CVs, job_id: int, template: str = "classic", page_size: str = "A4") -> int:
    """The id of the render that the request for a PDF of the job is answered with."""
    view = cvs.request_pdf.execute(NewPdf(1, job_id, template, page_size))
    assert view.pdf is not None
    return view.pdf.id


def rendered(cvs: CVs, job_id: int, template: str = "classic", page_size: str = "A4") -> int:
    render_id = asked(cvs, job_id, template, page_size)
    cvs.render_pdf.execute(render_id)
    return render_id


def test_a_pdf_of_a_succeeded_improvement_is_saved_queued_and_shown_on_it(cvs: CVs) -> None:
    job_id = cvs.improvement()
    view = cvs.request_pdf.execute(NewPdf(1, job_id, "modern", "Letter"))
    assert view.id == job_id
    assert view.pdf is not None
    assert (view.pdf.status, view.pdf.template, view.pdf.page_size) == (
        "queued",
        "modern",
        "Letter",
    )
    assert not view.pdf.ready
    assert cvs.tasks.queued[-1] == (RENDER_PDF, view.pdf.id)
    assert not view.is_settled


@pytest.mark.parametrize("outcome", ["unfinished", "failed"])
def test_an_improvement_without_a_result_has_no_pdf_to_render(cvs: CVs, outcome: str) -> None:
    if outcome == "failed":
        cvs.improvers[:] = [ScriptedImprover("local", fails_with="timed out")]
    job_id = cvs.improvement(run=outcome == "failed")
    with pytest.raises(Conflict) as refused:
        cvs.request_pdf.execute(NewPdf(1, job_id))
    assert ("not finished yet" if outcome == "unfinished" else "failed") in refused.value.detail
    assert cvs.store.state.pdf_renders == {}


def test_unknown_options_are_refused_naming_each_field(cvs: CVs) -> None:
    job_id = cvs.improvement()
    with pytest.raises(InvalidInput) as refused:
        cvs.request_pdf.execute(NewPdf(1, job_id, "fancy", "A3"))
    assert refused.value.errors == {
        "template": ['Choose one of "classic", "modern".'],
        "page_size": ['Choose one of "A4", "Letter".'],
    }


def test_someone_elses_improvement_cannot_be_rendered_nor_its_pdf_read(cvs: CVs) -> None:
    job_id = cvs.improvement()
    render_id = rendered(cvs, job_id)
    with pytest.raises(NotFound):
        cvs.request_pdf.execute(NewPdf(2, job_id))
    with pytest.raises(NotFound):
        cvs.download_pdf.execute(OwnedPdf(2, job_id, render_id))


def test_the_worker_renders_the_improvement_and_keeps_the_file_by_its_id(cvs: CVs) -> None:
    job_id = cvs.improvement()
    render_id = rendered(cvs, job_id, "modern", "Letter")
    [request] = cvs.renderer.requests
    assert request.markdown == cvs.get_improvement.execute(Owned(1, job_id)).response_text
    assert (request.template, request.page_size) == (PdfTemplate.MODERN, PageSize.LETTER)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.pdf is not None
    assert (view.pdf.status, view.pdf.ready, view.pdf.error) == ("succeeded", True, None)
    assert view.is_settled
    downloaded = cvs.download_pdf.execute(OwnedPdf(1, job_id, render_id))
    assert downloaded.name == f"cv-{job_id}-modern-letter.pdf"
    assert downloaded.data == cvs.storage.files[file_key(render_id)]
    assert downloaded.data.startswith(b"%PDF-fake modern Letter")


def test_asking_again_for_the_same_pdf_queues_nothing_new(cvs: CVs) -> None:
    job_id = cvs.improvement()
    first = asked(cvs, job_id)
    assert asked(cvs, job_id) == first  # a double click, while it renders
    cvs.render_pdf.execute(first)
    assert asked(cvs, job_id) == first  # and once it is there
    assert [kind for kind, _ in cvs.tasks.queued].count(RENDER_PDF) == 1
    assert len(cvs.renderer.requests) == 1


def test_another_template_makes_another_file_and_keeps_the_first(cvs: CVs) -> None:
    job_id = cvs.improvement()
    classic = rendered(cvs, job_id, "classic")
    modern = rendered(cvs, job_id, "modern")
    assert modern != classic
    assert set(cvs.storage.files) >= {file_key(classic), file_key(modern)}
    assert cvs.download_pdf.execute(OwnedPdf(1, job_id, classic)).data.startswith(
        b"%PDF-fake classic"
    )
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.pdf is not None
    assert (view.pdf.id, view.pdf.template) == (modern, "modern")
    assert [key for key in cvs.storage.files if key.startswith("resumes/")], "the CV is kept"


def test_a_failed_render_is_asked_for_again_as_a_new_render(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.renderer.refuses_with = "too long"
    failed = rendered(cvs, job_id)
    cvs.renderer.refuses_with = None
    assert rendered(cvs, job_id) != failed


def test_a_redelivered_render_never_renders_twice_nor_makes_a_second_file(cvs: CVs) -> None:
    job_id = cvs.improvement()
    render_id = rendered(cvs, job_id)
    files = dict(cvs.storage.files)
    cvs.render_pdf.execute(render_id)
    assert len(cvs.renderer.requests) == 1
    assert cvs.storage.files == files


def test_a_render_held_by_a_live_worker_is_left_alone(cvs: CVs) -> None:
    render_id = asked(cvs, cvs.improvement())
    render = cvs.store.state.pdf_renders[render_id]
    render.status, render.next_attempt_at = JobStatus.RUNNING, cvs.clock.now() + LEASE
    cvs.render_pdf.execute(render_id)
    assert cvs.renderer.requests == []


def test_a_render_whose_worker_died_is_queued_again_and_writes_one_file(cvs: CVs) -> None:
    job_id = cvs.improvement()
    render_id = asked(cvs, job_id)
    render = cvs.store.state.pdf_renders[render_id]
    render.status, render.attempts = JobStatus.RUNNING, 1
    render.next_attempt_at = cvs.clock.now() + LEASE
    cvs.storage.put(file_key(render_id), b"%PDF- half written by the dead worker", "x")
    cvs.clock.advance(LEASE + timedelta(seconds=1))
    assert cvs.sweep_pdfs.execute() == 1
    assert cvs.tasks.queued[-1] == (RENDER_PDF, render_id)
    cvs.render_pdf.execute(render_id)
    stored = cvs.store.state.pdf_renders[render_id]
    assert (stored.status, stored.attempts) == (JobStatus.SUCCEEDED, 2)
    pdfs = [key for key in cvs.storage.files if key.startswith("cv-pdfs/")]
    assert pdfs == [file_key(render_id)]
    assert cvs.storage.files[pdfs[0]].startswith(b"%PDF-fake")


def test_a_render_accepted_while_the_broker_was_down_is_queued_by_the_sweeper(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.tasks.broker_down = True
    render_id = asked(cvs, job_id)
    cvs.tasks.broker_down = False
    assert cvs.sweep_pdfs.execute() == 0
    cvs.clock.advance(timedelta(minutes=1))
    assert cvs.sweep_pdfs.execute() == 1
    assert cvs.tasks.queued[-1] == (RENDER_PDF, render_id)


def test_a_cv_the_renderer_refuses_fails_once_with_its_reason(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.renderer.refuses_with = "This CV took too long to render as a PDF."
    render_id = rendered(cvs, job_id)
    view = cvs.get_improvement.execute(Owned(1, job_id))
    assert view.pdf is not None
    assert (view.pdf.status, view.pdf.error) == ("failed", cvs.renderer.refuses_with)
    assert not view.pdf.ready
    cvs.clock.advance(LEASE * 2)
    assert cvs.sweep_pdfs.execute() == 0
    with pytest.raises(Conflict):
        cvs.download_pdf.execute(OwnedPdf(1, job_id, render_id))
    assert not [key for key in cvs.storage.files if key.startswith("cv-pdfs/")]


def test_a_render_interrupted_too_often_fails_with_a_reason(cvs: CVs) -> None:
    render_id = asked(cvs, cvs.improvement())
    cvs.store.state.pdf_renders[render_id].attempts = 3
    cvs.render_pdf.execute(render_id)
    assert cvs.store.state.pdf_renders[render_id].error == INTERRUPTED
    assert cvs.renderer.requests == []


def test_a_pdf_not_rendered_yet_has_no_file_to_download(cvs: CVs) -> None:
    job_id = cvs.improvement()
    render_id = asked(cvs, job_id)
    with pytest.raises(Conflict) as refused:
        cvs.download_pdf.execute(OwnedPdf(1, job_id, render_id))
    assert "queued" in refused.value.detail
    with pytest.raises(NotFound):
        cvs.download_pdf.execute(OwnedPdf(1, cvs.improvement(), render_id))  # another job's id


def test_a_render_whose_questionnaire_is_deleted_meanwhile_leaves_no_file(cvs: CVs) -> None:
    job_id = cvs.improvement()
    questionnaire_id = cvs.store.state.ai_responses[job_id].questionnaire_id
    cvs.renderer.on_render = lambda _: cvs.delete.execute(Owned(1, questionnaire_id))
    rendered(cvs, job_id)
    assert cvs.storage.files == {}


def test_deleting_a_questionnaire_deletes_the_pdfs_of_its_improvements(cvs: CVs) -> None:
    job_id = cvs.improvement()
    kept = cvs.improvement()
    rendered(cvs, job_id, "classic")
    rendered(cvs, job_id, "modern")
    keep = rendered(cvs, kept)
    cvs.delete.execute(Owned(1, cvs.store.state.ai_responses[job_id].questionnaire_id))
    assert [key for key in cvs.storage.files if key.startswith("cv-pdfs/")] == [file_key(keep)]
    assert list(cvs.store.state.pdf_renders) == [keep]


def test_the_list_shows_each_improvement_with_its_latest_pdf(cvs: CVs) -> None:
    with_pdf, without = cvs.improvement(), cvs.improvement()
    rendered(cvs, with_pdf, "classic")
    latest = asked(cvs, with_pdf, "modern")
    page = cvs.list_improvements.execute(PageRequest(1))
    pdfs = {item.id: item.pdf for item in page.items}
    assert pdfs[without] is None
    assert pdfs[with_pdf] is not None
    assert (pdfs[with_pdf].id, pdfs[with_pdf].status) == (latest, "queued")


def test_the_pdf_is_titled_with_the_persons_name_and_the_position(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.store.state.ai_responses[job_id].response_text = "# **Jane** Doe\n\n## Summary\nDone."
    rendered(cvs, job_id)
    [request] = cvs.renderer.requests
    assert request.author == "Jane Doe"
    assert request.title == "Jane Doe \u2013 CV for Backend Engineer"


def test_without_a_name_in_the_cv_the_author_is_the_account_holder(cvs: CVs) -> None:
    job_id = cvs.improvement()
    cvs.store.state.ai_responses[job_id].response_text = "## Summary\nDone."
    cvs.store.state.users[1] = User(
        id=1,
        username="ada",
        email="ada@example.com",
        password_hash="x",
        date_joined=cvs.clock.now(),
        first_name="Ada",
        last_name="Lovelace",
    )
    rendered(cvs, job_id)
    assert cvs.renderer.requests[0].author == "Ada Lovelace"


def test_the_author_falls_back_on_the_accounts_name_then_its_username() -> None:
    assert cv_author("## Summary\nNo name here", "Ada Lovelace", "ada") == "Ada Lovelace"
    assert cv_author("Just text", " ", "ada") == "ada"
    assert cv_author("\n\n#   Ada <b>L.</b>  #\n", "", "ada") == "Ada L."
    assert cv_title("Ada", "  ") == "Ada \u2013 CV"
