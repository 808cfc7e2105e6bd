"""Comments their authors take back: the author edits a comment while its module is open;
the author, or a moderator of the community, deletes it.

A deleted comment loses its body and its author. With replies under it, it keeps its place
in the thread (`deleted: true`, so the replies still hang somewhere); without, it leaves
the thread, and a deleted parent whose last reply this was leaves with it. The item itself
stays (emptied), so a moderation case and its flags still name something.

Counts stay exact under races: the deletion is one transaction, conditional on the comment
as read (not deleted, hidden or not, the same number of replies), with the contribution's
count (only a visible comment was counted) and the parent's reply count; a reply is
conditional on its parent not being deleted. Two deletions count once; a reply racing a
deletion either lands first (the deletion, read again, keeps a placeholder) or is refused.
No history of edits is kept: an edit replaces the text (docs/participation.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.platform import clock, sanitise
from chalicelib.platform.errors import Conflict, Forbidden, NotFound, Unprocessable

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal

ATTEMPTS = 3


def _ancestors(comment: Any) -> list[str]:
    """The ids above a comment, its parent first (its thread key is the path to it)."""
    return list(reversed(str(comment.thread_key).split("/")[:-1]))


def _scope(comment_id: str, principal: Principal, accept_language: str) -> tuple[Scope, Any]:
    """The comment (404 unless the caller may see it) and its scope: one GetItem, then one
    BatchGetItem for the community, the membership, the contribution, the module, the
    comment's ancestors and the caller's account."""
    from chalicelib.communities.scope import authorise
    from chalicelib.communities.visibility_rules import sees_item
    from chalicelib.contributions import content_access
    from chalicelib.identity import accounts
    from chalicelib.modules import module_access

    comment = content_access.get_comment(comment_id)
    if comment is None or comment.deleted:
        raise NotFound("No such comment.")
    scope = authorise(comment.community_id, principal, accept_language,
                      [content_access.key(comment.contribution_id),
                       module_access.key(comment.module_id),
                       *(content_access.comment_key(a) for a in _ancestors(comment)),
                       accounts.key(principal.user_id)], "comment")
    c = content_access.of(scope.found, comment.contribution_id)
    module = module_access.of(scope.found, comment.module_id)
    if c is None or module is None or c.deleted or not all(
            sees_item(hidden=bool(x.hidden), deleted=False, author_id=x.author_id,
                      viewer=scope.viewer) for x in (c, comment)):
        raise NotFound("No such comment.")
    scope.contribution, scope.module = c, module
    return scope, comment


def edit(comment_id: str, principal: Principal, body: Any,
         accept_language: str) -> dict[str, Any]:
    """The author's new text (validated as a new comment's), while the module is open."""
    from chalicelib.contributions import comment_tables, comments
    from chalicelib.identity import accounts
    from chalicelib.modules import module_access, modules
    from chalicelib.platform.dynamo.transactions import Transaction

    scope, comment = _scope(comment_id, principal, accept_language)
    if comment.author_id != principal.user_id:
        raise Forbidden("Only the author may edit this comment.", code="not_author")
    accounts.require_participant(accounts.of(scope.found, principal.user_id))
    now = clock.now()
    modules.require_open(scope.module, now)
    locale = scope.writing_locale()
    text = {locale: sanitise.plain(body.body, "body", max_length=comments.MAX_LENGTH)}
    tx = Transaction()
    module_access.require_open(tx, comment.module_id, now)
    comment_tables.edit_comment_in(tx, comment, text, locale, now)
    failed = tx.commit()
    if "module" in failed:
        raise Unprocessable("This module is not open for participation.",
                            code="module_closed")
    if failed:
        raise NotFound("No such comment.")  # deleted meanwhile
    comment.body, comment.locale, comment.updated_at = text, locale, now
    return comments.present(comment, scope, scope.found)


def delete(comment_id: str, principal: Principal) -> None:
    """The author or a moderator deletes a comment (204); read again and retried when a
    reply or another deletion got in first."""
    from chalicelib.communities.visibility_rules import may_edit

    for _ in range(ATTEMPTS):
        scope, comment = _scope(comment_id, principal, "")
        if not may_edit(author_id=comment.author_id, viewer=scope.viewer):
            raise Forbidden("Only the author or a moderator may delete this comment.",
                            code="not_author")
        if not _delete_once(comment, scope).commit():
            return
    raise Conflict("This comment changed meanwhile; try again.", code="comment_changed")


def _delete_once(comment: Any, scope: Scope) -> Transaction:
    from chalicelib.contributions import comment_tables
    from chalicelib.contributions import contribution_tables as store
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.platform.dynamo.transactions import Transaction

    keeps = comment_tables.has_replies(comment)
    tx = Transaction()
    comment_tables.delete_comment_in(tx, comment, placeholder=keeps, now=clock.now())
    if comment.visible:  # hidden ones were uncounted when hidden
        store.count_comment(tx, "counts", comment.contribution_id, -1)
    if keeps:
        return tx
    for n, ancestor_id in enumerate(_ancestors(comment)):
        ancestor = scope.found.get(Comment, ancestor_id)
        if ancestor is None or int(ancestor.reply_count or 0) <= 0:
            break  # written before replies were counted: it keeps its place
        if ancestor.deleted and int(ancestor.reply_count) == 1:
            comment_tables.unplace_in(tx, f"a{n}", ancestor)  # its last reply went
            continue
        comment_tables.uncount_reply_in(tx, f"a{n}", ancestor)
        break
    return tx
