"""What other features may know and do of contributions and comments, without their
tables: read them (alone, in a shared BatchGetItem, or with the caller's scope), hide and
restore them inside a moderation transaction (their counts follow), and the pages open data
and the analytics dashboard list."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from chalicelib.platform.errors import NotFound

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform.dynamo.batch_get import Found, Key
    from chalicelib.platform.dynamo.transactions import Transaction
    from chalicelib.platform.principal import Principal


def key(contribution_id: str | None) -> Key | None:
    from chalicelib.contributions.contribution_tables import Contribution

    return (Contribution, contribution_id, None) if contribution_id else None


def comment_key(comment_id: str | None) -> Key | None:
    from chalicelib.contributions.comment_tables import Comment

    return (Comment, comment_id, None) if comment_id else None


def of(found: Found, contribution_id: str | None) -> Contribution | None:
    from chalicelib.contributions.contribution_tables import Contribution

    return found.get(Contribution, contribution_id) if contribution_id else None


def comment_of(found: Found, comment_id: str | None) -> Comment | None:
    from chalicelib.contributions.comment_tables import Comment

    item = found.get(Comment, comment_id) if comment_id else None
    return item if item is not None and item.kind == "comment" else None


def get(contribution_id: str) -> Contribution | None:
    from chalicelib.contributions import contribution_tables

    return contribution_tables.get(contribution_id)


def get_comment(comment_id: str) -> Comment | None:
    from chalicelib.contributions import comment_tables

    return comment_tables.get_comment(comment_id)


def load(contribution_id: str) -> Contribution:
    """The contribution unless deleted, or 404."""
    found = get(contribution_id)
    if found is None or found.deleted:
        raise NotFound("No such contribution.")
    return found


def contribution_scope(contribution_id: str, principal: Principal | None,
                       accept_language: str, extra: Iterable[Key | None] = (),
                       more: Callable[[Any], Iterable[Key | None]] | None = None) -> Scope:
    """The contribution, its module and community. Hidden contributions are 404 except to
    their author and the community's moderators. `more(contribution)` names further keys
    that depend on the contribution (read in the same BatchGetItem)."""
    from chalicelib.communities.scope import authorise
    from chalicelib.communities.visibility_rules import sees_item
    from chalicelib.modules import module_access

    contribution = load(contribution_id)
    scope = authorise(contribution.community_id, principal, accept_language,
                      [module_access.key(contribution.module_id), *extra,
                       *(more(contribution) if more else ())], "contribution")
    if not sees_item(hidden=bool(contribution.hidden), deleted=bool(contribution.deleted),
                     author_id=contribution.author_id, viewer=scope.viewer):
        raise NotFound("No such contribution.")
    scope.contribution = contribution
    scope.module = module_access.of(scope.found, contribution.module_id)
    if scope.module is None:
        raise NotFound("No such contribution.")
    return scope


# ---- hiding (moderation) -------------------------------------------------------------------

def hide_in(tx: Transaction, item: Any, hidden: bool) -> None:
    """Hide (or restore) a contribution or a comment inside the caller's transaction
    (label `item`, conditional on the state as read), its counts following (label
    `counts`): hiding takes it out of every public list at once."""
    from chalicelib.contributions import comment_tables, contribution_tables
    from chalicelib.modules import module_access

    delta = -1 if hidden else 1
    if getattr(item, "kind", None) == "comment":
        comment_tables.comment_hidden_in(tx, "item", item, hidden)
        contribution_tables.count_comment(tx, "counts", item.contribution_id, delta)
    else:
        contribution_tables.contribution_hidden_in(tx, "item", item, hidden)
        module_access.count_contribution(tx, item.module_id, item.stance, delta,
                                         label="counts")


def set_hidden(item: Any, hidden: bool) -> bool:
    """`hide_in` on its own: False when the item is deleted, already in that state, or
    changed meanwhile."""
    from chalicelib.platform.dynamo.transactions import Transaction

    if item is None or item.deleted or bool(item.hidden) == hidden:
        return False
    tx = Transaction()
    hide_in(tx, item, hidden)
    return not tx.commit()


# ---- lists for open data and the analytics dashboard ---------------------------------------

def visible_in_community(community_id: str, limit: int,
                         start: dict[str, Any] | None) -> tuple[list[Contribution], Any]:
    """One page of a community's visible contributions, newest first, and the key of the
    next page (one Query of a sparse index: hidden and deleted ones are not in it)."""
    from chalicelib.contributions.contribution_tables import Contribution

    result = Contribution.by_community.query(community_id, scan_index_forward=False,
                                             limit=limit, last_evaluated_key=start)
    return list(result), result.last_evaluated_key


def most_voted(module_id: str, limit: int) -> list[Contribution]:
    """A budget module's visible ideas, most votes first (one Query)."""
    from chalicelib.contributions.contribution_tables import Contribution

    return list(Contribution.feed_votes.query(module_id, scan_index_forward=False,
                                              limit=limit))


def most_engaged(community_id: str, module_id: str | None, limit: int) -> list[Contribution]:
    """A module's (or, without one, a community's) visible contributions, most engaged
    first (one Query)."""
    from chalicelib.contributions.contribution_tables import Contribution

    if module_id:
        result = Contribution.feed_engaged.query(module_id, scan_index_forward=False,
                                                 limit=limit)
    else:
        result = Contribution.community_engaged.query(community_id, scan_index_forward=False,
                                                      limit=limit)
    return list(result)


def require_sees(c: Any, scope: Scope) -> None:
    """404 unless the viewer may see the contribution (hidden and deleted ones: only their
    author and moderators)."""
    from chalicelib.communities.visibility_rules import sees_item

    if not sees_item(hidden=bool(c.hidden), deleted=bool(c.deleted), author_id=c.author_id,
                     viewer=scope.viewer):
        raise NotFound("No such contribution.")
