"""The phases of a participatory budget, as plain functions."""

from __future__ import annotations

import pytest

from chalicelib.modules import phase_rules as phases
from chalicelib.platform.errors import ValidationFailed


def _wrong(call, *args, **kwargs):
    with pytest.raises(phases.WrongPhase) as refused:
        call(*args, **kwargs)
    assert refused.value.code == "wrong_phase" and refused.value.status == 422


def test_the_phase_of_settings():
    assert phases.phase_of({"phase": "review"}) == "review"
    assert phases.phase_of({}) is None and phases.phase_of(None) is None


def test_only_budgets_have_the_four_phases():
    phases.check_phase_setting("budget", "voting")
    phases.check_phase_setting("ideas", None)
    for module_type, phase in (("ideas", "voting"), ("budget", "later")):
        with pytest.raises(ValidationFailed) as bad:
            phases.check_phase_setting(module_type, phase)
        assert bad.value.errors[0].field == "settings.phase"


def test_phases_move_forward_one_step():
    phases.check_move("proposals", "review", ballots=0)
    phases.check_move("voting", "results", ballots=9)
    phases.check_move("review", "review", ballots=0)
    phases.check_move(None, "proposals", ballots=0)
    _wrong(phases.check_move, "proposals", "voting", ballots=0)
    _wrong(phases.check_move, "voting", "review", ballots=0)
    _wrong(phases.check_move, "results", "proposals", ballots=0)
    _wrong(phases.check_move, None, "voting", ballots=0)
    _wrong(phases.check_move, None, "proposals", ballots=1)
    with pytest.raises(ValidationFailed):
        phases.check_move("review", None, ballots=0)


def test_results_are_published_on_entering_results():
    assert phases.publishes_results("voting", "results")
    assert not phases.publishes_results("results", "results")
    assert not phases.publishes_results("review", "voting")


def test_posting_and_voting_each_have_their_phase():
    for phase in (None, "proposals"):
        phases.require_posting(phase)
        phases.require_cost_edit(phase)
    for phase in ("review", "voting", "results"):
        _wrong(phases.require_posting, phase)
        _wrong(phases.require_cost_edit, phase)
    for phase in (None, "voting"):
        phases.require_voting(phase)
    for phase in ("proposals", "review", "results"):
        _wrong(phases.require_voting, phase)


def test_ballots_choose_accepted_ideas_at_their_revised_cost():
    assert phases.choosable(None, None)
    assert phases.choosable("voting", "accepted")
    assert not phases.choosable("voting", "under_review")
    assert not phases.choosable("voting", None)
    assert phases.ballot_cost(10, None) == 10
    assert phases.ballot_cost(10, 4) == 4
    assert phases.ballot_cost(None, None) == 0


def test_what_an_answer_may_change_in_each_phase():
    for phase in (None, "proposals", "review"):
        phases.require_answer(phase, None, "accepted", True)
    phases.require_answer("voting", "accepted", "accepted", False)
    _wrong(phases.require_answer, "voting", "accepted", "accepted", True)
    _wrong(phases.require_answer, "voting", "under_review", "accepted", False)
    _wrong(phases.require_answer, "voting", "accepted", "implemented", False)
    phases.require_answer("results", "accepted", "implemented", False)
    _wrong(phases.require_answer, "results", "rejected", "accepted", False)
    _wrong(phases.require_answer, "results", "accepted", "accepted", True)


def test_the_phases_an_answer_may_be_written_in():
    assert phases.answer_phases(None, "accepted", True) == ("proposals", "review")
    assert phases.answer_phases("accepted", "accepted", False) == phases.PHASES
    assert phases.answer_phases("accepted", "implemented", False) == (
        "proposals", "review", "results")
    assert phases.answer_phases("rejected", "accepted", False) == ("proposals", "review")
