"""Every accounts use case, wired to the in-memory fakes as `container.py` wires the adapters."""

from dataclasses import dataclass

from cvimprover.adapters.payments.gateway_registry import GatewayRegistry
from cvimprover.core.billing.model import FREE_PLAN_NAME, Plan
from cvimprover.core.users.accounts import AccountFactory
from cvimprover.core.users.commands import Credentials, NewAccount
from cvimprover.core.users.messages import AccountLinks
from cvimprover.core.users.model import AuthResult, OneTimeToken, RefreshSession, User
from cvimprover.core.users.rules import AccountRules
from cvimprover.core.users.sessions import SessionIssuer
from cvimprover.core.users.use_cases.authenticate import Authenticate
from cvimprover.core.users.use_cases.change_password import ChangePassword
from cvimprover.core.users.use_cases.confirm_password_reset import ConfirmPasswordReset
from cvimprover.core.users.use_cases.create_user import CreateUser
from cvimprover.core.users.use_cases.delete_account import DeleteAccount
from cvimprover.core.users.use_cases.get_profile import GetProfile
from cvimprover.core.users.use_cases.log_in import LogIn
from cvimprover.core.users.use_cases.log_out import LogOut
from cvimprover.core.users.use_cases.refresh_tokens import RefreshTokens
from cvimprover.core.users.use_cases.register_user import RegisterUser
from cvimprover.core.users.use_cases.request_password_reset import RequestPasswordReset
from cvimprover.core.users.use_cases.resend_verification_email import ResendVerificationEmail
from cvimprover.core.users.use_cases.update_profile import UpdateProfile
from cvimprover.core.users.use_cases.verify_email import VerifyEmail
from tests.unit.fakes import (
    FakeClock,
    FakeEmailPolicy,
    FakePasswordHasher,
    FakePasswordPolicy,
    FakeThrottle,
    FakeTokenService,
    FakeUnitOfWorkFactory,
    InMemoryBlobStorage,
    InMemoryStore,
    RecordingMailer,
    RecordingPaymentGateway,
)

LINKS = AccountLinks(
    verify_email="https://app.test/verify-email/{key}",
    reset_password="https://app.test/password-reset/{uid}/{token}",
)
PASSWORD = "correct horse battery staple"


@dataclass
class Accounts:
    """The use cases under test, next to the fakes they were given."""

    uow: FakeUnitOfWorkFactory
    clock: FakeClock
    hasher: FakePasswordHasher
    tokens: FakeTokenService
    mailer: RecordingMailer
    throttle: FakeThrottle
    gateway: RecordingPaymentGateway
    """The selling gateway, stripe."""
    former_gateway: RecordingPaymentGateway
    """paddle, configured beside it: it still holds subscriptions."""
    register_user: RegisterUser
    create_user: CreateUser
    log_in: LogIn
    refresh_tokens: RefreshTokens
    log_out: LogOut
    authenticate: Authenticate
    verify_email: VerifyEmail
    resend_verification: ResendVerificationEmail
    get_profile: GetProfile
    update_profile: UpdateProfile
    delete_account: DeleteAccount
    change_password: ChangePassword
    request_reset: RequestPasswordReset
    confirm_reset: ConfirmPasswordReset

    def sign_up(
        self, username: str = "alice", email: str = "alice@example.com", password: str = PASSWORD
    ) -> AuthResult:
        return self.register_user.execute(NewAccount(username, email, password, password))

    def log_in_as(self, login: str = "alice", password: str = PASSWORD) -> AuthResult:
        return self.log_in.execute(Credentials(login, password, client_ip="203.0.113.7"))

    def stored_user(self, user_id: int) -> User | None:
        """The committed row, as a later request would read it."""
        return self.uow.store.state.users.get(user_id)

    def change_user(self, user_id: int, **fields: object) -> None:
        """Changes a stored user behind the use cases' back (an operator, say)."""
        with self.uow() as uow:
            user = uow.users.get(user_id)
            assert user is not None
            for name, value in fields.items():
                setattr(user, name, value)
            uow.commit()

    def user_named(self, username: str) -> User:
        users = self.uow.store.state.users.values()
        return next(user for user in users if user.username == username)

    def sessions_of(self, user_id: int) -> list[RefreshSession]:
        sessions = self.uow.store.state.refresh_sessions.values()
        return sorted(
            (session for session in sessions if session.user_id == user_id),
            key=lambda session: session.issued_at,
        )

    def tokens_of(self, user_id: int) -> list[OneTimeToken]:
        tokens = self.uow.store.state.one_time_tokens.values()
        return [token for token in tokens if token.user_id == user_id]


def bootstrap(*, require_verified_email: bool = False) -> Accounts:
    store = InMemoryStore()
    uow = FakeUnitOfWorkFactory(store)
    with uow() as unit:
        unit.plans.add(Plan(name=FREE_PLAN_NAME, description="Try it out", order=0))
        unit.plans.add(Plan(name="Pro", description="For the job hunt", order=20))
        unit.commit()
    uow.units.clear()

    clock, hasher, mailer = FakeClock(), FakePasswordHasher(), RecordingMailer()
    tokens, throttle = FakeTokenService(clock), FakeThrottle(clock)
    rules = AccountRules(FakeEmailPolicy(), FakePasswordPolicy())
    gateway, former_gateway = RecordingPaymentGateway(), RecordingPaymentGateway("paddle")
    sessions = SessionIssuer(tokens)
    accounts = AccountFactory(rules, hasher)
    return Accounts(
        uow=uow,
        clock=clock,
        hasher=hasher,
        tokens=tokens,
        mailer=mailer,
        throttle=throttle,
        gateway=gateway,
        former_gateway=former_gateway,
        register_user=RegisterUser(uow, accounts, sessions, clock, mailer, LINKS),
        create_user=CreateUser(uow, accounts, clock),
        log_in=LogIn(
            uow, hasher, sessions, throttle, clock, require_verified_email=require_verified_email
        ),
        refresh_tokens=RefreshTokens(uow, tokens, sessions, clock),
        log_out=LogOut(uow, tokens, clock),
        authenticate=Authenticate(uow, tokens),
        verify_email=VerifyEmail(uow, clock),
        resend_verification=ResendVerificationEmail(uow, clock, mailer, LINKS),
        get_profile=GetProfile(uow),
        update_profile=UpdateProfile(uow, rules, clock, mailer, LINKS),
        delete_account=DeleteAccount(
            uow, InMemoryBlobStorage(), GatewayRegistry(gateway, [former_gateway])
        ),
        change_password=ChangePassword(uow, rules, hasher, sessions, clock),
        request_reset=RequestPasswordReset(uow, clock, mailer, LINKS),
        confirm_reset=ConfirmPasswordReset(uow, rules, hasher, clock),
    )
