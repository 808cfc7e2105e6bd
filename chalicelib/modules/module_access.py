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


def count_ballot(tx: Transaction, module_id: str, *, first: bool, now: float,
                 phase: str | None = None) -> None:
    """A ballot cast (`first`) or replaced, while the module is open and the budget still in
    `phase` (label `module`)."""
    from chalicelib.modules import module_tables

    module_tables.count_ballot(tx, OPEN, module_id, first=first, now=now, phase=phase)


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
    it meanwhile), counted on the module while it is open (label `module`)."""
    from chalicelib.modules import vote_tables
    from chalicelib.modules.vote_tables import Ballot

    ballot = Ballot(module.module_id, user_id, community_id=module.community_id,
                    choices=choices, total_cost=total,
                    version=(int(old.version) + 1) if old else 1,
                    created_at=old.created_at if old else now, updated_at=now)
    vote_tables.ballot_put(tx, "ballot", ballot, int(old.version) if old else None)
    count_ballot(tx, module.module_id, first=old is None, now=now, phase=phase(module))
    return ballot
