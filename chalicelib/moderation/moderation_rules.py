"""Moderation rules: plain functions over plain values (no storage, no AWS), so tests call them
directly. `flags.py`, `cases.py` and `strikes.py` read, call these, and write the result.

- A flag is one person's report of one contribution or comment, with a reason from `REASONS`.
  An item has at most one active case at a time; the first flag after the item was last
  decided (or ever) opens a new one.
- Hiding: when the *counted* flags of the active case reach the community's threshold, the
  flag that reaches it hides the item. Flags by people whose flags moderators rejected more
  than `Policy.abuse_limit` times still feed the case but are not counted.
- Priority: open cases sort by flag count (most first), then reach (the interactions the item
  received), then age (oldest first): `queue_key` encodes that order in one string.
- Strikes: removals within `Policy.strike_window` count; strike n applies the ladder's rung
  for n (the last rung for any n beyond it), once per removal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

DAY = 24 * 3600

REASONS = ("spam", "harassment", "hate_speech", "violence", "illegal", "privacy",
           "misinformation", "off_topic", "other")
ACTIONS = ("restore", "remove")
KINDS = ("contribution", "comment")

OPEN, APPEALED, CLOSED = "open", "appealed", "closed"
ACTIVE = (OPEN, APPEALED)
REMOVED, RESTORED = "removed", "restored"

RUNGS = ("warning", "suspension", "deletion")
MAX_NOTES = 50  # notes kept on one case (every flag still counts; later notes are dropped)

_FLAGS_WIDTH, _REACH_WIDTH, _AGE_WIDTH = 6, 10, 13
_MAX_FLAGS, _MAX_REACH = 10 ** _FLAGS_WIDTH - 1, 10 ** _REACH_WIDTH - 1


# ---- configuration ---------------------------------------------------------------------

@dataclass(frozen=True)
class Rung:
    action: str           # warning | suspension | deletion
    days: int = 0         # suspensions: how long

    def describe(self) -> dict[str, Any]:
        return {"action": self.action, **({"days": self.days} if self.days else {})}


@dataclass(frozen=True)
class Policy:
    strike_window: int = 365 * DAY
    ladder: tuple[tuple[int, Rung], ...] = field(default_factory=lambda: (
        (1, Rung("warning")), (3, Rung("suspension", 7)), (5, Rung("deletion"))))
    abuse_limit: int = 5  # rejected flags beyond which a person's flags no longer hide

    def rung_for(self, strike: int) -> Rung | None:
        """The rung strike number `strike` applies: the ladder's entry for that number, the
        last rung for any number beyond the ladder, none between entries."""
        if strike < 1 or not self.ladder:
            return None
        for number, rung in self.ladder:
            if number == strike:
                return rung
        last_number, last_rung = self.ladder[-1]
        return last_rung if strike > last_number else None

    def next_rung(self, strike: int) -> tuple[int, Rung] | None:
        """The next rung after strike `strike` (what a warning announces)."""
        for number, rung in self.ladder:
            if number > strike:
                return number, rung
        return None


def parse_ladder(text: str) -> tuple[tuple[int, Rung], ...]:
    """`1:warning,3:suspension:7,5:deletion` -> the ladder (strike numbers increasing)."""
    ladder: list[tuple[int, Rung]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        bits = part.split(":")
        if len(bits) not in (2, 3) or not bits[0].isdigit() or bits[1] not in RUNGS:
            raise ValueError(f"ladder entry {part!r}: use <strike>:<{'|'.join(RUNGS)}>[:days]")
        days = int(bits[2]) if len(bits) == 3 else 0
        if bits[1] == "suspension" and days < 1:
            raise ValueError(f"ladder entry {part!r}: a suspension needs its days")
        ladder.append((int(bits[0]), Rung(bits[1], days)))
    numbers = [n for n, _ in ladder]
    if any(n < 1 for n in numbers) or numbers != sorted(set(numbers)):
        raise ValueError("ladder strike numbers must be positive and increasing")
    return tuple(ladder)


def policy_from(environ: Mapping[str, str]) -> Policy:
    """The policy from AGORA_MODERATION_STRIKE_WINDOW_DAYS, AGORA_MODERATION_LADDER and
    AGORA_MODERATION_ABUSE_LIMIT; defaults where unset."""
    base = Policy()
    window = environ.get("AGORA_MODERATION_STRIKE_WINDOW_DAYS")
    ladder = environ.get("AGORA_MODERATION_LADDER")
    limit = environ.get("AGORA_MODERATION_ABUSE_LIMIT")
    return Policy(strike_window=int(window) * DAY if window else base.strike_window,
                  ladder=parse_ladder(ladder) if ladder else base.ladder,
                  abuse_limit=int(limit) if limit else base.abuse_limit)


@lru_cache(maxsize=1)
def policy() -> Policy:
    return policy_from(os.environ)


# ---- flags -----------------------------------------------------------------------------

def counts_toward_hiding(rejected_flags: int, p: Policy) -> bool:
    """A person whose flags were rejected more than `abuse_limit` times no longer hides."""
    return rejected_flags <= p.abuse_limit


@dataclass(frozen=True)
class CaseState:
    """What a flag needs to know of an item's current case (None fields: no case yet)."""

    seq: int = 0
    status: str | None = None
    flags: int = 0
    counted: int = 0

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


@dataclass(frozen=True)
class FlagPlan:
    """What one flag does: open a new case (number `seq`) or feed the active one, and
    whether it hides the item. `threshold_reached`: True, False, or None when the
    threshold does not matter (the flag is not counted, or the item is hidden already)."""

    seq: int
    opens: bool
    flags: int            # distinct flaggers after this flag
    counted: int          # counted flaggers after this flag
    hides: bool
    threshold_reached: bool | None


def plan_flag(case: CaseState, *, counted: bool, item_hidden: bool, threshold: int) -> FlagPlan:
    """Decide one flag against the case as read. The write is conditional on that read (the
    case's number and flag count), so of concurrent flags exactly one reaches the threshold
    and exactly one opens a case; the others re-read and plan again."""
    opens = not case.active
    seq = case.seq + 1 if opens else case.seq
    flags = 1 if opens else case.flags + 1
    before = 0 if opens else case.counted
    after = before + (1 if counted else 0)
    if not counted or item_hidden:
        return FlagPlan(seq, opens, flags, after, hides=False, threshold_reached=None)
    reached = after >= threshold
    return FlagPlan(seq, opens, flags, after, hides=reached, threshold_reached=reached)


def flaggable(*, deleted: bool, hidden: bool, case_active: bool) -> bool:
    """Visible items can be flagged; a hidden one only while its case is still open (people
    who had it on screen when it was hidden feed the case); removed ones cannot."""
    if deleted:
        return False
    return not hidden or case_active


def queue_key(flags: int, reach: int, opened_at: float) -> str:
    """Sorts ascending as the queue must read: most flags, then most reach, then oldest."""
    f = _MAX_FLAGS - max(0, min(int(flags), _MAX_FLAGS))
    r = _MAX_REACH - max(0, min(int(reach), _MAX_REACH))
    age = max(0, int(opened_at * 1000))
    return f"{f:0{_FLAGS_WIDTH}d}#{r:0{_REACH_WIDTH}d}#{age:0{_AGE_WIDTH}d}"


def reach_of(kind: str, engagement: Any) -> int:
    """How far an item travelled: the interactions it received (upvotes, comments,
    reactions). Comments receive none the platform counts, so theirs is 0."""
    if kind != "contribution":
        return 0
    try:
        return max(0, int(engagement or 0))
    except (TypeError, ValueError):
        return 0


def case_key(item_id: str, seq: int) -> str:
    return f"{item_id}:{int(seq)}"


# ---- decisions and appeals -------------------------------------------------------------

@dataclass(frozen=True)
class DecisionCheck:
    """What a decision request may do with the case as read."""

    apply: bool          # write the decision
    repeat: bool         # the same decision again: re-run its effects (idempotent), no write
    error: str | None    # a machine code when refused


def check_decision(*, status: str, decided_action: str | None, decided_by: str | None,
                   first_decided_by: str | None, action: str, moderator_id: str,
                   author_id: str | None) -> DecisionCheck:
    """Open cases take a decision; an appealed case takes one from another moderator than
    the one who decided it; a closed case takes the same decision again as a harmless repeat
    (its effects are idempotent), and refuses a different one."""
    if author_id is not None and author_id == moderator_id:
        return DecisionCheck(False, False, "own_content")
    if status == OPEN:
        return DecisionCheck(True, False, None)
    if status == APPEALED:
        if first_decided_by is not None and first_decided_by == moderator_id:
            return DecisionCheck(False, False, "appeal_needs_another_moderator")
        return DecisionCheck(True, False, None)
    if decided_action == action:
        return DecisionCheck(False, True, None)
    return DecisionCheck(False, False, "already_decided")


def appeal_refusal(*, status: str, outcome: str | None, appealed: bool) -> str | None:
    """Why an author may not appeal (None: they may): only a removal, only once."""
    if appealed:
        return "already_appealed"
    if status != CLOSED or outcome != REMOVED:
        return "nothing_to_appeal"
    return None


# ---- strikes ---------------------------------------------------------------------------

def live_removals(removals: Mapping[str, Any], now: float, p: Policy) -> dict[str, float]:
    """Removals (case key -> when) still inside the rolling window."""
    out: dict[str, float] = {}
    for key, entry in removals.items():
        at = _at(entry)
        if at is not None and now - at < p.strike_window:
            out[key] = at
    return out


def expired_removals(removals: Mapping[str, Any], now: float, p: Policy) -> list[str]:
    return [k for k in removals if k not in live_removals(removals, now, p)]


def strike_number(removals: Mapping[str, Any], key: str, now: float, p: Policy) -> int:
    """The strike a removal for case `key` at `now` is: 1 + the other removals in window."""
    return 1 + sum(1 for k in live_removals(removals, now, p) if k != key)


def strikes(removals: Mapping[str, Any], now: float, p: Policy) -> int:
    return len(live_removals(removals, now, p))


def _at(entry: Any) -> float | None:
    value = entry.get("at") if isinstance(entry, Mapping) else getattr(entry, "at", None)
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def suspension_over(status: str | None, until: float | None, now: float) -> bool:
    return status == "suspended" and until is not None and until <= now
