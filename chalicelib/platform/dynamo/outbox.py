"""The transactional outbox: later work is recorded in the same DynamoDB transaction as the
state change that promises it, and delivered by something that does not depend on the
requesting process.

- `Transaction.publish(queue, body)` adds an outbox item to the transaction. Once the
  transaction is written, the requester sends the message at once (`send`), with the item's
  id as the SQS message attribute `outbox_id`; if it cannot (SQS down, the process killed),
  the item stays.
- A queue consumer deletes the item after the message's handler succeeded
  (`platform.queue_batches`). A message whose handler failed keeps its item.
- Every minute the sweeper (`outbox_sweeper.sweep`, a scheduled handler) reads the items
  still pending past their due time through the sparse `by_due` index (a few shards, never
  a Scan) and sends them again, each time later (`RETRY_AFTER`); after `MAX_SENDS` the item
  leaves the index and is logged as abandoned (its message has gone to the DLQ meanwhile).

So every promised message is sent at least once; consumers are idempotent (SQS delivers at
least once anyway). The item holds the message for the seconds until it is consumed: ids and
the texts of a notice, like the SQS message itself.
"""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.platform import clock, ids
from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name

SHARDS = 4
GRACE = 120          # seconds a message has to be consumed before the sweeper sends it again
RETRY_AFTER = (120, 300, 900, 1800, 3600)   # then, between later sends
MAX_SENDS = 1 + len(RETRY_AFTER)            # the first send, then one per delay
KEEP = 7 * 24 * 3600  # an abandoned item expires after a week (the DLQ keeps the message)
ATTRIBUTE = "outbox_id"


class ByDue(GlobalSecondaryIndex["OutboxMessage"]):
    """Pending messages by due time, per shard (sparse: consumed items are deleted, abandoned
    ones lose their shard)."""

    class Meta:
        index_name = "by_due"
        projection = AllProjection()

    shard = NumberAttribute(hash_key=True)
    due_at = NumberAttribute(range_key=True)


class OutboxMessage(Model, TTLMixin):
    class Meta(BaseMeta):
        table_name = table_name("outbox")

    # A transport, like the queue itself: each item lives until its message is consumed.
    personal = ()

    message_id = UnicodeAttribute(hash_key=True)
    queue = UnicodeAttribute()
    body = UnicodeAttribute()
    delay = NumberAttribute(default=0)
    sends = NumberAttribute(default=0)
    shard = NumberAttribute(null=True)
    due_at = NumberAttribute(null=True)
    by_due = ByDue()


TABLES = [OutboxMessage]


def new(queue: str, body: dict[str, Any], *, delay: int = 0) -> OutboxMessage:
    message_id = ids.new_id()
    now = clock.now()
    return OutboxMessage(message_id, queue=queue, body=json.dumps(body), delay=delay, sends=1,
                         shard=zlib.crc32(message_id.encode()) % SHARDS,
                         due_at=now + delay + GRACE,
                         expires_at=datetime.fromtimestamp(now + KEEP, tz=UTC))


def send(messages: list[OutboxMessage]) -> None:
    """Send written outbox messages now; one that cannot be sent is left to the sweeper."""
    from chalicelib.platform.aws import queues
    from chalicelib.platform.log import logger

    for message in messages:
        try:
            queues.publish_raw(message.queue, message.body, delay=int(message.delay or 0),
                               attributes={ATTRIBUTE: message.message_id})
        except Exception:
            logger.warning("outbox message left for the sweeper", exc_info=True,
                           extra={"queue": message.queue, "outbox_id": message.message_id})


def consumed(message_ids: list[str]) -> None:
    """Forget the items of messages whose handlers succeeded (one BatchWriteItem per 25)."""
    if not message_ids:
        return
    with OutboxMessage.batch_write() as batch:
        for message_id in message_ids:
            batch.delete(OutboxMessage(message_id))


def due_page(shard: int, now: float, limit: int) -> list[OutboxMessage]:
    return list(OutboxMessage.by_due.query(shard, OutboxMessage.due_at <= now, limit=limit))


