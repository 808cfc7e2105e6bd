"""What follows a moderation decision, each part idempotent (a retried decision repeats
none of it twice): a restore counts the case's flags against their authors, the author gets
the statement of reasons, a removal applies its rung of the strike ladder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.moderation import moderation_rules as moderation
from chalicelib.platform import clock, ids
from chalicelib.platform.dynamo.attribute_values import as_dict

if TYPE_CHECKING:
    pass

EXCERPT = 140  # characters of a text shown in a notice


def message(case: Any) -> dict[str, Any]:
    """The queue message a decision promises in its transaction."""
    return {"item_id": case.item_id, "seq": int(case.seq)}


def apply(body: dict[str, Any]) -> None:
    """The queue handler's work: the effects of the case's decision, if it still stands
    (a later decision, after an appeal, brings its own message)."""
    from chalicelib.contributions import content_access
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.platform.dynamo.batch_get import get_many

    item_id, seq = body.get("item_id"), body.get("seq")
    if not isinstance(item_id, str) or not isinstance(seq, int) or isinstance(seq, bool):
        raise ValueError("a decision message names its item_id and seq")
    case = store.get_case(item_id)
    if case is None or int(case.seq) != seq or case.status != moderation.CLOSED:
        return
    key = (content_access.key(item_id) if case.kind == "contribution"
           else content_access.comment_key(item_id))
    found = get_many([key])
    item = (content_access.of(found, item_id) if case.kind == "contribution"
            else content_access.comment_of(found, item_id))
    after_decision(case, item, moderation.policy())


def after_decision(case: Any, item: Any, policy: moderation.Policy) -> None:
    """What follows a decision, each part idempotent: a restore counts the case's flags
    against their authors (once per flag); the author gets the statement of reasons (one
    event id per decision: the pipeline delivers it once); a removal applies its rung."""
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.moderation import strikes

    if case.decided_action == "restore":
        now = clock.now()
        for flag in store.flags_of_case(case.item_id, int(case.seq)):
            if flag.rejected_at is None:
                store.reject_flag(flag, now)
    if case.author_id:
        _statement_of_reasons(case, item)
        if case.decided_action == "remove":
            standing = store.get_standing(case.author_id)
            key = moderation.case_key(case.item_id, int(case.seq))
            entry = as_dict(as_dict(standing.removals).get(key)) if standing else {}
            if entry.get("strike"):
                strikes.apply(case.author_id, key, int(entry["strike"]), policy)


def _statement_of_reasons(case: Any, item: Any) -> None:
    """The author's notice (category `interactions`): what was decided about which item,
    why, under which rule, and how to appeal."""
    from chalicelib.notifications import notifications
    from chalicelib.platform import notices
    from chalicelib.platform.aws import queues

    if case.kind == "contribution" and item is not None:
        title = notices.plain_map(item.title) or excerpts(item.body)
    else:
        title = excerpts(item.body) if item is not None else {}
    appealable = case.decided_action == "remove" and not case.appealed
    data = {
        "title": title, "excerpt": case.decision_reason or "", "item_kind": case.kind,
        "action": case.decided_action, "reason": case.decision_reason or "",
        "rule": case.decision_rule or "", "reported_for": sorted(as_dict(case.reasons)),
        "appeal_decision": bool(case.appealed), "appealable": appealable,
        "decided_at": clock.iso(float(case.decided_at)) if case.decided_at else None,
        "published_at": clock.iso(float(item.created_at))
        if item is not None and item.created_at else None,
        "url": f"/moderation/{case.item_id}",
    }
    event = notifications.build_event(
        "moderation.outcome", "interactions", {"user_ids": [case.author_id]},
        community_id=case.community_id, subject={"type": case.kind, "id": case.item_id},
        data=data, event_id=case.outcome_event_id or ids.new_id())
    queues.publish(queues.NOTIFY, event.as_message())


def excerpts(texts: Any) -> dict[str, str]:
    """Per locale, the start of a text as plain words."""
    from chalicelib.platform import notices

    return {locale: excerpt(text) for locale, text in notices.plain_map(texts).items()}


def excerpt(text: str) -> str:
    import nh3

    flat = " ".join(nh3.clean(text, tags=set()).split())
    return flat if len(flat) <= EXCERPT else flat[:EXCERPT - 1].rstrip() + "…"


def title_of(kind: str, item: Any) -> dict[str, str]:
    """What a notice calls an item, per locale: a contribution's title (or the start of its
    text), a comment's first words; nothing for an item gone meanwhile."""
    from chalicelib.platform import notices

    if item is None:
        return {}
    if kind == "contribution":
        return notices.plain_map(item.title) or excerpts(item.body)
    return excerpts(item.body)
