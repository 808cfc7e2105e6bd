"""Open data: public communities and their visible contributions, with no personal data."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import PAGE, AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)
TAG = "Open data"


@bp.op("GET", "/opendata/communities", query=PAGE, response="opendata_schemas:OpenCommunityList",
       auth="none", tag=TAG)
def open_communities(req: Req) -> dict[str, Any]:
    """Public communities, newest first."""
    from chalicelib.opendata import opendata

    return opendata.communities(req.query.limit, req.query.cursor)


@bp.op("GET", "/opendata/communities/{cid}/contributions", query=PAGE,
       response="opendata_schemas:OpenContributionList", auth="none", tag=TAG)
def open_contributions(req: Req) -> dict[str, Any]:
    """A public community's visible contributions with their counts, newest first."""
    from chalicelib.opendata import opendata

    return opendata.contributions(req.params["cid"], req.query.limit, req.query.cursor)


@bp.op("GET", "/opendata/communities/{cid}/export", query="opendata_schemas:ExportQuery",
       auth="none", tag=TAG, content_type="application/x-ndjson",
       answer_schema={"type": "string", "description": "One JSON object per line: "
                      "an `OpenContribution`."},
       other_media=(("text/csv", {"type": "string",
                                  "description": "`?format=csv`: one row per contribution."}),))
def open_export(req: Req) -> Reply:
    """The same as one file: JSON Lines (default) or CSV (`format=csv`), up to 1000
    contributions per part; `Link: <...>; rel="next"` names the next part."""
    from urllib.parse import urlencode

    from chalicelib.opendata import opendata

    fmt = req.query.format
    cid = req.params["cid"]
    text, next_cursor, _ = opendata.export(cid, fmt, req.query.cursor)
    extension = "csv" if fmt == "csv" else "jsonl"
    headers = {"Content-Disposition": f'attachment; filename="{cid}.{extension}"'}
    if next_cursor:
        query = urlencode({"format": fmt, "cursor": next_cursor})
        headers["Link"] = f'</opendata/communities/{cid}/export?{query}>; rel="next"'
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson"
    return Reply(body=text, headers=headers, content_type=content_type)


# -- link previews: what a social network's crawler reads of a public page (infra/README.md,
# "Link previews": CloudFront sends known crawlers here) -------------------------------------

PREVIEW_TAG = TAG  # public content, no personal data: open data too
_PREVIEW = {"type": "string", "description": "A small HTML page: the item's title and a short "
            "text as Open Graph and Twitter card tags, `noindex`. 404 for anything that is "
            "not public."}


def _preview(req: Req, kind: str, item_id: str) -> Reply:
    from chalicelib.opendata import previews

    page = previews.preview(kind, item_id, req.accept_language)
    # Short-lived in CloudFront's cache: a community that turns private stops showing soon.
    return Reply(body=page, content_type="text/html; charset=utf-8",
                 headers={"Cache-Control": "public, max-age=300"})


@bp.op("GET", "/previews/communities/{cid}", auth="none", tag=PREVIEW_TAG,
       content_type="text/html", answer_schema=_PREVIEW, errors=(404,))
def preview_community(req: Req) -> Reply:
    """A public community's link preview."""
    return _preview(req, "communities", req.params["cid"])


@bp.op("GET", "/previews/projects/{pid}", auth="none", tag=PREVIEW_TAG,
       content_type="text/html", answer_schema=_PREVIEW, errors=(404,))
def preview_project(req: Req) -> Reply:
    """A public community's project's link preview."""
    return _preview(req, "projects", req.params["pid"])


@bp.op("GET", "/previews/modules/{mid}", auth="none", tag=PREVIEW_TAG,
       content_type="text/html", answer_schema=_PREVIEW, errors=(404,))
def preview_module(req: Req) -> Reply:
    """A public community's module's link preview."""
    return _preview(req, "modules", req.params["mid"])


@bp.op("GET", "/previews/contributions/{id}", auth="none", tag=PREVIEW_TAG,
       content_type="text/html", answer_schema=_PREVIEW, errors=(404,))
def preview_contribution(req: Req) -> Reply:
    """A visible contribution's link preview, in a public community."""
    return _preview(req, "contributions", req.params["id"])
