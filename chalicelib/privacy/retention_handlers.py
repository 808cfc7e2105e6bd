"""Scheduled retention purges (daily)."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint, Rate

bp = Blueprint(__name__)


@bp.schedule(Rate(1, unit=Rate.DAYS), name="retention_purge")
def retention_purge(event: Any) -> dict[str, int]:
    from chalicelib.platform.log import logger
    from chalicelib.privacy import retention

    results = retention.run_all()
    logger.info("retention purge", extra={"removed": results})
    return results
