"""The signed-in person's saved contributions."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import PAGE, AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Me"


@bp.op("GET", "/me/favorites", query=PAGE, response="contribution_schemas:Feed", tag=TAG)
def my_favorites(req: Req) -> dict[str, Any]:
    """Saved contributions, most recently saved first."""
    from chalicelib.contributions import reactions

    out = reactions.favorites(req.user, req.accept_language, req.query.limit, req.query.cursor)
    out["sort"] = "saved"
    return out
