"""Budget ballots and the results of a module."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.http.routing import AgoraBlueprint, Req

bp = AgoraBlueprint(__name__)
TAG = "Modules"


@bp.op("PUT", "/modules/{mid}/ballot", participation=True, body="ballot_schemas:BallotIn",
       response="ballot_schemas:BallotOut",
       tag=TAG, errors=(409, 422))
def put_ballot(req: Req) -> dict[str, Any]:
    """Cast or replace one's budget ballot (422 `over_budget`, `too_few_choices`,
    `too_many_choices`, `module_closed`)."""
    from chalicelib.contributions import ballots as budget

    return budget.put_ballot(req.params["mid"], req.user, req.body.contribution_ids)


@bp.op("GET", "/modules/{mid}/ballot", response="ballot_schemas:BallotOut", tag=TAG, errors=(422,))
def get_ballot(req: Req) -> dict[str, Any]:
    """One's ballot in a budget module (empty before voting)."""
    from chalicelib.contributions import ballots as budget

    return budget.get_ballot(req.params["mid"], req.user)


@bp.op("GET", "/modules/{mid}/results", query="ballot_schemas:ResultsQuery",
       response="ballot_schemas:ResultsOut", auth="optional", tag=TAG, errors=(403,))
def module_results(req: Req) -> dict[str, Any]:
    """Tallies: per question and option, votes per idea, or counts per stance."""
    from chalicelib.contributions import results

    return results.get(req.params["mid"], req.principal, req.accept_language,
                       req.query.limit, req.query.cursor)
