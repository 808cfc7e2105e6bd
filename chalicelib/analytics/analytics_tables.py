"""Analytics: anonymous aggregates per community, and the per-person markers that make the
counting exact (each person counted once per day, module and community; each activity once).

`analytics` (one partition per community; the dashboard reads a bounded number of items
whatever the community's size):
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

from collections.abc import Callable
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

def days(community_id: str, first: str, last: str) -> list[dict[str, Any]]:
    """The day items from `first` to `last` (YYYY-MM-DD, inclusive), oldest first. One
    Query: a day item holds a few hundred counters, so a year of days fits a page."""
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
