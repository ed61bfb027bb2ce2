"""PDFs of improved CVs: the render job, what a renderer is given, and the names we choose.

The improved CV is the AI's Markdown, untrusted text; the title, author and file name
around it are made here from ids, enums and the person's own account.
"""

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from cvimprover.core.cvs.model import JobStatus


class PdfTemplate(enum.StrEnum):
    CLASSIC = "classic"
    MODERN = "modern"


class PageSize(enum.StrEnum):
    A4 = "A4"
    LETTER = "Letter"


@dataclass(frozen=True)
class RenderRequest:
    """Everything a renderer may use. `markdown` is untrusted; the rest is ours."""

    markdown: str
    title: str
    author: str
    template: PdfTemplate
    page_size: PageSize


@dataclass(kw_only=True, eq=False)
class PdfRender:
    """One PDF of one improvement, in one template and page size: queued -> running ->
    succeeded (with its file) | failed. Rendering again in other options is another
    render, with a file of its own. `text_sha256` is the checksum of the Markdown it renders (the
    owner may edit the CV between two renders); renders from before edits existed have
    none, and rendered the AI's answer."""

    user_id: int
    ai_response_id: int
    template: PdfTemplate
    page_size: PageSize
    created_at: datetime
    next_attempt_at: datetime
    status: JobStatus = JobStatus.QUEUED
    error: str | None = None
    attempts: int = 0
    file_key: str | None = None
    file_size: int | None = None
    text_sha256: str | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    id: int | None = None

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    def same_options(self, template: PdfTemplate, page_size: PageSize) -> bool:
        return (self.template, self.page_size) == (template, page_size)

    def renders(self, markdown: str, original: str | None) -> bool:
        """Whether this render is (or becomes) a PDF of `markdown`; `original`, the AI's
        answer, is what a render without a checksum rendered."""
        rendered = self.text_sha256 or (markdown_sha256(original) if original else None)
        return rendered == markdown_sha256(markdown)


def markdown_sha256(markdown: str) -> str:
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()


RENDER_PDF = "render_pdf"
"""The job kind workers know a PDF render by."""


def file_key(render_id: int) -> str:
    """Where a render's file is kept: made from its id only, so a redelivered job writes
    the same file again rather than a second one."""
    return f"cv-pdfs/{render_id}"


def download_name(render: PdfRender) -> str:
    return (
        f"cv-{render.ai_response_id}-{render.template.value}-{render.page_size.value.lower()}.pdf"
    )


_HEADING = re.compile(r"#[ \t]+(.+?)[ \t#]*")
_TAG = re.compile(r"<[^>]*>")
_MARKUP = re.compile(r"[*_`\\<>\[\]]")
_NAME_LENGTH = 120


def cv_author(markdown: str, full_name: str, username: str) -> str:
    """The person's name as the CV's first heading gives it (improvers start with
    `# Name` when the CV names the person), else their account's name, else username."""
    first_line = next((line.strip() for line in markdown.splitlines() if line.strip()), "")
    heading = _HEADING.fullmatch(first_line)
    name = _plain(heading.group(1)) if heading else ""
    return name or _plain(full_name) or username


def cv_title(author: str, position: str) -> str:
    return (
        f"{author} \u2013 CV for {_plain(position)}" if position.strip() else f"{author} \u2013 CV"
    )


def _plain(text: str) -> str:
    cleaned = _MARKUP.sub("", _TAG.sub("", text))
    cleaned = "".join(character for character in cleaned if character.isprintable())
    return " ".join(cleaned.split())[:_NAME_LENGTH]
