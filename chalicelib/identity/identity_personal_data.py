"""What identity holds about a person, as erasure steps and export sections: the sessions
and one-time links go first (the person is stopped), the avatar and cover with the records,
the account with its uniqueness claims last."""

from __future__ import annotations

from typing import Any

from chalicelib.identity.onetime_tables import OneTimeToken
from chalicelib.identity.user_tables import Session, Unique, User
from chalicelib.platform import clock
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.index_pages import delete_page
from chalicelib.platform.personal_data import ErasureStep, ExportSection

MEDIA_PREFIXES = ("avatar", "cover")  # objects kept under the person's id


def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts else None


# ---- erasure -------------------------------------------------------------------------------

def sessions(user_id: str, cursor: str | None, limit: int) -> str | None:
    return delete_page(lambda **kw: Session.by_user.query(user_id, **kw), Session, cursor,
                       limit)


def onetime(user_id: str, cursor: str | None, limit: int) -> str | None:
    """The person's outstanding links (confirmation, reset, email change, SSO)."""
    from chalicelib.identity.onetime_tables import erase_user

    return erase_user(user_id, cursor, limit)


def media(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Avatar and cover: one listing page of one prefix per batch."""
    from chalicelib.platform.aws import media as media_service

    return media_service.delete_prefixes([f"{p}/{user_id}/" for p in MEDIA_PREFIXES],
                                         cursor, limit)


def account(user_id: str, cursor: str | None, limit: int) -> str | None:
    """Free the email, pseudonym and SSO claims (so nothing links to the person and the
    address can register again) and delete the account, in one transaction: no run can
    leave an account without its claims or claims without their account."""
    from chalicelib.identity import email_rules as emails
    from chalicelib.identity.account_tables import get
    from chalicelib.platform.dynamo.transactions import Transaction

    user = get(user_id)
    if user is None:
        return None  # done by an earlier delivery
    keys = [emails.unique_key(a) for a in (user.email, user.pending_email) if a]
    if user.pseudonym:
        keys.append(f"pseudonym#{user.pseudonym.casefold()}")
    keys += [f"sso#{provider}#{subject}" for provider, subject in as_dict(user.sso).items()]
    tx = Transaction()
    for claim in Unique.batch_get(list(dict.fromkeys(keys)), consistent_read=True):
        if claim.user_id == user_id:  # never free a claim someone else holds now
            tx.delete(claim.key, claim, condition=Unique.user_id == user_id)
    tx.delete("account", User(user_id))
    # A claim that changed hands between the read and the write: read again next batch.
    return "again" if tx.commit() else None


ERASURE = [
    ErasureStep("sessions", "access", sessions, covers=(Session,)),
    ErasureStep("onetime", "access", onetime, covers=(OneTimeToken,)),
    ErasureStep("media", "records", media),
    ErasureStep("account", "account", account, covers=(Unique, User)),
]


# ---- export --------------------------------------------------------------------------------

def profile(user_id: str) -> dict[str, Any]:
    user = User.get(user_id)
    return {
        "email": user.email, "name": user.name, "pseudonym": user.pseudonym,
        "display": user.display, "description": user.description,
        "interests": list(user.interests or []), "locale": user.locale,
        "status": user.status, "created_at": _iso(user.created_at),
        "confirmed_at": _iso(user.confirmed_at), "last_login_at": _iso(user.last_login_at),
        "last_visit_at": _iso(user.last_visit_at), "updated_at": _iso(user.updated_at),
        "password_changed_at": _iso(user.password_changed_at),
        "pending_email": user.pending_email, "avatar_key": user.avatar_key,
        "cover_key": user.cover_key,
        "sso_providers": sorted(as_dict(user.sso).keys()),
        "restrictions": as_dict(user.restrictions),
    }


def session_history(user_id: str) -> list[dict[str, Any]]:
    """When each sign-in started and was last refreshed."""
    from chalicelib.identity.authentication import session_end

    ids = [s.session_id for s in Session.by_user.query(user_id)]
    if not ids:
        return []
    now = clock.now()
    return [{"started_at": _iso(s.created_at), "last_refresh_at": _iso(s.last_refresh_at),
             "ended": bool(s.revoked) or not s.is_live(now) or session_end(s) <= now}
            for s in Session.batch_get(ids)]


def consents(user_id: str) -> dict[str, Any]:
    """What the person agreed to, chose or objected to, and when (their email choices are
    notifications' part of this section)."""
    from chalicelib.identity.restrictions import KINDS

    user = User.get(user_id)
    restrictions = as_dict(user.restrictions)
    return {
        "terms_of_use": {"version": int(user.terms_version)
                         if user.terms_version is not None else None,
                         "accepted_at": _iso(user.terms_accepted_at or user.created_at),
                         "how": "the version current when registering, or the one "
                                "accepted since (POST /me/terms/accept)"},
        "email_confirmed_at": _iso(user.confirmed_at),
        "restrictions": {kind: {"objected": bool(restrictions.get(kind)),
                                "since": _iso(restrictions.get(f"{kind}_since"))}
                         for kind in KINDS},
        "restrictions_updated_at": _iso(restrictions.get("updated_at")),
        "profile_updated_at": _iso(user.updated_at),
    }


EXPORT = [
    ExportSection("profile", profile),
    ExportSection("sessions", session_history),
    ExportSection("consents", consents),
]


# ---- retention -----------------------------------------------------------------------------

def purge_unconfirmed(cutoff: float, batch: int) -> int:
    """Accounts never confirmed, made before `cutoff`: the account and its claims go (a
    claim someone else holds now stays: the condition refuses to delete it)."""
    from chalicelib.identity import email_rules as emails
    from chalicelib.platform.dynamo.transactions import conditionally

    keys = [k.user_id for k in User.by_status.query("pending", User.created_at < cutoff,
                                                     limit=batch)]
    removed = 0
    for user in User.batch_get(keys):
        if user.status != "pending":
            continue
        claims = [emails.unique_key(user.email)] if user.email else []
        if user.pseudonym:
            claims.append(f"pseudonym#{user.pseudonym.casefold()}")
        for claim in claims:
            conditionally(lambda claim=claim, user=user: Unique(claim).delete(
                condition=Unique.user_id == user.user_id))
        removed += conditionally(lambda user=user: user.delete(condition=User.status == "pending"))
    return removed
