"""Opaque page cursors: DynamoDB's LastEvaluatedKey (plus a little state, such as the feed's
phase) as URL-safe base64 JSON.

A cursor comes back from the client, so it is checked before DynamoDB sees it: the key must
have exactly the attributes of the index being read, of the right types, and its partition
value must be the one this request reads (a cursor cannot move a query into another
module's partition). A bad cursor is a 400 naming `cursor`, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from chalicelib.platform import bounded_json
from chalicelib.platform.errors import ValidationFailed

MAX_LENGTH = 2048


def encode(state: dict[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    if len(cursor) > MAX_LENGTH:
        raise ValidationFailed.field("cursor", "is too long")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        state = bounded_json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValidationFailed.field("cursor", "is not a cursor this API gave") from None
    if not isinstance(state, dict):
        raise ValidationFailed.field("cursor", "is not a cursor this API gave")
    return state


def checked_key(key: Any, shape: dict[str, str], fixed: dict[str, str]) -> dict[str, Any] | None:
    """A LastEvaluatedKey from a cursor, validated against `shape` (attribute -> "S" or "N")
    and `fixed` (attribute -> the value it must have)."""
    if key is None:
        return None
    bad = ValidationFailed.field("cursor", "does not belong to this list")
    if not isinstance(key, dict) or set(key) != set(shape):
        raise bad
    for name, kind in shape.items():
        value = key[name]
        if not isinstance(value, dict) or list(value) != [kind]:
            raise bad
        inner = value[kind]
        if not isinstance(inner, str) or not inner or len(inner) > 1024:
            raise bad
        if kind == "N":
            try:
                float(inner)
            except ValueError:
                raise bad from None
    for name, expected in fixed.items():
        if key[name][shape[name]] != expected:
            raise bad
    return key


def key_of(item: Any, shape: dict[str, str]) -> dict[str, Any]:
    """The index key of an item we read, in LastEvaluatedKey form."""
    out: dict[str, Any] = {}
    for name, kind in shape.items():
        value = getattr(item, name)
        out[name] = {kind: _number(value) if kind == "N" else str(value)}
    return out


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
