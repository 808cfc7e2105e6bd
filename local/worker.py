"""The local worker: delivers the emulator's SQS messages to the same handler functions that
Lambda would call, in the same event shape, and fires scheduled handlers on a timer."""

from __future__ import annotations

import threading
import time
from typing import Any

from chalicelib.platform.aws.clients import client
from chalicelib.platform.log import logger


def sqs_event(messages: list[dict[str, Any]], queue_arn: str, region: str) -> dict[str, Any]:
    return {"Records": [{
        "messageId": m["MessageId"],
        "receiptHandle": m["ReceiptHandle"],
        "body": m["Body"],
        "attributes": m.get("Attributes", {}),
        "messageAttributes": {
            name: {"stringValue": a.get("StringValue"), "dataType": a.get("DataType", "String")}
            for name, a in m.get("MessageAttributes", {}).items()},
        "md5OfBody": m.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    } for m in messages]}


def schedule_event(name: str, region: str) -> dict[str, Any]:
    return {"version": "0", "id": f"local-{name}-{int(time.time())}",
            "detail-type": "Scheduled Event", "source": "aws.events", "account": "000000000000",
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "region": region,
            "resources": [f"arn:aws:events:{region}:000000000000:rule/{name}"], "detail": {}}


class LambdaContext:
    function_name = "agora-local"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:local:000000000000:function:agora-local"
    aws_request_id = "local"

    def get_remaining_time_in_millis(self) -> int:
        return 900_000


def handlers(app_module: Any) -> tuple[list[tuple[Any, Any]], list[tuple[Any, Any]]]:
    """(queue configs with their handlers, schedule configs with their handlers)."""
    from chalice.app import ScheduledEventConfig, SQSEventConfig

    queues, schedules = [], []
    for source in app_module.app.event_sources:
        handler = app_module.app.handler_map[source.name]
        if isinstance(source, SQSEventConfig):
            queues.append((source, handler))
        elif isinstance(source, ScheduledEventConfig):
            schedules.append((source, handler))
    return queues, schedules


def drain_queue(source: Any, handler: Any, *, wait: int = 1, visibility: int | None = None,
                region: str = "eu-west-1") -> int:
    """One receive-and-deliver round on one queue. Returns the number of messages handled."""
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=source.queue)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    kwargs: dict[str, Any] = {"QueueUrl": url, "MaxNumberOfMessages": min(source.batch_size, 10),
                              "WaitTimeSeconds": wait, "AttributeNames": ["All"],
                              "MessageAttributeNames": ["All"]}
    if visibility is not None:
        kwargs["VisibilityTimeout"] = visibility
    messages = sqs.receive_message(**kwargs).get("Messages", [])
    if not messages:
        return 0
    try:
        answer = handler(sqs_event(messages, arn, region), LambdaContext()) or {}
        failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
    except Exception:
        logger.exception("queue handler failed", extra={"queue": source.queue})
        failed = {m["MessageId"] for m in messages}
    done = [m for m in messages if m["MessageId"] not in failed]
    for start in range(0, len(done), 10):
        sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
            for i, m in enumerate(done[start:start + 10])])
    return len(messages)


def run(app_module: Any, stop: threading.Event, *, schedule_every: float = 60.0,
        region: str = "eu-west-1") -> None:
    queues, schedules = handlers(app_module)
    logger.info("worker started", extra={"queues": [q.queue for q, _ in queues],
                                         "schedules": [s.name for s, _ in schedules]})
    next_tick = time.monotonic()
    while not stop.is_set():
        for source, handler in queues:
            if stop.is_set():  # stopping: the emulator may be next to go, poll no more
                return
            try:
                drain_queue(source, handler, wait=0, region=region)
            except Exception:
                logger.exception("queue poll failed", extra={"queue": source.queue})
        if time.monotonic() >= next_tick:
            for source, handler in schedules:
                try:
                    handler(schedule_event(source.name, region), LambdaContext())
                except Exception:
                    logger.exception("scheduled handler failed", extra={"name": source.name})
            next_tick = time.monotonic() + schedule_every
        stop.wait(1.0)
