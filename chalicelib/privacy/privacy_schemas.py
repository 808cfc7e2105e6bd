"""Bodies and answers of the GDPR routes."""

from __future__ import annotations

from pydantic import Field

from chalicelib.platform.http.shapes import Body, Out, Timestamp


class DeleteMeIn(Body):
    password: str | None = Field(default=None, max_length=128,
                                 description="Required for accounts with a password.")


class ExportStatusOut(Out):
    status: str = Field(description="none, pending, running or ready")
    requested_at: Timestamp | None = None
    download_url: str | None = None
    expires_at: Timestamp | None = None


class RestrictionsIn(Body):
    analytics: bool = Field(description="Object to (and restrict) use in statistics.")
    digest: bool = Field(default=False, description="Object to digest emails.")
    profiling: bool = Field(default=False, description="Object to personalised ordering.")


class RestrictionsOut(Out):
    analytics: bool
    digest: bool
    profiling: bool
    updated_at: Timestamp | None = None
