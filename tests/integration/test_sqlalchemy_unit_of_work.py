"""The repositories and the unit of work, on SQLite (embedded) and PostgreSQL alike."""

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select, text

from cvimprover.adapters.db import migrate, tables
from cvimprover.adapters.db.engine import (
    IDLE_BEFORE_PING_SECONDS,
    build_engine,
    build_session_factory,
)
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork
from cvimprover.core.billing.model import Plan
from cvimprover.core.billing.quotas import PlanQuotas, QuotaScope
from cvimprover.core.cvs.model import (
    ApplicationTimeline,
    CompanySize,
    ExperienceLevel,
    Questionnaire,
)
from cvimprover.core.errors import Conflict
from cvimprover.core.users.model import OneTimeToken, RefreshSession, TokenPurpose, User

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = build_engine(f"sqlite:///{tmp_path / 'uow.sqlite3'}")
        migrate.upgrade(engine)
        yield engine
    else:
        yield request.getfixturevalue("pg_engine")


@pytest.fixture
def uow(engine: Engine):
    factory = build_session_factory(engine)
    return lambda: SqlAlchemyUnitOfWork(factory)


def a_user(name: str = "alice") -> User:
    return User(username=name, email=f"{name}@example.com", password_hash="h", date_joined=NOW)


def stored_user(uow, name: str = "alice") -> int:
    with uow() as unit:
        user = a_user(name)
        unit.users.add(user)
        unit.commit()
    assert user.id is not None
    return user.id


def test_a_user_reads_back_with_aware_utc_datetimes(uow) -> None:
    user_id = stored_user(uow)
    with uow() as unit:
        user = unit.users.get(user_id)
        assert user is not None
        assert user.date_joined == NOW
        assert user.date_joined.tzinfo is not None


def test_usernames_and_emails_are_found_whatever_their_case(uow) -> None:
    user_id = stored_user(uow)
    with uow() as unit:
        assert unit.users.get_by_username("ALICE").id == user_id
        assert unit.users.get_by_email("Alice@Example.COM").id == user_id


def test_a_second_user_with_the_same_name_in_another_case_is_a_conflict(uow) -> None:
    stored_user(uow)
    twin = a_user("ALICE")
    twin.email = "other@example.com"
    with uow() as unit, pytest.raises(Conflict):
        unit.users.add(twin)


def test_nothing_is_kept_without_a_commit(uow, engine: Engine) -> None:
    with uow() as unit:
        unit.users.add(a_user())
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.users)) == 0


def test_deleting_a_user_deletes_its_sessions_and_tokens(uow, engine: Engine) -> None:
    user_id = stored_user(uow)
    with uow() as unit:
        unit.refresh_sessions.add(
            RefreshSession(jti="j1", family_id="f", user_id=user_id, issued_at=NOW, expires_at=NOW)
        )
        unit.one_time_tokens.add(
            OneTimeToken(
                digest="d",
                user_id=user_id,
                purpose=TokenPurpose.VERIFY_EMAIL,
                created_at=NOW,
                expires_at=NOW,
            )
        )
        unit.commit()
    with uow() as unit:
        unit.users.delete(unit.users.get(user_id))
        unit.commit()
    with engine.connect() as connection:
        for table in (tables.refresh_sessions, tables.one_time_tokens):
            assert connection.scalar(select(func.count()).select_from(table)) == 0


def test_revoking_a_family_revokes_only_its_open_sessions(uow) -> None:
    user_id = stored_user(uow)
    earlier = NOW - timedelta(hours=1)
    with uow() as unit:
        for jti, family in (("a", "f1"), ("b", "f1"), ("c", "f2")):
            unit.refresh_sessions.add(
                RefreshSession(
                    jti=jti, family_id=family, user_id=user_id, issued_at=NOW, expires_at=NOW
                )
            )
        unit.commit()
    with uow() as unit:
        unit.refresh_sessions.get_for_update("a").revoked_at = earlier
        unit.commit()
    with uow() as unit:
        unit.refresh_sessions.revoke_family("f1", NOW)
        unit.commit()
    with uow() as unit:
        revoked = {jti: unit.refresh_sessions.get_for_update(jti).revoked_at for jti in "abc"}
    assert revoked == {"a": earlier, "b": NOW, "c": None}


def test_spending_tokens_touches_one_purpose_of_one_user(uow) -> None:
    alice, bob = stored_user(uow, "alice"), stored_user(uow, "bob")
    with uow() as unit:
        for digest, user_id, purpose in (
            ("1", alice, TokenPurpose.VERIFY_EMAIL),
            ("2", alice, TokenPurpose.RESET_PASSWORD),
            ("3", bob, TokenPurpose.VERIFY_EMAIL),
        ):
            unit.one_time_tokens.add(
                OneTimeToken(
                    digest=digest,
                    user_id=user_id,
                    purpose=purpose,
                    created_at=NOW,
                    expires_at=NOW + timedelta(days=1),
                )
            )
        unit.commit()
    with uow() as unit:
        unit.one_time_tokens.spend_all(alice, TokenPurpose.VERIFY_EMAIL, NOW)
        unit.commit()
    with uow() as unit:
        used = {
            digest: unit.one_time_tokens.get_by_digest(digest, purpose).used_at
            for digest, purpose in (
                ("1", TokenPurpose.VERIFY_EMAIL),
                ("2", TokenPurpose.RESET_PASSWORD),
                ("3", TokenPurpose.VERIFY_EMAIL),
            )
        }
        assert unit.one_time_tokens.get_by_digest("1", TokenPurpose.RESET_PASSWORD) is None
    assert used == {"1": NOW, "2": None, "3": None}


def test_plans_are_listed_in_their_order(uow) -> None:
    with uow() as unit:
        assert [plan.name for plan in unit.plans.list()] == ["Free", "Basic", "Pro", "Premium"]
        assert unit.plans.get_by_name("Free").ai_improvements_per_day == 3


def test_the_profile_view_and_session_state_are_read_in_one_query_each(uow) -> None:
    user_id = stored_user(uow)
    with uow() as unit:
        user = unit.users.get(user_id)
        user.plan_id = unit.plans.get_by_name("Pro").id
        user.first_name = "Ada"
        unit.commit()
    with uow() as unit:
        view = unit.users.view(user_id)
        state = unit.users.session_state(user_id)
        assert unit.users.view(999_999) is None
        assert unit.users.session_state(999_999) is None
    assert (view.username, view.first_name, view.plan.name) == ("alice", "Ada", "Pro")
    assert view.date_of_birth is None
    assert (state.session_version, state.is_active, state.is_staff) == (1, True, False)


def test_what_decides_a_users_quotas_is_read_in_one_query(uow, engine: Engine) -> None:
    user_id = stored_user(uow)
    with uow() as unit:
        user = unit.users.get(user_id)
        user.plan_id = unit.plans.get_by_name("Pro").id
        user.stripe_subscription_status = "past_due"
        user.past_due_since = NOW
        unit.commit()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with uow() as unit:
        subscriber = unit.plans.subscriber(user_id)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert subscriber.username == "alice"
    assert subscriber.plan is not None
    assert (subscriber.plan.name, subscriber.plan.limits[QuotaScope.API_CALLS]) == ("Pro", 600)
    assert (subscriber.free.name, subscriber.free.limits[QuotaScope.AI_RESPONSES]) == ("Free", 3)
    assert (subscriber.status, subscriber.past_due_since) == ("past_due", NOW)


def test_a_user_without_a_plan_or_unknown_has_only_frees_quotas(uow) -> None:
    planless = stored_user(uow)
    with uow() as unit:
        assert unit.plans.subscriber(planless).plan is None
        unknown = unit.plans.subscriber(999_999)
    assert (unknown.username, unknown.plan, unknown.free.name) == ("", None, "Free")


def test_without_a_free_plan_seeded_free_has_the_original_limits(tmp_path: Path) -> None:
    engine = build_engine(f"sqlite:///{tmp_path / 'unseeded.sqlite3'}")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(tables.plans.delete().where(tables.plans.c.name == "Free"))
    with SqlAlchemyUnitOfWork(build_session_factory(engine)) as unit:
        free = unit.plans.subscriber(1).free
    assert free.name == "Free"
    assert free.limits == PlanQuotas.of(Plan(name="Free", order=0)).limits
    assert free.limits[QuotaScope.API_CALLS] == 100


def test_a_read_only_unit_reads_but_never_writes(engine: Engine) -> None:
    writer = build_session_factory(engine)
    reader = build_session_factory(engine, read_only=True)
    with SqlAlchemyUnitOfWork(writer) as unit:
        unit.users.add(a_user())
        unit.commit()
    with SqlAlchemyUnitOfWork(reader, read_only=True) as unit:
        assert unit.users.get_by_username("alice") is not None
        unit.users.get_by_username("alice").first_name = "Changed"
        assert unit.users.view(unit.users.get_by_username("alice").id).first_name == ""
        with pytest.raises(RuntimeError, match="read-only"):
            unit.commit()
    with SqlAlchemyUnitOfWork(reader, read_only=True) as unit, pytest.raises(RuntimeError):
        unit.users.add(a_user("bob"))
    with SqlAlchemyUnitOfWork(writer) as unit:
        assert unit.users.get_by_username("bob") is None
        assert unit.users.get_by_username("alice").first_name == ""


def test_a_pooled_connection_that_died_while_idle_is_replaced_unseen(postgres_url: str) -> None:
    engine = build_engine(postgres_url)
    with engine.connect() as killer, engine.connect() as victim:  # the pool holds two
        pid = victim.scalar(text("SELECT pg_backend_pid()"))
        victim.close()  # back to the pool, where it dies
        killer.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    time.sleep(IDLE_BEFORE_PING_SECONDS + 0.1)

    for _ in range(2):  # whichever of the two the pool hands out first
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT 1")) == 1
    engine.dispose()


def a_questionnaire(owner: int) -> Questionnaire:
    return Questionnaire(
        user_id=owner,
        position="Engineer",
        industry="Software",
        experience_level=ExperienceLevel.SENIOR,
        company_size=CompanySize.SMALL,
        application_timeline=ApplicationTimeline.IMMEDIATE,
        submitted_at=NOW,
    )


class Changes:
    """A change listener that remembers what a unit of work reported."""

    def __init__(self) -> None:
        self.reported: list[tuple[str, int]] = []

    def user_changed(self, user_id: int) -> None:
        self.reported.append(("user", user_id))

    def data_changed(self, user_id: int) -> None:
        self.reported.append(("data", user_id))


def test_a_new_questionnaire_is_stored_once_and_reported_as_its_owners_data(
    engine: Engine, uow
) -> None:
    owner = stored_user(uow)
    changes = Changes()
    factory = build_session_factory(engine)
    questionnaire = a_questionnaire(owner)
    with SqlAlchemyUnitOfWork(factory, changes=changes) as unit:
        unit.questionnaires.add(questionnaire)
        assert questionnaire.id is not None
        assert changes.reported == []  # nothing is reported before the commit
        unit.commit()
    assert changes.reported == [("data", owner)]
    with uow() as unit:
        stored = unit.questionnaires.get_owned(questionnaire.id, owner)
        assert stored is not None
        assert (stored.position, stored.experience_level, stored.submitted_at) == (
            "Engineer",
            ExperienceLevel.SENIOR,
            NOW,
        )


def test_a_questionnaire_added_without_a_commit_is_not_kept_nor_reported(
    engine: Engine, uow
) -> None:
    owner = stored_user(uow)
    changes = Changes()
    with SqlAlchemyUnitOfWork(build_session_factory(engine), changes=changes) as unit:
        unit.questionnaires.add(a_questionnaire(owner))
    assert changes.reported == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tables.questionnaires)) == 0
