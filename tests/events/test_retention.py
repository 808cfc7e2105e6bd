"""Retention purges, with time moved forward (never slept)."""

from __future__ import annotations


def _pending_user(email: str) -> str:
    from chalicelib.identity import email_rules as emails
    from chalicelib.identity.user_tables import Unique, User
    from chalicelib.platform import clock, ids

    user_id = ids.new_id()
    User(user_id, email=email, name="Pending", status="pending",
         created_at=clock.now()).save()
    Unique(emails.unique_key(email), user_id=user_id).save()
    return user_id


def test_unconfirmed_accounts_go_after_seven_days(client, make_user):
    from chalicelib.identity.user_tables import Unique, User
    from chalicelib.platform import clock

    stale = _pending_user("stale@example.org")
    confirmed, _ = make_user("kept@example.org")
    clock.advance(6 * 24 * 3600)
    fresh = _pending_user("fresh@example.org")
    clock.advance(1 * 24 * 3600 + 60)

    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={}, resources=[])
    answer = client.lambda_.invoke("retention_purge", event)
    assert answer.payload["unconfirmed_accounts"] == 1
    assert User.count(stale) == 0
    assert Unique.count("email#stale@example.org") == 0
    assert User.count(fresh) == 1 and User.count(confirmed) == 1
