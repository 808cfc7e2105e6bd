"""The analytics queue's page views, a batch at a time: every view of a batch is resolved
to its community (one BatchGetItem for the projects, modules and contributions named, one
for the communities), added up in memory, and written in ONE transaction: a claim per view
(`analytics_marks`, key `v#<view id>`, expiring after 30 days: a redelivered view counts
nothing) and one update of ADDs per community day. A view of a private community, or of
something unknown, counts nothing.

A claim that fails names a view already counted: it leaves the batch and the rest is
written again; contention backs off and retries, and after 8 tries the batch fails, so that
SQS delivers its views again (their claims keep each counted once)."""

from __future__ import annotations

from typing import Any

from chalicelib.analytics.counting import CLAIM_TTL, MAX_AGE, day_of
from chalicelib.analytics.visit_rules import Visit, add_up
from chalicelib.platform import clock

ATTEMPTS = 8


def resolve(visits: list[Visit]) -> list[tuple[Visit, str, str | None, str]]:
    """(visit, community, module or None, day) of each view of a public community."""
    from chalicelib.communities.scope import community_key, community_of, project_key, project_of
    from chalicelib.contributions import content_access
    from chalicelib.modules import module_access
    from chalicelib.platform.dynamo.batch_get import get_many

    keys = {"project": project_key, "module": module_access.key,
            "contribution": content_access.key}
    found = get_many([keys[v.page](v.target) for v in visits if v.page in keys])
    places: dict[int, tuple[str | None, str | None]] = {}
    for n, v in enumerate(visits):
        if v.page == "community":
            places[n] = (v.target, None)
        elif v.page == "project":
            item = project_of(found, v.target)
            places[n] = (item.community_id if item else None, None)
        else:
            item = (module_access.of(found, v.target) if v.page == "module"
                    else content_access.of(found, v.target))
            if v.page == "contribution" and item is not None and (item.hidden or item.deleted):
                item = None
            places[n] = ((item.community_id, item.module_id) if item else (None, None))
    communities = get_many([community_key(c) for c, _ in places.values()])
    out = []
    for n, v in enumerate(visits):
        community_id, module_id = places[n]
        community = community_of(communities, community_id)
        if community is not None and community.visibility == "public":
            out.append((v, str(community_id), module_id, day_of(v.at)))
    return out


def _changes(resolved: list[tuple[Visit, str, str | None, str]]) -> list[Any]:
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, AnalyticsMark, Change

    changes: list[Any] = []
    for visit, *_ in resolved:
        claim = Change(AnalyticsMark, f"v#{visit.id}", "a", label=f"claim:{visit.id}")
        claim.sets["expires_at"] = int(visit.at + CLAIM_TTL)
        changes.append(claim.require("attribute_not_exists({key})"))
    for (community_id, day), counts in sorted(add_up(resolved).items()):
        day_item = Change(Aggregate, community_id, store.day_key(day), label="day")
        for name, n in sorted(counts.items()):
            day_item.add(name, n)
        changes.append(day_item)
    return changes


def count(visits: list[Visit]) -> int:
    """Count a batch of views, each once; answers how many were counted now."""
    from chalicelib.analytics import activity_counter
    from chalicelib.analytics import analytics_tables as store

    now = clock.now()
    resolved = resolve([v for v in visits if now - v.at <= MAX_AGE])
    for attempt in range(ATTEMPTS):
        if not resolved:
            return 0
        try:
            store.write(_changes(resolved))
            return len(resolved)
        except store.Cancelled as cancelled:
            seen = {label.removeprefix("claim:") for label in cancelled.failed
                    if label.startswith("claim:")}
            resolved = [r for r in resolved if r[0].id not in seen]
            if not seen:
                activity_counter._back_off(attempt, cancelled.conflict)
    raise RuntimeError("analytics day items are contended: retry later")
