"""Open data shapes: texts in every locale, counts, and no personal data at all."""

from __future__ import annotations

from typing import Literal

from chalicelib.platform.http.shapes import Out, Page, Timestamp, Video


class OpenCommunity(Out):
    id: str
    name: dict[str, str]
    description: dict[str, str]
    languages: list[str]
    default_locale: str
    member_count: int
    follower_count: int
    created_at: Timestamp


class OpenCommunityList(Out):
    items: list[OpenCommunity]
    next_cursor: str | None = None


class OpenCounts(Out):
    upvotes: int
    comments: int
    reactions: dict[str, int]
    votes: int | None = None


class OpenAnswer(Out):
    status: Literal["under_review", "accepted", "rejected", "implemented"]
    text: dict[str, str]
    answered_at: Timestamp
    cost: int | None = None
    signed_by: str | None = None


class OpenContribution(Out):
    id: str
    community_id: str
    project_id: str
    module_id: str
    module_type: str
    locale: str
    title: dict[str, str]
    body: dict[str, str]
    stance: str | None = None
    cost: int | None = None
    videos: list[Video] = []
    created_at: Timestamp
    updated_at: Timestamp | None = None
    counts: OpenCounts
    status: Literal["under_review", "accepted", "rejected", "implemented"] | None = None
    answer: OpenAnswer | None = None


class OpenContributionList(Out):
    items: list[OpenContribution]
    next_cursor: str | None = None


class ExportQuery(Page):
    format: Literal["jsonl", "csv"] = "jsonl"
