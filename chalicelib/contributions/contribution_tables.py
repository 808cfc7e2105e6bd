"""Contributions.

`community_id`, `project_id` and `module_id` are copied onto every contribution and comment,
so one read of the item and one BatchGetItem (community, membership, module) authorise any
request about it.

Public lists read SPARSE indexes: the index key attributes (`feed_module_id`,
`feed_community_id`, `thread_contribution_id`) exist only while the item is visible (not
hidden by moderation, not deleted). Hiding removes them, so no public list or count ever has
to filter, and a page costs the same whatever the module's size. Moderation hides and
restores through `content_access.hide_in`, which also keeps the counts exact.

Counts a contribution shows (upvotes, comments, reactions per name, engagement, budget votes)
are attributes changed by atomic ADD in the same transaction as the relation they count.
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
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
from chalicelib.platform.dynamo.transactions import TX_ITEMS, Transaction, conditionally, in_pages


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


class FeedStatus(GlobalSecondaryIndex["Contribution"]):
    """A module's visible contributions answered with one status, newest first
    (`?status=`): `status_key` is `<module id>#<status>`, present only while the
    contribution is visible and answered (sparse, like the feeds above)."""

    class Meta:
        index_name = "feed_status"
        projection = AllProjection()

    status_key = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class AnswersBySigner(GlobalSecondaryIndex["Contribution"]):
    """The answers an admin signed (their export, and erasure of the signature; sparse)."""

    class Meta:
        index_name = "answers_by_signer"
        projection = KeysOnlyProjection()

    answer_signer_id = UnicodeAttribute(hash_key=True)


class Contribution(Model):
    class Meta(BaseMeta):
        table_name = table_name("contributions")

    personal = ("author_id", "location", "geohash", "attachments", "videos",
                "answer_signer_id")

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
    videos = ListAttribute(of=UnicodeAttribute, null=True)  # "youtube:<id>", "vimeo:<id>"
    hidden = BooleanAttribute(default=False)
    deleted = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)
    upvote_count = NumberAttribute(default=0)
    comment_count = NumberAttribute(default=0)
    reactions = MapAttribute(default=dict)   # reaction name -> count
    engagement = NumberAttribute(default=0)  # upvotes + comments + reactions
    votes = NumberAttribute(null=True)       # budget ideas: ballots choosing it
    # The official answer (`answer_rules`): {status, text: {locale: html}, answered_at,
    # cost?, signed_by?}; `answer_version` counts its changes (writes condition on it).
    answer = MapAttribute(null=True)
    answer_status = UnicodeAttribute(null=True)
    answer_version = NumberAttribute(null=True)
    answer_signer_id = UnicodeAttribute(null=True)  # only while the answer is signed
    # Sparse index keys: present only while visible.
    feed_module_id = UnicodeAttribute(null=True)
    feed_community_id = UnicodeAttribute(null=True)
    geohash = UnicodeAttribute(null=True)
    status_key = UnicodeAttribute(null=True)

    feed_latest = FeedLatest()
    feed_commented = FeedCommented()
    feed_engaged = FeedEngaged()
    feed_votes = FeedVotes()
    feed_map = FeedMap()
    by_community = OpenByCommunity()
    community_engaged = CommunityEngaged()
    by_author = ContributionsByAuthor()
    by_module = ContributionsByModule()
    feed_status = FeedStatus()
    answers_by_signer = AnswersBySigner()

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.deleted


def get(contribution_id: str) -> Contribution | None:
    try:
        return Contribution.get(contribution_id)
    except Contribution.DoesNotExist:
        return None


def add_new(tx: Transaction, c: Contribution) -> None:
    """A new visible contribution (label `contribution`) with its thread head (`head`)."""
    from chalicelib.contributions.comment_tables import head_of

    c.feed_module_id = c.module_id
    c.feed_community_id = c.community_id
    tx.put("contribution", c, condition=Contribution.contribution_id.does_not_exist())
    tx.put("head", head_of(c))


def status_key(module_id: str, status: str) -> str:
    return f"{module_id}#{status}"


def _visibility_actions(c: Contribution, hidden: bool) -> list[Any]:
    """Hiding takes the item out of its sparse indexes; restoring puts it back."""
    if hidden:
        return [Contribution.hidden.set(True), Contribution.feed_module_id.remove(),
                Contribution.feed_community_id.remove(), Contribution.status_key.remove()]
    actions = [Contribution.hidden.set(False), Contribution.feed_module_id.set(c.module_id),
               Contribution.feed_community_id.set(c.community_id)]
    if c.answer_status:
        actions.append(Contribution.status_key.set(status_key(c.module_id, c.answer_status)))
    return actions


def answered_as_read(c: Contribution) -> Any:
    """The answer is still the one read (its version)."""
    if c.answer_version is None:
        return Contribution.answer_version.does_not_exist()
    return Contribution.answer_version == c.answer_version


def contribution_hidden_in(tx: Transaction, label: str, c: Contribution, hidden: bool) -> None:
    """Hide or restore, conditional on the state as read (and not deleted meanwhile; its
    answer unchanged, which a restore puts back in the status index)."""
    tx.update(label, Contribution(c.contribution_id), _visibility_actions(c, hidden),
              condition=(Contribution.hidden == (not hidden))
              & (Contribution.deleted == False)  # noqa: E712
              & answered_as_read(c))


def delete_in(tx: Transaction, c: Contribution, now: float) -> None:
    """Empty a contribution (author or moderator; label `contribution`). The item stays, so
    that counts, ballots and comments that name it stay consistent."""
    actions = [Contribution.deleted.set(True), Contribution.title.set({}),
               Contribution.body.set({}), Contribution.location.remove(),
               Contribution.attachments.set({}), Contribution.videos.remove(),
               Contribution.feed_module_id.remove(),
               Contribution.feed_community_id.remove(), Contribution.geohash.remove(),
               Contribution.status_key.remove(), Contribution.updated_at.set(now)]
    tx.update("contribution", Contribution(c.contribution_id), actions,
              condition=(Contribution.deleted == False)  # noqa: E712
              & (Contribution.hidden == bool(c.hidden)))


def count_comment(tx: Transaction, label: str, contribution_id: str, delta: int, *,
                  visible: bool = False) -> None:
    """A comment more (or fewer) on a contribution; with `visible`, only while the
    contribution is visible."""
    tx.update(label, Contribution(contribution_id),
              [Contribution.comment_count.add(delta), Contribution.engagement.add(delta)],
              condition=Contribution.feed_module_id.exists() if visible
              else Contribution.contribution_id.exists())


def count_relation(tx: Transaction, label: str, contribution_id: str, counter: str,
                   delta: int, *, reaction: str | None = None) -> None:
    """An upvote or a reaction more (or fewer); given ones need a visible contribution."""
    count = (Contribution.reactions[reaction] if reaction else Contribution.upvote_count)
    tx.update(label, Contribution(contribution_id),
              [count.add(delta), Contribution.engagement.add(delta)],
              condition=Contribution.feed_module_id.exists() if delta > 0
              else Contribution.contribution_id.exists())


def take_votes_in(tx: Transaction, label: str, idea_id: str, read: Any, moved: int) -> None:
    """A roll-up adds the votes it took from the idea's live counters, unless another roll-up
    did first (`votes` as read)."""
    tx.update(label, Contribution(idea_id), [Contribution.votes.add(moved)],
              condition=votes_as_read(read))


def votes_as_read(read: Any) -> Any:
    return (Contribution.votes == read if read is not None
            else Contribution.votes.does_not_exist())


EDITABLE = ("title", "body", "display", "stance", "location", "geohash", "cost", "videos",
            "updated_at")


def edit_in(tx: Transaction, c: Contribution, values: dict[str, Any], *,
            unvoted: bool) -> None:
    """Set `values` (attribute -> value) on a contribution that is not deleted and was not
    hidden or restored meanwhile; with `unvoted`, only while its rolled-up votes are none
    (the caller checks the live counters, `modules.module_access.unvoted_in`) (label
    `contribution`)."""
    actions = [getattr(Contribution, name).set(value) for name, value in values.items()
               if name in EDITABLE]
    condition = ((Contribution.deleted == False)  # noqa: E712
                 & (Contribution.hidden == bool(c.hidden)))
    if unvoted:
        condition = condition & ((Contribution.votes == 0) | Contribution.votes.does_not_exist())
    tx.update("contribution", Contribution(c.contribution_id), actions, condition=condition)


def forget_author_in(tx: Transaction, contribution_id: str) -> None:
    from chalicelib.contributions.comment_tables import forget_head_author_in

    tx.update("contribution", Contribution(contribution_id),
              [Contribution.author_id.remove(), Contribution.attachments.set({}),
               Contribution.videos.remove()],
              condition=Contribution.contribution_id.exists())
    forget_head_author_in(tx, contribution_id)


def forget_author(contribution_id: str) -> bool:
    """Erasure of an account: the contribution stays, linked to nobody (its thread head
    too), without its attachments (the erasure deletes their files) and video links. The
    display choice stays: an item shown by name or pseudonym now shows "Deleted participant",
    an anonymous one still "Anonymous" (`identity/author_rules.py`). Idempotent; False when the
    contribution no longer exists (purged meanwhile)."""
    tx = Transaction()
    forget_author_in(tx, contribution_id)
    return not tx.commit()


def forget_authors(contribution_ids: list[str]) -> None:
    """`forget_author` for a page of contributions, 50 to a transaction (each with its
    thread head); a cancelled transaction is redone one contribution at a time."""
    in_pages(contribution_ids, TX_ITEMS // 2, forget_author_in, forget_author)


TABLES: list[type[Model]] = [Contribution]


def add_attachments(contribution_id: str, records: dict[str, dict[str, Any]]) -> bool:
    actions = [Contribution.attachments[upload_id].set(record)
               for upload_id, record in records.items()]
    return conditionally(lambda: Contribution(contribution_id).update(
        actions=actions, condition=Contribution.deleted == False))  # noqa: E712


def attachment_ready(contribution_id: str, upload_id: str, key: str,
                     content_type: str) -> bool:
    """Mark a planned attachment's upload as checked. False when no such attachment is
    planned (or the contribution was deleted)."""
    entry = Contribution.attachments[upload_id]
    return conditionally(lambda: Contribution(contribution_id).update(
        actions=[entry["status"].set("ready"), entry["content_type"].set(content_type)],
        condition=(Contribution.deleted == False)  # noqa: E712
        & entry["key"].exists() & (entry["key"] == key)))
