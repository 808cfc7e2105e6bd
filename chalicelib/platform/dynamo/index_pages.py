"""Walking a person's items page by page, for erasure and export: delete one page of the
items a query yields (index queries carry the table keys) and answer the cursor of the next
page; read a whole partition; read the items keys name, in order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
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


def delete_keys_page(model: type[Model], page: Any) -> str | None:
    """Delete the items of a query page that holds only their keys (a keys-only index, or
    `attributes_to_get` the keys), and answer the cursor of the next page."""
    key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                       model._range_key_attribute()) if a is not None]
    with model.batch_write() as batch:
        for item in page:
            batch.delete(model(*(getattr(item, name) for name in key_names)))
    return encode(page.last_evaluated_key)


PAGE = 500  # keys per index page when reading a person's whole partition (export)


def every_entry(index: Any, hash_key: str) -> Iterator[Any]:
    """Every entry of one partition of an index (or table), a page at a time."""
    return iter(index.query(hash_key, page_size=PAGE))


def batch_in_order(model: type[Model], keys: Iterable[Any]) -> list[Any]:
    """The items of `keys`, in their order (PynamoDB asks 100 at a time)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    found = {_identity(model, item): item for item in model.batch_get(wanted)}
    return [found[k] for k in wanted if k in found]


def _identity(model: type[Model], item: Any) -> Any:
    hash_name = model._hash_key_attribute().attr_name
    range_attr = model._range_key_attribute()
    if range_attr is None:
        return getattr(item, hash_name)
    return (getattr(item, hash_name), getattr(item, range_attr.attr_name))


# ---- what a person set up (items with `created_by` and a `by_creator` index) ---------------

def forget_creator(models: tuple[Any, ...], user_id: str, cursor: str | None,
                   limit: int) -> str | None:
    """What the person set up stays; its `created_by` goes. The cursor names the model being
    walked (its position in `models`) and where its index page stopped."""
    from chalicelib.platform.dynamo.transactions import conditionally

    state = json.loads(cursor) if cursor else {"m": 0, "k": None}
    index = int(state["m"])
    if index >= len(models):
        return None
    model = models[index]
    page = model.by_creator.query(user_id, limit=limit, last_evaluated_key=state["k"])
    key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                       model._range_key_attribute()) if a is not None]
    for item in page:
        target = model(*(getattr(item, name) for name in key_names))
        conditionally(lambda target=target: target.update(
            actions=[model.created_by.remove()], condition=model.created_by == user_id))
    last = page.last_evaluated_key
    if last:
        return json.dumps({"m": index, "k": last})
    return json.dumps({"m": index + 1, "k": None}) if index + 1 < len(models) else None


def created_items(models: tuple[Any, ...], user_id: str) -> dict[str, list[dict[str, Any]]]:
    """What the person set up as an administrator, by table (its content is the
    community's): the keys of each item."""
    from chalicelib.platform.config import settings

    out: dict[str, list[dict[str, Any]]] = {}
    for model in models:
        table = model.Meta.table_name.removeprefix(settings().prefix)
        key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                           model._range_key_attribute()) if a is not None]
        out[table] = [{name: getattr(item, name) for name in key_names}
                      for item in model.by_creator.query(user_id, page_size=PAGE)]
    return out
