"""Issue 13 item 4: a community made private reaches nobody who may not see it: its
outsiders' follows end (the admin is told how many), and whatever still names them (an event
queued before the change, a follow that raced it, a notification already stored) is held
back when it is sent or listed."""

from __future__ import annotations

from typing import Any

from tests.api.participation import DAY, iso, world
from tests.notify_support import follow, run_pipeline
from tests.support import body_of


def _setup(api: Any, make_user: Any) -> tuple[Any, tuple[str, str], tuple[str, str]]:
    w = world(api, make_user)
    outsider = make_user(f"out-{id(w)}@people.test", name="Olive Outsider")
    member = make_user(f"in-{id(w)}@people.test", name="Mia Member")
    assert api.post(f"/communities/{w.community_id}/join", {}, token=member[1]).status_code \
        in (200, 201)
    for _, token in (outsider, member):
        assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    return w, outsider, member


def _announce_all(api: Any, w: Any) -> None:
    cid = w.community_id
    assert api.post(f"/communities/{cid}/updates", {"title": "Secret plans", "body": "b"},
                    token=w.admin).status_code == 201
    assert api.post(f"/communities/{cid}/events", {
        "title": "Secret meeting", "starts_at": iso(DAY), "ends_at": iso(DAY + 3600)},
        token=w.admin).status_code == 201
    w.module("ideas", title="Secret consultation")  # opens at once: module.opened


def _heard(api: Any, token: str) -> list[str]:
    return [n["title"] for n in api.get("/me/notifications", token=token).json["items"]]


def _mailed(sent_mail: Any, address: str) -> list[str]:
    return [body_of(m) for m in sent_mail() if address in m["To"]]


def test_going_private_ends_outsiders_follows_and_says_so(api, make_user):
    w, (_, out_token), (_, in_token) = _setup(api, make_user)
    answer = api.patch(f"/communities/{w.community_id}", {"visibility": "private"},
                       token=w.admin)
    assert answer.status_code == 200, answer.json
    assert answer.json["ended_follows"] == 1
    assert answer.json["follower_count"] == 1
    assert api.get("/me/follows", token=out_token).json["items"] == []
    assert [c["id"] for c in api.get("/me/follows", token=in_token).json["items"]] == [
        w.community_id]
    # Another change of a private community ends nothing more, and says nothing.
    again = api.patch(f"/communities/{w.community_id}", {"flag_threshold": 3}, token=w.admin)
    assert again.json.get("ended_follows") is None


def test_updates_events_and_openings_reach_members_only(api, make_user, sent_mail):
    w, (_, out_token), (_, in_token) = _setup(api, make_user)
    api.patch(f"/communities/{w.community_id}", {"visibility": "private"}, token=w.admin)
    _announce_all(api, w)
    run_pipeline()
    assert _heard(api, out_token) == []
    assert _mailed(sent_mail, f"out-{id(w)}") == []
    assert sorted(_heard(api, in_token)) == ["Secret consultation", "Secret meeting",
                                             "Secret plans"]
    assert len(_mailed(sent_mail, f"in-{id(w)}")) == 3


def test_an_event_queued_before_the_change_is_held_back_when_sent(api, make_user, sent_mail):
    w, (_, out_token), (_, in_token) = _setup(api, make_user)
    _announce_all(api, w)  # queued while public, delivered after the change
    assert api.patch(f"/communities/{w.community_id}", {"visibility": "private"},
                     token=w.admin).status_code == 200
    run_pipeline()
    assert _heard(api, out_token) == []
    assert _mailed(sent_mail, f"out-{id(w)}") == []
    assert len(_heard(api, in_token)) == 3


def test_a_follow_that_raced_the_change_hears_nothing(api, make_user, sent_mail):
    w, _, _ = _setup(api, make_user)
    api.patch(f"/communities/{w.community_id}", {"visibility": "private"}, token=w.admin)
    late, late_token = make_user(f"late-{id(w)}@people.test")
    follow(w.community_id, [late])  # written as if its request had read "public"
    _announce_all(api, w)
    run_pipeline()
    assert _heard(api, late_token) == []
    assert _mailed(sent_mail, f"late-{id(w)}") == []


def test_a_follow_written_against_the_old_visibility_is_refused(api, make_user):
    import pytest

    from chalicelib.communities import membership_tables
    from chalicelib.platform import clock

    w, _, _ = _setup(api, make_user)
    late, _ = make_user()
    api.patch(f"/communities/{w.community_id}", {"visibility": "private"}, token=w.admin)
    with pytest.raises(membership_tables.Changed):
        membership_tables.set_follow(w.community_id, late, True, clock.now(),
                                     visibility="public", member=late)
    with pytest.raises(membership_tables.Changed):  # private, but not a member
        membership_tables.set_follow(w.community_id, late, True, clock.now(),
                                     visibility="private", member=late)


def test_notifications_already_stored_leave_the_outsiders_list(api, make_user):
    w, (_, out_token), (_, in_token) = _setup(api, make_user)
    _announce_all(api, w)
    run_pipeline()
    assert len(_heard(api, out_token)) == 3
    api.patch(f"/communities/{w.community_id}", {"visibility": "private"}, token=w.admin)
    assert _heard(api, out_token) == []
    assert len(_heard(api, in_token)) == 3


def test_a_digest_waiting_from_before_the_change_leaves_its_items_out(api, make_user,
                                                                       sent_mail):
    from chalicelib.notifications import delivery

    w, (outsider, out_token), (member, in_token) = _setup(api, make_user)
    for token in (out_token, in_token):
        api.put("/me/notification-settings", {"digest": True}, token=token)
    _announce_all(api, w)
    run_pipeline()  # into tomorrow's digests, while the community is public
    api.patch(f"/communities/{w.community_id}", {"visibility": "private"}, token=w.admin)
    delivery.send_digest(outsider)
    delivery.send_digest(member)
    assert _mailed(sent_mail, f"out-{id(w)}") == []
    assert len(_mailed(sent_mail, f"in-{id(w)}")) == 1
