"""Operations: health and the OpenAPI document."""

from __future__ import annotations

from chalicelib.platform.http.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)


@bp.op("GET", "/health", response="shapes:Health", auth="none", tag="Operations",
       noindex=False, errors=(503,))
def health(req: Req) -> dict[str, str]:
    """200 when the function can reach its table."""
    from chalicelib.platform.config import settings
    from chalicelib.platform.dynamo import health_probe as probes
    from chalicelib.platform.errors import Unavailable

    if not probes.table_reachable():
        raise Unavailable("The database cannot be reached.")
    return {"status": "ok", "stage": settings().stage}


@bp.op("GET", "/openapi.json", auth="none", tag="Operations", noindex=False)
def openapi(req: Req) -> Reply:
    """The OpenAPI 3.1 document of every route."""
    from chalicelib.platform.http.openapi import document

    return Reply(body=document())
