"""The Bot API method table (methods-index.json) and loose checks of call parameters."""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from aiohttp.web import FileField

from .errors import ApiError, bad_request

# Kept in the repository, beside this module; botapi/SOURCE.md says where it comes from.
SPEC_DIR = Path(__file__).resolve().parent / "botapi"
METHODS_INDEX = SPEC_DIR / "methods-index.json"

_MISSING_REASONS = {"text": "message text is empty"}
_INTEGER = re.compile(r"-?\d+\Z")
_FLOAT = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?\Z")
_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}
_MISMATCH = object()
# Replaced in Bot API 7.0 yet still accepted by Telegram; aiogram sends
# disable_web_page_preview whenever DefaultBotProperties(link_preview_is_disabled=...) is set.
_LEGACY_PARAMS = {
    "reply_parameters": {
        "reply_to_message_id": ("Integer",),
        "allow_sending_without_reply": ("Boolean",),
    },
    "link_preview_options": {"disable_web_page_preview": ("Boolean",)},
}


@dataclass(frozen=True)
class MethodSpec:
    name: str
    required: Mapping[str, tuple[str, ...]]
    optional: Mapping[str, tuple[str, ...]]

    def types_of(self, param: str) -> tuple[str, ...] | None:
        if known := self.required.get(param) or self.optional.get(param):
            return known
        for successor, legacy in _LEGACY_PARAMS.items():
            if successor in self.optional and param in legacy:
                return legacy[param]
        return None


@cache
def load_methods() -> dict[str, MethodSpec]:
    """Methods by their exact Bot API name; fails loudly when the method table is absent."""
    if not METHODS_INDEX.is_file():
        raise FileNotFoundError(
            f"Bot API method table not found at {METHODS_INDEX}; the fake Telegram server "
            "needs tests/fake_telegram/botapi/methods-index.json (see SOURCE.md there)."
        )
    methods = json.loads(METHODS_INDEX.read_text(encoding="utf-8"))["methods"]
    return {
        name: MethodSpec(
            name=name,
            required={p: tuple(t) for p, t in body["required"].items()},
            optional={p: tuple(t) for p, t in body["optional"].items()},
        )
        for name, body in methods.items()
    }


@cache
def canonical_names() -> dict[str, str]:
    return {name.lower(): name for name in load_methods()}


def check_params(spec: MethodSpec, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Rejects unknown and missing parameters and converts form strings to JSON values."""
    for name in raw:
        if spec.types_of(name) is None:
            raise bad_request(
                f'unknown parameter "{name}" for method {spec.name} (not in {METHODS_INDEX.name}; '
                "Telegram would silently ignore it, the fake rejects it to catch typos)"
            )
    for name in spec.required:
        if name not in raw:
            raise bad_request(_MISSING_REASONS.get(name, f"{name} is required"))
    return {name: _coerce(name, value, spec.types_of(name) or ()) for name, value in raw.items()}


def _coerce(name: str, value: Any, types: tuple[str, ...]) -> Any:
    for type_name in types:
        converted = _converter(type_name)(value)
        if converted is not _MISMATCH:
            return converted
    raise ApiError(400, f'Bad Request: parameter "{name}" must be {" or ".join(types)}')


def _converter(type_name: str) -> Callable[[Any], Any]:
    simple = {
        "Integer": _as_integer,
        "Float": _as_float,
        "Boolean": _as_boolean,
        "String": _as_string,
        "InputFile": _as_input_file,
    }
    if type_name in simple:
        return simple[type_name]
    if type_name.startswith("Array of "):
        return lambda value: _as_json(value, list)
    return lambda value: _as_json(value, dict)


def _as_integer(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.match(value.strip()):
        return int(value)
    return _MISMATCH


def _as_float(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _FLOAT.match(value.strip()):
        return float(value)
    return _MISMATCH


def _as_boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | str):
        return _BOOLEANS.get(str(value).strip().lower(), _MISMATCH)
    return _MISMATCH


def _as_string(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return _MISMATCH


def _as_input_file(value: Any) -> Any:
    return value if isinstance(value, str | FileField) else _MISMATCH


def _as_json(value: Any, shape: type) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return _MISMATCH
    return value if isinstance(value, shape) else _MISMATCH
