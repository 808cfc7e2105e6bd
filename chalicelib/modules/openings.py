"""Telling a community's followers that a consultation opened (`module.opened`), when it
opens: at once for a module that opens when it is made or when an admin opens it early,
otherwise when its `opens_at` comes (the `announce_openings` schedule, every 5 minutes).

A new module is marked `announce = "due"` (the sparse `by_opening` index) with the notice's
event id fixed in advance. The mark is removed, on condition that the module still opens
when it was read, in the transaction that promises the notice (the outbox): both or neither.
A module that closes before it was announced is unmarked without a notice."""

from __future__ import annotations

from typing import Any

from chalicelib.platform import clock, ids

PAGE = 100  # modules per scheduled run (openings are rare; the next run takes the rest)


def plan(module: Any) -> None:
    """Mark a module being made: its followers are told when it opens."""
    from chalicelib.modules.module_tables import ANNOUNCE_DUE

    module.announce = ANNOUNCE_DUE
    module.opening_event_id = ids.new_id()


def announce_if_due(module: Any, now: float | None = None) -> bool:
    """Queue the module's opening notice if it is marked and has opened, then unmark it.
    Answers whether the mark was removed."""
    from chalicelib.modules.module_tables import ANNOUNCE_DUE, Module
    from chalicelib.platform.dynamo.transactions import Transaction

    now = clock.now() if now is None else now
    if module.announce != ANNOUNCE_DUE or module.opens_at > now:
        return False
    tx = Transaction().update(
        "module", Module(module.module_id), [Module.announce.remove()],
        condition=(Module.announce == ANNOUNCE_DUE) & (Module.opens_at == module.opens_at))
    if now < module.closes_at:
        _notice_in(tx, module)
    if tx.commit():
        return False  # unmarked meanwhile, or its opening moved: the mark decides later
    module.announce = None
    return True


def announce_due(limit: int = PAGE) -> int:
    """The scheduled run: one Query of the marked modules that have opened, one
    BatchGetItem, a notice and an update for each. Answers how many were unmarked."""
    from chalicelib.modules.module_tables import ANNOUNCE_DUE, Module

    now = clock.now()
    keys = [entry.module_id for entry in
            Module.by_opening.query(ANNOUNCE_DUE, Module.opens_at <= now, limit=limit)]
    return sum(announce_if_due(module, now) for module in Module.batch_get(keys))


def _notice_in(tx: Any, module: Any) -> dict[str, Any] | None:
    from chalicelib.platform import notices

    return notices.publish_in(
        tx, kind="module.opened", category="followed",
        audience=notices.followers(module.community_id, module.project_id, module.module_id),
        community_id=module.community_id,
        subject={"type": "module", "id": module.module_id}, actor_id=module.created_by,
        event_id=module.opening_event_id,
        data={"title": notices.plain_map(module.title),
              "url": notices.url(f"/modules/{module.module_id}"),
              "module_type": module.type,
              "opens_at": clock.iso(module.opens_at), "closes_at": clock.iso(module.closes_at)})
