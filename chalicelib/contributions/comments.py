"""Comments with threaded replies. A reply's thread key is its parent's key + "/" + its
own id, so one Query of the contribution's visible comments returns whole threads in order
(depth first, oldest first at each level). Threads stop at `MAX_DEPTH` levels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.identity import author_rules as authors
from chalicelib.platform import clock, ids, sanitise
from chalicelib.platform.errors import Unprocessable, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal

MAX_DEPTH = 6
MAX_LENGTH = 5000


def thread_key(comment_id: str, parent: Any | None) -> tuple[str, int]:
    """(thread key, depth) of a new comment under `parent` (None: a top-level comment)."""
    if parent is None:
        return comment_id, 0
    depth = int(parent.depth) + 1
    if depth > MAX_DEPTH:
        raise Unprocessable(f"Replies nest at most {MAX_DEPTH} levels deep.",
                            code="thread_too_deep")
    return f"{parent.thread_key}/{comment_id}", depth


def page(contribution_id: str, limit: int,
         cursor: str | None) -> tuple[Any, list[Any], str | None]:
    """(the thread head or None, one page of visible comments in thread order, the next
    cursor): one Query. The first page starts with the head."""
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.platform.dynamo import cursors

    shape = {"comment_id": "S", "thread_contribution_id": "S", "thread_key": "S"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape,
                                {"thread_contribution_id": contribution_id})
    result = Comment.by_thread.query(contribution_id, limit=limit + (0 if start else 1),
                                     last_evaluated_key=start)
    items = list(result)
    head = None
    if items and items[0].kind == "head":
        head = items.pop(0)
    items = [i for i in items if i.kind == "comment"]
    last = result.last_evaluated_key
    return head, items, cursors.encode({"k": last}) if last else None


def head_keys(contribution_id: str, head: Any) -> tuple[str, str, Any]:
    """(community id, module id, the BatchGet key of the author to show or None), from the
    thread head, or from the contribution itself (one GetItem) on later pages."""
    from chalicelib.contributions import content_access
    from chalicelib.identity import accounts
    from chalicelib.identity.author_rules import needs_lookup

    if head is not None:
        author = head.head_author_id if needs_lookup(head.head_display or "name") else None
        return head.community_id, head.module_id, accounts.key(author) if author else None
    c = content_access.load(contribution_id)
    author = c.author_id if needs_lookup(c.display) else None
    return c.community_id, c.module_id, accounts.key(author) if author else None


def present(comment: Any, scope: Scope, found: Any) -> dict[str, Any]:
    """A comment; a deleted one kept for its replies shows neither body nor author."""
    from chalicelib.identity.accounts import author_of

    out: dict[str, Any] = {
        "id": comment.comment_id,
        "contribution_id": comment.contribution_id,
        "parent_id": comment.parent_id,
        "depth": int(comment.depth or 0),
        "created_at": clock.iso(comment.created_at),
    }
    if comment.deleted:
        return {**out, "deleted": True, "body": None, "locale": None, "author": None}
    body, used = scope.text(comment.body)
    return {**out, "deleted": False, "body": body, "locale": used,
            "author": author_of(comment, found),
            "is_author": scope.viewer.user_id is not None
            and scope.viewer.user_id == comment.author_id,
            "updated_at": clock.iso(comment.updated_at) if comment.updated_at else None}


def listing(contribution_id: str, principal: Principal | None, accept_language: str,
            limit: int, cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions import content_access
    from chalicelib.identity import accounts
    from chalicelib.platform.errors import NotFound

    head, items, next_cursor = page(contribution_id, limit, cursor)
    community_id, _, _ = head_keys(contribution_id, head)
    scope = authorise(community_id, principal, accept_language,
                      [content_access.key(contribution_id), *accounts.author_keys(items)],
                      "contribution")
    c = content_access.of(scope.found, contribution_id)
    if c is None or c.deleted:
        raise NotFound("No such contribution.")
    content_access.require_sees(c, scope)
    return {"items": [present(m, scope, scope.found) for m in items],
            "next_cursor": next_cursor}


def add(contribution_id: str, principal: Principal, body: Any,
        accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import demographics
    from chalicelib.contributions import comment_tables, content_access
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.identity import accounts
    from chalicelib.modules import module_access, modules
    from chalicelib.platform import activities as activity
    from chalicelib.platform.dynamo.transactions import Transaction

    extra: list[Any] = [accounts.key(principal.user_id)]
    if body.parent_id:
        extra.append((Comment, body.parent_id, None))
    scope = content_access.contribution_scope(
        contribution_id, principal, accept_language, extra,
        more=lambda c: demographics.keys(c.community_id, principal.user_id))
    c = scope.contribution
    user = accounts.of(scope.found, principal.user_id)
    accounts.require_participant(user)
    if not c.visible:
        raise Unprocessable("This contribution is hidden: it takes no comments.",
                            code="contribution_hidden")
    now = clock.now()
    modules.require_open(scope.module, now)
    parent = scope.found.get(Comment, body.parent_id) if body.parent_id else None
    if body.parent_id and (parent is None or parent.contribution_id != contribution_id
                           or not parent.visible):
        raise ValidationFailed.field("parent_id", "is not a comment of this contribution")
    comment_id = ids.new_id()
    key, depth = thread_key(comment_id, parent)
    locale = scope.writing_locale()
    comment = Comment(
        comment_id, contribution_id=contribution_id, community_id=c.community_id,
        module_id=c.module_id, parent_id=parent.comment_id if parent else None, depth=depth,
        thread_key=key, author_id=principal.user_id,
        display=authors.display_choice(body.display, user),
        body={locale: sanitise.plain(body.body, "body", max_length=MAX_LENGTH)},
        locale=locale, created_at=now)
    tx = Transaction()
    module_access.require_open(tx, c.module_id, now)
    comment_tables.add_comment_in(tx, comment)
    store.count_comment(tx, "contribution", contribution_id, 1, visible=True)
    activity.record_in(tx, "comment", community_id=c.community_id, module_id=c.module_id,
                       user_id=principal.user_id, key=comment_id, at=now)
    _tell_the_thread(tx, c, parent, comment_id, principal.user_id)
    failed = tx.commit()
    if "module" in failed:
        raise Unprocessable("This module is not open for participation.",
                            code="module_closed")
    if "parent" in failed:  # deleted meanwhile
        raise ValidationFailed.field("parent_id", "is not a comment of this contribution")
    if failed:
        raise Unprocessable("This contribution takes no comments now.",
                            code="contribution_hidden")
    out = present(comment, scope, scope.found)
    out["demographics_pending"] = demographics.pending_in(
        scope.found, c.community_id, principal.user_id, user)
    return out


def _tell_the_thread(tx: Transaction, c: Any, parent: Any, comment_id: str,
                     actor_id: str) -> None:
    """The parent comment's author hears of a reply, the contribution's author of a comment
    (once, when they are the same person)."""
    from chalicelib.platform import notices

    data = {"title": notices.plain_map(c.title),
            "url": notices.url(f"/contributions/{c.contribution_id}#comment-{comment_id}")}
    subject = {"type": "comment", "id": comment_id}
    if parent is not None:
        notices.publish_in(tx, kind="comment.reply", category="interactions",
                           audience={"user_ids": [parent.author_id]},
                           community_id=c.community_id, subject=subject, actor_id=actor_id,
                           data=data)
    if parent is None or parent.author_id != c.author_id:
        notices.publish_in(tx, kind="contribution.comment", category="interactions",
                           audience={"user_ids": [c.author_id]},
                           community_id=c.community_id, subject=subject, actor_id=actor_id,
                           data=data)
