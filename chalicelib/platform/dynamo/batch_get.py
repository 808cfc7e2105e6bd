"""One BatchGetItem across several tables.

Authorising a request needs the object's community, the caller's membership and often the
module; showing a page needs the authors and the caller's marks. They live in different
tables, and PynamoDB batches one model at a time, so this helper asks for all of them in one
call (100 keys per call is DynamoDB's limit: more keys take more calls, never more than
ceil(n / 100) plus retries of unprocessed keys).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any, TypeVar

from pynamodb.models import Model

M = TypeVar("M", bound=Model)
MAX_KEYS = 100
MAX_ROUNDS = 8

Key = tuple[type[Model], Any, Any]


def _low_level_key(model: type[Model], hash_key: Any, range_key: Any = None) -> dict[str, Any]:
    hash_attr = model._hash_key_attribute()
    key = {hash_attr.attr_name: {hash_attr.attr_type: hash_attr.serialize(hash_key)}}
    range_attr = model._range_key_attribute()
    if range_attr is not None:
        if range_key is None:
            raise ValueError(f"{model.__name__} needs a range key")
        key[range_attr.attr_name] = {range_attr.attr_type: range_attr.serialize(range_key)}
    return key


def _identity(model: type[Model], item: dict[str, Any]) -> tuple[str, Any, Any]:
    hash_attr = model._hash_key_attribute()
    range_attr = model._range_key_attribute()
    hash_value = next(iter(item[hash_attr.attr_name].values()))
    range_value = next(iter(item[range_attr.attr_name].values())) if range_attr else None
    return model.Meta.table_name, str(hash_value), None if range_value is None else str(
        range_value)


class Found:
    """The items a batch found, looked up by model and key."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, Any, Any], Model] = {}
        self._raw: dict[tuple[str, Any, Any], dict[str, Any]] = {}

    def add(self, model: type[Model], raw: dict[str, Any]) -> None:
        self._items[_identity(model, raw)] = model.from_raw_data(raw)
        self._raw[_identity(model, raw)] = raw

    def raw(self, model: type[Model], hash_key: Any, range_key: Any = None) -> dict[str, Any]:
        """The item as DynamoDB gave it (attributes the model does not declare included),
        or {} when it was not found."""
        hash_attr = model._hash_key_attribute()
        range_attr = model._range_key_attribute()
        ident = (model.Meta.table_name, str(hash_attr.serialize(hash_key)),
                 None if range_attr is None or range_key is None
                 else str(range_attr.serialize(range_key)))
        return self._raw.get(ident, {})

    def get(self, model: type[M], hash_key: Any, range_key: Any = None) -> M | None:
        hash_attr = model._hash_key_attribute()
        range_attr = model._range_key_attribute()
        ident = (model.Meta.table_name, str(hash_attr.serialize(hash_key)),
                 None if range_attr is None or range_key is None
                 else str(range_attr.serialize(range_key)))
        item = self._items.get(ident)
        return item if item is not None else None  # type: ignore[return-value]

    def merge(self, other: Found) -> None:
        self._items.update(other._items)
        self._raw.update(other._raw)

    def __len__(self) -> int:
        return len(self._items)


def get_many(keys: Iterable[Key | None]) -> Found:
    """Every item of `keys` (model, hash key, range key or None) that exists. `None` entries
    and duplicates are skipped, so callers can build the list with conditionals."""
    from chalicelib.platform.aws.clients import client

    by_table: dict[str, type[Model]] = {}
    by_key: dict[tuple[str, Any, Any], type[Model]] = {}  # two models may share a table
    wanted: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for entry in keys:
        if entry is None:
            continue
        model, hash_key, range_key = entry
        if hash_key is None:
            continue
        low = _low_level_key(model, hash_key, range_key)
        table = model.Meta.table_name
        marker = f"{table}|{sorted((k, str(v)) for k, v in low.items())}"
        if marker in seen:
            continue
        seen.add(marker)
        by_table[table] = model
        by_key[_identity(model, low)] = model
        wanted.append((table, low))

    found = Found()
    dynamodb = client("dynamodb")
    for start in range(0, len(wanted), MAX_KEYS):
        request: dict[str, Any] = {}
        for table, low in wanted[start:start + MAX_KEYS]:
            request.setdefault(table, {"Keys": [], "ConsistentRead": True})["Keys"].append(low)
        for attempt in range(MAX_ROUNDS):
            answer = dynamodb.batch_get_item(RequestItems=request)
            for table, items in answer.get("Responses", {}).items():
                for raw in items:
                    found.add(by_key.get(_identity(by_table[table], raw), by_table[table]), raw)
            request = answer.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(min(0.05 * 2 ** attempt, 1.0))  # throttled: back off, then retry
        else:
            raise RuntimeError("BatchGetItem left keys unprocessed after retries")
    return found
