"""Participatory budget rules, pure: the settings admins give (a total, how many ideas a
ballot must choose), an idea's cost, whether a ballot fits, and how a replaced ballot moves
the per-idea tallies. The ballot itself is written by `contributions.ballots`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.platform.errors import Unprocessable, ValidationFailed

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
