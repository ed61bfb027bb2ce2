"""Repositories over one SQLAlchemy session; the unit of work owns the session."""

import builtins
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, delete, func, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cvimprover.adapters.db import tables
from cvimprover.adapters.db.lease_renewal import renew_leases
from cvimprover.core.billing.model import FREE_PLAN_NAME, Plan, PlanPrice
from cvimprover.core.billing.quotas import RULES, PlanQuotas, Subscriber
from cvimprover.core.errors import Conflict
from cvimprover.core.mail.model import MailStatus, QueuedMail
from cvimprover.core.users.model import (
    OneTimeToken,
    PlanView,
    RefreshSession,
    SessionState,
    TokenPurpose,
    User,
    UserView,
)
from cvimprover.ports.billing import PlanRepository
from cvimprover.ports.mail_outbox import QueuedMailRepository
from cvimprover.ports.users import OneTimeTokenRepository, RefreshSessionRepository, UserRepository


class SqlAlchemyUserRepository(UserRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, user: User) -> None:
        self._session.add(user)
        try:
            self._session.flush()  # the id is needed for tokens and views in the same unit
        except IntegrityError:
            # A concurrent sign-up took the name between our check and this insert.
            raise Conflict("A user with that username or e-mail already exists.") from None

    def get(self, user_id: int) -> User | None:
        return self._session.get(User, user_id)

    def get_by_username(self, username: str) -> User | None:
        query = select(User).where(func.lower(tables.users.c.username) == username.lower())
        return self._session.scalars(query).one_or_none()

    def get_by_email(self, email: str) -> User | None:
        query = select(User).where(func.lower(tables.users.c.email) == email.lower())
        return self._session.scalars(query).one_or_none()

    def get_by_google_subject(self, subject: str) -> User | None:
        query = select(User).where(tables.users.c.google_subject == subject)
        return self._session.scalars(query).one_or_none()

    def delete(self, user: User) -> None:
        # Rows the user owns go with it through ON DELETE CASCADE.
        self._session.delete(user)
        self._session.flush()

    def session_state(self, user_id: int) -> SessionState | None:
        users = tables.users
        query = select(users.c.session_version, users.c.is_active, users.c.is_staff)
        row = self._session.execute(query.where(users.c.id == user_id)).one_or_none()
        return SessionState(*row) if row else None

    def view(self, user_id: int) -> UserView | None:
        users, plans = tables.users, tables.plans
        query = (
            select(users, plans.c.name.label("plan_name"), plans.c.description.label("plan_text"))
            .select_from(users.outerjoin(plans, users.c.plan_id == plans.c.id))
            .where(users.c.id == user_id)
        )
        row = self._session.execute(query).mappings().one_or_none()
        if row is None:
            return None
        plan = (
            PlanView(row["plan_id"], row["plan_name"], row["plan_text"]) if row["plan_id"] else None
        )
        return UserView(
            id=row["id"],
            username=row["username"],
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            date_of_birth=row["date_of_birth"],
            email_verified=row["email_verified"],
            is_staff=row["is_staff"],
            plan=plan,
            stripe_customer_id=row["stripe_customer_id"],
            stripe_subscription_id=row["stripe_subscription_id"],
            stripe_subscription_status=row["stripe_subscription_status"],
            subscription_renewal_date=row["subscription_renewal_date"],
        )


class SqlAlchemyPlanRepository(PlanRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, plan_id: int) -> Plan | None:
        return self._session.get(Plan, plan_id)

    def get_by_name(self, name: str) -> Plan | None:
        return self._session.scalars(select(Plan).where(tables.plans.c.name == name)).one_or_none()

    def list(self) -> list[Plan]:
        query = select(Plan).order_by(tables.plans.c.order, tables.plans.c.name)
        return list(self._session.scalars(query))

    def add(self, plan: Plan) -> None:
        self._session.add(plan)
        self._session.flush()

    def prices_of(self, gateway: str) -> builtins.list[PlanPrice]:
        prices = tables.plan_prices
        query = select(PlanPrice).where(prices.c.gateway == gateway).order_by(prices.c.id)
        return list(self._session.scalars(query))

    def add_price(self, price: PlanPrice) -> None:
        self._session.add(price)
        self._session.flush()

    def subscriber(self, user_id: int) -> Subscriber:
        row = self._session.execute(SUBSCRIBER, {"user_id": user_id}).one()
        width = len(QUOTA_FIELDS)
        plan_values, free_values = row[3 : 3 + width], row[3 + width :]
        return Subscriber(
            username=row.username or "",
            plan=_plan_quotas(plan_values) if plan_values[0] is not None else None,
            free=(
                _plan_quotas(free_values)
                if free_values[0] is not None
                else PlanQuotas.of(Plan(name=FREE_PLAN_NAME, order=0))
            ),
            status=row.stripe_subscription_status,
            past_due_since=row.past_due_since,
        )


QUOTA_FIELDS = ("id", "name", "order", *(field for field, _ in RULES.values()))


def _subscriber_query() -> Select[Any]:
    """One row whatever exists (Free, the user, or neither): the user's subscription
    state, then their plan's quota fields, then Free's."""
    users, plan, free = tables.users, tables.plans.alias("plan"), tables.plans.alias("free")
    return (
        select(
            users.c.username,
            users.c.stripe_subscription_status,
            users.c.past_due_since,
            *(plan.c[field] for field in QUOTA_FIELDS),
            *(free.c[field] for field in QUOTA_FIELDS),
        )
        .select_from(
            select(literal(1).label("one"))
            .subquery()
            .outerjoin(users, users.c.id == bindparam("user_id"))
            .outerjoin(plan, plan.c.id == users.c.plan_id)
            .outerjoin(free, free.c.name == FREE_PLAN_NAME)
        )
        .limit(1)
    )


SUBSCRIBER = _subscriber_query()


def _plan_quotas(values: Sequence[Any]) -> PlanQuotas:
    plan_id, name, order, *limits = values
    scopes = {scope: int(limit) for scope, limit in zip(RULES, limits, strict=True)}
    return PlanQuotas(plan_id, name, order, scopes)


class SqlAlchemyRefreshSessionRepository(RefreshSessionRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, session: RefreshSession) -> None:
        self._session.add(session)

    def get_for_update(self, jti: str) -> RefreshSession | None:
        query = select(RefreshSession).where(tables.refresh_sessions.c.jti == jti)
        return self._session.scalars(query.with_for_update()).one_or_none()

    def revoke_family(self, family_id: str, when: datetime) -> None:
        self._revoke(tables.refresh_sessions.c.family_id == family_id, when)

    def revoke_all_for_user(self, user_id: int, when: datetime) -> None:
        self._revoke(tables.refresh_sessions.c.user_id == user_id, when)

    def _revoke(self, condition: object, when: datetime) -> None:
        sessions = tables.refresh_sessions
        self._session.execute(
            update(sessions)
            .where(condition, sessions.c.revoked_at.is_(None))  # type: ignore[arg-type]
            .values(revoked_at=when),
            execution_options={"synchronize_session": "fetch"},
        )


class SqlAlchemyOneTimeTokenRepository(OneTimeTokenRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, token: OneTimeToken) -> None:
        self._session.add(token)

    def get_by_digest(self, digest: str, purpose: TokenPurpose) -> OneTimeToken | None:
        tokens = tables.one_time_tokens
        query = select(OneTimeToken).where(tokens.c.digest == digest, tokens.c.purpose == purpose)
        return self._session.scalars(query.with_for_update()).one_or_none()

    def spend_all(self, user_id: int, purpose: TokenPurpose, when: datetime) -> None:
        tokens = tables.one_time_tokens
        self._session.execute(
            update(tokens)
            .where(tokens.c.user_id == user_id, tokens.c.purpose == purpose)
            .where(tokens.c.used_at.is_(None))
            .values(used_at=when),
            execution_options={"synchronize_session": "fetch"},
        )


class SqlAlchemyQueuedMailRepository(QueuedMailRepository):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, mail: QueuedMail) -> None:
        self._session.add(mail)
        self._session.flush()

    def get_for_update(self, mail_id: int) -> QueuedMail | None:
        return self._session.get(QueuedMail, mail_id, with_for_update=True)

    def due(self, now: datetime, limit: int) -> list[QueuedMail]:
        mails = tables.queued_mails
        query = (
            select(QueuedMail)
            .where(
                mails.c.status.in_([MailStatus.QUEUED, MailStatus.SENDING]),
                mails.c.next_attempt_at <= now,
            )
            .order_by(mails.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)  # two sweepers share the work, never a mail
        )
        return list(self._session.scalars(query))

    def renew_leases(self, attempts: Mapping[int, int], until: datetime) -> set[int]:
        return renew_leases(self._session, tables.queued_mails, MailStatus.SENDING, attempts, until)

    def delete(self, mail: QueuedMail) -> None:
        self._session.delete(mail)

    def delete_addressed_to(self, address: str) -> None:
        mails = tables.queued_mails
        self._session.execute(
            delete(mails).where(func.lower(mails.c.to) == address.lower()),
            execution_options={"synchronize_session": "fetch"},
        )
