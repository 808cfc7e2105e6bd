"""How people appear to others: their name or pseudonym, as they chose.

Other areas call `display_names` for the authors they show (one BatchGetItem for a page of up
to 100 people). Whether a given contribution was posted anonymously is the caller's to know:
for those it shows "Anonymous" and does not ask here.
"""

from __future__ import annotations

DELETED = "Deleted participant"
ANONYMOUS = "Anonymous"
GONE = ("deleting", "deleted")
FIELDS = ["user_id", "name", "pseudonym", "display", "status"]


def label(name: str | None, pseudonym: str | None, display: str | None, status: str | None,
          mode: str | None = None) -> str:
    """The name others see. `mode` (the display chosen for one contribution) overrides the
    person's default; a pseudonym mode without a pseudonym falls back to the name; a person
    whose (default) mode is anonymous is never named."""
    if status in GONE:
        return DELETED
    chosen = mode or display or "name"
    if chosen == "anonymous":
        return ANONYMOUS
    if chosen == "pseudonym" and pseudonym:
        return pseudonym
    return name or pseudonym or ANONYMOUS


def display_names(user_ids: list[str], modes: dict[str, str] | None = None) -> dict[str, str]:
    """Per id, the name or pseudonym per the person's chosen display (or the mode given for
    that id), or "Deleted participant" when the account is gone."""
    from chalicelib.storage.users import User

    wanted = list(dict.fromkeys(uid for uid in user_ids if uid))
    if not wanted:
        return {}
    modes = modes or {}
    found = {user.user_id: user for user in User.batch_get(wanted, attributes_to_get=FIELDS)}
    out: dict[str, str] = {}
    for uid in wanted:
        user = found.get(uid)
        if user is None:
            out[uid] = DELETED
        else:
            out[uid] = label(user.name, user.pseudonym, user.display, user.status, modes.get(uid))
    return out
