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
