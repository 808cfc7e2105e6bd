"""A budget's live counts (`tally_rules`): counter items on the modules table's key, each
in a partition of its own and in no index (they carry none of the indexes' attributes):
`<idea id>#v<n>`, a shard of an idea's votes, and `<module id>#b<n>`, a shard of the
module's ballot count. An idea's shards also carry the price a ballot pays for it as of its
last cost change (`price`): a ballot adds its vote only at the price it read, so a cost
revised meanwhile refuses the ballot without a ConditionCheck on the idea's item.

The modules table is Module's (`module_tables.TABLES`): this model adds no table."""

from __future__ import annotations

import hashlib
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction

VOTE_SHARDS = 4    # counter items per idea
BALLOT_SHARDS = 4  # counter items of a module's ballot count


def shard_of(user_id: str, shards: int) -> int:
    """The shard a person's ballot writes, always the same (a replaced or retried ballot
    lands where the first one did): a stable hash of their id."""
    digest = hashlib.sha256(user_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") % shards


def vote_key(idea_id: str, shard: int) -> str:
    return f"{idea_id}#v{shard}"


def ballot_key(module_id: str, shard: int) -> str:
    return f"{module_id}#b{shard}"


def vote_keys(idea_id: str) -> list[str]:
    return [vote_key(idea_id, n) for n in range(VOTE_SHARDS)]


def ballot_keys(module_id: str) -> list[str]:
    return [ballot_key(module_id, n) for n in range(BALLOT_SHARDS)]


class Tally(Model):
    class Meta(BaseMeta):
        table_name = table_name("modules")

    personal = ()

    module_id = UnicodeAttribute(hash_key=True)  # the counter's key (above)
    n = NumberAttribute(default=0)
    price = NumberAttribute(null=True)


def read(keys: list[str]) -> dict[str, Tally]:
    """Counter items by key (BatchGetItem, 100 keys a call); absent ones are left out."""
    return {t.module_id: t for t in Tally.batch_get(list(dict.fromkeys(keys)))} if keys else {}


def counts(found: dict[str, Tally], keys: list[str]) -> dict[str, int]:
    return {k: int(found[k].n or 0) for k in keys if k in found}


def vote_moves_in(tx: Transaction, label: str, user_id: str, removed: list[str],
                  added: dict[str, int]) -> None:
    """A ballot's vote leaves each removed idea and joins each added one (id -> the price
    the ballot read), in the voter's shard of each (label `label` fails when an added
    idea's price changed since it was read)."""
    shard = shard_of(user_id, VOTE_SHARDS)
    for idea_id in removed:
        tx.update(label, Tally(vote_key(idea_id, shard)), [Tally.n.add(-1)])
    for idea_id, price in added.items():
        tx.update(label, Tally(vote_key(idea_id, shard)), [Tally.n.add(1)],
                  condition=Tally.price.does_not_exist() | (Tally.price == price))


def ballot_in(tx: Transaction, label: str, module_id: str, user_id: str) -> None:
    """One ballot more, in the voter's shard of the module's count."""
    shard = shard_of(user_id, BALLOT_SHARDS)
    tx.update(label, Tally(ballot_key(module_id, shard)), [Tally.n.add(1)])


def as_read(tally: Tally | None) -> Any:
    """The counter still holds what was read (or is still absent)."""
    if tally is None:
        return Tally.module_id.does_not_exist()
    return Tally.n == tally.n


def unvoted_in(tx: Transaction, label: str, idea_id: str, price: int) -> None:
    """Each of the idea's shards holds no vote (or does not exist) and takes the idea's new
    price (label `label` fails otherwise). Stricter than "adds up to none" (a shard at -1
    beside a rolled-up vote for a ballot replaced since refuses, until the roll-up): it
    needs no read."""
    for key in vote_keys(idea_id):
        tx.update(label, Tally(key), [Tally.price.set(price)],
                  condition=Tally.module_id.does_not_exist() | (Tally.n == 0))


def unballoted_in(tx: Transaction, label: str, module_id: str, found: dict[str, Tally], *,
                  cast: bool) -> None:
    """The module's ballot shards still hold what was read (no ballot was cast since);
    with `cast` (the caller saw a ballot), refused."""
    for key in ballot_keys(module_id):
        condition = as_read(found.get(key))
        if cast:  # never true: the write is refused
            condition = condition & Tally.module_id.does_not_exist() & Tally.module_id.exists()
        tx.check(label, Tally, key, condition=condition)


def take_in(tx: Transaction, label: str, moved: dict[str, int]) -> None:
    """A roll-up takes what it moves out of the shards (ADD, so that ballots written
    meanwhile stay counted)."""
    for key, n in moved.items():
        tx.update(label, Tally(key), [Tally.n.add(-n)])


def delete(keys: list[str]) -> None:
    """The counters of a purged consultation (batched, idempotent)."""
    with Tally.batch_write() as batch:
        for key in keys:
            batch.delete(Tally(key))
