"""The one place that reads the time, so tests can move it forward instead of sleeping."""

from __future__ import annotations

import time
from datetime import UTC, datetime

_offset = 0.0


def now() -> float:
    return time.time() + _offset


def now_dt() -> datetime:
    return datetime.fromtimestamp(now(), tz=UTC)


def iso(ts: float | None = None) -> str:
    value = now() if ts is None else ts
    return datetime.fromtimestamp(value, tz=UTC).isoformat().replace("+00:00", "Z")


def advance(seconds: float) -> None:
    """Test helper: move the platform clock forward."""
    global _offset
    _offset += seconds


def reset() -> None:
    global _offset
    _offset = 0.0
