"""The DynamoDB capacity each call consumes, from the items and index entries it touches.

moto's ConsumedCapacity figures are canned, so every DynamoDB call the bench makes is
watched by botocore hooks (`before-call` and `after-call`, installed by bench.counting): the
request names the items; the emulator's own store, read before and after the call, gives
their sizes and the table's index definitions; `bench.capacity_rules` turns them into read
and write units. Each charge is recorded as an `Entry` with the partition it lands on (table
or index, and the partition key's value), so the headroom figures (bench.headroom) come
from the same measurement as the capacity figures."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bench import capacity_rules as rules

ACCOUNT = "123456789012"


@dataclass(frozen=True)
class Entry:
    op: str  # the API call: GetItem, TransactWriteItems...
    what: str  # item, index put/delete/update, check, read
    table: str
    index: str | None
    partition: Any  # the partition key's value
    size: int
    rru: float = 0.0
    wru: float = 0.0
    stored: int = 0  # bytes the write adds to storage (negative: frees; 100 per item or entry)
    sort: Any = None  # an item's sort key's value (a table's write)

    @property
    def place(self) -> str:
        return f"{self.table}/{self.index}" if self.index else self.table


entries: list[Entry] = []


def _table(url: str, name: str) -> Any:
    from moto.dynamodb.models import dynamodb_backends

    match = re.search(r"dynamodb\.([a-z0-9-]+)\.", url or "")
    region = match.group(1) if match else "eu-west-1"
    return dynamodb_backends[ACCOUNT][region].get_table(name)


def _current(table: Any, key: dict[str, Any]) -> dict[str, Any] | None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    hash_value = DynamoType(key[table.hash_key_attr])
    range_value = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
    try:
        item = table.get_item(hash_value, range_value)
    except Exception:  # a malformed key: the call itself will fail
        return None
    return item.to_json()["Attributes"] if item else None


class _Write:
    """One item a write call touches: its state before, read again after the call."""

    def __init__(self, url: str, table_name: str, key: dict[str, Any], kind: str,
                 transactional: bool) -> None:
        self.url, self.table_name, self.key = url, table_name, key
        self.kind, self.transactional = kind, transactional
        self.table = _table(url, table_name)
        self.before = _current(self.table, key)

    def charge(self, op: str) -> list[Entry]:
        table = self.table
        after = _current(table, self.key)
        partition = rules.partition_of(self.key, table.hash_key_attr)
        if self.kind == "ConditionCheck":
            size = rules.item_size(self.before)
            return [Entry(op, "check", table.name, None, partition, size,
                          rru=rules.read_units(size, consistent=True, transactional=True))]
        size = max(rules.item_size(self.before), rules.item_size(after))
        grown = rules.stored_size(after) - rules.stored_size(self.before)
        sort = rules.partition_of(self.key, table.range_key_attr) if table.range_key_attr \
            else None
        charged = [Entry(op, "item", table.name, None, partition, size,
                         wru=rules.write_units(size, transactional=self.transactional),
                         stored=grown, sort=sort)]
        for index in table.global_indexes:
            keys = [k["AttributeName"] for k in index.schema]
            range_key = keys[1] if len(keys) > 1 else None
            old, new = (rules.index_entry(state, table.table_key_attrs, keys, index.projection)
                        for state in (self.before, after))
            for what, where, entry_size in rules.index_writes(old, new, keys[0], range_key):
                charged.append(Entry(op, f"index {what}", table.name, index.name, where,
                                     entry_size, wru=rules.write_units(entry_size),
                                     stored=_growth(what, entry_size)))
        return charged


def _growth(what: str, entry_size: int) -> int:
    """Storage an index write adds: a put adds its entry, a delete frees one (an entry whose
    key moved is a delete and a put: no growth); an update in place is counted as none."""
    entry = entry_size + rules.OVERHEAD
    return {"put": entry, "delete": -entry}.get(what, 0)


def _writes(op: str, body: dict[str, Any], url: str) -> list[_Write]:
    if op in ("PutItem", "UpdateItem", "DeleteItem"):
        return [_one(op.removesuffix("Item"), body, url, False)]
    if op == "TransactWriteItems":
        return [_one(kind, spec, url, True)
                for action in body.get("TransactItems", []) for kind, spec in action.items()]
    if op == "BatchWriteItem":
        made = []
        for name, requests in body.get("RequestItems", {}).items():
            for request in requests:
                for kind, spec in request.items():
                    made.append(_one(kind.removesuffix("Request"), {**spec, "TableName": name},
                                     url, False))
        return made
    return []


def _one(kind: str, spec: dict[str, Any], url: str, transactional: bool) -> _Write:
    table = _table(url, spec["TableName"])
    key = spec.get("Key") or {k: spec["Item"][k] for k in table.table_key_attrs}
    return _Write(url, spec["TableName"], key, kind, transactional)


def before_call(model: Any = None, params: Any = None, context: Any = None, **_: Any) -> None:
    if model is None or context is None or model.service_model.endpoint_prefix != "dynamodb":
        return
    body = json.loads(params.get("body") or b"{}")
    context["agora_capacity"] = (model.name, body, params.get("url", ""),
                                 _writes(model.name, body, params.get("url", "")))


def after_call(parsed: Any = None, context: Any = None, **_: Any) -> None:
    if context is None or "agora_capacity" not in context:
        return
    op, body, url, writes = context.pop("agora_capacity")
    for write in writes:
        entries.extend(write.charge(op))
    entries.extend(_reads(op, body, url, parsed or {}))


def _reads(op: str, body: dict[str, Any], url: str, parsed: dict[str, Any]) -> list[Entry]:
    if op == "GetItem":
        return [_read_item(op, url, body["TableName"], body["Key"],
                           bool(body.get("ConsistentRead")), False)]
    if op == "BatchGetItem":
        return [_read_item(op, url, name, key, bool(spec.get("ConsistentRead")), False)
                for name, spec in body.get("RequestItems", {}).items()
                for key in spec.get("Keys", [])]
    if op == "TransactGetItems":
        return [_read_item(op, url, get["Get"]["TableName"], get["Get"]["Key"], True, True)
                for get in body.get("TransactItems", [])]
    if op in ("Query", "Scan"):
        return [_read_result(op, url, body, parsed)]
    return []


def _read_item(op: str, url: str, name: str, key: dict[str, Any], consistent: bool,
               transactional: bool) -> Entry:
    table = _table(url, name)
    size = rules.item_size(_current(table, key))
    return Entry(op, "read", name, None, rules.partition_of(key, table.hash_key_attr), size,
                 rru=rules.read_units(size, consistent=consistent,
                                      transactional=transactional))


def _read_result(op: str, url: str, body: dict[str, Any], parsed: dict[str, Any]) -> Entry:
    """A Query or Scan reads every item it examines (before any filter), sized as stored
    (the index's entries for an index), rounded up once over the whole result."""
    table = _table(url, body["TableName"])
    index_name = body.get("IndexName")
    index = next((i for i in table.global_indexes + table.indexes if i.name == index_name),
                 None)
    sizes = []
    for returned in parsed.get("Items", []):
        full = (_current(table, returned) if all(k in returned for k in table.table_key_attrs)
                else None) or returned
        if index is not None:
            keys = [k["AttributeName"] for k in index.schema]
            full = rules.index_entry(full, table.table_key_attrs, keys, index.projection) or {}
        sizes.append(rules.item_size(full))
    examined = int(parsed.get("ScannedCount", len(sizes)))
    size = sum(sizes)
    if sizes and examined > len(sizes):  # filtered out: sized as the average of the rest
        size += size // len(sizes) * (examined - len(sizes))
    hash_key = (index.schema[0]["AttributeName"] if index is not None else table.hash_key_attr)
    return Entry(op, "read", table.name, index_name, _query_partition(body, hash_key), size,
                 rru=rules.read_units(size, consistent=bool(body.get("ConsistentRead"))))


def _query_partition(body: dict[str, Any], hash_key: str) -> Any:
    names = body.get("ExpressionAttributeNames", {})
    values = body.get("ExpressionAttributeValues", {})
    for name, placeholder in re.findall(r"(#?\w+)\s*=\s*(:\w+)",
                                        body.get("KeyConditionExpression", "")):
        if names.get(name, name) == hash_key and placeholder in values:
            return next(iter(values[placeholder].values()))
    return None


def totals(charged: list[Entry]) -> dict[str, float]:
    return {"rru": round(sum(e.rru for e in charged), 1),
            "wru": round(sum(e.wru for e in charged), 1),
            "stored_bytes": sum(e.stored for e in charged)}
