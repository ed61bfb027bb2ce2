"""The structured CV's use cases on in-memory fakes: read at upload, read late for a CV
uploaded before, replaced only whole and valid, and only by its owner."""

import pytest

from cvimprover.core.cvs.commands import NewQuestionnaire, Owned, StructuredCVReplacement, Upload
from cvimprover.core.errors import InvalidInput, NotFound
from tests.unit import cv_texts
from tests.unit.cv_bootstrap import FIELDS, CVs

CV = Upload("cv.pdf", b"%PDF" + cv_texts.ENGLISH_DATES_RIGHT.encode())


def with_cv(cvs: CVs, user_id: int = 1) -> int:
    return cvs.submit.execute(NewQuestionnaire(user_id, dict(FIELDS), CV)).id


CORRECTED = {"basics": {"name": "Jane Doe"}, "work": [{"name": "Acme", "startDate": "2020"}]}


def test_an_uploaded_cv_is_read_into_data_at_upload() -> None:
    cvs = CVs()
    questionnaire_id = with_cv(cvs)
    stored = cvs.store.state.questionnaires[questionnaire_id].structured_cv
    assert stored is not None
    assert stored["basics"]["email"] == "jane.doe@example.com"
    assert cvs.get_cv.execute(Owned(1, questionnaire_id)) == stored


def test_a_cv_uploaded_before_is_read_when_asked_and_not_stored() -> None:
    cvs = CVs()
    questionnaire_id = with_cv(cvs)
    cvs.store.state.questionnaires[questionnaire_id].structured_cv = None
    assert cvs.get_cv.execute(Owned(1, questionnaire_id))["basics"]["name"] == "Jane Doe"
    assert cvs.store.state.questionnaires[questionnaire_id].structured_cv is None


def test_a_valid_document_replaces_it_and_an_invalid_one_changes_nothing() -> None:
    cvs = CVs()
    questionnaire_id = cvs.questionnaire()
    read_at_upload = cvs.get_cv.execute(Owned(1, questionnaire_id))
    with pytest.raises(InvalidInput) as refused:
        cvs.replace_cv.execute(
            StructuredCVReplacement(1, questionnaire_id, {"work": [{"x": 1}, 2]})
        )
    assert refused.value.errors == {"$.work[1]": ["2 is not of type 'object'"]}
    assert cvs.get_cv.execute(Owned(1, questionnaire_id)) == read_at_upload
    cvs.replace_cv.execute(StructuredCVReplacement(1, questionnaire_id, CORRECTED))
    assert cvs.get_cv.execute(Owned(1, questionnaire_id)) == CORRECTED


def test_nobody_but_the_owner_reads_or_replaces_it() -> None:
    cvs = CVs()
    theirs = cvs.questionnaire(user_id=2)
    with pytest.raises(NotFound):
        cvs.get_cv.execute(Owned(1, theirs))
    with pytest.raises(NotFound):
        cvs.replace_cv.execute(StructuredCVReplacement(1, theirs, CORRECTED))
    with pytest.raises(NotFound):
        cvs.get_cv.execute(Owned(1, cvs.questionnaire(with_cv=False)))
