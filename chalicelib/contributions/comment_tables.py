"""Comments and thread heads.

Each contribution has one head item (`kind="head"`, thread key "!" which sorts before
every comment) written with it, so one Query of the thread gives the keys of one
BatchGetItem that reads the contribution, its community, the caller's membership and marks
and every author. Like contributions, comments carry the sparse index key
`thread_contribution_id` only while visible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pynamodb.attributes import BooleanAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import TX_ITEMS, Transaction, conditionally, in_pages

if TYPE_CHECKING:
    from chalicelib.contributions.contribution_tables import Contribution


class CommentsByThread(GlobalSecondaryIndex["Comment"]):
    """Visible comments of a contribution in thread order: a reply's `thread_key` is its
    parent's key + "/" + its own id, so key order is depth-first with replies in order."""

    class Meta:
        index_name = "by_thread"
        projection = AllProjection()

    thread_contribution_id = UnicodeAttribute(hash_key=True)
    thread_key = UnicodeAttribute(range_key=True)


class CommentsByAuthor(GlobalSecondaryIndex["Comment"]):
    class Meta:
        index_name = "by_author"
        projection = KeysOnlyProjection()

    author_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class CommentsByModule(GlobalSecondaryIndex["Comment"]):
    """Every comment and thread head of a module (the retention purge reads it)."""

    class Meta:
        index_name = "by_module"
        projection = KeysOnlyProjection()

    module_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class Comment(Model):
    """A comment, or a contribution's thread head.

    Each contribution has one head item (`kind="head"`, thread key "!" which sorts before
    every comment) written with it. It carries what authorising and showing the
    contribution need before the contribution itself is read (community, module, author
    and display choice), so one Query of the thread gives the keys of one BatchGetItem
    that reads the contribution, its community, the caller's membership and marks and every
    author: a contribution with its comments costs two calls."""

    class Meta(BaseMeta):
        table_name = table_name("comments")

    personal = ("author_id", "head_author_id")

    comment_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute(default="comment")  # comment | head
    head_author_id = UnicodeAttribute(null=True)  # heads: the contribution's author
    head_display = UnicodeAttribute(null=True)    # heads: the contribution's display
    contribution_id = UnicodeAttribute()
    community_id = UnicodeAttribute()
    module_id = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    depth = NumberAttribute(default=0)
    thread_key = UnicodeAttribute()
    author_id = UnicodeAttribute(null=True)  # None on heads
    display = UnicodeAttribute(default="name")
    body = MapAttribute(default=dict)  # locale -> plain text (HTML-escaped)
    locale = UnicodeAttribute(default="en")
    hidden = BooleanAttribute(default=False)
    deleted = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)  # the author's last edit (no history is kept)
    # Direct replies still in the thread (live, hidden or deleted-with-replies), counted in
    # each reply's transaction: a deletion keeps a placeholder while it is above zero.
    # Absent on comments written before it existed (`has_replies` then asks the index).
    reply_count = NumberAttribute(null=True)
    # Sparse: present while visible, and on a deleted comment kept as a placeholder for its
    # replies (`deleted`, no body, no author).
    thread_contribution_id = UnicodeAttribute(null=True)

    by_thread = CommentsByThread()
    by_author = CommentsByAuthor()
    by_module = CommentsByModule()

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.deleted


HEAD_KEY = "!"


def head_id(contribution_id: str) -> str:
    return f"{contribution_id}.head"  # not a valid path id: no route can name it


def head_of(c: Contribution) -> Comment:
    return Comment(head_id(c.contribution_id), kind="head",
                   contribution_id=c.contribution_id, community_id=c.community_id,
                   module_id=c.module_id, thread_key=HEAD_KEY,
                   thread_contribution_id=c.contribution_id, head_author_id=c.author_id,
                   head_display=c.display, created_at=c.created_at)


def get_comment(comment_id: str) -> Comment | None:
    """A comment (never a thread head)."""
    try:
        comment = Comment.get(comment_id)
    except Comment.DoesNotExist:
        return None
    return comment if comment.kind == "comment" else None


def comment_hidden_in(tx: Transaction, label: str, comment: Comment, hidden: bool) -> None:
    """Hide or restore a comment, conditional on the state as read."""
    key = (Comment.thread_contribution_id.remove() if hidden
           else Comment.thread_contribution_id.set(comment.contribution_id))
    tx.update(label, Comment(comment.comment_id), [Comment.hidden.set(hidden), key],
              condition=(Comment.hidden == (not hidden))
              & (Comment.deleted == False))  # noqa: E712


def add_comment_in(tx: Transaction, comment: Comment) -> None:
    """A new visible comment (label `comment`); a reply counts on its parent, which must
    still be there and not deleted (label `parent`: a deletion cannot miss a reply)."""
    comment.thread_contribution_id = comment.contribution_id
    comment.reply_count = 0
    tx.put("comment", comment, condition=Comment.comment_id.does_not_exist())
    if comment.parent_id:
        tx.update("parent", Comment(comment.parent_id), [Comment.reply_count.add(1)],
                  condition=Comment.comment_id.exists()
                  & (Comment.deleted == False))  # noqa: E712


def _as_read(comment: Comment) -> Any:
    """The comment is as it was read: not deleted, hidden or not as then, the same number
    of replies (a reply or a deletion meanwhile fails the write)."""
    replies = (Comment.reply_count == int(comment.reply_count)
               if comment.reply_count is not None else Comment.reply_count.does_not_exist())
    return ((Comment.deleted == False)  # noqa: E712
            & (Comment.hidden == bool(comment.hidden)) & replies)


def edit_comment_in(tx: Transaction, comment: Comment, body: dict[str, str], locale: str,
                    now: float) -> None:
    """The author's new text (label `comment`), replacing the old one (no history is
    kept), while the comment is still theirs and not deleted."""
    tx.update("comment", Comment(comment.comment_id),
              [Comment.body.set(body), Comment.locale.set(locale),
               Comment.updated_at.set(now)],
              condition=Comment.author_id.exists() & (Comment.deleted == False)  # noqa: E712
              & (Comment.author_id == comment.author_id))


def delete_comment_in(tx: Transaction, comment: Comment, *, placeholder: bool,
                      now: float) -> None:
    """Empty a comment (label `comment`): its body and author go. As a `placeholder` it
    keeps its place in the thread (its replies stay under it); otherwise it leaves the
    thread. The item stays, so that a moderation case and its flags still name it."""
    actions = [Comment.deleted.set(True), Comment.body.set({}), Comment.author_id.remove(),
               Comment.updated_at.set(now)]
    if not placeholder:
        actions.append(Comment.thread_contribution_id.remove())
    tx.update("comment", Comment(comment.comment_id), actions, condition=_as_read(comment))


def unplace_in(tx: Transaction, label: str, placeholder: Comment) -> None:
    """A deleted comment whose last reply went leaves the thread (as read: still one
    reply)."""
    tx.update(label, Comment(placeholder.comment_id),
              [Comment.thread_contribution_id.remove(), Comment.reply_count.set(0)],
              condition=(Comment.deleted == True)  # noqa: E712
              & (Comment.reply_count == int(placeholder.reply_count or 0)))


def uncount_reply_in(tx: Transaction, label: str, parent: Comment) -> None:
    """One reply fewer under `parent` (as read)."""
    tx.update(label, Comment(parent.comment_id), [Comment.reply_count.add(-1)],
              condition=Comment.reply_count == int(parent.reply_count or 0))


def has_replies(comment: Comment) -> bool:
    """Whether replies hang under the comment: its counter, or (a comment older than the
    counter) one Query of the thread index for a key under its own."""
    if comment.reply_count is not None:
        return int(comment.reply_count) > 0
    under = Comment.by_thread.query(comment.contribution_id,
                                    Comment.thread_key.startswith(f"{comment.thread_key}/"),
                                    limit=1)
    return any(True for _ in under)


def forget_head_author_in(tx: Transaction, contribution_id: str) -> None:
    tx.update("head", Comment(head_id(contribution_id)), [Comment.head_author_id.remove()],
              condition=Comment.comment_id.exists())


def _forget_comment_author_in(tx: Transaction, comment_id: str) -> None:
    tx.update("comment", Comment(comment_id), [Comment.author_id.remove()],
              condition=Comment.comment_id.exists() & (Comment.kind == "comment"))


def forget_comment_author(comment_id: str) -> bool:
    """Erasure of an account: the comment stays, linked to nobody; as for contributions, it
    then shows "Deleted participant" (or "Anonymous" if posted so). False when it is gone."""
    return conditionally(lambda: Comment(comment_id).update(
        actions=[Comment.author_id.remove()],
        condition=Comment.comment_id.exists() & (Comment.kind == "comment")))


def forget_comment_authors(comment_ids: list[str]) -> None:
    """`forget_comment_author` for a page of comments, 100 to a transaction; a cancelled
    transaction is redone one comment at a time."""
    in_pages(comment_ids, TX_ITEMS, _forget_comment_author_in, forget_comment_author)


TABLES: list[type[Model]] = [Comment]
