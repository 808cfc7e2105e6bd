"""Community logos and covers: presigned uploads, checked, then linked."""

from __future__ import annotations

import json

from tests.api.participation import world

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload_event(client, key: str) -> dict:
    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post",
                                    "s3": {"bucket": {"name": "b"}, "object": {"key": key}}}]})
    return client.events.generate_sqs_event(message_bodies=[body], queue_name="uploads")


def test_admins_upload_a_logo_that_shows_once_checked(client, api, make_user):
    from chalicelib.platform.aws import media

    w = world(api, make_user)
    cid = w.community_id
    _, person = make_user()
    body = {"kind": "logo", "content_type": "image/png", "size": 1000}
    assert api.post(f"/communities/{cid}/media", body, token=person).status_code == 403
    assert api.post(f"/communities/{cid}/media", {**body, "size": 6 * 1024 * 1024},
                    token=w.admin).status_code == 400
    upload = api.post(f"/communities/{cid}/media", body, token=w.admin)
    assert upload.status_code == 201
    key = upload.json["key"]
    assert key.startswith(f"logo/{cid}/logo-") and upload.json["fields"]
    assert api.get(f"/communities/{cid}").json["logo_url"] is None
    media.put(key, PNG, "image/png")
    client.lambda_.invoke("check_uploads", _upload_event(client, key))
    assert api.get(f"/communities/{cid}").json["logo_url"]
    # A cover that lies about its type is deleted and never linked.
    cover = api.post(f"/communities/{cid}/media", {**body, "kind": "cover"},
                     token=w.admin).json["key"]
    media.put(cover, b"<html>not an image</html>", "image/png")
    client.lambda_.invoke("check_uploads", _upload_event(client, cover))
    assert api.get(f"/communities/{cid}").json["cover_url"] is None
    assert media.head(cover) is None
