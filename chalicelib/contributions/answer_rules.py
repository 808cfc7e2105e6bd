"""Official answers to contributions, pure: the statuses, which status may follow which,
who may carry a revised cost, what an answer shows, and when a change tells people.

An answer is `{status, text (per locale), answered_at, cost?, signed_by?}`. The admin who
answers is named (`signed_by`, their display name) only when they chose to sign; otherwise
the answer is the community's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.platform.errors import Unprocessable, ValidationFailed

STATUSES = ("under_review", "accepted", "rejected", "implemented")
# Which status may follow which (the same status again edits the text). `implemented` is
# the end of an idea's road; only an accepted idea gets there.
TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("under_review", "accepted", "rejected"),
    "under_review": ("under_review", "accepted", "rejected"),
    "accepted": ("accepted", "under_review", "rejected", "implemented"),
    "rejected": ("rejected", "under_review", "accepted"),
    "implemented": ("implemented",),
}


@dataclass(frozen=True)
class Answer:
    status: str
    text: dict[str, str]
    cost: int | None = None
    signed: bool = False


def check_transition(old: str | None, new: str) -> None:
    """422 `answer_transition` when `new` may not follow `old`."""
    if new not in STATUSES:
        raise ValidationFailed.field("status", f"must be one of {', '.join(STATUSES)}")
    if new not in TRANSITIONS.get(old, ()):
        was = old or "unanswered"
        raise Unprocessable(f"A contribution {was} cannot become {new}.",
                            code="answer_transition")


def check_cost(module_type: str, cost: Any) -> int | None:
    """A revised cost: only budget ideas take one (400 naming `cost` otherwise)."""
    if cost is None:
        return None
    if module_type != "budget":
        raise ValidationFailed.field("cost", "only budget ideas carry a cost")
    if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
        raise ValidationFailed.field("cost", "must be a non-negative integer")
    return cost


def cost_changes(old_answer: dict[str, Any] | None, new_cost: int | None) -> bool:
    """Whether the answer changes what the idea costs on a ballot. An answer that names no
    cost keeps a cost revised before."""
    if new_cost is None:
        return False
    old = (old_answer or {}).get("cost")
    return old is None or int(old) != new_cost


def kept_cost(old_answer: dict[str, Any] | None, new_cost: int | None) -> int | None:
    if new_cost is not None:
        return new_cost
    old = (old_answer or {}).get("cost")
    return int(old) if old is not None else None


def notifies(old_answer: dict[str, Any] | None, new: Answer, new_cost: int | None) -> bool:
    """People are told once per change of what the answer decides: the first answer, a new
    status, a new revised cost. Mending the text alone tells nobody again."""
    if not old_answer:
        return True
    if old_answer.get("status") != new.status:
        return True
    old_cost = old_answer.get("cost")
    return (None if old_cost is None else int(old_cost)) != new_cost


def same_answer(old_answer: dict[str, Any] | None, new: Answer, new_cost: int | None,
                signed_by: str | None) -> bool:
    """The answer as it stands already (a repeated PUT writes nothing)."""
    if not old_answer:
        return False
    old_cost = old_answer.get("cost")
    return (old_answer.get("status") == new.status
            and dict(old_answer.get("text") or {}) == new.text
            and (None if old_cost is None else int(old_cost)) == new_cost
            and old_answer.get("signed_by") == signed_by)


def shown(stored: dict[str, Any] | None, text: str | None,
          answered_at: str | None) -> dict[str, Any] | None:
    """The answer as a representation carries it (`text` in the reader's locale). The
    signer's account id, kept for their export and erasure, is never shown."""
    if not stored:
        return None
    out: dict[str, Any] = {"status": stored.get("status"), "text": text or "",
                           "answered_at": answered_at}
    if stored.get("cost") is not None:
        out["cost"] = int(stored["cost"])
    if stored.get("signed_by"):
        out["signed_by"] = str(stored["signed_by"])
    return out
