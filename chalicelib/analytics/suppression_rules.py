"""Small-cell suppression for anonymised statistics.

A cell counted from fewer than k people is hidden (primary suppression). Because a table
that shows its total lets anyone subtract the shown cells from it, hidden cells must never
be recoverable by subtraction: if only one cell is hidden, or the hidden cells together hold
fewer than k people, more cells are hidden (smallest first) until the hidden group holds at
least k people across at least two cells; if that is impossible, the total is hidden too.
Empty cells (0 people) reveal no one and stay shown.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_K = 5


@dataclass(frozen=True)
class Table:
    cells: dict[str, int | None]   # None: suppressed
    total: int | None              # None: suppressed
    suppressed: tuple[str, ...]


def suppress(cells: dict[str, int], *, k: int = DEFAULT_K) -> Table:
    """Suppress `cells` (category -> people); the total is their sum. Count people who
    skipped a question as a cell of its own ("skipped"), so the total hides nothing."""
    shown_total = sum(cells.values())
    if 0 < shown_total < k:
        return Table({name: None for name in cells}, None, tuple(sorted(cells)))
    hidden = {name for name, n in cells.items() if 0 < n < k}
    total_hidden = False
    while hidden:
        hidden_sum = sum(cells[name] for name in hidden)
        if len(hidden) >= 2 and hidden_sum >= k:
            break
        candidates = sorted((n, name) for name, n in cells.items()
                            if name not in hidden and n > 0)
        if not candidates:
            total_hidden = True
            break
        hidden.add(candidates[0][1])
    return Table({name: (None if name in hidden else n) for name, n in cells.items()},
                 None if total_hidden else shown_total, tuple(sorted(hidden)))


def suppress_value(people: int, *, k: int = DEFAULT_K) -> int | None:
    """A lone figure counted from people: shown only when 0 or at least k."""
    return people if people == 0 or people >= k else None


# ---- figures that count actions, and figures whose people overlap ---------------------------

@dataclass(frozen=True)
class Count:
    """A figure (`value`: contributions, upvotes...) and the distinct people behind it."""

    value: int
    people: int


def threshold(configured: int) -> int:
    """The deployment's k, never below 2 (k = 1 would suppress nothing)."""
    return max(2, int(configured))


def suppress_row(margin: Count, cells: dict[str, Count], *,
                 k: int = DEFAULT_K) -> tuple[int | None, dict[str, int | None]]:
    """A whole-community figure (`margin`) and its parts (`cells`: one per module; the
    values add up to the margin, the people may overlap: one person acts in several
    modules). A part from fewer than k people is hidden; while the margin is shown, the
    hidden parts (recoverable together as margin minus the shown ones) must be at least two
    and include one part of at least k people, so the group holds k people or more however
    they overlap; more parts are hidden, fewest people first, until it does, else the
    margin is hidden too. A margin from fewer than k people hides everything."""
    if 0 < margin.people < k:
        return None, {name: (None if c.value or c.people else 0) for name, c in cells.items()}
    hidden = {name for name, c in cells.items() if 0 < c.people < k}
    margin_hidden = False
    while hidden:
        if len(hidden) >= 2 and max(cells[name].people for name in hidden) >= k:
            break
        candidates = sorted((c.people, c.value, name) for name, c in cells.items()
                            if name not in hidden and (c.people > 0 or c.value > 0))
        if not candidates:
            margin_hidden = True
            break
        hidden.add(candidates[0][2])
    return (None if margin_hidden else margin.value,
            {name: (None if name in hidden else c.value) for name, c in cells.items()})


def series_total(values: list[int | None]) -> int | None:
    """The total of a series (days of a range, modules of a community) is shown only when
    every part is: a total with a hidden part would give it away by subtraction, and two
    ranges differing by one day would give that day away."""
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def suppress_choice(chosen: int, of: int, *, k: int = DEFAULT_K) -> int | None:
    """How many of `of` people chose an option they could choose alongside others
    (multiple choice, budget ideas): shown only when both those who chose it and those
    who did not are 0 or at least k, since `of` is shown."""
    chosen = max(0, min(chosen, of))
    return suppress({"chosen": chosen, "other": of - chosen}, k=k).cells["chosen"]
