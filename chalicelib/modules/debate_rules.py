"""Debates: each contribution takes a stance (for, against or neutral); the module counts
visible contributions per stance (in the transaction that adds, hides or deletes them)."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import ValidationFailed

STANCES = ("for", "against", "neutral")


def check_stance(module_type: str, stance: str | None, *, required: bool) -> None:
    if module_type != "debate":
        if stance is not None:
            raise ValidationFailed.field("stance", "only debate contributions take a stance")
        return
    if stance is None:
        if required:
            raise ValidationFailed.field("stance", "a debate contribution needs a stance")
        return
    if stance not in STANCES:
        raise ValidationFailed.field("stance", f"must be one of {', '.join(STANCES)}")


def stance_counts(module: Any) -> dict[str, int]:
    raw = as_dict(module.stances)
    return {s: max(0, int(raw.get(s, 0))) for s in STANCES}
