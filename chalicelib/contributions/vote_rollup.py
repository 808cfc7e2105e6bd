"""The roll-up of budgets' live counts (`modules.tally_rules`): every minute, and before a
budget's results are read once voting is over, each idea's live counters are moved into its
`votes` and the ballot shards into the module's `ballot_count`, so that every read (feeds
sorted by votes, results, the dashboard) reads the items as it always did.

A move is one transaction: the idea's `votes` grows by what its shards held, on condition
that `votes` is still what was read (read before the shards, so a roll-up racing another
cannot move the same counts twice), and each shard loses it (ADD: a ballot written meanwhile
stays in the shard for the next run). A re-run finds nothing to move and writes nothing.

Exact once voting is over: the roll-up first seals the module (`modules.tallies.seal`: no
ballot commits after that write, whatever the voter's clock said), then moves everything,
then takes the module out of the due list. A budget that is sealed but still due is rolled
up by its results read before it answers (`ensure_final`)."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock


def run() -> dict[str, int]:
    """The scheduled run: every due budget (one Query, one BatchGetItem a 100)."""
    from chalicelib.modules import tallies

    now = clock.now()
    done = {"modules": 0, "moved": 0, "finished": 0}
    for module in tallies.due():
        moved, finished = roll_up(module, now)
        done["modules"] += 1
        done["moved"] += moved
        done["finished"] += int(finished)
    return done


def roll_up(module: Any, now: float | None = None) -> tuple[int, bool]:
    """Move one budget's live counts (`module` as read before its counters). Answers how
    many items took counts, and whether its roll-up is final."""
    from chalicelib.modules import module_access, tallies, tally_rules

    now = clock.now() if now is None else now
    sealed = None
    if tally_rules.voting_over(float(module.closes_at), module_access.phase(module), now):
        sealed = tallies.seal(module, now)
    elif module.opens_at > now:
        return 0, False  # not open yet: no ballot to count
    ideas = _ideas(module.module_id)  # their votes, read before their counters
    keys = {i.contribution_id: tallies.vote_keys(i.contribution_id) for i in ideas}
    ballot_keys = tallies.ballot_keys(module.module_id)
    counts = tallies.counts([k for ks in keys.values() for k in ks] + ballot_keys)
    moved, complete = 0, True
    for idea in ideas:
        taken = tally_rules.moves({k: counts[k] for k in keys[idea.contribution_id]
                                   if k in counts})
        if taken:
            ok = _move_votes(idea, taken)
            moved, complete = moved + int(ok), complete and ok
    taken = tally_rules.moves({k: counts[k] for k in ballot_keys if k in counts})
    if taken:
        ok = _safely(lambda: tallies.ballots_moved(module, taken))
        moved, complete = moved + int(ok), complete and ok
    finished = bool(sealed is not None and complete and tallies.finish(module.module_id, sealed))
    return moved, finished


def ensure_final(module: Any) -> None:
    """Before a budget's counts are shown once voting is over: roll it up now if the
    schedule has not yet (a budget still due and past voting). Costs nothing otherwise."""
    from chalicelib.modules import module_access, tally_rules

    if module.type != "budget" or not module.tally:
        return
    now = clock.now()
    if not tally_rules.voting_over(float(module.closes_at), module_access.phase(module), now):
        return
    roll_up(module, now)
    _reread(module)


def _reread(module: Any) -> None:
    """The module's rolled-up ballot count after the roll-up."""
    from chalicelib.modules import module_access

    current = module_access.get(module.module_id)
    if current is not None:
        module.ballot_count, module.tally = current.ballot_count, current.tally


def _ideas(module_id: str) -> list[Any]:
    """Every idea of the budget, hidden and deleted ones too (one Query page, then a
    BatchGetItem a 100)."""
    from chalicelib.contributions.contribution_tables import Contribution

    ids = [c.contribution_id for c in Contribution.by_module.query(module_id)]
    return list(Contribution.batch_get(ids)) if ids else []


def _move_votes(idea: Any, taken: dict[str, int]) -> bool:
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.modules import tallies
    from chalicelib.platform.dynamo.transactions import Transaction

    def move() -> bool:
        tx = Transaction()
        store.take_votes_in(tx, "idea", idea.contribution_id, idea.votes, sum(taken.values()))
        tallies.take_in(tx, taken)
        return not tx.commit()

    return _safely(move)


def _safely(move: Any) -> bool:
    """A move that lost to a concurrent transaction is left to the next run."""
    from chalicelib.platform.dynamo.transactions import Conflicted

    try:
        return bool(move())
    except Conflicted:
        return False
