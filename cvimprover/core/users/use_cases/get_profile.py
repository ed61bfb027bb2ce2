from cvimprover.core.errors import NotFound
from cvimprover.core.users.commands import ProfileQuery
from cvimprover.core.users.model import UserView
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class GetProfile:
    """The signed-in user's profile, plan and subscription state."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: ProfileQuery) -> UserView:
        with self._uow() as uow:
            view = uow.users.view(command.user_id)
        if view is None:
            raise NotFound("No such user.")
        return view
