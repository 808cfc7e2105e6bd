"""What other features may know and do of a module, without its tables: read it (alone, in
a shared BatchGetItem, or with the caller's scope), and, inside their own transactions,
prove it open and keep its counts (contributions per stance, ballots).

Contributions live in modules: posting one counts it on its module in the same transaction,
conditional on the module being open, so the counts always equal what is visible and a
module that closed meanwhile refuses the write as a whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal

OPEN = "module"  # the label of a module's items in a caller's transaction


def key(module_id: str | None) -> Key | None:
    from chalicelib.modules.module_tables import Module

    return (Module, module_id, None) if module_id else None


def of(found: Found, module_id: str | None) -> Module | None:
    from chalicelib.modules.module_tables import Module

    return found.get(Module, module_id) if module_id else None


def get(module_id: str) -> Module | None:
    from chalicelib.modules import module_tables

    return module_tables.get(module_id)


def load(module_id: str) -> Module:
    """The module, or 404."""
    module = get(module_id)
    if module is None:
        raise NotFound("No such module.")
    return module


def module_scope(module_id: str, principal: Principal | None, accept_language: str,
                 extra: list[Key | None] | None = None) -> Scope:
    """The module with its community (404 unless the caller may see it), in one GetItem
    and one BatchGetItem holding `extra` too."""
    from chalicelib.communities.scope import authorise

    module = load(module_id)
    scope = authorise(module.community_id, principal, accept_language, extra or [], "module")
    scope.module = module
    return scope


def questions(module_id: str) -> list[Any]:
    """A questionnaire's questions, in order (one Query)."""
    from chalicelib.modules import module_tables

    return module_tables.questions_of(module_id)


# ---- inside a caller's transaction --------------------------------------------------------

def require_open(tx: Transaction, module_id: str, now: float) -> None:
    """The module must be open at `now` (label `module`)."""
    from chalicelib.modules import module_tables

    module_tables.check_open(tx, OPEN, module_id, now)


def count_contribution(tx: Transaction, module_id: str, stance: str | None, delta: int, *,
                       open_at: float | None = None, label: str = OPEN,
                       phase: Any = ...) -> None:
    """Count a contribution (+1) or stop counting it (-1), with its stance; with `open_at`,
    only while the module is open then; with `phase`, only while the budget is still in
    that phase (None: has none)."""
    from chalicelib.modules import module_tables

    module_tables.count_contribution(tx, label, module_id, stance, delta, open_at=open_at,
                                     phase=phase)


def require_phase(tx: Transaction, module_id: str, phase: str | None) -> None:
    """The budget is still in `phase` (None: has none) (label `module`)."""
    from chalicelib.modules import module_tables

    module_tables.check_phase(tx, OPEN, module_id, phase)


def require_phase_among(tx: Transaction, module_id: str, phases: tuple[str, ...]) -> None:
    """The budget has no phase, or is in one of `phases` (label `module`)."""
    from chalicelib.modules import module_tables

    module_tables.check_phase_among(tx, OPEN, module_id, phases)


def phase(module: Any) -> str | None:
    from chalicelib.modules import phase_rules
    from chalicelib.platform.dynamo.attribute_values import as_dict

    return phase_rules.phase_of(as_dict(module.settings)) if module.type == "budget" else None


def move_stance(tx: Transaction, module_id: str, old: str, new: str) -> None:
    from chalicelib.modules import module_tables

    module_tables.move_stance(tx, OPEN, module_id, old, new)


def directory_entry(module: Any) -> dict[str, Any]:
    """What the analytics dashboard lists of a module."""
    from chalicelib.platform.dynamo.attribute_values import as_dict

    return {"type": module.type, "project_id": module.project_id,
            "title": {k: str(v) for k, v in as_dict(module.title).items()},
            "opens_at": float(module.opens_at), "closes_at": float(module.closes_at)}


# ---- budget ballots (cast by contributions.ballots) ----------------------------------------

def ballot_key(module_id: str, user_id: str) -> Key:
    from chalicelib.modules.vote_tables import Ballot

    return (Ballot, module_id, user_id)


def ballot_of(found: Found, module_id: str, user_id: str) -> Any:
    from chalicelib.modules.vote_tables import Ballot

    return found.get(Ballot, module_id, user_id)


def put_ballot(tx: Transaction, module: Any, user_id: str, choices: list[str], total: int,
               old: Any, now: float) -> Any:
    """The person's new ballot, replacing `old` as read (label `ballot`: someone replaced
    it meanwhile), while the module is open and its counts unsealed (label `module`),
    counted in the voter's shard of the module's ballot count (a first ballot)."""
    from chalicelib.modules import vote_tables
    from chalicelib.modules.vote_tables import Ballot

    ballot = Ballot(module.module_id, user_id, community_id=module.community_id,
                    choices=choices, total_cost=total,
                    version=(int(old.version) + 1) if old else 1,
                    created_at=old.created_at if old else now, updated_at=now)
    from chalicelib.modules import module_tables, tally_tables

    if module.tally is None:
        module_tables.mark_due(module.module_id)
        module.tally = module_tables.TALLY_DUE
    vote_tables.ballot_put(tx, "ballot", ballot, int(old.version) if old else None)
    module_tables.check_ballot(tx, OPEN, module.module_id, now=now, phase=phase(module))
    if old is None:
        tally_tables.ballot_in(tx, "count", module.module_id, user_id)
    return ballot


def move_votes(tx: Transaction, user_id: str, removed: list[str],
               added: dict[str, int]) -> None:
    """A ballot's vote moves (label `idea`: an added idea's price changed meanwhile)."""
    from chalicelib.modules import tally_tables

    tally_tables.vote_moves_in(tx, "idea", user_id, removed, added)


def votes_of(idea: Any) -> int:
    """An idea's true votes: rolled up, plus its live counters (one BatchGetItem)."""
    from chalicelib.modules import tally_rules, tally_tables

    keys = tally_tables.vote_keys(idea.contribution_id)
    return tally_rules.total(idea.votes, tally_tables.counts(tally_tables.read(keys), keys))


def unvoted_in(tx: Transaction, idea: Any, price: int) -> None:
    """A budget idea's cost changes only while no ballot holds it: with its rolled-up votes
    at none (the caller's condition), its live counters must hold none either; they take
    the new price, so that a ballot that read the old one is refused (label `contribution`
    fails otherwise: the caller tells why after the commit, so that a phase that forbids
    the change is told first)."""
    from chalicelib.modules import tally_tables

    tally_tables.unvoted_in(tx, "contribution", idea.contribution_id, price)


def ballot_shards(module_id: str) -> list[Key | None]:
    """The keys of a module's ballot-count shards, for a caller's BatchGetItem."""
    from chalicelib.modules import tally_tables
    from chalicelib.modules.tally_tables import Tally

    return [(Tally, k, None) for k in tally_tables.ballot_keys(module_id)]


def true_ballots(module: Any, found: Found) -> dict[str, Any]:
    """Sets `module.ballot_count` to the true count (rolled up, plus the shards `found`
    holds); answers the shards read, for `unballoted_in`."""
    from chalicelib.modules import tally_rules, tally_tables
    from chalicelib.modules.tally_tables import Tally

    shards = {k: t for k in tally_tables.ballot_keys(module.module_id)
              if (t := found.get(Tally, k)) is not None}
    module.ballot_count = tally_rules.total(
        module.ballot_count, {k: int(t.n or 0) for k, t in shards.items()})
    return shards


def unballoted_in(tx: Transaction, module: Any, shards: dict[str, Any]) -> None:
    """No ballot was cast: none when read (`true_ballots`), and none since (label `module`
    fails otherwise)."""
    from chalicelib.modules import tally_tables

    tally_tables.unballoted_in(tx, OPEN, module.module_id, shards,
                               cast=int(module.ballot_count or 0) != 0)


def forget_tallies(idea_ids: list[str]) -> None:
    """The live counters of ideas being purged with their consultation."""
    from chalicelib.modules import tally_tables

    tally_tables.delete([k for i in idea_ids for k in tally_tables.vote_keys(i)])
