"""Concurrent flags, raced on threads against moto (requests serialised as DynamoDB applies
them, see tests/api/test_races.py): the item is hidden exactly once, exactly one case is
opened and announced, every distinct flagger is counted, and one person counts once."""

from __future__ import annotations

import json

import pytest

from tests.api.moderation_support import case_of, stage
from tests.api.test_races import atomic_requests, principal, race  # noqa: F401
from tests.notify_support import receive


def _case_notices() -> int:
    seen = 0
    while True:
        messages = receive("notify")
        if not messages:
            return seen
        seen += sum(1 for m in messages if json.loads(m["Body"]).get("kind") == "moderation.case")
        from tests.notify_support import delete

        delete("notify", messages)


@pytest.mark.parametrize("threshold", [1, 3])
def test_concurrent_flags_hide_once_and_open_one_case(api, make_user, atomic_requests,  # noqa: F811
                                                      threshold):
    from chalicelib.moderation import flags
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.errors import Conflict

    s = stage(api, make_user, threshold=threshold)
    cid = s.contribution()
    s.contribution("Another")
    _case_notices()  # what creating the module queued
    before = int(Module.get(s.module_id).contribution_count)
    people = [s.person()[0] for _ in range(6)]
    eager = people[0]
    calls = [lambda u=u: flags.flag("contribution", cid, principal(u), "spam", None)
             for u in people]
    calls += [lambda: flags.flag("contribution", cid, principal(eager), "spam", None)] * 3
    results = race(calls)
    assert [r for r in results if isinstance(r, Exception)
            and not isinstance(r, Conflict)] == []
    assert sum(isinstance(r, Conflict) for r in results) == 3  # the eager one counts once

    case = case_of(cid)
    assert int(case.seq) == 1 and case.status == "open"
    assert int(case.flag_count) == 6 and int(case.counted) == 6
    assert case.hidden_at is not None
    assert int(Module.get(s.module_id).contribution_count) == before - 1  # hidden once
    assert api.get(f"/contributions/{cid}").status_code == 404
    assert _case_notices() == 1
    queue = s.queue().json["items"]
    assert len(queue) == 1 and queue[0]["flags"] == 6


def test_concurrent_first_flags_on_a_comment_hide_it_once(api, make_user,
                                                          atomic_requests):  # noqa: F811
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.moderation import flags

    s = stage(api, make_user)
    cid = s.contribution()
    comment = s.comment(cid, "Rude")
    s.comment(cid, "Kind")
    people = [s.person()[0] for _ in range(5)]
    results = race([lambda u=u: flags.flag("comment", comment, principal(u), "harassment",
                                           "rude") for u in people])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert int(Contribution.get(cid).comment_count) == 1
    case = case_of(comment)
    assert int(case.seq) == 1 and int(case.flag_count) == 5
    assert len(case.notes.as_dict()) == 5
