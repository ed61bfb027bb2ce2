"""The improved PDF of a corpus CV, as a job would make it: the extracted text goes
through build_request (contact details removed, as for a vendor) to the offline
improver, its answer is put back under the name and contact line, and its Markdown goes
to the worker's renderer, classic template, the CV's page size.
"""

from types import TracebackType
from typing import Any

import pypdfium2 as pdfium

from cvimprover.adapters.ai.local_improver import LocalImprover
from cvimprover.adapters.documents.weasyprint_cv_renderer import WeasyPrintCVRenderer
from cvimprover.adapters.privacy.phonenumbers_phone_finder import PhonenumbersPhoneFinder
from cvimprover.core.cvs.answers import with_contact
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    JobTarget,
)
from cvimprover.core.cvs.pdfs import PageSize, PdfTemplate, RenderRequest, cv_author, cv_title
from cvimprover.core.cvs.prompt import build_request
from cvimprover.ports.documents import RenderFailed


def job_for(sidecar: dict[str, Any]) -> JobTarget:
    """A job ad for the CV's own line of work, in its language, asking for its skills."""
    skills = [item for group in sidecar["skills"] for item in group["items"]]
    position = sidecar["label"] or sidecar["work"][0]["title"]
    return JobTarget(
        position=position,
        industry=sidecar["profession"],
        experience_level=ExperienceLevel.MID,
        company_size=CompanySize.MEDIUM,
        application_timeline=ApplicationTimeline.ONE_TO_THREE_MONTHS,
        job_description=f"{position}. {', '.join(skills)}.",
        location=sidecar["location"],
    )


class ImprovedPages:
    """Page counts of improved PDFs, with one warm render process for all of them."""

    def __init__(self) -> None:
        self._improver = LocalImprover()
        self._phones = PhonenumbersPhoneFinder()
        self._renderer = WeasyPrintCVRenderer(timeout_seconds=60)

    def __enter__(self) -> "ImprovedPages":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._renderer.close()

    def pages(self, sidecar: dict[str, Any], text: str) -> int | str:
        """The improved PDF's page count, or why it could not be rendered."""
        target = job_for(sidecar)
        prepared = build_request(target, text, "", phones=self._phones)
        answer = self._improver.improve(prepared.request).markdown
        markdown = with_contact(answer, prepared.contact, prepared.phones)
        author = cv_author(markdown, sidecar["name"], "eval")
        request = RenderRequest(
            markdown,
            cv_title(author, target.position),
            author,
            PdfTemplate.CLASSIC,
            PageSize(sidecar["page_size"]),
        )
        try:
            return len(pdfium.PdfDocument(self._renderer.render(request)))
        except RenderFailed as failed:
            return failed.reason
