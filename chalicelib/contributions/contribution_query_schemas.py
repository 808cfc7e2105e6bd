"""The queries of the contribution routes, apart from their answers' models
(contribution_schemas), so that reading a feed page or a contribution builds its query's
model alone: the answers' models are for the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.platform.http.shapes import Page

Sort = Literal["unread", "latest", "most_commented", "most_engaged"]
AnswerStatus = Literal["under_review", "accepted", "rejected", "implemented"]


class FeedQuery(Page):
    sort: Sort | None = None
    status: AnswerStatus | None = None
    bbox: Annotated[str, Field(max_length=200)] | None = None


class CommentsQuery(Page):
    pass


class ContributionGetQuery(Page):
    """`limit` and `cursor` apply to the comments shown with the contribution."""
