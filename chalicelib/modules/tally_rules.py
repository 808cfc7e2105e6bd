"""A budget's live counts, pure: what a roll-up moves, the true count, and when voting is
over (where a ballot writes, its shard, is `tally_tables`).

A ballot does not write the ideas' items (their `votes` is projected in every feed index
keyed by module) nor the module's item: it adds to counter items of their own, each in its
own partition (`tally_tables`). The true count of an idea is its `votes` plus the sum of
its shards; the roll-up (`contributions.vote_rollup`) moves each shard's count into
`votes`, so feeds and results read `votes` as they always did, a minute late at most while
voting and exact once the module is sealed and rolled up."""

from __future__ import annotations

from typing import Any


def moves(shards: dict[str, int]) -> dict[str, int]:
    """What a roll-up takes out of each shard (key -> its count), nonzero ones only."""
    return {key: int(n) for key, n in shards.items() if int(n or 0) != 0}


def total(base: Any, shards: dict[str, int]) -> int:
    """The true count: what was rolled up, plus what the shards hold."""
    return int(base or 0) + sum(int(n or 0) for n in shards.values())


def voting_over(closes_at: float, phase: str | None, now: float) -> bool:
    """No ballot can be cast any more: the module closed, or the budget shows results."""
    return now >= closes_at or phase == "results"
