"""Export sections for what a person did on the platform (see `export.SECTIONS`): what they
published, their votes, reactions, favourites and seen marks, ballots, questionnaire
answers, what they set up as an administrator, and their consents.

Every section reads indexes keyed by the person, a page at a time, and the items those
name with BatchGetItem (100 keys a call): a person with 1,000 contributions costs about
twenty calls, not a thousand (bench: `export.person@1000`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict

PAGE = 500  # keys per index page (keys-only pages stay far below 1 MB)


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


def _keys(index: Any, user_id: str) -> Iterator[Any]:
    """Every entry of a person's partition of an index, a page at a time."""
    return iter(index.query(user_id, page_size=PAGE))


def _batch(model: Any, keys: Iterable[Any]) -> list[Any]:
    """The items of `keys`, in their order (PynamoDB asks 100 at a time)."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return []
    found = {_identity(model, item): item for item in model.batch_get(wanted)}
    return [found[k] for k in wanted if k in found]


def _identity(model: Any, item: Any) -> Any:
    hash_name = model._hash_key_attribute().attr_name
    range_attr = model._range_key_attribute()
    if range_attr is None:
        return getattr(item, hash_name)
    return (getattr(item, hash_name), getattr(item, range_attr.attr_name))


def contributions(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.aws import media
    from chalicelib.privacy.export import EXPORT_TTL

    ids = [c.contribution_id for c in _keys(Contribution.by_author, user_id)]
    out = []
    for c in _batch(Contribution, ids):
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


def comments(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.contributions.contribution_tables import Comment

    ids = [c.comment_id for c in _keys(Comment.by_author, user_id)]
    return [{"id": c.comment_id, "contribution_id": c.contribution_id,
             "community_id": c.community_id, "module_id": c.module_id,
             "parent_id": c.parent_id, "display": c.display, "body": as_dict(c.body),
             "locale": c.locale, "hidden": bool(c.hidden), "deleted": bool(c.deleted),
             "created_at": _iso(c.created_at)}
            for c in _batch(Comment, ids) if c.kind == "comment"]


def _marks(user_id: str) -> Iterator[Any]:
    from chalicelib.contributions.mark_tables import Mark

    return iter(Mark.query(user_id, page_size=PAGE))


def votes(user_id: str) -> list[dict[str, Any]]:
    """Upvotes, with when each was given."""
    from chalicelib.contributions.mark_tables import contribution_id_of

    return [{"contribution_id": contribution_id_of(m.key), "upvoted_at": _iso(m.upvoted_at)}
            for m in _marks(user_id) if m.key.startswith("c#") and m.upvoted_at]


def reactions(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.contributions.mark_tables import contribution_id_of

    return [{"contribution_id": contribution_id_of(m.key), "reactions": sorted(m.reactions)}
            for m in _marks(user_id) if m.key.startswith("c#") and m.reactions]


def favorites(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.contributions.mark_tables import Mark, contribution_id_of

    return [{"contribution_id": contribution_id_of(m.key), "saved_at": _iso(m.favorite_at)}
            for m in Mark.favorites.query(user_id, page_size=PAGE)]


def seen(user_id: str) -> dict[str, Any]:
    """What the person has opened, and how many contributions of each module they read
    (the unread-first feeds use both)."""
    from chalicelib.contributions.mark_tables import contribution_id_of

    opened, modules = [], []
    for m in _marks(user_id):
        if m.key.startswith("c#") and m.seen_at:
            opened.append({"contribution_id": contribution_id_of(m.key),
                           "seen_at": _iso(m.seen_at)})
        elif m.key.startswith("m#"):
            modules.append({"module_id": contribution_id_of(m.key),
                            "seen_count": int(m.seen_count or 0)})
    return {"contributions": opened, "modules": modules}


def ballots(user_id: str) -> list[dict[str, Any]]:
    from chalicelib.modules.response_tables import Ballot

    keys = [(b.module_id, b.user_id) for b in _keys(Ballot.by_user, user_id)]
    return [{"module_id": b.module_id, "community_id": b.community_id,
             "contribution_ids": list(b.choices or []), "total_cost": int(b.total_cost or 0),
             "created_at": _iso(b.created_at), "updated_at": _iso(b.updated_at)}
            for b in _batch(Ballot, keys)]


def questionnaire_answers(user_id: str) -> list[dict[str, Any]]:
    """Each response with its questions' prompts and the options chosen, so the answers
    read on their own (one more BatchGetItem for the questions)."""
    from chalicelib.modules.module_tables import Question
    from chalicelib.modules.response_tables import Response

    keys = [(r.module_id, r.user_id) for r in _keys(Response.by_user, user_id)]
    found = _batch(Response, keys)
    question_keys = [(r.module_id, q) for r in found for q in as_dict(r.answers)]
    questions = {(q.module_id, q.question_id): q for q in _batch(Question, question_keys)}
    out = []
    for r in found:
        answers = []
        for question_id, answer in sorted(as_dict(r.answers).items()):
            question = questions.get((r.module_id, question_id))
            answers.append({"question_id": question_id,
                            "prompt": as_dict(question.prompt) if question else {},
                            "kind": question.kind if question else None,
                            "answer": answer, "chosen": _chosen(question, answer)})
        out.append({"module_id": r.module_id, "community_id": r.community_id,
                    "created_at": _iso(r.created_at), "answers": answers})
    return out


def _chosen(question: Any, answer: Any) -> list[dict[str, str]] | None:
    """The texts of the options an answer names (choice questions only)."""
    if question is None or question.kind not in ("single_choice", "multiple_choice"):
        return None
    options = [as_dict(o) for o in question.options or []]
    indexes = answer if isinstance(answer, list) else [answer]
    return [options[int(i)] for i in indexes if 0 <= int(i) < len(options)]


def created(user_id: str) -> dict[str, list[dict[str, Any]]]:
    """What the person set up as an administrator (its content is the community's)."""
    from chalicelib.platform.config import settings
    from chalicelib.privacy.content_erasure import creator_models

    out: dict[str, list[dict[str, Any]]] = {}
    for model in creator_models():
        table = model.Meta.table_name.removeprefix(settings().prefix)
        key_names = [a.attr_name for a in (model._hash_key_attribute(),
                                           model._range_key_attribute()) if a is not None]
        out[table] = [{name: getattr(item, name) for name in key_names}
                      for item in model.by_creator.query(user_id, page_size=PAGE)]
    return out


def consents(user_id: str) -> dict[str, Any]:
    """What the person agreed to, chose or objected to, and when."""
    from chalicelib.identity.restrictions import KINDS
    from chalicelib.identity.user_tables import User
    from chalicelib.notifications import notification_tables as store

    user = User.get(user_id)
    restrictions = as_dict(user.restrictions)
    settings = store.get_settings(user_id)
    return {
        "terms_of_use": {"accepted_at": _iso(user.created_at),
                         "how": "by registering (creating the account)"},
        "email_confirmed_at": _iso(user.confirmed_at),
        "email_notifications": settings.choices() if settings else {},
        "restrictions": {kind: {"objected": bool(restrictions.get(kind)),
                                "since": _iso(restrictions.get(f"{kind}_since"))}
                         for kind in KINDS},
        "restrictions_updated_at": _iso(restrictions.get("updated_at")),
        "profile_updated_at": _iso(user.updated_at),
    }
