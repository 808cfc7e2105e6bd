"""A person's profile: what they may set, how it is checked, and their avatar and cover images.

Field rules are pure functions (`clean_*`) shared with registration; `update` applies a
checked change, taking the claim on a new pseudonym in the same transaction."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from chalicelib.platform import clock, ids
from chalicelib.platform.errors import Conflict, NotFound, ValidationFailed
from chalicelib.platform.sanitise import escaped

DISPLAY_MODES = ("name", "pseudonym", "anonymous")
NAME_MAX = 100
PSEUDONYM_MIN, PSEUDONYM_MAX = 3, 32
DESCRIPTION_MAX = 2000
INTERESTS_MAX, INTEREST_MAX = 20, 40
PSEUDONYM_RE = re.compile(r"^\w[\w .'-]*$")
MEDIA_KINDS = ("avatar", "cover")
MEDIA_URL_TTL = 3600


# --- field rules (pure) ----------------------------------------------------------------------

def _has_control(text: str, allowed: str = "") -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") and c not in allowed
               for c in text)


def clean_name(value: str, field: str = "name") -> str:
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if not name:
        raise ValidationFailed.field(field, "must not be empty")
    if len(name) > NAME_MAX:
        raise ValidationFailed.field(field, f"must be at most {NAME_MAX} characters")
    _refuse_unfit(name, field)
    return name


def _refuse_unfit(text: str, field: str) -> None:
    """Markup, invisible characters and the platform's own labels, look-alikes included
    (`identity/name_rules.py`)."""
    from chalicelib.identity import name_rules

    problem = name_rules.problem(text)
    if problem:
        raise ValidationFailed.field(field, problem)


def pseudonym_key(pseudonym: str) -> str:
    return f"pseudonym#{unicodedata.normalize('NFKC', pseudonym).casefold()}"


def clean_pseudonym(value: str, field: str = "pseudonym") -> str:
    pseudonym = " ".join(unicodedata.normalize("NFKC", value).split())
    if not PSEUDONYM_MIN <= len(pseudonym) <= PSEUDONYM_MAX:
        raise ValidationFailed.field(
            field, f"must be {PSEUDONYM_MIN} to {PSEUDONYM_MAX} characters long")
    if not PSEUDONYM_RE.match(pseudonym):
        raise ValidationFailed.field(
            field, "may hold letters, digits, spaces and . _ ' - (starting with a letter or "
                   "digit)")
    _refuse_unfit(pseudonym, field)
    return pseudonym


def clean_description(value: str, field: str = "description") -> str | None:
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > DESCRIPTION_MAX:
        raise ValidationFailed.field(field, f"must be at most {DESCRIPTION_MAX} characters")
    if _has_control(text, allowed="\n\t"):
        raise ValidationFailed.field(field, "must not contain control characters")
    return text or None


def clean_interests(values: list[str], field: str = "interests") -> list[str] | None:
    out: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(values):
        item = " ".join(unicodedata.normalize("NFC", raw).split())
        if not item or len(item) > INTEREST_MAX or _has_control(item):
            raise ValidationFailed.field(
                f"{field}.{index}", f"must be 1 to {INTEREST_MAX} printable characters")
        if item.casefold() not in seen:
            seen.add(item.casefold())
            out.append(item)
    if len(out) > INTERESTS_MAX:
        raise ValidationFailed.field(field, f"at most {INTERESTS_MAX} interests")
    return out or None


def supported_locales() -> tuple[str, ...]:
    from chalicelib.platform.config import settings

    return settings().locales


def clean_locale(value: str, field: str = "locale") -> str:
    locale = value.strip().lower().replace("_", "-").split("-")[0]
    if locale not in supported_locales():
        raise ValidationFailed.field(field, f"must be one of {', '.join(supported_locales())}")
    return locale


def preferred_locale(accept_language: str) -> str:
    """The first supported language of an Accept-Language header, by weight; else English."""
    choices = []
    for position, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in supported_locales() and weight > 0:
            choices.append((-weight, position, primary))
    return min(choices)[2] if choices else "en"


def check_display(display: str, pseudonym: str | None) -> None:
    if display not in DISPLAY_MODES:
        raise ValidationFailed.field("display", f"must be one of {', '.join(DISPLAY_MODES)}")
    if display == "pseudonym" and not pseudonym:
        raise ValidationFailed.field("display", "choose a pseudonym first")


def plan_update(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The attribute values to write for `patch` (only the fields sent; None clears)."""
    values: dict[str, Any] = {}
    if "name" in patch:
        if patch["name"] is None:
            raise ValidationFailed.field("name", "cannot be removed")
        values["name"] = clean_name(patch["name"])
    if "pseudonym" in patch:
        values["pseudonym"] = (clean_pseudonym(patch["pseudonym"])
                               if patch["pseudonym"] is not None else None)
    if "description" in patch:
        values["description"] = (clean_description(patch["description"])
                                 if patch["description"] is not None else None)
    if "interests" in patch:
        values["interests"] = (clean_interests(patch["interests"])
                               if patch["interests"] is not None else None)
    if "locale" in patch:
        if patch["locale"] is None:
            raise ValidationFailed.field("locale", "cannot be removed")
        values["locale"] = clean_locale(patch["locale"])
    if "display" in patch:
        if patch["display"] is None:
            raise ValidationFailed.field("display", "cannot be removed")
        values["display"] = patch["display"]
    display = values.get("display", current.get("display") or "name")
    pseudonym = values["pseudonym"] if "pseudonym" in values else current.get("pseudonym")
    if "display" in values or "pseudonym" in values:
        check_display(display, pseudonym)
    return values


# --- the profile as its owner sees it ---------------------------------------------------------

def _iso(ts: float | None) -> str | None:
    return clock.iso(ts) if ts is not None else None


def _out(text: str | None) -> str | None:
    """Profile texts are stored as typed; answers return them escaped (docs/text-fields.md)."""
    return escaped(text) if text is not None else None


def view(user: Any) -> dict[str, Any]:
    from chalicelib.platform.aws import media

    return {
        "id": user.user_id,
        "email": user.email,
        "pending_email": user.pending_email,
        "name": _out(user.name),
        "pseudonym": _out(user.pseudonym),
        "display": user.display or "name",
        "description": _out(user.description),
        "interests": [escaped(i) for i in user.interests or []],
        "locale": user.locale or "en",
        "status": user.status,
        "platform_admin": bool(user.platform_admin),
        "has_password": bool(user.password_hash),
        "sso_providers": sorted((user.sso.as_dict() if user.sso is not None else {}).keys()),
        "avatar_url": media.download_url(user.avatar_key, MEDIA_URL_TTL)
        if user.avatar_key else None,
        "cover_url": media.download_url(user.cover_key, MEDIA_URL_TTL)
        if user.cover_key else None,
        "created_at": _iso(user.created_at),
        "confirmed_at": _iso(user.confirmed_at),
        "last_login_at": _iso(user.last_login_at),
        "last_visit_at": _iso(user.last_visit_at),
        "updated_at": _iso(user.updated_at),
    }


def load(user_id: str) -> Any:
    from chalicelib.identity import account_tables as accounts

    user = accounts.get(user_id)
    if user is None or user.status in ("deleting", "deleted"):
        raise NotFound("This account no longer exists.", code="account_gone")
    return user


def get(user_id: str) -> dict[str, Any]:
    """The profile with `terms` (the account and the current terms: one BatchGetItem)."""
    from chalicelib.identity import terms, terms_tables
    from chalicelib.identity.terms_tables import CURRENT, Terms
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.dynamo.batch_get import get_many

    found = get_many([(User, user_id, None), terms_tables.current_key()])
    user = found.get(User, user_id)
    if user is None or user.status in ("deleting", "deleted"):
        raise NotFound("This account no longer exists.", code="account_gone")
    return {**view(user), "terms": terms.status_of(user, found.get(Terms, CURRENT))}


def update(user_id: str, patch: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.identity import account_tables as accounts

    user = load(user_id)
    current = {"display": user.display, "pseudonym": user.pseudonym}
    values = plan_update(current, patch)
    if values:
        values["updated_at"] = clock.now()  # rectification is recorded with its date
    keys = None
    if "pseudonym" in values:
        old = pseudonym_key(user.pseudonym) if user.pseudonym else None
        new = pseudonym_key(values["pseudonym"]) if values["pseudonym"] else None
        keys = (old, new)
    failed = accounts.update_profile(user, values, keys)
    if "pseudonym" in failed:
        raise Conflict("pseudonym: is already taken", code="pseudonym_taken",
                       errors=[_field("pseudonym", "is already taken")])
    if failed:
        raise Conflict("The profile changed meanwhile. Reload it and try again.")
    for name, value in values.items():
        setattr(user, name, value)
    return view(user)


def _field(name: str, message: str) -> Any:
    from chalicelib.platform.errors import FieldError

    return FieldError(name, message)


# --- avatar and cover -------------------------------------------------------------------------

def request_upload(user_id: str, kind: str, content_type: str, size: int) -> dict[str, Any]:
    """A presigned S3 POST limited to the kind's image types and size; the upload checker
    links it to the profile once the real content is verified."""
    from chalicelib.platform.aws import media
    from chalicelib.platform.upload_rules import KINDS

    if kind not in MEDIA_KINDS:
        raise ValidationFailed.field("kind", f"must be one of {', '.join(MEDIA_KINDS)}")
    allowed, max_bytes = KINDS[kind]
    if content_type not in allowed:
        raise ValidationFailed.field("content_type", f"must be one of {', '.join(allowed)}")
    if not 1 <= size <= max_bytes:
        raise ValidationFailed.field("size", f"must be 1 to {max_bytes} bytes")
    load(user_id)
    # Upload ids are time-ordered: the linker keeps the newest when events arrive out of order.
    return media.presigned_upload(f"{kind}/{user_id}/{ids.new_id()}", content_type, max_bytes)


def link_media(key: str, content_type: str) -> None:
    """Registered in `media_links.LINKERS` for avatars and covers: a verified upload becomes
    the profile's image and the one it replaces is deleted. Idempotent."""
    from chalicelib.identity import account_tables as accounts
    from chalicelib.platform.aws import media
    from chalicelib.platform.log import logger

    kind, owner, upload = [*key.split("/"), "", "", ""][:3]
    if kind not in MEDIA_KINDS or not ids.is_id(owner) or not upload:
        media.delete([key])
        return
    replaced = accounts.set_media(owner, f"{kind}_key", key)
    if replaced is False:
        user = accounts.get(owner)
        if user is None or getattr(user, f"{kind}_key") != key:
            media.delete([key])  # older than the current image, or no account: not kept
            logger.info("upload superseded", extra={"kind": kind})
        return
    if isinstance(replaced, str) and replaced != key:
        media.delete([replaced])
