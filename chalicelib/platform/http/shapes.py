"""Shapes shared by many routes."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Answers' instants: RFC 3339 in UTC (`chalicelib.platform.clock.iso`), days as YYYY-MM-DD.
Timestamp = Annotated[str, Field(json_schema_extra={"format": "date-time"},
                                 examples=["2026-05-04T09:30:00Z"])]
Day = Annotated[str, Field(json_schema_extra={"format": "date"}, examples=["2026-05-04"])]


def _omit_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def absent_or(*, schema: Any = None, **constraints: Any) -> Any:
    """A field that may be left out but is never `null` (`PATCH /me`'s `name`); `schema`
    edits its JSON schema further (the type's own edit is replaced by this field's)."""

    def edit(json_schema: dict[str, Any]) -> None:
        _omit_default(json_schema)
        if schema is not None:
            schema(json_schema)

    return Field(default=None, json_schema_extra=edit, **constraints)


def _locales() -> tuple[str, ...]:
    from chalicelib.platform.config import settings

    return settings().locales


def _locale_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = list(_locales())


def _check_locale_code(value: str) -> str:
    if value not in _locales():
        raise ValueError(f"must be one of {', '.join(_locales())}")
    return value


def _locale_tag_pattern() -> str:
    either = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in code) for code in _locales())
    return rf"^(?:{either})(?:[-_][A-Za-z0-9]{{1,8}})*$"


def locale_tag_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = _locale_tag_pattern()


def _check_locale_tag(value: str) -> str:
    import re

    if not re.match(_locale_tag_pattern(), value):
        raise ValueError(f"must be a language tag of {', '.join(_locales())} (`fr`, `fr-BE`)")
    return value


# A supported locale, exactly (`fr`): map keys of multilingual texts, a community's languages.
LocaleCode = Annotated[str, AfterValidator(_check_locale_code),
                       Field(json_schema_extra=_locale_enum)]
# A person's language: a supported locale, with any region (`fr-BE`, `en_GB`).
Locale = Annotated[str, Field(max_length=35, json_schema_extra=locale_tag_schema),
                   AfterValidator(_check_locale_tag)]

def _video_schema(schema: dict[str, Any]) -> None:
    from chalicelib.platform import video_rules

    schema["pattern"] = video_rules.PATTERN


def _check_video(value: str) -> str:
    from chalicelib.platform import video_rules

    if video_rules.parse(value) is None:
        raise ValueError("must be a YouTube or Vimeo video address")
    return value


# A YouTube or Vimeo address (`chalicelib.platform.video_rules`), answered as `Video`.
VideoUrl = Annotated[str, Field(max_length=300, json_schema_extra=_video_schema),
                     AfterValidator(_check_video)]


# How answers describe their text fields (the rule: docs/text-fields.md).
PLAIN_TEXT = ("Plain text, HTML-escaped (`&amp;`, `&lt;`, `&gt;`): holds no markup, safe to "
              "insert as HTML; unescape to show it as text.")


class Body(BaseModel):
    """Base of every request body: unknown fields and wrong types are refused."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Out(BaseModel):
    """Base of every answer."""

    model_config = ConfigDict(extra="ignore", defer_build=True)


class Page(BaseModel):
    """`?limit=` (1 to 100, default 20) and the opaque `?cursor=` of the previous page."""

    model_config = ConfigDict(extra="ignore", defer_build=True)

    limit: int = Field(default=20, ge=1, le=100, description="Items per page.")
    cursor: str | None = Field(default=None, max_length=2048,
                               description="The `next_cursor` of the previous page (opaque).")


class Empty(Out):
    pass


class Health(Out):
    status: str
    stage: str


class FieldProblem(BaseModel):
    field: str = Field(description="The field as the contract names it (`body`, `email`, "
                                   "`name.fr`, `limit`...).")
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


class Video(Out):
    """A video by its provider and id: no address of the provider's is stored or answered
    (the web app builds the privacy-enhanced player's address when asked)."""

    provider: Literal["youtube", "vimeo"]
    id: str


VideoList = Annotated[list[VideoUrl], Field(max_length=5)]
