"""The local worker delivers queue messages in Lambda's event shape and honours partial
batch failures: failed messages stay on the queue and, after 5 receives, reach the DLQ."""

from __future__ import annotations

import json


def _queue_attrs(name: str) -> tuple[str, int]:
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import queue_name

    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=queue_name(name))["QueueUrl"]
    count = int(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "ApproximateNumberOfMessages"])["Attributes"]["ApproximateNumberOfMessages"])
    return url, count


def test_worker_delivers_and_deletes(app):
    import app as app_module
    from chalicelib.platform.aws import queues
    from local import worker

    seen = []
    queue_sources, _ = worker.handlers(app_module)
    source = next(s for s, _ in queue_sources if s.queue.endswith("-uploads"))

    def handler(event, context):
        seen.extend(r["body"] for r in event["Records"])
        assert all(r["eventSource"] == "aws:sqs" for r in event["Records"])
        return {"batchItemFailures": []}

    queues.publish("uploads", {"hello": 1})
    assert worker.drain_queue(source, handler, wait=0) == 1
    assert [json.loads(b) for b in seen] == [{"hello": 1}]
    assert _queue_attrs("uploads")[1] == 0


def test_failed_messages_reach_the_dead_letter_queue(app):
    import app as app_module
    from chalicelib.platform.aws import queues
    from local import worker

    queue_sources, _ = worker.handlers(app_module)
    source = next(s for s, _ in queue_sources if s.queue.endswith("-uploads"))

    def failing(event, context):
        return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                      for r in event["Records"]]}

    queues.publish("uploads", {"poison": True})
    for _ in range(6):
        worker.drain_queue(source, failing, wait=0, visibility=0)
    assert _queue_attrs("uploads")[1] == 0
    assert _queue_attrs("uploads-dlq")[1] == 1
