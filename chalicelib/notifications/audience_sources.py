"""Audiences that a higher feature knows how to list (the upvoters of a contribution live
with contributions, which this feature may not import). The feature gives a page function
for its audience's name; `app.py` wires them, as it wires authentication into the HTTP
layer. An event naming an audience nobody registered is refused as a bad event.

A source answers ONE bounded page: `source(target, event, page) -> (user ids, the state of
the next page or None at the end)`, where `page` is the state it answered last time (`{}`
at first), carried by the fan-out message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Source = Callable[[str, Any, dict[str, Any]], tuple[list[str], dict[str, Any] | None]]

_SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    _SOURCES[name] = source


def source(name: str) -> Source | None:
    return _SOURCES.get(name)


def names() -> tuple[str, ...]:
    return tuple(_SOURCES)
