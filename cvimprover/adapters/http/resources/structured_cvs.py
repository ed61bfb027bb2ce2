"""A questionnaire's CV as data: /cv/questionnaire/{id}/structured-cv/."""

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.errors import Problem
from cvimprover.adapters.http.openapi import AUTHENTICATED, api, document_json_schema
from cvimprover.adapters.http.resources.questionnaires import TAGS, QuestionnaireEndpoints
from cvimprover.core.cvs.commands import Owned, StructuredCVReplacement

PATH = "/cv/questionnaire/{questionnaire_id}/structured-cv/"
NOT_AN_OBJECT = "Must be a JSON object."


class StructuredCV:
    auth_required = True

    def __init__(self, deps: QuestionnaireEndpoints) -> None:
        self._deps = deps
        document_json_schema(PATH, "Resume", deps.cv_schema, {"iso8601": "ResumeDate"})

    @api.validate(
        resp=Response(HTTP_200=None, HTTP_401=None, HTTP_404=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """Your CV as data, in JSON Resume v1.0.0 (jsonresume.org/schema), as read from the
        CV you uploaded or as you last corrected it. What fits none of its sections is kept
        in `meta["x-sections"]`, each as `{"title", "lines"}`."""
        owned = Owned(principal_of(req).user_id, questionnaire_id)
        resp.media = self._deps.get_cv.execute(owned)
        resp.cache_control = ["private", "no-store"]

    @api.validate(
        resp=Response(HTTP_200=None, HTTP_401=None, HTTP_404=None, HTTP_415=None, HTTP_422=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_put(self, req: falcon.Request, resp: falcon.Response, questionnaire_id: int) -> None:
        """Replace your CV as data with the corrected one: a whole JSON Resume document.
        One that breaks the schema is refused (422) with every problem under `errors`, by
        its JSONPath (`$.work[0].startDate`), and nothing changes. Every later step (the
        improvement, its PDF) reads what you sent."""
        content_type = (req.content_type or "").split(";")[0].strip().lower()
        if content_type != falcon.MEDIA_JSON:
            raise Problem(415, "Send the CV as application/json.")
        document = req.get_media()
        if not isinstance(document, dict):  # as every other body: one answer, no schema path
            raise Problem(422, NOT_AN_OBJECT, errors={"non_field_errors": [NOT_AN_OBJECT]})
        replacement = StructuredCVReplacement(principal_of(req).user_id, questionnaire_id, document)
        resp.media = self._deps.replace_cv.execute(replacement)
        resp.cache_control = ["private", "no-store"]
