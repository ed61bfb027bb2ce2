"""Questionnaires and their CV files: /cv/questionnaire/..."""

from dataclasses import dataclass
from typing import Any

import falcon
from pydantic import BaseModel, ValidationError
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.errors import Problem, field_errors
from cvimprover.adapters.http.openapi import (
    AUTHENTICATED,
    api,
    document_file_response,
    document_request_body,
)
from cvimprover.adapters.http.paging import respond_with_page
from cvimprover.adapters.http.presenters import questionnaire_json
from cvimprover.adapters.http.schemas import (
    PageQuery,
    QuestionnaireChangesForm,
    QuestionnaireChangesIn,
    QuestionnaireForm,
    QuestionnaireIn,
    QuestionnaireOut,
    plain_text,
)
from cvimprover.core.cvs.commands import (
    NewQuestionnaire,
    Owned,
    QuestionnaireChanges,
    Upload,
)
from cvimprover.core.cvs.rules import MAX_RESUME_BYTES
from cvimprover.core.cvs.use_cases.delete_questionnaire import DeleteQuestionnaire
from cvimprover.core.cvs.use_cases.download_resume import DownloadResume
from cvimprover.core.cvs.use_cases.get_questionnaire import GetQuestionnaire
from cvimprover.core.cvs.use_cases.get_structured_cv import GetStructuredCV
from cvimprover.core.cvs.use_cases.list_questionnaires import ListQuestionnaires
from cvimprover.core.cvs.use_cases.replace_structured_cv import ReplaceStructuredCV
from cvimprover.core.cvs.use_cases.submit_questionnaire import SubmitQuestionnaire
from cvimprover.core.cvs.use_cases.update_questionnaire import UpdateQuestionnaire

TAGS = ["cv"]
ERRORS = {"HTTP_401": None, "HTTP_404": None, "HTTP_413": None, "HTTP_415": None, "HTTP_422": None}
WHOLE: dict[str, type[BaseModel]] = {
    "application/json": QuestionnaireIn,
    "multipart/form-data": QuestionnaireForm,
}
SOME: dict[str, type[BaseModel]] = {
    "application/json": QuestionnaireChangesIn,
    "multipart/form-data": QuestionnaireChangesForm,
}
document_request_body("/cv/questionnaire/", "post", WHOLE)
document_request_body("/cv/questionnaire/{questionnaire_id}/", "put", WHOLE)
document_request_body("/cv/questionnaire/{questionnaire_id}/", "patch", SOME)
document_file_response(
    "/cv/questionnaire/{questionnaire_id}/resume/", "get", "application/pdf", "my-cv.pdf"
)


@dataclass(frozen=True)
class QuestionnaireEndpoints:
    submit: SubmitQuestionnaire
    get: GetQuestionnaire
    list: ListQuestionnaires
    update: UpdateQuestionnaire
    delete: DeleteQuestionnaire
    download: DownloadResume
    get_cv: GetStructuredCV
    replace_cv: ReplaceStructuredCV
    cv_schema: dict[str, Any]
    """The JSON Schema of a structured CV (JSON Resume), for the API's documentation."""


class QuestionnaireCollection:
    auth_required = True
    cache_reads = True

    def __init__(self, deps: QuestionnaireEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=PageQuery,
        resp=Response(HTTP_200=list[QuestionnaireOut], HTTP_400=None, HTTP_401=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: PageQuery) -> None:
        """The caller's questionnaires, newest first; more pages via the Link header."""
        respond_with_page(req, resp, query, self._deps.list, questionnaire_json)

    @api.validate(
        resp=Response(HTTP_201=QuestionnaireOut, **ERRORS), tags=TAGS, security=AUTHENTICATED
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Describe the job you want: JSON, or multipart/form-data with the CV as `resume`."""
        fields, resume = read_questionnaire(req, QuestionnaireIn)
        view = self._deps.submit.execute(
            NewQuestionnaire(principal_of(req).user_id, fields, resume)
        )
        resp.status = falcon.HTTP_201
        resp.location = f"/cv/questionnaire/{view.id}/"
        resp.media = questionnaire_json(view)


class QuestionnaireItem:
    auth_required = True
    cache_reads = True

    def __init__(self, deps: QuestionnaireEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=QuestionnaireOut, HTTP_401=None, HTTP_404=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """One of your questionnaires."""
        owned = Owned(principal_of(req).user_id, questionnaire_id)
        resp.media = questionnaire_json(self._deps.get.execute(owned))

    @api.validate(
        resp=Response(HTTP_200=QuestionnaireOut, **ERRORS), tags=TAGS, security=AUTHENTICATED
    )
    def on_put(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """Replace every field (and the CV, when a new one is sent)."""
        self._update(req, resp, questionnaire_id, replace=True)

    @api.validate(
        resp=Response(HTTP_200=QuestionnaireOut, **ERRORS), tags=TAGS, security=AUTHENTICATED
    )
    def on_patch(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """Change some fields (and the CV, when a new one is sent)."""
        self._update(req, resp, questionnaire_id, replace=False)

    @api.validate(
        resp=Response(HTTP_204=None, HTTP_401=None, HTTP_404=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_delete(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """Delete it with its AI responses and its CV file."""
        self._deps.delete.execute(Owned(principal_of(req).user_id, questionnaire_id))
        resp.status = falcon.HTTP_204

    def _update(
        self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int, *, replace: bool
    ) -> None:
        fields, resume = read_questionnaire(
            req, QuestionnaireIn if replace else QuestionnaireChangesIn
        )
        changes = QuestionnaireChanges(
            principal_of(req).user_id, questionnaire_id, fields, resume, replace=replace
        )
        resp.media = questionnaire_json(self._deps.update.execute(changes))


class ResumeFile:
    auth_required = True

    def __init__(self, deps: QuestionnaireEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=None, HTTP_401=None, HTTP_404=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """The CV file exactly as you uploaded it."""
        found = self._deps.download.execute(Owned(principal_of(req).user_id, questionnaire_id))
        resp.content_type = "application/pdf"
        resp.downloadable_as = found.name
        resp.cache_control = ["private", "no-store"]
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.data = found.data


def read_questionnaire(
    req: falcon.Request, model: type[QuestionnaireChangesIn]
) -> tuple[dict[str, object], Upload | None]:
    """The fields, from JSON or a multipart form, and the uploaded CV if there is one;
    every field that is missing or wrong is named at once."""
    content_type = (req.content_type or "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        return _read_form(req, model)
    if content_type and content_type != "application/json":
        raise Problem(415, "Send the questionnaire as application/json or multipart/form-data.")
    return _validated(req.get_media(default_when_empty={}), model), None


def _read_form(
    req: falcon.Request, model: type[QuestionnaireChangesIn]
) -> tuple[dict[str, object], Upload | None]:
    raw: dict[str, Any] = {}
    resume = None
    for part in req.get_media():
        if part.name == "resume":  # the CV, sent as a file or as a bare part
            data = part.stream.read(MAX_RESUME_BYTES + 1)
            if len(data) > MAX_RESUME_BYTES:
                raise Problem(
                    413, "The CV is larger than 10 MB.", errors={"resume": ["Too large."]}
                )
            name = plain_text(part.secure_filename) if part.filename else None
            resume = Upload(name or "cv.pdf", data)
        else:
            raw[part.name] = part.get_text()
    return _validated(raw, model), resume


def _validated(raw: object, model: type[QuestionnaireChangesIn]) -> dict[str, object]:
    try:
        return model.model_validate(raw).fields()
    except ValidationError as error:
        problems = field_errors([dict(detail) for detail in error.errors()])
        raise Problem(422, "The questionnaire has invalid fields.", errors=problems) from None
