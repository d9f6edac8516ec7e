"""Method parameter specs and their coercion from query strings, forms, multipart or JSON.

Telegram accepts every parameter as a string (nested objects JSON-serialized) or as a native
JSON value; these helpers turn both into typed Python values, or a 400 Telegram would give.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from emulator.errors import ApiError, bad_request
from emulator.models import UploadedFile

_INTEGER = re.compile(r"[+-]?\d+")


class Kind(Enum):
    """The Bot API type of a parameter, as far as the emulator checks it."""

    INTEGER = "Integer"
    FLOAT = "Float"
    STRING = "String"
    BOOLEAN = "Boolean"
    CHAT_ID = "Integer or String"
    OBJECT = "Object"
    ARRAY = "Array"
    FILE = "InputFile or String"


@dataclass(frozen=True)
class Param:
    """One parameter of a method; missing is the error text when a required one is absent."""

    kind: Kind
    required: bool = False
    missing: str | None = None


def required(kind: Kind, missing: str | None = None) -> Param:
    """Return a required parameter spec."""
    return Param(kind, required=True, missing=missing)


def optional(kind: Kind) -> Param:
    """Return an optional parameter spec."""
    return Param(kind)


def coerce_params(raw: Mapping[str, Any], spec: Mapping[str, Param]) -> dict[str, Any]:
    """Return typed parameters; unknown ones pass through untouched (Telegram ignores them)."""
    typed: dict[str, Any] = {}
    for name, value in raw.items():
        param = spec.get(name)
        if param is None:
            typed[name] = value
        elif not _is_absent(value):
            typed[name] = _coerce(name, value, param.kind)
    for name, param in spec.items():
        if param.required and _is_absent(typed.get(name)):
            raise bad_request(param.missing or f"{name} is empty")
    return typed


def _is_absent(value: Any) -> bool:
    return value is None or value == ""


def _coerce(name: str, value: Any, kind: Kind) -> Any:
    """Convert one value or raise a 400 naming the parameter and the type it needs."""
    converted = _CONVERTERS[kind](value)
    if converted is _INVALID:
        raise _wrong_type(name, kind)
    return converted


class _Invalid:
    """Marks a value that could not be converted."""


_INVALID: Any = _Invalid()


def _wrong_type(name: str, kind: Kind) -> ApiError:
    if kind in (Kind.OBJECT, Kind.ARRAY):
        return bad_request(f"can't parse {name} JSON object")
    return bad_request(f'field "{name}" must be of type {kind.value}')


def _to_integer(value: Any) -> Any:
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    return _INVALID


def _to_float(value: Any) -> Any:
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return _INVALID
    return _INVALID


def _to_string(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _INVALID


def _to_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "1", "false", "0"):
        return value.lower() in ("true", "1")
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    return _INVALID


def _to_chat_id(value: Any) -> Any:
    integer = _to_integer(value)
    if integer is not _INVALID:
        return integer
    if isinstance(value, str) and value.startswith("@"):
        return value
    return _INVALID


def _from_json(value: Any, expected: type) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return _INVALID
    return value if isinstance(value, expected) else _INVALID


def _to_object(value: Any) -> Any:
    return _from_json(value, dict)


def _to_array(value: Any) -> Any:
    return _from_json(value, list)


def _to_file(value: Any) -> Any:
    return value if isinstance(value, UploadedFile | str) else _INVALID


_CONVERTERS = {
    Kind.INTEGER: _to_integer,
    Kind.FLOAT: _to_float,
    Kind.STRING: _to_string,
    Kind.BOOLEAN: _to_boolean,
    Kind.CHAT_ID: _to_chat_id,
    Kind.OBJECT: _to_object,
    Kind.ARRAY: _to_array,
    Kind.FILE: _to_file,
}
