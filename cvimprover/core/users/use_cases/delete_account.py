from cvimprover.core.billing.subscriptions import gateway_of, live_subscription
from cvimprover.core.errors import Conflict, NotFound
from cvimprover.core.users.commands import AccountDeletion
from cvimprover.core.users.model import User
from cvimprover.ports.payments import PaymentGateways
from cvimprover.ports.storage import BlobStorage
from cvimprover.ports.unit_of_work import UnitOfWorkFactory


class DeleteAccount:
    """Erases the account and everything it owns, rows and files; its tokens stop
    working at once, and mails still waiting for its address are never sent.

    A paid subscription is canceled first at the gateway that holds it (which need not
    be the one new checkouts go to), so nobody is charged for an account that is gone:
    while that gateway cannot be reached (DependencyUnavailable) the account stays as it
    was, and one no longer configured here is a Conflict (cancel it there first). Files
    go after the rows: a file left by a crash in between is an orphan for cleanup, never
    a row pointing at nothing."""

    def __init__(
        self, uow: UnitOfWorkFactory, storage: BlobStorage, gateways: PaymentGateways
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._gateways = gateways

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
        name = gateway_of(user, self._gateways.selling().name)
        gateway = self._gateways.named(name)
        if gateway is None:
            raise Conflict(
                f"Your subscription is billed through {name}, which this service is no "
                f"longer set up for: cancel it with {name}, then delete your account."
            )
        gateway.cancel_subscription(subscription_id)
        return subscription_id
