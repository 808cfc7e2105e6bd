"""Erasure steps for what a person did on the platform (see `erasure.STEPS`).

What they published stays, linked to nobody: contributions and comments lose their author id
(they then show "Deleted participant", or "Anonymous" when posted anonymously), and the files
attached to their contributions are deleted. What they did to others' content (upvotes,
reactions, favourites, seen marks), their ballots and their questionnaire responses are
deleted; the counts and tallies those fed stay as they are, since they record the
consultation, not the person. What they set up as an administrator loses their id.

Each step takes (user_id, cursor, limit), does one bounded batch read from an index keyed by
the person, and answers the next cursor or None when done. Each is idempotent: an item it
already handled has left the index it reads, or is written to the same state again.
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.index_pages import decode as _decode
from chalicelib.platform.dynamo.index_pages import delete_page
from chalicelib.platform.dynamo.index_pages import encode as _encode


def attachment_keys(items: list[Any]) -> list[str]:
    """The S3 keys of every attachment (pending or ready) of these contributions."""
    keys = []
    for item in items:
        for record in as_dict(getattr(item, "attachments", None)).values():
            key = as_dict(record).get("key")
            if key:
                keys.append(str(key))
    return keys


def contributions(user_id: str, cursor: str | None, limit: int) -> str | None:
    """One page of the person's contributions: their attachments' files are deleted, then
    the contributions and their thread heads forget the author (50 to a transaction)."""
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.aws import media

    page = Contribution.by_author.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    ids = [item.contribution_id for item in page]
    if ids:
        found = Contribution.batch_get(ids, attributes_to_get=["contribution_id",
                                                                "attachments"])
        media.delete(attachment_keys(list(found)))
        store.forget_authors(ids)
    return _encode(page.last_evaluated_key)


def comments(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.contribution_tables import Comment

    page = Comment.by_author.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    store.forget_comment_authors([item.comment_id for item in page])
    return _encode(page.last_evaluated_key)


def marks(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Upvotes, reactions, favourites, seen marks and read counts: one partition per
    person. The contributions' counters keep the person's votes, anonymously."""
    from chalicelib.contributions.mark_tables import Mark

    return delete_page(lambda **kw: Mark.query(user_id, attributes_to_get=["user_id", "key"],
                                               **kw), Mark, cursor, limit)


def ballots(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Budget ballots: the ideas' vote tallies and the module's ballot count stay."""
    from chalicelib.modules.response_tables import Ballot

    return delete_page(lambda **kw: Ballot.by_user.query(user_id, **kw), Ballot, cursor, limit)


def responses(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Questionnaire responses: the questions' tallies and the response count stay."""
    from chalicelib.modules.response_tables import Response

    return delete_page(lambda **kw: Response.by_user.query(user_id, **kw), Response, cursor,
                       limit)


def creator_models() -> list[Any]:
    """Every model whose items record who set them up, with a `by_creator` index."""
    from chalicelib.communities.announcement_tables import Event, Update
    from chalicelib.communities.community_tables import Community
    from chalicelib.communities.project_tables import Project
    from chalicelib.modules.module_tables import Module

    return [Community, Project, Module, Update, Event]


def created(user_id: str, cursor: str | None, limit: int) -> str | None:
    """What the person set up as an administrator stays; its `created_by` goes. The cursor
    names the model being walked and where its index page stopped."""
    from pynamodb.exceptions import UpdateError

    state = json.loads(cursor) if cursor else {"m": 0, "k": None}
    models = creator_models()
    index = int(state["m"])
    if index >= len(models):
        return None
    model = models[index]
    page = model.by_creator.query(user_id, limit=limit, last_evaluated_key=state["k"])
    key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                       model._range_key_attribute()) if a is not None]
    for item in page:
        target = model(*(getattr(item, name) for name in key_names))
        try:
            target.update(actions=[model.created_by.remove()],
                          condition=model.created_by == user_id)
        except UpdateError as err:
            if err.cause_response_code != "ConditionalCheckFailedException":
                raise  # else already forgotten (or deleted meanwhile)
    last = page.last_evaluated_key
    if last:
        return json.dumps({"m": index, "k": last})
    return json.dumps({"m": index + 1, "k": None}) if index + 1 < len(models) else None
