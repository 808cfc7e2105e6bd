"""Budget ballots: each person's ballot (a set of the module's ideas) must fit the module's
rules (`modules.budget_rules`, pure); `replace_ballot` writes a new ballot and moves the
live vote counts (`modules.tally_rules`: counter items in the voter's shard, not the ideas'
items) in ONE transaction, conditional on the version of the ballot it replaces, so the
counts always equal the ballots. The roll-up (`vote_rollup`) copies them to the ideas.

The ideas a ballot names were read visible ideas of the module; the transaction does not
check their items again (a ballot of 40 ideas replacing 40 others writes 80 counters, and a
transaction holds 100 items): a cost revised meanwhile refuses it through the price its
counters carry, and a kept idea's cost cannot change (it has a vote: this ballot's)."""

from __future__ import annotations

from typing import Any

from chalicelib.modules.budget_rules import (
    MAX_CHOICES,
    RETRIES,
    BudgetRules,
    check_choices,
    moves,
    rules_from,
    validate_ballot,
)
from chalicelib.modules.phase_rules import WrongPhase, ballot_cost, choosable, require_voting
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, NotFound, Unprocessable, ValidationFailed


def replace_ballot(module: Any, found: Any, principal: Any, ids: list[str]) -> dict[str, Any]:
    """Validate and store the caller's ballot. `found` holds what one BatchGetItem read: the
    module, the caller's account and current ballot, the chosen ideas. The transaction
    proves access (ConditionChecks on the community and membership, see
    `scope.access_attempts`) and that the module is open; when the ballot changed
    meanwhile, it reads again and retries."""
    from chalicelib.communities.scope import ACCESS_LABELS, access_attempts
    from chalicelib.contributions import content_access
    from chalicelib.modules import module_access, modules
    from chalicelib.platform import activities as activity
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo.batch_get import get_many
    from chalicelib.platform.dynamo.transactions import Conflicted, Transaction

    user_id = principal.user_id
    rules = rules_from(as_dict(module.settings))
    phase = module_access.phase(module)
    require_voting(phase)
    attempts = access_attempts(module.community_id, module.community_visibility, principal)
    tries = 0
    while attempts and tries < RETRIES + len(attempts):
        tries += 1
        ideas = chosen_ideas(found, module, ids, phase)
        prices = {i.contribution_id: ballot_cost(i.cost, as_dict(i.answer).get("cost"))
                  for i in ideas}
        total = validate_ballot(rules, list(prices.values()))
        old = module_access.ballot_of(found, module.module_id, user_id)
        now = clock.now()
        modules.require_open(module, now)
        removed, added = moves(list(old.choices) if old else [], ids)
        tx = attempts[0].add_to(Transaction())
        ballot = module_access.put_ballot(tx, module, user_id, ids, total, old, now)
        module_access.move_votes(tx, user_id, removed, {i: prices[i] for i in added})
        if removed or added or old is None:
            activity.record_in(tx, "ballot", community_id=module.community_id,
                               module_id=module.module_id, user_id=user_id, at=now,
                               key=f"ballot:{module.module_id}:{user_id}:{ballot.version}",
                               version=int(ballot.version), removed=removed, added=added)
        try:
            failed = tx.commit()
        except Conflicted:
            failed = {"ballot"}
        if failed & ACCESS_LABELS:
            attempts.pop(0)  # the other way of proving access, if any
            continue
        if "ballot" in failed:  # lost a race with another replacement of this ballot
            found = get_many([module_access.ballot_key(module.module_id, user_id)]
                             + [content_access.key(i) for i in ids])
            continue
        if "module" in failed:
            _why_module_refused(module.module_id, phase)
        if failed:
            raise Conflict("An idea of this ballot changed meanwhile; try again.",
                           code="idea_changed")
        return present(ballot, rules)
    if not attempts:
        raise NotFound("No such module.")
    raise Conflict("The ballot changed meanwhile; try again.", code="ballot_changed")


def chosen_ideas(found: Any, module: Any, ids: list[str], phase: str | None) -> list[Any]:
    """The ideas a ballot names, each a visible idea of this budget (400 naming it) and,
    in phases, answered `accepted` (422 `wrong_phase` naming it)."""
    from chalicelib.contributions import content_access

    ideas = [content_access.of(found, i) for i in ids]
    out = []
    for position, idea in enumerate(ideas):
        field = f"contribution_ids.{position}"
        if idea is None or idea.module_id != module.module_id or not idea.visible:
            raise ValidationFailed.field(field, "is not an idea of this budget")
        if not choosable(phase, idea.answer_status):
            raise WrongPhase(f"{field}: only ideas answered accepted are on the ballot")
        out.append(idea)
    return out


def _why_module_refused(module_id: str, phase: str | None) -> None:
    """The module refused the ballot: it closed, or its phase moved on (one GetItem to
    tell which)."""
    from chalicelib.modules import module_access

    current = module_access.get(module_id)
    if current is not None and module_access.phase(current) != phase:
        raise WrongPhase("The budget's phase changed: ballots are taken while voting.")
    raise Unprocessable("This module is closed.", code="module_closed")


def present(ballot: Any | None, rules: BudgetRules) -> dict[str, Any]:
    return {
        "contribution_ids": list(ballot.choices) if ballot else [],
        "total_cost": int(ballot.total_cost) if ballot else 0,
        "budget_total": rules.total,
        "min_choices": rules.min_choices,
        "max_choices": rules.max_choices,
        "version": int(ballot.version) if ballot else 0,
        "updated_at": _iso(ballot.updated_at) if ballot else None,
    }


def _iso(ts: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(ts)


def put_ballot(module_id: str, principal: Any, ids: list[str]) -> dict[str, Any]:
    """Two DynamoDB calls: one BatchGetItem (the module, the caller's account and ballot,
    the chosen ideas, all named by the request) and one transaction. A refusal first makes
    sure the caller may see the module at all (404 otherwise), so it reveals nothing."""
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions import content_access
    from chalicelib.identity import accounts
    from chalicelib.modules import module_access
    from chalicelib.platform.dynamo.batch_get import get_many
    from chalicelib.platform.errors import DomainError

    check_choices(ids)
    if len(ids) > MAX_CHOICES:
        raise Unprocessable(f"Choose at most {MAX_CHOICES} ideas.", code="too_many_choices")
    found = get_many([module_access.key(module_id), accounts.key(principal.user_id),
                      module_access.ballot_key(module_id, principal.user_id)]
                     + [content_access.key(i) for i in ids])
    module = module_access.of(found, module_id)
    if module is None:
        raise NotFound("No such module.")
    try:
        if module.type != "budget":
            raise Unprocessable("Only budget modules take ballots.", code="wrong_module_type")
        accounts.require_participant(accounts.of(found, principal.user_id))
        return replace_ballot(module, found, principal, ids)
    except NotFound:
        raise
    except DomainError:
        authorise(module.community_id, principal, "", what="module")  # 404 to outsiders
        raise


def get_ballot(module_id: str, principal: Any) -> dict[str, Any]:
    """The caller's ballot; whoever may not see the module gets 404 before anything else."""
    from chalicelib.modules import module_access

    scope = module_access.module_scope(
        module_id, principal, "", [module_access.ballot_key(module_id, principal.user_id)])
    if scope.module.type != "budget":
        raise Unprocessable("Only budget modules take ballots.", code="wrong_module_type")
    return present(module_access.ballot_of(scope.found, module_id, principal.user_id),
                   rules_from(as_dict(scope.module.settings)))
