from cvimprover.core.cvs.commands import Owned
from cvimprover.core.cvs.views import ImprovementView, improvement_view
from cvimprover.core.errors import NotFound
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class GetImprovement:
    """One of the caller's improvement jobs, in whatever state it is, with its latest PDF."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: Owned) -> ImprovementView:
        with self._uow() as uow:
            job = uow.ai_responses.get_owned(command.item_id, command.user_id)
            if job is None:
                raise NotFound("No such AI response.")
            pdfs = uow.pdf_renders.latest_of([command.item_id])
            return improvement_view(job, pdfs.get(command.item_id))
