"""Scheduled moderation work: suspensions that ended (hourly)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.HOURS), name="lift_suspensions")
def lift_suspensions(event: Any) -> dict[str, int]:
    from chalicelib.moderation import strikes
    from chalicelib.platform.log import logger

    lifted = strikes.lift_ended_suspensions()
    logger.info("suspensions lifted", extra={"lifted": lifted})
    return {"lifted": lifted}
