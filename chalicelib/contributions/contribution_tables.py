"""Contributions and their comments.

`community_id`, `project_id` and `module_id` are copied onto every contribution and comment,
so one read of the item and one BatchGetItem (community, membership, module) authorise any
request about it.

Public lists read SPARSE indexes: the index key attributes (`feed_module_id`,
`feed_community_id`, `thread_contribution_id`) exist only while the item is visible (not
hidden by moderation, not deleted). Hiding removes them, so no public list or count ever has
to filter, and a page costs the same whatever the module's size. The moderation area hides
and restores through `set_hidden` / `set_comment_hidden`, which also keep the module's counts
exact.

Counts a contribution shows (upvotes, comments, reactions per name, engagement, budget votes)
are attributes changed by atomic ADD in the same transaction as the relation they count.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
)
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import TX_ITEMS, connection, failed_at, in_transactions


class _Feed(GlobalSecondaryIndex["Contribution"]):
    feed_module_id = UnicodeAttribute(hash_key=True)


class FeedLatest(_Feed):
    class Meta:
        index_name = "feed_latest"
        projection = AllProjection()

    created_at = NumberAttribute(range_key=True)


class FeedCommented(_Feed):
    class Meta:
        index_name = "feed_commented"
        projection = AllProjection()

    comment_count = NumberAttribute(range_key=True)


class FeedEngaged(_Feed):
    class Meta:
        index_name = "feed_engaged"
        projection = AllProjection()

    engagement = NumberAttribute(range_key=True)


class FeedVotes(_Feed):
    """Budget ideas by votes (only budget ideas carry `votes`)."""

    class Meta:
        index_name = "feed_votes"
        projection = AllProjection()

    votes = NumberAttribute(range_key=True)


class FeedMap(_Feed):
    """Map contributions by geohash: a bbox reads only the ranges of its covering cells."""

    class Meta:
        index_name = "feed_map"
        projection = AllProjection()

    geohash = UnicodeAttribute(range_key=True)


class OpenByCommunity(GlobalSecondaryIndex["Contribution"]):
    """Visible contributions of a community, newest first (open data)."""

    class Meta:
        index_name = "by_community"
        projection = AllProjection()

    feed_community_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class CommunityEngaged(GlobalSecondaryIndex["Contribution"]):
    """Visible contributions of a community, most engaged first (the analytics dashboard's
    "most engaged contributions"; only what that list shows is projected)."""

    class Meta:
        index_name = "community_engaged"
        projection = IncludeProjection(["module_id", "title", "upvote_count",
                                        "comment_count", "reactions"])

    feed_community_id = UnicodeAttribute(hash_key=True)
    engagement = NumberAttribute(range_key=True)


class ContributionsByAuthor(GlobalSecondaryIndex["Contribution"]):
    """What a person published (export and erasure of an account)."""

    class Meta:
        index_name = "by_author"
        projection = KeysOnlyProjection()

    author_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class ContributionsByModule(GlobalSecondaryIndex["Contribution"]):
    """Every contribution of a module, hidden and deleted ones too (the retention purge of a
    consultation reads it; feeds read the sparse indexes above)."""

    class Meta:
        index_name = "by_module"
        projection = IncludeProjection(["attachments"])

    module_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class Contribution(Model):
    class Meta(BaseMeta):
        table_name = table_name("contributions")

    personal = ("author_id", "location", "geohash", "attachments")

    contribution_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute()
    project_id = UnicodeAttribute()
    module_id = UnicodeAttribute()
    module_type = UnicodeAttribute()
    community_visibility = UnicodeAttribute(null=True)  # a hint: see Module
    # Kept for edits, export, moderation; never shown; removed by `forget_author`.
    author_id = UnicodeAttribute(null=True)
    display = UnicodeAttribute(default="name")  # name | pseudonym | anonymous
    title = MapAttribute(default=dict)  # locale -> plain text (HTML-escaped)
    body = MapAttribute(default=dict)   # locale -> sanitised HTML
    locale = UnicodeAttribute(default="en")  # the locale it was written in
    stance = UnicodeAttribute(null=True)     # debate: for | against | neutral
    cost = NumberAttribute(null=True)        # budget ideas
    location = MapAttribute(null=True)       # map: {"lat": n, "lon": n}
    attachments = MapAttribute(default=dict)  # upload id -> {key, name, content_type, status}
    hidden = BooleanAttribute(default=False)
    deleted = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)
    upvote_count = NumberAttribute(default=0)
    comment_count = NumberAttribute(default=0)
    reactions = MapAttribute(default=dict)   # reaction name -> count
    engagement = NumberAttribute(default=0)  # upvotes + comments + reactions
    votes = NumberAttribute(null=True)       # budget ideas: ballots choosing it
    # Sparse index keys: present only while visible.
    feed_module_id = UnicodeAttribute(null=True)
    feed_community_id = UnicodeAttribute(null=True)
    geohash = UnicodeAttribute(null=True)

    feed_latest = FeedLatest()
    feed_commented = FeedCommented()
    feed_engaged = FeedEngaged()
    feed_votes = FeedVotes()
    feed_map = FeedMap()
    by_community = OpenByCommunity()
    community_engaged = CommunityEngaged()
    by_author = ContributionsByAuthor()
    by_module = ContributionsByModule()

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.deleted


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
    thread_contribution_id = UnicodeAttribute(null=True)  # sparse: present while visible

    by_thread = CommentsByThread()
    by_author = CommentsByAuthor()
    by_module = CommentsByModule()

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.deleted


def get(contribution_id: str) -> Contribution | None:
    try:
        return Contribution.get(contribution_id)
    except Contribution.DoesNotExist:
        return None


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


def _module_count_actions(c: Contribution, delta: int) -> list[Any]:
    from chalicelib.modules.module_tables import Module

    actions = [Module.contribution_count.add(delta)]
    if c.stance:
        actions.append(Module.stances[c.stance].add(delta))
    return actions


class ModuleClosed(Exception):
    pass


def create(c: Contribution) -> None:
    """Store a visible contribution (and its thread head), count it on its module and mark
    it seen by its author (their `unread` feed does not offer it), in one transaction, while
    the module is open."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.contributions.mark_tables import Mark, contribution_key, module_key
    from chalicelib.modules.module_tables import Module

    c.feed_module_id = c.module_id
    c.feed_community_id = c.community_id
    now = c.created_at
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.save(c, condition=Contribution.contribution_id.does_not_exist())
            tx.save(head_of(c))
            tx.update(Module(c.module_id), actions=_module_count_actions(c, 1),
                      condition=(Module.opens_at <= now) & (Module.closes_at > now))
            tx.update(Mark(c.author_id, contribution_key(c.contribution_id)),
                      actions=[Mark.seen_at.set(now), Mark.module_id.set(c.module_id)])
            tx.update(Mark(c.author_id, module_key(c.module_id)),
                      actions=[Mark.seen_count.add(1), Mark.module_id.set(c.module_id)])
    except TransactWriteError as err:
        if failed_at(err) == [2]:
            raise ModuleClosed() from None
        raise


def set_hidden(contribution_id: str, hidden: bool) -> bool:
    """Hide (moderation) or restore a contribution. Hiding removes the sparse index keys, so
    it leaves every public list at once; the module's counts follow. Returns False when the
    contribution is unknown, deleted or already in that state."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.modules.module_tables import Module

    c = get(contribution_id)
    if c is None or c.deleted or bool(c.hidden) == hidden:
        return False
    if hidden:
        actions = [Contribution.hidden.set(True), Contribution.feed_module_id.remove(),
                   Contribution.feed_community_id.remove()]
    else:
        actions = [Contribution.hidden.set(False),
                   Contribution.feed_module_id.set(c.module_id),
                   Contribution.feed_community_id.set(c.community_id)]
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(c, actions=actions,
                      condition=(Contribution.hidden == (not hidden))
                      & (Contribution.deleted == False))  # noqa: E712
            tx.update(Module(c.module_id), actions=_module_count_actions(c, -1 if hidden else 1))
    except TransactWriteError as err:
        if failed_at(err):
            return False  # someone else changed it first
        raise
    return True


def soft_delete(c: Contribution, now: float) -> bool:
    """Delete a contribution's content (author or moderator). The item stays, emptied, so
    that counts, ballots and comments that name it stay consistent."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.modules.module_tables import Module

    actions = [Contribution.deleted.set(True), Contribution.title.set({}),
               Contribution.body.set({}), Contribution.location.remove(),
               Contribution.attachments.set({}), Contribution.feed_module_id.remove(),
               Contribution.feed_community_id.remove(), Contribution.geohash.remove(),
               Contribution.updated_at.set(now)]
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(c, actions=actions,
                      condition=(Contribution.deleted == False)  # noqa: E712
                      & (Contribution.hidden == bool(c.hidden)))
            if c.visible:
                tx.update(Module(c.module_id), actions=_module_count_actions(c, -1))
    except TransactWriteError as err:
        if failed_at(err):
            return False
        raise
    return True


def set_comment_hidden(comment_id: str, hidden: bool) -> bool:
    """Hide (moderation) or restore a comment; the contribution's counts follow."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    comment = get_comment(comment_id)
    if comment is None or comment.deleted or bool(comment.hidden) == hidden:
        return False
    delta = -1 if hidden else 1
    key_action = (Comment.thread_contribution_id.remove() if hidden
                  else Comment.thread_contribution_id.set(comment.contribution_id))
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(comment, actions=[Comment.hidden.set(hidden), key_action],
                      condition=Comment.hidden == (not hidden))
            tx.update(Contribution(comment.contribution_id),
                      actions=[Contribution.comment_count.add(delta),
                               Contribution.engagement.add(delta)],
                      condition=Contribution.contribution_id.exists())
    except TransactWriteError as err:
        if failed_at(err):
            return False
        raise
    return True


def add_comment(comment: Comment) -> bool:
    """Store a visible comment and count it on its contribution, which must be visible
    (False when it is not, or no longer), while the module is open (else ModuleClosed)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.modules.module_tables import Module

    comment.thread_contribution_id = comment.contribution_id
    now = comment.created_at
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.condition_check(Module, comment.module_id,
                               condition=(Module.opens_at <= now) & (Module.closes_at > now))
            tx.save(comment, condition=Comment.comment_id.does_not_exist())
            tx.update(Contribution(comment.contribution_id),
                      actions=[Contribution.comment_count.add(1),
                               Contribution.engagement.add(1)],
                      condition=Contribution.feed_module_id.exists())
    except TransactWriteError as err:
        failed = failed_at(err)
        if 0 in failed:
            raise ModuleClosed() from None
        if 2 in failed:
            return False
        raise
    return True


def _forget_author_in(tx: Any, contribution_id: str) -> None:
    tx.update(Contribution(contribution_id),
              actions=[Contribution.author_id.remove(), Contribution.attachments.set({})],
              condition=Contribution.contribution_id.exists())
    tx.update(Comment(head_id(contribution_id)), actions=[Comment.head_author_id.remove()],
              condition=Comment.comment_id.exists())


def forget_author(contribution_id: str) -> bool:
    """Erasure of an account: the contribution stays, linked to nobody (its thread head
    too), and without its attachments (the erasure deletes their files). The display choice
    stays: an item shown by name or pseudonym now shows "Deleted participant", an anonymous
    one still "Anonymous" (`identity/author_rules.py`). Idempotent; False when the contribution no
    longer exists (purged meanwhile)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    try:
        with TransactWrite(connection=connection()) as tx:
            _forget_author_in(tx, contribution_id)
    except TransactWriteError as err:
        if failed_at(err):
            return False
        raise
    return True


def forget_authors(contribution_ids: list[str]) -> None:
    """`forget_author` for a page of contributions, 50 to a transaction (each with its
    thread head); a cancelled transaction is redone one contribution at a time."""
    in_transactions(contribution_ids, TX_ITEMS // 2, _forget_author_in, forget_author)


def _forget_comment_author_in(tx: Any, comment_id: str) -> None:
    tx.update(Comment(comment_id), actions=[Comment.author_id.remove()],
              condition=Comment.comment_id.exists() & (Comment.kind == "comment"))


def forget_comment_author(comment_id: str) -> bool:
    """Erasure of an account: the comment stays, linked to nobody; as for contributions, it
    then shows "Deleted participant" (or "Anonymous" if posted so). False when it is gone."""
    from pynamodb.exceptions import UpdateError

    try:
        Comment(comment_id).update(
            actions=[Comment.author_id.remove()],
            condition=Comment.comment_id.exists() & (Comment.kind == "comment"))
    except UpdateError as err:
        if err.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def forget_comment_authors(comment_ids: list[str]) -> None:
    """`forget_comment_author` for a page of comments, 100 to a transaction; a cancelled
    transaction is redone one comment at a time."""
    in_transactions(comment_ids, TX_ITEMS, _forget_comment_author_in, forget_comment_author)


TABLES: list[type[Model]] = [Contribution, Comment]


def edit(c: Contribution, actions: list[Any], condition: Any, *, old_stance: str | None,
         display_changed: bool = False) -> str:
    """Apply an edit; a visible debate contribution that changes stance moves one count
    between the module's stances in the same transaction. Returns "ok", "gone" (deleted
    meanwhile), "votes" (a budget idea's cost, refused once it has votes) or "changed"
    (moderation hid or restored it meanwhile)."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.modules.module_tables import Module

    moves_stance = c.stance != old_stance and c.visible and old_stance is not None
    try:
        with TransactWrite(connection=connection()) as tx:
            tx.update(Contribution(c.contribution_id), actions=actions,
                      condition=condition & (Contribution.hidden == bool(c.hidden)))
            if display_changed:
                tx.save(head_of(c))
            if moves_stance:
                tx.update(Module(c.module_id), actions=[Module.stances[old_stance].add(-1),
                                                        Module.stances[c.stance].add(1)])
    except TransactWriteError as err:
        if failed_at(err):
            current = get(c.contribution_id)
            if current is None or current.deleted:
                return "gone"
            if int(current.votes or 0) > 0:
                return "votes"
            return "changed"
        raise
    return "ok"


def add_attachments(contribution_id: str, records: dict[str, dict[str, Any]]) -> bool:
    from pynamodb.exceptions import UpdateError

    actions = [Contribution.attachments[upload_id].set(record)
               for upload_id, record in records.items()]
    try:
        Contribution(contribution_id).update(
            actions=actions, condition=Contribution.deleted == False)  # noqa: E712
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def attachment_ready(contribution_id: str, upload_id: str, key: str,
                     content_type: str) -> bool:
    """Mark a planned attachment's upload as checked. False when no such attachment is
    planned (or the contribution was deleted)."""
    from pynamodb.exceptions import UpdateError

    entry = Contribution.attachments[upload_id]
    try:
        Contribution(contribution_id).update(
            actions=[entry["status"].set("ready"), entry["content_type"].set(content_type)],
            condition=(Contribution.deleted == False)  # noqa: E712
            & entry["key"].exists() & (entry["key"] == key))
    except UpdateError as err:
        if err.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
