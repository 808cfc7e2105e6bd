"""Plain Python values of stored attributes: PynamoDB gives raw maps as `MapAttribute`
objects (which iterate like a model, not like a dict)."""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        return dict(value.as_dict())
    return dict(value)
