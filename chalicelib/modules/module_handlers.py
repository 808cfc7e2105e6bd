"""Scheduled work of modules: the announcer of modules that opened (the work is in
`chalicelib.modules.openings`)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

bp = Blueprint(__name__)


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="announce_openings")
def announce_openings(event: Any) -> dict[str, int]:
    """Every 5 minutes: followers hear of the modules that opened since the last run."""
    from chalicelib.modules import openings

    return {"announced": openings.announce_due()}
