"""AI improvements as queued jobs: /cv/ai-responses/..."""

import re
import time
from dataclasses import dataclass

import falcon
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.openapi import AUTHENTICATED, api
from cvimprover.adapters.http.paging import respond_with_page
from cvimprover.adapters.http.presenters import improvement_json
from cvimprover.adapters.http.schemas import (
    ImprovementEditIn,
    ImprovementIn,
    ImprovementOut,
    PageQuery,
)
from cvimprover.core.cvs.commands import ImprovementEdit, NewImprovement, Owned
from cvimprover.core.cvs.use_cases.download_pdf import DownloadPdf
from cvimprover.core.cvs.use_cases.edit_improvement import EditImprovement
from cvimprover.core.cvs.use_cases.get_improvement import GetImprovement
from cvimprover.core.cvs.use_cases.list_improvements import ListImprovements
from cvimprover.core.cvs.use_cases.request_improvement import RequestImprovement
from cvimprover.core.cvs.use_cases.request_pdf import RequestPdf
from cvimprover.core.cvs.views import ImprovementView

TAGS = ["cv"]
MAX_WAIT_SECONDS = 30
POLL_SECONDS = 0.25
_PREFER_WAIT = re.compile(r"(?:^|[,;\s])wait\s*=\s*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class ImprovementEndpoints:
    request: RequestImprovement
    get: GetImprovement
    list: ListImprovements
    request_pdf: RequestPdf
    download_pdf: DownloadPdf
    edit: EditImprovement


class ImprovementCollection:
    auth_required = True
    cache_reads = True

    def __init__(self, deps: ImprovementEndpoints) -> None:
        self._deps = deps

    @api.validate(
        query=PageQuery,
        resp=Response(HTTP_200=list[ImprovementOut], HTTP_400=None, HTTP_401=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, query: PageQuery) -> None:
        """Your AI responses, newest first; more pages via the Link header."""
        respond_with_page(req, resp, query, self._deps.list, improvement_json)

    @api.validate(
        json=ImprovementIn,
        resp=Response(
            HTTP_200=ImprovementOut,
            HTTP_202=ImprovementOut,
            HTTP_401=None,
            HTTP_404=None,
            HTTP_422=None,
        ),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_post(self, req: falcon.Request, resp: falcon.Response, json: ImprovementIn) -> None:
        """Ask for an improved CV: 202 with the job and its Location; poll it, or send
        `Prefer: wait=N` to wait up to N seconds (at most 30) for the result."""
        user_id = principal_of(req).user_id
        view = self._deps.request.execute(NewImprovement(user_id, json.questionnaire, json.prompt))
        view = wait_for(self._deps.get, user_id, view, preferred_wait(req))
        resp.status = falcon.HTTP_200 if view.is_settled else falcon.HTTP_202
        resp.location = f"/cv/ai-responses/{view.id}/"
        resp.media = improvement_json(view)


class ImprovementItem:
    auth_required = True
    cache_reads = True

    def __init__(self, deps: ImprovementEndpoints) -> None:
        self._deps = deps

    @api.validate(
        resp=Response(HTTP_200=ImprovementOut, HTTP_401=None, HTTP_404=None),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_get(self, req: falcon.Request, resp: falcon.Response, response_id: int) -> None:
        """One AI response: its status, and when done its Markdown, provider, model, usage,
        and the state of its latest PDF; `Prefer: wait=N` waits for both to finish."""
        user_id = principal_of(req).user_id
        view = self._deps.get.execute(Owned(user_id, response_id))
        resp.media = improvement_json(wait_for(self._deps.get, user_id, view, preferred_wait(req)))

    @api.validate(
        json=ImprovementEditIn,
        resp=Response(
            HTTP_200=ImprovementOut, HTTP_401=None, HTTP_404=None, HTTP_409=None, HTTP_422=None
        ),
        tags=TAGS,
        security=AUTHENTICATED,
    )
    def on_patch(
        self, req: falcon.Request, resp: falcon.Response, response_id: int, json: ImprovementEditIn
    ) -> None:
        """Edit the improved CV before asking for its PDF: `edited_text` is your Markdown
        (null goes back to the AI's answer, which `response_text` keeps either way); the
        next PDF renders it. 409 until the improvement has succeeded."""
        edit = ImprovementEdit(principal_of(req).user_id, response_id, json.edited_text)
        resp.media = improvement_json(self._deps.edit.execute(edit))


def preferred_wait(req: falcon.Request) -> float:
    match = _PREFER_WAIT.search(req.get_header("Prefer") or "")
    return min(int(match.group(1)), MAX_WAIT_SECONDS) if match else 0.0


def wait_for(
    get: GetImprovement, user_id: int, view: ImprovementView, seconds: float
) -> ImprovementView:
    """The job as it is once it and its latest PDF have finished, or `seconds` are up."""
    deadline = time.monotonic() + seconds
    while not view.is_settled and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        view = get.execute(Owned(user_id, view.id))
    return view
