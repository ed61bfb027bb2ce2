from dataclasses import dataclass

from cvimprover.core.cvs.commands import OwnedPdf
from cvimprover.core.cvs.model import JobStatus
from cvimprover.core.cvs.pdfs import download_name
from cvimprover.core.errors import Conflict, NotFound
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


@dataclass(frozen=True)
class PdfFile:
    """A rendered CV; its name is made from ids and options, never from anyone's text."""

    name: str
    data: bytes


class DownloadPdf:
    """A PDF rendered of one of the caller's improvements; anybody else's is not found,
    and one still being rendered (or that failed) has no file yet."""

    def __init__(self, uow: UnitOfWorkFactory, storage: BlobStorage) -> None:
        self._uow = uow
        self._storage = storage

    def execute(self, command: OwnedPdf) -> PdfFile:
        with self._uow() as uow:
            render = uow.pdf_renders.get_owned(command.pdf_id, command.user_id)
            if render is None or render.ai_response_id != command.ai_response_id:
                raise NotFound("No such PDF.")
            status, key, name = render.status, render.file_key, download_name(render)
        if status is not JobStatus.SUCCEEDED or key is None:
            raise Conflict(f"This PDF has no file: its render is {status.value}.")
        try:
            return PdfFile(name, self._storage.get(key))
        except KeyError:
            raise NotFound("The PDF file is gone.") from None
