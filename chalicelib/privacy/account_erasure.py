"""Erasure steps for the account's own data. Each takes (user_id, cursor, limit), does one
bounded batch, and answers the next cursor or None when done. Each is idempotent."""

from __future__ import annotations

from typing import Any

from chalicelib.platform.dynamo.index_pages import decode as _decode
from chalicelib.platform.dynamo.index_pages import delete_page
from chalicelib.platform.dynamo.index_pages import encode as _encode

# Objects kept under the person's id. Attachments are kept under their contribution's id:
# the `contributions` step deletes them.
MEDIA_PREFIXES = ("avatar", "cover", "exports")


def sessions(user_id: str, cursor: str | None, limit: int) -> str | None:
    from chalicelib.identity.user_tables import Session

    return delete_page(lambda **kw: Session.by_user.query(user_id, **kw), Session, cursor,
                       limit)


def follows(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Each follow ends with the community's follower count, in one transaction."""
    from chalicelib.communities.community_tables import Community, Follow

    page = Follow.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    for item in page:
        _end_relation(Follow(item.community_id, item.user_id), Follow.user_id.exists(),
                      Community(item.community_id), [Community.follower_count.add(-1)])
    return _encode(page.last_evaluated_key)


def memberships(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Each membership ends with the community's member (and admin) counts. A community
    whose only admin leaves this way keeps no admin; platform administrators still manage
    it."""
    from chalicelib.communities.community_tables import Community, Membership

    page = Membership.by_user.query(user_id, limit=limit, last_evaluated_key=_decode(cursor))
    for item in page:
        counts = [Community.member_count.add(-1)]
        if item.role == "admin":
            counts.append(Community.admin_count.add(-1))
        _end_relation(Membership(item.community_id, item.user_id),
                      Membership.role == item.role, Community(item.community_id), counts)
    return _encode(page.last_evaluated_key)


def _end_relation(relation: Any, condition: Any, community: Any, counts: list[Any]) -> None:
    """Delete `relation` and change its community's counts at once. Gone already: nothing
    to do (a retried batch). The community gone: the relation alone goes."""
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    from chalicelib.communities.community_tables import Community
    from chalicelib.platform.dynamo.transactions import connection, failed_at

    try:
        with TransactWrite(connection=connection()) as tx:
            tx.delete(relation, condition=condition)
            tx.update(community, actions=counts, condition=Community.community_id.exists())
    except TransactWriteError as err:
        failed = failed_at(err)
        if failed == [1]:
            relation.delete()
        elif not failed:
            raise


def media(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Objects live under `<kind>/<user id>/...`: one listing page per batch."""
    from chalicelib.platform.aws import media as media_service
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings

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
    from chalicelib.privacy.privacy_tables import PrivacyJob

    PrivacyJob(user_id, "export").delete()
    return None


def uniques(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Free the email, pseudonym and SSO claims, so nothing links to the person and the
    address can register again."""
    from chalicelib.identity import email_rules as emails
    from chalicelib.identity.user_tables import Unique, User

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
    from chalicelib.identity.user_tables import User

    User(user_id).delete()
    return None
