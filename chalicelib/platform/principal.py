"""Who is asking."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Principal:
    user_id: str
    session_id: str
    platform_admin: bool = False
    locale: str | None = None
