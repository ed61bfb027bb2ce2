from collections.abc import Callable
from functools import partial

from cvimprover.core.cvs.model import MAX_JOB_ATTEMPTS, JobStatus
from cvimprover.core.cvs.pdfs import (
    RENDER_PDF,
    PdfRender,
    RenderRequest,
    cv_author,
    cv_title,
    file_key,
    markdown_sha256,
)
from cvimprover.core.jobs.leases import HeldLeases, Lease
from cvimprover.ports.clock import Clock
from cvimprover.ports.documents import CVRenderer, RenderFailed
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

INTERRUPTED = "The PDF was interrupted too many times; please ask for it again."
GONE = "The improved CV was removed."


class RunPdfRender:
    """A worker renders one PDF.

    - a finished render, or one another worker holds (its lease not run out), is left
      alone, so a redelivered message never renders twice;
    - the render is held under a lease from its claim to its outcome, which the worker's
      heartbeat renews while it runs;
    - it renders the CV as the owner approved it when the render starts (their edit, else
      the AI's answer), and records which text that was;
    - the file is kept under a key made from the render's id: a render run again after
      its worker died writes the same file again, never a second one;
    - a CV the renderer refuses (too long, too slow, too complex) fails the render with
      the renderer's reason, once: it would fail the same way again;
    - the outcome is recorded only if this worker still holds the render; a render whose
      improvement was deleted meanwhile leaves no file behind.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        renderer: CVRenderer,
        storage: BlobStorage,
        clock: Clock,
        *,
        leases: HeldLeases,
    ) -> None:
        self._uow = uow
        self._leases = leases
        self._renderer = renderer
        self._storage = storage
        self._clock = clock

    def execute(self, render_id: int) -> None:
        claim = self._claim(render_id)
        if claim is None:
            return
        lease, request = claim
        with self._leases.holding(lease):
            self._render(render_id, lease.attempt, request)

    def _render(self, render_id: int, attempt: int, request: RenderRequest) -> None:
        try:
            pdf = self._renderer.render(request)
        except RenderFailed as error:
            self._finish(render_id, attempt, partial(_fail, reason=error.reason))
            return
        key = file_key(render_id)
        self._storage.put(key, pdf, "application/pdf")
        if not self._finish(render_id, attempt, partial(_succeed, key=key, size=len(pdf))):
            self._storage.delete(key)

    def _claim(self, render_id: int) -> tuple[Lease, RenderRequest] | None:
        now = self._clock.now()
        with self._uow() as uow:
            render = uow.pdf_renders.get_for_update(render_id)
            if render is None or render.is_finished:
                return None
            if render.status is JobStatus.RUNNING and render.next_attempt_at > now:
                return None
            prepared = _prepare(uow, render)
            if isinstance(prepared, str):
                _fail(render, prepared)
                render.finished_at = now
                uow.commit()
                return None
            render.status, render.started_at = JobStatus.RUNNING, now
            render.text_sha256 = markdown_sha256(prepared.markdown)
            render.attempts += 1
            render.next_attempt_at = self._leases.expiry(now)
            lease = Lease(RENDER_PDF, render_id, render.attempts, since=now)
            uow.commit()
        return lease, prepared

    def _finish(self, render_id: int, attempt: int, outcome: Callable[[PdfRender], None]) -> bool:
        """Records the outcome if this worker still holds the render; False when the
        render is gone altogether."""
        with self._uow() as uow:
            render = uow.pdf_renders.get_for_update(render_id)
            if render is None:
                return False
            if render.status is JobStatus.RUNNING and render.attempts == attempt:
                outcome(render)
                render.finished_at = self._clock.now()
                uow.commit()
            return True


def _prepare(uow: UnitOfWork, render: PdfRender) -> RenderRequest | str:
    """What to render, with a title and author of our making; or why it cannot be."""
    if render.attempts >= MAX_JOB_ATTEMPTS:
        return INTERRUPTED
    improvement = uow.ai_responses.get_owned(render.ai_response_id, render.user_id)
    markdown = improvement.approved_text if improvement else None
    if improvement is None or not markdown:
        return GONE
    questionnaire = uow.questionnaires.get_owned(improvement.questionnaire_id, render.user_id)
    user = uow.users.get(render.user_id)
    full_name = f"{user.first_name} {user.last_name}" if user else ""
    author = cv_author(markdown, full_name, user.username if user else "")
    return RenderRequest(
        markdown=markdown,
        title=cv_title(author, questionnaire.position if questionnaire else ""),
        author=author,
        template=render.template,
        page_size=render.page_size,
    )


def _succeed(render: PdfRender, *, key: str, size: int) -> None:
    render.status, render.error = JobStatus.SUCCEEDED, None
    render.file_key, render.file_size = key, size


def _fail(render: PdfRender, reason: str) -> None:
    render.status, render.error = JobStatus.FAILED, reason[:2000]
