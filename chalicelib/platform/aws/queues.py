"""Publishing to SQS. The API only enqueues; queue-triggered handlers do the work.

Queue names are `agora-<stage>-<name>`; the handlers subscribe by the same names
(`chalicelib.platform.config.queue_name`)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

NOTIFY = "notify"      # events to expand into recipients (fan-out)
DELIVER = "deliver"    # one batch of recipients to notify (sender)
UPLOADS = "uploads"    # S3 event notifications of new uploads
ERASURE = "erasure"    # account deletion steps
EXPORTS = "exports"    # GDPR export builds
ANALYTICS = "analytics"  # participation activities for the anonymised aggregates
MODERATION = "moderation"  # what follows a moderation decision (notices, strikes)
QUEUES = (NOTIFY, DELIVER, UPLOADS, ERASURE, EXPORTS, ANALYTICS, MODERATION)


@cache
def queue_url(name: str) -> str:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import queue_name

    return str(client("sqs").get_queue_url(QueueName=queue_name(name))["QueueUrl"])


def publish(name: str, message: dict[str, Any], *, delay: int = 0) -> None:
    """Send one message now. A state change that promises the message records it in its
    transaction instead (`Transaction.publish`, the outbox): this is for queue consumers,
    whose own redelivery repeats a send that did not happen."""
    publish_raw(name, json.dumps(message), delay=delay)


def publish_raw(name: str, body: str, *, delay: int = 0,
                attributes: dict[str, str] | None = None) -> None:
    from chalicelib.platform.aws.clients import client

    extra: dict[str, Any] = {}
    if attributes:
        extra["MessageAttributes"] = {k: {"DataType": "String", "StringValue": v}
                                      for k, v in attributes.items()}
    client("sqs").send_message(QueueUrl=queue_url(name), MessageBody=body, DelaySeconds=delay,
                               **extra)


def publish_many(name: str, messages: list[dict[str, Any]]) -> None:
    from chalicelib.platform.aws.clients import client

    for start in range(0, len(messages), 10):
        chunk = messages[start:start + 10]
        answer = client("sqs").send_message_batch(QueueUrl=queue_url(name), Entries=[
            {"Id": str(i), "MessageBody": json.dumps(m)} for i, m in enumerate(chunk)])
        if answer.get("Failed"):
            raise RuntimeError(f"{len(answer['Failed'])} messages were not queued")
