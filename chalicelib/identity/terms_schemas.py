"""The terms of use: request and answer shapes."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from chalicelib.platform.http.shapes import Body, LocaleCode, Out, Timestamp

TermsText = Annotated[str, Field(min_length=1, max_length=100_000)]


class TermsIn(Body):
    text: Annotated[dict[LocaleCode, TermsText], Field(
        min_length=1, max_length=8,
        description="The text per locale (HTML sanitised with the rich-text allowlist).")]


class TermsOut(Out):
    version: int = Field(ge=1)
    published_at: Timestamp
    text: dict[str, str] = Field(description="Per locale (sanitised HTML).")


class AcceptTermsIn(Body):
    version: int = Field(ge=1, le=1_000_000, description="The version the person read: the "
                         "current one (an older one answers 409 `terms_outdated`).")
