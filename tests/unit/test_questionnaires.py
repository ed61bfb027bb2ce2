import pytest

from cvimprover.core.cvs.commands import (
    NewQuestionnaire,
    Owned,
    PageRequest,
    QuestionnaireChanges,
    Upload,
)
from cvimprover.core.errors import InvalidInput, NotFound
from tests.unit.cv_bootstrap import CV, FIELDS, CVs


@pytest.fixture
def cvs() -> CVs:
    return CVs()


def test_a_questionnaire_with_a_cv_keeps_the_file_unchanged_and_its_text(cvs: CVs) -> None:
    view = cvs.submit.execute(NewQuestionnaire(1, dict(FIELDS), CV))
    assert view.resume_name == "my cv.pdf"
    assert cvs.download.execute(Owned(1, view.id)).data == CV.data
    assert cvs.store.state.questionnaires[view.id].resume_text.startswith("Jane Doe")


def test_missing_and_invalid_fields_are_named(cvs: CVs) -> None:
    with pytest.raises(InvalidInput) as refused:
        cvs.submit.execute(NewQuestionnaire(1, {"experience_level": "10+", "position": ""}))
    errors = refused.value.errors
    assert errors["experience_level"] == ['Choose one of "0-2", "3-5", "6+".']
    assert {"industry", "company_size", "application_timeline", "position"} <= errors.keys()


def test_an_unreadable_cv_is_refused_and_nothing_is_kept(cvs: CVs) -> None:
    with pytest.raises(InvalidInput) as refused:
        cvs.submit.execute(NewQuestionnaire(1, dict(FIELDS), Upload("x.pdf", b"%PDF   ")))
    assert refused.value.errors["resume"] == ["The PDF has no text (a scan?)."]
    assert cvs.storage.files == {}
    assert cvs.store.state.questionnaires == {}


def test_another_users_questionnaire_is_not_found_for_any_use(cvs: CVs) -> None:
    theirs = cvs.questionnaire(user_id=2)
    with pytest.raises(NotFound):
        cvs.get.execute(Owned(1, theirs))
    with pytest.raises(NotFound):
        cvs.update.execute(QuestionnaireChanges(1, theirs, {"position": "X"}))
    with pytest.raises(NotFound):
        cvs.delete.execute(Owned(1, theirs))
    with pytest.raises(NotFound):
        cvs.download.execute(Owned(1, theirs))
    assert cvs.list.execute(PageRequest(1)).items == []


def test_lists_are_newest_first_and_paged(cvs: CVs) -> None:
    ids = [cvs.questionnaire(with_cv=False) for _ in range(5)]
    first = cvs.list.execute(PageRequest(1, limit=2))
    assert [item.id for item in first.items] == ids[:-3:-1]
    second = cvs.list.execute(PageRequest(1, before_id=first.next_before_id, limit=2))
    third = cvs.list.execute(PageRequest(1, before_id=second.next_before_id, limit=2))
    assert [item.id for item in second.items + third.items] == ids[2::-1]
    assert third.next_before_id is None


def test_a_new_cv_replaces_the_old_file(cvs: CVs) -> None:
    questionnaire_id = cvs.questionnaire()
    [old_key] = cvs.storage.files
    new = Upload("new.pdf", b"%PDFJohn Roe")
    view = cvs.update.execute(QuestionnaireChanges(1, questionnaire_id, {}, new))
    assert view.resume_name == "new.pdf"
    assert old_key not in cvs.storage.files
    assert cvs.download.execute(Owned(1, questionnaire_id)).data == new.data


def test_put_needs_every_required_field(cvs: CVs) -> None:
    questionnaire_id = cvs.questionnaire()
    with pytest.raises(InvalidInput):
        cvs.update.execute(
            QuestionnaireChanges(1, questionnaire_id, {"position": "X"}, replace=True)
        )


def test_deleting_a_questionnaire_deletes_its_file(cvs: CVs) -> None:
    questionnaire_id = cvs.questionnaire()
    cvs.delete.execute(Owned(1, questionnaire_id))
    assert cvs.storage.files == {}
    with pytest.raises(NotFound):
        cvs.get.execute(Owned(1, questionnaire_id))
