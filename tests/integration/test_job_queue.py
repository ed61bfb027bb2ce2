"""Jobs through a real broker (Redis, and the embedded SQLite one) to a real worker loop."""

import email
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import structlog
from falcon import testing
from sqlalchemy import text

from cvimprover.adapters.queue.kombu_job_consumer import KombuJobConsumer
from cvimprover.adapters.queue.kombu_task_queue import KombuTaskQueue, connect
from cvimprover.container import build_container
from cvimprover.core.errors import DependencyUnavailable
from cvimprover.workers.main import build_consumer
from tests.support.accounts import registration
from tests.support.fixtures import make_settings

pytestmark = pytest.mark.integration


@pytest.fixture(params=["redis", "sqlite"])
def broker_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    url = request.getfixturevalue("redis_url")
    redis.Redis.from_url(url).flushdb()
    return url


class Running:
    """A consumer loop in a thread, stopped at the end of the test."""

    def __init__(self, consumer: KombuJobConsumer) -> None:
        self.consumer = consumer
        self.thread = threading.Thread(target=consumer.run, daemon=True)

    def __enter__(self) -> "Running":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.consumer.should_stop = True
        self.thread.join(timeout=10)


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting")
        time.sleep(0.05)


def test_a_queued_job_reaches_its_handler_with_the_request_id(broker_url: str) -> None:
    seen: list[tuple[int, object]] = []

    def handler(job_id: int) -> None:
        seen.append((job_id, structlog.contextvars.get_contextvars().get("request_id")))

    connection = connect(broker_url)
    consumer = KombuJobConsumer(connection, {"ping": handler}, [], sweep_every=60)
    with Running(consumer):
        structlog.contextvars.bind_contextvars(request_id="req-42")
        KombuTaskQueue(connect(broker_url)).enqueue("ping", 7)
        structlog.contextvars.clear_contextvars()
        wait_for(lambda: seen)
    assert seen == [(7, "req-42")]


def test_a_crashing_handler_does_not_stop_the_worker(broker_url: str) -> None:
    done: list[int] = []

    def handler(job_id: int) -> None:
        if job_id == 1:
            raise RuntimeError("boom")
        done.append(job_id)

    consumer = KombuJobConsumer(connect(broker_url), {"job": handler}, [], sweep_every=60)
    tasks = KombuTaskQueue(connect(broker_url))
    with Running(consumer):
        tasks.enqueue("job", 1)
        tasks.enqueue("job", 2)
        wait_for(lambda: done)
    assert done == [2]


def test_a_job_queued_before_any_worker_started_is_delivered(broker_url: str) -> None:
    done: list[int] = []
    KombuTaskQueue(connect(broker_url)).enqueue("job", 3)  # nothing declared the queue yet

    consumer = KombuJobConsumer(connect(broker_url), {"job": done.append}, [], sweep_every=60)
    with Running(consumer):
        wait_for(lambda: done)
    assert done == [3]


def test_a_redis_that_lost_its_data_still_gets_every_job(redis_url: str) -> None:
    redis.Redis.from_url(redis_url).flushdb()
    done: list[int] = []
    consumer = KombuJobConsumer(connect(redis_url), {"job": done.append}, [], sweep_every=60)
    tasks = KombuTaskQueue(connect(redis_url))
    with Running(consumer):
        tasks.enqueue("job", 1)
        wait_for(lambda: done == [1])
        redis.Redis.from_url(redis_url).flushdb()  # restarted without persistence: no bindings
        tasks.enqueue("job", 2)
        wait_for(lambda: done == [1, 2])


def test_an_unreachable_broker_is_a_dependency_failure() -> None:
    tasks = KombuTaskQueue(connect("redis://127.0.0.1:1/0"))
    with pytest.raises(DependencyUnavailable):
        tasks.enqueue("job", 1)


@pytest.fixture
def queued_mail_container(
    tmp_path: Path, postgres_url: str, pg_engine, broker_url: str
) -> Iterator:
    settings = make_settings(
        tmp_path,
        database_url=postgres_url,
        broker_url=broker_url,
        mail_delivery="queued",
        job_sweep_interval_seconds=0.2,
    )
    container = build_container(settings)
    yield container
    container.infra.engine().dispose()


def sign_up(container, name: str) -> None:
    client = testing.TestClient(container.http.app())
    result = client.simulate_post("/auth/registration/", json=registration(name))
    assert result.status_code == 201


def delivered(container) -> list[email.message.Message]:
    outbox = container.infra.settings().resolved_outbox_dir
    return [email.message_from_bytes(path.read_bytes()) for path in sorted(outbox.glob("*.eml"))]


def test_a_sign_up_mail_is_delivered_by_the_worker(queued_mail_container, pg_engine) -> None:
    container = queued_mail_container
    sign_up(container, "wes")
    assert delivered(container) == []
    with Running(build_consumer(container)):
        wait_for(lambda: delivered(container))
    assert [mail["To"] for mail in delivered(container)] == ["wes@example.com"]
    with pg_engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM queued_mails")) == 0


def test_a_mail_accepted_while_the_broker_was_down_is_delivered_later(
    tmp_path: Path, postgres_url: str, pg_engine, queued_mail_container
) -> None:
    broker_down = build_container(
        make_settings(
            tmp_path,
            database_url=postgres_url,
            broker_url="redis://127.0.0.1:1/0",
            mail_delivery="queued",
        )
    )
    sign_up(broker_down, "xia")  # the sign-up itself succeeds
    with pg_engine.begin() as connection:  # the lease on the stored mail has run out
        connection.execute(text("UPDATE queued_mails SET next_attempt_at = now()"))
    with Running(build_consumer(queued_mail_container)):
        wait_for(lambda: delivered(queued_mail_container))
    assert [mail["To"] for mail in delivered(queued_mail_container)] == ["xia@example.com"]
