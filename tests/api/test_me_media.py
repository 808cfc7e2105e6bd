"""Avatar and cover images: a presigned POST limited to image types and 5 MB; the upload
checker (S3 -> SQS -> handler) links a verified image to the profile and deletes the one it
replaces; anything else is deleted."""

from __future__ import annotations

import json

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _arrive(client, key: str, data: bytes, content_type: str = "image/png") -> None:
    from chalicelib.platform.aws import media

    media.put(key, data, content_type)
    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post",
                                    "s3": {"bucket": {"name": "b"}, "object": {"key": key}}}]})
    event = client.events.generate_sqs_event(message_bodies=[body], queue_name="uploads")
    answer = client.lambda_.invoke("check_uploads", event)
    assert answer.payload == {"batchItemFailures": []}


def _exists(key: str) -> bool:
    from chalicelib.platform.aws import media

    return media.head(key) is not None


def test_a_presigned_post_limited_to_the_kind(api, make_user):
    user_id, token = make_user()
    answer = api.post("/me/media", {"kind": "avatar", "content_type": "image/png",
                                    "size": 1000}, token=token)
    assert answer.status_code == 201
    upload = answer.json
    assert upload["key"].startswith(f"avatar/{user_id}/")
    assert upload["max_bytes"] == 5 * 1024 * 1024
    policy = json.loads(__import__("base64").b64decode(upload["fields"]["policy"]))
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 5 * 1024 * 1024] in conditions
    assert {"Content-Type": "image/png"} in conditions


@pytest.mark.parametrize("body,field", [
    ({"kind": "avatar", "content_type": "application/pdf", "size": 10}, "content_type"),
    ({"kind": "avatar", "content_type": "image/svg+xml", "size": 10}, "content_type"),
    ({"kind": "cover", "content_type": "image/png", "size": 5 * 1024 * 1024 + 1}, "size"),
    ({"kind": "cover", "content_type": "image/png", "size": 0}, "size"),
    ({"kind": "attachment", "content_type": "image/png", "size": 10}, "kind"),
])
def test_other_types_and_sizes_are_refused(api, make_user, body, field):
    _, token = make_user()
    answer = api.post("/me/media", body, token=token)
    assert answer.status_code == 400 and field in [e["field"] for e in answer.json["errors"]]


def test_a_verified_upload_becomes_the_avatar_and_replaces_the_old_one(client, api, make_user):
    _, token = make_user()
    first = api.post("/me/media", {"kind": "avatar", "content_type": "image/png", "size": 72},
                     token=token).json["key"]
    _arrive(client, first, PNG)
    me = api.get("/me", token=token).json
    assert me["avatar_url"] and first in me["avatar_url"]
    second = api.post("/me/media", {"kind": "avatar", "content_type": "image/png", "size": 72},
                      token=token).json["key"]
    _arrive(client, second, PNG)
    assert second in api.get("/me", token=token).json["avatar_url"]
    assert not _exists(first) and _exists(second)
    _arrive(client, second, PNG)  # a redelivered event changes nothing
    assert _exists(second) and second in api.get("/me", token=token).json["avatar_url"]


def test_an_older_upload_arriving_late_does_not_win(client, api, make_user):
    _, token = make_user()
    older = api.post("/me/media", {"kind": "cover", "content_type": "image/png", "size": 72},
                     token=token).json["key"]
    newer = api.post("/me/media", {"kind": "cover", "content_type": "image/png", "size": 72},
                     token=token).json["key"]
    _arrive(client, newer, PNG)
    _arrive(client, older, PNG)
    assert newer in api.get("/me", token=token).json["cover_url"]
    assert _exists(newer) and not _exists(older)


def test_a_fake_image_is_deleted_and_never_linked(client, api, make_user):
    _, token = make_user()
    key = api.post("/me/media", {"kind": "avatar", "content_type": "image/png", "size": 30},
                   token=token).json["key"]
    _arrive(client, key, b"<svg onload=alert(1)>", "image/png")
    assert not _exists(key)
    assert api.get("/me", token=token).json["avatar_url"] is None


def test_an_upload_for_no_account_is_deleted(client):
    key = "avatar/01ARZ3NDEKTSV4RRFFQ69G5FAV/01ARZ3NDEKTSV4RRFFQ69G5FAW"
    _arrive(client, key, PNG)
    assert not _exists(key)
