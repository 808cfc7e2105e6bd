"""Contributions, comments, relations (upvote, reactions, favourite) and attachments.

An author shows only as `{display_name}`: a name, a pseudonym, "Anonymous" or "Deleted
participant"; never an id or an email. `is_author` tells the caller their own items.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.communities.community_schemas import LocalisedLong, LocalisedShort, Translations
from chalicelib.contributions.contribution_query_schemas import AnswerStatus
from chalicelib.platform.http.shapes import (
    PLAIN_TEXT,
    Body,
    Out,
    Timestamp,
    Video,
    VideoList,
)

Display = Literal["name", "pseudonym", "anonymous"]
Stance = Literal["for", "against", "neutral"]
AttachmentType = Literal["image/jpeg", "image/png", "image/webp", "image/gif",
                         "application/pdf"]


class Location(Body):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class AttachmentIn(Body):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    content_type: AttachmentType
    size: Annotated[int, Field(ge=1, le=10 * 1024 * 1024)]


class ContributionIn(Body):
    title: LocalisedShort | None = None
    body: LocalisedLong
    display: Display | None = None
    location: Location | None = None
    cost: Annotated[int, Field(ge=0, le=10**12)] | None = None
    stance: Stance | None = None
    attachments: Annotated[list[AttachmentIn], Field(max_length=5)] | None = None
    videos: VideoList | None = None


class ContributionPatch(Body):
    title: LocalisedShort | None = None
    body: LocalisedLong | None = None
    display: Display | None = None
    location: Location | None = None
    cost: Annotated[int, Field(ge=0, le=10**12)] | None = None
    stance: Stance | None = None
    videos: VideoList | None = None


class Author(Out):
    display_name: str = Field(description=PLAIN_TEXT)


class Counts(Out):
    upvotes: int
    comments: int
    reactions: dict[str, int]
    votes: int | None = None


class AttachmentOut(Out):
    id: str
    name: str
    content_type: str
    status: Literal["pending", "ready"]
    url: str | None = None


class ContributionViewer(Out):
    upvoted: bool = False
    reactions: list[str] = []
    favorite: bool = False
    seen: bool = False


class Comment(Out):
    id: str
    contribution_id: str
    parent_id: str | None = None
    depth: int
    body: str | None = Field(description="None once deleted (the comment stays in the "
                             "thread for its replies)")
    locale: str | None
    author: Author | None = Field(description="None once deleted")
    is_author: bool = False
    deleted: bool = False
    created_at: Timestamp
    updated_at: Timestamp | None = Field(None, description="The author's last edit.")
    demographics_pending: bool | None = None  # on the answer to a new comment


class CommentList(Out):
    items: list[Comment]
    next_cursor: str | None = None


class AnswerIn(Body):
    """An official answer. `cost` (budget ideas only) revises what the idea costs on a
    ballot; `signed` shows the admin's name with the answer (otherwise it is the
    community's)."""

    status: AnswerStatus
    text: LocalisedLong
    cost: Annotated[int, Field(ge=0, le=10**12)] | None = None
    signed: bool | None = None


class AnswerOut(Out):
    status: AnswerStatus
    text: str
    answered_at: Timestamp
    cost: int | None = None
    signed_by: str | None = Field(default=None, description=PLAIN_TEXT)


class AnsweredContribution(Out):
    """What `PUT /contributions/{id}/answer` answers: the contribution's id, its status and
    its answer, as every representation of it now carries them."""

    id: str
    status: AnswerStatus
    answer: AnswerOut


class ContributionOut(Out):
    id: str
    module_id: str
    project_id: str
    community_id: str
    module_type: str
    title: str
    body: str
    locale: str | None
    author: Author
    is_author: bool = False
    created_at: Timestamp
    updated_at: Timestamp | None = None
    hidden: bool = False
    seen: bool | None = None
    stance: Stance | None = None
    cost: int | None = None
    location: dict[str, float] | None = None
    attachments: list[AttachmentOut] = []
    videos: list[Video] = []
    counts: Counts
    status: AnswerStatus | None = None
    answer: AnswerOut | None = None
    viewer: ContributionViewer | None = None
    comments: CommentList | None = None
    translations: Translations | None = None


class CreatedContribution(ContributionOut):
    uploads: list[dict[str, object]] | None = None
    # The community asks demographic questions the author has not answered or skipped yet
    # (`GET /communities/{cid}/demographics`).
    demographics_pending: bool | None = None


class Feed(Out):
    items: list[ContributionOut]
    next_cursor: str | None = None
    sort: str
    locale: str | None = None


class CommentIn(Body):
    body: Annotated[str, Field(min_length=1, max_length=5000)]
    parent_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    display: Display | None = None


class CommentPatch(Body):
    """The author's new text (as a new comment's; no history of edits is kept)."""

    body: Annotated[str, Field(min_length=1, max_length=5000)]


class AttachmentsIn(Body):
    attachments: Annotated[list[AttachmentIn], Field(min_length=1, max_length=5)]


class Uploads(Out):
    uploads: list[dict[str, object]]
