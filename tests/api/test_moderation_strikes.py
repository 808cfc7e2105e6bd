"""The strike ladder: a warning at the first removal, a 7-day suspension at the third, the
account's deletion at the fifth; each rung once, whatever is repeated; a rolling window; an
overturned removal is no strike; suspensions end by themselves."""

from __future__ import annotations

from chalicelib.moderation.moderation_rules import DAY
from tests.api.moderation_support import stage
from tests.support import body_of, run_queues

PASSWORD = "a perfectly long passphrase"
ADDRESS = "otto@example.org"


def _account_notices(sent_mail, user_id: str = "") -> list[str]:
    """Emails to the offender that are not statements of reasons."""
    return [m["Subject"] for m in sent_mail() if m["To"] == ADDRESS
            and "Statement of reasons" not in body_of(m)]


def _author_stage(api, make_user):
    s = stage(api, make_user)
    author_id, author = make_user(ADDRESS, name="Otto Offender",
                                  password=PASSWORD)
    api.put(f"/communities/{s.cid}/members/{author_id}", {"role": "member"}, token=s.w.admin)
    s.author_id, s.author = author_id, author
    return s


def _remove(s, item_id: str) -> None:
    s.flagged(item_id, 1)
    answer = s.decide(item_id, "remove")
    assert answer.status_code == 200, answer.json


def test_each_rung_of_the_ladder_once(api, make_user, sent_mail):
    from chalicelib.identity.user_tables import User
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.platform import clock
    from chalicelib.privacy.privacy_tables import get as job

    s = _author_stage(api, make_user)
    items = [s.contribution(f"Post {n}") for n in range(5)]

    _remove(s, items[0])
    run_queues()
    assert _account_notices(sent_mail, s.author_id) == ["A warning about your account"]
    assert User.get(s.author_id).status == "active"

    _remove(s, items[1])
    run_queues()
    assert len(_account_notices(sent_mail, s.author_id)) == 1  # no rung at the 2nd strike

    _remove(s, items[2])
    run_queues()
    user = User.get(s.author_id)
    assert user.status == "suspended"
    assert abs(float(user.suspended_until) - (clock.now() + 7 * DAY)) < 60
    assert api.get("/me", token=s.author).status_code == 401  # sessions ended
    login = api.post("/auth/login", {"email": ADDRESS, "password": PASSWORD})
    assert login.status_code == 403 and login.json["code"] == "account_suspended"
    notices = _account_notices(sent_mail, s.author_id)
    assert notices == ["A warning about your account", "Your account is suspended"]
    suspension = next(m for m in sent_mail() if m["Subject"] == "Your account is suspended")
    assert "removals within 365 days, your account will be deleted" in body_of(suspension)
    assert "List-Unsubscribe" not in suspension  # account mail

    _remove(s, items[3])
    _remove(s, items[4])
    run_queues(max_rounds=400)
    notices = _account_notices(sent_mail, s.author_id)
    assert notices[-1] == "Your Agora account is being deleted" and len(notices) == 3
    assert User.count(s.author_id) == 0  # the erasure ran to its end
    assert job(s.author_id, "erasure") is None
    assert store.get_standing(s.author_id) is None
    for item in items:  # the cases about their content keep no id of theirs
        assert store.get_case(item).author_id is None


def test_a_repeated_decision_or_rung_applies_nothing_twice(api, make_user, sent_mail):
    from chalicelib.moderation import moderation_rules as moderation
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.moderation import strikes

    s = _author_stage(api, make_user)
    item = s.contribution()
    _remove(s, item)
    assert s.decide(item, "remove").status_code == 200  # the same decision again
    _, other = s.add_moderator()
    assert s.decide(item, "remove", token=other).status_code == 200
    key = moderation.case_key(item, 1)
    assert strikes.apply(s.author_id, key, 1, moderation.policy()) is None  # redelivered
    run_queues()
    assert _account_notices(sent_mail, s.author_id) == ["A warning about your account"]
    standing = store.get_standing(s.author_id)
    assert list(standing.removals.as_dict()) == [key]
    assert list(standing.rungs.as_dict()) == [key]
    assert int(standing.decided) == 1


def test_strikes_fall_out_of_the_rolling_window(api, make_user, sent_mail):
    from chalicelib.identity.user_tables import User
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.platform import clock

    s = _author_stage(api, make_user)
    first, second, third = (s.contribution(f"Post {n}") for n in range(3))
    _remove(s, first)
    _remove(s, second)
    clock.advance(366 * DAY)
    from chalicelib.identity import sessions

    s.moderator = sessions.start(s.moderator_id).access_token  # the old one expired
    _remove(s, third)
    standing = store.get_standing(s.author_id)
    removals = standing.removals.as_dict()
    assert list(removals) == [f"{third}:1"]  # the old ones dropped from the record
    assert int(removals[f"{third}:1"]["strike"]) == 1
    run_queues()
    assert User.get(s.author_id).status == "active"  # a first strike again: a warning
    assert _account_notices(sent_mail, s.author_id) == ["A warning about your account"] * 2


def test_an_overturned_removal_is_no_strike(api, make_user):
    from chalicelib.moderation import moderation_tables as store

    s = _author_stage(api, make_user)
    item = s.contribution()
    _remove(s, item)
    assert len(store.get_standing(s.author_id).removals.as_dict()) == 1
    assert api.post(f"/moderation/{item}/appeal", {}, token=s.author).status_code == 202
    _, other = s.add_moderator()
    assert s.decide(item, "restore", token=other).status_code == 200
    standing = store.get_standing(s.author_id)
    assert standing.removals.as_dict() == {} and int(standing.decided) == 1


def test_a_suspension_ends_by_itself(api, make_user):
    from chalicelib.identity.user_tables import User
    from chalicelib.moderation import strikes
    from chalicelib.platform import clock

    s = _author_stage(api, make_user)
    until = strikes.suspend(s.author_id, clock.now() + 7 * DAY)
    assert until and User.get(s.author_id).status == "suspended"
    clock.advance(6 * DAY)
    assert strikes.lift_ended_suspensions() == 0
    clock.advance(DAY + 1)
    assert strikes.lift_ended_suspensions() == 1
    user = User.get(s.author_id)
    assert user.status == "active" and user.suspended_until is None
    login = api.post("/auth/login", {"email": ADDRESS, "password": PASSWORD})
    assert login.status_code == 200


def test_the_scheduled_handler_lifts_suspensions(client, make_user):
    from chalicelib.identity.user_tables import User
    from chalicelib.moderation import strikes
    from chalicelib.platform import clock

    user_id, _ = make_user()
    strikes.suspend(user_id, clock.now() + 10)
    clock.advance(11)
    from local.worker import schedule_event

    answer = client.lambda_.invoke("lift_suspensions",
                                   schedule_event("lift_suspensions", "eu-west-1"))
    assert answer.payload == {"lifted": 1}
    assert User.get(user_id).status == "active"


def test_a_flagger_whose_flag_was_rejected_still_gets_strikes(api, make_user, sent_mail):
    from chalicelib.moderation import moderation_tables as store

    s = _author_stage(api, make_user)
    other = s.contribution("Someone else's", token=s.moderator)
    assert s.flag(other, s.author).status_code == 202
    _, second = s.add_moderator()
    assert s.decide(other, "restore", token=second).status_code == 200
    assert int(store.get_standing(s.author_id).rejected_flags) == 1
    _remove(s, s.contribution("Theirs"))
    standing = store.get_standing(s.author_id)
    assert int(standing.rejected_flags) == 1 and len(standing.removals.as_dict()) == 1
    run_queues()
    assert _account_notices(sent_mail) == ["A warning about your account"]


def test_the_last_rung_starts_the_same_erasure_once(api, make_user):
    from chalicelib.identity import account_deletion
    from chalicelib.identity.user_tables import User

    user_id, token = make_user()
    assert account_deletion.begin(User.get(user_id)) is True
    assert account_deletion.begin(User.get(user_id)) is False  # a repeat: already under way
    assert User.get(user_id).status == "deleting"
    assert api.get("/me", token=token).status_code == 401
    run_queues(max_rounds=400)
    assert User.count(user_id) == 0
