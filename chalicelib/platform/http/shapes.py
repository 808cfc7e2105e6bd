"""Shapes shared by many routes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# How answers describe their text fields (the rule: docs/text-fields.md).
PLAIN_TEXT = ("Plain text, HTML-escaped (`&amp;`, `&lt;`, `&gt;`): holds no markup, safe to "
              "insert as HTML; unescape to show it as text.")


class Body(BaseModel):
    """Base of every request body: unknown fields and wrong types are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    """Base of every answer."""

    model_config = ConfigDict(extra="ignore")


class Page(BaseModel):
    """`?limit=` (1 to 100, default 20) and the opaque `?cursor=` of the previous page."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(default=20, ge=1, le=100)
    cursor: str | None = Field(default=None, max_length=2048)


class Empty(Out):
    pass


class Health(Out):
    status: str
    stage: str


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine `code`."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    errors: list[FieldProblem] | None = None


class Listing(Out):
    items: list[Any]
    next_cursor: str | None = None
