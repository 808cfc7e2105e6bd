"""Nothing promised is lost, and nothing told twice, when an official answer's write or its
fan-out stops at any AWS call (docs/architecture.md, "Promised work").

The answer is run once per AWS call it makes, stopped at that call; the admin retries (the
same PUT); everything owed is delivered until quiet. Then the answer is stored once, and
the author, an upvoter who also follows and a follower are each told exactly once. The
fan-out of a stored answer is stopped the same way, at each call of its handlers."""

from __future__ import annotations

from typing import Any

from tests.api.participation import world
from tests.fault_support import Killed, faults, stop_at_each_call, until_quiet
from tests.support import run_queues, sign_in

KIND = "contribution.answer"


def _told(user_id: str, subject: str | None = None) -> int:
    from chalicelib.notifications.notification_tables import Notification

    return len([n for n in Notification.query(user_id) if n.kind == KIND
                and (subject is None or (n.subject and n.subject.as_dict()["id"] == subject))])


def _stage(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas", closes=1000 * 24 * 3600)  # the tests' clock runs on
    author_id, _ = make_user(name="Ann")
    both_id, both = make_user(name="Bo")
    follower_id, follower = make_user(name="Flo")
    for token in (both, follower):
        assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    people = {"author": author_id, "both": both_id, "follower": follower_id}
    return w, mid, people


def _idea(api, w, mid, people, n: int) -> str:
    """A new idea, upvoted by the person who also follows; fresh sessions (the clock ran)."""
    w.admin = sign_in(w.admin_id, platform_admin=True)
    cid = w.contribute(mid, sign_in(people["author"]), title=f"Idea {n}")["id"]
    assert api.put(f"/contributions/{cid}/upvote",
                   token=sign_in(people["both"])).status_code == 204
    run_queues()
    return cid


def _answer(api, w, cid: str) -> Any:
    return api.put(f"/contributions/{cid}/answer",
                   {"status": "accepted", "text": {"en": "We do it."}}, token=w.admin)


def test_an_answer_stopped_at_any_call_is_stored_and_told_once(api, make_user):
    w, mid, people = _stage(api, make_user)

    def setup(n: int) -> str:
        return _idea(api, w, mid, people, n)

    def check(cid: str, cut: int, stopped: bool) -> None:
        if stopped:
            again = _answer(api, w, cid)
            assert again.status_code == 200, (cut, again.json)
        until_quiet()
        assert api.get(f"/contributions/{cid}").json["status"] == "accepted", cut
        for who, user_id in people.items():
            assert _told(user_id, cid) == 1, (cut, who)
        assert _told(w.admin_id, cid) == 0

    runs = stop_at_each_call(setup, lambda cid: _answer(api, w, cid), check)
    assert runs >= 3  # GetItem, BatchGetItem, TransactWriteItems at least


def test_an_answers_fan_out_stopped_at_any_call_tells_each_person_once(api, make_user):
    w, mid, people = _stage(api, make_user)
    cut, stopped_runs = 1, 0
    while True:
        cid = _idea(api, w, mid, people, cut)
        assert _answer(api, w, cid).status_code == 200
        stopped = False
        try:
            with faults(at=cut):
                run_queues()
        except Killed:
            stopped = True
        until_quiet()
        for who, user_id in people.items():
            assert _told(user_id, cid) == 1, (cut, who)
        if not stopped:
            break
        stopped_runs += 1
        cut += 2  # every other call: the handlers' calls alternate reads and writes
    assert stopped_runs >= 3
