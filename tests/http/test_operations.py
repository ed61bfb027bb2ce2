"""What operators rely on: liveness, readiness, the cache's health, /metrics and CORS."""

import pytest
import redis
from falcon import testing

from cvimprover.container import build_container
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.support.fixtures import make_settings
from tests.support.metrics import figure

FRONTEND = "https://app.example.com"


def app_with(tmp_path, postgres_url, **overrides) -> testing.TestClient:
    settings = make_settings(
        tmp_path, database_url=postgres_url, mail_delivery="direct", **overrides
    )
    return testing.TestClient(build_container(settings).http.app())


def scrape(client: testing.TestClient, **headers: str) -> str:
    result = client.simulate_get("/metrics", headers=headers)
    assert result.status_code == 200, result.text
    assert result.headers["content-type"].startswith("text/plain; version=0.0.4")
    return result.text


# --- liveness and readiness ---------------------------------------------------------


def test_liveness_answers_without_touching_any_dependency(tmp_path) -> None:
    nowhere = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    client = app_with(tmp_path, nowhere, broker_url="redis://127.0.0.1:1/0")
    result = client.simulate_get("/core/health/live/")
    assert result.status_code == 200
    assert result.json == {"status": "ok", "checks": {}}
    assert result.headers["cache-control"] == "no-store"


def test_readiness_answers_200_on_a_migrated_database(client) -> None:
    result = client.simulate_get("/core/health/ready/")
    assert result.status_code == 200
    assert result.json == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}


def test_readiness_answers_503_until_the_database_is_migrated(
    tmp_path, scratch_postgres_url
) -> None:
    result = app_with(tmp_path, scratch_postgres_url).simulate_get("/core/health/ready/")
    assert result.status_code == 503
    assert result.json == {
        "status": "unavailable",
        "checks": {"database": "ok", "migrations": "down"},
    }


def test_readiness_answers_503_when_the_database_is_down(tmp_path) -> None:
    client = app_with(tmp_path, "postgresql+psycopg://nobody@127.0.0.1:1/none")
    result = client.simulate_get("/core/health/ready/")
    assert result.status_code == 503
    assert result.json["checks"] == {"database": "down", "migrations": "down"}


def test_health_checks_the_redis_that_keeps_quotas_and_throttles(
    tmp_path, postgres_url, pg_engine, redis_url
) -> None:
    client = app_with(
        tmp_path, postgres_url, quota_storage_url=redis_url, rate_limit_storage_url=redis_url
    )
    result = client.simulate_get("/core/health/")
    assert result.status_code == 200
    assert result.json["checks"]["cache"] == "ok: redis"


def test_a_redis_that_is_down_makes_health_answer_503(tmp_path, postgres_url, pg_engine) -> None:
    client = app_with(tmp_path, postgres_url, rate_limit_storage_url="redis://127.0.0.1:1/0")
    result = client.simulate_get("/core/health/")
    assert result.status_code == 503
    assert result.json["checks"]["cache"] == "down"


# --- /metrics -------------------------------------------------------------------------


def test_metrics_count_requests_by_route_template_and_status(client) -> None:
    before = scrape(client)
    signed_up = sign_up(client)
    for _ in range(3):
        mine = client.simulate_get("/auth/user/", headers=bearer(signed_up["access"]))
        assert mine.status_code == 200
    client.simulate_get("/cv/ai-responses/424242/", headers=bearer(signed_up["access"]))
    client.simulate_get("/no/such/path/")
    after = scrape(client)

    def grew(**labels: str) -> float:
        name = "cvimprover_http_requests_total"
        return figure(after, name, **labels) - figure(before, name, **labels)

    assert grew(method="POST", route="/auth/registration/", status="201") == 1
    assert grew(method="GET", route="/auth/user/", status="200") == 3
    assert grew(method="GET", route="/cv/ai-responses/{response_id}/", status="404") == 1
    assert grew(method="GET", route="<unrouted>", status="404") == 1
    assert "424242" not in after
    assert "/no/such/path/" not in after
    timed = "cvimprover_http_request_duration_seconds_count"
    user = {"route": "/auth/user/"}
    assert figure(after, timed, **user) - figure(before, timed, **user) == 3


def test_metrics_report_the_depth_of_the_job_queue(
    tmp_path, postgres_url, pg_engine, redis_url
) -> None:
    broker = redis_url.rsplit("/", 1)[0] + "/13"  # a database no other test drains
    redis.Redis.from_url(broker).flushdb()
    container = build_container(
        make_settings(tmp_path, database_url=postgres_url, broker_url=broker)
    )
    client = testing.TestClient(container.http.app())
    assert figure(scrape(client), "cvimprover_job_queue_depth") == 0
    for job_id in (1, 2, 3):
        container.infra.tasks().enqueue("nothing_to_do", job_id)
    assert figure(scrape(client), "cvimprover_job_queue_depth") == 3
    redis.Redis.from_url(broker).flushdb()


def test_a_broker_that_is_down_leaves_queue_depth_out_but_metrics_answer(
    tmp_path, postgres_url, pg_engine
) -> None:
    client = app_with(tmp_path, postgres_url, broker_url="redis://127.0.0.1:1/0")
    scraped = scrape(client)
    assert "cvimprover_job_queue_depth" not in scraped
    assert "cvimprover_http_requests_total" in scraped


def test_metrics_want_the_token_when_one_is_set(tmp_path, postgres_url, pg_engine) -> None:
    client = app_with(tmp_path, postgres_url, metrics_token="scrape-me-" + "x" * 30)
    body = assert_problem(client.simulate_get("/metrics"), 401)
    assert "METRICS_TOKEN" in body["detail"]
    assert_problem(client.simulate_get("/metrics", headers=bearer("wrong")), 401)
    assert "cvimprover_http_requests_total" in scrape(
        client, Authorization="Bearer scrape-me-" + "x" * 30
    )


def test_metrics_can_be_switched_off(tmp_path, postgres_url, pg_engine) -> None:
    client = app_with(tmp_path, postgres_url, metrics_enabled=False)
    assert_problem(client.simulate_get("/metrics"), 404)


# --- CORS ---------------------------------------------------------------------------


def preflight(client: testing.TestClient, origin: str) -> testing.Result:
    return client.simulate_options(
        "/auth/login/",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-csrftoken",
        },
    )


def test_a_configured_frontend_gets_its_preflight_answered_with_credentials(
    tmp_path, postgres_url, pg_engine
) -> None:
    client = app_with(tmp_path, postgres_url, cors_allowed_origins=f"{FRONTEND}/, https://b.test")
    result = preflight(client, FRONTEND)
    assert result.status_code == 200
    assert result.headers["access-control-allow-origin"] == FRONTEND
    assert result.headers["access-control-allow-credentials"] == "true"
    assert "POST" in result.headers["access-control-allow-methods"]
    assert result.headers["access-control-allow-headers"] == "content-type, x-csrftoken"
    assert "Origin" in result.headers["vary"]


def test_a_configured_frontend_reads_answers_and_the_request_id(
    tmp_path, postgres_url, pg_engine
) -> None:
    client = app_with(tmp_path, postgres_url, cors_allowed_origins=FRONTEND)
    result = client.simulate_get("/core/plans/", headers={"Origin": FRONTEND})
    assert result.headers["access-control-allow-origin"] == FRONTEND
    assert result.headers["access-control-allow-credentials"] == "true"
    assert "X-Request-ID" in result.headers["access-control-expose-headers"]
    failed = client.simulate_get("/auth/user/", headers={"Origin": FRONTEND})
    assert failed.status_code == 401
    assert failed.headers["access-control-allow-origin"] == FRONTEND  # errors readable too


def test_another_origin_gets_no_cors_headers_at_all(tmp_path, postgres_url, pg_engine) -> None:
    client = app_with(tmp_path, postgres_url, cors_allowed_origins=FRONTEND)
    for result in (
        preflight(client, "https://evil.example"),
        client.simulate_get("/core/plans/", headers={"Origin": "https://evil.example"}),
    ):
        assert "access-control-allow-origin" not in result.headers
        assert "access-control-allow-credentials" not in result.headers


def test_without_configured_origins_no_origin_is_allowed(client) -> None:
    result = preflight(client, FRONTEND)
    assert "access-control-allow-origin" not in result.headers


def test_a_wildcard_origin_is_refused_at_start(tmp_path, postgres_url, pg_engine) -> None:
    settings = make_settings(tmp_path, database_url=postgres_url, cors_allowed_origins="*")
    with pytest.raises(ValueError, match="wildcard"):
        build_container(settings).http.app()
