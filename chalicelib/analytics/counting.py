"""The analytics counter: turns each participation activity (see `chalicelib.platform.activities`)
into atomic ADDs on the community's aggregates, counting people, not only actions.

For one activity of person P in module M of community C on day D, ONE transaction:
- claims the activity (`a#<id>` in P's marker partition): a redelivery fails the claim and
  counts nothing;
- adds the day's new distinct-people tags to P's day marker, conditional on their absence,
  and ADDs 1 to the matching people counters of the day item (two concurrent activities of
  P that both see a tag missing cannot both add it: one transaction fails and is replayed
  with a fresh read);
- the first time P acts in C (or in M), creates the participant marker with the demographic
  answers it counts P under, and ADDs P to the participants and the demographic cells,
  conditional on the answers' version being the one read;
- questionnaire responses and budget ballots also move the module's analytics tallies.

The day item, the summary and the module summary it writes are the activity's shards of
them (`analytics_tables.shards_of`, fixed by the activity's id), so that a community's
activities spread over several partitions (docs/scale.md); the dashboard adds them up.

People who object to analytics (`User.restrictions.analytics`) are not counted for what
they do from the moment they objected (`analytics_since`); what was counted before stays
(the aggregates hold counts, not people). Unfollowing still removes a counted follower.
Accounts being deleted are not counted (a ConditionCheck on the account, so no marker
can outlive the erasure).

`plan` decides (pure: tests call it directly); `activity_counter.count` reads, plans and
writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from chalicelib.modules import module_access
from chalicelib.platform.activities import FOLLOWS, MEASURES

MAX_AGE = 20 * 24 * 3600     # older activities (a DLQ redrive weeks later) are dropped
CLAIM_TTL = 30 * 24 * 3600
DAY_MARK_TTL = 40 * 24 * 3600  # outlives MAX_AGE: a day's tags exist while it can be counted
GONE = ("deleting", "deleted")


def day_of(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d")


def month_of(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m")


def counted_as(answers: dict[str, str], question_ids: list[str]) -> dict[str, str]:
    """The demographic cells a person counts in: their answer (an option index, or
    "skipped") to each current question; a question they have not met is left out (the
    dashboard shows those people as "unanswered")."""
    return {q: str(answers[q]) for q in question_ids if q in answers}


def demographic_cells(prefix: str, as_: dict[str, str]) -> list[str]:
    return [f"{prefix}d|{q}|{option}" for q, option in sorted(as_.items())]


@dataclass
class State:
    """What the counter read for one activity."""

    user_status: str | None            # None: no such account
    objects_since: float | None
    answers: dict[str, str] = field(default_factory=dict)
    answers_version: int | None = None  # None: no answers stored
    question_ids: list[str] = field(default_factory=list)
    marks: dict[str, Any] = field(default_factory=dict)   # marker key -> AnalyticsMark
    module: Any = None                                   # the Module item (directory entry)


def plan(activity: dict[str, Any], state: State) -> list[Any]:
    """The transaction's changes for one activity, claim first ([] when nothing is to be
    counted)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, Change

    kind = activity["kind"]
    if kind in FOLLOWS:
        return _plan_follow(activity, state)
    if state.user_status is None or state.user_status in GONE:
        return []
    at = float(activity["at"])
    if state.objects_since is not None and at >= state.objects_since:
        return []
    user_id, community_id = str(activity["user_id"]), str(activity["community_id"])
    module_id = str(activity["module_id"])
    day_shard, shard = store.shards_of(str(activity["id"]))
    changes: list[Any] = [_claim(user_id, str(activity["id"]), at), _account_check(user_id)]
    day_partition = store.day_partition(community_id, day_shard)
    changes += _day_changes(user_id, (community_id, day_partition), module_id, MEASURES[kind],
                            at, state)
    partition = store.summary_partition(community_id, shard)
    summary = Change(Aggregate, partition, store.SUMMARY)
    module_summary = Change(Aggregate, partition, store.module_key(module_id))
    changes += _first_participation(user_id, community_id, module_id, at, state,
                                    summary, module_summary)
    _tally(activity, module_summary)
    changes += [summary, module_summary]
    return [c for c in changes if not isinstance(c, Change) or not c.empty]


def _claim(user_id: str, activity_id: str, at: float) -> Any:
    """The activity's marker: its condition makes a second delivery count nothing."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import AnalyticsMark, Change

    claim = Change(AnalyticsMark, user_id, store.claim_key(activity_id))
    claim.sets["expires_at"] = int(at + CLAIM_TTL)
    claim.require("attribute_not_exists({key})")
    claim.label = "claim"
    return claim


def _day_changes(user_id: str, where: tuple[str, str], module_id: str, measure: str,
                 at: float, state: State) -> list[Any]:
    """The day's counters (`where`: the community, and the partition of the day item's
    shard), with the distinct-people ones the person does not count in yet (and the day
    marker that records that they now do)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, AnalyticsMark, Change

    community_id, partition = where
    day = day_of(at)
    day_item = Change(Aggregate, partition, store.day_key(day))
    day_item.add(f"c|{measure}", 1).add(f"{module_id}|{measure}", 1)
    wanted = {"p": "c|p", measure: f"c|{measure}|p", f"{module_id}|p": f"{module_id}|p",
              f"{module_id}|{measure}": f"{module_id}|{measure}|p"}
    day_mark_key = store.day_mark_key(community_id, day)
    day_mark = state.marks.get(day_mark_key)
    have = set(day_mark.tags or ()) if day_mark is not None else set()
    new = sorted(set(wanted) - have)
    if not new:
        return [day_item]
    marker = Change(AnalyticsMark, user_id, day_mark_key)
    marker.set_adds["tags"] = set(new)
    marker.sets["expires_at"] = int(at + DAY_MARK_TTL)
    if day_mark is None:
        marker.require("attribute_not_exists({key})")
    else:
        for n, tag in enumerate(new):
            marker.require(f"NOT contains({{tags}}, {{:t{n}}})", **{f"t{n}": tag})
    for tag in new:
        day_item.add(wanted[tag], 1)
    return [marker, day_item]


def _first_participation(user_id: str, community_id: str, module_id: str, at: float,
                         state: State, summary: Any, module_summary: Any) -> list[Any]:
    """A first activity in the community or the module counts the person as a participant
    there, under their demographic answers (checked unchanged by the transaction)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import AnalyticsMark, Change

    as_ = counted_as(state.answers, state.question_ids)
    first_here = []
    community_marker = store.participant_key(community_id)
    module_marker = store.participant_key(community_id, module_id)
    if community_marker not in state.marks:
        first_here.append(community_marker)
        summary.add("participants", 1)
        for cell in demographic_cells("", as_):
            summary.add(cell, 1)
    if module_marker not in state.marks:
        first_here.append(module_marker)
        summary.add(f"mp|{module_id}", 1)
        module_summary.add("participants", 1)
        for cell in demographic_cells("", as_):
            module_summary.add(cell, 1)
        if state.module is not None:
            summary.sets[f"mod|{module_id}"] = module_access.directory_entry(state.module)
    changes: list[Any] = []
    for key in first_here:
        marker = Change(AnalyticsMark, user_id, key)
        marker.sets.update({"counted_as": as_, "version": 1, "at": at})
        marker.require("attribute_not_exists({key})")
        changes.append(marker)
    if first_here:
        changes.append(_answers_check(user_id, community_id, state.answers_version))
    return changes


def _tally(activity: dict[str, Any], module_summary: Any) -> None:
    """A response's answers and a ballot's choices, in the module's all-time figures."""
    kind = activity["kind"]
    if kind == "response":
        module_summary.add("responses", 1)
        for question_id, keys in sorted(dict(activity.get("tallies") or {}).items()):
            module_summary.add(f"q|{question_id}|answered", 1)
            for key in keys:
                module_summary.add(f"q|{question_id}|{key}", 1)
    if kind == "ballot":
        if int(activity.get("version") or 1) == 1:
            module_summary.add("ballots", 1)
        for idea in activity.get("removed") or []:
            module_summary.add(f"v|{idea}", -1)
        for idea in activity.get("added") or []:
            module_summary.add(f"v|{idea}", 1)


@dataclass(frozen=True)
class AccountCheck:
    """The account exists and is not being deleted: nothing is written for a person the
    erasure may already have passed (identity adds the condition)."""

    user_id: str

    def __call__(self, tx: Any) -> None:
        from chalicelib.identity import accounts

        accounts.require_live(tx, self.user_id)


@dataclass(frozen=True)
class AnswersCheck:
    """The person's demographic answers are still those read (communities adds the
    condition)."""

    user_id: str
    community_id: str
    version: int | None

    def __call__(self, tx: Any) -> None:
        from chalicelib.communities import demographics

        demographics.require_answers_version(tx, self.user_id, self.community_id,
                                             self.version)


def _account_check(user_id: str) -> AccountCheck:
    return AccountCheck(user_id)


def _answers_check(user_id: str, community_id: str, version: int | None) -> AnswersCheck:
    return AnswersCheck(user_id, community_id, version)


def _plan_follow(activity: dict[str, Any], state: State) -> list[Any]:
    """Followers are counted by a marker per person and community that says whether they
    count now and since when: an event older than the marker's is ignored (they can
    arrive out of order), so a follow, an unfollow and their redeliveries leave the count
    exact. Objectors are not added; unfollowing removes a counted follower regardless."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, AnalyticsMark, Change

    user_id = str(activity["user_id"])
    community_id = str(activity["community_id"])
    at = float(activity["at"])
    on = activity["kind"] == "follow"
    key = store.follow_key(community_id)
    marker = state.marks.get(key)
    if marker is not None and float(marker.at or 0) >= at:
        return []  # a redelivery, or older than what was applied
    counted = marker is not None and marker.state == "on"
    gone = state.user_status is None or state.user_status in GONE
    objecting = state.objects_since is not None and at >= state.objects_since
    if (on and (gone or objecting)) or (marker is None and gone):
        return []
    change = Change(AnalyticsMark, user_id, key)
    change.sets.update({"state": "on" if on else "off", "at": at})
    if marker is None:
        change.require("attribute_not_exists({key})")
    else:
        change.require("{at} = {:at}", at=marker.at)
    changes = [change]
    if on != counted:
        delta = 1 if on else -1
        summary = Change(Aggregate, community_id, store.SUMMARY)
        summary.add("followers", delta).add(f"f|{month_of(at)}", delta)
        day_item = Change(Aggregate, community_id, store.day_key(day_of(at)))
        day_item.add("f", delta)
        changes += [summary, day_item]
    if on or marker is None:  # a new marker or a new count needs a live account
        changes.append(_account_check(user_id))
    return changes


def _plain_map(value: Any) -> dict[str, Any]:
    from chalicelib.platform.dynamo.attribute_values import as_dict

    return as_dict(value)


def plan_recount(user_id: str, community_id: str, state: State,
                 markers: list[Any]) -> list[list[Any]]:
    """After a person's demographic answers changed: for each participant marker that
    counts them under other answers, one transaction that moves them between cells
    (conditional on the marker's version and on the answers being those read)."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, AnalyticsMark, Change

    if state.objects_since is not None or state.user_status is None \
            or state.user_status in GONE:
        return []
    target = counted_as(state.answers, state.question_ids)
    transactions = []
    for marker in markers:
        before = {str(k): str(v) for k, v in _plain_map(marker.counted_as).items()}
        if before == target:
            continue
        module_id = marker.key.split("#")[2] if marker.key.count("#") == 2 else None
        aggregate = Change(Aggregate, community_id,
                           store.module_key(module_id) if module_id else store.SUMMARY)
        for cell in demographic_cells("", before):
            aggregate.add(cell, -1)
        for cell in demographic_cells("", target):
            aggregate.add(cell, 1)
        change = Change(AnalyticsMark, user_id, marker.key)
        change.sets.update({"counted_as": target, "version": int(marker.version or 1) + 1})
        change.require("{version} = {:v}", v=int(marker.version or 1))
        transactions.append([change, aggregate,
                             _answers_check(user_id, community_id, state.answers_version)])
    return transactions




# ---- reading and writing ---------------------------------------------------------------













ANSWER_STATUSES = ("under_review", "accepted", "rejected", "implemented")


def plan_answer(activity: dict[str, Any]) -> list[Any]:
    """An official answer's status moved (`from` -> `to`, `from` None for a first answer):
    the community's and the module's counts of answers per status follow, claimed like
    every activity (a redelivery counts nothing). Answers count contributions, not people:
    no distinct-people tags, no suppression."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, Change

    community_id = str(activity["community_id"])
    old, new = activity.get("from"), activity.get("to")
    if new not in ANSWER_STATUSES or old == new or (old and old not in ANSWER_STATUSES):
        return []
    # The claim lives in the community's own marker partition: no person is behind it.
    changes: list[Any] = [_claim(f"answers#{community_id}", str(activity["id"]),
                                 float(activity["at"]))]
    keys = [store.SUMMARY]
    if activity.get("module_id"):
        keys.append(store.module_key(str(activity["module_id"])))
    for key in keys:
        item = Change(Aggregate, community_id, key).add(f"ans|{new}", 1)
        if old:
            item.add(f"ans|{old}", -1)
        changes.append(item)
    return changes


def answer_counts(source: dict[str, Any]) -> dict[str, int]:
    """Answers per status in an aggregate (never below zero)."""
    return {s: max(0, int(source.get(f"ans|{s}") or 0)) for s in ANSWER_STATUSES}
