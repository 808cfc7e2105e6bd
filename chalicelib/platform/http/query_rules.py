"""Queries checked against the contract's own rules, without pydantic.

A query's parameters are flat (integers with bounds, strings with a length or a pattern,
one of a list of words), and pydantic costs a cold start about 55 ms and 9 MB to check
them. `query_rules.json` holds, for every query model whose rules are all of these kinds,
its parameters as the OpenAPI document publishes them (written by `python -m
tools.query_rules` from the models; tests/unit/test_query_rules.py fails when it is out of
date and checks that these answers are pydantic's, value for value and error for error).
A model with anything else (a validator, an alias) is not in the file: pydantic checks it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

RULES = Path(__file__).with_name("query_rules.json")

# What pydantic strips around an integer (Unicode's White_Space, as Rust's `trim`: not the
# separators \x1c to \x1f that Python's `str.strip` also removes).
_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
         "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"


@cache
def _all() -> dict[str, list[dict[str, Any]]]:
    loaded: dict[str, list[dict[str, Any]]] = json.loads(RULES.read_text())
    return loaded


def rules_for(model_ref: str) -> list[dict[str, Any]] | None:
    """The parameters of `package.module:Model`, or None when pydantic must check it."""
    return _all().get(model_ref)


def parse(rules: list[dict[str, Any]], data: dict[str, str]) -> SimpleNamespace:
    """The query's values by field name (defaults filled in); ValidationFailed names each
    parameter that breaks its rule. Unknown parameters are ignored."""
    from chalicelib.platform.errors import FieldError, ValidationFailed

    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for rule in rules:
        key = rule["key"]
        if key not in data:
            if rule.get("required"):
                errors.append(FieldError(key, "Field required"))
            values[rule["name"]] = rule.get("default")
            continue
        value, problem = check(rule, data[key])
        if problem:
            errors.append(FieldError(key, problem))
        values[rule["name"]] = value
    if errors:
        raise ValidationFailed.naming(errors)
    return SimpleNamespace(**values)


def check(rule: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    """One parameter's value, or the message pydantic gives for it."""
    if not isinstance(raw, str):
        return None, "Input should be a valid string"
    kind = rule["kind"]
    if kind == "enum":
        if raw in rule["enum"]:
            return raw, None
        return None, "Input should be " + _either([repr(v) for v in rule["enum"]])
    if kind == "integer":
        return _integer(rule, raw)
    return _string(rule, raw)


def _integer(rule: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    text = raw.strip(_SPACE)
    if not _INTEGER.fullmatch(text):
        return None, NOT_AN_INTEGER
    try:
        number = int(text.partition(".")[0])
    except ValueError:  # more digits than Python converts
        return None, NOT_AN_INTEGER
    if "minimum" in rule and number < rule["minimum"]:
        return None, f"Input should be greater than or equal to {rule['minimum']}"
    if "maximum" in rule and number > rule["maximum"]:
        return None, f"Input should be less than or equal to {rule['maximum']}"
    return number, None


def _string(rule: dict[str, Any], raw: str) -> tuple[Any, str | None]:
    if "maxLength" in rule and len(raw) > rule["maxLength"]:
        return None, f"String should have at most {_characters(rule['maxLength'])}"
    if "minLength" in rule and len(raw) < rule["minLength"]:
        return None, f"String should have at least {_characters(rule['minLength'])}"
    if "pattern" in rule and not _pattern(rule["pattern"]).search(raw):
        return None, f"String should match pattern '{rule['pattern']}'"
    return raw, None


@cache
def _pattern(pattern: str) -> re.Pattern[str]:
    # pydantic's `$` ends the text; Python's also matches before a final newline.
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
