"""Deleting comments while others delete or reply: the contribution's comment count and the
thread stay exact (tests/api/test_races.py explains the threads and the request lock)."""

from __future__ import annotations

from tests.api.moderation_support import stage
from tests.api.test_races import atomic_requests, principal, race  # noqa: F401


def _state(api, idea):
    count = api.get(f"/contributions/{idea}").json["counts"]["comments"]
    thread = api.get(f"/contributions/{idea}/comments").json["items"]
    return count, thread


def test_two_deletions_at_once_count_once(api, make_user, atomic_requests):  # noqa: F811
    from chalicelib.contributions import comment_changes

    s = stage(api, make_user)
    idea = s.contribution()
    doomed = s.comment(idea, "Delete me twice")
    s.comment(idea, "Stay")
    results = race([lambda: comment_changes.delete(doomed, principal(s.author_id)),
                    lambda: comment_changes.delete(doomed, principal(s.moderator_id)),
                    lambda: comment_changes.delete(doomed, principal(s.author_id))])
    done = [r for r in results if r is None]
    assert len(done) >= 1, results
    assert all(r is None or type(r).__name__ == "NotFound" for r in results), results
    count, thread = _state(api, idea)
    assert count == 1 and [c["body"] for c in thread] == ["Stay"]


def test_a_deletion_racing_a_reply_keeps_the_reply_reachable(api, make_user,
                                                            atomic_requests):  # noqa: F811
    from chalicelib.contributions import comment_changes, comments
    from chalicelib.contributions.contribution_schemas import CommentIn

    s = stage(api, make_user)
    for n in range(4):
        idea = s.contribution(f"Race {n}")
        parent = s.comment(idea, "Parent")
        replier, _ = make_user(name=f"Replier {n}")
        results = race([
            lambda p=parent: comment_changes.delete(p, principal(s.author_id)),
            lambda i=idea, p=parent, r=replier: comments.add(
                i, principal(r), CommentIn(body="Reply", parent_id=p), "")])
        deleted, replied = results
        assert deleted is None, results
        count, thread = _state(api, idea)
        if isinstance(replied, dict):  # the reply landed first: the parent stays, emptied
            assert [c["deleted"] for c in thread] == [True, False] and count == 1
        else:  # the deletion landed first: the reply was refused, naming its parent
            assert type(replied).__name__ == "ValidationFailed", results
            assert thread == [] and count == 0
