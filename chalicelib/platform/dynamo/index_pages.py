"""The shape every erasure step over an index shares: delete one page of the items a query
yields (index queries carry the table keys), and answer the cursor of the next page."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pynamodb.models import Model


def encode(key: dict[str, Any] | None) -> str | None:
    return json.dumps(key) if key else None


def decode(cursor: str | None) -> dict[str, Any] | None:
    return json.loads(cursor) if cursor else None


def delete_page(query: Callable[..., Any], model: type[Model], cursor: str | None,
                limit: int) -> str | None:
    """`query(limit=..., last_evaluated_key=...)` is e.g. `lambda **kw:
    Session.by_user.query(user_id, **kw)`."""
    page = query(limit=limit, last_evaluated_key=decode(cursor))
    with model.batch_write() as batch:
        for item in page:
            batch.delete(item)
    return encode(page.last_evaluated_key)
