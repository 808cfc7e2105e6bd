"""Registration, confirmation, login, sessions and SSO."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.identity.password_rules import MAX_LENGTH, MIN_LENGTH
from chalicelib.identity.profiles import (
    NAME_MAX,
    PSEUDONYM_MAX,
    PSEUDONYM_MIN,
    PSEUDONYM_RE,
)
from chalicelib.platform.http.shapes import Body, Locale, Out, Timestamp

# What the document states is what the domain checks (chalicelib/identity/email_rules.py,
# password_rules.py); the domain's messages say why a value is refused. Whether a new
# password is guessable (zxcvbn) cannot be said in a schema: 400 `weak_password`.
# email_validator refuses the special-use domains (RFC 6761) even offline: the document says
# so with a pattern (for readers; the server's check is email_rules.validated).
SPECIAL_USE = ("arpa", "invalid", "local", "localhost", "onion", "test")
_ANY_CASE = "|".join("".join(f"[{c}{c.upper()}]" for c in name) for name in SPECIAL_USE)
EMAIL_PATTERN = rf"^[^@]+@(?!(?:[^@]*\.)?(?:{_ANY_CASE})\.?$)[^@]+\.[^@]+$"
EMAIL = Field(min_length=3, max_length=254,
              json_schema_extra={"format": "email", "pattern": EMAIL_PATTERN},
              description="An email address; compared case-insensitively.",
              examples=["ada@example.org"])
PASSWORD = Field(min_length=MIN_LENGTH, max_length=MAX_LENGTH,
                 description="12 to 128 characters, not guessable (zxcvbn score 3 or more).",
                 examples=["correct horse battery staple"])
# Signing in checks the password only against the account's: any length up to 1024.
CURRENT_PASSWORD = Field(min_length=1, max_length=1024, description="The account's password.",
                         examples=["correct horse battery staple"])
TOKEN = Field(min_length=1, max_length=512, description="The token from the emailed link.")
# profiles.clean_name refuses control, format, surrogate and private-use characters and a
# name of spaces only; the pattern says the same for the Basic Multilingual Plane.
_NOT_TEXT = (r"\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180e\u200b-\u200f"
             r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\uf8ff")
NAME_PATTERN = rf"^[^{_NOT_TEXT}]*[^\s{_NOT_TEXT}][^{_NOT_TEXT}]*$"
# A description may also hold line breaks and tabs.
TEXT_PATTERN = "^[^" + _NOT_TEXT.replace(r"\x00-\x1f", r"\x00-\x08\x0b-\x1f") + "]*$"
NAME = Field(min_length=1, max_length=NAME_MAX, examples=["Ada Lovelace"],
             json_schema_extra={"pattern": NAME_PATTERN},
             description="Shown with contributions when `display` is `name`.")
PSEUDONYM = Field(default=None, min_length=PSEUDONYM_MIN, max_length=PSEUDONYM_MAX,
                  pattern=PSEUDONYM_RE.pattern, examples=["ada_l"],
                  description="Unique on the platform (case-insensitive).")


class RegisterIn(Body):
    name: str = NAME
    email: str = EMAIL
    password: str = PASSWORD
    pseudonym: str | None = PSEUDONYM
    locale: Locale | None = None


class TokenIn(Body):
    token: str = TOKEN


class ConfirmIn(Body):
    token: str = TOKEN
    password: str | None = Field(
        default=None, min_length=MIN_LENGTH, max_length=MAX_LENGTH,
        description="The password the account will have (12 to 128 characters, not "
                    "guessable), typed by whoever follows the link. Without it the account "
                    "is confirmed without a password (a reset link sets one); the password "
                    "given at registration is never installed.")


class EmailIn(Body):
    email: str = EMAIL


class LoginIn(Body):
    email: str = EMAIL
    password: str = CURRENT_PASSWORD
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
    session_expires_at: Timestamp = Field(
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
