"""The analytics counter's handler (`analytics` queue): each message is one participation
activity (`chalicelib.analytics.counting` keeps the aggregates, idempotently) or one page
view (`chalicelib.analytics.visit_counter`: a batch's views in one transaction)."""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("analytics"), batch_size=10)
def count_activity(event: Any) -> dict[str, Any]:
    """Count each activity once (a redelivered message counts nothing more); the batch's
    page views are counted together first, and fail together if that cannot be done."""
    from chalicelib.analytics import activity_counter, visit_counter, visit_rules
    from chalicelib.platform.queue_batches import process

    visits = []
    raw = event.to_dict() if hasattr(event, "to_dict") else event
    for record in raw.get("Records", []):
        try:
            visits.append(visit_rules.parse(json.loads(record.get("body") or "")))
        except ValueError:
            continue  # not a view (an activity), or not understood: handled one by one below
    failure: Exception | None = None
    try:
        visit_counter.count(visits)
    except Exception as err:  # the views fail (SQS delivers them again), the rest goes on
        failure = err

    def handle(body: dict[str, Any], _message_id: str) -> None:
        if isinstance(body, dict) and body.get("kind") == "visit":
            visit_rules.parse(body)  # one it cannot understand fails alone
            if failure is not None:
                raise failure
            return
        activity_counter.count(body)

    return process(event, handle)
