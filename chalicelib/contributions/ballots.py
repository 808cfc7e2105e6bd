"""Participatory budgets: admins set a total and how many ideas a ballot must choose; each
person's ballot (a set of the module's ideas) must fit. Validation is pure; `replace_ballot`
writes a new ballot and moves the per-idea vote tallies in ONE transaction, conditional on
the version of the ballot it replaces, so tallies always equal the ballots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Conflict, NotFound, Unprocessable, ValidationFailed

MAX_CHOICES = 40  # a replacement touches at most 2 * 40 ideas + 2 items in one transaction
MAX_TOTAL = 10**12
RETRIES = 3


@dataclass(frozen=True)
class BudgetRules:
    total: int
    min_choices: int
    max_choices: int


def rules_from(settings: dict[str, Any]) -> BudgetRules:
    """Validated budget settings of a module (400 naming the setting)."""
    total = settings.get("budget_total")
    low = settings.get("min_choices", 1)
    high = settings.get("max_choices", MAX_CHOICES)
    for name, value in (("budget_total", total), ("min_choices", low), ("max_choices", high)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationFailed.field(f"settings.{name}", "must be an integer")
    assert isinstance(total, int) and isinstance(low, int) and isinstance(high, int)
    if not 0 < total <= MAX_TOTAL:
        raise ValidationFailed.field("settings.budget_total", f"must be 1..{MAX_TOTAL}")
    if not 0 <= low <= MAX_CHOICES:
        raise ValidationFailed.field("settings.min_choices", f"must be 0..{MAX_CHOICES}")
    if not max(low, 1) <= high <= MAX_CHOICES:
        raise ValidationFailed.field("settings.max_choices",
                                     f"must be min_choices..{MAX_CHOICES} and at least 1")
    return BudgetRules(total=total, min_choices=low, max_choices=high)


def check_cost(cost: Any) -> int:
    if cost is None:
        raise ValidationFailed.field("cost", "budget ideas need a cost")
    if isinstance(cost, bool) or not isinstance(cost, int) or not 0 <= cost <= MAX_TOTAL:
        raise ValidationFailed.field("cost", f"must be an integer 0..{MAX_TOTAL}")
    return cost


def check_choices(ids: list[str]) -> list[str]:
    if len(set(ids)) != len(ids):
        raise ValidationFailed.field("contribution_ids", "lists an idea twice")
    return ids


def validate_ballot(rules: BudgetRules, costs: list[int]) -> int:
    """The ballot's total cost, or 422 `too_few_choices`, `too_many_choices`, `over_budget`."""
    if len(costs) < rules.min_choices:
        raise Unprocessable(f"Choose at least {rules.min_choices} ideas.",
                            code="too_few_choices")
    if len(costs) > rules.max_choices:
        raise Unprocessable(f"Choose at most {rules.max_choices} ideas.",
                            code="too_many_choices")
    total = sum(costs)
    if total > rules.total:
        raise Unprocessable(f"These ideas cost {total}, over the budget of {rules.total}.",
                            code="over_budget")
    return total


def moves(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """(ideas losing this ballot's vote, ideas gaining it)."""
    before, after = set(old), set(new)
    return sorted(before - after), sorted(after - before)


def replace_ballot(module: Any, found: Any, principal: Any, ids: list[str]) -> dict[str, Any]:
    """Validate and store the caller's ballot. `found` holds what one BatchGetItem read: the
    module, the caller's account and current ballot, the chosen ideas. The transaction
    proves access (ConditionChecks on the community and membership, see
    `scope.access_attempts`) and that the module is open; when the ballot changed
    meanwhile, it reads again and retries."""
    from chalicelib.communities.scope import ACCESS_LABELS, access_attempts
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules import modules
    from chalicelib.modules import response_tables as votes
    from chalicelib.modules.response_tables import Ballot
    from chalicelib.platform import clock
    from chalicelib.platform.dynamo.batch_get import get_many
    from chalicelib.platform.dynamo.transactions import CheckFailed

    user_id = principal.user_id
    rules = rules_from(as_dict(module.settings))
    attempts = access_attempts(module.community_id, module.community_visibility, principal)
    tries = 0
    while attempts and tries < RETRIES + len(attempts):
        tries += 1
        ideas = [found.get(Contribution, i) for i in ids]
        for position, idea in enumerate(ideas):
            if idea is None or idea.module_id != module.module_id or not idea.visible:
                raise ValidationFailed.field(f"contribution_ids.{position}",
                                             "is not an idea of this budget")
        total = validate_ballot(rules, [int(i.cost or 0) for i in ideas if i is not None])
        old = found.get(Ballot, module.module_id, user_id)
        now = clock.now()
        modules.require_open(module, now)
        removed, added = moves(list(old.choices) if old else [], ids)
        ballot = Ballot(module.module_id, user_id, community_id=module.community_id,
                        choices=ids, total_cost=total,
                        version=(int(old.version) + 1) if old else 1,
                        created_at=old.created_at if old else now, updated_at=now)
        try:
            votes.replace_ballot(ballot, int(old.version) if old else None, removed, added,
                                 now, attempts[0])
        except CheckFailed as failed:
            if failed.labels & ACCESS_LABELS:
                attempts.pop(0)  # the other way of proving access, if any
                continue
            raise
        except votes.Retry:  # lost a race with another replacement of this ballot
            found = get_many([(Ballot, module.module_id, user_id)] +
                             [(Contribution, i, None) for i in ids])
            continue
        except votes.ModuleClosed:
            raise Unprocessable("This module is closed.", code="module_closed") from None
        except votes.ItemChanged:
            raise Conflict("An idea of this ballot changed meanwhile; try again.",
                           code="idea_changed") from None
        if removed or added or old is None:
            from chalicelib.platform import activities as activity

            activity.record("ballot", community_id=module.community_id,
                            module_id=module.module_id, user_id=user_id, at=now,
                            key=f"ballot:{module.module_id}:{user_id}:{ballot.version}",
                            version=int(ballot.version), removed=removed, added=added)
        return present(ballot, rules)
    if not attempts:
        raise NotFound("No such module.")
    raise Conflict("The ballot changed meanwhile; try again.", code="ballot_changed")


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


def _budget_module(module_id: str) -> Any:
    from chalicelib.communities.scope import load_module

    module = load_module(module_id)
    if module.type != "budget":
        raise Unprocessable("Only budget modules take ballots.", code="wrong_module_type")
    return module


def put_ballot(module_id: str, principal: Any, ids: list[str]) -> dict[str, Any]:
    """Two DynamoDB calls: one BatchGetItem (the module, the caller's account and ballot,
    the chosen ideas, all named by the request) and one transaction. A refusal first makes
    sure the caller may see the module at all (404 otherwise), so it reveals nothing."""
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.contributions.contributions import require_participant
    from chalicelib.identity.user_tables import User
    from chalicelib.modules.module_tables import Module
    from chalicelib.modules.response_tables import Ballot
    from chalicelib.platform.dynamo.batch_get import get_many
    from chalicelib.platform.errors import DomainError

    check_choices(ids)
    if len(ids) > MAX_CHOICES:
        raise Unprocessable(f"Choose at most {MAX_CHOICES} ideas.", code="too_many_choices")
    found = get_many([(Module, module_id, None), (User, principal.user_id, None),
                      (Ballot, module_id, principal.user_id)]
                     + [(Contribution, i, None) for i in ids])
    module = found.get(Module, module_id)
    if module is None:
        raise NotFound("No such module.")
    try:
        if module.type != "budget":
            raise Unprocessable("Only budget modules take ballots.", code="wrong_module_type")
        require_participant(found.get(User, principal.user_id))
        return replace_ballot(module, found, principal, ids)
    except NotFound:
        raise
    except DomainError:
        authorise(module.community_id, principal, "", what="module")  # 404 to outsiders
        raise


def get_ballot(module_id: str, principal: Any) -> dict[str, Any]:
    from chalicelib.communities.scope import authorise
    from chalicelib.modules.response_tables import Ballot

    module = _budget_module(module_id)
    scope = authorise(module.community_id, principal, "",
                      [(Ballot, module_id, principal.user_id)], "module")
    return present(scope.found.get(Ballot, module_id, principal.user_id),
                   rules_from(as_dict(module.settings)))
