"""Repeated reads answered from the read cache, on PostgreSQL with its change feed running:
the cache must never answer what the database would not."""

import itertools
import time
from collections.abc import Callable, Iterator

import pytest
from falcon import testing
from sqlalchemy import Engine, event, text

from cvimprover.adapters.db.change_feed import CHANNEL
from cvimprover.container import Container
from tests.http.helpers import bearer, sign_up
from tests.http.test_cvs import FIELDS, PROMPT, upload
from tests.support.accounts import PASSWORD

_MARKERS = itertools.count(10**12)
"""User ids no row ever has, one per catch-up."""


@pytest.fixture
def feed(container: Container, pg_engine: Engine) -> Iterator[Callable[[], None]]:
    """Runs the change feed; yields `caught_up()`, which waits until the feed has passed on
    every change committed so far (notifications arrive in commit order, and late: a
    sign-up's own could otherwise empty the cache between a test's reads)."""
    feed = container.infra.change_feed()
    cache = container.infra.read_cache()
    feed.start()
    deadline = time.monotonic() + 10
    while cache.generation(0) is None:
        assert time.monotonic() < deadline, "the change feed did not connect"
        time.sleep(0.01)

    def caught_up() -> None:
        marker = next(_MARKERS)
        while cache.get(marker, "marker") is None:  # a put races with other changes: retry
            generation = cache.generation(marker)
            assert generation is not None, "the change feed was lost"
            cache.put(marker, "marker", True, generation=generation, size=1)
        with pg_engine.begin() as connection:
            connection.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": CHANNEL, "payload": f"u:{marker}"},
            )
        eventually(lambda: cache.get(marker, "marker") is None, seconds=10)

    yield caught_up
    feed.stop()


@pytest.fixture
def statements(container: Container) -> Iterator[list[str]]:
    """The SQL statements the API runs."""
    seen: list[str] = []
    engine = container.infra.engine()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def person(client: testing.TestClient, feed: Callable[[], None]) -> dict[str, str]:
    access = bearer(sign_up(client)["access"])
    feed()  # the sign-up's own changes are passed on before the test reads
    return access


def eventually(check: Callable[[], bool], seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the change never showed"
        time.sleep(0.01)


def test_a_repeated_read_runs_no_sql(client, person, statements) -> None:
    first = client.simulate_get("/auth/user/", headers=person)
    statements.clear()
    again = client.simulate_get("/auth/user/", headers=person)
    assert statements == []
    assert again.json == first.json
    assert again.headers["content-type"] == "application/json"
    assert again.headers["x-request-id"] != first.headers["x-request-id"]


def test_a_client_reads_its_own_write_at_once(client, person) -> None:
    client.simulate_get("/auth/user/", headers=person)
    changed = client.simulate_patch("/auth/user/", json={"first_name": "Ada"}, headers=person)
    assert changed.status_code == 200
    assert client.simulate_get("/auth/user/", headers=person).json["first_name"] == "Ada"


def test_a_change_committed_elsewhere_shows(client, person, pg_engine: Engine) -> None:
    me = client.simulate_get("/auth/user/", headers=person).json
    with pg_engine.begin() as connection:  # another process: a worker, an admin, a webhook
        connection.execute(text("UPDATE users SET last_name = 'Lovelace' WHERE id = :pk"), me)
    eventually(
        lambda: client.simulate_get("/auth/user/", headers=person).json["last_name"] == "Lovelace"
    )


def test_ended_sessions_end_in_every_process(client, person, pg_engine: Engine) -> None:
    me = client.simulate_get("/auth/user/", headers=person).json
    with pg_engine.begin() as connection:  # a password reset served by another API process
        connection.execute(
            text("UPDATE users SET session_version = session_version + 1 WHERE id = :pk"), me
        )
    eventually(lambda: client.simulate_get("/auth/user/", headers=person).status_code == 401)


def test_a_password_change_here_ends_the_old_token_at_once(client, feed) -> None:
    account = sign_up(client)
    old = bearer(account["access"])
    assert client.simulate_get("/auth/user/", headers=old).status_code == 200
    changed = client.simulate_post(
        "/auth/password/change/",
        json={
            "old_password": PASSWORD,
            "new_password1": "another horse battery staple",
            "new_password2": "another horse battery staple",
        },
        headers=old,
    )
    assert changed.status_code == 200, changed.text
    assert client.simulate_get("/auth/user/", headers=old).status_code == 401


def test_a_job_finished_by_a_worker_shows_in_the_cached_reads(client, person, container) -> None:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json
    location = f"/cv/ai-responses/{job['id']}/"
    assert client.simulate_get(location, headers=person).json["status"] == "queued"
    assert client.simulate_get("/cv/ai-responses/", headers=person).json[0]["status"] == "queued"
    container.cvs.run_improvement().execute(job["id"])  # as a worker process would
    eventually(lambda: client.simulate_get(location, headers=person).json["status"] == "succeeded")
    eventually(
        lambda: (
            client.simulate_get("/cv/ai-responses/", headers=person).json[0]["status"]
            == "succeeded"
        )
    )


def test_a_new_questionnaire_is_listed_at_once(client, person) -> None:
    assert client.simulate_get("/cv/questionnaire/", headers=person).json == []
    client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=person)
    assert len(client.simulate_get("/cv/questionnaire/", headers=person).json) == 1


def test_cached_pages_keep_their_link_header(client, person) -> None:
    for number in range(3):
        created = client.simulate_post(
            "/cv/questionnaire/", json=FIELDS | {"position": f"Role {number}"}, headers=person
        )
        assert created.status_code == 201
    first = client.simulate_get("/cv/questionnaire/", params={"limit": 2}, headers=person)
    again = client.simulate_get("/cv/questionnaire/", params={"limit": 2}, headers=person)
    assert again.json == first.json
    assert again.headers["link"] == first.headers["link"]
    everything = client.simulate_get("/cv/questionnaire/", headers=person)
    assert len(everything.json) == 3  # another query, another answer


def test_nobody_reads_another_users_cached_answer(client, person) -> None:
    client.simulate_post("/cv/questionnaire/", json=FIELDS, headers=person)
    assert len(client.simulate_get("/cv/questionnaire/", headers=person).json) == 1
    stranger = bearer(sign_up(client)["access"])
    assert client.simulate_get("/cv/questionnaire/", headers=stranger).json == []
    mine = client.simulate_get("/auth/user/", headers=person).json
    theirs = client.simulate_get("/auth/user/", headers=stranger).json
    assert mine["pk"] != theirs["pk"]


def test_an_unauthenticated_read_is_never_answered_from_the_cache(client, person) -> None:
    client.simulate_get("/auth/user/", headers=person)
    assert client.simulate_get("/auth/user/").status_code == 401
    assert client.simulate_get("/auth/user/", headers=bearer("forged")).status_code == 401


def test_without_the_feed_nothing_is_cached(client, container, statements) -> None:
    person = bearer(sign_up(client)["access"])  # no `feed` fixture: the feed never started
    client.simulate_get("/auth/user/", headers=person)
    statements.clear()
    client.simulate_get("/auth/user/", headers=person)
    assert statements


def test_a_repeated_read_of_an_improvement_runs_no_sql(client, person, feed, statements) -> None:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json
    location = f"/cv/ai-responses/{job['id']}/"
    feed()  # the upload's and the job's own changes are passed on before the reads
    first = client.simulate_get(location, headers=person)
    statements.clear()
    again = client.simulate_get(location, headers=person)
    assert statements == []
    assert again.json == first.json


def test_an_edited_improvement_is_read_as_edited_at_once(client, person, container, feed) -> None:
    questionnaire = upload(client, person).json["id"]
    job = client.simulate_post(
        "/cv/ai-responses/", json={"questionnaire": questionnaire, "prompt": PROMPT}, headers=person
    ).json
    container.cvs.run_improvement().execute(job["id"])
    feed()
    location = f"/cv/ai-responses/{job['id']}/"
    for path in (location, "/cv/ai-responses/"):  # both read, so both cached
        client.simulate_get(path, headers=person)

    changed = client.simulate_patch(
        location, json={"edited_text": "# Jane, edited"}, headers=person
    )

    assert changed.status_code == 200, changed.text
    assert client.simulate_get(location, headers=person).json["edited_text"] == "# Jane, edited"
    listed = client.simulate_get("/cv/ai-responses/", headers=person).json
    assert listed[0]["edited_text"] == "# Jane, edited"
