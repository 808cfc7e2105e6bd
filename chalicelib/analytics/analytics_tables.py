"""Analytics: anonymous aggregates per community, and the per-person markers that make the
counting exact (each person counted once per day, module and community; each activity once).

`analytics` (a few partitions per community; the dashboard reads a bounded number of items
whatever the community's size). The counting of activities spreads its writes over fixed
shards (docs/scale.md), each an item of the same form, added up on read:
- the day items over `DAY_SHARDS` partitions: the community's own (`<community>`) and
  `<community>#d1`, `#d2`;
- the summary and the module summaries over `SHARDS` partitions `<community>#1` .. `#8`, and
  the community's own partition, where everything counted before the shards (and what is
  written rarely: follows, answers, directory entries, recounts) stays: it is shard 0.
The shard is a hash of the activity's id, so a redelivery lands where the first delivery
did (its claim refuses it there anyway). A shard's counter may be negative (a recount
moves a person out of a cell in another shard): only the sum means something, and every
rule (clamping, suppression) applies to the sum.
- `d#YYYY-MM-DD`: one day's counters. Names are flattened so that an atomic ADD creates
  them on first use: `<scope>|<measure>` (actions) and `<scope>|<measure>|p` (distinct
  people who made them), `<scope>|p` (distinct participants), where the scope is `c` (the
  whole community) or a module id; `f` is the day's net change of followers.
- `sum`: the community's all-time figures: `participants`, `followers`, `f|YYYY-MM` (net
  follower change per month), `d|<question>|<option or skipped>` (participants by
  demographic answer), `mp|<module>` (participants per module), `mod|<module>` (a directory
  entry: type, title, dates, so the dashboard names modules without reading them).
- `m#<module id>`: one module's all-time figures: `participants`, `d|...` as above,
  `responses`, `ballots`, `q|<question>|answered`, `q|<question>|<tally key>`,
  `v|<idea id>` (ballots choosing each idea).

`analytics_marks` (one partition per person, erased with the account):
- `a#<activity id>`: the activity was counted (expires after 30 days);
- `d#<community>#<day>`: which of that day's distinct-people counters already count the
  person (`tags`; expires after 40 days);
- `p#<community>` and `p#<community>#<module>`: the person counts as a participant there, and
  under which demographic answers (`counted_as`, `version`);
- `f#<community>`: whether the person counts as a follower (`state`, and `at`, the time of
  the follow or unfollow applied last: older events arriving late are ignored).

Aggregates carry counts only: no person can be found in them. Updates go through the
low-level client (flattened attribute names are not declared on the models) in one
transaction per activity.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.models import Model

from chalicelib.platform.dynamo.attribute_values import plain, serialise
from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name
from chalicelib.platform.dynamo.transactions import Transaction

SUMMARY = "sum"
SHARDS = 8       # the summary's and module summaries' shards, besides the community's own
DAY_SHARDS = 3   # the day items' shards, the community's own partition included
KEYS = ("community_id", "key")


class Aggregate(Model):
    """The keys of an aggregate item; its counters are flattened attributes (see above)."""

    class Meta(BaseMeta):
        table_name = table_name("analytics")

    personal = ()

    community_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)


class AnalyticsMark(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("analytics_marks")

    personal = ("user_id", "key", "tags", "counted_as", "state", "at", "version")

    user_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)
    tags = UnicodeSetAttribute(null=True)
    counted_as = MapAttribute(null=True)  # question id -> option index (text) or "skipped"
    version = NumberAttribute(null=True)
    state = UnicodeAttribute(null=True)   # f# items: "on" | "off"
    at = NumberAttribute(null=True)


TABLES: list[type[Model]] = [Aggregate, AnalyticsMark]


# ---- keys ----------------------------------------------------------------------------------

def day_key(day: str) -> str:
    return f"d#{day}"


def module_key(module_id: str) -> str:
    return f"m#{module_id}"


def shard_of(activity_id: str) -> int:
    """A number fixed by the activity's id (the same on every delivery)."""
    return zlib.crc32(activity_id.encode())


def summary_partition(community_id: str, shard: int) -> str:
    """Shard 0 is the community's own partition; 1 .. SHARDS are `<community>#<n>`."""
    return f"{community_id}#{shard}" if shard else community_id


def day_partition(community_id: str, shard: int) -> str:
    """Shard 0 is the community's own partition; 1 .. DAY_SHARDS - 1 are `<community>#d<n>`."""
    return f"{community_id}#d{shard}" if shard else community_id


def shards_of(activity_id: str) -> tuple[int, int]:
    """(day shard, summary shard) an activity counts in: never 0 for the summary (the
    community's own partition takes the rare writes), any for the day."""
    n = shard_of(activity_id)
    return n % DAY_SHARDS, 1 + (n // DAY_SHARDS) % SHARDS


def claim_key(activity_id: str) -> str:
    return f"a#{activity_id}"


def day_mark_key(community_id: str, day: str) -> str:
    return f"d#{community_id}#{day}"


def participant_key(community_id: str, module_id: str | None = None) -> str:
    return f"p#{community_id}" + (f"#{module_id}" if module_id else "")


def follow_key(community_id: str) -> str:
    return f"f#{community_id}"


# ---- one transaction per activity -----------------------------------------------------------

@dataclass
class Change:
    """One item of a transaction: ADDs, SETs, REMOVEs, string-set ADDs, and a condition
    (`condition` uses `{name}` for attribute names and `{:value}` for values)."""

    model: type[Model]
    hash_key: str
    range_key: str | None
    adds: dict[str, int] = field(default_factory=dict)
    sets: dict[str, Any] = field(default_factory=dict)
    removes: list[str] = field(default_factory=list)
    set_adds: dict[str, set[str]] = field(default_factory=dict)
    condition: str | None = None
    condition_values: dict[str, Any] = field(default_factory=dict)
    check_only: bool = False
    label: str = "change"

    def add(self, name: str, delta: int) -> Change:
        if delta:
            self.adds[name] = self.adds.get(name, 0) + delta
        return self

    def require(self, condition: str, **values: Any) -> Change:
        """AND a condition in; names in braces (`{tags}`), values as `{:t}`."""
        self.condition = (f"({self.condition}) AND ({condition})" if self.condition
                          else condition)
        self.condition_values.update(values)
        return self

    @property
    def empty(self) -> bool:
        return not (self.adds or self.sets or self.removes or self.set_adds or self.check_only)


def _render(change: Change) -> dict[str, Any]:
    import re

    from chalicelib.platform.dynamo.batch_get import _low_level_key

    names: dict[str, str] = {}
    values: dict[str, Any] = {}

    def name(n: str) -> str:
        for placeholder, existing in names.items():
            if existing == n:
                return placeholder
        placeholder = f"#n{len(names)}"
        names[placeholder] = n
        return placeholder

    def value(v: Any) -> str:
        placeholder = f":v{len(values)}"
        values[placeholder] = serialise(v)
        return placeholder

    body: dict[str, Any] = {
        "TableName": change.model.Meta.table_name,
        "Key": _low_level_key(change.model, change.hash_key, change.range_key),
    }
    if not change.check_only:
        parts = []
        sets = [f"{name(k)} = {value(v)}" for k, v in change.sets.items()]
        if sets:
            parts.append("SET " + ", ".join(sets))
        adds = [f"{name(k)} {value(v)}" for k, v in change.adds.items()]
        adds += [f"{name(k)} {value(v)}" for k, v in change.set_adds.items()]
        if adds:
            parts.append("ADD " + ", ".join(adds))
        if change.removes:
            parts.append("REMOVE " + ", ".join(name(k) for k in change.removes))
        body["UpdateExpression"] = " ".join(parts)
    if change.condition:
        local = {k: value(v) for k, v in change.condition_values.items()}

        def substitute(match: re.Match[str]) -> str:
            token = match.group(1)
            return local[token[1:]] if token.startswith(":") else name(token)

        body["ConditionExpression"] = re.sub(r"{([^{}]+)}", substitute, change.condition)
    body["ExpressionAttributeNames"] = names
    if values:
        body["ExpressionAttributeValues"] = values
    return {"ConditionCheck" if change.check_only else "Update": body}


class Cancelled(Exception):
    """The transaction was refused: `failed` are the labels whose condition failed;
    `conflict` when it met another transaction (retry)."""

    def __init__(self, failed: set[str], conflict: bool) -> None:
        super().__init__(f"failed: {sorted(failed)}, conflict={conflict}")
        self.failed = failed
        self.conflict = conflict


Check = Callable[[Transaction], None]  # another feature's condition on its own item


def write(changes: list[Change | Check]) -> None:
    """Apply the changes, and the other features' checks, in one transaction (Cancelled
    when a condition fails)."""
    from chalicelib.platform.dynamo.transactions import Conflicted

    tx = Transaction()
    for change in changes:
        if isinstance(change, Change):
            if not change.empty:
                tx.raw(change.label, _render(change))
        else:
            change(tx)
    if not len(tx):
        return
    try:
        failed = tx.commit()
    except Conflicted:
        raise Cancelled(set(), True) from None
    if failed:
        raise Cancelled(failed, False)


# ---- reads ---------------------------------------------------------------------------------

def summed(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Shards of one aggregate as one: numbers added up, anything else (a module's directory
    entry) from the first item that has it (give the community's own partition first)."""
    out: dict[str, Any] = {}
    for item in items:
        for name, value in item.items():
            if name in KEYS:
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[name] = out.get(name, 0) + value
            else:
                out.setdefault(name, value)
    return out


def summary_keys(community_id: str, key: str = SUMMARY) -> list[tuple[Any, str, str]]:
    """The keys of an aggregate's shards (`key`: SUMMARY or a module's), for a BatchGetItem."""
    return [(Aggregate, summary_partition(community_id, n), key) for n in range(SHARDS + 1)]


def summary_in(found: Any, community_id: str, key: str = SUMMARY) -> dict[str, Any]:
    """An aggregate's shards, found by a BatchGetItem of `summary_keys`, added up."""
    return summed(plain(found.raw(Aggregate, summary_partition(community_id, n), key))
                  for n in range(SHARDS + 1))


def day_shard_keys(community_id: str, days: Iterable[str]) -> list[tuple[Any, str, str]]:
    """The keys of the day items' shards outside the community's own partition (which
    `days_queried` reads), for a BatchGetItem."""
    return [(Aggregate, day_partition(community_id, n), day_key(day))
            for day in days for n in range(1, DAY_SHARDS)]


def days_in(found: Any, community_id: str, queried: list[dict[str, Any]],
            days: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Day -> the day's counters: the community's own day items (`days_queried`) and, for
    `days`, their shards found by a BatchGetItem of `day_shard_keys`, added up."""
    parts: dict[str, list[dict[str, Any]]] = {str(i["key"])[2:]: [i] for i in queried}
    for day in days:
        for n in range(1, DAY_SHARDS):
            raw = found.raw(Aggregate, day_partition(community_id, n), day_key(day))
            if raw:
                parts.setdefault(day, []).append(plain(raw))
    return {day: summed(items) for day, items in sorted(parts.items())}


def days(community_id: str, first: str, last: str) -> list[dict[str, Any]]:
    """Every shard of the day items from `first` to `last` added up, oldest first (one
    Query and BatchGetItems: for tests and tools; the dashboard folds the BatchGetItem into
    its own)."""
    import datetime as dt

    from chalicelib.platform.dynamo.batch_get import get_many

    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    wanted = [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    found = get_many(day_shard_keys(community_id, wanted))
    merged = days_in(found, community_id, days_queried(community_id, first, last), wanted)
    return [{"key": day_key(day), **item} for day, item in merged.items()]


def summary(community_id: str, key: str = SUMMARY) -> dict[str, Any]:
    """An aggregate's shards added up (one BatchGetItem: for tests and tools)."""
    from chalicelib.platform.dynamo.batch_get import get_many

    return summary_in(get_many(summary_keys(community_id, key)), community_id, key)


def days_queried(community_id: str, first: str, last: str) -> list[dict[str, Any]]:
    """The day items in the community's own partition from `first` to `last` (YYYY-MM-DD,
    inclusive), oldest first: the days before the shards, follows, visits, and the shard 0
    of what is counted now. One Query: a day item holds a few hundred counters, so a year
    of days fits a page."""
    from chalicelib.platform.aws.clients import client

    dynamodb = client("dynamodb")
    request: dict[str, Any] = {
        "TableName": Aggregate.Meta.table_name,
        "KeyConditionExpression": "#c = :c AND #k BETWEEN :a AND :b",
        "ExpressionAttributeNames": {"#c": "community_id", "#k": "key"},
        "ExpressionAttributeValues": {":c": {"S": community_id}, ":a": {"S": day_key(first)},
                                      ":b": {"S": day_key(last)}},
    }
    items: list[dict[str, Any]] = []
    while True:
        answer = dynamodb.query(**request)
        items += [plain(raw) for raw in answer.get("Items", [])]
        last_key = answer.get("LastEvaluatedKey")
        if not last_key:
            return items
        request["ExclusiveStartKey"] = last_key


def marks_under(user_id: str, prefix: str) -> list[AnalyticsMark]:
    """A person's markers whose key starts with `prefix` (e.g. every participation marker
    of one community: one community has a bounded number of modules)."""
    return list(AnalyticsMark.query(user_id, AnalyticsMark.key.startswith(prefix),
                                    consistent_read=True))
