"""The signed-in person's lists: saved contributions and followed communities."""

from __future__ import annotations

from typing import Any

from chalicelib.api.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Me"


@bp.op("GET", "/me/favorites", query="common:Page", response="contributions:Feed", tag=TAG)
def my_favorites(req: Req) -> dict[str, Any]:
    """Saved contributions, most recently saved first."""
    from chalicelib.domain import reactions

    out = reactions.favorites(req.user, req.accept_language, req.query.limit, req.query.cursor)
    out["sort"] = "saved"
    return out


@bp.op("GET", "/me/follows", query="common:Page", response="communities:CommunityList",
       tag=TAG)
def my_follows(req: Req) -> dict[str, Any]:
    """Communities the person follows."""
    from chalicelib.domain import communities

    return communities.follows(req.user, req.accept_language, req.query.limit,
                               req.query.cursor)
