"""DynamoDB's capacity arithmetic, as plain functions of items in the wire format
(`{"name": {"S": "..."}}`): item and index-entry sizes, request units, partition headroom.

The rules (AWS DynamoDB developer guide, "Item sizes and formats", "Read/write capacity
mode", "Transactions: capacity", "GSI: provisioned throughput considerations"):
- an item's size is the sum over its attributes of the UTF-8 length of the name plus the
  value's size: a string its UTF-8 length, a binary its length, a number 1 byte per two
  significant digits plus 1, a null or Boolean 1 byte, a list or map 3 bytes plus, per
  element, the element's size (and its name, in a map) plus 1 byte; sets the sum of their
  elements;
- a read unit per 4 KB (rounded up, per item for GetItem and BatchGetItem, over the whole
  result for Query), half for an eventually consistent read, twice in a transaction;
- a write unit per 1 KB (rounded up) of the larger of the item before and after, twice in
  a transaction; a missing item still costs the minimum (1 unit);
- every global secondary index entry written costs write units too, by the entry's size
  (the table's and the index's keys and the projected attributes): one write when an item
  enters or leaves the index or a projected attribute changes, two (a delete and a put)
  when the index key changes. Index writes are not transactional (they are propagated
  after the table's write) and are counted once;
- one partition takes 1,000 write units and 3,000 read units a second (table or index).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable, Mapping
from typing import Any

READ_BLOCK = 4096
WRITE_BLOCK = 1024
PARTITION_WRU = 1000
PARTITION_RRU = 3000
OVERHEAD = 100  # bytes per item and per index entry, for storage only

Item = Mapping[str, Mapping[str, Any]]


def number_size(text: str) -> int:
    """1 byte per two significant digits (leading and trailing zeros trimmed), plus 1."""
    mantissa = text.lower().split("e")[0].lstrip("+-").replace(".", "")
    digits = mantissa.strip("0") or "0"
    return math.ceil(len(digits) / 2) + 1


def value_size(value: Mapping[str, Any]) -> int:
    ((kind, content),) = value.items()
    if kind == "S":
        return len(content.encode())
    if kind == "N":
        return number_size(content)
    if kind == "B":
        return len(_binary(content))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "SS":
        return sum(len(s.encode()) for s in content)
    if kind == "NS":
        return sum(number_size(n) for n in content)
    if kind == "BS":
        return sum(len(_binary(b)) for b in content)
    if kind == "L":
        return 3 + sum(value_size(v) + 1 for v in content)
    if kind == "M":
        return 3 + sum(len(k.encode()) + value_size(v) + 1 for k, v in content.items())
    raise ValueError(f"unknown attribute type {kind}")


def _binary(content: Any) -> bytes:
    if isinstance(content, bytes | bytearray):
        return bytes(content)
    return base64.b64decode(content)


def item_size(item: Item | None) -> int:
    if not item:
        return 0
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def stored_size(item: Item | None) -> int:
    """Bytes an item occupies in storage (its size and DynamoDB's 100 bytes of overhead)."""
    return item_size(item) + OVERHEAD if item else 0


def read_units(size: int, *, consistent: bool = False, transactional: bool = False) -> float:
    """Request units of reading `size` bytes (one item, or a whole Query result)."""
    blocks = max(1, math.ceil(size / READ_BLOCK))
    if transactional:
        return 2.0 * blocks
    return float(blocks) if consistent else blocks / 2


def write_units(size: int, *, transactional: bool = False) -> int:
    blocks = max(1, math.ceil(size / WRITE_BLOCK))
    return 2 * blocks if transactional else blocks


def index_entry(item: Item | None, table_keys: Iterable[str], index_keys: Iterable[str],
                projection: Mapping[str, Any]) -> dict[str, Any] | None:
    """The index's entry for `item` (None when the item lacks an index key: a sparse index)."""
    index_keys = list(index_keys)
    if not item or any(k not in item for k in index_keys):
        return None
    kind = projection.get("ProjectionType", "ALL")
    if kind == "ALL":
        return dict(item)
    wanted = set(table_keys) | set(index_keys)
    if kind == "INCLUDE":
        wanted |= set(projection.get("NonKeyAttributes", ()))
    return {k: v for k, v in item.items() if k in wanted}


def index_writes(old: Item | None, new: Item | None, hash_key: str,
                 range_key: str | None) -> list[tuple[str, Any, int]]:
    """The index writes a change of entry `old` to `new` makes: (what, partition, size)."""
    if old == new:
        return []
    if old is None:
        return [("put", partition_of(new, hash_key), item_size(new))]
    if new is None:
        return [("delete", partition_of(old, hash_key), item_size(old))]
    keys = [k for k in (hash_key, range_key) if k]
    if all(old.get(k) == new.get(k) for k in keys):
        return [("update", partition_of(new, hash_key), max(item_size(old), item_size(new)))]
    return [("delete", partition_of(old, hash_key), item_size(old)),
            ("put", partition_of(new, hash_key), item_size(new))]


def partition_of(item: Item | None, key: str) -> Any:
    value = (item or {}).get(key) or {}
    return next(iter(value.values()), None)


def calls_per_second(wru_on_partition: float, rru_on_partition: float = 0.0) -> float:
    """Sustained calls a second before one partition reaches its limit, given the units one
    call spends on it (the partition all calls of the path share)."""
    limits = []
    if wru_on_partition:
        limits.append(PARTITION_WRU / wru_on_partition)
    if rru_on_partition:
        limits.append(PARTITION_RRU / rru_on_partition)
    return round(min(limits), 1) if limits else math.inf
