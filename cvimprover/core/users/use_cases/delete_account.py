from cvimprover.core.errors import NotFound
from cvimprover.core.users.commands import AccountDeletion
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class DeleteAccount:
    """Erases the account and everything it owns, rows and files; its tokens stop
    working at once, and mails still waiting for its address are never sent. Files go
    after the rows: a file left by a crash in between is an orphan for cleanup, never a
    row pointing at nothing."""

    def __init__(self, uow: UnitOfWorkFactory, storage: BlobStorage) -> None:
        self._uow = uow
        self._storage = storage

    def execute(self, command: AccountDeletion) -> None:
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            keys = uow.questionnaires.file_keys_of(command.user_id)
            uow.mails.delete_addressed_to(user.email)
            uow.users.delete(user)
            uow.commit()
        for key in keys:
            self._storage.delete(key)
