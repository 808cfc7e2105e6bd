"""Throttle counters: one item per (rule, keyed hash of the subject, time window), bumped with
an atomic `ADD`, so every Lambda instance counts into the same number. Items expire by TTL
once their window can no longer matter. Keys hold keyed hashes, never addresses or emails."""

from __future__ import annotations

from datetime import UTC, datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name


class ThrottleCounter(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("throttles")

    personal = ()  # the key is an HMAC of the subject: it names no one by itself

    key = UnicodeAttribute(hash_key=True)
    count = NumberAttribute(default=0)


def add(key: str, *, expires_at: float, amount: int = 1) -> int:
    """Count one more event in the window `key`; the window's new total."""
    counter = ThrottleCounter(key)
    counter.update(actions=[
        ThrottleCounter.count.add(amount),
        ThrottleCounter.expires_at.set(datetime.fromtimestamp(expires_at, tz=UTC)),
    ])
    return int(counter.count or 0)


def counts(keys: list[str], *, now: float) -> dict[str, int]:
    """Current totals of several windows in one BatchGetItem (absent windows count 0, and
    so do expired ones DynamoDB's TTL sweep has not removed yet)."""
    found = {key: 0 for key in keys}
    if keys:
        for item in ThrottleCounter.batch_get(keys, consistent_read=True):
            if item.is_live(now):
                found[item.key] = int(item.count or 0)
    return found


TABLES: list[type[Model]] = [ThrottleCounter]
