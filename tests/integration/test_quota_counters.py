"""Quota counters: in this process's memory, in a SQLite file and on a real Redis, held to
the same contract."""

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from cvimprover.adapters.quotas.memory_quota_counter import InMemoryQuotaCounter
from cvimprover.adapters.quotas.redis_quota_counter import RedisQuotaCounter
from cvimprover.adapters.quotas.sqlite_quota_counter import SqliteQuotaCounter
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.ports.quotas import QuotaCounter

pytestmark = pytest.mark.integration


def in_an_hour() -> datetime:
    return datetime.now(UTC) + timedelta(hours=1)


@pytest.fixture(params=["memory", "sqlite", "redis"])
def counter(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[QuotaCounter]:
    if request.param == "memory":
        yield InMemoryQuotaCounter()
        return
    if request.param == "sqlite":
        yield SqliteQuotaCounter(tmp_path / "quotas.sqlite3")
        return
    url = request.getfixturevalue("redis_url")
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    yield RedisQuotaCounter(url, namespace=namespace)
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{namespace}:*"):
        client.delete(key)


def test_uses_are_counted_up_to_the_limit_and_then_refused(counter: QuotaCounter) -> None:
    taken = [counter.take("7:questionnaires:0", 3, in_an_hour()) for _ in range(4)]
    assert taken == [1, 2, 3, None]
    assert counter.counts(["7:questionnaires:0"])[0] == 3


def test_several_keys_are_read_at_once_in_the_order_asked(counter: QuotaCounter) -> None:
    counter.take("7:uploads:0", 5, in_an_hour())
    counter.take("7:api_calls:0", 5, in_an_hour())
    counter.take("7:api_calls:0", 5, in_an_hour())

    assert counter.counts(["7:api_calls:0", "7:never:0", "7:uploads:0"]) == [2, 0, 1]
    assert counter.counts([]) == []


def test_each_key_counts_on_its_own(counter: QuotaCounter) -> None:
    counter.take("7:uploads:0", 1, in_an_hour())
    assert counter.take("8:uploads:0", 1, in_an_hour()) == 1
    assert counter.take("7:uploads:86400", 1, in_an_hour()) == 1
    assert counter.counts(["9:uploads:0"])[0] == 0


def test_a_use_given_back_can_be_taken_again(counter: QuotaCounter) -> None:
    counter.take("7:ai_responses:0", 1, in_an_hour())
    counter.give_back("7:ai_responses:0")
    assert counter.counts(["7:ai_responses:0"])[0] == 0
    assert counter.take("7:ai_responses:0", 1, in_an_hour()) == 1


def test_a_reset_forgets_the_key_and_only_that_key(counter: QuotaCounter) -> None:
    for _ in range(2):
        counter.take("7:uploads:0", 2, in_an_hour())
    counter.take("8:uploads:0", 2, in_an_hour())
    counter.reset("7:uploads:0")
    counter.reset("9:uploads:0")  # nothing counted: nothing to do
    assert counter.counts(["7:uploads:0"])[0] == 0
    assert counter.counts(["8:uploads:0"])[0] == 1
    assert counter.take("7:uploads:0", 2, in_an_hour()) == 1


def test_giving_back_more_than_was_taken_never_counts_below_zero(counter: QuotaCounter) -> None:
    counter.give_back("7:api_calls:0")
    counter.give_back("7:api_calls:0")
    assert counter.counts(["7:api_calls:0"])[0] == 0
    assert counter.take("7:api_calls:0", 1, in_an_hour()) == 1
    assert counter.take("7:api_calls:0", 1, in_an_hour()) is None


def test_a_window_that_ended_is_forgotten(counter: QuotaCounter) -> None:
    soon = datetime.now(UTC) + timedelta(milliseconds=300)
    assert counter.take("7:api_calls:1", 1, soon) == 1
    assert counter.take("7:api_calls:1", 1, soon) is None
    threading.Event().wait(0.5)
    assert counter.counts(["7:api_calls:1"])[0] == 0
    assert counter.take("7:api_calls:1", 1, in_an_hour()) == 1


def test_fifty_concurrent_takes_against_a_limit_of_five_succeed_exactly_five_times(
    counter: QuotaCounter,
) -> None:
    start = threading.Barrier(50)
    results: list[int | None] = []
    lock = threading.Lock()

    def take() -> None:
        start.wait()
        result = counter.take("7:questionnaires:race", 5, in_an_hour())
        with lock:
            results.append(result)

    threads = [threading.Thread(target=take) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result for result in results if result is not None) == [1, 2, 3, 4, 5]
    assert results.count(None) == 45
    assert counter.counts(["7:questionnaires:race"])[0] == 5


def test_a_redis_key_expires_with_its_window(redis_url: str) -> None:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    RedisQuotaCounter(redis_url, namespace=namespace).take("7:uploads:0", 3, in_an_hour())
    ttl_ms = redis.Redis.from_url(redis_url).pttl(f"{namespace}:quota:7:uploads:0")
    assert 3_500_000 < ttl_ms <= 3_600_000


@pytest.fixture
def redis_counter(redis_url: str) -> Iterator[RedisQuotaCounter]:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    yield RedisQuotaCounter(redis_url, namespace=namespace)
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{namespace}:*"):
        client.delete(key)


def test_a_redis_that_forgot_the_scripts_learns_them_again(
    redis_counter: RedisQuotaCounter, redis_url: str
) -> None:
    assert redis_counter.take("7:uploads:0", 3, in_an_hour()) == 1
    redis.Redis.from_url(redis_url).script_flush()  # as a restarted Redis has none

    assert redis_counter.take("7:uploads:0", 3, in_an_hour()) == 2
    redis_counter.give_back("7:uploads:0")
    assert redis_counter.counts(["7:uploads:0"]) == [1]


def test_a_dropped_redis_connection_is_made_again(
    redis_counter: RedisQuotaCounter, redis_url: str
) -> None:
    assert redis_counter.take("7:uploads:0", 3, in_an_hour()) == 1
    admin = redis.Redis.from_url(redis_url)
    killed = admin.client_kill_filter(_type="normal", skipme=True)
    assert killed >= 1

    assert redis_counter.take("7:uploads:0", 3, in_an_hour()) == 2


def test_each_thread_and_each_forked_process_counts_over_a_connection_of_its_own(
    redis_counter: RedisQuotaCounter,
) -> None:
    redis_counter.take("7:api_calls:0", 100, in_an_hour())  # this thread's connection
    threads = [
        threading.Thread(target=redis_counter.take, args=("7:api_calls:0", 100, in_an_hour()))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    parent_id = client_id(redis_counter)
    child = os.fork()
    if child == 0:  # without a connection of its own it would share the parent's socket
        counted = redis_counter.take("7:api_calls:0", 100, in_an_hour()) == 6
        os._exit(0 if counted and client_id(redis_counter) != parent_id else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert redis_counter.take("7:api_calls:0", 100, in_an_hour()) == 7


def client_id(counter: RedisQuotaCounter) -> int:
    """Which Redis client this thread's connection is (a look inside the adapter)."""
    connection = counter._connection()
    connection.send_command("CLIENT", "ID")
    return int(connection.read_response())


def test_an_unreachable_redis_is_a_dependency_failure() -> None:
    counter = RedisQuotaCounter("redis://127.0.0.1:1/0")
    with pytest.raises(DependencyUnavailable):
        counter.take("7:uploads:0", 3, in_an_hour())
    with pytest.raises(DependencyUnavailable):
        counter.counts(["7:uploads:0"])


def test_sqlite_counts_are_shared_by_every_process_of_the_machine(tmp_path: Path) -> None:
    path = tmp_path / "quotas.sqlite3"
    script = (
        "import sys; from datetime import UTC, datetime, timedelta; "
        "from cvimprover.adapters.quotas.sqlite_quota_counter import SqliteQuotaCounter; "
        "counter = SqliteQuotaCounter(__import__('pathlib').Path(sys.argv[1])); "
        "end = datetime.now(UTC) + timedelta(hours=1); "
        "print(sum(counter.take('7:uploads:0', 5, end) is not None for _ in range(4)))"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE)  # noqa: S603
        for _ in range(3)
    ]
    accepted = sum(int(run.communicate(timeout=60)[0]) for run in runs)
    assert accepted == 5
    counter = SqliteQuotaCounter(path)
    counter.give_back("7:uploads:0")  # as a worker gives back a failed job's use
    assert counter.counts(["7:uploads:0"])[0] == 4
