"""Queue handlers of the GDPR rights: erasure (one bounded batch per message) and export."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("erasure"), batch_size=1)
def erase_account(event: Any) -> dict[str, Any]:
    from chalicelib.platform.queue_batches import process
    from chalicelib.privacy import erasure

    return process(event, lambda body, _id: erasure.advance(body))


@bp.on_sqs_message(queue=queue_name("exports"), batch_size=1)
def build_export(event: Any) -> dict[str, Any]:
    from chalicelib.platform.queue_batches import process
    from chalicelib.privacy import export

    return process(event, lambda body, _id: export.build(body))
