"""Budget ballots: the pure rules."""

from __future__ import annotations

import pytest

from chalicelib.modules import budget_rules as budget
from chalicelib.platform.errors import Unprocessable, ValidationFailed

RULES = budget.BudgetRules(total=100, min_choices=1, max_choices=3)


@pytest.mark.parametrize("costs,code", [
    ([], "too_few_choices"),
    ([10, 10, 10, 10], "too_many_choices"),
    ([60, 50], "over_budget"),
])
def test_invalid_ballots_say_why(costs, code):
    with pytest.raises(Unprocessable) as raised:
        budget.validate_ballot(RULES, costs)
    assert raised.value.code == code


def test_a_ballot_that_fits_costs_its_total():
    assert budget.validate_ballot(RULES, [60, 40]) == 100
    assert budget.validate_ballot(RULES, [0]) == 0


def test_replacing_moves_votes_only_for_what_changed():
    assert budget.moves(["a", "b", "c"], ["b", "c", "d"]) == (["a"], ["d"])
    assert budget.moves([], ["x"]) == ([], ["x"])
    assert budget.moves(["x"], ["x"]) == ([], [])


@pytest.mark.parametrize("settings,field", [
    ({}, "settings.budget_total"),
    ({"budget_total": 0}, "settings.budget_total"),
    ({"budget_total": 10, "min_choices": 3, "max_choices": 2}, "settings.max_choices"),
    ({"budget_total": 10, "min_choices": True}, "settings.min_choices"),
    ({"budget_total": 10, "max_choices": 41}, "settings.max_choices"),
])
def test_budget_settings_are_validated(settings, field):
    with pytest.raises(ValidationFailed) as raised:
        budget.rules_from(settings)
    assert raised.value.errors[0].field == field


def test_a_ballot_names_each_idea_once():
    with pytest.raises(ValidationFailed):
        budget.check_choices(["a", "a"])
    with pytest.raises(ValidationFailed):
        budget.check_cost(-1)
    with pytest.raises(ValidationFailed):
        budget.check_cost(None)
