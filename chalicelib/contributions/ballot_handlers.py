"""Scheduled work of budgets: the roll-up of their live vote counts (the work is in
`chalicelib.contributions.vote_rollup`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="roll_up_votes")
def roll_up_votes(event: Any) -> dict[str, int]:
    """Every minute: each due budget's live counts move into its ideas' `votes` and its
    `ballot_count` (the feeds and results show them a minute late at most while voting);
    a budget past voting is sealed, rolled up one last time and leaves the due list."""
    from chalicelib.contributions import vote_rollup

    return vote_rollup.run()
