"""Communities, projects, updates and events: request and answer shapes.

Multilingual fields (`name`, `title`, `description`, `body`) accept a string (stored under the
caller's locale) or a map locale -> text. Answers show one locale, named in `locale`; the
community's administrators also get every locale in `translations`. Plain fields come back
HTML-escaped; `description` and `body` are HTML sanitised with an allowlist.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from chalicelib.platform.http.shapes import (
    Body,
    LocaleCode,
    Out,
    Page,
    Timestamp,
    Video,
    VideoList,
)

ShortText = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(min_length=1, max_length=20000)]
LocalisedShort = ShortText | Annotated[dict[LocaleCode, ShortText],
                                       Field(min_length=1, max_length=8)]
LocalisedLong = LongText | Annotated[dict[LocaleCode, LongText],
                                     Field(min_length=1, max_length=8)]
Visibility = Literal["public", "private"]
Role = Literal["member", "moderator", "admin"]


class CommunityIn(Body):
    name: LocalisedShort
    description: LocalisedLong | None = None
    visibility: Visibility = "public"
    languages: Annotated[list[LocaleCode], Field(min_length=1, max_length=8)] | None = None
    default_locale: LocaleCode | None = None
    flag_threshold: Annotated[int, Field(ge=1, le=1000)] = 1


class CommunityPatch(Body):
    name: LocalisedShort | None = None
    description: LocalisedLong | None = None
    visibility: Visibility | None = None
    languages: Annotated[list[LocaleCode], Field(min_length=1, max_length=8)] | None = None
    default_locale: LocaleCode | None = None
    flag_threshold: Annotated[int, Field(ge=1, le=1000)] | None = None


class JoinIn(Body):
    access_code: Annotated[str, Field(min_length=1, max_length=64)] | None = None


class MemberIn(Body):
    role: Role


class CommunityMediaIn(Body):
    kind: Literal["logo", "cover"]
    content_type: Literal["image/jpeg", "image/png", "image/webp", "image/gif"]
    size: Annotated[int, Field(ge=1, le=5 * 1024 * 1024)]


class Upload(Out):
    url: str
    fields: dict[str, str]
    key: str
    expires_in: int
    max_bytes: int


class Viewer(Out):
    role: Role | None = None
    following: bool = False


class Translations(Out):
    name: dict[str, str] | None = None
    title: dict[str, str] | None = None
    description: dict[str, str] | None = None
    body: dict[str, str] | None = None


class CommunityOut(Out):
    id: str
    name: str
    description: str
    locale: str | None
    visibility: Visibility
    languages: list[str]
    default_locale: str
    flag_threshold: int | None = None
    logo_url: str | None = None
    cover_url: str | None = None
    member_count: int
    follower_count: int
    created_at: Timestamp
    viewer: Viewer | None = None
    translations: Translations | None = None


class CommunityPatchOut(CommunityOut):
    ended_follows: int | None = Field(
        None, description="Set when this change made the community private: how many "
        "follows of people who are not members it ended (they no longer hear of it).")


class CommunityList(Out):
    items: list[CommunityOut]
    next_cursor: str | None = None


class AccessCodeOut(Out):
    access_code: str


class MembershipOut(Out):
    community_id: str
    role: Role


class MembersQuery(Page):
    role: Role | None = Field(None, description="Only the members of this role.")


class MemberOut(Out):
    uid: str
    display_name: str = Field(description="As other members see it: the member's chosen "
                              "name or pseudonym, or \"Anonymous\"; never an email.")
    role: Role
    joined_at: Timestamp


class MemberList(Out):
    items: list[MemberOut]
    next_cursor: str | None = None


class ProjectIn(Body):
    title: LocalisedShort
    description: LocalisedLong | None = None


class ProjectPatch(Body):
    title: LocalisedShort | None = None
    description: LocalisedLong | None = None


class ProjectViewer(Out):
    following: bool = Field(description="Whether the signed-in caller follows this project.")


class ProjectOut(Out):
    id: str
    community_id: str
    title: str
    description: str
    locale: str | None
    module_count: int
    created_at: Timestamp
    updated_at: Timestamp | None = None
    translations: Translations | None = None
    viewer: ProjectViewer | None = None  # signed in, on GET /projects/{pid}


class ProjectList(Out):
    items: list[ProjectOut]
    next_cursor: str | None = None


ProjectRef = Annotated[str, Field(min_length=1, max_length=64)]


class UpdateIn(Body):
    title: LocalisedShort
    body: LocalisedLong
    videos: VideoList | None = None
    project_id: ProjectRef | None = None  # news of one project: its followers hear of it too


class UpdateOut(Out):
    id: str
    community_id: str
    project_id: str | None = None
    title: str
    body: str
    locale: str | None
    videos: list[Video] = []
    created_at: Timestamp


class UpdateList(Out):
    items: list[UpdateOut]
    next_cursor: str | None = None


class EventIn(Body):
    title: LocalisedShort
    description: LocalisedLong | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    place: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    videos: VideoList | None = None
    project_id: ProjectRef | None = None  # an event of one project: its followers hear too


class EventOut(Out):
    id: str
    community_id: str
    project_id: str | None = None
    title: str
    description: str
    locale: str | None
    starts_at: Timestamp
    ends_at: Timestamp
    place: str | None = None
    videos: list[Video] = []
    created_at: Timestamp


class EventList(Out):
    items: list[EventOut]
    next_cursor: str | None = None


class EventsQuery(Page):
    when: Literal["upcoming", "past"] = "upcoming"

