"""The upload checker: the real type and size decide, not what the client claimed."""

from __future__ import annotations

import json

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _s3_event(client, key: str) -> dict:
    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post",
                                    "s3": {"bucket": {"name": "b"}, "object": {"key": key}}}]})
    return client.events.generate_sqs_event(message_bodies=[body], queue_name="uploads")


def _put(key: str, data: bytes, content_type: str) -> None:
    from chalicelib.platform.aws import media

    media.put(key, data, content_type)


@pytest.mark.parametrize("key,data,kept", [
    ("avatar/{owner}/a", PNG, True),
    ("avatar/{owner}/b", b"<script>alert(1)</script>", False),   # claims image, is not
    ("avatar/{owner}/c", PNG + b"\x00" * (5 * 1024 * 1024), False),  # too large
    ("unknown/{owner}/d", PNG, False),
])
def test_uploads_are_checked(client, make_user, key, data, kept):
    from chalicelib.platform.aws import media

    owner, _ = make_user()  # a linked kind (avatar) is kept only for an existing account
    key = key.format(owner=owner)
    _put(key, data, "image/png")
    answer = client.lambda_.invoke("check_uploads", _s3_event(client, key))
    assert answer.payload == {"batchItemFailures": []}
    assert (media.head(key) is not None) == kept


def test_a_redelivered_event_for_a_deleted_object_is_harmless(client):
    answer = client.lambda_.invoke("check_uploads", _s3_event(client, "avatar/U1/gone"))
    assert answer.payload == {"batchItemFailures": []}


def test_a_poisoned_message_fails_alone(client):
    event = client.events.generate_sqs_event(message_bodies=["not json", "{}"],
                                             queue_name="uploads")
    event["Records"][0]["messageId"] = "bad"
    event["Records"][1]["messageId"] = "good"
    answer = client.lambda_.invoke("check_uploads", event)
    assert answer.payload == {"batchItemFailures": [{"itemIdentifier": "bad"}]}
