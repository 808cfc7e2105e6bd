"""Operations: health and the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

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


STATIC = Path(__file__).with_name("static")
# Redoc's own bundle, served from this origin (no third-party CDN). Its version is pinned in
# tools/contract/package.json; tests/api/test_reference.py checks the copy matches it.
REDOC = "redoc.standalone.js"
REFERENCE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                    "worker-src 'self' blob:; base-uri 'none'; form-action 'none'; "
                    "frame-ancestors 'none'")
REFERENCE_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agora API reference</title>
</head>
<body>
<redoc spec-url="openapi.json" hide-download-button="false"></redoc>
<script src="docs/redoc.standalone.js"></script>
</body>
</html>
"""


@bp.op("GET", "/docs", auth="none", tag="Operations", noindex=False,
       content_type="text/html; charset=utf-8",
       answer_schema={"type": "string", "description": "The HTML page."})
def reference(req: Req) -> Reply:
    """A readable reference of this document (rendered by Redoc in the browser, from this
    origin's own copy of it)."""
    return Reply(body=REFERENCE_PAGE, headers={
        "Content-Security-Policy": REFERENCE_POLICY, "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=300"})


@bp.op("GET", "/docs/redoc.standalone.js", auth="none", tag="Operations",
       content_type="text/javascript; charset=utf-8",
       answer_schema={"type": "string", "description": "Redoc's standalone bundle."})
def reference_script(req: Req) -> Reply:
    """The script that renders `GET /docs` (Redoc's standalone bundle, MIT licence)."""
    return Reply(body=(STATIC / REDOC).read_text(encoding="utf-8"), headers={
        "X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=86400"})
