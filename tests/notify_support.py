"""Helpers for notification tests and the bench: people and follows written in bulk, and the
pipeline driven the way Lambda drives it (events built from the queues' messages)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any


def seed_people(count: int, *, locale: str = "en", status: str = "active",
                prefix: str = "") -> list[str]:
    """`count` people written straight to storage in batches (no sessions)."""
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock, ids

    now = clock.now()
    user_ids = [ids.new_id() for _ in range(count)]
    with User.batch_write() as batch:
        for user_id in user_ids:
            batch.save(User(user_id, email=f"{prefix}{user_id.lower()}@people.test",
                            name="Follower", status=status, locale=locale, created_at=now,
                            confirmed_at=now))
    return user_ids


def seed_community(followers: int = 0, *, locale: str = "en") -> tuple[str, list[str]]:
    """A public community and `followers` people following it."""
    from chalicelib.communities.community_tables import Community
    from chalicelib.platform import clock, ids

    community_id = ids.new_id()
    Community(community_id, name={"en": "Riverside", "fr": "Bord de l'eau"},
              created_at=clock.now()).save()
    user_ids = seed_people(followers, locale=locale)
    follow(community_id, user_ids)
    return community_id, user_ids


def follow(community_id: str, user_ids: list[str]) -> None:
    from chalicelib.communities.community_tables import Follow
    from chalicelib.platform import clock

    with Follow.batch_write() as batch:
        for user_id in user_ids:
            batch.save(Follow(community_id, user_id, followed_at=clock.now()))


def make_member(community_id: str, user_id: str, role: str) -> None:
    from chalicelib.communities.community_tables import Membership
    from chalicelib.platform import clock

    Membership(community_id, user_id, role=role, joined_at=clock.now()).save()


def handler(name: str) -> Any:
    import app as app_module

    return app_module.app.handler_map[name]


QUEUE_HANDLERS = {"notify": "fan_out_notifications", "deliver": "send_notifications"}


def receive(queue: str, *, max_messages: int = 10) -> list[dict[str, Any]]:
    from chalicelib.platform.aws import queues
    from chalicelib.platform.aws.clients import client

    return client("sqs").receive_message(
        QueueUrl=queues.queue_url(queue), MaxNumberOfMessages=max_messages,
        WaitTimeSeconds=0, VisibilityTimeout=30,
        MessageAttributeNames=["All"]).get("Messages", [])


def delete(queue: str, messages: list[dict[str, Any]]) -> None:
    from chalicelib.platform.aws import queues
    from chalicelib.platform.aws.clients import client

    if messages:
        client("sqs").delete_message_batch(QueueUrl=queues.queue_url(queue), Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])


def sqs_event(messages: list[dict[str, Any]]) -> dict[str, Any]:
    return {"Records": [{"messageId": m["MessageId"], "receiptHandle": m["ReceiptHandle"],
                         "body": m["Body"], "attributes": {},
                         "messageAttributes": {  # as Lambda spells them
                             name: {"stringValue": a.get("StringValue"), "dataType": "String"}
                             for name, a in m.get("MessageAttributes", {}).items()},
                         "md5OfBody": "", "eventSource": "aws:sqs",
                         "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:q",
                         "awsRegion": "eu-west-1"} for m in messages]}


def run_pipeline(counter: Counter[str] | None = None) -> Counter[str]:
    """Deliver every queued notify and deliver message to its handler until both queues are
    empty. Answers how many messages each queue handled; when `counter` is given, it adds
    the AWS calls made by the handlers themselves (not by this driver's receives)."""
    from bench import counting

    handled: Counter[str] = Counter()
    while True:
        progressed = False
        for queue, name in QUEUE_HANDLERS.items():
            messages = receive(queue)
            if not messages:
                continue
            progressed = True
            if counter is not None:
                with counting.counting() as calls:
                    answer = handler(name)(sqs_event(messages), None)
                counter.update(calls)
            else:
                answer = handler(name)(sqs_event(messages), None)
            failed = {f["itemIdentifier"] for f in answer.get("batchItemFailures", [])}
            assert not failed, f"{queue}: {len(failed)} failed"
            delete(queue, messages)
            handled[queue] += len(messages)
        if not progressed:
            return handled


def bodies(queue: str) -> list[dict[str, Any]]:
    """Every message waiting on a queue (read and deleted)."""
    out = []
    while True:
        messages = receive(queue)
        if not messages:
            return out
        out.extend(json.loads(m["Body"]) for m in messages)
        delete(queue, messages)


def sent_html() -> list[str]:
    """The HTML part of every email sent through SES in this test, decoded."""
    import email
    from email.policy import default

    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    out = []
    for sent in ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw:
            body = email.message_from_string(raw, policy=default).get_body(("html",))
            out.append(body.get_content() if body is not None else "")
    return out
