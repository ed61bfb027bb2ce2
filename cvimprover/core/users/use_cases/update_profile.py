from datetime import date

from cvimprover.core.errors import InvalidInput, NotFound
from cvimprover.core.users import mail_tokens
from cvimprover.core.users.commands import WRITABLE_PROFILE_FIELDS, ProfileChanges
from cvimprover.core.users.messages import AccountLinks, verification_mail
from cvimprover.core.users.model import TokenPurpose, User, UserView
from cvimprover.core.users.rules import AccountRules
from cvimprover.core.users.views import user_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.mailer import Mailer
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class UpdateProfile:
    """Changes the writable profile fields; plan and subscription fields are read-only.

    - a new username or e-mail must follow the account rules and be free;
    - a new e-mail is unverified until its owner follows the link mailed to it;
    - a date of birth lies in the past.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        rules: AccountRules,
        clock: Clock,
        mailer: Mailer,
        links: AccountLinks,
    ) -> None:
        self._uow = uow
        self._rules = rules
        self._clock = clock
        self._mailer = mailer
        self._links = links

    def execute(self, command: ProfileChanges) -> UserView:
        changes = command.changes
        if command.replace:
            missing = {"username", "email"} - changes.keys()
            if missing:
                raise InvalidInput(
                    "Send every field to replace the profile.",
                    errors={name: ["This field is required."] for name in sorted(missing)},
                )
        unknown = changes.keys() - WRITABLE_PROFILE_FIELDS.keys()
        if unknown:
            raise InvalidInput(
                "Some fields cannot be changed.",
                errors={name: ["This field is read-only."] for name in sorted(unknown)},
            )
        with self._uow() as uow:
            user = uow.users.get(command.user_id)
            if user is None:
                raise NotFound("No such user.")
            key = self._apply(uow, user, changes)
            view = user_view(uow, user)
            uow.commit()
        if key is not None:
            self._mailer.send(verification_mail(user, self._links, key))
        return view

    def _apply(self, uow: UnitOfWork, user: User, changes: dict[str, object]) -> str | None:
        assert user.id is not None
        for name in ("username", "email"):
            if name in changes and changes[name] is None:
                raise InvalidInput(
                    f"The {name} cannot be empty.", errors={name: ["This field may not be null."]}
                )
        key = None
        if "username" in changes:
            user.username = self._rules.username(uow, str(changes["username"]), current_id=user.id)
        if "email" in changes:
            email = self._rules.email(uow, str(changes["email"]), current_id=user.id)
            if email.casefold() != user.email.casefold():
                user.email, user.email_verified = email, False
                now = self._clock.now()
                # A reset link mailed to the old address would "prove" the new one.
                uow.one_time_tokens.spend_all(user.id, TokenPurpose.RESET_PASSWORD, now)
                key = mail_tokens.issue(uow, user, TokenPurpose.VERIFY_EMAIL, now)
        for name in ("first_name", "last_name"):
            if name in changes:
                setattr(user, name, str(changes[name] or "").strip())
        if "date_of_birth" in changes:
            user.date_of_birth = self._birth_date(changes["date_of_birth"])
        return key

    def _birth_date(self, value: object) -> date | None:
        if value is None:
            return None
        if not isinstance(value, date) or value >= self._clock.now().date():
            message = "The date of birth must lie in the past."
            raise InvalidInput(message, errors={"date_of_birth": [message]})
        return value
