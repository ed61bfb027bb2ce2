from cvimprover.core.billing.use_cases.get_usage import GetUsage
from cvimprover.core.errors import DependencyUnavailable, NotFound
from cvimprover.core.users.commands import DataExportRequest
from cvimprover.ports.clock import Clock
from cvimprover.ports.personal_data import ExportWriter, PersonalDataSource
from cvimprover.ports.storage import BlobStorage

FORMAT = "cvimprover-personal-data/1"


class ExportPersonalData:
    """Gathers everything the service holds about the caller, for them to download.

    - only the caller's own data: the user id comes from their access token;
    - the document has the profile (with plan and subscription state) and every row
      that names them: questionnaires with their CV text, AI results, PDF renders,
      sessions, billing events; secrets (password hash, token digests) stay out;
    - their quota use in the current windows, when the counters can be read (else null);
    - the uploaded CVs and rendered PDFs come along as files named by ids, read and
      written one at a time; a file missing from storage is listed under
      `missing_files`, never an error.
    """

    def __init__(
        self,
        source: PersonalDataSource,
        storage: BlobStorage,
        clock: Clock,
        *,
        usage: GetUsage | None = None,
    ) -> None:
        self._source = source
        self._storage = storage
        self._clock = clock
        self._usage = usage

    def execute(self, command: DataExportRequest, writer: ExportWriter) -> None:
        records = self._source.records_of(command.user_id)
        if records is None:
            raise NotFound("No such user.")
        written: list[str] = []
        missing: list[str] = []
        for stored in records.files:
            try:
                data = self._storage.get(stored.key)
            except KeyError:
                missing.append(stored.name)
                continue
            writer.add_file(stored.name, data)
            written.append(stored.name)
        writer.add_document(
            {
                "format": FORMAT,
                "exported_at": self._clock.now().isoformat(),
                "profile": records.profile,
                **records.sections,
                "usage": self._usage_of(command.user_id),
                "files": sorted(written),
                "missing_files": missing,
            }
        )

    def _usage_of(self, user_id: int) -> dict[str, object] | None:
        if self._usage is None:
            return None
        try:
            report = self._usage.execute(user_id)
        except (DependencyUnavailable, NotFound):
            return None
        quotas = [
            {
                "scope": use.scope.value,
                "limit": use.limit,
                "used": use.used,
                "resets_at": use.reset_at.isoformat(),
            }
            for use in report.uses
        ]
        return {"plan_in_force": report.plan, "quotas": quotas}
