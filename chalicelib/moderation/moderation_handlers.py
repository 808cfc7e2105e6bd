"""Moderation's queue and scheduled work: what follows each decision (promised in the
decision's transaction), and suspensions that ended (hourly)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

from chalicelib.platform.config import queue_name

bp = Blueprint(__name__)


@bp.on_sqs_message(queue=queue_name("moderation"), batch_size=10)
def apply_decisions(event: Any) -> dict[str, Any]:
    from chalicelib.moderation import decision_effects
    from chalicelib.platform.queue_batches import process

    return process(event, lambda body, _id: decision_effects.apply(body))


@bp.schedule(Rate(1, unit=Rate.HOURS), name="lift_suspensions")
def lift_suspensions(event: Any) -> dict[str, int]:
    from chalicelib.moderation import strikes
    from chalicelib.platform.log import logger

    lifted = strikes.lift_ended_suspensions()
    logger.info("suspensions lifted", extra={"lifted": lifted})
    return {"lifted": lifted}
