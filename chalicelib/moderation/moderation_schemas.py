"""Flags, moderation cases, decisions, appeals and the decision log.

A case never names who flagged: moderators see the reasons, the notes and the count; the
author sees the decision, why, under which rule, and whether they may appeal."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.contributions.contribution_schemas import Author
from chalicelib.platform.http.shapes import PLAIN_TEXT, Body, Out, Page, Timestamp

Reason = Literal["spam", "harassment", "hate_speech", "violence", "illegal", "privacy",
                 "misinformation", "off_topic", "other"]
Action = Literal["restore", "remove"]


class FlagIn(Body):
    """`reason` from the fixed list; an optional `note` for the moderators (plain text)."""

    reason: Reason
    note: Annotated[str, Field(max_length=1000)] | None = None


class DecisionIn(Body):
    """`restore` or `remove`, why (shown to the author), and the rule applied."""

    action: Action
    reason: Annotated[str, Field(min_length=1, max_length=2000)]
    rule: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class AppealIn(Body):
    """The author's words to the moderator who will review the removal (optional)."""

    statement: Annotated[str, Field(max_length=2000)] | None = None


class QueueQuery(Page):
    pass


class LogQuery(Page):
    pass


class ItemOut(Out):
    kind: Literal["contribution", "comment"]
    id: str
    contribution_id: str
    module_id: str
    title: str | None = None
    body: str
    locale: str | None = None
    author: Author
    created_at: Timestamp | None = None
    hidden: bool
    deleted: bool


class NoteOut(Out):
    reason: str | None = None
    note: str | None = None
    at: str | None = None


class DecisionOut(Out):
    action: Action
    reason: str | None = None
    rule: str | None = None
    at: str | None = None


class AppealOut(Out):
    at: str | None = None
    statement: str | None = None


class AuthorHistory(Out):
    earlier_cases: int
    removals: int
    strikes: int


class CaseOut(Out):
    item_id: str
    kind: Literal["contribution", "comment"]
    community_id: str
    case_number: int
    status: Literal["open", "appealed", "closed"]
    opened_at: Timestamp | None = None
    flags: int
    reasons: dict[str, int]
    hidden: bool
    item: ItemOut | None = None
    outcome: Literal["removed", "restored"] | None = None
    decision: DecisionOut | None = None
    appeal: AppealOut | None = None
    is_author: bool = False
    can_appeal: bool | None = None
    # Moderators only:
    reach: int | None = None
    notes: list[NoteOut] | None = None
    author_history: AuthorHistory | None = None
    decided_by_you: bool | None = None


class CaseList(Out):
    items: list[CaseOut]
    next_cursor: str | None = None


class Moderator(Out):
    id: str | None = None
    display_name: str = Field(description=PLAIN_TEXT)


class LogEntryOut(Out):
    id: str
    at: str | None = None
    item_id: str
    kind: str
    case_number: int
    action: Action
    reason: str
    rule: str | None = None
    appeal: bool
    moderator: Moderator


class LogList(Out):
    items: list[LogEntryOut]
    next_cursor: str | None = None
