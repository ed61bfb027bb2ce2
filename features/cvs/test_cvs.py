"""CVs, end to end over HTTP: every scenario under features/cvs/.

Fixtures (the job worker, the fake AI vendor, the scenario's papers) are in
features/cvs/conftest.py; a person and their tokens come from features/support/people.py.
"""

import pytest
from pytest_bdd import given, parsers, scenarios, then, when
from pytest_httpserver import HTTPServer

from cvimprover.config import Settings
from features.conftest import BASE_URL, explain, sign_up
from features.support.driver import Answer, Api
from features.support.papers import Papers
from features.support.people import Person

scenarios("cvs")

DEFAULT_ASKS = "Python, PostgreSQL, Kubernetes and Terraform"
CHAT_COMPLETIONS = "/v1/chat/completions"
VENDOR_DOWN = {"error": {"message": "The server is overloaded.", "type": "server_error"}}


@given(parsers.parse('the AI providers are tried in the order "{order}"'))
def the_ai_providers_are_tried_in_order(request: pytest.FixtureRequest, order: str) -> None:
    if BASE_URL:
        pytest.skip(
            "URL mode: the server's AI_PROVIDERS cannot be pointed at a fake vendor from here; "
            "this scenario runs in-process only"
        )
    settings: Settings = request.getfixturevalue("settings")
    assert settings.provider_names == order.split(","), "tag the scenario @ai_vendor_outage"


@given("the openai-compatible vendor answers 503 to every call")
def the_vendor_answers_503(httpserver: HTTPServer) -> None:
    httpserver.expect_request(CHAT_COMPLETIONS, method="POST").respond_with_json(
        VENDOR_DOWN, status=503
    )


@given(parsers.parse('they have submitted a questionnaire with the CV "{sample}"'))
def they_have_submitted_a_questionnaire(
    api: Api, person: Person, papers: Papers, sample: str
) -> None:
    answer = papers.submit(api, person, sample, DEFAULT_ASKS)
    assert answer.status == 201, explain(answer)


@given(
    parsers.parse('someone who has asked for an improvement of their CV "{sample}"'),
    target_fixture="owner",
)
def someone_who_has_asked_for_an_improvement(api: Api, papers: Papers, sample: str) -> Person:
    owner = Person.new()
    for answer in (
        sign_up(api, owner),
        papers.submit(api, owner, sample, DEFAULT_ASKS),
        papers.ask_for_an_improvement(api, owner),
    ):
        assert answer.status in (201, 202), explain(answer)
    return owner


@when(
    parsers.parse(
        'they submit a questionnaire with the CV "{sample}" for a job asking for "{asks_for}"'
    ),
    target_fixture="answer",
)
def they_submit_a_questionnaire(
    api: Api, person: Person, papers: Papers, sample: str, asks_for: str
) -> Answer:
    return papers.submit(api, person, sample, asks_for)


@when("they ask for an improvement of that questionnaire", target_fixture="answer")
def they_ask_for_an_improvement(
    api: Api, person: Person, papers: Papers, job_worker: None
) -> Answer:
    return papers.ask_for_an_improvement(api, person)


@when(
    parsers.parse(
        "they look at the improvement, waiting up to {seconds:d} seconds for it to finish"
    ),
    target_fixture="answer",
)
def they_wait_for_the_improvement(api: Api, person: Person, papers: Papers, seconds: int) -> Answer:
    headers = person.bearer() | {"Prefer": f"wait={seconds}"}
    return api.request("GET", papers.improvement_path, headers=headers)


@when("they look at the improvement", target_fixture="answer")
def they_look_at_the_improvement(api: Api, person: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.improvement_path, headers=person.bearer())


@when("its owner looks at the improvement", target_fixture="answer")
def its_owner_looks_at_the_improvement(api: Api, owner: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.improvement_path, headers=owner.bearer())


@when("they list their questionnaires", target_fixture="answer")
def they_list_their_questionnaires(api: Api, person: Person) -> Answer:
    return api.request("GET", "/cv/questionnaire/", headers=person.bearer())


@when("they look at that questionnaire", target_fixture="answer")
def they_look_at_that_questionnaire(api: Api, person: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.questionnaire_path, headers=person.bearer())


@when("its owner looks at that questionnaire", target_fixture="answer")
def its_owner_looks_at_that_questionnaire(api: Api, owner: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.questionnaire_path, headers=owner.bearer())


@when("they change the position on that questionnaire", target_fixture="answer")
def they_change_the_position(api: Api, person: Person, papers: Papers) -> Answer:
    body = {"position": "Data Engineer"}
    return api.request("PATCH", papers.questionnaire_path, json=body, headers=person.bearer())


@when("they delete that questionnaire", target_fixture="answer")
def they_delete_that_questionnaire(api: Api, person: Person, papers: Papers) -> Answer:
    return api.request("DELETE", papers.questionnaire_path, headers=person.bearer())


@when("they download the CV of that questionnaire", target_fixture="answer")
def they_download_the_cv(api: Api, person: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.resume_path, headers=person.bearer())


@then("the questionnaire keeps a link to its CV")
def the_questionnaire_links_its_cv(answer: Answer) -> None:
    questionnaire_id = answer.json["id"]
    assert answer.headers["location"].endswith(f"/cv/questionnaire/{questionnaire_id}/")
    assert answer.json["resume"] == f"/cv/questionnaire/{questionnaire_id}/resume/", explain(answer)


@then("the improvement is queued at the location the answer gives")
def the_improvement_is_queued(answer: Answer) -> None:
    assert answer.json["status"] == "queued", explain(answer)
    assert answer.headers["location"].endswith(f"/cv/ai-responses/{answer.json['id']}/")


@then("the improvement has succeeded")
def the_improvement_has_succeeded(answer: Answer) -> None:
    assert answer.json["status"] == "succeeded", explain(answer)
    assert answer.json["error"] is None, explain(answer)


@then(parsers.parse('it is Markdown headed with the name "{name}"'))
def it_is_markdown_headed_with(answer: Answer, name: str) -> None:
    assert answer.json["response_text"].startswith(f"# {name}\n"), explain(answer)


@then(parsers.parse('its "{title}" section lists "{term}"'))
def its_section_lists(answer: Answer, title: str, term: str) -> None:
    assert term in bullets(answer.json["response_text"], title), explain(answer)


@then(parsers.parse('its "{title}" section does not list "{term}"'))
def its_section_does_not_list(answer: Answer, title: str, term: str) -> None:
    assert term not in bullets(answer.json["response_text"], title), explain(answer)


@then("it names the provider and the model that wrote it")
def it_names_the_provider_and_model(answer: Answer) -> None:
    assert answer.json["provider"], explain(answer)
    assert answer.json["model"], explain(answer)


@then(parsers.parse('it was written by the "{provider}" provider'))
def it_was_written_by(answer: Answer, provider: str) -> None:
    assert answer.json["provider"] == provider, explain(answer)


@then("the openai-compatible vendor was asked first")
def the_vendor_was_asked_first(httpserver: HTTPServer) -> None:
    asked = [request.path for request, _ in httpserver.log]
    assert asked == [CHAT_COMPLETIONS], asked  # once: AI_MAX_RETRIES is 0


@then("it is the PDF they sent, unchanged")
def it_is_the_pdf_they_sent(answer: Answer, papers: Papers) -> None:
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content == papers.cv, "the downloaded CV differs from the one sent"


@then(parsers.parse('the "{field}" field error mentions "{words}"'))
def the_field_error_mentions(answer: Answer, field: str, words: str) -> None:
    messages = answer.json.get("errors", {}).get(field, [])
    assert any(words in message.lower() for message in messages), explain(answer)


@then("they have no questionnaires")
def they_have_no_questionnaires(answer: Answer) -> None:
    assert answer.json == [], explain(answer)


@then("the questionnaire is as its owner submitted it")
def the_questionnaire_is_unchanged(answer: Answer, papers: Papers) -> None:
    assert answer.json == papers.questionnaire, explain(answer)


def bullets(markdown: str, title: str) -> list[str]:
    """The items of the bulleted list under the `## title` heading."""
    _, found, rest = markdown.partition(f"\n## {title}\n")
    assert found, f"no '## {title}' section in:\n{markdown}"
    section = rest.split("\n## ", 1)[0]
    return [line[2:].strip() for line in section.splitlines() if line.startswith("- ")]
