"""The analytics counter at work: one activity read (one BatchGetItem), planned
(`counting.plan`, pure) and written in one transaction, retried with back-off on a
concurrent writer; a person's participant cells recounted when their demographic answers
change; a module's directory entry refreshed when it changes."""

from __future__ import annotations

import random
import time
from typing import Any

from chalicelib.analytics.counting import MAX_AGE, State, day_of, plan, plan_recount
from chalicelib.identity.restrictions import objects_since
from chalicelib.modules import module_access
from chalicelib.platform import clock
from chalicelib.platform.activities import FOLLOWS, MEASURES

ATTEMPTS = 8


def _read(activity: dict[str, Any]) -> State:
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import AnalyticsMark
    from chalicelib.communities import demographics
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo.batch_get import get_many

    user_id = str(activity["user_id"])
    community_id = str(activity["community_id"])
    module_id = activity.get("module_id")
    kind = activity["kind"]
    if kind in FOLLOWS:
        mark_keys = [store.follow_key(community_id)]
    else:
        mark_keys = [store.day_mark_key(community_id, day_of(float(activity["at"]))),
                     store.participant_key(community_id),
                     store.participant_key(community_id, module_id)]
    keys: list[Any] = [accounts.key(user_id), *demographics.keys(community_id, user_id)]
    keys += [(AnalyticsMark, user_id, k) for k in mark_keys]
    if module_id and kind not in FOLLOWS:
        keys.append(module_access.key(module_id))
    found = get_many(keys)
    return _state(found, user_id, community_id, mark_keys,
                  module_access.of(found, module_id) if module_id else None)


def _state(found: Any, user_id: str, community_id: str, mark_keys: list[str],
           module: Any) -> State:
    from chalicelib.analytics.analytics_tables import AnalyticsMark
    from chalicelib.communities import demographics
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo.attribute_values import as_dict

    user = accounts.of(found, user_id)
    answers, version = demographics.answers_in(found, community_id, user_id)
    marks = {k: m for k in mark_keys if (m := found.get(AnalyticsMark, user_id, k)) is not None}
    return State(
        user_status=user.status if user else None,
        objects_since=objects_since(as_dict(user.restrictions) if user else None),
        answers=answers, answers_version=version,
        question_ids=demographics.question_ids_in(found, community_id),
        marks=marks, module=module)


def count(activity: dict[str, Any]) -> str:
    """Count one activity, exactly once. Returns what happened ("counted", "duplicate",
    "skipped"); raises after repeated contention, so the queue delivers it again, and for a
    message it cannot understand (unknown or missing kind), which then goes to the DLQ."""
    from chalicelib.analytics import analytics_tables as store

    kind = activity.get("kind")
    if kind == "module":
        refresh_module(str(activity["module_id"]))
        return "counted"
    if kind == "demographics":
        return recount(str(activity["user_id"]), str(activity["community_id"]))
    if kind == "answer":
        return count_answer(activity)
    if kind not in MEASURES and kind not in FOLLOWS:
        # Not an activity this counter knows: fail, so that it reaches the dead-letter queue
        # for someone to look at, rather than vanish.
        raise ValueError("unknown activity kind")
    if clock.now() - float(activity["at"]) > MAX_AGE:
        return "skipped"
    for attempt in range(ATTEMPTS):
        state = _read(activity)
        changes = plan(activity, state)
        if not changes:
            return "skipped"
        try:
            store.write(changes)
            return "counted"
        except store.Cancelled as cancelled:
            claims = kind not in FOLLOWS
            if claims and "claim" in cancelled.failed:
                return "duplicate"
            _back_off(attempt, cancelled.conflict)
    raise RuntimeError("analytics counters are contended: retry later")


def count_answer(activity: dict[str, Any]) -> str:
    """An official answer's status moved: one transaction (`counting.plan_answer`)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.counting import plan_answer

    changes = plan_answer(activity)
    if not changes:
        return "skipped"
    for attempt in range(ATTEMPTS):
        try:
            store.write(changes)
            return "counted"
        except store.Cancelled as cancelled:
            if "claim" in cancelled.failed:
                return "duplicate"
            _back_off(attempt, cancelled.conflict)
    raise RuntimeError("answer counts are contended: retry later")


def recount(user_id: str, community_id: str) -> str:
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.communities import demographics
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo.batch_get import get_many

    for attempt in range(ATTEMPTS):
        found = get_many([accounts.key(user_id), *demographics.keys(community_id, user_id)])
        state = _state(found, user_id, community_id, [], None)
        markers = store.marks_under(user_id, store.participant_key(community_id))
        transactions = plan_recount(user_id, community_id, state, markers)
        try:
            for changes in transactions:
                store.write(changes)
            return "counted" if transactions else "skipped"
        except store.Cancelled as cancelled:
            _back_off(attempt, cancelled.conflict)
    raise RuntimeError("demographic cells are contended: retry later")


def refresh_module(module_id: str) -> None:
    """Keep the dashboard's directory entry of a module (title, type, dates) current."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, Change

    module = module_access.get(module_id)
    if module is None:
        return
    change = Change(Aggregate, module.community_id, store.SUMMARY)
    change.sets[f"mod|{module_id}"] = module_access.directory_entry(module)
    store.write([change])


def _back_off(attempt: int, conflict: bool) -> None:
    if conflict or attempt >= 2:
        time.sleep(min(0.02 * 2 ** attempt, 0.5) * (0.5 + random.random()))
