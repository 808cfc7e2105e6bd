"""A comment's deletion stopped at any AWS call (tests/fault_support.py): the person tries
again, and the comment is gone once, counted off once, its placeholder right."""

from __future__ import annotations

from typing import Any

from tests.api.moderation_support import stage
from tests.fault_support import stop_at_each_call, until_quiet
from tests.support import sign_in


def test_a_deletion_stopped_at_any_call_counts_off_once(api, make_user):
    s = stage(api, make_user)

    def counts(idea: str) -> int:
        return api.get(f"/contributions/{idea}").json["counts"]["comments"]

    def setup(n: int) -> tuple[str, str, str, int]:
        idea = s.contribution(f"Fault {n}")
        parent = s.comment(idea, "Parent")
        reply = api.post(f"/contributions/{idea}/comments",
                         {"body": "Reply", "parent_id": parent}, token=s.author).json["id"]
        return idea, parent, reply, counts(idea)

    def delete(ctx: tuple[str, str, str, int]) -> Any:
        return api.delete(f"/comments/{ctx[2]}", token=s.author)

    def check(ctx: tuple[str, str, str, int], cut: int, stopped: bool) -> None:
        idea, parent, _, before = ctx
        if stopped:
            again = delete(ctx)
            assert again.status_code in (204, 404), (cut, again.json)
        until_quiet()
        s.author = sign_in(s.author_id)  # the sweeper's waits moved the clock on
        assert counts(idea) == before - 1, f"cut at call {cut}"
        thread = api.get(f"/contributions/{idea}/comments").json["items"]
        assert [c["id"] for c in thread] == [parent], f"cut at call {cut}"
        # the parent, deleted now, has no reply left: it leaves the thread at once
        assert api.delete(f"/comments/{parent}", token=s.author).status_code == 204
        assert api.get(f"/contributions/{idea}/comments").json["items"] == []
        assert counts(idea) == before - 2, f"cut at call {cut}"

    assert stop_at_each_call(setup, delete, check) >= 2
