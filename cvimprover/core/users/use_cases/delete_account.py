from cvimprover.core.errors import NotFound
from cvimprover.core.users.commands import AccountDeletion
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class DeleteAccount:
    """Erases the account and everything it owns; its tokens stop working at once."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def execute(self, command: AccountDeletion) -> None:
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            uow.users.delete(user)
            uow.commit()
