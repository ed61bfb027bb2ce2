import secrets
from datetime import datetime

from cvimprover.core.billing.model import FREE_PLAN_NAME
from cvimprover.core.errors import Conflict, InvalidInput, PermissionDenied
from cvimprover.core.users.commands import SocialLogin
from cvimprover.core.users.model import AuthResult, User
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.usernames import username_from_email
from cvimprover.core.users.views import user_view
from cvimprover.ports.clock import Clock
from cvimprover.ports.identity import IdentityVerifier, VerifiedIdentity
from cvimprover.ports.security import EmailPolicy
from cvimprover.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

UNUSABLE_PASSWORD_PREFIX = "!"  # noqa: S105 (a marker, not a password)
"""No password hash starts with it, so no password ever matches (as in Django)."""
LINK_REFUSED = (
    "An account with this e-mail address already exists, and Google does not say the "
    "address is verified. Log in with your password instead."
)
OTHER_GOOGLE_ACCOUNT = "This e-mail address belongs to an account linked to another Google account."


class SignInWithGoogle:
    """Exchanges a Google ID token for tokens, as a password login would.

    - the token is verified first (signature, issuer, audience, lifetime);
    - a person is recognised by Google's subject id, never by e-mail alone;
    - an existing account with the same e-mail is linked to the Google identity only
      when Google says the e-mail is verified (else `Conflict`: log in with the password),
      and never when it is already linked to another Google identity (`Conflict`);
    - otherwise a new account is made: on the Free plan, a username derived from the
      e-mail and made unique, no usable password (a password reset can set one), the
      e-mail verified when Google says so;
    - inactive accounts are refused; unverified ones too, when the setting says so.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        verifier: IdentityVerifier,
        emails: EmailPolicy,
        sessions: SessionIssuer,
        clock: Clock,
        *,
        require_verified_email: bool,
    ) -> None:
        self._uow = uow
        self._verifier = verifier
        self._emails = emails
        self._sessions = sessions
        self._clock = clock
        self._require_verified_email = require_verified_email

    def execute(self, command: SocialLogin) -> AuthResult:
        identity = self._verifier.verify(command.id_token)
        now = self._clock.now()
        with self._uow() as uow:
            user = uow.users.get_by_google_subject(identity.subject)
            if user is None:
                user = self._link_or_create(uow, identity, now)
            if not user.is_active:
                raise PermissionDenied("This account is disabled.")
            if self._require_verified_email and not user.email_verified:
                raise PermissionDenied("Confirm your e-mail address before logging in.")
            user.last_login = now
            tokens = self._sessions.start(uow, user, now)
            view = user_view(uow, user)
            uow.commit()
        return AuthResult(tokens, view)

    def _link_or_create(self, uow: UnitOfWork, identity: VerifiedIdentity, now: datetime) -> User:
        email = self._email_of(identity)
        user = uow.users.get_by_email(email)
        if user is not None:
            if not identity.email_verified:
                raise Conflict(LINK_REFUSED, errors={"email": [LINK_REFUSED]})
            if user.google_subject is not None:
                raise Conflict(OTHER_GOOGLE_ACCOUNT, errors={"email": [OTHER_GOOGLE_ACCOUNT]})
            user.google_subject = identity.subject
            user.email_verified = True
            return user
        free = uow.plans.get_by_name(FREE_PLAN_NAME)
        user = User(
            username=username_from_email(uow, email),
            email=email,
            password_hash=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            date_joined=now,
            first_name=identity.given_name[:150],
            last_name=identity.family_name[:150],
            plan_id=free.id if free else None,
            email_verified=identity.email_verified,
            google_subject=identity.subject,
        )
        uow.users.add(user)
        return user

    def _email_of(self, identity: VerifiedIdentity) -> str:
        verdict = self._emails.check(identity.email or "")
        if verdict.normalized is None:
            message = "The Google account gives no usable e-mail address."
            raise InvalidInput(message, errors={"id_token": [message]})
        return verdict.normalized
