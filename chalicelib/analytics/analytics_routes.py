"""The analytics figures (anonymised statistics for administrators, drawn by the web app's
console) and the demographic questions a community may ask for them."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Reply, Req

bp = AgoraBlueprint(__name__)
TAG = "Analytics"


@bp.op("GET", "/communities/{cid}/analytics", query="analytics_schemas:AnalyticsQuery",
       response="analytics_schemas:AnalyticsOut", tag=TAG, errors=(403,),
       other_media=(("text/csv", {"type": "string", "description": "`?format=csv`: the "
                                  "same figures, one row per figure."}),))
def community_analytics(req: Req) -> Any:
    """Admins: participants, contributions, comments, reactions, upvotes per module and per
    day, followers over time, questionnaire and budget tallies (`?module=`), the most
    engaged contributions and demographic breakdowns; every small cell suppressed.
    `?format=csv` downloads the same figures."""
    from chalicelib.analytics import dashboard_csv
    from chalicelib.analytics import figures as analytics

    answer = analytics.get(req.params["cid"], req.user, req.query, req.accept_language)
    if req.query.format == "csv":
        name = dashboard_csv.csv_filename(answer)
        return Reply(dashboard_csv.to_csv(answer), content_type="text/csv; charset=utf-8",
                     headers={"Content-Disposition": f'attachment; filename="{name}"',
                              "Cache-Control": "no-store"})
    return Reply(answer, headers={"Cache-Control": "no-store"})


@bp.op("GET", "/communities/{cid}/demographics", response="analytics_schemas:DemographicsOut",
       auth="optional", tag=TAG)
def get_demographics(req: Req) -> dict[str, Any]:
    """The community's optional demographic questions; signed in, one's own answers and
    whether they are still to be given (`mine.pending`)."""
    from chalicelib.communities import demographics

    return demographics.get(req.params["cid"], req.principal, req.accept_language)


@bp.op("PUT", "/communities/{cid}/demographics", body="analytics_schemas:DemographicQuestionsIn",
       response="analytics_schemas:DemographicsOut", tag=TAG, errors=(403, 409))
def put_demographic_questions(req: Req) -> dict[str, Any]:
    """Admins set the questions (at most 5, single choice; an `id` keeps a question, whose
    options may be renamed or appended, never removed)."""
    from chalicelib.communities import demographics

    return demographics.put_questions(req.params["cid"], req.user, req.body,
                                      req.accept_language)


@bp.op("PUT", "/communities/{cid}/demographics/me", body="analytics_schemas:DemographicAnswersIn",
       response="analytics_schemas:MyDemographics", tag=TAG, errors=(422,))
def put_my_demographics(req: Req) -> dict[str, Any]:
    """Answer the community's questions, or skip them (`{"skip": true}`)."""
    from chalicelib.communities import demographics

    return demographics.put_mine(req.params["cid"], req.user, req.body, req.accept_language)


@bp.op("DELETE", "/communities/{cid}/demographics/me", status=204, tag=TAG)
def delete_my_demographics(req: Req) -> None:
    """Withdraw one's answers."""
    from chalicelib.communities import demographics

    demographics.delete_mine(req.params["cid"], req.user)


@bp.op("POST", "/visits", body="analytics_schemas:VisitIn", status=204, auth="none",
       tag=TAG)
def record_visit(req: Req) -> None:
    """Count one page view for the audience statistics, signed in or not. Sets no cookie
    and stores no IP address, User-Agent, user id or session id, nor anything that links
    two views: the country comes from the CDN's `CloudFront-Viewer-Country` header, the
    browser's family from the User-Agent, which is then dropped. No database call: one
    message to the analytics queue."""
    from chalicelib.analytics import visits

    visits.record(req.body, req.headers)
