"""Whether a person still has to accept the terms of use: pure rules."""

from __future__ import annotations


def pending(accepted: int | None, current: int | None) -> bool:
    """Terms are pending once a version newer than the one accepted is published (none
    published yet: nothing to accept)."""
    return current is not None and (accepted is None or int(accepted) < int(current))


def status(accepted: int | None, current: int | None) -> dict[str, int | bool | None]:
    """`GET /me`'s `terms`."""
    return {"accepted_version": int(accepted) if accepted is not None else None,
            "current_version": int(current) if current is not None else None,
            "pending": pending(accepted, current)}
