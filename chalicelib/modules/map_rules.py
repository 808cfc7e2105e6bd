"""Map modules' settings, pure: `settings.center` (`{lat, lon, zoom}`) is where the map
starts before anything is placed on it (the pydantic schema keeps each in range). Only map
modules take it; the point is kept to 7 decimals, as contributions' locations are (DynamoDB
stores no number below 1e-130)."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.errors import ValidationFailed

DECIMALS = 7


def check_center(module_type: str, center: Any) -> dict[str, Any] | None:
    """The stored centre, or 400 naming `settings.center`."""
    if center is None:
        return None
    if module_type != "map":
        raise ValidationFailed.field("settings.center", "only map modules take it")
    return {"lat": round(float(center["lat"]), DECIMALS) + 0.0,
            "lon": round(float(center["lon"]), DECIMALS) + 0.0,
            "zoom": int(center["zoom"])}
