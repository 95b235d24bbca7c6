"""The Bot API description (`api.json`) as an oracle for calls and objects."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC_ENV = "TELEGRAM_API_SPEC"
# project root = parent of tests/; the description lives beside the project, never inside it.
DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[2].parent / "shared/telegram-bot-api/api.json"

# (method or type, field) pairs aiogram 3.31 (Bot API 10.3) may send or expect that are newer
# than the snapshot in api.json (Bot API 10.1). Add a pair only after observing it, with a comment.
NEWER_THAN_SPEC: frozenset[tuple[str, str]] = frozenset()

_PRIMITIVES = frozenset({"Integer", "Float", "Boolean", "True", "String", "InputFile"})
# `always "user"` (received objects) or `must be chat` (objects the bot sends).
_FIXED_VALUE = re.compile(r'(?:always "([a-z_]+)"|must be ([a-z_]+))')
_DISCRIMINATORS = ("type", "source", "status")


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request; satisfies the InputFile type."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass(frozen=True)
class Field:
    name: str
    types: tuple[str, ...]
    required: bool


def spec_path() -> Path:
    override = os.environ.get(SPEC_ENV)
    return Path(override) if override else DEFAULT_SPEC_PATH


class ApiSpec:
    """Methods and types of one api.json, with call/object validation."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data.get("version", "?")
        self.methods: dict[str, dict[str, Field]] = {
            name: _fields(method) for name, method in data["methods"].items()
        }
        self.types: dict[str, dict[str, Field]] = {
            name: _fields(type_) for name, type_ in data["types"].items()
        }
        self.subtypes: dict[str, list[str]] = {
            name: list(type_["subtypes"])
            for name, type_ in data["types"].items()
            if type_.get("subtypes")
        }
        # type name -> (discriminator field, fixed value), e.g. MessageOriginUser -> (type, user)
        self.fixed: dict[str, tuple[str, str]] = {}
        for name, type_ in data["types"].items():
            for raw in type_.get("fields", []):
                if raw["name"] in _DISCRIMINATORS and (
                    m := _FIXED_VALUE.search(raw["description"])
                ):
                    self.fixed[name] = (raw["name"], m.group(1) or m.group(2))
                    break

    @classmethod
    def load(cls, path: Path) -> ApiSpec:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def has_method(self, method: str) -> bool:
        return method in self.methods

    def with_empty_strings(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Add "" for missing required String params.

        aiogram drops empty strings from requests, so `text=""` arrives as no text at all;
        Telegram then answers as for an empty value ("message text is empty"), not as a
        malformed call.
        """
        fields = self.methods.get(method, {})
        missing = {
            name: ""
            for name, field in fields.items()
            if field.required and field.types == ("String",) and name not in params
        }
        return {**params, **missing}

    def validate_call(self, method: str, params: dict[str, Any]) -> list[str]:
        if method not in self.methods:
            return [f"method {method!r} does not exist in Bot API {self.version}"]
        return self._check_fields(method, self.methods[method], params, path="")

    def validate_object(self, type_name: str, obj: Any) -> list[str]:
        return self._check_type(obj, type_name, type_name)

    def _check_fields(
        self, owner: str, fields: dict[str, Field], obj: dict[str, Any], path: str
    ) -> list[str]:
        problems: list[str] = []
        for name, field in fields.items():
            if field.required and name not in obj:
                problems.append(f"{path}{name}: required field is missing")
        for name, value in obj.items():
            field_ = fields.get(name)
            if field_ is None:
                if (owner, name) not in NEWER_THAN_SPEC:
                    problems.append(f"{path}{name}: unknown field of {owner}")
                continue
            problems.extend(self._check_value(value, field_.types, f"{path}{name}"))
        fixed = self.fixed.get(owner)
        if fixed and fixed[0] in obj and obj[fixed[0]] != fixed[1]:
            problems.append(f"{path}{fixed[0]}: must be {fixed[1]!r}, got {obj[fixed[0]]!r}")
        return problems

    def _check_value(self, value: Any, types: tuple[str, ...] | list[str], path: str) -> list[str]:
        candidates = [self._check_type(value, type_, path) for type_ in types]
        if any(not problems for problems in candidates):
            return []
        # A dict or list that failed against an object type says more than "expected X or Y".
        for problems in candidates:
            if not problems[0].endswith(f"got {_kind(value)}"):
                return problems
        return [f"{path}: expected {' or '.join(types)}, got {_kind(value)}"]

    def _check_type(self, value: Any, type_: str, path: str) -> list[str]:
        if type_.startswith("Array of "):
            if not isinstance(value, list):
                return [f"{path}: expected {type_}, got {_kind(value)}"]
            item_type = type_.removeprefix("Array of ")
            problems: list[str] = []
            for index, item in enumerate(value):
                problems.extend(self._check_type(item, item_type, f"{path}[{index}]"))
            return problems
        if type_ in _PRIMITIVES:
            return (
                []
                if _is_primitive(value, type_)
                else [f"{path}: expected {type_}, got {_kind(value)}"]
            )
        if type_ in self.subtypes:
            return self._check_union(value, type_, path)
        if type_ not in self.types:
            return [f"{path}: type {type_} is not in the description"]
        if not isinstance(value, dict):
            return [f"{path}: expected {type_}, got {_kind(value)}"]
        return self._check_fields(type_, self.types[type_], value, f"{path}.")

    def _check_union(self, value: Any, union: str, path: str) -> list[str]:
        subtypes = self.subtypes[union]
        if isinstance(value, dict):
            for subtype in subtypes:
                fixed = self.fixed.get(subtype)
                if fixed and value.get(fixed[0]) == fixed[1]:
                    return self._check_type(value, subtype, path)
            if all(subtype in self.fixed for subtype in subtypes):
                field = self.fixed[subtypes[0]][0]
                allowed = ", ".join(self.fixed[s][1] for s in subtypes)
                return [f"{path}.{field}: {value.get(field)!r} is not one of {allowed} ({union})"]
        # No discriminator (e.g. MaybeInaccessibleMessage): any subtype that fits will do.
        attempts = [self._check_type(value, subtype, path) for subtype in subtypes]
        if any(not problems for problems in attempts):
            return []
        return min(attempts, key=len)


def _fields(entry: dict[str, Any]) -> dict[str, Field]:
    return {
        raw["name"]: Field(raw["name"], tuple(raw["types"]), bool(raw["required"]))
        for raw in entry.get("fields", [])
    }


def _is_primitive(value: Any, type_: str) -> bool:
    if type_ == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "Float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if type_ == "Boolean":
        return isinstance(value, bool)
    if type_ == "True":
        return value is True
    if type_ == "String":
        return isinstance(value, str)
    return isinstance(value, UploadedFile)


def _kind(value: Any) -> str:
    names = {bool: "Boolean", int: "Integer", float: "Float", str: "String", list: "Array"}
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, UploadedFile):
        return "InputFile"
    if value is None:
        return "null"
    return names.get(type(value), type(value).__name__)


@lru_cache(maxsize=4)
def _load(path: Path) -> ApiSpec | None:
    return ApiSpec.load(path) if path.is_file() else None


def get_spec() -> ApiSpec | None:
    """The loaded description, or None when the file is absent."""
    return _load(spec_path())


def spec_available() -> bool:
    return get_spec() is not None


def validate_call(method: str, params: dict[str, Any]) -> list[str]:
    """Problems of one decoded call; empty when valid or when the description is absent."""
    spec = get_spec()
    return spec.validate_call(method, params) if spec else []


def validate_object(type_name: str, obj: Any) -> list[str]:
    """Problems of one object against its type; empty when valid or the description is absent."""
    spec = get_spec()
    return spec.validate_object(type_name, obj) if spec else []


# When api.json is absent, decode the parameters of the methods the emulator implements by name.
_FALLBACK_JSON = {
    "reply_markup", "entities", "caption_entities", "link_preview_options", "reply_parameters",
    "commands", "scope", "allowed_updates",
    "chat_id", "message_id", "offset", "limit", "timeout", "cache_time", "max_connections",
    "message_thread_id", "show_alert", "disable_notification", "protect_content",
    "drop_pending_updates", "has_spoiler", "disable_content_type_detection",
}  # fmt: skip


def decode_params(
    method: str, raw: dict[str, Any], files: dict[str, UploadedFile]
) -> tuple[dict[str, Any], list[str]]:
    """Turn form/query strings into typed values per the declared types; resolve attach://.

    Returns the params and problems (unused file parts). String params are kept verbatim:
    a String may legitimately look like JSON.
    """
    spec = get_spec()
    fields = spec.methods.get(method, {}) if spec else {}
    used: set[str] = set()
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if not isinstance(value, str):
            params[name] = value
            continue
        types = fields[name].types if name in fields else None
        if value.startswith("attach://") and (types is None or "InputFile" in types):
            part = value.removeprefix("attach://")
            if part in files:
                used.add(part)
                params[name] = files[part]
                continue
        params[name] = _decode_string(name, value, types)
    problems: list[str] = []
    for part, upload in files.items():
        if part in used:
            continue
        if part in fields or (spec is None and part not in params):
            params[part] = upload
        else:
            problems.append(f"{part}: file part is not attached to any parameter")
    return params, problems


def _decode_string(name: str, value: str, types: tuple[str, ...] | None) -> Any:
    if types is None:
        if name not in _FALLBACK_JSON:
            return value
        types = ("Integer", "String") if name == "chat_id" else ("Object",)
    if "String" in types:
        # chat_id is Integer or String: a numeric string is the Integer id.
        if "Integer" in types and re.fullmatch(r"-?\d+", value):
            return int(value)
        return value
    if types == ("InputFile",):
        return value
    try:
        return json.loads(value)
    except ValueError:
        if "Boolean" in types and value in ("True", "False"):
            return value == "True"
        return value
