"""The signed-in person's own profile and account settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.identity.auth_schemas import (
    CURRENT_PASSWORD,
    EMAIL,
    NAME_PATTERN,
    PASSWORD,
    PSEUDONYM,
    TEXT_PATTERN,
)
from chalicelib.identity.profiles import (
    DESCRIPTION_MAX,
    INTEREST_MAX,
    INTERESTS_MAX,
    NAME_MAX,
)
from chalicelib.platform.http.shapes import (
    PLAIN_TEXT,
    Body,
    Locale,
    Out,
    Timestamp,
    absent_or,
    locale_tag_schema,
)

Display = Literal["name", "pseudonym", "anonymous"]


class TermsStatus(Out):
    accepted_version: int | None = Field(description="The version the person accepted "
                                         "last (null: none yet).")
    current_version: int | None = Field(description="The current version (null: none "
                                        "published).")
    pending: bool = Field(description="A newer version waits for acceptance: participation "
                          "writes answer 403 `terms_not_accepted` until then.")


class MeOut(Out):
    id: str
    email: str | None = None
    pending_email: str | None = Field(default=None,
                                      description="Waiting for its confirmation link.")
    name: str | None = Field(default=None, description=PLAIN_TEXT)
    pseudonym: str | None = Field(default=None, description=PLAIN_TEXT)
    display: Display = Field(default="name",
                             description="The default for new contributions.")
    description: str | None = Field(default=None, description=PLAIN_TEXT)
    interests: list[str] = Field(default=[], description=PLAIN_TEXT)
    locale: str = "en"
    status: str
    platform_admin: bool = False
    has_password: bool = False
    sso_providers: list[str] = []
    avatar_url: str | None = None
    cover_url: str | None = None
    created_at: Timestamp | None = None
    confirmed_at: Timestamp | None = None
    last_login_at: Timestamp | None = None
    last_visit_at: Timestamp | None = None
    updated_at: Timestamp | None = Field(default=None,
                                   description="When the profile or email last changed.")
    terms: TermsStatus | None = Field(default=None, description="The terms of use the "
                                      "person accepted (on `GET /me`).")


class MePatch(Body):
    """Only the fields sent change; `null` clears pseudonym, description or interests."""

    name: str = absent_or(min_length=1, max_length=NAME_MAX,
                          schema=lambda s: s.update(pattern=NAME_PATTERN))
    pseudonym: str | None = PSEUDONYM
    display: Display = absent_or()
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX,
                                    json_schema_extra={"pattern": TEXT_PATTERN})
    interests: list[Annotated[str, Field(min_length=1, max_length=INTEREST_MAX,
                                         json_schema_extra={"pattern": NAME_PATTERN})]] | None = (
        Field(default=None, max_length=INTERESTS_MAX))
    locale: Locale = absent_or(schema=locale_tag_schema)


class EmailChangeIn(Body):
    email: str = EMAIL
    password: str | None = Field(default=None, max_length=1024,
                                 description="Required when the account has a password.")


class PasswordChangeIn(Body):
    current_password: str = CURRENT_PASSWORD
    new_password: str = PASSWORD


class ProfileMediaIn(Body):
    kind: Literal["avatar", "cover"]
    content_type: Literal["image/jpeg", "image/png", "image/webp", "image/gif"]
    size: int = Field(ge=1, le=5 * 1024 * 1024, description="Bytes; at most 5 MiB.")


class UploadOut(Out):
    url: str
    fields: dict[str, str]
    key: str
    expires_in: int
    max_bytes: int
