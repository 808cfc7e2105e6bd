"""JSON from outside, parsed with a bound on nesting.

Python's parser recurses once per level and raises RecursionError past about a thousand;
what parses below that can still exhaust the stack later (json.dumps, pydantic, our own
walks). No request body or cursor of this API nests deeper than a few levels, so anything
nested deeper than MAX_DEPTH is refused as not-our-JSON before anything else sees it.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 32


class TooDeep(ValueError):
    """The document nests deeper than allowed (a ValueError: callers treat it as bad JSON)."""


def loads(raw: str | bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """`json.loads`, refusing a document nested deeper than `max_depth` (arrays and objects
    count one level each). Raises ValueError (TooDeep included) for anything else bad."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise TooDeep(f"nested deeper than {max_depth} levels") from None
    if depth_exceeds(value, max_depth):
        raise TooDeep(f"nested deeper than {max_depth} levels")
    return value


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """Whether `value` nests deeper than `max_depth`; iterative, so any depth is safe."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth + 1 > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
