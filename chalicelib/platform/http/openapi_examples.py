"""Examples for the OpenAPI document: a plausible value for any schema it holds.

A field that names its own `examples` keeps them; otherwise the value comes from the field's
name (an `email` looks like an address, a `title` like a title) within the schema's bounds,
so that every example validates against its schema (tests/api/test_contract.py checks it)."""

from __future__ import annotations

import re
from typing import Any

ULID = "01JD8Z4W6K3M9N2P5Q7R8S1T0V"
BY_NAME: dict[str, Any] = {
    "email": "ada@example.org", "pending_email": "ada.new@example.org",
    "password": "correct horse battery staple", "new_password": "another long passphrase 42",
    "current_password": "correct horse battery staple",
    "name": "Ada Lovelace", "pseudonym": "ada_l", "display_name": "Ada Lovelace",
    "title": "A safer crossing on Rue de la Paix", "prompt": "How do you get to work?",
    "body": "<p>Children cross here every morning; a raised crossing would slow cars.</p>",
    "description": "<p>Our neighbourhood's projects.</p>", "place": "Town hall, room 2",
    "locale": "en", "default_locale": "en", "token": "Zx3k9QeR2vW7yB1nM5tL8pA4", "code":
    "Zx3k9QeR2vW7yB1nM5tL8pA4", "refresh_token": "rt_Zx3k9QeR2vW7yB1nM5tL8pA4",
    "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwMUpEOFo0VzZLM005TjJQNVE3UjhTMVQwViJ9.sig",
    "token_type": "Bearer", "url": "https://media.agora.example/upload",
    "download_url": "https://media.agora.example/export.zip",
    "avatar_url": "https://media.agora.example/avatar.png",
    "cover_url": "https://media.agora.example/cover.png",
    "logo_url": "https://media.agora.example/logo.png", "key": "avatar/01JD8Z4W6K/photo",
    "access_code": "K7Q2-M9XD", "cursor": None, "next_cursor": None, "reason": "spam",
    "status": "active", "stage": "local", "kind": "avatar", "option": "By bike",
    "redirect_uri": "https://app.agora.example/auth/callback", "bbox": "2.29,48.85,2.36,48.88",
}
TEXTS = {"date-time": "2026-05-04T09:30:00Z", "date": "2026-05-04",
         "email": "ada@example.org", "uri": "https://agora.example/"}


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 20:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
        seen += 1
    return schema


def example_for(schema: dict[str, Any], components: dict[str, Any], *, request: bool = False,
                name: str = "", depth: int = 0) -> Any:
    schema = _resolve(schema, components)
    for key in ("examples", "example"):
        if key in schema:
            value = schema[key]
            return value[0] if key == "examples" and isinstance(value, list) else value
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    options = schema.get("anyOf") or schema.get("oneOf")
    if options:
        concrete = [o for o in options if o.get("type") != "null"] or options
        return example_for(concrete[0], components, request=request, name=name, depth=depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return _object(schema, components, request, depth)
    if kind == "array":
        count = max(1, schema.get("minItems", 1)) if depth < 4 else schema.get("minItems", 0)
        items = [example_for(schema.get("items", {}), components, request=request, name=name,
                             depth=depth + 1) for _ in range(count)]
        return [f"{v} {n + 1}" if n and isinstance(v, str) else v for n, v in enumerate(items)]
    if kind == "integer":
        return _number(schema, 1 if name not in {"size", "max_bytes"} else 204800)
    if kind == "number":
        return _number(schema, 48.8566 if name == "lat" else 2.3522 if name == "lon" else 1.5)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _text(schema, name)


def _object(schema: dict[str, Any], components: dict[str, Any], request: bool,
            depth: int) -> dict[str, Any]:
    properties = schema.get("properties", {})
    if not properties:
        extra = schema.get("additionalProperties")
        if not isinstance(extra, dict) or depth > 4:
            return {}
        keys = schema.get("propertyNames", {})
        key = (keys.get("enum") or ["en"])[0] if keys else "en"
        return {key: example_for(extra, components, request=request, depth=depth + 1)}
    required = schema.get("required", [])
    if request:
        wanted = list(required) or list(properties)[:2]
    else:
        wanted = list(properties) if depth < 3 else list(required)
    out: dict[str, Any] = {}
    for field in wanted:
        value = BY_NAME.get(field, ...)
        if value is ... or not _fits(value, properties[field], components):
            value = example_for(properties[field], components, request=request, name=field,
                                depth=depth + 1)
        out[field] = value
    return out


def _fits(value: Any, schema: dict[str, Any], components: dict[str, Any]) -> bool:
    schema = _resolve(schema, components)
    if value is None:
        options = schema.get("anyOf") or []
        return any(o.get("type") == "null" for o in options)
    if not isinstance(value, str):
        return False
    options = schema.get("anyOf") or [schema]
    return any(o.get("type") == "string" and "enum" not in o and "format" not in o
               and len(value) >= o.get("minLength", 0)
               and len(value) <= o.get("maxLength", 10**9)
               and (not o.get("pattern") or re.search(o["pattern"], value))
               for o in (_resolve(o, components) for o in options))


def _number(schema: dict[str, Any], preferred: float) -> Any:
    low = schema.get("minimum", schema.get("exclusiveMinimum", preferred - 1) + 1
                     if "exclusiveMinimum" in schema else None)
    high = schema.get("maximum")
    value = preferred
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return int(value) if schema.get("type") == "integer" else value


def _text(schema: dict[str, Any], name: str) -> str:
    if schema.get("format") in TEXTS:
        return TEXTS[schema["format"]]
    pattern = schema.get("pattern")
    candidates = [BY_NAME.get(name), ULID, "en", "thumbs_up", "google", "2026-05-04",
                  "Zx3k9QeR2vW7yB1nM5tL8pA4"]
    if name.endswith("id") or name.endswith("ids"):
        candidates.insert(0, ULID)
    low, high = schema.get("minLength", 0), schema.get("maxLength", 10**9)
    for value in candidates:
        if (isinstance(value, str) and low <= len(value) <= high
                and (not pattern or re.search(pattern, value))):
            return value
    text = ("An example" if not pattern else "a")
    return (text * (1 + low // max(1, len(text))))[:max(low, min(high, len(text)))]
