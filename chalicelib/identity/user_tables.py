"""People: accounts, the uniqueness claims on emails and pseudonyms, and sessions."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, TTLMixin, table_name


class UsersByStatus(GlobalSecondaryIndex["User"]):
    """Accounts by status and age: the retention purge of unconfirmed accounts reads it."""

    class Meta:
        index_name = "by_status"
        projection = KeysOnlyProjection()

    status = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class User(Model):
    class Meta(BaseMeta):
        table_name = table_name("users")

    personal = ("email", "name", "pseudonym", "description", "interests", "pending_email",
                "avatar_key", "cover_key", "sso", "last_login_at", "last_visit_at",
                "locale", "restrictions", "password_changed_at", "updated_at",
                "email_rejected", "requested_pseudonym", "terms_version",
                "terms_accepted_at")

    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute(null=True)  # normalised (NFKC, casefolded)
    name = UnicodeAttribute(null=True)
    pseudonym = UnicodeAttribute(null=True)  # always claimed (`pseudonym#...`)
    # Unconfirmed accounts: the pseudonym asked at registration, claimed only at confirmation
    # (so that registering answers the same whoever holds it), and the id of the live
    # registration, which its confirmation link must carry (a newer one voids older links).
    requested_pseudonym = UnicodeAttribute(null=True)
    registration = UnicodeAttribute(null=True)
    display = UnicodeAttribute(default="name")  # name | pseudonym | anonymous
    description = UnicodeAttribute(null=True)
    interests = ListAttribute(of=UnicodeAttribute, null=True)
    locale = UnicodeAttribute(default="en")
    status = UnicodeAttribute(default="pending")  # pending|active|suspended|deleting|deleted
    password_hash = UnicodeAttribute(null=True)
    platform_admin = BooleanAttribute(default=False)
    created_at = NumberAttribute()
    confirmed_at = NumberAttribute(null=True)
    last_login_at = NumberAttribute(null=True)
    last_visit_at = NumberAttribute(null=True)
    password_changed_at = NumberAttribute(null=True)  # reset links issued before it are void
    updated_at = NumberAttribute(null=True)  # last rectification (profile or email change)
    suspended_until = NumberAttribute(null=True)
    pending_email = UnicodeAttribute(null=True)
    # A hash of the address the mail service refused for good: no more mail to it until the
    # address changes (then the hash no longer matches).
    email_rejected = UnicodeAttribute(null=True)
    avatar_key = UnicodeAttribute(null=True)
    cover_key = UnicodeAttribute(null=True)
    sso = MapAttribute(null=True)  # provider -> subject
    restrictions = MapAttribute(null=True)  # e.g. {"analytics": true, "at": ...}
    # The version of the terms of use the person accepted last (at registration, then by
    # `POST /me/terms/accept`), and when: earlier acceptances are not kept.
    terms_version = NumberAttribute(null=True)
    terms_accepted_at = NumberAttribute(null=True)
    by_status = UsersByStatus()


class Unique(Model, TTLMixin):
    """A claim on a value only one account may hold: `email#<normalised>`,
    `pseudonym#<casefolded>`, `sso#<provider>#<subject>`. Written with a condition, in the
    same transaction as the account, so two racing registrations leave one account."""

    class Meta(BaseMeta):
        table_name = table_name("uniques")

    personal = ("key",)

    key = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class SessionsByUser(GlobalSecondaryIndex["Session"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)


class Session(Model, TTLMixin):
    """A sign-in. The refresh token is stored only as its hash; access tokens name the
    session, which every request checks, so ending a session refuses its tokens at once."""

    class Meta(BaseMeta):
        table_name = table_name("sessions")

    personal = ("user_id", "created_at", "last_refresh_at", "visit_at")

    session_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    refresh_hash = UnicodeAttribute()
    created_at = NumberAttribute()
    last_refresh_at = NumberAttribute()
    absolute_expires_at = NumberAttribute()
    revoked = BooleanAttribute(default=False)
    platform_admin = BooleanAttribute(default=False)
    locale = UnicodeAttribute(null=True)
    # Hashes (first 96 bits) of every refresh token rotated away: presenting one again revokes
    # the session. Bounded by session_tables.MAX_ROTATIONS.
    used_hashes = ListAttribute(of=UnicodeAttribute, null=True)
    # When this session last wrote the person's `last_visit_at` (at most once an hour).
    visit_at = NumberAttribute(null=True)
    by_user = SessionsByUser()


TABLES: list[type[Model]] = [User, Unique, Session]
_ = AllProjection  # re-exported for modules that add indexes with full projections
