"""The served OpenAPI document describes exactly the routes the app has."""

import re

import pytest
from falcon import testing
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


def app_routes(app) -> set[str]:
    found: set[str] = set()

    def walk(nodes) -> None:
        for node in nodes:
            if node.resource is not None:
                found.add(re.sub(r":[^}]*}", "}", node.uri_template))
            walk(node.children)

    walk(app._router._roots)
    return found


def test_every_route_is_in_the_schema_and_every_schema_path_is_a_route(container) -> None:
    app = container.http.app()
    document = testing.TestClient(app).simulate_get("/schema/").json
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == app_routes(app)


def test_the_served_document_is_valid_openapi_3_1(client) -> None:
    document = client.simulate_get("/schema/").json
    try:
        validate(document)
    except OpenAPIValidationError as error:
        pytest.fail(f"/schema/ is not valid OpenAPI: {error.message} at {list(error.path)}")


def test_path_ids_are_bounded_by_numbers(client) -> None:
    item = client.simulate_get("/schema/").json["paths"]["/cv/questionnaire/{questionnaire_id}/"]
    (parameter,) = item["get"]["parameters"]
    assert parameter["schema"]["minimum"] == 1
    assert parameter["schema"]["maximum"] == 2**31 - 1


def test_every_operation_documents_its_methods(container) -> None:
    app = container.http.app()
    document = testing.TestClient(app).simulate_get("/schema/").json
    user = document["paths"]["/auth/user/"]
    assert set(user) == {"get", "put", "patch", "delete"}
    assert user["get"]["security"] == [{"bearer": []}, {"cookie": []}]


PAGES_FOR_PEOPLE = {"/auth/pages/verify-email/", "/auth/pages/password-reset/"}
"""The pages mails link to without a frontend: they answer HTML, refusals included."""


def test_error_responses_are_declared_as_problem_json(client) -> None:
    document = client.simulate_get("/schema/").json
    for path, item in document["paths"].items():
        for operation in item.values():
            for code, response in operation["responses"].items():
                # 414 comes from the HTTP server (gunicorn), before the app
                if code.startswith(("4", "5")) and code != "414" and path not in PAGES_FOR_PEOPLE:
                    assert list(response["content"]) == ["application/problem+json"], code


def test_every_operation_declares_the_http_servers_refusal_of_a_long_uri(client) -> None:
    for item in client.simulate_get("/schema/").json["paths"].values():
        for operation in item.values():
            too_long = operation["responses"]["414"]
            assert "4094 bytes" in too_long["description"]
            assert list(too_long["content"]) == ["text/html; charset=utf-8"]


def test_an_operation_with_a_body_declares_the_refusals_of_any_body(client) -> None:
    paths = client.simulate_get("/schema/").json["paths"]
    for path, method in [("/auth/login/", "post"), ("/cv/questionnaire/", "post")]:
        assert {"400", "413", "415", "422"} <= set(paths[path][method]["responses"])


def test_the_pages_for_people_are_declared_as_html_with_their_forms(client) -> None:
    paths = client.simulate_get("/schema/").json["paths"]
    for path in PAGES_FOR_PEOPLE:
        for method in ("get", "post"):
            responses = paths[path][method]["responses"]
            assert {"200", "422"} <= set(responses)
            for response in responses.values():
                assert list(response["content"]) == ["text/html; charset=utf-8"], (path, method)
        form = paths[path]["post"]["requestBody"]["content"]
        assert list(form) == ["application/x-www-form-urlencoded"]
    assert paths["/auth/pages/verify-email/"]["get"]["parameters"][0]["name"] == "key"


def test_component_names_have_no_hash_suffixes(client) -> None:
    names = client.simulate_get("/schema/").json["components"]["schemas"]
    assert "AuthOut" in names
    assert all(re.fullmatch(r"[A-Za-z]+", name) for name in names)


def test_the_docs_page_loads_nothing_from_other_hosts(client) -> None:
    page = client.simulate_get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/schema/" in page.text
    assets = re.findall(r"<(?:script|link)[^>]+(?:src|href)=\"([^\"]+)\"", page.text)
    assert len(assets) == 3
    for asset in assets:
        assert asset.startswith("/docs/assets/")
        served = client.simulate_get(asset)
        assert served.status_code == 200
        assert len(served.content) > 10_000


def test_google_sign_in_and_the_data_export_are_described(client) -> None:
    paths = client.simulate_get("/schema/").json["paths"]
    google = paths["/auth/social/login/google/"]["post"]
    assert google["security"] == []
    assert google["requestBody"]["content"]["application/json"]
    assert {"200", "401", "404", "409", "422"} <= set(google["responses"])
    export = paths["/auth/user/export/"]["get"]
    assert export["security"] == [{"bearer": []}, {"cookie": []}]
    assert {"200", "401"} <= set(export["responses"])


@pytest.mark.parametrize(
    ("path", "media_type"),
    [
        ("/auth/user/export/", "application/zip"),
        ("/cv/questionnaire/{questionnaire_id}/resume/", "application/pdf"),
        ("/cv/ai-responses/{response_id}/pdfs/{pdf_id}/", "application/pdf"),
    ],
)
def test_downloads_are_described_as_files_sent_as_attachments(client, path, media_type) -> None:
    ok = client.simulate_get("/schema/").json["paths"][path]["get"]["responses"]["200"]
    assert ok["content"] == {media_type: {"schema": {"type": "string", "format": "binary"}}}
    assert "attachment" in ok["headers"]["Content-Disposition"]["schema"]["examples"][0]


def component(document: dict, reference: dict) -> dict:
    return document["components"]["schemas"][reference["$ref"].rsplit("/", 1)[1]]


REQUIRED_OF_A_QUESTIONNAIRE = [
    "position",
    "industry",
    "experience_level",
    "company_size",
    "application_timeline",
]


@pytest.mark.parametrize(
    ("path", "method", "required"),
    [
        ("/cv/questionnaire/", "post", REQUIRED_OF_A_QUESTIONNAIRE),
        ("/cv/questionnaire/{questionnaire_id}/", "put", REQUIRED_OF_A_QUESTIONNAIRE),
        ("/cv/questionnaire/{questionnaire_id}/", "patch", []),
    ],
)
def test_questionnaire_bodies_mark_the_fields_the_server_requires(
    client, path, method, required
) -> None:
    document = client.simulate_get("/schema/").json
    content = document["paths"][path][method]["requestBody"]["content"]
    for media_type in ("application/json", "multipart/form-data"):
        schema = component(document, content[media_type]["schema"])
        assert schema.get("required", []) == required, media_type
        for name in required:
            assert "anyOf" not in schema["properties"][name]  # never null
    form = content["multipart/form-data"]
    assert form["encoding"] == {"resume": {"contentType": "application/pdf"}}
    resume = component(document, form["schema"])["properties"]["resume"]
    assert resume["contentMediaType"] == "application/pdf"
    fields = component(document, form["schema"])["properties"].values()
    assert all("anyOf" not in field for field in fields)  # a form has no null


def test_a_login_names_its_user_by_username_or_email_never_null(client) -> None:
    document = client.simulate_get("/schema/").json
    login = document["components"]["schemas"]["LoginIn"]
    assert login["required"] == ["password"]
    assert [branch["required"] for branch in login["anyOf"]] == [["username"], ["email"]]
    assert login["properties"]["username"]["type"] == "string"
    assert "default" not in login["properties"]["username"]


@pytest.mark.parametrize(
    ("path", "method"),
    [("/auth/logout/", "post"), ("/auth/token/refresh/", "post"), ("/auth/user/", "patch")],
)
def test_bodies_the_server_does_without_are_optional(client, path, method) -> None:
    paths = client.simulate_get("/schema/").json["paths"]
    assert paths[path][method]["requestBody"]["required"] is False
    assert paths["/auth/user/"]["put"]["requestBody"]["required"] is True


def test_text_the_database_cannot_store_is_outside_the_schema(client) -> None:
    schemas = client.simulate_get("/schema/").json["components"]["schemas"]
    assert schemas["EmailIn"]["properties"]["email"]["pattern"] == r"^[^\x00]*$"
    assert schemas["RegistrationIn"]["properties"]["username"]["pattern"] == r"^\s*[\w.@+-]+\s*$"
    assert schemas["RegistrationIn"]["properties"]["password1"]["minLength"] == 8
