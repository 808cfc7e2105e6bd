"""Flagging a contribution or a comment: three DynamoDB calls with the session check.

1. (the router) the session.
2. One BatchGetItem: the item, its moderation case, the flagger's standing and account.
3. One transaction: the flag (once per person: a conditional put), the case (opened, or fed
   conditionally on its number and flag count as read), and, when this flag reaches the
   community's threshold, the hiding of the item with its counts, all with ConditionChecks
   that prove the caller may see the community AND that the threshold is what the plan
   assumed. The threshold is known from the case (each case records it); for an item's
   first flag it is assumed to be the default, and a wrong guess (or a changed visibility)
   costs one read of the community and one more attempt. A concurrent flag that got there
   first costs a re-read: never a double hide, never a second case.

A second flag by the same person is refused with 409 `already_flagged`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.moderation import moderation_rules as moderation
from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, NotFound, Unavailable, Unprocessable

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

DEFAULT_THRESHOLD = 1  # `Community.flag_threshold`'s default, as the terms promise
MAX_ATTEMPTS = 10
NOTE_LENGTH = 1000


@dataclass
class Snapshot:
    item: Any
    case: Any
    standing: Any
    user: Any


def _read(kind: str, item_id: str, user_id: str) -> Snapshot:
    from chalicelib.contributions import content_access
    from chalicelib.identity import accounts
    from chalicelib.moderation.moderation_tables import Case, Standing
    from chalicelib.platform.dynamo.batch_get import get_many

    item_key = (content_access.key(item_id) if kind == "contribution"
                else content_access.comment_key(item_id))
    found = get_many([item_key, (Case, item_id, None), (Standing, user_id, None),
                      accounts.key(user_id)])
    item = (content_access.of(found, item_id) if kind == "contribution"
            else content_access.comment_of(found, item_id))  # a thread head is no comment
    return Snapshot(item, found.get(Case, item_id), found.get(Standing, user_id),
                    accounts.of(found, user_id))


def _state(case: Any) -> moderation.CaseState:
    if case is None:
        return moderation.CaseState()
    return moderation.CaseState(seq=int(case.seq), status=case.status,
                                flags=int(case.flag_count or 0), counted=int(case.counted or 0))


def flag(kind: str, item_id: str, principal: Principal, reason: str,
         note: str | None) -> None:
    from chalicelib.communities import scope
    from chalicelib.platform import sanitise
    from chalicelib.platform.dynamo.transactions import Conflicted

    if kind not in moderation.KINDS or reason not in moderation.REASONS:
        raise ValueError("kind and reason are checked by the schema")
    text = sanitise.plain(note, "note", max_length=NOTE_LENGTH, required=False) if note else ""
    policy = moderation.policy()
    user_id = principal.user_id
    community: Any = None   # read only when a hint proved wrong
    snapshot: Snapshot | None = None
    for _ in range(MAX_ATTEMPTS):
        if snapshot is None:
            snapshot = _read(kind, item_id, user_id)
        item, case = snapshot.item, snapshot.case
        _require_flaggable(kind, snapshot, user_id)
        rejected = int(snapshot.standing.rejected_flags or 0) if snapshot.standing else 0
        threshold = (int(community.flag_threshold) if community is not None
                     else int(case.threshold) if case is not None and case.threshold
                     else DEFAULT_THRESHOLD)
        counts = moderation.counts_toward_hiding(rejected, policy)
        plan = moderation.plan_flag(_state(case), counted=counts,
                                    item_hidden=bool(item.hidden), threshold=threshold)
        visibility = (community.visibility if community is not None
                      else case.community_visibility if case is not None
                      and case.community_visibility
                      else getattr(item, "community_visibility", None) or "public")
        write = _transaction(kind, item, case, plan, principal, reason, text, visibility,
                             counts=counts,
                             exact_threshold=threshold if community is not None else None)
        if plan.opens:
            _tell_moderators(write, kind, item, plan.seq)
        try:
            failed = write.commit()
        except Conflicted:
            snapshot = None
            continue
        if not failed:
            return
        if "flag" in failed:
            raise Conflict(f"You have already flagged this {kind}.", code="already_flagged")
        if failed & {"case", "item"}:
            snapshot = None   # a concurrent flag or decision got there first: plan again
            continue
        if "membership" in failed and community is not None:
            raise NotFound(f"No such {kind}.")
        # The community is not what the hints said (visibility or threshold): read it.
        community = scope.get_community(item.community_id, consistent=True)
        if community is None:
            raise NotFound(f"No such {kind}.")
        if community.visibility != "public" and not principal.platform_admin \
                and "membership" in failed:
            raise NotFound(f"No such {kind}.")
    raise Unavailable("Many people are flagging this right now. Try again in a moment.",
                      code="busy", headers={"Retry-After": "1"})


def _require_flaggable(kind: str, snapshot: Snapshot, user_id: str) -> None:
    """404 for what is gone, hidden or already before moderators; 422 for one's own."""
    from chalicelib.identity import accounts

    item, case = snapshot.item, snapshot.case
    active = case is not None and case.status in moderation.ACTIVE
    if item is None or not moderation.flaggable(
            deleted=bool(item.deleted), hidden=bool(item.hidden), case_active=active):
        raise NotFound(f"No such {kind}.")
    accounts.require_participant(snapshot.user)
    if item.author_id is not None and item.author_id == user_id:
        raise Unprocessable("You cannot flag your own content: edit or delete it.",
                            code="own_content")


def _transaction(kind: str, item: Any, case: Any, plan: moderation.FlagPlan,
                 principal: Principal, reason: str, note: str, visibility: str, *,
                 counts: bool, exact_threshold: int | None) -> Any:
    from chalicelib.communities import scope
    from chalicelib.contributions import content_access
    from chalicelib.moderation.moderation_tables import Case, Flag
    from chalicelib.platform.dynamo.transactions import Transaction

    now = clock.now()
    user_id = principal.user_id
    community_id = item.community_id
    tx = Transaction()
    scope.prove_threshold(tx, community_id, "private" if visibility == "private" else "public",
                          principal, plan.threshold_reached, plan.counted)

    notes = dict(case.notes.as_dict() if case is not None and case.notes and not plan.opens
                 else {})
    note_id = ids.new_id() if note and len(notes) < moderation.MAX_NOTES else None
    tx.put("flag", Flag(item.contribution_id if kind == "contribution" else item.comment_id,
                        user_id, kind=kind, community_id=community_id, seq=plan.seq,
                        reason=reason, note=note or None, note_id=note_id,
                        counted=counts, created_at=now),
           condition=Flag.user_id.does_not_exist())

    item_id = item.contribution_id if kind == "contribution" else item.comment_id
    reach = moderation.reach_of(kind, getattr(item, "engagement", 0))
    note_entry = {"reason": reason, "note": note, "at": now} if note_id else None
    if plan.opens:
        new = Case(item_id, kind=kind, community_id=community_id, module_id=item.module_id,
                   contribution_id=item.contribution_id, author_id=item.author_id,
                   seq=plan.seq, status=moderation.OPEN, opened_at=now, flag_count=plan.flags,
                   counted=plan.counted, reach=reach, reasons={reason: 1},
                   notes={note_id: note_entry} if note_id else {},
                   hidden_at=now if plan.hides else None,
                   threshold=exact_threshold if exact_threshold is not None
                   else (int(case.threshold) if case is not None and case.threshold else None),
                   community_visibility=visibility, appealed=False, version=0,
                   queue_community_id=community_id,
                   queue_key=moderation.queue_key(plan.flags, reach, now))
        tx.put("case", new, condition=Case.item_id.does_not_exist() if case is None
               else (Case.seq == int(case.seq)) & (Case.status == moderation.CLOSED))
    else:
        reasons = case.reasons.as_dict() if case.reasons else {}
        actions = [Case.flag_count.set(plan.flags), Case.counted.set(plan.counted),
                   Case.reach.set(reach), Case.reasons[reason].set(int(reasons.get(reason, 0)) + 1),
                   Case.queue_key.set(moderation.queue_key(plan.flags, reach, case.opened_at)),
                   Case.community_visibility.set(visibility)]
        if note_id:
            actions.append(Case.notes[note_id].set(note_entry))
        if plan.hides:
            actions.append(Case.hidden_at.set(now))
        if exact_threshold is not None:
            actions.append(Case.threshold.set(exact_threshold))
        tx.update("case", Case(item_id), actions,
                  condition=(Case.seq == int(case.seq)) & (Case.status == case.status)
                  & (Case.flag_count == int(case.flag_count)))
    if plan.hides:
        content_access.hide_in(tx, item, True)
    return tx


def _tell_moderators(tx: Any, kind: str, item: Any, seq: int) -> None:
    """In-app for every moderator and admin of the community; by email to those who turned
    on `admin` mail; promised in the flag's transaction. Never names the flagger."""
    from chalicelib.moderation.decision_effects import title_of
    from chalicelib.platform import notices

    title = title_of(kind, item)
    item_id = item.contribution_id if kind == "contribution" else item.comment_id
    notices.publish_in(tx, kind="moderation.case", category="admin",
                       audience={"moderators_of": item.community_id},
                       community_id=item.community_id,
                       subject={"type": kind, "id": item_id}, actor_id=None,
                       data={"title": title, "case": seq,
                             "url": f"/communities/{item.community_id}/moderation"})
