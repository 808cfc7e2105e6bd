"""Official answers' rules, as plain functions."""

from __future__ import annotations

import pytest

from chalicelib.contributions import answer_rules as rules
from chalicelib.platform.errors import Unprocessable, ValidationFailed


@pytest.mark.parametrize(("old", "new"), [
    (None, "under_review"), (None, "accepted"), (None, "rejected"),
    ("under_review", "accepted"), ("accepted", "implemented"), ("rejected", "accepted"),
    ("accepted", "accepted"), ("implemented", "implemented")])
def test_allowed_transitions(old, new):
    rules.check_transition(old, new)


@pytest.mark.parametrize(("old", "new"), [
    (None, "implemented"), ("under_review", "implemented"), ("rejected", "implemented"),
    ("implemented", "accepted"), ("implemented", "under_review")])
def test_refused_transitions_are_422(old, new):
    with pytest.raises(Unprocessable) as refused:
        rules.check_transition(old, new)
    assert refused.value.code == "answer_transition"


def test_an_unknown_status_is_400_naming_it():
    with pytest.raises(ValidationFailed) as bad:
        rules.check_transition(None, "maybe")
    assert bad.value.errors[0].field == "status"


def test_only_budget_ideas_take_a_cost():
    assert rules.check_cost("budget", 0) == 0
    assert rules.check_cost("ideas", None) is None
    for module_type, cost in (("ideas", 5), ("budget", -1), ("budget", True)):
        with pytest.raises(ValidationFailed) as bad:
            rules.check_cost(module_type, cost)
        assert bad.value.errors[0].field == "cost"


def test_cost_changes_and_is_kept():
    assert rules.cost_changes(None, 10)
    assert not rules.cost_changes({"cost": 10}, 10)
    assert rules.cost_changes({"cost": 10}, 12)
    assert not rules.cost_changes({"cost": 10}, None)
    assert rules.kept_cost({"cost": 10}, None) == 10
    assert rules.kept_cost(None, None) is None


def test_people_are_told_of_decisions_not_of_mended_text():
    answer = rules.Answer("accepted", {"en": "Yes"})
    assert rules.notifies(None, answer, None)
    assert not rules.notifies({"status": "accepted", "text": {"en": "Ye"}}, answer, None)
    assert rules.notifies({"status": "under_review"}, answer, None)
    assert rules.notifies({"status": "accepted", "cost": 5}, answer, 7)


def test_a_repeated_answer_is_the_same_answer():
    answer = rules.Answer("accepted", {"en": "Yes"})
    stored = {"status": "accepted", "text": {"en": "Yes"}}
    assert rules.same_answer(stored, answer, None, None)
    assert not rules.same_answer(stored, answer, None, "Ada")
    assert not rules.same_answer(None, answer, None, None)


def test_shown_never_carries_the_signers_id():
    stored = {"status": "accepted", "text": {"en": "Yes"}, "cost": 3, "signed_by": "Ada",
              "answered_at": 1.0}
    shown = rules.shown(stored, "Yes", "2026-01-01T00:00:00Z")
    assert shown == {"status": "accepted", "text": "Yes", "cost": 3, "signed_by": "Ada",
                     "answered_at": "2026-01-01T00:00:00Z"}
    assert rules.shown(None, None, None) is None
