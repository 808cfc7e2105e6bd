"""Operations routes."""

from __future__ import annotations

from typing import Any


def run(ctx: Any) -> None:
    ctx.measure("health.get", lambda: ctx.api.get("/health"))
