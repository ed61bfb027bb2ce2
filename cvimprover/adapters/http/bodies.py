"""The base of every request body: what it refuses, and how its schema says so."""

from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ModelWrapValidatorHandler,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

NO_NUL = r"^[^\x00]*$"
"""Text PostgreSQL can store: no NUL character."""

T = TypeVar("T")


def _refuse_null(value: object) -> object:
    if value is None:
        raise PydanticCustomError("not_null", "This field may not be null.")
    return value


Omittable = Annotated[T | None, BeforeValidator(_refuse_null)]
"""A field that may be left out (it is then None) but not sent as null."""


def _is_omittable(field: FieldInfo) -> bool:
    return any(
        isinstance(rule, BeforeValidator) and rule.func is _refuse_null for rule in field.metadata
    )


def _not_nullable(schema: dict[str, Any]) -> None:
    branches = [branch for branch in schema.pop("anyOf", []) if branch.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])
    elif branches:
        schema["anyOf"] = branches
    if "default" in schema and schema["default"] is None:
        del schema["default"]


def _document_rules(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The schema of a `Body` says what it refuses: `null` for an `Omittable` field, NUL
    in any text, and a body that names none of `needs_one_of`."""
    for name, info in model.model_fields.items():
        if _is_omittable(info) and name in schema.get("properties", {}):
            _not_nullable(schema["properties"][name])
    for field in schema.get("properties", {}).values():
        for branch in [field, *field.get("anyOf", [])]:
            plain_text = not {"pattern", "format", "enum", "const"} & branch.keys()
            if branch.get("type") == "string" and plain_text:
                branch["pattern"] = NO_NUL
    names = getattr(model, "needs_one_of", ())
    if names:
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"minLength": 1}}} for name in names
        ]


class Body(BaseModel):
    """A request body: unknown fields are refused, and so is text no database can store.

    Patterns are Python's, as the document's readers (schemathesis among them) run them.
    """

    model_config = ConfigDict(
        extra="forbid",
        str_max_length=10_000,
        regex_engine="python-re",
        json_schema_extra=_document_rules,
    )

    needs_one_of: ClassVar[tuple[str, ...]] = ()
    """Fields of which the body must give one, not empty (a login names its user by
    username or by e-mail); the error goes under the first."""
    needs_one_of_message: ClassVar[str] = ""

    @field_validator("*", mode="before")  # before HTML is removed, and NUL with it
    @classmethod
    def _storable_text(cls, value: object) -> object:
        if isinstance(value, str):
            if "\x00" in value:
                raise ValueError("NUL characters are not allowed.")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("The text is not valid Unicode.") from None
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _one_of_named(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        """Every error at once: a body that names none of `needs_one_of` is refused
        together with whatever else is wrong with it."""
        missing: list[InitErrorDetails] = []
        if cls.needs_one_of and isinstance(data, dict) and not _names_one(data, cls.needs_one_of):
            error = PydanticCustomError("needs_one_of", cls.needs_one_of_message)
            missing.append({"type": error, "loc": (cls.needs_one_of[0],), "input": data})
        try:
            body = handler(data)
        except ValidationError as invalid:
            if not missing:
                raise
            errors = [*map(_as_raised, invalid.errors(include_url=False)), *missing]
            raise ValidationError.from_exception_data(cls.__name__, errors) from None
        if missing:
            raise ValidationError.from_exception_data(cls.__name__, missing)
        return body


def _as_raised(error: ErrorDetails) -> InitErrorDetails:
    """An error as it can be raised again, its kind and context kept (the kind may be
    one of ours, which pydantic would not know by name)."""
    kind = PydanticCustomError(error["type"], error["msg"], error.get("ctx"))
    return {"type": kind, "loc": error["loc"], "input": error["input"]}


def _names_one(data: dict[str, Any], names: tuple[str, ...]) -> bool:
    return any(isinstance(data.get(name), str) and data[name] for name in names)
