"""`PUT /contributions/{id}/answer`: a community admin's official answer to a contribution
(`answer_rules` and `modules.phase_rules` decide, this writes).

Three DynamoDB calls with the session check, like the other writes: the contribution
(GetItem), then ONE transaction proving everything else where it is written: the answer,
conditional on the answer read (`answer_version`); a ConditionCheck that the caller
administers the community (`scope.prove_admin`); for budgets, a ConditionCheck that the
module is in a phase that allows this answer (`phase_rules.answer_phases`), so a phase
moving meanwhile refuses the answer whole; and the notices and the analytics activity
promised with it (the outbox): the author (`interactions`), the upvoters and the module's
followers (`followed`, expanded page by page by the pipeline, `answer_audience`). A
signed answer reads the admin's name first (one GetItem more). Only a refusal reads more,
to answer 404 (outsiders of a private community), 403 or 409 truthfully."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.contributions import answer_rules as rules
from chalicelib.platform import clock, i18n, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, NotFound

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

KIND = "contribution.answer"
AUDIENCE = "answer_of"  # the upvoters and the module's followers (`answer_audience.page`)


def answer(contribution_id: str, principal: Principal, body: Any,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.contributions import content_access
    from chalicelib.platform.errors import DomainError

    c = content_access.load(contribution_id)
    locale = i18n.choose(profile=principal.locale, accept_language=accept_language,
                         offered=i18n.supported(), default=c.locale or "en")
    try:
        stored = _decide(c, principal, body, locale, accept_language)
    except (NotFound, Conflict):
        raise
    except DomainError:
        _require_admin(c, principal, accept_language)  # refusals tell outsiders nothing
        raise
    if stored is None:  # the answer as it stands: nothing written, still only for admins
        _require_admin(c, principal, accept_language)
    else:
        c.answer, c.answer_status = stored, stored["status"]
    text, _ = i18n.pick(as_dict(as_dict(c.answer).get("text")), locale, c.locale or "en")
    shown = as_dict(c.answer)
    return {"id": c.contribution_id, "status": c.answer_status,
            "answer": rules.shown(shown, text, clock.iso(float(shown["answered_at"])))}


def _decide(c: Any, principal: Principal, body: Any, locale: str,
            accept_language: str) -> dict[str, Any] | None:
    """Check the answer against the rules and write it; None when it is the answer that
    stands already."""
    from chalicelib.identity import accounts
    from chalicelib.identity import author_rules as authors
    from chalicelib.modules import phase_rules

    old = as_dict(c.answer) or None
    old_status = old.get("status") if old else None
    new = rules.Answer(status=body.status, text=i18n.as_map(
        body.text, field="text", locale=locale, clean=sanitise.rich_cleaner()),
        cost=body.cost, signed=bool(body.signed))
    rules.check_transition(old_status, new.status)
    rules.check_cost(c.module_type, new.cost)
    changes_cost = rules.cost_changes(old, new.cost)
    cost = rules.kept_cost(old, new.cost)
    signed_by = (authors.display_name("name", accounts.get(principal.user_id))
                 if new.signed else None)
    if rules.same_answer(old, new, cost, signed_by):
        return None
    stored: dict[str, Any] = {"status": new.status, "text": new.text,
                              "answered_at": clock.now()}
    if cost is not None:
        stored["cost"] = cost
    if signed_by:
        stored["signed_by"] = signed_by
    _write(c, principal, stored,
           phases=phase_rules.answer_phases(old_status, new.status, changes_cost),
           changes_cost=changes_cost, tell=rules.notifies(old, new, cost),
           accept_language=accept_language)
    return stored


def _require_admin(c: Any, principal: Principal, accept_language: str) -> None:
    """404 to whoever may not see the contribution, 403 to those who may but do not
    administer its community (one GetItem and one BatchGetItem)."""
    from chalicelib.communities.visibility_rules import require_admin
    from chalicelib.contributions import content_access

    scope = content_access.contribution_scope(c.contribution_id, principal, accept_language)
    require_admin(scope.viewer)


def _write(c: Any, principal: Principal, stored: dict[str, Any], *,
           phases: tuple[str, ...], changes_cost: bool, tell: bool,
           accept_language: str) -> None:
    from chalicelib.communities.scope import prove_admin
    from chalicelib.contributions import answer_tables
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.modules import module_access, phase_rules
    from chalicelib.platform.dynamo.transactions import Transaction

    tx = Transaction()
    answer_tables.answer_in(tx, c, stored, stored["status"],
                            principal.user_id if stored.get("signed_by") else None,
                            unvoted=changes_cost)
    if changes_cost and c.module_type == "budget":
        module_access.unvoted_in(tx, c, phase_rules.ballot_cost(c.cost, stored.get("cost")))
    prove_admin(tx, c.community_id, principal)
    if c.module_type == "budget":
        module_access.require_phase_among(tx, c.module_id, phases)
    if tell:
        _notices_in(tx, c, stored["status"], principal.user_id)
    if c.answer_status != stored["status"]:
        _activity_in(tx, c, stored["status"])
    failed = tx.commit()
    if "membership" in failed:
        _require_admin(c, principal, accept_language)
        raise Conflict("Your role changed meanwhile; try again.", code="role_changed")
    if "module" in failed:
        raise phase_rules.WrongPhase("The budget's phase does not allow this answer now.")
    if "contribution" in failed:
        current = store.get(c.contribution_id)
        if current is None or current.deleted:
            raise NotFound("No such contribution.")
        if changes_cost and module_access.votes_of(current) != 0:
            raise Conflict("Ballots hold this idea: its cost can no longer change.",
                           code="idea_has_votes")
        raise Conflict("This contribution changed meanwhile; try again.",
                       code="contribution_changed")


def _activity_in(tx: Any, c: Any, status: str) -> None:
    """Analytics count answers per status: the move, once (its key is the new version)."""
    from chalicelib.platform import activities as activity

    activity.record_in(tx, "answer", community_id=c.community_id, module_id=c.module_id,
                       key=f"answer:{c.contribution_id}:{int(c.answer_version or 0) + 1}",
                       **{"from": c.answer_status, "to": status})


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
