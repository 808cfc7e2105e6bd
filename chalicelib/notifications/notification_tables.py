"""Notifications: the in-app list, each person's email settings, and what waits for the daily
digest.

- `Notification`: one partition per person, sorted by the event's time-ordered id (the same
  event written twice is the same item), expiring after 180 days.
- `NotificationSettings`: a person's choices (None = never chose: the default applies), the
  "read everything up to here" mark, and the digest marker: `digest_shard` and `digest_due`
  exist only while something waits, so the `by_digest` index holds only the people with a
  digest to send (sparse) and the daily run queries it, shard by shard, without a scan.
- `DigestEntry`: what waits for a person's digest, deleted once the digest has left.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name

DIGEST_SHARDS = 8
DIGEST_ENTRY_TTL = 14 * 24 * 3600


class Notification(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("notifications")

    personal = ("user_id", "data", "created_at", "read")

    user_id = UnicodeAttribute(hash_key=True)
    notification_id = UnicodeAttribute(range_key=True)  # the event's id
    kind = UnicodeAttribute()
    category = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    subject = MapAttribute(null=True)
    data = MapAttribute(null=True)
    created_at = NumberAttribute()
    read = BooleanAttribute(default=False)


class SettingsByDigest(GlobalSecondaryIndex["NotificationSettings"]):
    """People with a digest waiting, by shard and due time (sparse)."""

    class Meta:
        index_name = "by_digest"
        projection = KeysOnlyProjection()

    digest_shard = UnicodeAttribute(hash_key=True)
    digest_due = NumberAttribute(range_key=True)


class NotificationSettings(Model):
    class Meta(BaseMeta):
        table_name = table_name("notification_settings")

    personal = ("user_id", "followed", "interactions", "admin", "digest", "read_through",
                "digest_due")

    user_id = UnicodeAttribute(hash_key=True)
    followed = BooleanAttribute(null=True)
    interactions = BooleanAttribute(null=True)
    admin = BooleanAttribute(null=True)
    digest = BooleanAttribute(null=True)
    read_through = UnicodeAttribute(null=True)   # every notification id <= this is read
    digest_shard = UnicodeAttribute(null=True)
    digest_due = NumberAttribute(null=True)
    by_digest = SettingsByDigest()

    def choices(self) -> dict[str, Any]:
        return {"followed": self.followed, "interactions": self.interactions,
                "admin": self.admin, "digest": self.digest}


class DigestEntry(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("notification_digest")

    personal = ("user_id", "data", "created_at")

    user_id = UnicodeAttribute(hash_key=True)
    notification_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    category = UnicodeAttribute()
    community_id = UnicodeAttribute(null=True)
    data = MapAttribute(null=True)
    created_at = NumberAttribute()


def _at(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)


def shard_of(user_id: str) -> str:
    return str(zlib.crc32(user_id.encode()) % DIGEST_SHARDS)


# --- settings ---------------------------------------------------------------------------

def get_settings(user_id: str) -> NotificationSettings | None:
    try:
        return NotificationSettings.get(user_id)
    except NotificationSettings.DoesNotExist:
        return None


def settings_of(user_ids: Iterable[str]) -> dict[str, NotificationSettings]:
    keys = list(dict.fromkeys(user_ids))
    if not keys:
        return {}
    return {s.user_id: s for s in NotificationSettings.batch_get(keys)}


def set_choices(user_id: str, changes: dict[str, bool]) -> NotificationSettings:
    """Store the given choices, attribute by attribute (two concurrent changes of different
    categories both stick); answer the whole item as it now is."""
    item = NotificationSettings(user_id)
    actions = [getattr(NotificationSettings, name).set(value) for name, value in changes.items()]
    if not actions:
        return get_settings(user_id) or item
    item.update(actions=actions)
    return item


def mark_all_read(user_id: str, through: str) -> None:
    """Everything up to `through` is read; the mark only moves forward."""
    from chalicelib.platform.dynamo.transactions import conditionally

    conditionally(lambda: NotificationSettings(user_id).update(
        actions=[NotificationSettings.read_through.set(through)],
        condition=NotificationSettings.read_through.does_not_exist()
        | (NotificationSettings.read_through < through)))


# --- in-app notifications ---------------------------------------------------------------

def write_notifications(items: list[Notification]) -> None:
    """Put many in one or a few BatchWriteItem calls (idempotent: keys are deterministic)."""
    if not items:
        return
    with Notification.batch_write() as batch:
        for item in items:
            batch.save(item)


def new_notification(user_id: str, event: Any, *, now: float, ttl: int) -> Notification:
    return Notification(user_id, event.event_id, kind=event.kind, category=event.category,
                        community_id=event.community_id, subject=event.subject or None,
                        data=event.data or None, created_at=now, read=False,
                        expires_at=_at(now + ttl))


def list_page(user_id: str, *, limit: int, before: str | None) -> tuple[list[Notification],
                                                                         str | None]:
    """Newest first; `before` is the last id of the previous page. One Query (limit + 1 tells
    whether a next page exists without a second call)."""
    condition = Notification.notification_id < before if before else None
    rows = list(Notification.query(user_id, range_key_condition=condition,
                                   scan_index_forward=False, limit=limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].notification_id if more and rows else None)


def existing(user_id: str, notification_ids: list[str]) -> list[Notification]:
    keys = [(user_id, nid) for nid in dict.fromkeys(notification_ids)]
    return list(Notification.batch_get(keys)) if keys else []


# --- the digest -------------------------------------------------------------------------

def write_digest_entries(entries: list[DigestEntry]) -> None:
    if not entries:
        return
    with DigestEntry.batch_write() as batch:
        for entry in entries:
            batch.save(entry)


def new_digest_entry(user_id: str, event: Any, *, now: float) -> DigestEntry:
    return DigestEntry(user_id, event.event_id, kind=event.kind, category=event.category,
                       community_id=event.community_id, data=event.data or None,
                       created_at=now, expires_at=_at(now + DIGEST_ENTRY_TTL))


def mark_digest_pending(user_id: str, due: float) -> None:
    """Put the person in the `by_digest` index; an earlier due time stays (if_not_exists)."""
    NotificationSettings(user_id).update(actions=[
        NotificationSettings.digest_shard.set(shard_of(user_id)),
        NotificationSettings.digest_due.set(NotificationSettings.digest_due | due),
    ])


def clear_digest_marker(user_id: str) -> None:
    NotificationSettings(user_id).update(actions=[
        NotificationSettings.digest_shard.remove(), NotificationSettings.digest_due.remove()])


def digest_entries(user_id: str) -> list[DigestEntry]:
    return list(DigestEntry.query(user_id, consistent_read=True))


def delete_digest_entries(entries: list[DigestEntry]) -> None:
    if not entries:
        return
    with DigestEntry.batch_write() as batch:
        for entry in entries:
            batch.delete(DigestEntry(entry.user_id, entry.notification_id))


def due_digest_page(shard: str, *, now: float, limit: int,
                    after: dict[str, Any] | None) -> tuple[list[str], dict[str, Any] | None]:
    """One page of people whose digest is due, in one shard of the sparse index."""
    result = NotificationSettings.by_digest.query(
        shard, range_key_condition=NotificationSettings.digest_due <= now, limit=limit,
        last_evaluated_key=after)
    user_ids = [item.user_id for item in result]
    return user_ids, result.last_evaluated_key


# --- erasure steps: (user_id, cursor, limit) -> next cursor, or None when done ---------------
# For the account erasure's step list: each does one bounded batch and is idempotent.

def _page_cursor(key: dict[str, Any] | None) -> str | None:
    import json

    return json.dumps(key) if key else None


def _from_cursor(cursor: str | None) -> dict[str, Any] | None:
    import json

    return json.loads(cursor) if cursor else None


def erase_notifications(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.platform.dynamo.index_pages import delete_page

    return delete_page(lambda **kw: Notification.query(
        user_id, attributes_to_get=["user_id", "notification_id"], **kw), Notification,
        cursor, limit)


def erase_digest_entries(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.platform.dynamo.index_pages import delete_page

    return delete_page(lambda **kw: DigestEntry.query(
        user_id, attributes_to_get=["user_id", "notification_id"], **kw), DigestEntry,
        cursor, limit)


def erase_settings(user_id: str, cursor: str | None, limit: int) -> str | None:
    NotificationSettings(user_id).delete()
    return None


TABLES: list[type[Model]] = [Notification, NotificationSettings, DigestEntry]
