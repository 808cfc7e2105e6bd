"""What contributions hold about a person, as erasure steps and export sections.

What they published stays, linked to nobody: contributions and comments lose their author id
(they then show "Deleted participant", or "Anonymous" when posted anonymously), and the files
attached to their contributions are deleted. What they did to others' content (upvotes,
reactions, favourites, seen marks) is deleted; the counts those fed stay as they are, since
they record the consultation, not the person.

Exports read indexes keyed by the person, a page at a time, and the items those name with
BatchGetItem (100 keys a call): a person with 1,000 contributions costs about twenty calls,
not a thousand (bench: `export.person@1000`)."""

from __future__ import annotations

from typing import Any

from chalicelib.contributions.comment_tables import Comment
from chalicelib.contributions.contribution_tables import Contribution
from chalicelib.contributions.mark_tables import Mark, contribution_id_of
from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.index_pages import (
    PAGE,
    batch_in_order,
    delete_keys_page,
    delete_page,
    every_entry,
)
from chalicelib.platform.dynamo.index_pages import decode as _decode
from chalicelib.platform.dynamo.index_pages import encode as _encode
from chalicelib.platform.personal_data import EXPORT_TTL, ErasureStep, ExportSection, PurgeStep


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


def attachment_keys(items: list[Any]) -> list[str]:
    """The S3 keys of every attachment (pending or ready) of these contributions."""
    keys = []
    for item in items:
        for record in as_dict(getattr(item, "attachments", None)).values():
            key = as_dict(record).get("key")
            if key:
                keys.append(str(key))
    return keys


# ---- erasure -------------------------------------------------------------------------------

def contributions(user_id: str, cursor: str | None, limit: int) -> str | None:
    """One page of the person's contributions: their attachments' files are deleted, then
    the contributions and their thread heads forget the author (50 to a transaction)."""
    from chalicelib.contributions import contribution_tables as store
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
    from chalicelib.contributions import comment_tables

    page = Comment.by_author.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    comment_tables.forget_comment_authors([item.comment_id for item in page])
    return _encode(page.last_evaluated_key)


def marks(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Upvotes, reactions, favourites, seen marks and read counts: one partition per
    person. The contributions' counters keep the person's votes, anonymously."""
    return delete_page(lambda **kw: Mark.query(user_id, attributes_to_get=["user_id", "key"],
                                               **kw), Mark, cursor, limit)


def answer_signatures(user_id: str, cursor: str | None, limit: int) -> str | None:
    """One page of the official answers the person signed as an admin: each answer stays,
    unsigned (the community's), without their name."""
    from chalicelib.contributions import answer_tables

    page = Contribution.answers_by_signer.query(user_id, limit=limit,
                                                last_evaluated_key=_decode(cursor))
    for item in page:
        answer_tables.unsign(item.contribution_id, user_id)
    return _encode(page.last_evaluated_key)


ERASURE = [
    ErasureStep("answer_signatures", "content", answer_signatures, covers=(Contribution,)),
    ErasureStep("contributions", "content", contributions, covers=(Contribution,)),
    ErasureStep("comments", "content", comments, covers=(Comment,)),
    ErasureStep("marks", "content", marks, covers=(Mark,)),
]


# ---- retention: a consultation past its period loses everything in it ----------------------

def purge_contributions(module_id: str, cursor: str | None, limit: int) -> str | None:
    """The module's contributions (hidden and deleted ones too), their attachments and,
    for budget ideas, their live vote counters."""
    from chalicelib.modules import module_access
    from chalicelib.platform.aws import media

    page = Contribution.by_module.query(module_id, limit=limit,
                                        last_evaluated_key=_decode(cursor))
    items = list(page)
    media.delete(attachment_keys(items))  # the index projects `attachments`
    with Contribution.batch_write() as batch:
        for item in items:
            batch.delete(Contribution(item.contribution_id))
    module_access.forget_tallies([item.contribution_id for item in items])
    return _encode(page.last_evaluated_key)


def purge_comments(module_id: str, cursor: str | None, limit: int) -> str | None:
    """Comments and thread heads."""
    return delete_keys_page(Comment, Comment.by_module.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor)))


def purge_marks(module_id: str, cursor: str | None, limit: int) -> str | None:
    """Everyone's upvotes, reactions, favourites and seen marks of its contributions, and
    their read counts of the module."""
    return delete_keys_page(Mark, Mark.by_module.query(
        module_id, limit=limit, last_evaluated_key=_decode(cursor)))


PURGE = [PurgeStep("contributions", purge_contributions),
         PurgeStep("comments", purge_comments), PurgeStep("marks", purge_marks)]


# ---- export --------------------------------------------------------------------------------

def contribution_list(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.platform.aws import media

    ids = [c.contribution_id for c in every_entry(Contribution.by_author, user_id)]
    out = []
    for c in batch_in_order(Contribution, ids):
        attachments = []
        for upload_id, raw in sorted(as_dict(c.attachments).items()):
            entry = as_dict(raw)
            ready = entry.get("status") == "ready" and entry.get("key")
            attachments.append({
                "id": upload_id, "name": entry.get("name", ""),
                "content_type": entry.get("content_type", ""),
                "status": "ready" if ready else "pending",
                "url": media.download_url(str(entry["key"]), EXPORT_TTL) if ready else None})
        out.append({
            "id": c.contribution_id, "community_id": c.community_id,
            "project_id": c.project_id, "module_id": c.module_id,
            "module_type": c.module_type, "display": c.display,
            "title": as_dict(c.title), "body": as_dict(c.body), "locale": c.locale,
            "stance": c.stance, "cost": int(c.cost) if c.cost is not None else None,
            "location": ({"lat": float(c.location["lat"]), "lon": float(c.location["lon"])}
                         if c.location else None),
            "attachments": attachments, "hidden": bool(c.hidden), "deleted": bool(c.deleted),
            "created_at": _iso(c.created_at), "updated_at": _iso(c.updated_at),
            "counts": {"upvotes": int(c.upvote_count or 0),
                       "comments": int(c.comment_count or 0),
                       "reactions": {k: int(v) for k, v in as_dict(c.reactions).items()}},
        })
    return out


def comment_list(user_id: str) -> list[dict[str, Any]]:
    ids = [c.comment_id for c in every_entry(Comment.by_author, user_id)]
    return [{"id": c.comment_id, "contribution_id": c.contribution_id,
             "community_id": c.community_id, "module_id": c.module_id,
             "parent_id": c.parent_id, "display": c.display, "body": as_dict(c.body),
             "locale": c.locale, "hidden": bool(c.hidden), "deleted": bool(c.deleted),
             "created_at": _iso(c.created_at)}
            for c in batch_in_order(Comment, ids) if c.kind == "comment"]


def votes(user_id: str) -> list[dict[str, Any]]:
    """Upvotes, with when each was given."""
    return [{"contribution_id": contribution_id_of(m.key), "upvoted_at": _iso(m.upvoted_at)}
            for m in every_entry(Mark, user_id) if m.key.startswith("c#") and m.upvoted_at]


def reactions(user_id: str) -> list[dict[str, Any]]:
    return [{"contribution_id": contribution_id_of(m.key), "reactions": sorted(m.reactions)}
            for m in every_entry(Mark, user_id) if m.key.startswith("c#") and m.reactions]


def favorites(user_id: str) -> list[dict[str, Any]]:
    return [{"contribution_id": contribution_id_of(m.key), "saved_at": _iso(m.favorite_at)}
            for m in Mark.favorites.query(user_id, page_size=PAGE)]


def seen(user_id: str) -> dict[str, Any]:
    """What the person has opened, and how many contributions of each module they read
    (the unread-first feeds use both)."""
    opened, modules = [], []
    for m in every_entry(Mark, user_id):
        if m.key.startswith("c#") and m.seen_at:
            opened.append({"contribution_id": contribution_id_of(m.key),
                           "seen_at": _iso(m.seen_at)})
        elif m.key.startswith("m#"):
            modules.append({"module_id": contribution_id_of(m.key),
                            "seen_count": int(m.seen_count or 0)})
    return {"contributions": opened, "modules": modules}


def signed_answers(user_id: str) -> list[dict[str, Any]]:
    """The official answers the person signed as an admin, with the name they signed."""
    ids = [c.contribution_id for c in every_entry(Contribution.answers_by_signer, user_id)]
    out = []
    for c in batch_in_order(Contribution, ids):
        answer = as_dict(c.answer)
        out.append({"contribution_id": c.contribution_id, "community_id": c.community_id,
                    "module_id": c.module_id, "status": answer.get("status"),
                    "text": as_dict(answer.get("text")),
                    "cost": int(answer["cost"]) if answer.get("cost") is not None else None,
                    "signed_by": answer.get("signed_by"),
                    "answered_at": _iso(answer.get("answered_at"))})
    return out


EXPORT = [
    ExportSection("contributions", contribution_list),
    ExportSection("signed_answers", signed_answers),
    ExportSection("comments", comment_list),
    ExportSection("votes", votes),
    ExportSection("reactions", reactions),
    ExportSection("favorites", favorites),
    ExportSection("seen", seen),
]
