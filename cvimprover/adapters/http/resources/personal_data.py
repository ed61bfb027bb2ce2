"""The signed-in person's data, as one download: /auth/user/export/"""

import io
import zipfile
from dataclasses import dataclass

import falcon
import orjson
from spectree import Response

from cvimprover.adapters.http.auth import principal_of
from cvimprover.adapters.http.openapi import AUTHENTICATED, api
from cvimprover.core.users.commands import DataExportRequest
from cvimprover.core.users.use_cases.export_personal_data import (
    ExportPersonalData,
    PersonalDataExport,
)
from cvimprover.ports.clock import Clock

TAGS = ["auth"]
DOCUMENT_NAME = "data.json"


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
        export = self._deps.export.execute(DataExportRequest(principal_of(req).user_id))
        day = self._deps.clock.now().strftime("%Y%m%d")
        resp.content_type = "application/zip"
        resp.downloadable_as = f"cvimprover-data-{export.user_id}-{day}.zip"
        resp.cache_control = ["private", "no-store"]
        resp.set_header("X-Content-Type-Options", "nosniff")
        resp.data = _zipped(export)


def _zipped(export: PersonalDataExport) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = orjson.dumps(export.document, option=orjson.OPT_INDENT_2)
        archive.writestr(DOCUMENT_NAME, document)
        for name, data in export.files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
