"""The phases of a participatory budget, pure: `settings.phase` is `proposals` (people post
ideas with a cost), `review` (admins answer each idea and may revise its cost), `voting`
(ballots may choose only ideas answered `accepted`, at their revised cost) and `results`
(the tallies are published). A budget without a phase takes ideas and ballots together, as
it always did. Each write checks its rule here against the phase it read, and its
transaction conditions on that phase being still the module's (`phase_is`), so a phase
that moves meanwhile refuses the write as a whole."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.errors import Unprocessable, ValidationFailed

PHASES = ("proposals", "review", "voting", "results")
COSTED = ("proposals", "review")  # an idea's cost may still change: no ballot holds it
ACCEPTED = "accepted"


class WrongPhase(Unprocessable):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="wrong_phase")


def phase_of(settings: dict[str, Any] | None) -> str | None:
    phase = (settings or {}).get("phase")
    return phase if phase in PHASES else None


def check_phase_setting(module_type: str, phase: Any) -> None:
    """400 naming `settings.phase`: only budgets have phases, and only these four."""
    if phase is None:
        return
    if module_type != "budget":
        raise ValidationFailed.field("settings.phase", "only budget modules have phases")
    if phase not in PHASES:
        raise ValidationFailed.field("settings.phase", f"must be one of {', '.join(PHASES)}")


def check_move(old: str | None, new: str | None, *, ballots: int) -> None:
    """Phases move forward one step at a time (the same phase again changes nothing). A
    budget without phases may adopt them, starting with `proposals`, only while no ballot
    was cast; once adopted they stay."""
    if new == old:
        return
    if new is None:
        raise ValidationFailed.field("settings.phase", "a budget in phases keeps them")
    if old is None:
        if new != PHASES[0] or ballots:
            raise WrongPhase("A budget adopts phases from `proposals`, before any ballot.")
        return
    if PHASES.index(new) != PHASES.index(old) + 1:
        raise WrongPhase(f"The phase after {old} is {_next(old)}.")


def _next(phase: str) -> str:
    at = PHASES.index(phase)
    return PHASES[at + 1] if at + 1 < len(PHASES) else "none (results is the last)"


def publishes_results(old: str | None, new: str | None) -> bool:
    """Moving to `results` publishes the tallies."""
    return new == "results" and old != "results"


def require_posting(phase: str | None) -> None:
    """New ideas: only in `proposals` (or without phases)."""
    if phase not in (None, "proposals"):
        raise WrongPhase("Ideas are posted during the proposals phase only.")


def require_cost_edit(phase: str | None) -> None:
    """The author may change an idea's cost only while proposals are taken."""
    if phase not in (None, "proposals"):
        raise WrongPhase("An idea's cost changes by the author during proposals only.")


def require_voting(phase: str | None) -> None:
    """Ballots: only in `voting` (or without phases)."""
    if phase not in (None, "voting"):
        raise WrongPhase("Ballots are taken during the voting phase only.")


def choosable(phase: str | None, answer_status: str | None) -> bool:
    """Whether a ballot may choose an idea: in phases, only ideas answered `accepted`."""
    return phase is None or answer_status == ACCEPTED


def ballot_cost(cost: Any, answer_cost: Any) -> int:
    """What an idea costs on a ballot: the cost the answer revised it to, else its own."""
    chosen = answer_cost if answer_cost is not None else cost
    return int(chosen or 0)


def require_answer(phase: str | None, old_status: str | None, new_status: str,
                   cost_changes: bool) -> None:
    """What an official answer may change in each phase.

    - without phases, and in `proposals` and `review`: any answer the transitions allow,
      and a revised cost;
    - in `voting`: the text only (the set of accepted ideas and their costs is what people
      are voting on);
    - in `results`: the text, and an accepted idea may be marked `implemented`.
    """
    if phase in (None, *COSTED):
        return
    if cost_changes:
        raise WrongPhase("An idea's cost is revised before voting starts.")
    if new_status == old_status:
        return
    if phase == "results" and old_status == ACCEPTED and new_status == "implemented":
        return
    raise WrongPhase(f"During {phase}, an answer's status no longer changes"
                     + (" (except accepted to implemented)." if phase == "results" else "."))


def answer_phases(old_status: str | None, new_status: str,
                  cost_changes: bool) -> tuple[str, ...]:
    """The phases in which `require_answer` lets this answer through: the answer's write
    conditions on the module being in one of them (or having no phase)."""
    allowed = []
    for phase in PHASES:
        try:
            require_answer(phase, old_status, new_status, cost_changes)
        except WrongPhase:
            continue
        allowed.append(phase)
    return tuple(allowed)
