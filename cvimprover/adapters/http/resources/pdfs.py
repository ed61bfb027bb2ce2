"""PDFs of improved CVs: /cv/ai-responses/{id}/generate-pdf/ and the files it makes."""

import falcon
from pydantic import ValidationError
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.errors import Problem, field_errors
from cvimprover.adapters.http.openapi import (
    AUTHENTICATED,
    api,
    document_file_response,
    document_request_body,
)
from cvimprover.adapters.http.presenters import improvement_json
from cvimprover.adapters.http.resources.improvements import (
    ImprovementEndpoints,
    preferred_wait,
    wait_for,
)
from cvimprover.adapters.http.schemas import ImprovementOut, PdfIn
from cvimprover.core.cvs.commands import NewPdf, OwnedPdf

TAGS = ["cv"]
document_request_body(
    "/cv/ai-responses/{response_id}/generate-pdf/",
    "post",
    {"application/json": PdfIn},
    required=False,
)
document_file_response(
    "/cv/ai-responses/{response_id}/pdfs/{pdf_id}/", "get", "application/pdf", "cv-12-modern-a4.pdf"
)


class PdfGeneration:
    auth_required = True

    def __init__(self, deps: ImprovementEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(
            HTTP_200=ImprovementOut,
            HTTP_202=ImprovementOut,
            HTTP_401=None,
            HTTP_404=None,
            HTTP_409=None,
            HTTP_415=None,
            HTTP_422=None,
        ),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, response_id: int) -> None:
        """Render a succeeded improvement as a PDF (body optional: `template`, `page_size`):
        202 with the AI response, whose `pdf_status` follows the render and whose
        `pdf_url` serves the file once it is ready; `Prefer: wait=N` waits up to N
        seconds (at most 30). Other options make another file; the same ones, none."""
        options = read_options(req)
        user_id = principal_of(req).user_id
        command = NewPdf(user_id, response_id, options.template, options.page_size)
        view = wait_for(
            self._deps.get, user_id, self._deps.request_pdf.execute(command), preferred_wait(req)
        )
        resp.status = falcon.HTTP_200 if view.is_settled else falcon.HTTP_202
        resp.location = f"/cv/ai-responses/{view.id}/"
        resp.media = improvement_json(view)


class PdfFile:
    auth_required = True

    def __init__(self, deps: ImprovementEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=None, HTTP_401=None, HTTP_404=None, HTTP_409=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(
        self, req: falcon.Request, resp: falcon.Response, response_id: int, pdf_id: int
    ) -> None:
        """A PDF of your improved CV, as an attachment (the `pdf_url` of the AI response)."""
        owned = OwnedPdf(principal_of(req).user_id, response_id, pdf_id)
        found = self._deps.download_pdf.execute(owned)
        resp.content_type = "application/pdf"
        resp.downloadable_as = found.name
        resp.cache_control = ["private", "no-store"]
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.data = found.data


def read_options(req: falcon.Request) -> PdfIn:
    """The options from a JSON body; no body at all means the defaults."""
    content_type = (req.content_type or "").split(";")[0].strip().lower()
    if content_type and content_type != "application/json":
        raise Problem(415, "Send the PDF options as application/json.")
    try:
        return PdfIn.model_validate(req.get_media(default_when_empty={}))
    except ValidationError as error:
        problems = field_errors([dict(detail) for detail in error.errors()])
        raise Problem(422, "The PDF options are not valid.", errors=problems) from None
