"""The outbox's sweeper (`platform.dynamo.outbox`): every minute, the messages that were
promised in a transaction but not consumed in time are sent again."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="sweep_outbox")
def sweep_outbox(event: Any) -> dict[str, int]:
    from chalicelib.platform.dynamo import outbox_sweeper

    return outbox_sweeper.sweep()
