import json
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker, ValidationError

from cvimprover.core.cvs.resume import EXTRA_SECTIONS, ResumeProblem
from cvimprover.ports.documents import ResumeValidator

SCHEMA_FILE = "jsonresume-1.0.0.json"
KEPT_SECTIONS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["title", "lines"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string"},
            "lines": {"type": "array", "items": {"type": "string"}},
        },
    },
}
"""The shape of `meta["x-sections"]`, where the sections JSON Resume has no place for are
kept (`cvimprover.core.cvs.resume`); the official schema leaves `meta` open."""


def resume_schema() -> dict[str, Any]:
    """The JSON Resume v1.0.0 schema, as shipped in the package."""
    text = resources.files(__package__).joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _is_uri(value: object) -> bool:
    """An absolute URI: a scheme, and no white space (which RFC 3986 never allows)."""
    if not isinstance(value, str):
        return True
    return bool(urlsplit(value).scheme) and not any(char.isspace() for char in value)


DATE_PATTERN = resume_schema()["definitions"]["iso8601"]["pattern"]


@cache
def _validator() -> Draft4Validator:
    # The formats are checked the same way wherever the service runs, rather than by
    # whichever optional checkers happen to be installed.
    formats = FormatChecker(formats=("email",))
    formats.checks("uri")(_is_uri)
    schema = resume_schema()
    schema["properties"]["meta"]["properties"][EXTRA_SECTIONS] = KEPT_SECTIONS
    return Draft4Validator(schema, format_checker=formats)


class JsonSchemaResumeValidator(ResumeValidator):
    """Validates with `jsonschema` (draft 4, the schema's own), checking the `email` and
    `uri` formats as well as types and date patterns, and the kept sections' shape."""

    def problems(self, document: object) -> list[ResumeProblem]:
        errors = sorted(_validator().iter_errors(document), key=_document_order)
        return [ResumeProblem(path=error.json_path, message=_message(error)) for error in errors]


def _document_order(error: ValidationError) -> list[tuple[int, int | str]]:
    return [(0, step) if isinstance(step, int) else (1, step) for step in error.path]


def _message(error: ValidationError) -> str:
    if error.validator == "pattern" and error.validator_value == DATE_PATTERN:
        return f"{error.instance!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD."
    return error.message
