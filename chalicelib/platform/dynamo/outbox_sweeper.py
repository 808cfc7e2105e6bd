"""The outbox's sweeper: messages promised in a transaction but not consumed in time are sent
again, each time later, until `MAX_SENDS` (see `platform.dynamo.outbox`)."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock
from chalicelib.platform.dynamo.outbox import (
    MAX_SENDS,
    RETRY_AFTER,
    SHARDS,
    OutboxMessage,
    due_page,
    send,
)


def sweep(limit: int = 100) -> dict[str, int]:
    """Send again what was not consumed in time. Answers how many were sent and abandoned."""
    from chalicelib.platform.log import logger

    now = clock.now()
    sent = abandoned = 0
    for shard in range(SHARDS):
        for message in due_page(shard, now, limit):
            sends = int(message.sends or 0)
            if not _take(message, sends, now):
                continue  # another sweeper, or the consumer, got there first
            if sends >= MAX_SENDS:
                abandoned += 1
                logger.error("outbox message abandoned", extra={
                    "queue": message.queue, "outbox_id": message.message_id, "sends": sends})
                continue
            send([message])
            sent += 1
    return {"sent": sent, "abandoned": abandoned}


def _take(message: Any, sends: int, now: float) -> bool:
    """Count one more send (or, past the last, take the item out of the index), on condition
    that nobody else did meanwhile."""
    from chalicelib.platform.dynamo.transactions import conditionally

    if sends >= MAX_SENDS:
        actions = [OutboxMessage.shard.remove(), OutboxMessage.due_at.remove()]
    else:
        actions = [OutboxMessage.sends.add(1),
                   OutboxMessage.due_at.set(now + RETRY_AFTER[max(0, sends - 1)])]
    return conditionally(lambda: message.update(actions=actions,
                                                condition=OutboxMessage.sends == sends))
