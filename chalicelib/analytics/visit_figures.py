"""The dashboard's `visits`: page views per day and per module, and by language, country and
browser family, from the day items' `vis|...` counters (`visit_rules`), suppressed like the
other figures (`suppression_rules`), a view counting as a person would (a cell of fewer
than k views could describe fewer than k people):
- a day's views and its modules' views form one row (`suppress_row`; the views of the
  community's and projects' own pages are one more part, so the parts add up to the day);
- each breakdown partitions a day's views: suppressed as a table (`suppress`), and the
  day's views are hidden too when a table could not hide its cells without its total;
- a total over days (the range's views, a module's, a country's) is shown only when every
  day of it is (`series_total`).
Hidden figures sort last, never by their value."""

from __future__ import annotations

from typing import Any

from chalicelib.analytics import suppression_rules as anonymity
from chalicelib.analytics.suppression_rules import Count, series_total, suppress
from chalicelib.analytics.visit_rules import BREAKDOWNS, PREFIX

OTHER_PAGES = "~pages"  # views of the community's and projects' own pages


def _n(item: dict[str, Any], name: str) -> int:
    return max(0, int(item.get(name) or 0))


def _named(item: dict[str, Any], code: str) -> dict[str, int]:
    head = f"{PREFIX}|{code}|"
    return {name[len(head):]: _n(item, name) for name in item if name.startswith(head)}


def _day(item: dict[str, Any], k: int) -> tuple[int | None, dict[str, int | None],
                                                dict[str, dict[str, int | None]]]:
    """(the day's views, its modules' views, each breakdown's cells), suppressed."""
    total = _n(item, f"{PREFIX}|c")
    modules = _named(item, "m")
    parts = {m: Count(n, n) for m, n in modules.items()}
    parts[OTHER_PAGES] = Count(max(0, total - sum(modules.values())),
                               max(0, total - sum(modules.values())))
    views, shown_modules = anonymity.suppress_row(Count(total, total), parts, k=k)
    tables = {}
    for code in BREAKDOWNS:
        table = suppress(_named(item, code), k=k)
        if table.total is None and total:
            views = None
        tables[code] = table.cells
    shown_modules.pop(OTHER_PAGES, None)
    return views, shown_modules, tables


def _ranked(series: dict[str, list[int | None]], field: str = "key") -> list[dict[str, Any]]:
    rows = [{field: name, "views": series_total(values)} for name, values in series.items()]
    return sorted(rows, key=lambda r: (r["views"] is None, -(r["views"] or 0), r[field]))


def figures(items: dict[str, dict[str, Any]], days: list[str], module_id: str | None,
            titles: dict[str, str], k: int) -> dict[str, Any]:
    """`visits` of the answer, for the community or, with `module_id`, that module (whose
    days count its own views; the breakdowns stay the community's)."""
    rows = []
    per_module: dict[str, list[int | None]] = {}
    per_cell: dict[str, dict[str, list[int | None]]] = {code: {} for code in BREAKDOWNS}
    shown_days = []
    for day in days:
        views, modules, tables = _day(items.get(day, {}), k)
        shown_days.append((modules, tables))
        for m in modules:
            per_module.setdefault(m, [])
        for code, cells in tables.items():
            for key in cells:
                per_cell[code].setdefault(key, [])
        if module_id:
            views = modules.get(module_id, 0)
            modules = {module_id: views}
        rows.append({"date": day, "views": views,
                     "modules": [{"key": m, "views": v} for m, v in sorted(modules.items())]})
    for modules, tables in shown_days:
        for m, values in per_module.items():
            values.append(modules.get(m, 0))
        for code, cells in tables.items():
            for key, values in per_cell[code].items():
                values.append(cells.get(key, 0))
    if module_id:
        per_module = {module_id: per_module.get(module_id, [0] * len(days))}
    out: dict[str, Any] = {
        "days": rows, "period": series_total([r["views"] for r in rows]),
        "modules": [{"id": r["key"], "title": titles.get(r["key"], r["key"]),
                     "views": r["views"]} for r in _ranked(per_module)]}
    for code, name in BREAKDOWNS.items():
        out[name] = _ranked(per_cell[code])
    return out
