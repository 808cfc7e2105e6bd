"""The dashboard as CSV: the same figures as the JSON answer, one per row, suppressed cells
left empty and marked, and every cell safe to open in a spreadsheet (no formula injection)."""

from __future__ import annotations

from typing import Any

from chalicelib.analytics.figures import MEASURES
from chalicelib.platform import sanitise

CSV_COLUMNS = ("section", "date", "module_id", "module", "question", "option", "measure",
               "value", "suppressed")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """The same figures as the JSON answer, one per row (suppressed ones empty, marked)."""
    rows: list[dict[str, Any]] = []

    def add(section: str, measure: str, value: Any, **where: Any) -> None:
        rows.append({"section": section, "measure": measure, "value": value,
                     "suppressed": "yes" if value is None else "", **where})

    for name, value in answer["totals"].items():
        add("totals", name, value)
    for day in answer["days"]:
        for name, value in day.items():
            if name != "date":
                add("daily", name, value, date=day["date"])
    for name, value in answer["period"].items():
        add("period", name, value, date=f"{answer['from']}..{answer['to']}")
    for module in answer["modules"]:
        for name in ("participants", *MEASURES.values()):
            add("modules", name, module[name], module_id=module["id"], module=module["title"])
    for table in answer["demographics"]:
        for cell in table["cells"]:
            add("demographics", "participants", cell["participants"],
                question=table["prompt"], option=cell["option"])
        add("demographics", "participants", table["total"], question=table["prompt"],
            option="total")
    questionnaire = answer.get("questionnaire")
    if questionnaire:
        add("questionnaire", "responses", questionnaire["responses"],
            module_id=answer["module_id"])
        for q in questionnaire["questions"]:
            for name in ("answered", "no_answer", "average"):
                if name != "average" or q["kind"] == "scale":
                    add("questionnaire", name, q[name], module_id=answer["module_id"],
                        question=q["prompt"])
            for option in q["options"]:
                add("questionnaire", "count", option["count"], module_id=answer["module_id"],
                    question=q["prompt"], option=option["option"])
    budget = answer.get("budget")
    if budget:
        add("budget", "ballots", budget["ballots"], module_id=answer["module_id"])
        for idea in budget["ideas"]:
            add("budget", "votes", idea["votes"], module_id=answer["module_id"],
                option=idea["title"])
    for status, count in (answer.get("answers") or {}).items():
        add("answers", status, count, module_id=answer.get("module_id"))
    _visit_rows(answer.get("visits"), add)
    for c in answer["top_contributions"]:
        for name in ("engagement", "upvotes", "comments", "reactions"):
            add("top_contributions", name, c[name], module_id=c["module_id"],
                option=c["title"])
    return rows


def _visit_rows(visits: dict[str, Any] | None, add: Any) -> None:
    """Page views: per day (and per module that day), the range's, per module, and each
    breakdown's cells (`question` names the breakdown, `option` the cell)."""
    if not visits:
        return
    for day in visits["days"]:
        add("visits", "views", day["views"], date=day["date"])
        for cell in day["modules"]:
            add("visits", "views", cell["views"], date=day["date"], module_id=cell["key"])
    add("visits", "views", visits["period"], date="period")
    for module in visits["modules"]:
        add("visits", "views", module["views"], module_id=module["id"], module=module["title"])
    for breakdown in ("by_language", "by_country", "by_browser"):
        for cell in visits[breakdown]:
            add("visits", "views", cell["views"], question=breakdown, option=cell["key"])


def to_csv(answer: dict[str, Any]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(answer):
        for text in ("module", "question", "option"):  # stored HTML-escaped: a file is text
            if row.get(text):
                row[text] = sanitise.unescaped(str(row[text]))
        writer.writerow({c: safe_cell(row.get(c)) for c in CSV_COLUMNS})
    return buffer.getvalue()


def csv_filename(answer: dict[str, Any]) -> str:
    scope = f"-{answer['module_id']}" if answer.get("module_id") else ""
    return f"analytics-{answer['community_id']}{scope}-{answer['from']}-{answer['to']}.csv"
