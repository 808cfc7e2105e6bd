"""What moderation holds about a person, as erasure steps and export sections: their flags
go (with their notes on the cases they fed; the cases' counts stay), cases about their
content keep no id of theirs, decisions they made as a moderator keep no id either, and
their standing goes."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.moderation.moderation_tables import Case, Flag, LogEntry, Standing
from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.transactions import conditionally
from chalicelib.platform.personal_data import ErasureStep, ExportSection


def _iso(ts: Any) -> str | None:
    return clock.iso(float(ts)) if ts else None


# ---- erasure ------------------------------------------------------------------

def _encode(key: dict[str, Any] | None) -> str | None:
    return json.dumps(key) if key else None


def _decode(cursor: str | None) -> dict[str, Any] | None:
    return json.loads(cursor) if cursor else None


def erase_flags(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: delete the person's flags, and their notes from the cases they fed. The
    cases' counts stay (they counted distinct people, and still do)."""
    page = Flag.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    keys = [(f.item_id, f.user_id) for f in page]
    last = page.last_evaluated_key
    if not keys:
        return None
    flags = list(Flag.batch_get(keys))
    for flag in flags:
        if flag.note_id:
            _drop_note(flag.item_id, flag.note_id)
    with Flag.batch_write() as batch:
        for item_id, flagger in keys:
            batch.delete(Flag(item_id, flagger))
    return _encode(last)


def _drop_note(item_id: str, note_id: str) -> None:
    conditionally(lambda: Case(item_id).update(actions=[Case.notes[note_id].remove()],
                                               condition=Case.item_id.exists()))


def forget_case_author(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: cases about the person's content keep no id of theirs (nor the words of
    their appeal)."""
    page = Case.by_author.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    for case in page:
        conditionally(lambda case=case: Case(case.item_id).update(
            actions=[Case.author_id.remove(), Case.appeal_statement.remove()],
            condition=Case.author_id == user_id))
    return _encode(page.last_evaluated_key)


def forget_moderator(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: decisions the person made as a moderator stay in the log and on their
    cases, without their id."""
    page = LogEntry.by_moderator.query(user_id, limit=limit,
                                       last_evaluated_key=_decode(cursor))
    for entry in page:
        for attribute in (Case.decided_by, Case.first_decided_by):
            conditionally(lambda entry=entry, attribute=attribute: Case(entry.item_id).update(
                actions=[attribute.remove()], condition=attribute == user_id))
        conditionally(lambda entry=entry: LogEntry(entry.community_id, entry.entry_id).update(
            actions=[LogEntry.moderator_id.remove()],
            condition=LogEntry.moderator_id == user_id))
    return _encode(page.last_evaluated_key)


def erase_standing(user_id: str, cursor: str | None, limit: int) -> str | None:
    Standing(user_id).delete()
    return None


ERASURE = [
    ErasureStep("moderation_flags", "content", erase_flags, covers=(Flag,)),
    ErasureStep("moderation_cases", "content", forget_case_author, covers=(Case,)),
    ErasureStep("moderation_log", "content", forget_moderator, covers=(LogEntry,)),
    ErasureStep("moderation_standing", "content", erase_standing, covers=(Standing,)),
]


# ---- export ------------------------------------------------------------------------------

def export_flags(user_id: str) -> list[dict[str, Any]]:
    """The flags the person made (their notes included)."""
    from chalicelib.moderation.moderation_tables import Flag

    keys = [(f.item_id, f.user_id) for f in Flag.by_user.query(user_id)]
    flags = sorted(Flag.batch_get(keys), key=lambda f: float(f.created_at)) if keys else []
    return [{"item_id": f.item_id, "kind": f.kind, "community_id": f.community_id,
             "case_number": int(f.seq), "reason": f.reason, "note": f.note,
             "created_at": _iso(f.created_at), "rejected": f.rejected_at is not None}
            for f in flags]


def export_cases(user_id: str) -> dict[str, Any]:
    """Cases about the person's content (never who flagged, nor the flaggers' notes), and
    their standing: strikes and the measures taken."""
    from chalicelib.moderation import moderation_tables as store
    from chalicelib.moderation.moderation_tables import Case

    ids_ = [c.item_id for c in Case.by_author.query(user_id)]
    cases = sorted(Case.batch_get(ids_), key=lambda c: float(c.opened_at)) if ids_ else []
    standing = store.get_standing(user_id)
    return {
        "cases": [{
            "item_id": c.item_id, "kind": c.kind, "community_id": c.community_id,
            "case_number": int(c.seq), "status": c.status, "opened_at": _iso(c.opened_at),
            "flags": int(c.flag_count or 0), "reasons": as_dict(c.reasons),
            "hidden_at": _iso(c.hidden_at), "outcome": c.outcome,
            "decision": ({"action": c.decided_action, "reason": c.decision_reason,
                          "rule": c.decision_rule, "at": _iso(c.decided_at)}
                         if c.decided_action else None),
            "appeal": ({"at": _iso(c.appeal_at), "statement": c.appeal_statement}
                       if c.appealed else None),
        } for c in cases],
        "rejected_flags": int(standing.rejected_flags or 0) if standing else 0,
        "removals": [{"case": k, "at": _iso(as_dict(v).get("at")),
                      "strike": as_dict(v).get("strike")}
                     for k, v in sorted(as_dict(standing.removals).items())] if standing else [],
        "measures": [{"case": k, **{n: (_iso(x) if n == "at" else x)
                                    for n, x in as_dict(v).items()}}
                     for k, v in sorted(as_dict(standing.rungs).items())] if standing else [],
    }


EXPORT = [
    ExportSection("moderation_flags", export_flags),
    ExportSection("moderation_cases", export_cases),
]
