"""CVs, end to end over HTTP: every scenario under features/cvs/.

Fixtures (the job worker, the fake AI vendor, the scenario's papers) are in
features/cvs/conftest.py; a person and their tokens come from features/support/people.py.
"""

import io
import json
import zipfile
from urllib.parse import urlsplit

import pypdf
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


@when("they download their data", target_fixture="answer")
def they_download_their_data(api: Api, person: Person) -> Answer:
    return api.request("GET", "/auth/user/export/", headers=person.bearer())


@when("someone downloads data without a token", target_fixture="answer")
def someone_downloads_data_without_a_token(api: Api) -> Answer:
    return api.request("GET", "/auth/user/export/")


@then("the download is a zip of their profile, that questionnaire and the CV they uploaded")
def the_download_holds_their_data(answer: Answer, person: Person, papers: Papers) -> None:
    assert answer.headers["content-type"] == "application/zip", explain(answer)
    assert answer.headers["content-disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    data = json.loads(archive.read("data.json"))
    assert (data["profile"]["username"], data["profile"]["email"]) == (
        person.username,
        person.email,
    )
    [questionnaire] = data["questionnaires"]
    assert questionnaire["id"] == papers.questionnaire["id"]
    [cv_file] = data["files"]
    assert archive.read(cv_file) == papers.cv


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


@then(parsers.parse('its gaps list "{term}", apart from the CV'))
def its_gaps_list(answer: Answer, term: str) -> None:
    assert term in answer.json["gaps"], explain(answer)
    assert term not in answer.json["response_text"], explain(answer)  # the CV goes to employers


@then(parsers.parse('its gaps do not list "{term}"'))
def its_gaps_do_not_list(answer: Answer, term: str) -> None:
    assert term not in answer.json["gaps"], explain(answer)


@then("it names the provider and the model that wrote it")
def it_names_the_provider_and_model(answer: Answer) -> None:
    assert answer.json["provider"], explain(answer)
    assert answer.json["model"], explain(answer)


@then(parsers.parse('it was written by the "{provider}" provider'))
def it_was_written_by(answer: Answer, provider: str) -> None:
    assert answer.json["provider"] == provider, explain(answer)


@then(parsers.parse("it tells them that {unavailable} was unavailable and {writer} wrote it"))
def it_tells_of_the_failover(answer: Answer, unavailable: str, writer: str) -> None:
    notice = answer.json["notice"] or ""
    said = f"{unavailable} was unavailable; this CV was improved by {writer}"
    assert notice.startswith(said), explain(answer)


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


# ---------------------------------------------------------------- PDFs of improvements


def wait_for_the_improvement(api: Api, person: Person, papers: Papers) -> Answer:
    headers = person.bearer() | {"Prefer": "wait=30"}
    answer = api.request("GET", papers.improvement_path, headers=headers)
    assert answer.json["status"] == "succeeded", explain(answer)
    papers.improvement = answer.json
    return answer


def headed_name(papers: Papers) -> str:
    assert papers.improvement, "no improvement was read in this scenario"
    first_line = papers.improvement["response_text"].strip().splitlines()[0]
    assert first_line.startswith("# "), first_line
    return first_line[2:].strip()


@given("their CV has been improved for that questionnaire")
def their_cv_has_been_improved(api: Api, person: Person, papers: Papers, job_worker: None) -> None:
    answer = papers.ask_for_an_improvement(api, person)
    assert answer.status in (200, 202), explain(answer)
    wait_for_the_improvement(api, person, papers)


@given(parsers.parse('they have the improvement as a PDF in the "{template}" template'))
def they_have_the_improvement_as_a_pdf(
    api: Api, person: Person, papers: Papers, template: str
) -> None:
    answer = papers.ask_for_a_pdf(api, person, {"template": template}, wait=30)
    assert answer.json["pdf_status"] == "succeeded", explain(answer)


@given("its owner has the improvement as a PDF")
def its_owner_has_the_improvement_as_a_pdf(
    api: Api, owner: Person, papers: Papers, job_worker: None
) -> None:
    wait_for_the_improvement(api, owner, papers)
    answer = papers.ask_for_a_pdf(api, owner, wait=30)
    assert answer.json["pdf_status"] == "succeeded", explain(answer)


@when(
    parsers.parse(
        'they ask for a PDF of the improvement in the "{template}" template on "{paper}" paper'
    ),
    target_fixture="answer",
)
def they_ask_for_a_pdf_in(
    api: Api, person: Person, papers: Papers, template: str, paper: str
) -> Answer:
    return papers.ask_for_a_pdf(api, person, {"template": template, "page_size": paper})


@when("they ask for a PDF of the improvement", target_fixture="answer")
def they_ask_for_a_pdf(api: Api, person: Person, papers: Papers) -> Answer:
    return papers.ask_for_a_pdf(api, person)


@when("they download the PDF of the improvement", target_fixture="answer")
def they_download_the_pdf(api: Api, person: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.pdf_path, headers=person.bearer())


@when("its owner downloads the PDF of the improvement", target_fixture="answer")
def its_owner_downloads_the_pdf(api: Api, owner: Person, papers: Papers) -> Answer:
    return api.request("GET", papers.pdf_path, headers=owner.bearer())


@then(parsers.parse('the improvement shows a "{template}" PDF on "{paper}" paper being made'))
def the_improvement_shows_a_pdf_being_made(answer: Answer, template: str, paper: str) -> None:
    shown = {key: answer.json[key] for key in ("pdf_status", "pdf_template", "pdf_page_size")}
    assert shown == {"pdf_status": "queued", "pdf_template": template, "pdf_page_size": paper}
    assert answer.json["pdf_url"] is None, explain(answer)
    assert answer.headers["location"].endswith(f"/cv/ai-responses/{answer.json['id']}/")


@then("the improvement links its PDF")
def the_improvement_links_its_pdf(answer: Answer, papers: Papers) -> None:
    assert answer.json["pdf_status"] == "succeeded", explain(answer)
    assert f"/cv/ai-responses/{answer.json['id']}/pdfs/" in answer.json["pdf_url"]
    papers.keep_pdf_url(answer)


@then("the improvement links a PDF other than the first one")
def the_improvement_links_another_pdf(answer: Answer, papers: Papers) -> None:
    first = papers.pdf_urls[0]
    the_improvement_links_its_pdf(answer, papers)
    assert answer.json["pdf_url"] != first, explain(answer)


@then(
    parsers.parse('it is a PDF attachment named after the improvement, "{template}" and "{paper}"')
)
def it_is_a_pdf_attachment(answer: Answer, papers: Papers, template: str, paper: str) -> None:
    improvement_id = papers.improvement_path.rstrip("/").rsplit("/", 1)[-1]
    assert answer.headers["content-type"] == "application/pdf"
    disposition = f'attachment; filename="cv-{improvement_id}-{template}-{paper}.pdf"'
    assert answer.headers["content-disposition"] == disposition
    assert answer.content.startswith(b"%PDF-")


@then(parsers.parse('its metadata names them as its author and "{position}" in its title'))
def its_metadata_names_them(answer: Answer, papers: Papers, position: str) -> None:
    metadata = pypdf.PdfReader(io.BytesIO(answer.content)).metadata
    assert metadata is not None
    assert metadata.author == headed_name(papers)
    assert metadata.title == f"{headed_name(papers)} \u2013 CV for {position}"


@then("its text begins with the name the improvement is headed with")
def its_text_begins_with_the_name(answer: Answer, papers: Papers) -> None:
    first_page = pypdf.PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert first_page.strip().startswith(headed_name(papers)), first_page[:200]


@then(parsers.parse('both PDFs can be downloaded, the "{first}" and the "{second}" one'))
def both_pdfs_can_be_downloaded(
    api: Api, person: Person, papers: Papers, first: str, second: str
) -> None:
    assert len(papers.pdf_urls) == 2, papers.pdf_urls
    for url, template in zip(papers.pdf_urls, (first, second), strict=True):
        answer = api.request("GET", urlsplit(url).path, headers=person.bearer())
        assert answer.status == 200, explain(answer)
        assert f"-{template}-" in answer.headers["content-disposition"]
