"""Write chalicelib/platform/http/query_rules.json: the parameters of every query model the
routes declare whose rules the server can check without pydantic, as the OpenAPI document
publishes them (`python -m tools.query_rules`; `--check` says whether the file is current).

A model is left to pydantic when it has a validator, an alias, or a parameter that is not an
integer with bounds, a string with a length or a pattern, or one of a list of words."""

from __future__ import annotations

import json
import sys
from typing import Any

from chalicelib.platform.http.query_rules import RULES

_CONSTRAINTS = {"Ge", "Le", "MinLen", "MaxLen", "_PydanticGeneralMetadata"}
_DESCRIBING = {"title", "description", "default", "examples", "format"}
_KINDS = {"integer": {"minimum", "maximum"}, "string": {"minLength", "maxLength", "pattern"},
          "enum": {"enum", "type"}}


def query_models() -> list[str]:
    import app  # noqa: F401  (registers every route)
    from chalicelib.platform.http.routing import OPERATIONS

    return sorted({op.query for op in OPERATIONS if op.query})


def rules(ref: str) -> list[dict[str, Any]] | None:
    """The model's parameters, or None when pydantic must check it."""
    from chalicelib.platform.http.models import load_model

    model = load_model(ref)
    decorators = model.__pydantic_decorators__
    if any((decorators.validators, decorators.field_validators, decorators.model_validators,
            decorators.root_validators)):
        return None
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", []))
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        if key != name or not _plain(info):
            return None
        rule = _rule(schema["properties"][key])
        if rule is None:
            return None
        rule = {"name": name, "key": key, **rule}
        if key in required:
            rule["required"] = True
        else:
            rule["default"] = info.get_default(call_default_factory=True)
        out.append(rule)
    return out


def _plain(info: Any) -> bool:
    if any(type(m).__name__ not in _CONSTRAINTS for m in info.metadata):
        return False
    pattern = getattr(next((m for m in info.metadata if hasattr(m, "pattern")), None),
                      "pattern", None)
    return not (pattern and pattern.endswith("\\$"))


def _rule(prop: dict[str, Any]) -> dict[str, Any] | None:
    branches = [b for b in prop.get("anyOf", [prop]) if b.get("type") != "null"]
    if len(branches) != 1:
        return None
    branch = {k: v for k, v in branches[0].items() if k not in _DESCRIBING}
    kind = "enum" if "enum" in branch else branch.pop("type", None)
    if kind not in _KINDS or not set(branch) <= _KINDS[kind]:
        return None
    if kind == "enum":
        if not all(isinstance(v, str) for v in branch["enum"]):
            return None
        return {"kind": "enum", "enum": branch["enum"]}
    return {"kind": kind, **branch}


def build() -> dict[str, list[dict[str, Any]]]:
    found = {ref: rules(ref) for ref in query_models()}
    return {ref: rule for ref, rule in found.items() if rule is not None}


def text() -> str:
    return json.dumps(build(), indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        current = RULES.read_text() if RULES.exists() else ""
        if current != text():
            sys.exit(f"{RULES} is out of date: run `python -m tools.query_rules`")
    else:
        RULES.write_text(text())
        print(RULES)
