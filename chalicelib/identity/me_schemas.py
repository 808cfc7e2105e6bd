"""The signed-in person's own profile and account settings."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from chalicelib.platform.http.shapes import PLAIN_TEXT, Body, Out

Display = Literal["name", "pseudonym", "anonymous"]


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
    created_at: str | None = None
    confirmed_at: str | None = None
    last_login_at: str | None = None
    last_visit_at: str | None = None
    updated_at: str | None = Field(default=None,
                                   description="When the profile or email last changed.")


class MePatch(Body):
    """Only the fields sent change; `null` clears pseudonym, description or interests."""

    name: str | None = Field(default=None, max_length=200)
    pseudonym: str | None = Field(default=None, max_length=100)
    display: Display | None = None
    description: str | None = Field(default=None, max_length=4000)
    interests: list[Annotated[str, Field(max_length=200)]] | None = Field(default=None,
                                                                          max_length=50)
    locale: str | None = Field(default=None, max_length=20)


class EmailChangeIn(Body):
    email: str = Field(min_length=1, max_length=320)
    password: str | None = Field(default=None, max_length=1024,
                                 description="Required when the account has a password.")


class PasswordChangeIn(Body):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class MediaIn(Body):
    kind: Literal["avatar", "cover"]
    content_type: str = Field(min_length=1, max_length=100,
                              description="image/jpeg, image/png, image/webp or image/gif.")
    size: int = Field(ge=0, le=1 << 40, description="Bytes; at most 5 MB.")


class UploadOut(Out):
    url: str
    fields: dict[str, str]
    key: str
    expires_in: int
    max_bytes: int
