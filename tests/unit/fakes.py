"""In-memory fakes of the ports, and a bootstrap that wires every accounts use case to them."""

import copy
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import ClassVar, Self

from cvimprover.core.billing.events import BillingEvent
from cvimprover.core.billing.model import FREE_PLAN_NAME, Plan, Price
from cvimprover.core.billing.quotas import PlanQuotas, Subscriber
from cvimprover.core.cvs.model import (
    AIResponse,
    ExtractedText,
    Improvement,
    ImprovementRequest,
    JobStatus,
    Questionnaire,
    TokenUsage,
)
from cvimprover.core.cvs.pdfs import PdfRender, RenderRequest
from cvimprover.core.errors import AuthenticationFailed, Conflict, DependencyUnavailable
from cvimprover.core.mail.model import MailStatus, QueuedMail
from cvimprover.core.users.model import (
    OneTimeToken,
    RefreshSession,
    SessionState,
    TokenPurpose,
    User,
    UserView,
)
from cvimprover.core.users.views import describe
from cvimprover.ports.billing import PlanRepository
from cvimprover.ports.clock import Clock
from cvimprover.ports.cvs import AIResponseRepository, PdfRenderRepository, QuestionnaireRepository
from cvimprover.ports.documents import CVRenderer, RenderFailed, TextExtractor, UnreadableDocument
from cvimprover.ports.llm import CVImprover, LLMUnavailable
from cvimprover.ports.mail_outbox import QueuedMailRepository
from cvimprover.ports.mailer import Mailer, OutgoingMail
from cvimprover.ports.payments import (
    CheckoutRequest,
    CheckoutSession,
    CheckoutState,
    PaymentGateway,
)
from cvimprover.ports.security import (
    AccessClaims,
    EmailPolicy,
    EmailVerdict,
    PasswordHasher,
    PasswordPolicy,
    RefreshClaims,
    SignedToken,
    TokenService,
)
from cvimprover.ports.storage import BlobStorage, StoredBlob
from cvimprover.ports.tasks import TaskQueue
from cvimprover.ports.throttle import FailureThrottle
from cvimprover.ports.unit_of_work import UnitOfWork
from cvimprover.ports.users import OneTimeTokenRepository, RefreshSessionRepository, UserRepository

# ---------------------------------------------------------------- stores and the unit of work


@dataclass
class StoreState:
    """Everything the fake database holds; a unit of work works on a deep copy of it."""

    users: dict[int, User] = field(default_factory=dict)
    plans: dict[int, Plan] = field(default_factory=dict)
    refresh_sessions: dict[str, RefreshSession] = field(default_factory=dict)
    one_time_tokens: dict[int, OneTimeToken] = field(default_factory=dict)
    mails: dict[int, QueuedMail] = field(default_factory=dict)
    questionnaires: dict[int, Questionnaire] = field(default_factory=dict)
    ai_responses: dict[int, AIResponse] = field(default_factory=dict)
    pdf_renders: dict[int, PdfRender] = field(default_factory=dict)
    last_ids: dict[str, int] = field(default_factory=dict)

    def next_id(self, table: str) -> int:
        self.last_ids[table] = self.last_ids.get(table, 0) + 1
        return self.last_ids[table]

    def replace_with(self, other: "StoreState") -> None:
        self.__dict__.update(copy.deepcopy(other).__dict__)


class InMemoryStore:
    """The committed state, shared by every unit of work from one factory."""

    def __init__(self) -> None:
        self.state = StoreState()

    def snapshot(self) -> StoreState:
        return copy.deepcopy(self.state)

    def publish(self, working: StoreState) -> None:
        self.state = copy.deepcopy(working)


class FakeUserRepository(UserRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, user: User) -> None:
        # Mirrors the unique indexes on lower(username) and lower(email).
        if self.get_by_username(user.username) or self.get_by_email(user.email):
            raise Conflict("A user with that username or e-mail already exists.")
        user.id = self._state.next_id("users")
        self._state.users[user.id] = user

    def get(self, user_id: int) -> User | None:
        return self._state.users.get(user_id)

    def get_by_username(self, username: str) -> User | None:
        return self._first(lambda user: user.username.lower() == username.lower())

    def get_by_email(self, email: str) -> User | None:
        return self._first(lambda user: user.email.lower() == email.lower())

    def get_by_google_subject(self, subject: str) -> User | None:
        return self._first(lambda user: user.google_subject == subject)

    def delete(self, user: User) -> None:
        assert user.id is not None
        del self._state.users[user.id]
        sessions, tokens = self._state.refresh_sessions, self._state.one_time_tokens
        for jti in [jti for jti, s in sessions.items() if s.user_id == user.id]:
            del sessions[jti]
        for token_id in [key for key, t in tokens.items() if t.user_id == user.id]:
            del tokens[token_id]
        for table in (
            self._state.questionnaires,
            self._state.ai_responses,
            self._state.pdf_renders,
        ):
            for row_id in [key for key, row in table.items() if row.user_id == user.id]:
                del table[row_id]

    def session_state(self, user_id: int) -> SessionState | None:
        user = self._state.users.get(user_id)
        return SessionState(user.session_version, user.is_active, user.is_staff) if user else None

    def view(self, user_id: int) -> UserView | None:
        user = self._state.users.get(user_id)
        if user is None:
            return None
        return describe(user, self._state.plans.get(user.plan_id) if user.plan_id else None)

    def _first(self, matches: Callable[[User], bool]) -> User | None:
        return next((user for user in self._state.users.values() if matches(user)), None)


class FakePlanRepository(PlanRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def get(self, plan_id: int) -> Plan | None:
        return self._state.plans.get(plan_id)

    def get_by_name(self, name: str) -> Plan | None:
        return next((plan for plan in self._state.plans.values() if plan.name == name), None)

    def list(self) -> list[Plan]:
        return sorted(self._state.plans.values(), key=lambda plan: (plan.order, plan.name))

    def add(self, plan: Plan) -> None:
        plan.id = self._state.next_id("plans")
        self._state.plans[plan.id] = plan

    def subscriber(self, user_id: int) -> Subscriber:
        user = self._state.users.get(user_id)
        plan = self.get(user.plan_id) if user and user.plan_id is not None else None
        free = self.get_by_name(FREE_PLAN_NAME) or Plan(name=FREE_PLAN_NAME, order=0)
        return Subscriber(
            username=user.username if user else "",
            plan=PlanQuotas.of(plan) if plan else None,
            free=PlanQuotas.of(free),
            status=user.stripe_subscription_status if user else None,
            past_due_since=user.past_due_since if user else None,
        )


class FakeRefreshSessionRepository(RefreshSessionRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, session: RefreshSession) -> None:
        self._state.refresh_sessions[session.jti] = session

    def get_for_update(self, jti: str) -> RefreshSession | None:
        return self._state.refresh_sessions.get(jti)

    def revoke_family(self, family_id: str, when: datetime) -> None:
        self._revoke(lambda session: session.family_id == family_id, when)

    def revoke_all_for_user(self, user_id: int, when: datetime) -> None:
        self._revoke(lambda session: session.user_id == user_id, when)

    def _revoke(self, matches: Callable[[RefreshSession], bool], when: datetime) -> None:
        for session in self._state.refresh_sessions.values():
            if matches(session) and session.revoked_at is None:
                session.revoked_at = when


class FakeOneTimeTokenRepository(OneTimeTokenRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, token: OneTimeToken) -> None:
        token.id = self._state.next_id("one_time_tokens")
        self._state.one_time_tokens[token.id] = token

    def get_by_digest(self, digest: str, purpose: TokenPurpose) -> OneTimeToken | None:
        tokens = self._state.one_time_tokens.values()
        return next((t for t in tokens if t.digest == digest and t.purpose == purpose), None)

    def spend_all(self, user_id: int, purpose: TokenPurpose, when: datetime) -> None:
        for token in self._state.one_time_tokens.values():
            if token.user_id == user_id and token.purpose == purpose and token.used_at is None:
                token.used_at = when


class FakeQueuedMailRepository(QueuedMailRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, mail: QueuedMail) -> None:
        mail.id = self._state.next_id("mails")
        self._state.mails[mail.id] = mail

    def get_for_update(self, mail_id: int) -> QueuedMail | None:
        return self._state.mails.get(mail_id)

    def due(self, now: datetime, limit: int) -> list[QueuedMail]:
        due = [
            mail
            for mail in self._state.mails.values()
            if mail.status is not MailStatus.FAILED and mail.next_attempt_at <= now
        ]
        return sorted(due, key=lambda mail: mail.next_attempt_at)[:limit]

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return _renew(self._state.mails, MailStatus.SENDING, attempts, until)

    def delete(self, mail: QueuedMail) -> None:
        assert mail.id is not None
        del self._state.mails[mail.id]

    def delete_addressed_to(self, address: str) -> None:
        mails = self._state.mails
        for mail_id in [key for key, m in mails.items() if m.to.lower() == address.lower()]:
            del mails[mail_id]


def _renew(rows: Mapping, running: object, attempts: Mapping[int, int], until: datetime) -> set:
    """As the SQL does: only a row still running the attempt that holds it."""
    renewed = set()
    for row_id, attempt in attempts.items():
        row = rows.get(row_id)
        if row is not None and row.status is running and row.attempts == attempt:
            row.next_attempt_at = until
            renewed.add(row_id)
    return renewed


def _newest_first(rows, user_id: int, before_id: int | None, limit: int) -> list:
    owned = [row for row in rows if row.user_id == user_id]
    if before_id is not None:
        owned = [row for row in owned if row.id < before_id]
    return sorted(owned, key=lambda row: row.id, reverse=True)[:limit]


class FakeQuestionnaireRepository(QuestionnaireRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, questionnaire: Questionnaire) -> None:
        questionnaire.id = self._state.next_id("questionnaires")
        self._state.questionnaires[questionnaire.id] = questionnaire

    def get_owned(self, questionnaire_id: int, user_id: int) -> Questionnaire | None:
        found = self._state.questionnaires.get(questionnaire_id)
        return found if found is not None and found.user_id == user_id else None

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[Questionnaire]:
        return _newest_first(self._state.questionnaires.values(), user_id, before_id, limit)

    def file_keys_of(self, user_id: int) -> list[str]:
        return _file_keys_of(self._state, user_id)

    def delete(self, questionnaire: Questionnaire) -> None:
        del self._state.questionnaires[questionnaire.id]
        for job_id in [
            k
            for k, job in self._state.ai_responses.items()
            if job.questionnaire_id == questionnaire.id
        ]:
            del self._state.ai_responses[job_id]
        renders, jobs = self._state.pdf_renders, self._state.ai_responses
        for render_id in [k for k, r in renders.items() if r.ai_response_id not in jobs]:
            del renders[render_id]


def _file_keys_of(state, user_id: int) -> list[str]:
    owned = state.questionnaires.values()
    resumes = [q.resume_key for q in owned if q.user_id == user_id and q.resume_key]
    renders = state.pdf_renders.values()
    return resumes + [r.file_key for r in renders if r.user_id == user_id and r.file_key]


class FakeAIResponseRepository(AIResponseRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, response: AIResponse) -> None:
        response.id = self._state.next_id("ai_responses")
        self._state.ai_responses[response.id] = response

    def get_owned(self, response_id: int, user_id: int) -> AIResponse | None:
        found = self._state.ai_responses.get(response_id)
        return found if found is not None and found.user_id == user_id else None

    def get_for_update(self, response_id: int) -> AIResponse | None:
        return self._state.ai_responses.get(response_id)

    def list_owned(self, user_id: int, *, before_id: int | None, limit: int) -> list[AIResponse]:
        return _newest_first(self._state.ai_responses.values(), user_id, before_id, limit)

    def due(self, now: datetime, limit: int) -> list[AIResponse]:
        due = [
            job
            for job in self._state.ai_responses.values()
            if not job.is_finished and job.next_attempt_at <= now
        ]
        return sorted(due, key=lambda job: job.next_attempt_at)[:limit]

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return _renew(self._state.ai_responses, JobStatus.RUNNING, attempts, until)


class FakePdfRenderRepository(PdfRenderRepository):
    def __init__(self, state: StoreState) -> None:
        self._state = state

    def add(self, render: PdfRender) -> None:
        render.id = self._state.next_id("pdf_renders")
        self._state.pdf_renders[render.id] = render

    def get_owned(self, render_id: int, user_id: int) -> PdfRender | None:
        found = self._state.pdf_renders.get(render_id)
        return found if found is not None and found.user_id == user_id else None

    def get_for_update(self, render_id: int) -> PdfRender | None:
        return self._state.pdf_renders.get(render_id)

    def latest_of(self, ai_response_ids: list[int]) -> dict[int, PdfRender]:
        latest: dict[int, PdfRender] = {}
        for render in sorted(self._state.pdf_renders.values(), key=lambda r: r.id):
            if render.ai_response_id in ai_response_ids:
                latest[render.ai_response_id] = render
        return latest

    def due(self, now: datetime, limit: int) -> list[PdfRender]:
        due = [
            render
            for render in self._state.pdf_renders.values()
            if not render.is_finished and render.next_attempt_at <= now
        ]
        return sorted(due, key=lambda render: render.next_attempt_at)[:limit]

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return _renew(self._state.pdf_renders, JobStatus.RUNNING, attempts, until)

    def file_keys_under(self, questionnaire_id: int) -> list[str]:
        jobs = self._state.ai_responses
        return [
            render.file_key
            for render in self._state.pdf_renders.values()
            if render.file_key
            and render.ai_response_id in jobs
            and jobs[render.ai_response_id].questionnaire_id == questionnaire_id
        ]


class FakeUnitOfWork(UnitOfWork):
    """Works on a private copy of the store; `commit` publishes it, leaving discards it."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.committed = False
        self.rolled_back = False

    def __enter__(self) -> Self:
        self._state = self._store.snapshot()
        self.users = FakeUserRepository(self._state)
        self.plans = FakePlanRepository(self._state)
        self.refresh_sessions = FakeRefreshSessionRepository(self._state)
        self.one_time_tokens = FakeOneTimeTokenRepository(self._state)
        self.mails = FakeQueuedMailRepository(self._state)
        self.questionnaires = FakeQuestionnaireRepository(self._state)
        self.ai_responses = FakeAIResponseRepository(self._state)
        self.pdf_renders = FakePdfRenderRepository(self._state)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def commit(self) -> None:
        self._store.publish(self._state)
        self.committed = True

    def rollback(self) -> None:
        self._state.replace_with(self._store.state)
        self.rolled_back = True


class FakeUnitOfWorkFactory:
    """Hands out units of work over one store and remembers them, newest last."""

    def __init__(self, store: InMemoryStore) -> None:
        self.store = store
        self.units: list[FakeUnitOfWork] = []

    def __call__(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork(self.store)
        self.units.append(unit)
        return unit

    @property
    def last(self) -> FakeUnitOfWork:
        return self.units[-1]


# ---------------------------------------------------------------- time, secrets, mail, throttle


class FakeClock(Clock):
    def __init__(self, now: datetime | None = None) -> None:
        self._now = now or datetime(2025, 3, 14, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when

    def advance(self, delta: timedelta | None = None, **parts: float) -> None:
        self._now += (delta or timedelta()) + timedelta(**parts)


class FakePasswordHasher(PasswordHasher):
    """`hash` is readable (`fake-v<parameters>$<password>`); raise `parameters` to make
    every older hash need a rehash, as stronger argon2 settings would."""

    def __init__(self) -> None:
        self.parameters = 1
        self.verify_calls = 0
        self.dummy_verify_calls = 0

    def hash(self, password: str) -> str:
        return f"fake-v{self.parameters}${password}"

    def verify(self, password: str, password_hash: str) -> bool:
        self.verify_calls += 1
        return password_hash.partition("$")[2] == password

    def verify_against_nothing(self, password: str) -> None:
        self.dummy_verify_calls += 1

    def needs_rehash(self, password_hash: str) -> bool:
        return not password_hash.startswith(f"fake-v{self.parameters}$")

    @property
    def all_verify_calls(self) -> int:
        return self.verify_calls + self.dummy_verify_calls


class FakeTokenService(TokenService):
    """Tokens read `access|<user_id>|<sv>|<exp>` and
    `refresh|<user_id>|<sv>|<jti>|<family>|<exp>`; expiry is judged by the clock."""

    ACCESS_LIFETIME = timedelta(minutes=15)
    REFRESH_LIFETIME = timedelta(days=7)

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def issue_access(self, claims: AccessClaims, now: datetime) -> SignedToken:
        expires_at = now + self.ACCESS_LIFETIME
        parts = ["access", claims.user_id, claims.session_version]
        return SignedToken(_join(parts, expires_at), expires_at)

    def issue_refresh(self, claims: RefreshClaims, now: datetime) -> SignedToken:
        expires_at = now + self.REFRESH_LIFETIME
        parts = ["refresh", claims.user_id, claims.session_version, claims.jti, claims.family_id]
        return SignedToken(_join(parts, expires_at), expires_at)

    def decode_access(self, token: str) -> AccessClaims:
        _, user_id, version = self._fields(token, "access", 4)
        return AccessClaims(int(user_id), int(version))

    def decode_refresh(self, token: str) -> RefreshClaims:
        _, user_id, version, jti, family = self._fields(token, "refresh", 6)
        return RefreshClaims(int(user_id), int(version), jti, family)

    def _fields(self, token: str, kind: str, count: int) -> list[str]:
        fields = token.split("|")
        try:
            if len(fields) != count or fields[0] != kind:
                raise ValueError(kind)
            int(fields[1]), int(fields[2])
            expires_at = datetime.fromtimestamp(int(fields[-1]), UTC)
        except ValueError:
            raise AuthenticationFailed("Token is invalid or expired.") from None
        if self._clock.now() >= expires_at:
            raise AuthenticationFailed("Token is invalid or expired.")
        return fields[:-1]


def _join(parts: list[object], expires_at: datetime) -> str:
    return "|".join(str(part) for part in [*parts, int(expires_at.timestamp())])


class RecordingMailer(Mailer):
    """Keeps what it sends; while `down`, refuses as an unreachable mail server would."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMail] = []
        self.down = False
        self.on_send: Callable[[OutgoingMail], None] | None = None
        """Called with each mail as it goes out, to look at the world at that moment."""

    def send(self, mail: OutgoingMail) -> None:
        if self.down:
            raise DependencyUnavailable("The mail server is unreachable.")
        if self.on_send is not None:
            self.on_send(mail)
        self.sent.append(mail)

    def to(self, address: str) -> list[OutgoingMail]:
        return [mail for mail in self.sent if mail.to == address]

    def verification_key(self, mail: OutgoingMail | None = None) -> str:
        return _link_part(mail or self.sent[-1], VERIFY_LINK_PATTERN)[0]

    def reset_link(self, mail: OutgoingMail | None = None) -> tuple[str, str]:
        uid, token = _link_part(mail or self.sent[-1], RESET_LINK_PATTERN)
        return uid, token


VERIFY_LINK_PATTERN = re.compile(r"https://app\.test/verify-email/(\S+)")
RESET_LINK_PATTERN = re.compile(r"https://app\.test/password-reset/([^/\s]+)/(\S+)")
"""Match the links `bootstrap` configures."""


def _link_part(mail: OutgoingMail, pattern: re.Pattern[str]) -> tuple[str, ...]:
    found = pattern.search(mail.text)
    assert found, f"no link in {mail.subject!r}"
    return found.groups()


class FakeThrottle(FailureThrottle):
    """Allows `limit` failures per key within a moving `window`, timed by the clock."""

    def __init__(self, clock: Clock, *, limit: int = 5, window: timedelta = timedelta(minutes=5)):
        self._clock = clock
        self._limit = limit
        self._window = window
        self._failures: dict[str, list[datetime]] = {}

    def retry_after(self, keys: list[str]) -> int | None:
        waits = [self._wait(key) for key in keys if len(self._recent(key)) >= self._limit]
        return max(waits) if waits else None

    def record_failure(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.setdefault(key, []).append(self._clock.now())

    def clear(self, key: str) -> None:
        self._failures.pop(key, None)

    def failures(self, key: str) -> int:
        return len(self._recent(key))

    def _recent(self, key: str) -> list[datetime]:
        since = self._clock.now() - self._window
        return [when for when in self._failures.get(key, []) if when > since]

    def _wait(self, key: str) -> int:
        opens_at = self._recent(key)[0] + self._window
        return max(1, math.ceil((opens_at - self._clock.now()).total_seconds()))


# ---------------------------------------------------------------- policies

TOO_COMMON = "This password is too common."
TOO_SIMILAR = "The password is too similar to the username or e-mail address."


class FakePasswordPolicy(PasswordPolicy):
    """Refuses anything containing "password", and passwords built from the user's inputs."""

    def problems(self, password: str, *, user_inputs: list[str]) -> list[str]:
        lowered = password.casefold()
        problems = [TOO_COMMON] if "password" in lowered else []
        words = [value.casefold().split("@")[0] for value in user_inputs if value]
        if any(len(word) >= 4 and word in lowered for word in words):
            problems.append(TOO_SIMILAR)
        return problems


DISPOSABLE = "Disposable e-mail addresses are not accepted."


class FakeEmailPolicy(EmailPolicy):
    """Lower-cases the domain; refuses a few domains, and malformed addresses without a reason."""

    REFUSED: ClassVar[dict[str, str]] = {
        "mailinator.com": DISPOSABLE,
        "gmial.com": "Did you mean gmail.com?",
    }

    def check(self, email: str) -> EmailVerdict:
        local, at, domain = email.strip().rpartition("@")
        if not at or not local or "." not in domain or re.search(r"\s|@", local + domain):
            return EmailVerdict(None)
        domain = domain.lower()
        if domain in self.REFUSED:
            return EmailVerdict(None, self.REFUSED[domain])
        return EmailVerdict(f"{local}@{domain}")


class RecordingTaskQueue(TaskQueue):
    """Keeps what was queued; can be told the broker is down."""

    def __init__(self) -> None:
        self.queued: list[tuple[str, int]] = []
        self.broker_down = False

    def enqueue(self, kind: str, job_id: int) -> None:
        if self.broker_down:
            raise DependencyUnavailable("broker down")
        self.queued.append((kind, job_id))


class RecordingPaymentGateway(PaymentGateway):
    """Keeps the subscriptions it was told to cancel; can be told the gateway is down.
    Checkout, prices and webhooks are the adapters' tests' business, not these."""

    def __init__(self, name: str = "stripe") -> None:
        self.name = name
        self.canceled: list[str] = []
        self.down = False
        self.on_cancel: Callable[[str], None] | None = None
        """Runs after a cancellation: what else happens meanwhile (a webhook, say)."""

    def prices(self, price_ids: Sequence[str]) -> dict[str, Price]:
        return {}

    def start_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        raise DependencyUnavailable("This fake opens no checkouts.")

    def checkout_state(self, session_id: str) -> CheckoutState:
        raise DependencyUnavailable("This fake opens no checkouts.")

    def portal_url(self, customer_id: str, return_url: str) -> str:
        return f"https://{self.name}.test/portal/{customer_id}"

    def cancel_subscription(self, subscription_id: str) -> None:
        if self.down:
            raise DependencyUnavailable("The payment gateway is down.")
        self.canceled.append(subscription_id)
        if self.on_cancel is not None:
            self.on_cancel(subscription_id)

    def read_webhook(self, body: bytes, headers: Mapping[str, str]) -> BillingEvent | None:
        return None


class FakeTextExtractor(TextExtractor):
    """Reads `b"%PDF" + text`; anything else is not a PDF, and an empty text is a scan."""

    def extract(self, pdf: bytes) -> ExtractedText:
        if not pdf.startswith(b"%PDF"):
            raise UnreadableDocument("The file is not a PDF.")
        text = pdf[4:].decode()
        if not text.strip():
            raise UnreadableDocument("The PDF has no text (a scan?).")
        return ExtractedText(text, 1)


class InMemoryBlobStorage(BlobStorage):
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.files[key] = data

    def get(self, key: str) -> bytes:
        return self.files[key]

    def delete(self, key: str) -> None:
        self.files.pop(key, None)

    def stored(self) -> Iterator[StoredBlob]:
        epoch = datetime(2000, 1, 1, tzinfo=UTC)
        return iter([StoredBlob(key, epoch) for key in list(self.files)])


class ScriptedImprover(CVImprover):
    """Answers with a fixed Markdown, or fails the way it is told to; records requests."""

    def __init__(self, name: str, *, fails_with: str | None = None) -> None:
        self.name = name
        self.fails_with = fails_with
        self.requests: list[ImprovementRequest] = []
        self.answer = f"## Summary\n\nImproved by {name}."
        self.on_improve: Callable[[ImprovementRequest], None] | None = None
        """Called with each request while it runs, to change the world meanwhile."""

    def improve(self, request: ImprovementRequest) -> Improvement:
        self.requests.append(request)
        if self.on_improve is not None:
            self.on_improve(request)
        if self.fails_with:
            raise LLMUnavailable(self.name, self.fails_with)
        return Improvement(
            self.answer,
            self.name,
            f"{self.name}-model",
            TokenUsage(10, 20),
        )


class FakeCVRenderer(CVRenderer):
    """Makes a tiny PDF-looking file naming the request, or refuses with `refuses_with`;
    records every request."""

    def __init__(self) -> None:
        self.requests: list[RenderRequest] = []
        self.refuses_with: str | None = None
        self.on_render: Callable[[RenderRequest], None] | None = None
        """Called with each request while it renders, to change the world meanwhile."""

    def render(self, request: RenderRequest) -> bytes:
        self.requests.append(request)
        if self.on_render is not None:
            self.on_render(request)
        if self.refuses_with:
            raise RenderFailed(self.refuses_with)
        options = f"{request.template.value} {request.page_size.value}"
        return f"%PDF-fake {options} {request.title}".encode()
