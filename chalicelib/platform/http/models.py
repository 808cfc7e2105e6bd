"""Models named by string in route declarations, imported on first use."""

from __future__ import annotations

import importlib
from typing import Any


def load_model(ref: str) -> Any:
    """'package.module:Name' -> the class (its module imported on first use)."""
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)
