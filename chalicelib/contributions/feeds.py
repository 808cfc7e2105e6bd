"""A module's contributions, sorted: `unread` (signed-in people's default: what they have not
opened first, newest first, then what they have), `latest` (visitors' default),
`most_commented` and `most_engaged` (reactions + comments + upvotes); and, on map modules,
the ones inside a `bbox`.

Every sort reads a sparse index of visible contributions (hidden ones are not in it), so a
page costs the same calls whatever the module's size: the module (GetItem), one Query page
of candidates, and one BatchGetItem for the community, the caller's membership, their read
state and seen marks for the candidates, and the authors to show.

`unread` walks the newest-first index in two phases that the cursor carries: first the
candidates the caller has not seen, then (from the top again) the ones they have, as many
as the first phase passed over. A page examines at most `UNREAD_WINDOW` candidates, so a
page may hold fewer than `limit` items while `next_cursor` continues. When the person's read
state says they have seen as many contributions as the module has, the unread phase is
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from chalicelib.contributions import geo_rules as geo
from chalicelib.platform.errors import ValidationFailed

if TYPE_CHECKING:
    from chalicelib.platform.principal import Principal

SORTS = ("unread", "latest", "most_commented", "most_engaged")
UNREAD_WINDOW = 45  # 45 seen marks + 45 authors + 4 keys fit one BatchGetItem (100 keys)
MAP_QUERIES = 1  # per bbox page: (session) + GetItem + Query + BatchGetItem = 4 calls
INDEXES = {"latest": ("feed_latest", "created_at"), "unread": ("feed_latest", "created_at"),
           "most_commented": ("feed_commented", "comment_count"),
           "most_engaged": ("feed_engaged", "engagement")}


# ---- rules -------------------------------------------------------------------------------

def choose_sort(requested: str | None, signed_in: bool) -> str:
    """Visitors have no read state: they get `latest` (also when they ask for `unread`)."""
    if requested is None or (requested == "unread" and not signed_in):
        return "unread" if signed_in else "latest"
    if requested not in SORTS:
        raise ValidationFailed.field("sort", f"must be one of {', '.join(SORTS)}")
    return requested


@dataclass(frozen=True)
class Selection:
    shown: list[Any]
    consumed: int  # how many candidates, from the first, this page has dealt with


def select(phase: str, candidates: list[Any], seen: set[str], limit: int) -> Selection:
    """Which candidates (in index order) a page shows in its phase."""
    shown: list[Any] = []
    consumed = 0
    for candidate in candidates:
        if len(shown) == limit:
            break
        consumed += 1
        is_seen = candidate.contribution_id in seen
        if phase == "all" or (phase == "unread" and not is_seen) or (
                phase == "seen" and is_seen):
            shown.append(candidate)
    return Selection(shown, consumed)


def skip_unread(contribution_count: int, seen_count: int) -> bool:
    return contribution_count - seen_count <= 0


# ---- the page ----------------------------------------------------------------------------

def page(module_id: str, principal: Principal | None, accept_language: str, *,
         sort: str | None, bbox: str | None, limit: int, cursor: str | None,
         status: str | None = None) -> dict[str, Any]:
    from chalicelib.modules import module_access

    module = module_access.load(module_id)
    if status is not None:
        # One answered status, newest first, from its own sparse index.
        if bbox is not None:
            raise ValidationFailed.field("status", "does not combine with bbox")
        if sort not in (None, "latest"):
            raise ValidationFailed.field("sort", "with status, only latest")
        return sorted_page(module, principal, accept_language, "latest", limit, cursor,
                           status=status)
    if bbox is not None:
        if module.type != "map":
            raise ValidationFailed.field("bbox", "only map modules take a bbox")
        return map_page(module, principal, accept_language, geo.parse_bbox(bbox), bbox,
                        limit, cursor)
    chosen = choose_sort(sort, principal is not None)
    return sorted_page(module, principal, accept_language, chosen, limit, cursor)


def _shape(sort: str, status: str | None = None) -> dict[str, str]:
    _, range_key = INDEXES[sort]
    if status is not None:
        return {"contribution_id": "S", "status_key": "S", "created_at": "N"}
    return {"contribution_id": "S", "feed_module_id": "S", range_key: "N"}


def _index(sort: str, module_id: str, status: str | None) -> tuple[Any, str, dict[str, str]]:
    """(the index a page reads, its partition, the partition as a cursor must name it)."""
    from chalicelib.contributions.contribution_tables import Contribution, status_key

    if status is not None:
        partition = status_key(module_id, status)
        return Contribution.feed_status, partition, {"status_key": partition}
    return getattr(Contribution, INDEXES[sort][0]), module_id, {"feed_module_id": module_id}


def sorted_page(module: Any, principal: Principal | None, accept_language: str, sort: str,
                limit: int, cursor: str | None, *, status: str | None = None) -> dict[str, Any]:
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.contributions.contributions import present
    from chalicelib.contributions.mark_tables import Mark
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo import cursors

    module_id = module.module_id
    state = cursors.decode(cursor) or {}
    if state and (state.get("s") != sort or state.get("st") != status):
        raise ValidationFailed.field("cursor", "belongs to another sort")
    first_page = not state
    phase = state.get("p") or ("unread" if sort == "unread" else "all")
    if phase not in (("unread", "seen", "all") if sort == "unread" else ("all",)):
        raise ValidationFailed.field("cursor", "is not a cursor this API gave")
    shape = _shape(sort, status)
    index, partition, expected = _index(sort, module_id, status)
    start = cursors.checked_key(state.get("k"), shape, expected)
    window = max(limit, UNREAD_WINDOW) if phase in ("unread", "seen") else limit
    result = index.query(partition, scan_index_forward=False, limit=window,
                         last_evaluated_key=start)
    candidates = list(result)
    last = result.last_evaluated_key

    user_id = principal.user_id if principal else None
    extra: list[Any] = []
    if user_id and sort == "unread":
        if first_page:
            extra.append((Mark, user_id, marks.module_key(module_id)))
        extra += [(Mark, user_id, marks.contribution_key(c.contribution_id))
                  for c in candidates]
    extra += accounts.author_keys(candidates)
    scope = authorise(module.community_id, principal, accept_language, extra, "module")
    scope.module = module

    seen: set[str] = set()
    if user_id and sort == "unread":
        seen = _seen(scope.found, user_id, candidates)
        if first_page:
            read_state = scope.found.get(Mark, user_id, marks.module_key(module_id))
            if skip_unread(int(module.contribution_count or 0),
                           int(read_state.seen_count or 0) if read_state else 0):
                phase = "all"
    chosen = select(phase, candidates, seen, limit)

    counted = _passed_over(state, phase, candidates[:chosen.consumed], seen,
                           len(chosen.shown))

    next_state = _next_state(sort, phase, counted, chosen.consumed, candidates, shape, last)
    if next_state and status is not None:
        next_state["st"] = status
    with_seen = sort == "unread" and user_id is not None
    items = [present(c, scope, scope.found,
                     seen=(c.contribution_id in seen) if with_seen else None)
             for c in chosen.shown]
    return {"items": items, "sort": sort, "locale": scope.locale,
            "next_cursor": cursors.encode(next_state) if next_state else None}


def map_page(module: Any, principal: Principal | None, accept_language: str, box: geo.BBox,
             raw_bbox: str, limit: int, cursor: str | None) -> dict[str, Any]:
    """Contributions inside the box: the covering cells' geohash ranges of the module's map
    index, at most `MAP_QUERIES` Queries per page (the cursor carries the range and key)."""
    from chalicelib.communities.scope import authorise
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.contributions.contributions import present
    from chalicelib.identity import accounts
    from chalicelib.platform.dynamo import cursors

    module_id = module.module_id
    runs = geo.ranges(box)
    state = cursors.decode(cursor) or {"s": "map", "b": raw_bbox, "r": 0}
    run_index = state.get("r")
    if (state.get("s") != "map" or state.get("b") != raw_bbox
            or not isinstance(run_index, int) or not 0 <= run_index < len(runs)):
        raise ValidationFailed.field("cursor", "belongs to another list")
    shape = {"contribution_id": "S", "feed_module_id": "S", "geohash": "S"}
    start = cursors.checked_key(state.get("k"), shape, {"feed_module_id": module_id})
    if start is not None:
        low, high = runs[run_index]
        if not low <= start["geohash"]["S"] <= geo.upper_bound(high):
            raise ValidationFailed.field("cursor", "belongs to another list")

    found: list[Any] = []
    next_state: dict[str, Any] | None = None
    for _ in range(MAP_QUERIES):
        low, high = runs[run_index]
        result = Contribution.feed_map.query(
            module_id, Contribution.geohash.between(low, geo.upper_bound(high)),
            limit=limit - len(found), last_evaluated_key=start)
        for c in result:
            if c.location and box.contains(float(c.location["lat"]), float(c.location["lon"])):
                found.append(c)
        last = result.last_evaluated_key
        if last:
            next_state, start = {"s": "map", "b": raw_bbox, "r": run_index, "k": last}, last
        elif run_index + 1 < len(runs):
            run_index += 1
            next_state, start = {"s": "map", "b": raw_bbox, "r": run_index}, None
        else:
            next_state = None
            break
        if len(found) >= limit:
            break

    scope = authorise(module.community_id, principal, accept_language, accounts.author_keys(found),
                      "module")
    scope.module = module
    return {"items": [present(c, scope, scope.found) for c in found], "sort": "map",
            "locale": scope.locale,
            "next_cursor": cursors.encode(next_state) if next_state else None}


def _seen(found: Any, user_id: str, candidates: list[Any]) -> set[str]:
    """The candidates the viewer has opened (or wrote): their marks came in the batch read."""
    from chalicelib.contributions import mark_tables as marks
    from chalicelib.contributions.mark_tables import Mark

    return {c.contribution_id for c in candidates
            if c.author_id == user_id or getattr(
                found.get(Mark, user_id, marks.contribution_key(c.contribution_id)),
                "seen_at", None)}


def _passed_over(state: dict[str, Any], phase: str, consumed: list[Any], seen: set[str],
                 shown: int) -> int:
    """`n` of the cursor: the seen contributions the unread phase passed over. The seen phase
    shows that many, then ends (and is skipped when there are none)."""
    counted = state.get("n", 0)
    if not isinstance(counted, int) or isinstance(counted, bool) or not 0 <= counted <= 10**7:
        raise ValidationFailed.field("cursor", "is not a cursor this API gave")
    if phase == "unread":
        return counted + sum(1 for c in consumed if c.contribution_id in seen)
    if phase == "seen":
        return max(0, counted - shown)
    return counted


def _next_state(sort: str, phase: str, counted: int, consumed: int, candidates: list[Any],
                shape: dict[str, str], last: Any) -> dict[str, Any] | None:
    """Where the next page starts: later in this phase, at the seen phase, or nowhere."""
    from chalicelib.platform.dynamo import cursors

    if phase == "seen" and counted == 0:
        return None
    if consumed < len(candidates):
        return {"s": sort, "p": phase, "n": counted,
                "k": cursors.key_of(candidates[consumed - 1], shape)}
    if last:
        return {"s": sort, "p": phase, "n": counted, "k": last}
    if phase == "unread" and counted:
        return {"s": sort, "p": "seen", "n": counted}
    return None
