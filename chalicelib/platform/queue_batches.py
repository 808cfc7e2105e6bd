"""SQS batches with partial failure reports (Powertools BatchProcessor): a failing message
does not make the rest of its batch retry. Handlers must be idempotent: SQS delivers at
least once. A message sent from the outbox (`platform.dynamo.outbox`) has its outbox item
deleted once its handler succeeded."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def process(event: Any, handle: Callable[[dict[str, Any], str], None]) -> dict[str, Any]:
    """Run `handle(body, message_id)` for each record; answer `{"batchItemFailures": [...]}`."""
    from aws_lambda_powertools.utilities.batch import (
        BatchProcessor,
        EventType,
        process_partial_response,
    )

    from chalicelib.platform.dynamo import outbox
    from chalicelib.platform.log import logger

    raw = event.to_dict() if hasattr(event, "to_dict") else event
    consumed: list[str] = []

    def record_handler(record: Any) -> None:
        try:
            body = json.loads(record.body)
        except ValueError:
            # Not JSON: no retry can mend it. Failing sends it to the DLQ after 5 tries.
            logger.error("unparseable message", extra={"message_id": record.message_id})
            raise
        try:
            handle(body, record.message_id)
        except (KeyError, TypeError, ValueError) as err:
            # A message this handler cannot understand: it fails (and reaches the DLQ after
            # the redrive count). The log names the queue and the message, never the body.
            logger.error("message not understood", extra={
                "queue": str(record.event_source_arn).rsplit(":", 1)[-1],
                "message_id": record.message_id, "error": type(err).__name__})
            raise
        outbox_id = outbox_id_of(record.raw_event)
        if outbox_id:
            consumed.append(outbox_id)

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    answer = process_partial_response(event=raw, record_handler=record_handler,
                                      processor=processor)
    try:
        outbox.consumed(consumed)
    except Exception:  # the sweeper sends them again: the handlers are idempotent
        logger.warning("outbox items not cleared", exc_info=True,
                       extra={"count": len(consumed)})
    return answer


def outbox_id_of(record: dict[str, Any]) -> str | None:
    """The `outbox_id` message attribute, as Lambda (`stringValue`) or the SQS API
    (`StringValue`) spells it."""
    from chalicelib.platform.dynamo.outbox import ATTRIBUTE

    attribute = (record.get("messageAttributes") or {}).get(ATTRIBUTE) or {}
    value = attribute.get("stringValue") or attribute.get("StringValue")
    return value if isinstance(value, str) and value else None
