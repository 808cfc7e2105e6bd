"""The GDPR rights: erasure, export, restriction and objection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import body_of, every_stored_value, run_queues

PASSWORD = "a perfectly long passphrase"


@pytest.fixture
def person(make_user):
    user_id, token = make_user("dana@example.org", name="Dana Doe", pseudonym="dd42",
                               password=PASSWORD)
    return user_id, token


def _traces(user_id: str) -> list[str]:
    text = every_stored_value()
    return [value for value in (user_id, "dana@example.org", "Dana Doe", "dd42")
            if value in text]


def test_deleting_stops_sign_in_at_once_and_erases_everything(api, person):
    from chalicelib.communities.community_tables import Follow, Membership
    from chalicelib.identity import sessions
    from chalicelib.platform.aws import media

    user_id, token = person
    second = sessions.start(user_id)
    Follow("C1", user_id, followed_at=1).save()
    Membership("C1", user_id, role="member", joined_at=1).save()
    media.put(f"avatar/{user_id}/a1", b"\x89PNG\r\n\x1a\n", "image/png")
    from chalicelib.notifications import notifications

    api.put("/me/notification-settings", {"digest": True}, token=token)
    notifications.publish("comment.reply", "interactions", {"user_ids": [user_id]},
                          data={"title": {"en": "A reply to Dana Doe"}})
    run_queues()
    assert api.get("/me/notifications", token=token).json["items"]

    response = api.delete("/me", {"password": PASSWORD}, token=token)
    assert response.status_code == 202
    assert api.get("/me/export", token=token).status_code == 401
    assert api.get("/me/export", token=second.access_token).status_code == 401

    assert _traces(user_id) != []  # not yet erased: the queue has not run
    run_queues()
    text = every_stored_value()
    assert _traces(user_id) == [], [line for line in text.splitlines() if user_id in line]


def test_deletion_needs_the_password(api, person):
    _, token = person
    assert api.delete("/me", {}, token=token).json["errors"][0]["field"] == "password"
    assert api.delete("/me", {"password": "wrong password!!"}, token=token).status_code == 403
    assert api.get("/me/export", token=token).status_code == 200  # still signed in


def test_an_sso_account_needs_a_fresh_sign_in(api, make_user):
    from chalicelib.platform import clock

    _, token = make_user("sso@example.org")  # no password: signed in through SSO
    clock.advance(11 * 60)
    assert api.delete("/me", {}, token=token).json["code"] == "fresh_login_required"


def test_an_erasure_that_fails_half_way_resumes(api, person, monkeypatch):
    from dataclasses import replace

    from chalicelib.privacy import erasure

    user_id, token = person
    real_steps = erasure.steps
    calls = {"n": 0}

    def flaky_media() -> list:
        def with_a_fault(step):
            def run(user, cursor, limit):
                calls["n"] += 1
                if calls["n"] == 1:
                    raise RuntimeError("S3 went away")
                return step.run(user, cursor, limit)
            return replace(step, run=run) if step.name == "media" else step
        return [with_a_fault(step) for step in real_steps()]

    monkeypatch.setattr(erasure, "steps", flaky_media)
    assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
    run_queues()
    assert calls["n"] >= 2
    assert _traces(user_id) == []


def test_a_duplicate_erasure_message_does_nothing(api, person):
    from chalicelib.privacy import erasure
    from chalicelib.privacy.privacy_tables import get

    user_id, token = person
    api.delete("/me", {"password": PASSWORD}, token=token)
    assert get(user_id, "erasure") is None  # the first message creates the job
    assert erasure.advance({"user_id": user_id, "version": None}) is False
    assert get(user_id, "erasure").version == 1
    assert erasure.advance({"user_id": user_id, "version": 0}) is False  # stale
    assert get(user_id, "erasure").version == 1
    run_queues()
    assert erasure.advance({"user_id": user_id, "version": 5}) is True  # already complete


def test_export_is_built_emailed_and_expires(api, person, sent_mail):
    import jsonschema

    from chalicelib.platform import clock

    user_id, token = person
    assert api.post("/me/export", token=token).status_code == 202
    assert api.get("/me/export", token=token).json["status"] == "pending"
    run_queues()
    status = api.get("/me/export", token=token).json
    assert status["status"] == "ready" and status["download_url"] and status["expires_at"]

    from chalicelib.platform.aws.clients import client

    stored = json.loads(client("s3").get_object(
        Bucket="agora-test-media", Key=f"exports/{user_id}/" + status["download_url"].split(
            f"exports/{user_id}/")[1].split("?")[0])["Body"].read())
    schema = json.loads(Path("docs/export-schema.json").read_text())
    jsonschema.validate(stored, schema)
    assert stored["profile"]["email"] == "dana@example.org"
    assert stored["profile"]["pseudonym"] == "dd42"

    mails = [m for m in sent_mail() if "export" in m["Subject"].lower()]
    assert len(mails) == 1 and "exports/" in body_of(mails[0])

    from chalicelib.identity import sessions

    clock.advance(7 * 24 * 3600 + 1)
    fresh = sessions.start(user_id).access_token
    assert api.get("/me/export", token=fresh).json == {"status": "none"}


def test_restrictions_are_recorded_with_a_date(api, person):
    _, token = person
    assert api.get("/me/restrictions", token=token).json["analytics"] is False
    answer = api.put("/me/restrictions", {"analytics": True}, token=token).json
    assert answer["analytics"] is True and answer["updated_at"]
    assert api.put("/me/restrictions", {"analytics": "yes"}, token=token).status_code == 400
