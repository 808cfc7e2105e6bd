"""`GET /communities/{cid}/analytics`: anonymised statistics for a community's administrators
(and platform administrators), from the aggregates the counter keeps
(`chalicelib.analytics.counting`), in at most four DynamoDB calls whatever the community's
size: the session check, one BatchGetItem (community, the caller's membership, the
community's summary, and for `?module=` the module and its summary, each in its shards, and
the range's days in the shards outside the community's own partition), one Query of the day
items in the community's own partition, and one Query for the contributions or questions
the answer lists. The shards are added up first (`analytics_tables.summed`): every rule
below applies to the sums. A range over 39 days needs more keys than one BatchGetItem takes
(100): one more call per 50 days.

Every figure counted from people goes through `chalicelib.analytics.suppression_rules`:
- a day's figure for the community and its parts per module form one row
  (`suppress_row`): a part from fewer than k people is hidden, and enough other parts with
  it that the margin cannot give it away; the same rows serve the community and the module
  views, so comparing them reveals nothing either;
- a total over days, or over modules, is shown only when every part is (`series_total`):
  otherwise subtraction, or two ranges differing by a day, would give a hidden part away;
- demographic tables, questionnaire options and budget tallies partition people: each
  table is suppressed as a whole (`suppress`, with "skipped", "unanswered" and "no answer"
  as cells, so the total hides nothing), options people choose alongside others as the
  pair chose / did not choose (`suppress_choice`);
- lone counts of people (participants, followers) are shown when 0 or at least k.
Hidden figures sort last, never by their true value.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from chalicelib.analytics import counting, visit_figures
from chalicelib.analytics import suppression_rules as anonymity
from chalicelib.analytics.suppression_rules import Count, series_total, suppress, suppress_choice
from chalicelib.platform import clock, i18n
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import Forbidden, ValidationFailed

if TYPE_CHECKING:
    from chalicelib.communities.scope import Scope
    from chalicelib.platform.principal import Principal

DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP = 10
BUDGET_IDEAS = 100
MEASURES = {"n": "contributions", "cm": "comments", "r": "reactions", "u": "upvotes",
            "rs": "responses", "b": "ballots"}
NOT_MODULES = {"c", "f", "vis", "community_id", "key"}


def k_value() -> int:
    from chalicelib.platform.config import settings

    return anonymity.threshold(settings().analytics_k)


# ---- rules (pure) --------------------------------------------------------------------------

def period(first: dt.date | None, last: dt.date | None,
           today: dt.date) -> tuple[dt.date, dt.date]:
    """The days asked for: by default the 30 days up to today; at most 366."""
    for name, day in (("from", first), ("to", last)):
        if day is not None and not 2000 <= day.year <= 2200:
            raise ValidationFailed.field(name, "must be between the years 2000 and 2200")
    last = last or (first + dt.timedelta(days=DEFAULT_DAYS - 1) if first else today)
    first = first or last - dt.timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise ValidationFailed.field("from", "must be on or before `to`")
    if (last - first).days + 1 > MAX_DAYS:
        raise ValidationFailed.field("to", f"a range covers at most {MAX_DAYS} days")
    return first, last


def dates(first: dt.date, last: dt.date) -> list[str]:
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def modules_in(item: dict[str, Any]) -> set[str]:
    """Module ids that have counters in a day item (`<module>|<measure>...`)."""
    out = set()
    for name in item:
        scope, _, rest = name.partition("|")
        if rest and scope not in NOT_MODULES and rest.split("|")[0] in MEASURES:
            out.add(scope)
    return out


def _n(item: dict[str, Any], name: str) -> int:
    return max(0, int(item.get(name) or 0))


def day_rows(items: dict[str, dict[str, Any]], days: list[str], module_id: str | None,
             k: int) -> tuple[list[dict[str, Any]], dict[str, dict[str, list[int | None]]]]:
    """Per day: the community's (or the module's) figures, each day's row of modules
    suppressed as a whole. Also, per module and measure, the series of its shown day
    figures (0 on days it had nothing), for per-module totals."""
    rows = []
    shown_days: list[dict[str, dict[str, int | None]]] = []
    every_module: set[str] = set()
    scope = module_id or "c"
    for day in days:
        item = items.get(day, {})
        modules = modules_in(item) | ({module_id} if module_id else set())
        every_module |= modules
        row: dict[str, Any] = {
            "date": day, "participants": anonymity.suppress_value(_n(item, f"{scope}|p"), k=k)}
        shown_day = {}
        for code, name in MEASURES.items():
            margin = Count(_n(item, f"c|{code}"), _n(item, f"c|{code}|p"))
            cells = {m: Count(_n(item, f"{m}|{code}"), _n(item, f"{m}|{code}|p"))
                     for m in modules}
            shown_margin, shown_cells = anonymity.suppress_row(margin, cells, k=k)
            row[name] = shown_cells[module_id] if module_id else shown_margin
            shown_day[name] = shown_cells
        rows.append(row)
        shown_days.append(shown_day)
    per_module = {m: {name: [d[name].get(m, 0) for d in shown_days]
                      for name in MEASURES.values()} for m in every_module}
    return rows, per_module


def follower_levels(summary: dict[str, Any], items: dict[str, dict[str, Any]],
                    first: dt.date, days: list[str], k: int) -> list[int | None]:
    """Followers at the end of each day: the net changes of the months before the range's
    first month (kept on the summary), then of each day from that month's first day."""
    month = first.strftime("%Y-%m")
    level = sum(int(v or 0) for name, v in summary.items()
                if name.startswith("f|") and name[2:] < month)
    start = first.replace(day=1)
    levels = []
    wanted = set(days)
    for day in dates(start, dt.date.fromisoformat(days[-1])):
        level += int(items.get(day, {}).get("f") or 0)
        if day in wanted:
            levels.append(anonymity.suppress_value(max(0, level), k=k))
    return levels


def demographic_tables(questions: list[dict[str, Any]], source: dict[str, Any], locale: str,
                       default: str, k: int) -> list[dict[str, Any]]:
    """Participants by answer, one table per current question: its options, "skipped"
    (declined) and "unanswered" (counted before they answered, or never asked), which add
    up to the participants."""
    participants = _n(source, "participants")
    tables = []
    for question in questions:
        qid = str(question["id"])
        options = [as_dict(o) for o in question.get("options", [])]
        cells = {str(i): _n(source, f"d|{qid}|{i}") for i in range(len(options))}
        cells["skipped"] = _n(source, f"d|{qid}|skipped")
        cells["unanswered"] = max(0, participants - sum(cells.values()))
        table = suppress(cells, k=k)
        labels = {str(i): i18n.pick(o, locale, default)[0] for i, o in enumerate(options)}
        labels.update(skipped="skipped", unanswered="unanswered")
        tables.append({
            "id": qid, "prompt": i18n.pick(as_dict(question.get("prompt")), locale, default)[0],
            "cells": [{"key": key, "option": labels[key], "participants": table.cells[key]}
                      for key in cells],
            "total": table.total})
    return tables


def question_figures(question: Any, source: dict[str, Any], responses: int, locale: str,
                     default: str, k: int) -> dict[str, Any]:
    """One questionnaire question's analytics tally (objectors left out), suppressed."""
    qid = question.question_id
    answered = min(_n(source, f"q|{qid}|answered"), responses)
    out: dict[str, Any] = {"id": qid, "kind": question.kind,
                           "prompt": i18n.pick(as_dict(question.prompt), locale, default)[0]}
    split = suppress({"answered": answered, "no_answer": responses - answered}, k=k)
    out["answered"], out["no_answer"] = split.cells["answered"], split.cells["no_answer"]
    options: list[tuple[str, str]] = []
    if question.kind in ("single_choice", "multiple_choice"):
        options = [(str(i), i18n.pick(as_dict(o), locale, default)[0])
                   for i, o in enumerate(question.options or [])]
    elif question.kind == "scale":
        options = [(str(v), str(v))
                   for v in range(int(question.scale_min), int(question.scale_max) + 1)]
    counts = {key: _n(source, f"q|{qid}|{key}") for key, _ in options}
    shown: dict[str, int | None]
    if question.kind == "multiple_choice":
        shown = {key: suppress_choice(n, answered, k=k) for key, n in counts.items()}
    else:
        table = suppress({**counts, "~no_answer": responses - answered}, k=k)
        shown = {key: table.cells[key] for key in counts}
    out["options"] = [{"key": key, "option": label, "count": shown[key]}
                      for key, label in options]
    out["average"] = None
    if question.kind == "scale" and counts and all(v is not None for v in shown.values()):
        total = sum(counts.values())
        out["average"] = round(sum(int(key) * n for key, n in counts.items()) / total, 3) \
            if total else None
    return out


def status_of(entry: dict[str, Any], now: float) -> str | None:
    if "opens_at" not in entry:
        return None
    if now < float(entry["opens_at"]):
        return "upcoming"
    return "closed" if now >= float(entry["closes_at"]) else "open"


def by_shown_value(rows: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """Shown figures first (largest first), hidden ones last in a fixed order: sorting
    hidden figures by their value would tell how they compare."""
    return sorted(rows, key=lambda r: (r[field] is None, -(r[field] or 0), r["id"]))


# ---- the route's work ------------------------------------------------------------------------

def get(community_id: str, principal: Principal, query: Any,
        accept_language: str) -> dict[str, Any]:
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.communities import demographics
    from chalicelib.communities.scope import authorise
    from chalicelib.communities.visibility_rules import administers
    from chalicelib.modules import module_access

    k = k_value()
    now = clock.now()
    today = dt.datetime.fromtimestamp(now, tz=dt.UTC).date()
    first, last = period(query.from_, query.to, today)
    module_id = query.module
    days = dates(first, last)
    extra: list[Any] = [*store.summary_keys(community_id),
                        demographics.questions_key(community_id)]
    if module_id:
        extra += [module_access.key(module_id),
                  *store.summary_keys(community_id, store.module_key(module_id))]
    extra += store.day_shard_keys(community_id, days)
    scope = authorise(community_id, principal, accept_language, extra)
    if not administers(scope.viewer):
        raise Forbidden("Only the community's administrators see its analytics.",
                        code="not_admin")
    module = module_access.of(scope.found, module_id) if module_id else None
    if module_id and (module is None or module.community_id != community_id):
        raise ValidationFailed.field("module", "is not a module of this community")
    summary = store.summary_in(scope.found, community_id)
    source = store.summary_in(scope.found, community_id, store.module_key(module_id)) \
        if module_id else summary
    questions = demographics.questions_in(scope.found, community_id)
    queried = store.days_queried(community_id, first.replace(day=1).isoformat(), days[-1])
    items = store.days_in(scope.found, community_id, queried, days)
    rows, per_module = day_rows(items, days, module_id, k)
    for row, level in zip(rows, follower_levels(summary, items, first, days, k), strict=True):
        row["followers"] = level
    locale, default = scope.locale, scope.community.default_locale
    out: dict[str, Any] = {
        "community_id": community_id, "module_id": module_id,
        "from": first.isoformat(), "to": last.isoformat(), "k": k,
        "generated_at": clock.iso(now), "locale": locale,
        "totals": {"participants": anonymity.suppress_value(_n(source, "participants"), k=k),
                   "followers": anonymity.suppress_value(_n(summary, "followers"), k=k)},
        "days": rows,
        "period": {name: series_total([r[name] for r in rows]) for name in MEASURES.values()},
        "modules": _modules(summary, per_module, module_id, len(days), scope, now, k),
        "demographics": demographic_tables(questions, source, locale, default, k),
        "questionnaire": None, "budget": None, "top_contributions": [],
        "answers": counting.answer_counts(source),
    }
    if module is not None and module.type == "questionnaire":
        out["questionnaire"] = _questionnaire(module, source, scope, k)
    elif module is not None and module.type == "budget":
        out["budget"], out["top_contributions"] = _budget(module, source, scope, k)
    else:
        out["top_contributions"] = _top(community_id, module_id, scope, k)
    out["visits"] = visit_figures.figures(items, days, module_id,
                                          {m["id"]: m["title"] for m in out["modules"]}, k)
    out["suppressed"] = _count_hidden(out)
    return out


def _modules(summary: dict[str, Any], per_module: dict[str, dict[str, list[int | None]]],
             module_id: str | None, n_days: int, scope: Scope, now: float,
             k: int) -> list[dict[str, Any]]:
    directory = {name[4:]: as_dict(v) for name, v in summary.items()
                 if name.startswith("mod|") and isinstance(v, dict)}
    ids = set(directory) | set(per_module)
    if module_id:
        ids = {module_id}
    rows = []
    for mid in ids:
        entry = directory.get(mid, {})
        series = per_module.get(mid, {})
        row: dict[str, Any] = {
            "id": mid, "type": entry.get("type"),
            "title": i18n.pick(as_dict(entry.get("title")), scope.locale,
                               scope.community.default_locale)[0] or mid,
            "status": status_of(entry, now),
            "participants": anonymity.suppress_value(_n(summary, f"mp|{mid}"), k=k)}
        for name in MEASURES.values():
            row[name] = series_total(series.get(name, [0] * n_days))
        rows.append(row)
    return by_shown_value(rows, "participants")


def _questionnaire(module: Any, source: dict[str, Any], scope: Scope,
                   k: int) -> dict[str, Any]:
    from chalicelib.modules import module_access

    responses = _n(source, "responses")
    questions = module_access.questions(module.module_id)
    return {"responses": anonymity.suppress_value(responses, k=k),
            "questions": [question_figures(q, source, responses, scope.locale,
                                           scope.community.default_locale, k)
                          for q in questions]}


def _budget(module: Any, source: dict[str, Any], scope: Scope,
            k: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Ballots per idea (objectors left out) of the module's most voted ideas; the same
    Query gives the most engaged of them."""
    from chalicelib.contributions import content_access

    ballots = _n(source, "ballots")
    ideas = content_access.most_voted(module.module_id, BUDGET_IDEAS)
    rows = [{"id": c.contribution_id, "title": scope.text(c.title)[0],
             "cost": int(c.cost) if c.cost is not None else None,
             "votes": suppress_choice(_n(source, f"v|{c.contribution_id}"), ballots, k=k)}
            for c in ideas]
    top = sorted(ideas, key=lambda c: (-int(c.engagement or 0), c.contribution_id))
    return ({"ballots": anonymity.suppress_value(ballots, k=k),
             "ideas": by_shown_value(rows, "votes")}, _present_top(top, scope, k))


def _top(community_id: str, module_id: str | None, scope: Scope,
         k: int) -> list[dict[str, Any]]:
    from chalicelib.contributions import content_access

    return _present_top(content_access.most_engaged(community_id, module_id, TOP), scope, k)


def _present_top(items: list[Any], scope: Scope, k: int) -> list[dict[str, Any]]:
    """The most engaged visible contributions, with the counts every visitor sees on them;
    no author. Only those engaged at least k times."""
    out = []
    for c in items:
        engagement = int(c.engagement or 0)
        if engagement < k or len(out) >= TOP:
            continue
        out.append({"id": c.contribution_id, "module_id": c.module_id,
                    "title": scope.text(c.title)[0], "engagement": engagement,
                    "upvotes": int(c.upvote_count or 0), "comments": int(c.comment_count or 0),
                    "reactions": sum(max(0, int(v)) for v in as_dict(c.reactions).values())})
    return out


FIGURES = {"participants", "followers", "count", "votes", "answered", "no_answer", "total",
           "responses", "ballots", "views", "period", *MEASURES.values()}


def _count_hidden(out: dict[str, Any]) -> int:
    """How many figures the answer suppressed (the dashboard says so)."""
    hidden = 0

    def walk(value: Any, key: str = "") -> None:
        nonlocal hidden
        if isinstance(value, dict):
            for name, inner in value.items():
                walk(inner, name)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif value is None and key in FIGURES:
            hidden += 1

    walk(out)
    return hidden
