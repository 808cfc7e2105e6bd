"""Checks every upload that lands in the media bucket (S3 event -> SQS -> here): the real
type and size must match the upload's kind, or the object is deleted."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from chalice import Blueprint

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("uploads"), batch_size=10)
def check_uploads(event: Any) -> dict[str, Any]:
    from chalicelib.platform.queue_batches import process

    return process(event, _check_message)


def _check_message(body: dict[str, Any], message_id: str) -> None:
    from chalicelib.platform import upload_rules as rules
    from chalicelib.platform.aws import media
    from chalicelib.platform.log import logger

    for record in body.get("Records", []):  # S3 test events have no Records
        if not str(record.get("eventName", "")).startswith("ObjectCreated"):
            continue
        key = unquote_plus(record["s3"]["object"]["key"])
        meta = media.head(key)
        if meta is None:  # already deleted: a redelivery, nothing to do
            continue
        size = int(meta.get("ContentLength", 0))
        head = media.read_prefix(key, 16) if size else b""
        verdict = rules.judge(key, size, head)
        if not verdict.ok:
            media.delete([key])
            logger.warning("upload refused", extra={"kind": rules.kind_of(key),
                                                    "reason": verdict.reason})
            continue
        from chalicelib.platform import upload_linking as media_links

        media_links.accept(key, verdict.content_type or "")
