"""Operations: health and the OpenAPI document."""

from __future__ import annotations

from chalicelib.api.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)


@bp.op("GET", "/health", response="common:Health", auth="none", tag="Operations",
       noindex=False, errors=(503,))
def health(req: Req) -> dict[str, str]:
    """200 when the function can reach its table."""
    from chalicelib.config import settings
    from chalicelib.domain.errors import Unavailable
    from chalicelib.storage import probes

    if not probes.table_reachable():
        raise Unavailable("The database cannot be reached.")
    return {"status": "ok", "stage": settings().stage}


@bp.op("GET", "/openapi.json", auth="none", tag="Operations", noindex=False)
def openapi(req: Req) -> Reply:
    """The OpenAPI 3.1 document of every route."""
    from chalicelib.api.openapi import document

    return Reply(body=document())
