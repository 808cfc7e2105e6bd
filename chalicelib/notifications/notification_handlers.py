"""The notification pipeline's handlers: fan-out (`notify` queue), sender (`deliver` queue)
and the daily digest. The work is in `chalicelib.notifications.delivery`; these only wire
it."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Cron

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("notify"), batch_size=10)
def fan_out_notifications(event: Any) -> dict[str, Any]:
    """Each message expands ONE page of an event's audience into delivery messages."""
    from chalicelib.notifications import delivery
    from chalicelib.platform.queue_batches import process

    return process(event, lambda body, _message_id: delivery.fan_out(body))


@bp.on_sqs_message(queue=queue_name("deliver"), batch_size=10)
def send_notifications(event: Any) -> dict[str, Any]:
    """Each message notifies at most 50 people, or sends up to 50 digests."""
    from chalicelib.notifications import delivery
    from chalicelib.platform.queue_batches import process

    return process(event, lambda body, _message_id: delivery.deliver(body))


@bp.schedule(Cron(5, 7, "*", "*", "?", "*"))
def send_digests(event: Any) -> dict[str, int]:
    """Daily at 07:05 UTC: queue the digests that are due (the senders send them)."""
    from chalicelib.notifications import delivery

    return {"queued": delivery.enqueue_due_digests()}
