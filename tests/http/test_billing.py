"""The billing endpoints in-process, on PostgreSQL, with the sandbox gateway (the default):
plans, quota use, checkout through the sandbox pages and its webhook, the portal."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from falcon import testing

from cvimprover.adapters.payments.sandbox_gateway import SandboxPaymentGateway
from cvimprover.core.billing.model import BillingInterval
from cvimprover.ports.payments import CheckoutRequest
from tests.http.helpers import assert_problem, bearer, sign_up
from tests.http.test_cvs import PROMPT, upload
from tests.http.test_read_cache import feed, statements  # noqa: F401 (fixtures)
from tests.support.fixtures import TEST_SECRET
from tests.support.metrics import figure
from tests.unit.fakes import FakeClock

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUESTIONNAIRE = {
    "position": "Backend engineer",
    "industry": "Software",
    "experience_level": "3-5",
    "company_size": "medium",
    "application_timeline": "1-3 months",
}


def plan_named(client: testing.TestClient, name: str) -> dict:
    return next(plan for plan in client.simulate_get("/core/plans/").json if plan["name"] == name)


def sandbox_webhook(client: testing.TestClient, **form: str) -> testing.Result:
    return client.simulate_post(
        "/core/payments/webhook/sandbox/", body=urlencode(form), headers=FORM
    )


def session_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["session_id"][0]


def checkout(client: testing.TestClient, headers: dict, plan: str = "Basic") -> str:
    plan_id = plan_named(client, plan)["id"]
    started = client.simulate_post(
        "/core/payments/create-checkout-session/",
        headers=headers,
        json={"plan_id": plan_id, "billing": "monthly"},
    )
    assert started.status_code == 200, started.text
    return started.json["session_id"]


@pytest.fixture
def alice(client: testing.TestClient) -> dict:
    return bearer(sign_up(client)["access"])


def test_anyone_lists_the_four_plans_with_their_quotas_and_sandbox_prices(client) -> None:
    answer = client.simulate_get("/core/plans/")
    assert answer.status_code == 200
    plans = {plan["name"]: plan for plan in answer.json}
    assert [plan["name"] for plan in answer.json] == ["Free", "Basic", "Pro", "Premium"]
    assert plans["Free"]["quotas"] == {
        "ai_improvements_per_day": 3,
        "questionnaires_per_day": 5,
        "uploads_per_day": 3,
        "api_calls_per_hour": 100,
    }
    assert plans["Premium"]["quotas"]["api_calls_per_hour"] == 1200
    assert plans["Free"]["monthly_price"] is None
    assert plans["Basic"]["monthly_price"] == {
        "amount": 5.0,
        "currency": "USD",
        "interval": "month",
        "available": True,
    }
    assert plans["Basic"]["yearly_price"]["interval"] == "year"
    assert not any(plan["is_current"] for plan in answer.json)


def test_billing_keeps_the_plans_sold_at_that_interval(client) -> None:
    yearly = client.simulate_get("/core/plans/", params={"billing": "yearly"}).json
    assert [plan["name"] for plan in yearly] == ["Basic", "Pro", "Premium"]
    wrong = client.simulate_get("/core/plans/", params={"billing": "weekly"})
    assert "billing" in assert_problem(wrong, 422)["errors"]


def test_a_signed_in_caller_sees_their_plan_marked_current(client, alice) -> None:
    plans = client.simulate_get("/core/plans/", headers=alice).json
    assert [plan["name"] for plan in plans if plan["is_current"]] == ["Free"]


def test_a_bad_token_on_the_public_plan_list_is_refused(client) -> None:
    assert_problem(client.simulate_get("/core/plans/", headers=bearer("nonsense")), 401)


def test_the_rate_limit_status_reports_every_scope_of_the_plan(client, alice) -> None:
    answer = client.simulate_get("/core/rate-limits/status/", headers=alice)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    body = answer.json
    assert body["user"]["plan"] == "Free"
    assert set(body["rate_limits"]) == {"ai_responses", "questionnaires", "uploads", "api_calls"}
    questionnaires = body["rate_limits"]["questionnaires"]
    assert questionnaires | {"reset_at": None} == {
        "limit": 5,
        "used": 0,
        "remaining": 5,
        "reset_at": None,
        "percentage_used": 0.0,
        "status": "healthy",
    }
    assert body["rate_limits"]["api_calls"]["used"] == 1  # this very request
    assert body["upgrade_recommendation"]["should_upgrade"] is False
    assert body["upgrade_recommendation"]["recommended_plan"] == "Basic"


def test_the_rate_limit_status_is_never_a_stale_cached_answer(client, alice) -> None:
    before = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    for _ in range(4):
        created = client.simulate_post("/cv/questionnaire/", headers=alice, json=QUESTIONNAIRE)
        assert created.status_code == 201, created.text
    after = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    assert before["rate_limits"]["questionnaires"]["used"] == 0
    used = after["rate_limits"]["questionnaires"]
    assert (used["used"], used["remaining"], used["status"]) == (4, 1, "warning")
    assert after["rate_limits"]["api_calls"]["used"] == 6
    advice = after["upgrade_recommendation"]
    assert advice["should_upgrade"] is True
    assert advice["high_usage_scopes"] == ["questionnaires"]


def test_over_the_quota_the_answer_is_429_with_the_limit_reset_and_upgrade(client, alice) -> None:
    for _ in range(5):
        ok = client.simulate_post("/cv/questionnaire/", headers=alice, json=QUESTIONNAIRE)
        assert ok.status_code == 201
    refused = client.simulate_post("/cv/questionnaire/", headers=alice, json=QUESTIONNAIRE)
    problem = assert_problem(refused, 429)
    assert int(refused.headers["retry-after"]) > 0
    assert problem["scope"] == "questionnaires"
    assert problem["limit"] == 5
    assert problem["reset_at"].endswith("+00:00")
    assert problem["current_plan"] == "Free"
    assert problem["upgrade_suggestion"]["recommended_plan"] == "Basic"
    assert problem["upgrade_suggestion"]["upgrade_url"].endswith("/core/plans/")
    assert len(client.simulate_get("/cv/questionnaire/", headers=alice).json) == 5


def test_answers_of_limited_endpoints_carry_ratelimit_headers(client, alice) -> None:
    created = client.simulate_post("/cv/questionnaire/", headers=alice, json=QUESTIONNAIRE)
    policy = created.headers["ratelimit-policy"]
    assert '"api_calls";q=100;w=3600' in policy
    assert '"questionnaires";q=5;w=86400' in policy
    assert '"questionnaires";r=4;t=' in created.headers["ratelimit"]
    assert '"api_calls";r=99;t=' in created.headers["ratelimit"]
    public = client.simulate_get("/core/health/")
    assert "ratelimit" not in public.headers


def scopes_reported(result: testing.Result) -> list[str]:
    return [item.split(";")[0].strip('" ') for item in result.headers["ratelimit"].split(",")]


def test_an_answer_reports_the_daily_quotas_its_request_spent(client, alice) -> None:
    json_only = client.simulate_post("/cv/questionnaire/", headers=alice, json=QUESTIONNAIRE)
    assert scopes_reported(json_only) == ["api_calls", "questionnaires"]
    with_cv = upload(client, alice)
    assert with_cv.status_code == 201
    assert scopes_reported(with_cv) == ["api_calls", "questionnaires", "uploads"]
    assert '"questionnaires";r=3;t=' in with_cv.headers["ratelimit"]
    job = client.simulate_post(
        "/cv/ai-responses/",
        json={"questionnaire": with_cv.json["id"], "prompt": PROMPT},
        headers=alice,
    )
    assert scopes_reported(job) == ["api_calls", "ai_responses"]
    refused = client.simulate_post("/cv/questionnaire/", headers=alice, json={"position": ""})
    assert_problem(refused, 422)
    assert scopes_reported(refused) == ["api_calls"]
    assert scopes_reported(client.simulate_get("/cv/questionnaire/", headers=alice)) == [
        "api_calls"
    ]


@pytest.fixture
def three_api_calls_an_hour_on_free(pg_engine):
    from sqlalchemy import text

    with pg_engine.begin() as connection:
        connection.execute(text("UPDATE plans SET api_calls_per_hour = 3 WHERE name = 'Free'"))
    yield
    with pg_engine.begin() as connection:
        connection.execute(text("UPDATE plans SET api_calls_per_hour = 100 WHERE name = 'Free'"))


def test_api_calls_are_counted_per_hour_even_when_answered_from_the_cache(
    client, three_api_calls_an_hour_on_free
) -> None:
    alice = bearer(sign_up(client)["access"])
    answers = [client.simulate_get("/auth/user/", headers=alice) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert '"api_calls";r=0;t=' in answers[2].headers["ratelimit"]
    assert assert_problem(answers[3], 429)["scope"] == "api_calls"
    assert client.simulate_get("/core/plans/").status_code == 200  # anonymous: not counted


def test_upgrading_through_the_sandbox_checkout_raises_the_quotas(client, alice) -> None:
    session_id = checkout(client, alice)
    page = client.simulate_get(
        "/core/payments/sandbox/checkout/", params={"session_id": session_id}
    )
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'action="/core/payments/webhook/sandbox/"' in page.text
    open_ = client.simulate_get(
        "/core/payments/verify-session/", params={"session_id": session_id}, headers=alice
    )
    assert open_.json["status"] == "open"

    paid = sandbox_webhook(client, action="complete", session_id=session_id)
    assert paid.json == {"received": True, "applied": True}
    again = sandbox_webhook(client, action="complete", session_id=session_id)
    assert again.json == {"received": True, "applied": False}

    done = client.simulate_get(
        "/core/payments/verify-session/", params={"session_id": session_id}, headers=alice
    ).json
    assert (done["status"], done["plan"], done["subscription_status"]) == (
        "complete",
        "Basic",
        "active",
    )
    status = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    assert status["user"]["plan"] == "Basic"
    assert status["rate_limits"]["ai_responses"]["limit"] == 20
    plans = client.simulate_get("/core/plans/", headers=alice).json
    assert [plan["name"] for plan in plans if plan["is_current"]] == ["Basic"]


def test_cancelling_in_the_sandbox_portal_falls_back_to_free(client, alice) -> None:
    sandbox_webhook(client, action="complete", session_id=checkout(client, alice, "Pro"))
    portal = client.simulate_post("/core/billing/portal/", headers=alice)
    assert portal.status_code == 200
    page = client.simulate_get(
        urlsplit(portal.json["url"]).path, query_string=urlsplit(portal.json["url"]).query
    )
    assert page.status_code == 200
    assert 'value="cancel"' in page.text
    assert 'name="nonce"' not in page.text  # the server's nonce is in the signed session
    canceled = sandbox_webhook(client, action="cancel", session_id=session_of(portal.json["url"]))
    assert canceled.json["applied"] is True
    again = sandbox_webhook(client, action="renew", session_id=session_of(portal.json["url"]))
    assert (again.status_code, again.json) == (200, {"received": True, "applied": False})
    profile = client.simulate_get("/auth/user/", headers=alice).json
    assert profile["plan"]["name"] == "Free"
    assert profile["stripe_subscription_status"] == "canceled"
    status = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    assert status["rate_limits"]["ai_responses"]["limit"] == 3


def test_a_checkout_session_is_only_shown_to_whoever_started_it(client, alice) -> None:
    session_id = checkout(client, alice)
    bob = bearer(sign_up(client)["access"])
    answer = client.simulate_get(
        "/core/payments/verify-session/", params={"session_id": session_id}, headers=bob
    )
    assert_problem(answer, 404)
    forged = client.simulate_get(
        "/core/payments/verify-session/", params={"session_id": "cs_sandbox_x.y"}, headers=alice
    )
    assert_problem(forged, 404)


@pytest.mark.parametrize("session_id", ["cs sandbox", "cs_sandbox_%2F", "cs_é", "x" * 2049])
def test_a_session_id_no_gateway_gives_is_refused_before_it_is_looked_up(
    client, alice, session_id
) -> None:
    answer = client.simulate_get(
        "/core/payments/verify-session/", params={"session_id": session_id}, headers=alice
    )
    assert set(assert_problem(answer, 422)["errors"]) == {"session_id"}


def test_the_longest_session_id_allowed_fits_the_http_servers_request_line(client) -> None:
    paths = client.simulate_get("/schema/").json["paths"]
    for path in ("/core/payments/verify-session/", "/core/payments/sandbox/checkout/"):
        [parameter] = paths[path]["get"]["parameters"]
        allowed = parameter["schema"]
        assert allowed["pattern"] == "^[A-Za-z0-9._~-]+$"  # sent as it is, unescaped
        line = f"GET {path}?session_id={'x' * allowed['maxLength']} HTTP/1.1"
        assert len(line) <= 4094


def test_checkout_refuses_unknown_plans_and_plans_not_sold_at_that_interval(client, alice) -> None:
    url = "/core/payments/create-checkout-session/"
    missing = client.simulate_post(
        url, headers=alice, json={"plan_id": 99999, "billing": "monthly"}
    )
    assert_problem(missing, 404)
    free = plan_named(client, "Free")["id"]
    unsold = client.simulate_post(url, headers=alice, json={"plan_id": free, "billing": "yearly"})
    assert "billing" in assert_problem(unsold, 422)["errors"]
    incomplete = client.simulate_post(url, headers=alice, json={"plan_id": free})
    assert "billing" in assert_problem(incomplete, 422)["errors"]
    anonymous = client.simulate_post(url, json={"plan_id": free, "billing": "monthly"})
    assert_problem(anonymous, 401)


def test_the_portal_needs_a_first_checkout(client, alice) -> None:
    assert_problem(client.simulate_post("/core/billing/portal/", headers=alice), 422)


def test_a_forged_or_unsigned_webhook_is_refused_and_changes_nothing(client, alice) -> None:
    session_id = checkout(client, alice)
    payload, _, _mac = session_id.removeprefix("cs_sandbox_").partition(".")
    forged = sandbox_webhook(client, action="complete", session_id=f"cs_sandbox_{payload}.AAAA")
    assert_problem(forged, 400)
    assert_problem(client.simulate_post("/core/payments/webhook/sandbox/", body=b""), 400)
    assert_problem(sandbox_webhook(client, action="refund", session_id=session_id), 400)
    assert client.simulate_get("/auth/user/", headers=alice).json["plan"]["name"] == "Free"


def test_a_sandbox_checkout_older_than_an_hour_is_refused_and_changes_nothing(
    client, alice
) -> None:
    profile = client.simulate_get("/auth/user/", headers=alice).json
    started = FakeClock(datetime.now(UTC) - timedelta(hours=1, seconds=1))
    stale = SandboxPaymentGateway(TEST_SECRET.encode(), "http://x", started).start_checkout(
        CheckoutRequest(
            user_id=profile["pk"],
            email=profile["email"],
            customer_id=None,
            plan_id=plan_named(client, "Premium")["id"],
            price_id="sandbox_premium_monthly",
            interval=BillingInterval.MONTHLY,
            success_url="http://x/ok",
            cancel_url="http://x/no",
        )
    )

    expired = sandbox_webhook(client, action="complete", session_id=stale.session_id)
    assert "expired" in assert_problem(expired, 400)["detail"]
    assert client.simulate_get("/auth/user/", headers=alice).json["plan"]["name"] == "Free"


def test_webhooks_of_another_gateway_are_not_found(client) -> None:
    assert_problem(client.simulate_post("/core/payments/webhook/stripe/", body=b"{}"), 404)
    assert_problem(client.simulate_post("/core/payments/webhook/nobody/", body=b"{}"), 404)


def test_with_the_read_cache_on_cached_reads_count_and_usage_is_never_stale(
    client, three_api_calls_an_hour_on_free, request
) -> None:
    caught_up = request.getfixturevalue("feed")
    alice = bearer(sign_up(client)["access"])
    caught_up()  # the sign-up's own changes are passed on before the reads
    first = client.simulate_get("/auth/user/", headers=alice)
    sql = request.getfixturevalue("statements")
    sql.clear()
    cached = client.simulate_get("/auth/user/", headers=alice)
    assert sql == []  # answered from the cache
    assert cached.json == first.json
    assert '"api_calls";r=1;t=' in cached.headers["ratelimit"]
    status = client.simulate_get("/core/rate-limits/status/", headers=alice)
    assert status.json["rate_limits"]["api_calls"]["used"] == 3
    assert_problem(client.simulate_get("/auth/user/", headers=alice), 429)


@pytest.mark.usefixtures("feed")
def test_with_the_read_cache_on_an_upgrade_shows_at_once(client) -> None:
    alice = bearer(sign_up(client)["access"])
    before = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    sandbox_webhook(client, action="complete", session_id=checkout(client, alice, "Premium"))
    after = client.simulate_get("/core/rate-limits/status/", headers=alice).json
    assert (before["user"]["plan"], after["user"]["plan"]) == ("Free", "Premium")
    assert after["rate_limits"]["api_calls"]["limit"] == 1200


def test_webhook_deliveries_are_counted_by_type_and_outcome(client, alice) -> None:
    def count(**labels: str) -> float:
        scrape = client.simulate_get("/metrics").text
        return figure(scrape, "cvimprover_webhook_events_total", provider="sandbox", **labels)

    session_id = checkout(client, alice)
    applied, duplicate, refused = (
        count(type="checkout_completed", outcome="applied"),
        count(type="checkout_completed", outcome="duplicate"),
        count(outcome="refused"),
    )
    sandbox_webhook(client, action="complete", session_id=session_id)
    sandbox_webhook(client, action="complete", session_id=session_id)
    sandbox_webhook(client, action="complete", session_id="cs_sandbox_forged.AAAA")

    assert count(type="checkout_completed", outcome="applied") == applied + 1
    assert count(type="checkout_completed", outcome="duplicate") == duplicate + 1
    assert count(outcome="refused") == refused + 1
