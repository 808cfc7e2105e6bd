"""schemathesis hooks for tools/contract/live.py (loaded through SCHEMATHESIS_HOOKS).

`cursor` is opaque: only a `next_cursor` the API gave is one it takes, and any other string
of the declared shape is rightly refused (400 `cursor`). Requests generated to be valid leave
it out (requests generated to be invalid keep theirs, which the API must refuse); the API's
own cursors are followed by the paging tests of tests/api."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    meta = getattr(case, "meta", None)
    positive = meta is not None and meta.generation.mode.is_positive
    if positive and case.query and "cursor" in case.query:
        case.query = {k: v for k, v in case.query.items() if k != "cursor"}
