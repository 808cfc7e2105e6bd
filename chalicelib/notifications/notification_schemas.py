"""Notification settings, the in-app list, and read marks."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field

from chalicelib.platform.http.shapes import PLAIN_TEXT, Body, Out, Page, Timestamp
from chalicelib.platform.ids import ID_PATTERN


class NotificationSettingsIn(Body):
    """Email on/off per category; fields left out keep their value. `account` cannot be off."""

    account: bool | None = None
    followed: bool | None = None
    interactions: bool | None = None
    admin: bool | None = None
    digest: bool | None = Field(default=None, description=(
        "Bundle `followed` and `interactions` emails into one daily digest"))


class NotificationSettingsOut(Out):
    account: bool
    followed: bool
    interactions: bool
    admin: bool
    digest: bool


class NotificationsQuery(Page):
    pass


class NotificationOut(Out):
    id: str
    kind: str
    category: str
    community_id: str | None = None
    subject: dict[str, Any] | None = None
    title: str = Field(default="", description=PLAIN_TEXT)
    url: str | None = None
    data: dict[str, Any] = Field(default_factory=dict, description=(
        "The event's details; every string in it is plain text, HTML-escaped."))
    created_at: Timestamp
    read: bool


class NotificationList(Out):
    items: list[NotificationOut]
    next_cursor: str | None = None


class MarkReadIn(Body):
    """Either `ids` (at most 100) or `all: true`."""

    model_config = ConfigDict(json_schema_extra={"anyOf": [
        {"required": ["ids"], "properties": {"ids": {"type": "array",
                                                     "items": {"type": "string"}},
                                             "all": {"enum": [False, None]}}},
        {"required": ["all"], "properties": {"all": {"const": True},
                                             "ids": {"type": "null"}}}]})

    ids: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = Field(
        default=None, min_length=1, max_length=100)
    all: bool | None = None
