"""Items past their expiry are never served, even while DynamoDB's TTL sweep (late by up to
days, and absent under moto) has not removed them yet: each test moves time past the expiry
and checks both that the item is still stored and that nothing serves it."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.api.identity_support import STRONG, last_token, register
from tests.support import run_queues

HOUR = 3600
DAY = 24 * HOUR


def _stored(model, *key) -> bool:
    return model.count(*key) > 0


def test_an_expired_confirmation_link_is_refused(api):
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity.onetime_tables import OneTimeToken
    from chalicelib.platform import clock

    assert register(api, "late@example.org").status_code == 202
    token = last_token("late@example.org", "/confirm")
    clock.advance(3 * DAY + 1)
    stored = onetime.token_hash(onetime.CONFIRM, token)
    assert _stored(OneTimeToken, stored)  # the sweep has not run
    answer = api.post("/auth/confirm", {"token": token})
    assert answer.status_code == 400 and answer.json["code"] == "invalid_token"


def test_an_expired_reset_link_is_refused(api, make_user):
    from chalicelib.identity import onetime_tables as onetime
    from chalicelib.identity.onetime_tables import OneTimeToken
    from chalicelib.platform import clock

    make_user("forgetful@example.org", password=STRONG)
    assert api.post("/auth/password/forgot",
                    {"email": "forgetful@example.org"}).status_code == 202
    token = last_token("forgetful@example.org", "/reset-password")
    clock.advance(HOUR + 1)
    assert _stored(OneTimeToken, onetime.token_hash(onetime.RESET, token))
    assert api.post("/auth/password/reset",
                    {"token": token, "password": "another long passphrase"}).status_code == 400


def test_an_idle_session_is_refused_before_its_item_is_swept(api, make_user):
    from chalicelib.identity import access_tokens as tokens
    from chalicelib.identity import session_tables as stored
    from chalicelib.identity.user_tables import Session
    from chalicelib.platform import clock
    from chalicelib.platform.aws.secrets import secret

    user_id, _ = make_user("idle@example.org", password=STRONG)
    pair = api.post("/auth/login", {"email": "idle@example.org", "password": STRONG}).json
    session_id = pair["refresh_token"].split(".")[0]
    # An access token outliving its session (as a clock skew could make one) shows the
    # session itself is checked, not only the token's own expiry.
    long_lived = tokens.issue_access(user_id=user_id, session_id=session_id,
                                     key=secret("jwt_signing_key"), ttl=3 * DAY)
    assert api.get("/me", token=long_lived).status_code == 200
    clock.advance(DAY + 1)
    assert _stored(Session, session_id) and not stored.get(session_id).revoked
    assert api.get("/me", token=long_lived).json["code"] == "session_ended"
    assert api.post("/auth/refresh",
                    {"refresh_token": pair["refresh_token"]}).status_code == 401


def test_expired_throttle_records_count_for_nothing(api, make_user):
    from chalicelib.identity import throttle_tables as throttles
    from chalicelib.identity import throttling
    from chalicelib.identity.throttle_tables import ThrottleCounter
    from chalicelib.platform import clock

    # An address nobody holds: its failures are counted in the throttles table (an account's
    # sign-in attempts are counted on its email claim, tests/api/test_auth_login.py).
    now = clock.now()
    rule = throttling.LOGIN_ACCOUNT
    subject = throttling.subject("guarded@example.org")
    key = throttling.window_key(rule, subject, throttling.window_index(rule, now))
    wrong = {"email": "guarded@example.org", "password": "not the password at all"}

    # A counter at the limit that expired a moment ago, not yet swept: it counts nothing.
    ThrottleCounter(key, count=rule.limit * 5,
                    expires_at=datetime.fromtimestamp(now - 1, tz=UTC)).save()
    assert throttles.counts([key], now=now) == {key: 0}
    assert api.post("/auth/login", wrong).status_code == 401
    # The same counter alive refuses the attempt.
    ThrottleCounter(key, count=rule.limit * 5,
                    expires_at=datetime.fromtimestamp(now + rule.window, tz=UTC)).save()
    assert api.post("/auth/login", wrong).status_code == 429


def test_an_expired_export_is_not_offered(api, make_user):
    from chalicelib.identity import sessions
    from chalicelib.platform import clock
    from chalicelib.privacy.privacy_tables import PrivacyJob

    user_id, token = make_user("exporter@example.org")
    api.post("/me/export", token=token)
    run_queues()
    assert api.get("/me/export", token=token).json["status"] == "ready"
    clock.advance(7 * DAY + 1)
    assert _stored(PrivacyJob, user_id)
    fresh = sessions.start(user_id).access_token
    assert api.get("/me/export", token=fresh).json == {"status": "none"}


def test_expired_notifications_are_not_listed(api, make_user):
    from chalicelib.identity import sessions
    from chalicelib.notifications import notifications
    from chalicelib.notifications.notification_tables import Notification
    from chalicelib.platform import clock

    user_id, token = make_user()
    notifications.publish("comment.reply", "interactions", {"user_ids": [user_id]},
                          data={"title": {"en": "A reply"}, "url": "/c"})
    run_queues()
    assert len(api.get("/me/notifications", token=token).json["items"]) == 1
    clock.advance(181 * DAY)
    assert _stored(Notification, user_id)
    fresh = sessions.start(user_id).access_token
    assert api.get("/me/notifications", token=fresh).json["items"] == []


def test_an_expired_idempotency_claim_can_be_claimed_again(aws):
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo import idempotency

    assert idempotency.claim("once", now=clock.now(), ttl=60)
    assert not idempotency.claim("once", now=clock.now(), ttl=60)
    assert idempotency.is_claimed("once", now=clock.now())
    clock.advance(61)
    assert not idempotency.is_claimed("once", now=clock.now())
    assert idempotency.claim("once", now=clock.now(), ttl=60)
