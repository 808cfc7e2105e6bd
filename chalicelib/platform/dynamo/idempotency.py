"""Idempotency records: a consumer claims a key before a side effect that must happen once
(an email, a counter bump). The claim is a conditional write, so two deliveries of one SQS
message cannot both win.

A claim about one person (e.g. "this person got this notification") names them as its
`owner`, so that erasing the person also erases their claims (the `by_owner` index)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name

DEFAULT_TTL = 14 * 24 * 3600


class ByOwner(GlobalSecondaryIndex["IdempotencyRecord"]):
    class Meta:
        index_name = "by_owner"
        projection = KeysOnlyProjection()

    owner = UnicodeAttribute(hash_key=True)


class IdempotencyRecord(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("idempotency")

    personal = ("key", "owner")

    key = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute(default="done")
    owner = UnicodeAttribute(null=True)
    by_owner = ByOwner()


def _record(key: str, owner: str | None, now: float, ttl: int) -> IdempotencyRecord:
    return IdempotencyRecord(key, expires_at=datetime.fromtimestamp(now + ttl, tz=UTC),
                             owner=owner)


def _unclaimed(now: float) -> Any:
    return (IdempotencyRecord.key.does_not_exist()
            | (IdempotencyRecord.expires_at < datetime.fromtimestamp(now, tz=UTC)))


def claim(key: str, *, now: float, ttl: int = DEFAULT_TTL, owner: str | None = None) -> bool:
    """True the first time a key is claimed; False ever after (until it expires)."""
    from chalicelib.platform.dynamo.transactions import conditionally

    return conditionally(lambda: _record(key, owner, now, ttl).save(condition=_unclaimed(now)))


def claim_many(claims: list[tuple[str, str | None]], *, now: float,
                ttl: int = DEFAULT_TTL) -> set[str]:
    """`claim` for many (key, owner) pairs, up to 100 to a transaction: the keys claimed
    now. A transaction cancelled because some keys were claimed before is written again
    without them; one that meets a concurrent writer falls back to a claim at a time."""
    from chalicelib.platform.dynamo.transactions import TX_ITEMS, Conflicted, Transaction

    won: set[str] = set()
    unique = list(dict.fromkeys(claims))
    for start in range(0, len(unique), TX_ITEMS):
        pending = unique[start:start + TX_ITEMS]
        while pending:
            tx = Transaction()
            for key, owner in pending:
                tx.put(key, _record(key, owner, now, ttl), condition=_unclaimed(now))
            try:
                taken = tx.commit()
            except Conflicted:
                won.update(key for key, owner in pending
                           if claim(key, now=now, ttl=ttl, owner=owner))
                break
            if taken:
                pending = [c for c in pending if c[0] not in taken]
                continue
            won.update(key for key, _ in pending)
            break
    return won


def is_claimed(key: str, *, now: float) -> bool:
    """Whether a live claim exists: for work recorded as done only after it is done, where a
    repeat is harmless but a loss is not."""
    try:
        record = IdempotencyRecord.get(key, consistent_read=True)
    except IdempotencyRecord.DoesNotExist:
        return False
    return record.is_live(now)


def claimed_among(keys: list[str], *, now: float) -> set[str]:
    """The keys with a live claim, read in BatchGetItem calls (consistent)."""
    found: set[str] = set()
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 100):
        for record in IdempotencyRecord.batch_get(unique[start:start + 100],
                                                  consistent_read=True):
            if record.is_live(now):
                found.add(record.key)
    return found


def release(key: str) -> None:
    """Give a claim back when the side effect failed, so a retry can do it."""
    IdempotencyRecord(key).delete()


def erase_owned(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: delete one page of the claims that name the person."""
    from chalicelib.platform.dynamo.index_pages import delete_page

    return delete_page(lambda **kw: IdempotencyRecord.by_owner.query(user_id, **kw),
                       IdempotencyRecord, cursor, limit)


TABLES: list[type[Model]] = [IdempotencyRecord]
