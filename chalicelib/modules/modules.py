"""Participation modules: a debate, questionnaire, ideas, budget or map consultation inside a
project, open from `opens_at` until `closes_at`. Contributing to a module that is not open
answers 422 `module_closed`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.communities.visibility_rules import administers, require_admin
from chalicelib.platform import clock, i18n, ids, sanitise
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.dynamo.transactions import Transaction
from chalicelib.platform.errors import Conflict, NotFound, Unprocessable, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

TYPES = ("debate", "questionnaire", "ideas", "budget", "map")
RESULTS = ("public", "after_close", "admins")
DEFAULT_RESULTS = {"debate": "public", "ideas": "public", "map": "public",
                   "questionnaire": "after_close", "budget": "after_close"}
BUDGET_SETTINGS = ("budget_total", "min_choices", "max_choices")
MAX_SPAN = 5 * 365 * 24 * 3600


# ---- rules -------------------------------------------------------------------------------

def status(module: Any, now: float) -> str:
    if now < module.opens_at:
        return "upcoming"
    if now >= module.closes_at:
        return "closed"
    return "open"


def require_open(module: Any, now: float) -> None:
    if status(module, now) != "open":
        raise Unprocessable("This module is not open for participation.",
                            code="module_closed")


def check_window(opens_at: float, closes_at: float) -> None:
    if closes_at <= opens_at:
        raise ValidationFailed.field("closes_at", "must be after opens_at")
    if closes_at - opens_at > MAX_SPAN:
        raise ValidationFailed.field("closes_at", "a module lasts at most five years")


def settings_for(module_type: str, given: dict[str, Any],
                 current: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings once `given` (only the fields sent) is applied: budget settings only on
    budget modules (and complete there), `center` only on maps, `results` on every type."""
    from chalicelib.modules import budget_rules as budget
    from chalicelib.modules import map_rules, phase_rules

    merged = as_dict(current)
    merged.update({k: v for k, v in given.items() if v is not None})
    if module_type != "budget":
        extra = [k for k in BUDGET_SETTINGS if k in merged]
        if extra:
            raise ValidationFailed.field(f"settings.{extra[0]}", "only budget modules take it")
    else:
        rules = budget.rules_from(merged)
        merged.update(budget_total=rules.total, min_choices=rules.min_choices,
                      max_choices=rules.max_choices)
    phase_rules.check_phase_setting(module_type, merged.get("phase"))
    if merged.get("center") is not None:
        merged["center"] = map_rules.check_center(module_type, merged["center"])
    merged.setdefault("results", DEFAULT_RESULTS[module_type])
    if merged["results"] not in RESULTS:
        raise ValidationFailed.field("settings.results", f"must be one of {', '.join(RESULTS)}")
    return merged


def results_visible(module: Any, now: float, admin: bool) -> bool:
    """Who sees `GET /modules/{mid}/results`: the community's admins always; everyone once
    an admin published them (`results_published_at`), or by the module's `results` rule:
    `public` at all times, `after_close` once the module closed, `admins` never unless
    published."""
    rule = as_dict(module.settings).get("results", DEFAULT_RESULTS.get(module.type))
    if admin or rule == "public" or getattr(module, "results_published_at", None):
        return True
    return rule == "after_close" and now >= module.closes_at


def timestamp(value: datetime) -> float:
    return value.timestamp()


# ---- reads -------------------------------------------------------------------------------

def present(module: Any, scope: Scope, *, viewer: dict[str, Any] | None = None) -> dict[str, Any]:
    title, used = scope.text(module.title)
    description, _ = i18n.pick(module.description, used or scope.locale,
                               scope.community.default_locale)
    settings = {k: (int(v) if isinstance(v, float) and v.is_integer() else v)
                for k, v in as_dict(module.settings).items()}
    counts: dict[str, Any] = {
        "contributions": int(module.contribution_count or 0),
        "responses": int(module.response_count or 0),
        "ballots": int(module.ballot_count or 0),
        "questions": int(module.question_count or 0),
    }
    if module.type == "debate":
        stances = as_dict(module.stances)
        counts["stances"] = {s: int(stances.get(s, 0)) for s in ("for", "against", "neutral")}
    out: dict[str, Any] = {
        "id": module.module_id,
        "project_id": module.project_id,
        "community_id": module.community_id,
        "type": module.type,
        "title": title,
        "description": description,
        "locale": used,
        "opens_at": clock.iso(module.opens_at),
        "closes_at": clock.iso(module.closes_at),
        "status": status(module, clock.now()),
        "settings": settings,
        "counts": counts,
        "created_at": clock.iso(module.created_at),
        "results_published_at": clock.iso(module.results_published_at)
        if getattr(module, "results_published_at", None) else None,
        "results_public": results_visible(module, clock.now(), False),
    }
    if viewer is not None:
        out["viewer"] = viewer
    if administers(scope.viewer):
        out["translations"] = {"title": as_dict(module.title),
                               "description": as_dict(module.description)}
    return out


def get(module_id: str, principal: Principal | None, accept_language: str) -> dict[str, Any]:
    """A module; a signed-in person also learns whether they have responded or voted."""
    from chalicelib.communities import target_follows
    from chalicelib.communities.scope import authorise
    from chalicelib.modules import module_access
    from chalicelib.modules.vote_tables import Ballot, Response

    module = module_access.load(module_id)
    user_id = principal.user_id if principal else None
    extra: list[Any] = [target_follows.key("module", module_id, user_id)]
    if user_id and module.type == "questionnaire":
        extra.append((Response, module_id, user_id))
    if user_id and module.type == "budget":
        extra.append((Ballot, module_id, user_id))
    if module.type == "budget":  # its ballot count: rolled up, plus the live shards
        extra += module_access.ballot_shards(module_id)
    scope = authorise(module.community_id, principal, accept_language, extra, "module")
    scope.module = module
    module_access.true_ballots(module, scope.found)
    viewer = None
    if user_id:
        viewer = {"role": scope.viewer.role,
                  "following": target_follows.follows(scope.found, "module", module_id, user_id)}
        if module.type == "questionnaire":
            viewer["responded"] = scope.found.get(Response, module_id, user_id) is not None
        if module.type == "budget":
            viewer["voted"] = scope.found.get(Ballot, module_id, user_id) is not None
    return present(module, scope, viewer=viewer)


def listing(project_id: str, principal: Principal | None, accept_language: str, limit: int,
            cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.scope import project_scope
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform.dynamo import cursors

    scope = project_scope(project_id, principal, accept_language)
    shape = {"module_id": "S", "project_id": "S", "created_at": "N"}
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), shape, {"project_id": project_id})
    result = Module.by_project.query(project_id, limit=limit, last_evaluated_key=start)
    items = [present(m, scope) for m in result]
    last = result.last_evaluated_key
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}


# ---- writes ------------------------------------------------------------------------------

def create(project_id: str, principal: Principal, body: Any,
           accept_language: str) -> dict[str, Any]:
    from chalicelib.communities import projects
    from chalicelib.communities.scope import project_scope
    from chalicelib.modules import module_tables as store
    from chalicelib.modules import openings
    from chalicelib.modules.module_tables import Module

    scope = project_scope(project_id, principal, accept_language)
    require_admin(scope.viewer)
    opens_at, closes_at = timestamp(body.opens_at), timestamp(body.closes_at)
    check_window(opens_at, closes_at)
    given = body.settings.model_dump(exclude_none=True) if body.settings else {}
    settings = settings_for(body.type, given)
    locale = scope.writing_locale()
    now = clock.now()
    module = Module(
        ids.new_id(), community_id=scope.community_id, project_id=project_id, type=body.type,
        community_visibility=scope.community.visibility,
        title=i18n.as_map(body.title, field="title", locale=locale,
                          clean=sanitise.plain_cleaner(200)),
        description=i18n.as_map(body.description, field="description", locale=locale,
                                clean=sanitise.rich_cleaner()),
        opens_at=opens_at, closes_at=closes_at, settings=settings, created_by=principal.user_id,
        created_at=now,
        stances={"for": 0, "against": 0, "neutral": 0} if body.type == "debate" else {},
    )
    openings.plan(module)
    tx = Transaction()
    store.add_module(tx, module)
    projects.count_module(tx, project_id)
    _tell_analytics(tx, module)
    if tx.commit():
        raise NotFound("No such project.")
    openings.announce_if_due(module, now)
    return present(module, scope)


def patch(module_id: str, principal: Principal, body: Any,
          accept_language: str) -> dict[str, Any]:
    """Admins edit; a budget's `settings.phase` moves forward here (`phase_rules`),
    conditional on the phase read, so a ballot or an answer racing it either sees the old
    phase whole or the new one."""
    from chalicelib.modules import module_access, openings, phase_rules
    from chalicelib.modules import module_tables as store

    scope = module_access.module_scope(module_id, principal, accept_language,
                                       module_access.ballot_shards(module_id))
    require_admin(scope.viewer)
    module = scope.module
    shards = module_access.true_ballots(module, scope.found)
    old_phase = module_access.phase(module)
    values, rules_change = _edits(body, module, scope.writing_locale())
    new_phase = module_access.phase(module)
    if values:
        values["updated_at"] = clock.now()
        publishes = (phase_rules.publishes_results(old_phase, new_phase)
                     and not module.results_published_at)
        if phase_rules.publishes_results(old_phase, new_phase):
            values["results_published_at"] = module.results_published_at = values["updated_at"]
        tx = Transaction()
        unballoted = rules_change or (old_phase is None and new_phase is not None)
        store.update_module_in(tx, module_id, values, unless_ballots=unballoted,
                               phase_was=old_phase if new_phase != old_phase else ...)
        if unballoted:  # the rules, or adopting phases: only while no ballot was cast
            module_access.unballoted_in(tx, module, shards)
        if publishes:  # followers hear once: a concurrent move's phase condition fails
            _results_notice_in(tx, module, principal.user_id)
        _tell_analytics(tx, module)
        if tx.commit():
            if new_phase != old_phase:
                raise Conflict("The module changed meanwhile; try again.",
                               code="module_changed")
            raise Conflict("Ballots have been cast: the budget rules can no longer change.",
                           code="ballots_exist")
        openings.announce_if_due(module)
    return present(module, scope)


def _edits(body: Any, module: Any, locale: str) -> tuple[dict[str, Any], bool]:
    """(the attributes an edit sets, applied to `module` as well; whether it changes the
    budget rules, which ballots already cast forbid)."""
    from chalicelib.modules import phase_rules

    values: dict[str, Any] = {}
    if body.title is not None:
        values["title"] = {**as_dict(module.title), **i18n.as_map(
            body.title, field="title", locale=locale, clean=sanitise.plain_cleaner(200))}
    if body.description is not None:
        values["description"] = {**as_dict(module.description), **i18n.as_map(
            body.description, field="description", locale=locale,
            clean=sanitise.rich_cleaner())}
    if {"opens_at", "closes_at"} & body.model_fields_set:
        opens_at = timestamp(body.opens_at) if body.opens_at else module.opens_at
        closes_at = timestamp(body.closes_at) if body.closes_at else module.closes_at
        check_window(opens_at, closes_at)
        values.update(opens_at=opens_at, closes_at=closes_at)
    rules_change = False
    if body.settings is not None:
        given = body.settings.model_dump(exclude_none=True)
        settings = settings_for(module.type, given, as_dict(module.settings))
        # Ballots were cast under the old rules: changing them now would leave ballots that
        # no longer fit.
        rules_change = module.type == "budget" and any(
            settings.get(k) != as_dict(module.settings).get(k) for k in BUDGET_SETTINGS)
        phase_rules.check_move(as_dict(module.settings).get("phase"), settings.get("phase"),
                               ballots=int(module.ballot_count or 0))
        values["settings"] = settings
    for name, value in values.items():
        setattr(module, name, value)
    return values, rules_change


def _tell_analytics(tx: Transaction, module: Any) -> None:
    """The dashboard names modules from its own directory: keep it current (with the change,
    in its transaction)."""
    from chalicelib.platform import activities as activity

    activity.record_in(tx, "module", community_id=module.community_id,
                       module_id=module.module_id)


# ---- administration: open, close, publish results ---------------------------------------------

def _admin_module(module_id: str, principal: Principal, accept_language: str) -> Scope:
    from chalicelib.modules import module_access

    scope = module_access.module_scope(module_id, principal, accept_language)
    require_admin(scope.viewer)
    return scope


def _update_window(scope: Scope, opens_at: float, closes_at: float) -> None:
    """Change the module's dates, conditional on those read (a concurrent change: 409)."""
    from chalicelib.modules import module_tables as store
    from chalicelib.modules import openings

    module = scope.module
    tx = Transaction()
    store.move_window_in(tx, module, opens_at, closes_at, clock.now())
    module.opens_at, module.closes_at = opens_at, closes_at
    _tell_analytics(tx, module)
    if tx.commit():
        raise Conflict("The module changed meanwhile; try again.", code="module_changed")
    openings.announce_if_due(module)  # opened early: followers hear now; closed unopened: never


def open_now(module_id: str, principal: Principal, body: Any,
             accept_language: str) -> dict[str, Any]:
    """Open an upcoming module now (until its closing time, or `closes_at`), or reopen a
    closed one until a new `closes_at`. Participation is taken from the moment this
    answers: every write checks the module's window in its own transaction."""
    scope = _admin_module(module_id, principal, accept_language)
    module = scope.module
    now = clock.now()
    current = status(module, now)
    closes_at = timestamp(body.closes_at) if body.closes_at else None
    if current == "closed" and closes_at is None:
        raise ValidationFailed.field("closes_at", "a closed module reopens until a new closing "
                                     "time")
    closes_at = closes_at or module.closes_at
    if closes_at <= now:
        raise ValidationFailed.field("closes_at", "must be in the future")
    opens_at = min(module.opens_at, now)
    if current == "closed":
        opens_at = now  # the window is one span: a reopened module opens again now
    check_window(opens_at, closes_at)
    if (opens_at, closes_at) != (module.opens_at, module.closes_at):
        _update_window(scope, opens_at, closes_at)
    return present(module, scope)


def close_now(module_id: str, principal: Principal, accept_language: str) -> dict[str, Any]:
    """Close an open module now (an upcoming one: never opens). Idempotent on a closed one."""
    scope = _admin_module(module_id, principal, accept_language)
    module = scope.module
    now = clock.now()
    current = status(module, now)
    if current == "open":
        _update_window(scope, module.opens_at, now)
    elif current == "upcoming":
        _update_window(scope, now - 1, now)  # a window that has already passed
    return present(module, scope)


def publish_results(module_id: str, principal: Principal, accept_language: str,
                    published: bool) -> dict[str, Any]:
    """Publish the results (everyone may read `GET /modules/{mid}/results` from now on,
    whatever the module's rule), or withdraw the publication (the rule applies again)."""
    from chalicelib.modules import module_tables as store

    scope = _admin_module(module_id, principal, accept_language)
    module = scope.module
    now = clock.now()
    if published != bool(module.results_published_at):
        module.results_published_at = now if published else None
        tx = Transaction()
        store.update_module_in(tx, module_id, {
            "results_published_at": module.results_published_at, "updated_at": now},
            unless_published=published)
        if published:  # followers hear once: a concurrent twin's condition fails
            _results_notice_in(tx, module, principal.user_id)
        tx.commit()
    return present(module, scope)


def _results_notice_in(tx: Transaction, module: Any, actor_id: str) -> None:
    """`module.results` for everyone following the module, its project or its community."""
    from chalicelib.platform import notices

    notices.publish_in(
        tx, kind="module.results", category="followed",
        audience=notices.followers(module.community_id, module.project_id, module.module_id),
        community_id=module.community_id, subject={"type": "module", "id": module.module_id},
        actor_id=actor_id,
        data={"title": notices.plain_map(module.title),
              "url": notices.url(f"/modules/{module.module_id}"),
              "module_type": module.type})
