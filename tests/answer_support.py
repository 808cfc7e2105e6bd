"""Helpers for the cost tests and the bench of official answers: a contribution with many
upvoters, written straight to storage in batches."""

from __future__ import annotations


def seed_upvoted(community_id: str, upvoters: int) -> tuple[str, list[str]]:
    """A visible idea in `community_id` (its module is a made-up id) and `upvoters` people
    upvoting it."""
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.contributions.mark_tables import Mark, contribution_key
    from chalicelib.platform import clock, ids
    from tests.notify_support import seed_people

    now = clock.now()
    contribution_id, module_id = ids.new_id(), ids.new_id()
    Contribution(contribution_id, community_id=community_id, project_id=ids.new_id(),
                 module_id=module_id, module_type="ideas", author_id=ids.new_id(),
                 title={"en": "More trees"}, body={"en": "x"}, created_at=now,
                 upvote_count=upvoters, feed_module_id=module_id,
                 feed_community_id=community_id).save()
    people = seed_people(upvoters)
    with Mark.batch_write() as batch:
        for user_id in people:
            batch.save(Mark(user_id, contribution_key(contribution_id), upvoted_at=now,
                            upvote_of=contribution_id, module_id=module_id))
    return contribution_id, people


def publish_answer(community_id: str, contribution_id: str) -> str:
    """The `followed` event of an answer, as the answer's transaction promises it."""
    from chalicelib.notifications import notifications

    return notifications.publish("contribution.answer", "followed",
                                 {"answer_of": contribution_id}, community_id=community_id,
                                 subject={"type": "contribution", "id": contribution_id},
                                 data={"title": {"en": "More trees"}, "status": "accepted",
                                       "url": f"/contributions/{contribution_id}"})
