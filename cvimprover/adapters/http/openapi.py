"""The OpenAPI 3.1 document, generated from the resources' declarations, and its docs page."""

import copy
import importlib.util
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import falcon
import orjson
from pydantic import BaseModel, ValidationError
from spectree import Response, SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import InType, SecureType
from spectree.plugins.falcon_plugin import FalconPlugin

from cvimprover.adapters.http.errors import PROBLEM_JSON, Problem, field_errors
from cvimprover.adapters.http.pages import as_page
from cvimprover.adapters.http.schemas import Problem as ProblemSchema

SCHEMA_PATH = "/schema/"
OPENAPI_JSON = "application/vnd.oai.openapi+json"
AUTHENTICATED: list[dict[str, list[str]]] = [{"bearer": []}, {"cookie": []}]


def _refuse_invalid_request(
    req: falcon.Request,
    resp: falcon.Response,
    error: Exception | None,
    instance: object,
    *args: Any,
) -> None:
    if isinstance(error, ValidationError):
        problems = field_errors([dict(detail) for detail in error.errors()])
        raise Problem(422, "The request has invalid fields.", errors=problems)


def refuse_invalid_page_request(
    req: falcon.Request,
    resp: falcon.Response,
    error: Exception | None,
    instance: object,
    *args: Any,
) -> None:
    """The `before` of a page for people: its refusals are HTML pages, like its answers."""
    as_page(req)
    _refuse_invalid_request(req, resp, error, instance, *args)


class _FalconRoutes(FalconPlugin):
    """spectree's Falcon plugin, with an `int(min=.., max=..)` path converter's bounds
    given as the numbers they are (the plugin copies them as text, which OpenAPI refuses)."""

    def parse_path(
        self, route: Any, path_parameter_descriptions: Mapping[str, str] | None
    ) -> tuple[str, list[dict[str, Any]]]:
        parse: Callable[..., tuple[str, list[dict[str, Any]]]] = super().parse_path
        path, parameters = parse(route, path_parameter_descriptions)
        for parameter in parameters:
            schema = parameter["schema"]
            if schema["type"] == "integer":
                for bound in ("minimum", "maximum"):
                    if bound in schema:
                        schema[bound] = int(schema[bound])
        return path, parameters


api = SpecTree(
    "falcon",
    backend=_FalconRoutes,
    title="cvimprover API",
    version="0.1.0",
    description="Improve a CV for the job you want. Errors are RFC 9457 problem+json.",
    mode="strict",
    annotations=True,
    before=_refuse_invalid_request,
    validation_error_status=422,
    validation_error_model=ProblemSchema,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
    security_schemes=[
        SecurityScheme(
            name="bearer",
            data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer", bearer_format="JWT"),
        ),
        SecurityScheme(
            name="cookie",
            data=SecuritySchemeData(
                type=SecureType.API_KEY, field_in=InType.COOKIE, name="access-token"
            ),
        ),
    ],
)


_REQUEST_BODIES: dict[tuple[str, str], dict[str, type[BaseModel]]] = {}
_OPTIONAL_BODIES: set[tuple[str, str]] = set()
_HTML_PAGES: set[str] = {"/"}


def document_html_page(path: str) -> None:
    """Declares that GET `path` answers with an HTML page, not JSON."""
    _HTML_PAGES.add(path)


_HTML_FORMS: set[tuple[str, str]] = set()


def document_html_form(path: str, method: str) -> None:
    """Declares that `method` on `path` is a page for people: it answers with HTML, its
    refusals included."""
    _HTML_FORMS.add((path, method))


_TEXT_PATHS: dict[str, str] = {}


def document_text_path(path: str, media_type: str) -> None:
    """Declares that GET `path`, a path without the trailing slash (such as /metrics,
    where scrapers look), answers with text of `media_type`."""
    _TEXT_PATHS[path] = media_type


def document_request_body(
    path: str, method: str, bodies: dict[str, type[BaseModel]], *, required: bool = True
) -> None:
    """Declares a body that the resource parses itself (JSON or multipart, or a body
    that may be left out)."""
    _REQUEST_BODIES[(path, method)] = bodies
    if not required:
        _OPTIONAL_BODIES.add((path, method))


def document_optional_body(path: str, method: str) -> None:
    """Declares that the JSON body spectree validates may be left out (it is then `{}`)."""
    _OPTIONAL_BODIES.add((path, method))


_FILE_RESPONSES: dict[tuple[str, str], tuple[str, str]] = {}


def document_file_response(path: str, method: str, media_type: str, example_name: str) -> None:
    """Declares a 200 that is a file to save: `media_type` bytes, sent as an attachment
    (named like `example_name`)."""
    _FILE_RESPONSES[(path, method)] = (media_type, example_name)


_JSON_DOCUMENTS: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {}


def document_json_schema(
    path: str, name: str, schema: dict[str, Any], definitions: dict[str, str]
) -> None:
    """Declares that `path` answers GET and PUT with a JSON document that `schema`, a JSON
    Schema of its own (draft 4), describes, and takes one as PUT's body; it is published
    as the component `name`, and its `definitions` as the components they are named to."""
    _JSON_DOCUMENTS[path] = (name, schema, definitions)


def _declare_json_documents(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for path, (name, schema, names) in _JSON_DOCUMENTS.items():
        item = document["paths"].get(path)
        if item is None:
            continue
        own = {key: value for key, value in schema.items() if key not in ("$schema", "definitions")}
        for definition, part in schema.get("definitions", {}).items():
            schemas[names[definition]] = _referring_to_components(part, names)
        schemas[name] = _referring_to_components(own, names)
        content = {falcon.MEDIA_JSON: {"schema": {"$ref": f"#/components/schemas/{name}"}}}
        for method in ("get", "put"):
            if method in item:
                item[method]["responses"]["200"]["content"] = content
        if "put" in item:
            item["put"]["requestBody"] = {"content": content, "required": True}


def _referring_to_components(part: Any, names: dict[str, str]) -> Any:
    """`#/definitions/iso8601` -> `#/components/schemas/<the name given to iso8601>`."""
    if isinstance(part, dict):
        ref = part.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            definition = names[ref.removeprefix("#/definitions/")]
            return {**part, "$ref": f"#/components/schemas/{definition}"}
        return {key: _referring_to_components(value, names) for key, value in part.items()}
    if isinstance(part, list):
        return [_referring_to_components(value, names) for value in part]
    return part


def _declare_file_responses(document: dict[str, Any]) -> None:
    for (path, method), (media_type, example_name) in _FILE_RESPONSES.items():
        operation = document["paths"].get(path, {}).get(method)
        if operation is None:
            continue
        ok = operation["responses"]["200"]
        ok["content"] = {media_type: {"schema": {"type": "string", "format": "binary"}}}
        example = f'attachment; filename="{example_name}"'
        disposition = {"type": "string", "examples": [example]}
        ok["headers"] = {"Content-Disposition": {"schema": disposition}}


def _declare_request_bodies(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for (path, method), bodies in _REQUEST_BODIES.items():
        operation = document["paths"].get(path, {}).get(method)
        if operation is None:
            continue
        content: dict[str, dict[str, Any]] = {}
        for media_type, model in bodies.items():
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas[model.__name__] = schema
            content[media_type] = {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
            files = {
                name: {"contentType": field["contentMediaType"]}
                for name, field in schema.get("properties", {}).items()
                if "contentMediaType" in field
            }
            if files and media_type == falcon.MEDIA_MULTIPART:
                content[media_type]["encoding"] = files
        operation["requestBody"] = {"content": content, "required": True}


def _declare_optional_bodies(document: dict[str, Any]) -> None:
    for path, method in _OPTIONAL_BODIES:
        body = document["paths"].get(path, {}).get(method, {}).get("requestBody")
        if body is not None:
            body["required"] = False


def build_document(app: falcon.App[Any, Any]) -> dict[str, Any]:
    """The spec of `app`'s routes, with errors declared as problem+json."""
    api.app = app
    # spectree lifts nested models out of the schemas it keeps, deleting them there: a
    # second app built in this process (tests build many) would lose them.
    models = copy.deepcopy(api.models)
    document: dict[str, Any] = api._generate_spec()
    api.models = models
    # spectree drops trailing slashes; every route of this API has one.
    document["paths"] = {
        path if path in _TEXT_PATHS else path.rstrip("/") + "/": item
        for path, item in document["paths"].items()
    }
    for item in document["paths"].values():
        for operation in item.values():
            _declare_problems(operation)
    _declare_request_bodies(document)
    _declare_optional_bodies(document)
    _declare_file_responses(document)
    _declare_json_documents(document)
    for item in document["paths"].values():
        for operation in item.values():
            _declare_refusals_of_any_request(operation)
    pages = [(path, falcon.MEDIA_HTML, {"type": "string"}) for path in sorted(_HTML_PAGES)]
    texts = [(path, media_type, {"type": "string"}) for path, media_type in _TEXT_PATHS.items()]
    schema_page = (SCHEMA_PATH, OPENAPI_JSON, {"type": "object"})
    for path, media_type, schema in [schema_page, *pages, *texts]:
        if path not in document["paths"]:
            continue
        ok = document["paths"][path]["get"]["responses"]["200"]
        ok["content"] = {media_type: {"schema": schema}}
    for path, method in _HTML_FORMS:
        operation = document["paths"].get(path, {}).get(method, {})
        for response in operation.get("responses", {}).values():
            response["content"] = {falcon.MEDIA_HTML: {"schema": {"type": "string"}}}
    return document


_BODY_REFUSALS = {
    "400": "Bad Request: the body does not parse.",
    "411": "Length Required: a body is sent with its Content-Length, not chunked.",
    "413": "Content Too Large: the body is over the server's limit.",
    "415": "Unsupported Media Type: the body is not of a media type declared here.",
}


def _declare_refusals_of_any_request(operation: dict[str, Any]) -> None:
    responses = operation["responses"]
    if "requestBody" in operation:
        problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
        for code, description in _BODY_REFUSALS.items():
            responses.setdefault(code, {"description": description, "content": problem})
    # gunicorn answers it, before the app, to a request line over 4094 bytes
    responses["414"] = {
        "description": "URI Too Long: the request line is over 4094 bytes; the HTTP "
        "server refuses it before the app sees it, in a page of its own.",
        "content": {falcon.MEDIA_HTML: {"schema": {"type": "string"}}},
    }


def _declare_problems(operation: dict[str, Any]) -> None:
    if any("bearer" in requirement for requirement in operation.get("security", [])):
        # every authenticated request counts against the caller's hourly API calls
        operation["responses"].setdefault("429", {"description": "Too Many Requests"})
    for code, response in operation.get("responses", {}).items():
        if code[0] in "45":
            schema = {"$ref": "#/components/schemas/Problem"}
            response["content"] = {PROBLEM_JSON: {"schema": schema}}


class SchemaResource:
    """GET /schema/: the OpenAPI document, published once every route is added."""

    def __init__(self) -> None:
        self._body = b"{}"

    def publish(self, document: dict[str, Any]) -> None:
        self._body = orjson.dumps(document)

    @api.validate(resp=Response(HTTP_200=None), tags=["docs"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """The OpenAPI 3.1 document of this API."""
        resp.content_type = OPENAPI_JSON
        resp.data = self._body


def swagger_ui_assets() -> Path:
    """Swagger UI 5's files, as the swagger-ui-py package ships them (found, not imported:
    its module would load a template engine the API does not need)."""
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed")
    return Path(spec.submodule_search_locations[0]) / "static"


DOCS_ASSETS = "/docs/assets"
DOCS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cvimprover API</title>
  <link rel="stylesheet" href="{assets}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}/swagger-ui-bundle.js"></script>
  <script src="{assets}/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: "{schema}",
      dom_id: "#swagger-ui",
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout",
      deepLinking: true
    }});
  </script>
</body>
</html>
"""


class DocsResource:
    """GET /: Swagger UI, its scripts served by this app (no CDN, works offline)."""

    def __init__(self) -> None:
        self._page = DOCS_PAGE.format(assets=DOCS_ASSETS, schema=SCHEMA_PATH).encode()

    @api.validate(resp=Response(HTTP_200=None), tags=["docs"], security={})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Interactive API documentation (Swagger UI, served offline)."""
        resp.content_type = falcon.MEDIA_HTML
        resp.data = self._page
