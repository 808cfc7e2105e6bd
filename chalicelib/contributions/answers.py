"""`PUT /contributions/{id}/answer`: a community admin's official answer to a contribution
(`answer_rules` decide, this writes). Three DynamoDB calls: the contribution (GetItem), one
BatchGetItem (community, the admin's membership and account, the module), and one
transaction holding the answer (conditional on the answer read), a ConditionCheck that a
budget is still in the phase the rules were checked against, and the notices promised with
it (the outbox): the author (`interactions`), and the upvoters and the module's followers
(`followed`, expanded page by page by the pipeline, `answer_audience`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.contributions import answer_rules as rules
from chalicelib.platform import clock, i18n, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, NotFound

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

KIND = "contribution.answer"
AUDIENCE = "answer_of"  # the upvoters and the module's followers (`answer_audience.page`)


def answer(contribution_id: str, principal: Principal, body: Any,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.communities.visibility_rules import require_admin
    from chalicelib.contributions import content_access
    from chalicelib.contributions.contributions import present
    from chalicelib.identity import accounts
    from chalicelib.identity import author_rules as authors
    from chalicelib.modules import module_access, phase_rules

    scope = content_access.contribution_scope(contribution_id, principal, accept_language,
                                              [accounts.key(principal.user_id)])
    require_admin(scope.viewer)
    c, module = scope.contribution, scope.module
    old = as_dict(c.answer) or None
    new = rules.Answer(status=body.status, text=i18n.as_map(
        body.text, field="text", locale=scope.writing_locale(),
        clean=sanitise.rich_cleaner()), cost=body.cost, signed=bool(body.signed))
    rules.check_transition(old.get("status") if old else None, new.status)
    rules.check_cost(module.type, new.cost)
    changes_cost = rules.cost_changes(old, new.cost)
    phase = module_access.phase(module)
    phase_rules.require_answer(phase, old.get("status") if old else None, new.status,
                               changes_cost)
    cost = rules.kept_cost(old, new.cost)
    signed_by = (authors.display_name("name", accounts.of(scope.found, principal.user_id))
                 if new.signed else None)
    if rules.same_answer(old, new, cost, signed_by):
        return present(c, scope, scope.found)
    stored: dict[str, Any] = {"status": new.status, "text": new.text,
                              "answered_at": clock.now()}
    if cost is not None:
        stored["cost"] = cost
    if signed_by:
        stored["signed_by"] = signed_by
    _write(scope, stored, signer_id=principal.user_id if new.signed else None,
           phase=phase, changes_cost=changes_cost, tell=rules.notifies(old, new, cost))
    c.answer, c.answer_status = stored, new.status
    c.answer_version = int(c.answer_version or 0) + 1
    return present(c, scope, scope.found)


def _write(scope: Scope, stored: dict[str, Any], *, signer_id: str | None,
           phase: str | None, changes_cost: bool, tell: bool) -> None:
    from chalicelib.contributions import answer_tables
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.modules import module_access, phase_rules
    from chalicelib.platform.dynamo.transactions import Transaction

    c = scope.contribution
    tx = Transaction()
    answer_tables.answer_in(tx, c, stored, stored["status"], signer_id, unvoted=changes_cost)
    if c.module_type == "budget":
        module_access.require_phase(tx, c.module_id, phase)
    if tell:
        _notices_in(tx, c, stored["status"], scope.viewer.user_id)
    failed = tx.commit()
    if "module" in failed:
        raise phase_rules.WrongPhase("The budget's phase changed meanwhile; try again.")
    if "contribution" in failed:
        current = store.get(c.contribution_id)
        if current is None or current.deleted:
            raise NotFound("No such contribution.")
        if changes_cost and int(current.votes or 0) > 0:
            raise Conflict("Ballots hold this idea: its cost can no longer change.",
                           code="idea_has_votes")
        raise Conflict("This contribution changed meanwhile; try again.",
                       code="contribution_changed")


def _notices_in(tx: Any, c: Any, status: str, actor_id: str | None) -> None:
    """Two events with the answer: its author's (`interactions`), and everyone else's
    (`followed`: upvoters and the module's followers, each once, never the author)."""
    from chalicelib.platform import notices

    common = {"kind": KIND, "community_id": c.community_id, "actor_id": actor_id,
              "subject": {"type": "contribution", "id": c.contribution_id},
              "data": {"title": notices.plain_map(c.title), "status": status,
                       "url": notices.url(f"/contributions/{c.contribution_id}")}}
    if c.author_id:
        notices.publish_in(tx, category="interactions",
                           audience={"user_ids": [c.author_id]}, **common)
    notices.publish_in(tx, category="followed", audience={AUDIENCE: c.contribution_id},
                       **common)
