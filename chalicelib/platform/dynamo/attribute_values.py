"""Plain Python values of stored attributes, both ways: PynamoDB gives raw maps as
`MapAttribute` objects (which iterate like a model, not like a dict), and items read or
written through the low-level client are typed attribute values."""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        return dict(value.as_dict())
    return dict(value)


def serialise(value: Any) -> dict[str, Any]:
    """A Python value as a low-level attribute value (floats as numbers)."""
    from decimal import Decimal

    from boto3.dynamodb.types import TypeSerializer

    def convert(v: Any) -> Any:
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, float):
            return Decimal(str(v))
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        if isinstance(v, list):
            return [convert(x) for x in v]
        return v

    return TypeSerializer().serialize(convert(value))  # type: ignore[no-any-return]


def plain(raw: dict[str, Any] | None) -> dict[str, Any]:
    """A low-level item as plain Python (numbers as int or float)."""
    from decimal import Decimal

    from boto3.dynamodb.types import TypeDeserializer

    def convert(v: Any) -> Any:
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() else float(v)
        if isinstance(v, dict):
            return {k: convert(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [convert(x) for x in v]
        if isinstance(v, set):
            return {convert(x) for x in v}
        return v

    if not raw:
        return {}
    deserialiser = TypeDeserializer()
    return {k: convert(deserialiser.deserialize(v)) for k, v in raw.items()}
