"""The analytics counter's handler (`analytics` queue): each message is one participation
activity; `chalicelib.analytics.counting` keeps the aggregates, idempotently."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("analytics"), batch_size=10)
def count_activity(event: Any) -> dict[str, Any]:
    """Count each activity once (a redelivered message counts nothing more)."""
    from chalicelib.analytics import activity_counter
    from chalicelib.platform.queue_batches import process

    return process(event, lambda body, _message_id: activity_counter.count(body))
