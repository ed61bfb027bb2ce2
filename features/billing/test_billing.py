"""Billing, end to end over HTTP: every scenario under features/billing/.

The sandbox gateway's pages are followed as a browser would: the checkout link the API
gives, then the form behind a button, posted as it is to the webhook it names.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from features.conftest import explain
from features.support.driver import Answer, Api
from features.support.people import Person

scenarios("billing")

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
QUESTIONNAIRE = {
    "position": "Backend engineer",
    "industry": "Software",
    "experience_level": "3-5",
    "company_size": "medium",
    "application_timeline": "1-3 months",
}


@dataclass
class Form:
    action: str
    fields: dict[str, str]
    button: str = ""


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(values.get("action", ""), {}))
        elif tag == "input" and self.forms:
            self.forms[-1].fields[values.get("name", "")] = values.get("value", "")

    def handle_data(self, data: str) -> None:
        if self.forms and self.lasttag == "button":
            self.forms[-1].button += data


@dataclass
class Checkout:
    """What the scenario carries from one step to the next."""

    link: str = ""
    session_id: str = ""
    page: str = ""
    posted: list[bytes] = field(default_factory=list)


@pytest.fixture
def checkout() -> Checkout:
    return Checkout()


def _follow(api: Api, link: str, checkout: Checkout) -> Answer:
    parts = urlsplit(link)
    answer = api.request("GET", f"{parts.path}?{parts.query}")
    checkout.page = answer.content.decode()
    return answer


def _press(api: Api, checkout: Checkout, label: str) -> Answer:
    parser = _Forms()
    parser.feed(checkout.page)
    form = next(form for form in parser.forms if form.button.strip() == label)
    body = urlencode(form.fields).encode()
    checkout.posted.append(body)
    return api.request("POST", form.action, body=body, headers=FORM)


def _start(api: Api, person: Person, plan: str, billing: str, checkout: Checkout) -> Answer:
    plans = api.request("GET", "/core/plans/").json
    plan_id = next(listed["id"] for listed in plans if listed["name"] == plan)
    answer = api.request(
        "POST",
        "/core/payments/create-checkout-session/",
        json={"plan_id": plan_id, "billing": billing},
        headers=person.bearer(),
    )
    if answer.status == 200:
        checkout.link, checkout.session_id = answer.json["url"], answer.json["session_id"]
    return answer


@given("the payment gateway is the sandbox")
def the_gateway_is_the_sandbox(api: Api) -> None:
    page = api.request("GET", "/core/payments/sandbox/checkout/?session_id=probe")
    if page.status == 404:
        pytest.skip("the server's PAYMENT_GATEWAY is not the sandbox")


@given(parsers.parse('they have started a checkout for the "{plan}" plan billed {billing}'))
def they_have_started_a_checkout(
    api: Api, person: Person, plan: str, billing: str, checkout: Checkout
) -> None:
    answer = _start(api, person, plan, billing, checkout)
    assert answer.status == 200, explain(answer)


@given(parsers.parse('they have paid for the "{plan}" plan'))
def they_have_paid_for(api: Api, person: Person, plan: str, checkout: Checkout) -> None:
    they_have_started_a_checkout(api, person, plan, "monthly", checkout)
    assert _follow(api, checkout.link, checkout).status == 200
    paid = _press(api, checkout, "Pay (sandbox)")
    assert paid.json == {"received": True, "applied": True}, explain(paid)


@given(parsers.parse("they have submitted {count:d} questionnaires today"))
def they_have_submitted_questionnaires(api: Api, person: Person, count: int) -> None:
    for _ in range(count):
        answer = api.request(
            "POST", "/cv/questionnaire/", json=QUESTIONNAIRE, headers=person.bearer()
        )
        assert answer.status == 201, explain(answer)


@when(
    parsers.parse('they start a checkout for the "{plan}" plan billed {billing}'),
    target_fixture="answer",
)
def they_start_a_checkout(
    api: Api, person: Person, plan: str, billing: str, checkout: Checkout
) -> Answer:
    return _start(api, person, plan, billing, checkout)


@when("they follow the checkout link", target_fixture="answer")
@when("they follow the portal link", target_fixture="answer")
def they_follow_the_link(api: Api, checkout: Checkout) -> Answer:
    return _follow(api, checkout.link, checkout)


@when(parsers.parse('they press "{label}"'), target_fixture="answer")
def they_press(api: Api, checkout: Checkout, label: str) -> Answer:
    return _press(api, checkout, label)


@when("the gateway delivers that payment again", target_fixture="answer")
def the_gateway_delivers_it_again(api: Api, checkout: Checkout) -> Answer:
    return api.request(
        "POST", "/core/payments/webhook/sandbox/", body=checkout.posted[-1], headers=FORM
    )


@when("they verify their checkout session", target_fixture="answer")
def they_verify_their_checkout(api: Api, person: Person, checkout: Checkout) -> Answer:
    query = urlencode({"session_id": checkout.session_id})
    return api.request("GET", f"/core/payments/verify-session/?{query}", headers=person.bearer())


@when("they open the billing portal", target_fixture="answer")
def they_open_the_portal(api: Api, person: Person, checkout: Checkout) -> Answer:
    answer = api.request("POST", "/core/billing/portal/", headers=person.bearer())
    if answer.status == 200:
        checkout.link = answer.json["url"]
    return answer


@when("they look at their rate limits", target_fixture="answer")
def they_look_at_their_rate_limits(api: Api, person: Person) -> Answer:
    return api.request("GET", "/core/rate-limits/status/", headers=person.bearer())


@when("they list the plans", target_fixture="answer")
def they_list_the_plans(api: Api, person: Person) -> Answer:
    return api.request("GET", "/core/plans/", headers=person.bearer())


@when("they look at their profile", target_fixture="answer")
def they_look_at_their_profile(api: Api, person: Person) -> Answer:
    return api.request("GET", "/auth/user/", headers=person.bearer())


@when("they submit another questionnaire", target_fixture="answer")
def they_submit_another_questionnaire(api: Api, person: Person) -> Answer:
    return api.request("POST", "/cv/questionnaire/", json=QUESTIONNAIRE, headers=person.bearer())


@then("the answer sends them to the sandbox checkout page")
def the_answer_sends_them_to_the_sandbox(answer: Answer) -> None:
    assert urlsplit(answer.json["url"]).path == "/core/payments/sandbox/checkout/", explain(answer)


@then("the answer says the event was applied")
def the_event_was_applied(answer: Answer) -> None:
    assert answer.json == {"received": True, "applied": True}, explain(answer)


@then("the answer says the event was already applied")
def the_event_was_already_applied(answer: Answer) -> None:
    assert answer.json == {"received": True, "applied": False}, explain(answer)


@then(parsers.parse('the checkout is complete on the "{plan}" plan'))
def the_checkout_is_complete(answer: Answer, plan: str) -> None:
    assert (answer.json["status"], answer.json["plan"]) == ("complete", plan), explain(answer)


@then(parsers.parse('their plan is "{plan}"'))
def their_plan_is(answer: Answer, plan: str) -> None:
    assert answer.json["user"]["plan"] == plan, explain(answer)


@then(parsers.parse('they may make {limit:d} "{scope}" a day'))
def they_may_make(answer: Answer, limit: int, scope: str) -> None:
    assert answer.json["rate_limits"][scope]["limit"] == limit, explain(answer)


@then(parsers.parse('the "{plan}" plan is marked as theirs'))
def the_plan_is_marked_as_theirs(answer: Answer, plan: str) -> None:
    current = [listed["name"] for listed in answer.json if listed["is_current"]]
    assert current == [plan], explain(answer)


@then(parsers.parse('their subscription is "{status}"'))
def their_subscription_is(answer: Answer, status: str) -> None:
    assert answer.json["stripe_subscription_status"] == status, explain(answer)


@then("the answer says when to try again")
def the_answer_says_when(answer: Answer) -> None:
    assert int(answer.headers["retry-after"]) > 0, explain(answer)
    assert answer.json["reset_at"], explain(answer)


@then(parsers.parse('the answer names the limit of {limit:d} "{scope}"'))
def the_answer_names_the_limit(answer: Answer, limit: int, scope: str) -> None:
    assert (answer.json["scope"], answer.json["limit"]) == (scope, limit), explain(answer)


@then(parsers.parse('the answer suggests upgrading to "{plan}"'))
def the_answer_suggests_upgrading(answer: Answer, plan: str) -> None:
    assert answer.json["upgrade_suggestion"]["recommended_plan"] == plan, explain(answer)


@then(parsers.parse('the "{scope}" quota is "{status}"'))
def the_quota_is(answer: Answer, scope: str, status: str) -> None:
    assert answer.json["rate_limits"][scope]["status"] == status, explain(answer)


@then(parsers.parse('an upgrade to "{plan}" is recommended'))
def an_upgrade_is_recommended(answer: Answer, plan: str) -> None:
    advice = answer.json["upgrade_recommendation"]
    assert (advice["should_upgrade"], advice["recommended_plan"]) == (True, plan), explain(answer)
