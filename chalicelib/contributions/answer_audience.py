"""Who hears of an official answer besides its author (category `followed`): the people
upvoting the contribution, then the module's followers, each once, never the author (who
gets their own `interactions` notice) nor the admin who answered (the event's actor, left
out by the pipeline).

The pipeline asks for one bounded page at a time (`page`, registered in `app.py` as the
`answer_of` audience): first the upvoters (a Query of the sparse `upvoters` index), then
the followers of the module, its project or its community (each once, the `following`
audience's pages), less those who upvote (a BatchGetItem of their marks), so a person both
upvoting and following is told once. Each page also reads the contribution (GetItem) for
its author and module: a page of 500 costs a fixed number of calls, whatever the
audience's size."""

from __future__ import annotations

from typing import Any

PAGE = 500  # recipients per fan-out page, like the pipeline's own audiences


def module_followers_audience(community_id: str, project_id: str, module_id: str, *,
                              limit: int, page: dict[str, Any] | None = None
                              ) -> tuple[list[str], dict[str, Any] | None]:
    """(one page of the ids of everyone following the module, its project or its community,
    each once; the state of the next page or None)."""
    from chalicelib.communities import audiences

    return audiences.following_page(community_id, project_id, module_id, limit=limit,
                                    page=page)


def page(contribution_id: str, event: Any, state: dict[str, Any],
         limit: int = PAGE) -> tuple[list[str], dict[str, Any] | None]:
    from chalicelib.contributions import content_access
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.notifications.notifications import BadEvent

    phase = state.get("phase", "upvoters")
    after, following = state.get("after"), state.get("page")
    if (phase not in ("upvoters", "followers")
            or not (after is None or isinstance(after, str))
            or not (following is None or isinstance(following, dict))):
        raise BadEvent("page is not a page of an answer's audience")
    c = content_access.get(contribution_id)
    if c is None or c.deleted:
        return [], None
    if phase == "upvoters":
        ids, last = marks.upvoter_page(contribution_id, limit=limit, after=after)
        nxt = {"phase": "upvoters", "after": last} if last else {"phase": "followers"}
        return [u for u in ids if u != c.author_id], nxt
    try:
        ids, rest = module_followers_audience(c.community_id, c.project_id, c.module_id,
                                              limit=limit, page=following)
    except ValueError:
        raise BadEvent("page is not a page of an answer's audience") from None
    upvoting = marks.upvoted_among(contribution_id, ids) if ids else set()
    return ([u for u in ids if u != c.author_id and u not in upvoting],
            {"phase": "followers", "page": rest} if rest else None)
