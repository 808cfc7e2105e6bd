"""Each write path's partition headroom, from the very entries its capacity figure sums.

A path is measured twice (bench.run.Context.measure, then .again), by two people on the
same module, contribution or community. The partitions (table or index, partition key's
value) that both calls write are the ones every call of the path lands on: the module's
item, the contribution's, the feed indexes keyed by module, the community's analytics
items. A person's own items (their ballot, their upvote) spread over as many partitions as
there are people and never bind. The hot partition is the shared one that reaches its limit
first (1,000 write units or 3,000 read units a second); the headroom is that limit over
what one call spends there."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from bench import capacity_rules as rules
from bench.capacity import Entry

# The write paths (issue 21) and the measured operation that is each one's call.
PATHS = {
    "budget.ballot": "budget.ballot",
    "contribution.upvote": "contribution.upvote",
    "contribution.react": "contribution.react",
    "comment.create": "comment.create",
    "contribution.create": "contribution.create",
    "contribution.flag": "contribution.flag@threshold3",
    "questionnaire.response": "questionnaire.response",
    "community.follow": "community.follow",
    "analytics.count": "analytics.count@10000",
    "notify.send": "notify.send",
    "contribution.visit": "contribution.get@100",
}


# Partitions written under a key spread on purpose over a fixed number of shards: each
# shard takes 1/N of the load, and every path shares them (the outbox's sweeper index).
SPREAD = {"outbox/by_due": 4}


def _where(e: Entry) -> tuple[tuple[str, Any], int]:
    """The partition an entry lands on, and over how many shards its kind spreads: a
    community's analytics are written in shards fixed by the activity's id (a hash), so the
    calls of a path share the family of shards, each shard a 1/N of them: the day items
    (the community's own partition and `<community>#d<n>`) and the summaries
    (`<community>#<n>`; the community's own summary takes only rare writes, unspread); and
    a budget's live counts, in shards fixed by the voter's id: an idea's votes
    (`<idea>#v<n>`) and the module's ballot count (`<module>#b<n>`)."""
    from chalicelib.analytics.analytics_tables import DAY_SHARDS, SHARDS
    from chalicelib.modules.tally_tables import BALLOT_SHARDS, VOTE_SHARDS

    place = _short(e.place)
    if place == "modules" and e.index is None and isinstance(e.partition, str):
        owner, _, shard = e.partition.rpartition("#")
        if owner and shard[:1] in ("v", "b") and shard[1:].isdigit():  # live counts
            family = f"{owner}#{shard[:1]}*"
            return (e.place, family), VOTE_SHARDS if shard[0] == "v" else BALLOT_SHARDS
    if place == "analytics" and e.index is None and isinstance(e.partition, str):
        community, _, shard = e.partition.partition("#")
        if str(e.sort).startswith("d#") and (not shard or shard[:1] == "d"):
            return (e.place, f"{community}#d*"), DAY_SHARDS
        if shard.isdigit():
            return (e.place, f"{community}#*"), SHARDS
    return (e.place, e.partition), SPREAD.get(place, 1)

# Defaults assumed for the fan-out (docs/scale.md): SES's starting production quota
# (a sandbox account sends 1 a second, 200 a day), Lambda's default concurrency.
SES_PER_S = 14
SES_PER_DAY = 50_000
LAMBDA_CONCURRENCY = 1000
FANOUT_TARGET = {"followers": 100_000, "seconds": 600}


def _short(place: str) -> str:
    return place.split("-", 2)[-1] if place.startswith("agora-") else place


def writes(charged: list[Entry], shared: set[tuple[str, Any]]) -> list[dict[str, Any]]:
    """What one call writes (and checks): each item or index entry, its size and units."""
    return [{"place": _short(e.place), "what": e.what, "bytes": e.size,
             "wru": e.wru, "rru": e.rru, "shared": _where(e)[0] in shared,
             **({"spread": _where(e)[1]} if _where(e)[1] > 1 else {})}
            for e in charged if e.wru or e.what == "check"]


def headroom(first: list[Entry], second: list[Entry]) -> dict[str, Any]:
    """The path's hot partition and sustained calls a second, from two measured calls."""
    shared = {_where(e)[0] for e in second if e.partition is not None}
    shared |= {_where(e)[0] for e in first if _short(e.place) in SPREAD}
    load: dict[tuple[str, Any], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in first:
        where, spread = _where(e)
        if where in shared:
            load[where][0] += e.wru / spread
            load[where][1] += e.rru / spread
    figures: dict[str, Any] = {"wru_per_call": round(sum(e.wru for e in first), 1),
                               "rru_per_call": round(sum(e.rru for e in first), 1)}
    if load:
        hot = min(load, key=lambda key: rules.calls_per_second(*load[key]))
        wru, rru = load[hot]
        figures.update(hot_item=_short(hot[0]), hot_wru_per_call=wru, hot_rru_per_call=rru,
                       calls_per_s=rules.calls_per_second(wru, rru))
    else:  # nothing shared: the path scales with the people doing it
        figures.update(hot_item=None, hot_wru_per_call=0, hot_rru_per_call=0,
                       calls_per_s=None)
    figures["writes"] = writes(first, shared)
    return figures


def all_paths(ledgers: dict[str, list[Entry]],
              repeats: dict[str, list[Entry]]) -> dict[str, dict[str, Any]]:
    return {path: headroom(ledgers[op], repeats[op]) for path, op in PATHS.items()
            if op in ledgers and op in repeats}


def fanout(charged: list[Entry], followers: int, emails: int,
           messages: dict[str, int]) -> dict[str, Any]:
    """The time a fan-out to FANOUT_TARGET's followers takes, scaled linearly from one
    measured on `followers` (notify.fanout@N grows linearly, bench/README.md): the slowest
    of its hottest partition at its limit, SES's send rate and the daily quota."""
    scale = FANOUT_TARGET["followers"] / followers
    load: dict[tuple[str, Any], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in charged:
        load[(e.place, e.partition)][0] += e.wru
        load[(e.place, e.partition)][1] += e.rru
    hot = max(load, key=lambda key: max(load[key][0] / rules.PARTITION_WRU,
                                        load[key][1] / rules.PARTITION_RRU))
    wru, rru = (units * scale for units in load[hot])
    partition_s = max(wru / rules.PARTITION_WRU, rru / rules.PARTITION_RRU)
    mail = emails * scale
    ses_s = mail / SES_PER_S
    return {"followers": FANOUT_TARGET["followers"], "measured_on": followers,
            "measured_messages": messages,
            "emails": round(mail), "queue_messages": {q: round(n * scale)
                                                      for q, n in messages.items()},
            "hot_item": _short(hot[0]), "hot_wru": round(wru, 1), "hot_rru": round(rru, 1),
            "partition_s": round(partition_s, 1), "ses_per_s": SES_PER_S,
            "ses_s": round(ses_s), "ses_days": round(mail / SES_PER_DAY, 2),
            "lambda_concurrency": LAMBDA_CONCURRENCY,
            "seconds": round(max(partition_s, ses_s)),
            "target_s": FANOUT_TARGET["seconds"],
            "ses_per_s_needed": round(mail / FANOUT_TARGET["seconds"])}
