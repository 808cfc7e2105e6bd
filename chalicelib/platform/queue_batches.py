"""SQS batches with partial failure reports (Powertools BatchProcessor): a failing message
does not make the rest of its batch retry. Handlers must be idempotent: SQS delivers at
least once."""

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

    from chalicelib.platform.log import logger

    raw = event.to_dict() if hasattr(event, "to_dict") else event

    def record_handler(record: Any) -> None:
        try:
            body = json.loads(record.body)
        except ValueError:
            # Not JSON: no retry can mend it. Failing sends it to the DLQ after 5 tries.
            logger.error("unparseable message", extra={"message_id": record.message_id})
            raise
        handle(body, record.message_id)

    processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
    return process_partial_response(event=raw, record_handler=record_handler,
                                    processor=processor)
