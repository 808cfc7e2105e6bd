"""`GET /modules/{mid}/results`: questionnaire tallies per question and option, budget
tallies (votes per idea, most voted first: rolled up from the live counts a minute late at
most while voting, exact once voting is over), debate counts per stance. Who may see them is the
module's `results` setting: `public`, `after_close` (the default for questionnaires and
budgets) or `admins`; the community's admins always may."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock
from chalicelib.platform.errors import Forbidden

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal


def get(module_id: str, principal: Principal | None, accept_language: str, limit: int,
        cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.visibility_rules import administers
    from chalicelib.modules import debate_rules as debate
    from chalicelib.modules import module_access, modules
    from chalicelib.modules import questionnaires as questionnaire

    scope = module_access.module_scope(module_id, principal, accept_language)
    module = scope.module
    now = clock.now()
    if not modules.results_visible(module, now, administers(scope.viewer)):
        raise Forbidden("The results of this module are not public yet.",
                        code="results_not_public")
    out: dict[str, Any] = {"module_id": module_id, "type": module.type,
                           "locale": scope.locale, "status": modules.status(module, now)}
    if module.type == "questionnaire":
        out.update(questionnaire.results(scope))
    elif module.type == "budget":
        from chalicelib.contributions import vote_rollup

        vote_rollup.ensure_final(module)  # voting over: exact before it answers
        out.update(budget_results(scope, limit, cursor))
    elif module.type == "debate":
        out["stances"] = debate.stance_counts(module)
        out["contributions"] = int(module.contribution_count or 0)
    else:
        out["contributions"] = int(module.contribution_count or 0)
    return out


def budget_results(scope: Scope, limit: int, cursor: str | None) -> dict[str, Any]:
    """Visible ideas, most votes first (one Query of the `feed_votes` index)."""
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.dynamo import cursors

    module_id = scope.module.module_id
    shape = {"contribution_id": "S", "feed_module_id": "S", "votes": "N"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"feed_module_id": module_id})
    result = Contribution.feed_votes.query(module_id, scan_index_forward=False, limit=limit,
                                           last_evaluated_key=start)
    ideas = [{"id": c.contribution_id, "title": scope.text(c.title)[0],
              "cost": int(c.cost) if c.cost is not None else None,
              "votes": max(0, int(c.votes or 0))} for c in result]
    last = result.last_evaluated_key
    return {"ideas": ideas, "ballots": int(scope.module.ballot_count or 0),
            "next_cursor": cursors.encode({"k": last}) if last else None}
