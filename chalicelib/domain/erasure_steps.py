"""Erasure steps for the account's own data. Each takes (user_id, cursor, limit), does one
bounded batch, and answers the next cursor or None when done. Each is idempotent."""

from __future__ import annotations

from chalicelib.storage.erasing import delete_page

MEDIA_PREFIXES = ("avatar", "cover", "attachment", "exports")


def sessions(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.storage.users import Session

    return delete_page(lambda **kw: Session.by_user.query(user_id, **kw), Session, cursor,
                       limit)


def follows(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.storage.communities import Follow

    return delete_page(lambda **kw: Follow.by_user.query(user_id, **kw), Follow, cursor, limit)


def memberships(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.storage.communities import Membership

    return delete_page(lambda **kw: Membership.by_user.query(user_id, **kw), Membership,
                       cursor, limit)


def media(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Objects live under `<kind>/<user id>/...`: one listing page per batch."""
    from chalicelib.config import settings
    from chalicelib.services import media as media_service
    from chalicelib.services.aws import client

    index = int(cursor or 0)
    if index >= len(MEDIA_PREFIXES):
        return None
    listing = client("s3").list_objects_v2(Bucket=settings().bucket,
                                           Prefix=f"{MEDIA_PREFIXES[index]}/{user_id}/",
                                           MaxKeys=max(limit, 1))
    keys = [o["Key"] for o in listing.get("Contents", [])]
    media_service.delete(keys)
    if listing.get("IsTruncated"):
        return str(index)  # same prefix again: deleted keys are gone from the next listing
    return str(index + 1) if index + 1 < len(MEDIA_PREFIXES) else None


def other_privacy_jobs(user_id: str, cursor: str | None, limit: int) -> str | None:
    """An export in progress or ready: delete its record (its file went with `media`)."""
    from chalicelib.storage.privacy import PrivacyJob

    PrivacyJob(user_id, "export").delete()
    return None


def uniques(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Free the email, pseudonym and SSO claims, so nothing links to the person and the
    address can register again."""
    from chalicelib.domain import emails
    from chalicelib.storage.users import Unique, User

    try:
        user = User.get(user_id)
    except User.DoesNotExist:
        return None
    keys = []
    for address in (user.email, user.pending_email):
        if address:
            keys.append(emails.unique_key(address))
    if user.pseudonym:
        keys.append(f"pseudonym#{user.pseudonym.casefold()}")
    for provider, subject in (user.sso.as_dict() if user.sso else {}).items():
        keys.append(f"sso#{provider}#{subject}")
    for key in keys:
        try:
            claim = Unique.get(key)
        except Unique.DoesNotExist:
            continue
        if claim.user_id == user_id:  # never free a claim someone else holds now
            claim.delete(condition=Unique.user_id == user_id)
    return None


def account(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.storage.users import User

    User(user_id).delete()
    return None
