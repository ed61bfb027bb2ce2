from cvimprover.core.billing.subscriptions import live_subscription
from cvimprover.core.errors import Conflict, NotFound
from cvimprover.core.users.commands import AccountDeletion
from cvimprover.core.users.model import User
from cvimprover.ports.payments import PaymentGateway
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class DeleteAccount:
    """Erases the account and everything it owns, rows and files; its tokens stop
    working at once, and mails still waiting for its address are never sent.

    A paid subscription is canceled at its gateway first, so nobody is charged for an
    account that is gone: while the gateway cannot be reached (DependencyUnavailable)
    the account stays as it was. Files go after the rows: a file left by a crash in
    between is an orphan for cleanup, never a row pointing at nothing."""

    def __init__(
        self, uow: UnitOfWorkFactory, storage: BlobStorage, gateway: PaymentGateway
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._gateway = gateway

    def execute(self, command: AccountDeletion) -> None:
        # The gateway is called outside any transaction: no connection waits on it.
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            canceled = self._cancel_subscription(user)
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            if live_subscription(user) not in (None, canceled):
                raise Conflict(
                    "A new subscription started while your account was being deleted: "
                    "delete it again to cancel that one too."
                )
            keys = uow.questionnaires.file_keys_of(command.user_id)
            uow.mails.delete_addressed_to(user.email)
            uow.users.delete(user)
            uow.commit()
        for key in keys:
            self._storage.delete(key)

    def _cancel_subscription(self, user: User) -> str | None:
        """Cancels the user's live subscription at its gateway; its id, or None."""
        subscription_id = live_subscription(user)
        if subscription_id is None:
            return None
        gateway = user.subscription_gateway
        if gateway not in (None, self._gateway.name):
            raise Conflict(
                f"Your subscription is billed through {gateway}, which this service no "
                f"longer uses: cancel it with {gateway}, then delete your account."
            )
        self._gateway.cancel_subscription(subscription_id)
        return subscription_id
