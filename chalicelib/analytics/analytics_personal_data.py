"""What the analytics counter holds about a person, as an erasure step and an export
section: their markers go (what they were counted in stays, linked to nobody)."""

from __future__ import annotations

from typing import Any

from chalicelib.analytics.analytics_tables import AnalyticsMark
from chalicelib.analytics.counting import day_of, month_of
from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.personal_data import ErasureStep, ExportSection


def erase_person(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Erasure step: a counted follower stops counting (the account no longer follows
    anything), then one page of the person's markers is deleted. What they were counted in
    (participants, actions, demographic cells) stays: counts, linked to nobody."""
    import json

    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, AnalyticsMark, Change

    now = clock.now()
    page = AnalyticsMark.query(user_id, limit=limit,
                               last_evaluated_key=json.loads(cursor) if cursor else None)
    items = list(page)
    for mark in items:
        if not (mark.key.startswith("f#") and mark.state == "on"):
            continue
        community_id = mark.key[2:]
        off = Change(AnalyticsMark, user_id, mark.key)
        off.sets["state"] = "off"
        off.require("{state} = {:on}", on="on")
        summary = Change(Aggregate, community_id, store.SUMMARY)
        summary.add("followers", -1).add(f"f|{month_of(now)}", -1)
        day_item = Change(Aggregate, community_id, store.day_key(day_of(now))).add("f", -1)
        try:
            store.write([off, summary, day_item])
        except store.Cancelled as cancelled:
            if not cancelled.failed:
                raise  # contention: the step runs again
    with AnalyticsMark.batch_write() as batch:
        for mark in items:
            batch.delete(AnalyticsMark(mark.user_id, mark.key))
    last = page.last_evaluated_key
    return json.dumps(last) if last else None


def export_section(user_id: str) -> dict[str, Any]:
    """What the analytics counter keeps about the person: where they count as a participant
    (and under which demographic answers), as a follower, the days they were active (kept
    40 days) and how many activities were counted (the claims, kept 30 days)."""
    from chalicelib.analytics.analytics_tables import AnalyticsMark

    out: dict[str, Any] = {"participations": [], "followers": [], "active_days": [],
                           "activities_counted": 0}
    for mark in AnalyticsMark.query(user_id):
        parts = mark.key.split("#")
        if parts[0] == "p":
            out["participations"].append({
                "community_id": parts[1], "module_id": parts[2] if len(parts) > 2 else None,
                "counted_as": as_dict(mark.counted_as),
                "since": clock.iso(mark.at) if mark.at else None})
        elif parts[0] == "f":
            out["followers"].append({"community_id": parts[1], "counted": mark.state == "on",
                                     "at": clock.iso(mark.at) if mark.at else None})
        elif parts[0] == "d" and len(parts) == 3:
            out["active_days"].append({"community_id": parts[1], "date": parts[2]})
        elif parts[0] == "a":
            out["activities_counted"] += 1
    return out


ERASURE = [ErasureStep("analytics_marks", "content", erase_person, covers=(AnalyticsMark,))]
EXPORT = [ExportSection("analytics", export_section)]
