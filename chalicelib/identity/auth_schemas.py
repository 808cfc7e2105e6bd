"""Registration, confirmation, login, sessions and SSO."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.platform.http.shapes import Body, Out

# Bounds that keep hostile input cheap; the rules themselves (12 to 128 characters, a valid
# address) are checked by the domain, whose messages say why.
EMAIL = Field(min_length=1, max_length=320, description="Compared case-insensitively.")
PASSWORD = Field(min_length=1, max_length=1024,
                 description="12 to 128 characters, not guessable (zxcvbn score 3 or more).")
TOKEN = Field(min_length=1, max_length=512, description="The token from the emailed link.")


class RegisterIn(Body):
    name: str = Field(min_length=1, max_length=200)
    email: str = EMAIL
    password: str = PASSWORD
    pseudonym: str | None = Field(default=None, max_length=100,
                                  description="Unique on the platform (case-insensitive).")
    locale: str | None = Field(default=None, max_length=20, description="en, fr, de or es.")


class TokenIn(Body):
    token: str = TOKEN


class ConfirmIn(Body):
    token: str = TOKEN
    password: str | None = Field(
        default=None, min_length=1, max_length=1024,
        description="The password the account will have (12 to 128 characters, not "
                    "guessable), typed by whoever follows the link. Without it the account "
                    "is confirmed without a password (a reset link sets one); the password "
                    "given at registration is never installed.")


class EmailIn(Body):
    email: str = EMAIL


class LoginIn(Body):
    email: str = EMAIL
    password: str = PASSWORD
    unlock_token: str | None = Field(
        default=None, min_length=1, max_length=512,
        description="The token of the unlock link emailed when the account's sign-ins were "
                    "paused by wrong passwords: with it the right password signs in anyway.")


class RefreshIn(Body):
    refresh_token: str = Field(min_length=1, max_length=512)


class ResetIn(Body):
    token: str = TOKEN
    password: str = PASSWORD


class CodeIn(Body):
    code: str = Field(min_length=1, max_length=512,
                      description="The one-time code the SSO callback gave the frontend.")


class SsoStartQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    redirect_uri: str | None = Field(
        default=None, max_length=2048,
        description="The frontend page to come back to (one of the platform's frontends).")


class SsoCallbackQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str | None = Field(default=None, max_length=2048)
    state: str | None = Field(default=None, max_length=512)
    error: str | None = Field(default=None, max_length=200)


class TokenPairOut(Out):
    access_token: str
    refresh_token: str
    token_type: str = "Bearer"
    expires_in: int = Field(description="Seconds the access token is valid (900).")
    session_expires_at: str = Field(
        json_schema_extra={"format": "date-time"},
        description="When the session ends (UTC): 24 hours after its sign-in, whatever its "
                    "use; refreshing never moves it. Sign in again after it.")


class UserIdOut(Out):
    user_id: str


class ConfirmOut(Out):
    user_id: str
    password_set: bool = Field(description="False: the account has no password yet; ask for "
                                           "a reset link to set one.")
    pseudonym_taken: bool = Field(description="The pseudonym asked at registration was taken "
                                              "meanwhile: the account starts without one.")
