from cvimprover.core.cvs.commands import PageRequest
from cvimprover.core.cvs.views import ImprovementView, Page, improvement_view, page_of
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class ListImprovements:
    """The caller's improvement jobs, newest first, a page at a time, each with its
    latest PDF (read for the whole page at once)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: PageRequest) -> Page[ImprovementView]:
        with self._uow() as uow:
            rows = uow.ai_responses.list_owned(
                command.user_id, before_id=command.before_id, limit=command.limit + 1
            )
            pdfs = uow.pdf_renders.latest_of([row.id for row in rows if row.id is not None])
            return page_of(
                rows, command.limit, lambda row: improvement_view(row, pdfs.get(row.id or 0))
            )
