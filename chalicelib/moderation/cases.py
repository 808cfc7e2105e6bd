"""Moderation cases: the queue, decisions, appeals, the log, and a case as its author sees it.

Who may do what (`visibility.py`): the community's moderators and admins, and platform
admins, see the queue and the log and decide; anyone else in a community they can see gets
403, and outsiders of a private community 404. The author of the item sees their case
(never who flagged it, nor the flaggers' notes) and may appeal a removal once; the appeal
goes back to the queue for another moderator than the one who decided.

A decision is one transaction: the case (conditional on its version and status as read),
the log entry, the author's standing (strikes, conditional on its version) and the item's
hiding or restoring with its counts. What follows it (rejected flags counted against their
authors, the statement of reasons to the author, the strike ladder's rung) is idempotent,
so the same decision sent again re-runs it harmlessly: that is how a failure half-way is
mended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import moderates, require_moderator
from chalicelib.moderation import decision_effects
from chalicelib.moderation import moderation_rules as moderation
from chalicelib.platform import clock, i18n, ids
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, Forbidden, NotFound, Unavailable

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

MAX_ATTEMPTS = 6
REFUSALS = {
    "own_content": (Forbidden, "Another moderator must decide about your own content."),
    "appeal_needs_another_moderator": (
        Forbidden, "You decided this case: another moderator decides the appeal."),
    "already_decided": (Conflict, "This case was decided otherwise already."),
    "already_appealed": (Conflict, "This decision was appealed already: an appeal is once."),
    "nothing_to_appeal": (Conflict, "Only a removal can be appealed, once it is decided."),
}


def _refuse(code: str) -> Exception:
    kind, detail = REFUSALS[code]
    return kind(detail, code=code)


# ---- loading -----------------------------------------------------------------------------

def _case(item_id: str) -> Any:
    from chalicelib.moderation import moderation_tables as store

    case = store.get_case(item_id)
    if case is None:
        raise NotFound("No moderation case for this item.")
    return case


def _item_key(case: Any) -> Any:
    from chalicelib.contributions import content_access

    if case.kind == "contribution":
        return content_access.key(case.item_id)
    return content_access.comment_key(case.item_id)


def _item(case: Any, found: Any) -> Any:
    from chalicelib.contributions import content_access

    if case.kind == "contribution":
        return content_access.of(found, case.item_id)
    return content_access.comment_of(found, case.item_id)


def _author_keys(cases: list[Any]) -> list[Any]:
    from chalicelib.identity import accounts
    from chalicelib.moderation.moderation_tables import Standing

    keys: list[Any] = []
    for case in cases:
        if case.author_id:
            keys += [(Standing, case.author_id, None), accounts.key(case.author_id)]
    return keys


def _scope(case: Any, principal: Principal, accept_language: str,
           extra: list[Any] | None = None) -> Scope:
    from chalicelib.communities.scope import authorise

    return authorise(case.community_id, principal, accept_language,
                     [_item_key(case), *_author_keys([case]), *(extra or [])], "item")


# ---- presenting --------------------------------------------------------------------------

def _iso(ts: Any) -> str | None:
    return clock.iso(float(ts)) if ts else None


def present_item(case: Any, item: Any, scope: Scope, found: Any) -> dict[str, Any] | None:
    from chalicelib.identity.accounts import author_of

    if item is None:
        return None
    body, used = scope.text(item.body)
    out: dict[str, Any] = {
        "kind": case.kind, "id": case.item_id, "contribution_id": case.contribution_id,
        "module_id": case.module_id, "body": body, "locale": used,
        "author": author_of(item, found), "created_at": _iso(item.created_at),
        "hidden": bool(item.hidden), "deleted": bool(item.deleted),
    }
    if case.kind == "contribution":
        out["title"], _ = i18n.pick(item.title, used or scope.locale,
                                    scope.community.default_locale)
    return out


def _history(standing: Any, case: Any, now: float) -> dict[str, int]:
    """The author's record as moderators see it: decided cases before this one, removals,
    and current strikes (removals inside the rolling window)."""
    policy = moderation.policy()
    if standing is None:
        return {"earlier_cases": 0, "removals": 0, "strikes": 0}
    decided = int(standing.decided or 0)
    if case.status == moderation.APPEALED or case.status == moderation.CLOSED:
        decided -= 1  # this case is among them
    removals = as_dict(standing.removals)
    return {"earlier_cases": max(0, decided), "removals": len(removals),
            "strikes": moderation.strikes(removals, now, policy)}


def present(case: Any, scope: Scope, found: Any, *, full: bool) -> dict[str, Any]:
    """A case. `full` (moderators): the flags' reasons and notes and the author's history;
    the author sees the decision, its reasons and whether they may appeal. Nobody sees who
    flagged."""
    from chalicelib.moderation.moderation_tables import Standing

    item = _item(case, found)
    out: dict[str, Any] = {
        "item_id": case.item_id, "kind": case.kind, "community_id": case.community_id,
        "case_number": int(case.seq), "status": case.status,
        "opened_at": _iso(case.opened_at), "flags": int(case.flag_count or 0),
        "reasons": {k: int(v) for k, v in sorted(as_dict(case.reasons).items())},
        "hidden": bool(item.hidden) if item is not None else bool(case.hidden_at),
        "item": present_item(case, item, scope, found),
        "outcome": case.outcome,
        "decision": None, "appeal": None,
    }
    if case.decided_action:
        out["decision"] = {"action": case.decided_action, "reason": case.decision_reason,
                           "rule": case.decision_rule, "at": _iso(case.decided_at)}
    if case.appealed:
        out["appeal"] = {"at": _iso(case.appeal_at), "statement": case.appeal_statement}
    mine = scope.viewer.user_id is not None and scope.viewer.user_id == case.author_id
    out["is_author"] = mine
    if mine:
        out["can_appeal"] = moderation.appeal_refusal(
            status=case.status, outcome=case.outcome, appealed=bool(case.appealed)) is None
    if full:
        notes = sorted((as_dict(n) for n in as_dict(case.notes).values()),
                       key=lambda n: float(n.get("at") or 0))
        out["reach"] = int(case.reach or 0)
        out["notes"] = [{"reason": n.get("reason"), "note": n.get("note"),
                         "at": _iso(n.get("at"))} for n in notes]
        standing = found.get(Standing, case.author_id) if case.author_id else None
        out["author_history"] = _history(standing, case, clock.now())
        out["decided_by_you"] = bool(
            scope.viewer.user_id and scope.viewer.user_id in (case.decided_by,
                                                              case.first_decided_by))
    return out


# ---- the queue ---------------------------------------------------------------

def queue(community_id: str, principal: Principal, accept_language: str, limit: int,
          cursor: str | None) -> dict[str, Any]:
    """Open cases, most urgent first (flags, then reach, then age): one BatchGetItem to
    authorise, one Query of the `queue` index, one BatchGetItem for the items, their
    authors and standings (more only past 100 keys)."""
    from chalicelib.communities.scope import authorise
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.platform.dynamo import cursors
    from chalicelib.platform.dynamo.batch_get import get_many

    scope = authorise(community_id, principal, accept_language)
    require_moderator(scope.viewer)
    shape = {"item_id": "S", "queue_community_id": "S", "queue_key": "S"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"queue_community_id": community_id})
    cases, last = store.queue_page(community_id, limit, start)
    found = get_many([_item_key(c) for c in cases] + _author_keys(cases))
    return {"items": [present(c, scope, found, full=True) for c in cases],
            "next_cursor": cursors.encode({"k": last}) if last else None}




def view(item_id: str, principal: Principal, accept_language: str) -> dict[str, Any]:
    """A case: in full to moderators, as a statement of reasons to its author, 404 to
    anyone else."""
    case = _case(item_id)
    scope = _scope(case, principal, accept_language)
    if moderates(scope.viewer):
        return present(case, scope, scope.found, full=True)
    if case.author_id is not None and case.author_id == principal.user_id:
        return present(case, scope, scope.found, full=False)
    raise NotFound("No moderation case for this item.")


# ---- decisions ---------------------------------------------------------------------------

def decide(item_id: str, principal: Principal, action: str, reason: str, rule: str | None,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.moderation.moderation_tables import Standing
    from chalicelib.platform.dynamo.transactions import Conflicted

    if action not in moderation.ACTIONS:
        raise ValueError("the schema checks the action")
    policy = moderation.policy()
    for _ in range(MAX_ATTEMPTS):
        case = _case(item_id)
        scope = _scope(case, principal, accept_language)
        require_moderator(scope.viewer)
        check = moderation.check_decision(
            status=case.status, decided_action=case.decided_action,
            decided_by=case.decided_by, first_decided_by=case.first_decided_by,
            action=action, moderator_id=principal.user_id, author_id=case.author_id)
        if check.error:
            raise _refuse(check.error)
        item = _item(case, scope.found)
        if check.repeat:
            decision_effects.after_decision(case, item, policy)
            return present(case, scope, scope.found, full=True)
        standing = scope.found.get(Standing, case.author_id) if case.author_id else None
        write, decided = _decision(case, item, standing, principal.user_id, action, reason,
                                   rule, policy)
        try:
            failed = write.commit()
        except Conflicted:
            continue
        if failed:
            continue  # decided, appealed, flagged or changed meanwhile: read again
        _effects_now(decided, item, policy)
        return present(decided, scope, scope.found, full=True)
    raise Unavailable("This case is changing right now. Try again in a moment.", code="busy",
                      headers={"Retry-After": "1"})


def _effects_now(decided: Any, item: Any, policy: moderation.Policy) -> None:
    """The decision's effects at once, as a head start: the decision's own queue message
    (promised in its transaction) repeats them, each idempotent, whatever happens here."""
    from chalicelib.platform.log import logger

    try:
        decision_effects.after_decision(decided, item, policy)
    except Exception:
        logger.warning("decision effects left to the queue", exc_info=True,
                       extra={"item_id": decided.item_id})


def _decision(case: Any, item: Any, standing: Any, moderator_id: str, action: str,
              reason: str, rule: str | None, policy: moderation.Policy) -> tuple[Any, Any]:
    """The decision's transaction, and the case as it will be once written."""
    from chalicelib.moderation.moderation_tables import Case, LogEntry
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo.transactions import Transaction

    now = clock.now()
    appeal = case.status == moderation.APPEALED
    outcome = moderation.REMOVED if action == "remove" else moderation.RESTORED
    event_id = ids.new_id()
    tx = Transaction()
    tx.update("case", Case(case.item_id), [
        Case.status.set(moderation.CLOSED), Case.outcome.set(outcome),
        Case.decided_action.set(action), Case.decided_by.set(moderator_id),
        Case.decided_at.set(now), Case.decision_reason.set(reason),
        Case.decision_rule.set(rule) if rule else Case.decision_rule.remove(),
        Case.outcome_event_id.set(event_id), Case.queue_community_id.remove(),
        Case.queue_key.remove(), Case.version.add(1)],
        condition=(Case.version == int(case.version or 0)) & (Case.status == case.status))
    tx.put("log", LogEntry(case.community_id, ids.new_id(), item_id=case.item_id,
                           kind=case.kind, seq=int(case.seq), action=action, reason=reason,
                           rule=rule, appeal=appeal, moderator_id=moderator_id, at=now))
    if case.author_id:
        _standing_update(tx, case, standing, action, appeal, now, policy)
    if item is not None and not item.deleted:
        if action == "remove" and not item.hidden:
            _hide(tx, case.kind, item, True)
        elif action == "restore" and item.hidden:
            _hide(tx, case.kind, item, False)
    tx.publish(queues.MODERATION, decision_effects.message(case))
    decided = Case.from_raw_data(case.serialize())
    decided.status, decided.outcome, decided.decided_action = moderation.CLOSED, outcome, action
    decided.decided_by, decided.decided_at = moderator_id, now
    decided.decision_reason, decided.decision_rule = reason, rule
    decided.outcome_event_id = event_id
    decided.version = int(case.version or 0) + 1
    return tx, decided


def _standing_update(tx: Any, case: Any, standing: Any, action: str, appeal: bool,
                     now: float, policy: moderation.Policy) -> None:
    """The author's record, written whole and conditional on its version: decided cases,
    and the removals inside the window (this one added with its strike number, or withdrawn
    when an appeal restores; removals past the window dropped)."""
    from chalicelib.moderation.moderation_tables import Standing

    key = moderation.case_key(case.item_id, int(case.seq))
    removals = {k: as_dict(v) for k, v in as_dict(standing.removals).items()} \
        if standing is not None else {}
    if action == "remove" and key not in removals:
        removals[key] = {"at": now,
                         "strike": moderation.strike_number(removals, key, now, policy)}
    if action == "restore":
        removals.pop(key, None)
    for stale in moderation.expired_removals(removals, now, policy):
        removals.pop(stale, None)
    decided = int(standing.decided or 0) if standing is not None else 0
    if not appeal:
        decided += 1
    version = int(standing.version or 0) if standing is not None else 0
    actions = [Standing.decided.set(decided), Standing.removals.set(removals),
               Standing.rungs.set(Standing.rungs | {}), Standing.version.set(version + 1)]
    if standing is None:
        condition = Standing.user_id.does_not_exist()
    elif version == 0:  # made by a rejected flag of theirs: no version yet
        condition = Standing.version.does_not_exist() | (Standing.version == 0)
    else:
        condition = Standing.version == version
    tx.update("standing", Standing(case.author_id), actions, condition=condition)


def _hide(tx: Any, kind: str, item: Any, hidden: bool) -> None:
    from chalicelib.contributions import content_access

    content_access.hide_in(tx, item, hidden)











def appeal(item_id: str, principal: Principal, statement: str | None,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.moderation.moderation_tables import Case
    from chalicelib.platform import notices, sanitise
    from chalicelib.platform.dynamo.batch_get import get_many
    from chalicelib.platform.dynamo.transactions import Conflicted, Transaction

    text = sanitise.plain(statement, "statement", max_length=2000, required=False) \
        if statement else None
    for _ in range(MAX_ATTEMPTS):
        case = _case(item_id)
        if case.author_id is None or case.author_id != principal.user_id:
            scope = _scope(case, principal, accept_language)
            if moderates(scope.viewer):
                raise Forbidden("Only the author may appeal.", code="not_author")
            raise NotFound("No moderation case for this item.")
        refusal = moderation.appeal_refusal(status=case.status, outcome=case.outcome,
                                            appealed=bool(case.appealed))
        if refusal:
            raise _refuse(refusal)
        now = clock.now()
        actions = [Case.status.set(moderation.APPEALED), Case.appealed.set(True),
                   Case.appeal_at.set(now), Case.version.add(1),
                   Case.queue_community_id.set(case.community_id),
                   Case.queue_key.set(moderation.queue_key(int(case.flag_count or 0),
                                                           int(case.reach or 0), now))]
        if case.decided_by:
            actions.append(Case.first_decided_by.set(case.decided_by))
        if text:
            actions.append(Case.appeal_statement.set(text))
        tx = Transaction().update(
            "case", Case(item_id), actions,
            condition=(Case.version == int(case.version or 0))
            & (Case.status == moderation.CLOSED))
        notices.publish_in(tx, kind="moderation.case", category="admin",
                           audience={"moderators_of": case.community_id},
                           community_id=case.community_id,
                           subject={"type": case.kind, "id": item_id}, actor_id=None,
                           data={"title": decision_effects.title_of(
                                     case.kind, _item(case, get_many([_item_key(case)]))),
                                 "case": int(case.seq), "appeal": True,
                                 "url": f"/communities/{case.community_id}/moderation"})
        try:
            failed = tx.commit()
        except Conflicted:
            continue
        if failed:
            continue
        return view(item_id, principal, accept_language)
    raise Unavailable("This case is changing right now. Try again in a moment.", code="busy",
                      headers={"Retry-After": "1"})
