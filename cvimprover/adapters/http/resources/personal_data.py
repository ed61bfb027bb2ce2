"""The signed-in person's data, as one download: /auth/user/export/"""

import tempfile
import zipfile
from dataclasses import dataclass

import falcon
import orjson
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.openapi import AUTHENTICATED, api, document_file_response
from cvimprover.core.users.commands import DataExportRequest
from cvimprover.core.users.use_cases.export_personal_data import ExportPersonalData
from cvimprover.ports.clock import Clock
from cvimprover.ports.personal_data import ExportWriter

TAGS = ["auth"]
DOCUMENT_NAME = "data.json"
document_file_response(
    "/auth/user/export/", "get", "application/zip", "cvimprover-data-7-20261202.zip"
)
IN_MEMORY_BYTES = 8 * 1024 * 1024
"""An export bigger than this is spooled to a temporary file, not kept in memory."""


@dataclass(frozen=True)
class PersonalDataEndpoints:
    export: ExportPersonalData
    clock: Clock


class PersonalDataExportResource:
    auth_required = True

    def __init__(self, deps: PersonalDataEndpoints) -> None:
        self._deps = deps

    @api.validate(resp=Response(HTTP_200=None, HTTP_401=None), tags=TAGS, security=AUTHENTICATED)
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Everything the service holds about you, as a zip: `data.json` (profile, plan and
        subscription, questionnaires, AI results, PDF renders, sessions, billing) and
        under `files/` your uploaded CVs and rendered PDFs."""
        user_id = principal_of(req).user_id
        spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115 (streamed, then closed by the server)
        try:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                self._deps.export.execute(DataExportRequest(user_id), _ZipWriter(archive))
            size = spool.tell()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        day = self._deps.clock.now().strftime("%Y%m%d")
        resp.content_type = "application/zip"
        resp.downloadable_as = f"cvimprover-data-{user_id}-{day}.zip"
        resp.cache_control = ["private", "no-store"]
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.set_stream(spool, size)


class _ZipWriter(ExportWriter):
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive

    def add_file(self, name: str, data: bytes) -> None:
        self._archive.writestr(name, data)

    def add_document(self, document: dict[str, object]) -> None:
        self._archive.writestr(DOCUMENT_NAME, orjson.dumps(document, option=orjson.OPT_INDENT_2))
