"""Nothing promised is lost when a call fails, for participation and moderation
(docs/architecture.md, "Promised work"; tests/events/test_fault_injection.py for accounts,
exports and the sender).

Each test runs one operation once per AWS call it makes, stopped at that call, lets the
person retry as they would, delivers everything owed until quiet, and checks the end state:
an upvote counted once, its author told once, its activity counted once; a flag that hides
hides once and its moderators are told once; a removal's suspension applied and told once;
an upload linked once checked; the analytics counter exact."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.moderation_support import Stage, case_of, stage
from tests.fault_support import stop_at_each_call, until_quiet
from tests.support import body_of, run_queues, sign_in


def _notices(user_id: str, kind: str) -> int:
    from chalicelib.notifications.notification_tables import Notification

    return len([n for n in Notification.query(user_id) if n.kind == kind])


def _today() -> str:
    from chalicelib.analytics import counting
    from chalicelib.platform import clock

    return counting.day_of(clock.now())


def _totals(community_id: str, first: str) -> dict[str, int]:
    """Analytics counters summed over every day since `first` (the tests' clock moves on)."""
    from chalicelib.analytics import analytics_tables as store

    summed: dict[str, int] = {}
    for day in store.days(community_id, first, _today()):
        for key, value in day.items():
            if key.startswith(("c|", "f")) and isinstance(value, int | float):
                summed[key] = summed.get(key, 0) + int(value)
    return summed


def test_an_upvote_stopped_at_any_call_counts_and_tells_once(api, make_user):
    s = stage(api, make_user)
    idea = s.contribution("Count me")
    run_queues()
    first = _today()

    def upvotes() -> int:
        return api.get(f"/contributions/{idea}").json["counts"]["upvotes"]

    def setup(n: int) -> tuple[int, str]:
        return upvotes(), make_user(name=f"Voter {n}")[1]

    def vote(ctx: tuple[int, str]) -> Any:
        return api.put(f"/contributions/{idea}/upvote", token=ctx[1])

    def check(ctx: tuple[int, str], cut: int, stopped: bool) -> None:
        if stopped:
            again = vote(ctx)  # PUT: the person just tries again
            assert again.status_code in (200, 204), (cut, again.json)
        until_quiet()
        assert upvotes() == ctx[0] + 1, f"cut at call {cut}"

    runs = stop_at_each_call(setup, vote, check)
    assert runs >= 2
    assert _notices(s.author_id, "contribution.upvote") == runs + 1
    totals = _totals(s.cid, first)
    assert (totals["c|u"], totals["c|u|p"]) == (runs + 1, runs + 1)


def test_a_flag_stopped_at_any_call_hides_once_and_tells_moderators_once(api, make_user):
    s = stage(api, make_user)

    def setup(n: int) -> tuple[str, str]:
        item = s.contribution(f"Flag me {n}", token=make_user(name=f"Author {n}")[1])
        return item, s.person(f"Flagger {n}")[1]

    def flag(ctx: tuple[str, str]) -> Any:
        return s.flag(ctx[0], ctx[1], reason="spam")

    def check(ctx: tuple[str, str], cut: int, stopped: bool) -> None:
        item = ctx[0]
        if stopped and case_of(item) is None:  # nothing stored: they flag again
            assert flag(ctx).status_code == 202, cut
        until_quiet()
        case = case_of(item)
        assert case is not None and int(case.flag_count) == 1, f"cut at call {cut}"
        assert api.get(f"/contributions/{item}").status_code == 404, f"cut at call {cut}"

    runs = stop_at_each_call(setup, flag, check)
    assert runs >= 2
    s.moderator = sign_in(s.moderator_id)
    assert _notices(s.moderator_id, "moderation.case") == runs + 1
    assert len(s.queue().json["items"]) == runs + 1


@pytest.fixture
def suspend_at_first_strike(monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.moderation import moderation_rules as moderation

    policy = moderation.Policy(ladder=moderation.parse_ladder("1:suspension:7"))
    monkeypatch.setattr(moderation, "policy", lambda: policy)


def _offender(s: Stage, n: int) -> tuple[str, str, str, str]:
    s.w.admin = sign_in(s.w.admin_id, platform_admin=True)
    s.moderator = sign_in(s.moderator_id)
    email = f"offender{n}@example.org"
    user_id, token = s.make_user(email, name=f"Offender {n}")
    answer = s.api.put(f"/communities/{s.cid}/members/{user_id}", {"role": "member"},
                       token=s.w.admin)
    assert answer.status_code == 204, answer.json
    item = s.contribution(f"Offence {n}", token=token)
    s.flagged(item, 1)
    run_queues()
    return user_id, token, email, item


def test_a_removal_stopped_at_any_call_suspends_and_tells_once(
        api, make_user, sent_mail, suspend_at_first_strike):
    from chalicelib.identity.user_tables import User

    s = stage(api, make_user)

    def check(ctx: tuple[str, str, str, str], cut: int, stopped: bool) -> None:
        user_id, token, email, item = ctx
        if stopped:  # the moderator sees an error and decides again
            again = s.decide(item, "remove")
            assert again.status_code == 200, (cut, again.json)
        until_quiet()
        assert User.get(user_id).status == "suspended", f"cut at call {cut}"
        assert api.get("/me", token=token).status_code == 401, f"cut at call {cut}"
        mail = [body_of(m) for m in sent_mail() if m["To"] == email]
        assert len([b for b in mail if "suspended" in b]) == 1, f"cut {cut}"
        assert _notices(user_id, "moderation.warning") == 1, f"cut at call {cut}"
        assert _notices(user_id, "moderation.outcome") == 1, f"cut at call {cut}"

    runs = stop_at_each_call(lambda n: _offender(s, n), lambda ctx: s.decide(ctx[3], "remove"),
                             check)
    assert runs >= 5


def test_the_analytics_counter_stopped_at_any_call_counts_exactly(api, make_user):
    """The queue handlers, stopped at each call while contributions, upvotes and follows of
    one person wait in the queues: redelivered, every activity counts once."""
    s = stage(api, make_user)
    run_queues()
    first = _today()

    def totals() -> dict[str, int]:
        return _totals(s.cid, first)

    def setup(n: int) -> tuple[dict[str, Any], str]:
        user_id, token = make_user(name=f"Active {n}")
        item = s.contribution(f"Busy {n}", token=make_user(name=f"Author {n}")[1])
        assert api.put(f"/contributions/{item}/upvote", token=token).status_code in (200, 204)
        assert api.put(f"/communities/{s.cid}/follow", token=token).status_code in (200, 204)
        return totals(), user_id

    def check(ctx: tuple[dict[str, Any], str], cut: int, stopped: bool) -> None:
        before, _ = ctx
        until_quiet()
        after = totals()
        for key in ("c|n", "c|u", "f"):
            assert after.get(key, 0) == before.get(key, 0) + 1, (cut, key)

    assert stop_at_each_call(setup, lambda _: run_queues(), check) >= 3


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_upload_check_stopped_at_any_call_links_the_avatar(client, api, make_user):
    import json

    from chalicelib.platform.aws import media

    def setup(n: int) -> tuple[str, str]:
        _, token = make_user(name=f"Pictured {n}")
        key = api.post("/me/media", {"kind": "avatar", "content_type": "image/png",
                                     "size": len(PNG)}, token=token).json["key"]
        media.put(key, PNG, "image/png")
        return token, key

    def arrive(ctx: tuple[str, str]) -> Any:
        body = json.dumps({"Records": [{"eventName": "ObjectCreated:Post",
                                        "s3": {"object": {"key": ctx[1]}}}]})
        event = client.events.generate_sqs_event(message_bodies=[body],
                                                 queue_name="uploads")
        return client.lambda_.invoke("check_uploads", event).payload

    def check(ctx: tuple[str, str], cut: int, stopped: bool) -> None:
        token, key = ctx
        if stopped:  # SQS delivers the event again
            assert arrive(ctx) == {"batchItemFailures": []}, cut
        assert key in (api.get("/me", token=token).json["avatar_url"] or ""), cut
        assert media.head(key) is not None, cut

    assert stop_at_each_call(setup, arrive, check) >= 2
