"""Followers hear of a consultation when it opens: at once when it is made open or an admin
opens it early, otherwise from the `announce_openings` schedule once `opens_at` has come;
never twice, and never for a module that closed before it opened."""

from __future__ import annotations

import contextlib
from typing import Any

from tests.api.participation import DAY, world
from tests.api.test_communities import queued
from tests.support import run_queues


def _announce(client: Any) -> dict[str, Any]:
    from local.worker import schedule_event

    answer = client.lambda_.invoke("announce_openings",
                                   schedule_event("announce_openings", "eu-west-1"))
    return answer.payload


def _opened_notices(api: Any, user_id: str, module_id: str) -> list[dict[str, Any]]:
    """The person's in-app `module.opened` notices for the module (signed in afresh: the
    clock may have moved past a session's day)."""
    from chalicelib.identity import sessions

    token = sessions.start(user_id, platform_admin=False, locale="en").access_token
    answer = api.get("/me/notifications", token=token)
    assert answer.status_code == 200, answer.json
    items = answer.json["items"]
    return [n for n in items if n["kind"] == "module.opened"
            and n["subject"] == {"type": "module", "id": module_id}]


def _setup(api: Any, make_user: Any) -> tuple[Any, str]:
    w = world(api, make_user)
    follower, token = make_user()
    assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    return w, follower


def test_an_upcoming_module_is_announced_when_it_opens_and_once(api, client, make_user):
    from chalicelib.platform import clock

    w, follower = _setup(api, make_user)
    queued()
    mid = w.module("ideas", opens=2 * DAY, closes=10 * DAY)
    assert [e for e in queued() if e["kind"] == "module.opened"] == []
    assert _announce(client) == {"announced": 0}  # not yet
    clock.advance(2 * DAY + 60)
    assert _announce(client) == {"announced": 1}
    run_queues()
    notices = _opened_notices(api, follower, mid)
    assert len(notices) == 1 and notices[0]["data"]["title"] == {"en": "A module"}
    assert _announce(client) == {"announced": 0}
    run_queues()
    assert len(_opened_notices(api, follower, mid)) == 1


def test_a_module_made_open_is_announced_at_once(api, client, make_user):
    w, follower = _setup(api, make_user)
    mid = w.module("debate")
    run_queues()
    assert len(_opened_notices(api, follower, mid)) == 1
    assert _announce(client) == {"announced": 0}


def test_opening_early_announces_now_and_the_schedule_sends_nothing_more(api, client,
                                                                          make_user):
    from chalicelib.platform import clock

    w, follower = _setup(api, make_user)
    mid = w.module("ideas", opens=3 * DAY, closes=10 * DAY)
    run_queues()
    assert _opened_notices(api, follower, mid) == []
    assert api.post(f"/modules/{mid}/open", {}, token=w.admin).status_code == 200
    run_queues()
    assert len(_opened_notices(api, follower, mid)) == 1
    clock.advance(3 * DAY)
    assert _announce(client) == {"announced": 0}


def test_a_module_closed_before_it_opened_is_never_announced(api, client, make_user):
    from chalicelib.platform import clock

    w, follower = _setup(api, make_user)
    mid = w.module("ideas", opens=DAY, closes=10 * DAY)
    assert api.post(f"/modules/{mid}/close", token=w.admin).status_code == 200
    clock.advance(2 * DAY)
    _announce(client)
    run_queues()
    assert _opened_notices(api, follower, mid) == []


def test_a_postponed_opening_is_announced_at_the_new_date(api, client, make_user):
    from chalicelib.platform import clock
    from tests.api.participation import iso

    w, follower = _setup(api, make_user)
    mid = w.module("ideas", opens=DAY, closes=10 * DAY)
    answer = api.patch(f"/modules/{mid}", {"opens_at": iso(4 * DAY)}, token=w.admin)
    assert answer.status_code == 200, answer.json
    clock.advance(2 * DAY)
    assert _announce(client) == {"announced": 0}
    clock.advance(3 * DAY)
    assert _announce(client) == {"announced": 1}
    run_queues()
    assert len(_opened_notices(api, follower, mid)) == 1


def test_a_run_that_stops_at_any_call_sends_the_notice_once(api, make_user):
    """The unmarking and the notice are one transaction (the outbox): a run stopped at any
    of its calls leaves the module marked with no notice, or unmarked with the notice
    promised; either way the followers hear of it once."""
    from chalicelib.modules import openings
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform import clock
    from tests.fault_support import Killed, faults, until_quiet

    w, follower = _setup(api, make_user)
    mids = [w.module("ideas", opens=DAY, closes=10 * DAY, title=f"M{n}") for n in range(4)]
    clock.advance(DAY + 60)
    for cut in range(1, len(mids) + 1):
        with faults(at=cut, only=lambda name: name.startswith(("dynamodb.", "sqs."))), \
                contextlib.suppress(Killed):
            openings.announce_due(limit=1)
        openings.announce_due()
        until_quiet()
    for mid in mids:
        assert len(_opened_notices(api, follower, mid)) == 1
        assert Module.get(mid).announce is None
