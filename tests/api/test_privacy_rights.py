"""Rectification, restriction and objection, each recorded with a date, and what an
objection changes: no digest, and a mark analytics reads to leave the person out."""

from __future__ import annotations

from tests.support import run_queues


def test_rectification_is_recorded_with_its_date(api, make_user):
    from chalicelib.identity import sessions
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock

    user_id, token = make_user(name="Rita Rect")
    assert api.get("/me", token=token).json["updated_at"] is None
    first = api.patch("/me", {"name": "Rita Rectified"}, token=token).json
    assert first["name"] == "Rita Rectified" and first["updated_at"] == clock.iso(
        User.get(user_id).updated_at)
    clock.advance(3600)
    token = sessions.start(user_id).access_token
    second = api.patch("/me", {"interests": ["parks"]}, token=token).json
    assert second["updated_at"] > first["updated_at"]
    assert api.get("/me", token=token).json["updated_at"] == second["updated_at"]
    # Nothing sent, nothing changed: the date stays.
    assert api.patch("/me", {}, token=token).json["updated_at"] == second["updated_at"]


def test_an_email_change_is_a_dated_rectification(api, make_user):
    from chalicelib.identity import email_change
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock
    from tests.api.identity_support import last_token

    user_id, token = make_user("old@example.org", password="a perfectly long passphrase")
    email_change.request(user_id, "new@example.org", "a perfectly long passphrase")
    clock.advance(60)
    confirmed = api.post("/auth/email/confirm",
                         {"token": last_token("new@example.org", "/confirm-email")})
    assert confirmed.status_code in (200, 204), confirmed.json
    me = api.get("/me", token=token).json
    assert me["email"] == "new@example.org"
    assert me["updated_at"] == clock.iso(User.get(user_id).updated_at)
    assert clock.now() - User.get(user_id).updated_at < 5


def test_restriction_and_objection_are_dated_and_kept_apart(api, make_user):
    from chalicelib.identity import restrictions
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock

    user_id, token = make_user()
    answer = api.put("/me/restrictions", {"analytics": True}, token=token).json
    stored = User.get(user_id).restrictions.as_dict()
    assert answer == {"analytics": True, "digest": False, "profiling": False,
                      "updated_at": clock.iso(stored["updated_at"])}
    assert stored["analytics_since"] == stored["updated_at"] and "digest_since" not in stored
    # What analytics reads to leave the person out of every statistic.
    assert restrictions.objects_to(User.get(user_id), "analytics")
    assert not restrictions.objects_to(User.get(user_id), "digest")
    clock.advance(60)
    api.put("/me/restrictions", {"analytics": False, "digest": True}, token=token)
    user = User.get(user_id)
    assert not restrictions.objects_to(user, "analytics")
    assert restrictions.objects_to(user, "digest")
    later = user.restrictions.as_dict()
    assert later["digest_since"] == later["updated_at"] >= stored["updated_at"] + 60
    assert api.get("/me/restrictions", token=token).json["updated_at"] == clock.iso(
        later["updated_at"])


def test_a_person_who_objects_to_digests_is_left_out_of_them(api, make_user, sent_mail):
    """Both want a daily digest; the one who objected gets each email at once instead, and
    nothing of theirs waits in the digest table."""
    from chalicelib.notifications import notifications
    from chalicelib.notifications.notification_tables import DigestEntry

    objector, objector_token = make_user("obi@example.org")
    keeper, keeper_token = make_user("kim@example.org")
    for token in (objector_token, keeper_token):
        assert api.put("/me/notification-settings", {"digest": True},
                       token=token).status_code == 200
    api.put("/me/restrictions", {"analytics": False, "digest": True}, token=objector_token)
    notifications.publish("comment.reply", "interactions", {"user_ids": [objector, keeper]},
                          data={"title": {"en": "A reply"}, "url": "/c"})
    run_queues()
    assert [m["To"] for m in sent_mail()] == ["obi@example.org"]
    assert list(DigestEntry.query(objector)) == []
    assert len(list(DigestEntry.query(keeper))) == 1
