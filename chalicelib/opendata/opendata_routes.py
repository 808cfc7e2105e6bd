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
