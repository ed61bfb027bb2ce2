"""The per-user read cache, and PostgreSQL's change feed that keeps it true."""

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from cvimprover.adapters.cache.in_process_read_cache import ENTRY_OVERHEAD, InProcessReadCache
from cvimprover.adapters.db.change_feed import APPLICATION_NAME, PostgresChangeFeed
from cvimprover.adapters.db.engine import build_session_factory
from cvimprover.adapters.db.sqlalchemy_unit_of_work import SqlAlchemyUnitOfWork

USER, OTHER = 1, 2


def connected_cache(**options) -> InProcessReadCache:
    cache = InProcessReadCache(**({"max_bytes": 1 << 20, "ttl_seconds": 60.0} | options))
    cache.feed_connected()
    return cache


def cached(cache: InProcessReadCache, user_id: int, key: str, value: object, size: int = 10):
    generation = cache.generation(user_id)
    assert generation is not None
    cache.put(user_id, key, value, generation=generation, size=size)


def test_nothing_is_cached_until_the_feed_is_connected() -> None:
    cache = InProcessReadCache(max_bytes=1 << 20, ttl_seconds=60)
    assert cache.generation(USER) is None
    cache.put(USER, "k", "v", generation=0, size=1)
    assert cache.get(USER, "k") is None


def test_a_value_is_kept_per_user() -> None:
    cache = connected_cache()
    cached(cache, USER, "k", "mine")
    assert cache.get(USER, "k") == "mine"
    assert cache.get(OTHER, "k") is None


@pytest.mark.parametrize("known_before", [True, False])
def test_a_read_that_began_before_a_change_is_not_kept(known_before: bool) -> None:
    cache = connected_cache()
    if known_before:
        cached(cache, USER, "other", "x")
    generation = cache.generation(USER)
    assert generation is not None
    cache.user_changed(USER)  # committed while the reader was at the database
    cache.put(USER, "k", "stale", generation=generation, size=10)
    assert cache.get(USER, "k") is None


def test_a_change_forgets_that_user_only() -> None:
    cache = connected_cache()
    cached(cache, USER, "k", "mine")
    cached(cache, OTHER, "k", "theirs")
    cache.user_changed(USER)
    assert cache.get(USER, "k") is None
    assert cache.get(OTHER, "k") == "theirs"
    cached(cache, USER, "k", "new")  # and caching goes on afterwards
    assert cache.get(USER, "k") == "new"


def test_a_change_to_what_a_user_owns_keeps_their_session_state() -> None:
    cache = connected_cache()
    generation = cache.generation(USER)
    assert generation is not None
    cache.put(USER, "session", "state", generation=generation, size=10, scope="session")
    cache.put(USER, "answer", "list", generation=generation, size=10)
    cache.data_changed(USER)
    assert cache.get(USER, "session") == "state"
    assert cache.get(USER, "answer") is None
    cache.put(USER, "answer", "stale", generation=generation, size=10)
    assert cache.get(USER, "answer") is None
    cache.user_changed(USER)
    assert cache.get(USER, "session") is None


def test_a_change_everybody_reads_forgets_everything() -> None:
    cache = connected_cache()
    generation = cache.generation(OTHER)
    cached(cache, USER, "k", "mine")
    cache.everything_changed()
    assert cache.get(USER, "k") is None
    assert generation is not None
    cache.put(OTHER, "k", "stale", generation=generation, size=10)
    assert cache.get(OTHER, "k") is None


def test_a_lost_feed_forgets_everything_and_stops_caching() -> None:
    cache = connected_cache()
    cached(cache, USER, "k", "mine")
    cache.feed_lost()
    assert cache.get(USER, "k") is None
    assert cache.generation(USER) is None
    cache.feed_connected()
    assert cache.get(USER, "k") is None
    cached(cache, USER, "k", "again")
    assert cache.get(USER, "k") == "again"


def test_values_expire() -> None:
    now = [100.0]
    cache = connected_cache(ttl_seconds=5, monotonic=lambda: now[0])
    cached(cache, USER, "k", "mine")
    now[0] += 4.9
    assert cache.get(USER, "k") == "mine"
    now[0] += 0.2
    assert cache.get(USER, "k") is None


def test_the_least_recently_read_user_goes_first_when_the_budget_is_spent() -> None:
    size = 100
    cache = connected_cache(max_bytes=5 * (size + ENTRY_OVERHEAD) + 10)
    for user_id in range(1, 6):
        cached(cache, user_id, "k", user_id, size=size)
    assert cache.get(1, "k") == 1  # 2 is now the least recently used
    cached(cache, 6, "k", 6, size=size)
    assert [cache.get(user_id, "k") for user_id in range(1, 7)] == [1, None, 3, 4, 5, 6]


def test_a_value_too_big_for_the_budget_is_not_kept() -> None:
    cache = connected_cache(max_bytes=4000)
    cached(cache, USER, "k", "huge", size=2000)
    assert cache.get(USER, "k") is None


def test_one_user_keeps_a_bounded_number_of_answers() -> None:
    cache = connected_cache(max_entries_per_user=2)
    for key in ("a", "b", "c"):
        cached(cache, USER, key, key)
    assert [cache.get(USER, key) for key in ("a", "b", "c")] == [None, "b", "c"]


def test_a_zero_budget_turns_caching_off() -> None:
    cache = connected_cache(max_bytes=0)
    assert cache.generation(USER) is None


class Recorder:
    """A change listener that remembers what the feed told it."""

    def __init__(self) -> None:
        self.events: list[object] = []
        self._changed = threading.Condition()

    def feed_connected(self) -> None:
        self._record("connected")

    def feed_lost(self) -> None:
        self._record("lost")

    def user_changed(self, user_id: int) -> None:
        self._record(user_id)

    def data_changed(self, user_id: int) -> None:
        self._record(("data", user_id))

    def everything_changed(self) -> None:
        self._record("*")

    def _record(self, event: object) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def wait_for(self, event: object, after: int = 0) -> int:
        """Waits until `event` is recorded at or after index `after`; returns its index."""
        with self._changed:
            found = self._changed.wait_for(lambda: event in self.events[after:], timeout=10)
            assert found, f"{event!r} never came; got {self.events[after:]}"
            return self.events.index(event, after)


@pytest.fixture
def feed(postgres_url: str, pg_engine: Engine) -> Iterator[tuple[PostgresChangeFeed, Recorder]]:
    recorder = Recorder()
    feed = PostgresChangeFeed(postgres_url, recorder, retry_seconds=0.05)
    feed.start()
    recorder.wait_for("connected")
    yield feed, recorder
    feed.stop()


def new_user(engine: Engine, name: str) -> int:
    with engine.begin() as connection:
        return int(
            connection.execute(
                text(
                    "INSERT INTO users (username, email, password_hash, first_name, last_name,"
                    " email_verified, is_active, is_staff, session_version, date_joined)"
                    " VALUES (:name, :email, 'x', '', '', false, true, false, 1, now())"
                    " RETURNING id"
                ),
                {"name": name, "email": f"{name}@example.com"},
            ).scalar_one()
        )


def test_a_committed_change_to_a_user_is_reported(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    user_id = new_user(pg_engine, "ada")
    mark = recorder.wait_for(user_id)
    with pg_engine.begin() as connection:
        connection.execute(
            text("UPDATE users SET first_name = 'Ada' WHERE id = :id"), {"id": user_id}
        )
    recorder.wait_for(user_id, after=mark + 1)


def new_questionnaire(engine: Engine, user_id: int, resume_text: str = "") -> int:
    with engine.begin() as connection:
        return int(
            connection.execute(
                text(
                    "INSERT INTO questionnaires (user_id, position, industry, experience_level,"
                    " company_size, location, application_timeline, job_description,"
                    " resume_text, submitted_at) VALUES (:id, 'Engineer', 'Software', '0-2',"
                    " 'startup', '', 'immediate', 'Build things.', :resume_text, now())"
                    " RETURNING id"
                ),
                {"id": user_id, "resume_text": resume_text},
            ).scalar_one()
        )


def test_a_change_to_what_a_user_owns_names_the_owner(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    user_id = new_user(pg_engine, "grace")
    mark = recorder.wait_for(user_id)
    new_questionnaire(pg_engine, user_id)
    recorder.wait_for(("data", user_id), after=mark + 1)


def test_an_update_and_a_delete_name_the_owner_of_the_row(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    user_id = new_user(pg_engine, "barbara")
    recorder.wait_for(user_id)
    # A long CV text, stored out of line (TOAST): the owner is read without it.
    questionnaire_id = new_questionnaire(pg_engine, user_id, "Ten years of Python. " * 5000)
    mark = recorder.wait_for(("data", user_id))
    for statement in (
        "UPDATE questionnaires SET position = 'Staff engineer' WHERE id = :id",
        "DELETE FROM questionnaires WHERE id = :id",
    ):
        with pg_engine.begin() as connection:
            connection.execute(text(statement), {"id": questionnaire_id})
        mark = recorder.wait_for(("data", user_id), after=mark + 1)


def test_every_change_trigger_names_an_owner_column_its_table_has(pg_engine: Engine) -> None:
    with pg_engine.connect() as connection:
        triggers = connection.execute(
            text(
                "SELECT t.tgrelid::regclass::text, t.tgname,"
                " split_part(encode(t.tgargs, 'escape'), '\\000', 1) AS owner_column,"
                " EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.tgrelid"
                "   AND a.attname = split_part(encode(t.tgargs, 'escape'), '\\000', 1)"
                "   AND NOT a.attisdropped) AS has_column"
                " FROM pg_trigger t WHERE t.tgfoid = 'cvimprover_user_changed'::regproc"
            )
        ).all()
    assert {table for table, *_ in triggers} >= {"users", "questionnaires", "ai_responses"}
    for table, trigger, owner_column, has_column in triggers:
        assert owner_column in ("id", "user_id"), (table, trigger, owner_column)
        assert has_column, (table, trigger, owner_column)


def test_a_rolled_back_change_is_not_reported(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    user_id = new_user(pg_engine, "alan")
    recorder.wait_for(user_id)
    with pg_engine.connect() as connection:
        connection.execute(
            text("UPDATE users SET first_name = 'A' WHERE id = :id"), {"id": user_id}
        )
        connection.rollback()
    with pg_engine.begin() as connection:  # a later commit, to know the feed has caught up
        connection.execute(text("UPDATE plans SET description = description"))
    mark = recorder.wait_for("*")
    assert recorder.events[: mark + 1].count(user_id) == 1


def test_a_plan_change_concerns_everybody(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    with pg_engine.begin() as connection:
        connection.execute(text("UPDATE plans SET description = description WHERE name = 'Pro'"))
    recorder.wait_for("*")


def test_a_lost_connection_is_reported_and_the_feed_comes_back(feed, pg_engine: Engine) -> None:
    _, recorder = feed
    with pg_engine.begin() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE application_name = :name AND datname = current_database()"
            ),
            {"name": APPLICATION_NAME},
        )
    lost = recorder.wait_for("lost")
    recorder.wait_for("connected", after=lost)
    user_id = new_user(pg_engine, "edsger")  # and changes are reported again
    recorder.wait_for(user_id, after=lost)


def test_a_unit_of_work_reports_its_own_commits_at_once(pg_engine: Engine) -> None:
    recorder = Recorder()
    unit_of_work = SqlAlchemyUnitOfWork(build_session_factory(pg_engine), changes=recorder)
    user_id = new_user(pg_engine, "barbara")
    with unit_of_work as unit:
        user = unit.users.get(user_id)
        assert user is not None
        user.first_name = "Barbara"
        unit.commit()
    assert recorder.events == [user_id]  # already, not when the feed gets round to it
    with unit_of_work as unit:
        user = unit.users.get(user_id)
        assert user is not None
        user.first_name = "Not committed"
        unit.users.session_state(user_id)  # flushes
    assert recorder.events == [user_id]
