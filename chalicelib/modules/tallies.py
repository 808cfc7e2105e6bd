"""What the roll-up of a budget's live counts (`contributions.vote_rollup`) does on the
modules' side: the budgets still due, their seal once voting is over, the ballot count's
shards moved into the module's `ballot_count`, and the end of the roll-up."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.dynamo.transactions import Transaction

LABEL = "tally"


def due() -> list[Any]:
    """Every budget still due (one Query of `by_tally`, then its modules, 100 a call)."""
    from chalicelib.modules import module_tables

    ids = module_tables.due_modules()
    return list(module_tables.Module.batch_get(ids)) if ids else []


def seal(module: Any, now: float) -> float | None:
    from chalicelib.modules import module_tables

    return module_tables.seal(module, now)


def finish(module_id: str, sealed: float) -> bool:
    from chalicelib.modules import module_tables

    return module_tables.finish(module_id, sealed)


def vote_keys(idea_id: str) -> list[str]:
    from chalicelib.modules import tally_tables

    return tally_tables.vote_keys(idea_id)


def ballot_keys(module_id: str) -> list[str]:
    from chalicelib.modules import tally_tables

    return tally_tables.ballot_keys(module_id)


def counts(keys: list[str]) -> dict[str, int]:
    """The counters' counts (absent ones left out), 100 keys a BatchGetItem."""
    from chalicelib.modules import tally_tables

    return tally_tables.counts(tally_tables.read(keys), keys)


def take_in(tx: Transaction, moved: dict[str, int]) -> None:
    from chalicelib.modules import tally_tables

    tally_tables.take_in(tx, LABEL, moved)


def ballots_moved(module: Any, moved: dict[str, int]) -> bool:
    """Move the ballot shards' counts into the module's `ballot_count` as read (one
    transaction); False when another roll-up moved them first."""
    from chalicelib.modules import module_tables

    tx = Transaction()
    module_tables.take_ballots_in(tx, "module", module.module_id, int(module.ballot_count or 0),
                                  sum(moved.values()))
    take_in(tx, moved)
    return not tx.commit()
