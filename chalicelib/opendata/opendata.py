"""Open data: the platform's public content, for anyone, with no personal data.

Only public communities and their visible contributions appear (private communities answer
404 here to everyone: open data is the public record). Contributions carry their texts in
every locale and their counts; never an author (name, pseudonym, id), an email, a location
or an attachment (which could show a person)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from chalicelib.platform import clock, video_rules
from chalicelib.platform.dynamo.attribute_values import as_dict
from chalicelib.platform.errors import NotFound

EXPORT_ROWS = 1000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def community_record(community: Any) -> dict[str, Any]:
    return {"id": community.community_id, "name": as_dict(community.name),
            "description": as_dict(community.description),
            "languages": list(community.languages or []),
            "default_locale": community.default_locale,
            "member_count": int(community.member_count or 0),
            "follower_count": int(community.follower_count or 0),
            "created_at": clock.iso(community.created_at)}


def contribution_record(c: Any) -> dict[str, Any]:
    return {
        "id": c.contribution_id, "community_id": c.community_id,
        "project_id": c.project_id, "module_id": c.module_id, "module_type": c.module_type,
        "locale": c.locale, "title": as_dict(c.title), "body": as_dict(c.body),
        "stance": c.stance, "cost": int(c.cost) if c.cost is not None else None,
        "videos": video_rules.answered(c.videos),
        "created_at": clock.iso(c.created_at),
        "updated_at": clock.iso(c.updated_at) if c.updated_at else None,
        "counts": {"upvotes": int(c.upvote_count or 0), "comments": int(c.comment_count or 0),
                   "reactions": {k: int(v) for k, v in as_dict(c.reactions).items()
                                 if int(v) > 0},
                   "votes": int(c.votes) if c.votes is not None else None},
        "status": c.answer_status,
        "answer": answer_record(c.answer),
    }


def answer_record(answer: Any) -> dict[str, Any] | None:
    """The official answer, its text in every locale; the signer only by the display name
    they chose to sign with (never their account)."""
    stored = as_dict(answer)
    if not stored:
        return None
    out: dict[str, Any] = {"status": stored.get("status"),
                           "text": {k: str(v) for k, v in as_dict(stored.get("text")).items()},
                           "answered_at": clock.iso(float(stored["answered_at"]))}
    if stored.get("cost") is not None:
        out["cost"] = int(stored["cost"])
    if stored.get("signed_by"):
        out["signed_by"] = str(stored["signed_by"])
    return out


def communities(limit: int, cursor: str | None) -> dict[str, Any]:
    from chalicelib.communities.communities import public_page
    from chalicelib.platform.dynamo import cursors

    state = cursors.decode(cursor) or {}
    found, last = public_page(limit, state.get("k"))
    items = [community_record(c) for c in found]
    return {"items": items, "next_cursor": cursors.encode({"k": last}) if last else None}


def _public_community(community_id: str) -> Any:
    from chalicelib.communities import scope

    community = scope.get_community(community_id)
    if community is None or community.visibility != "public":
        raise NotFound("No such community.")
    return community


def _page(community_id: str, limit: int, start: Any) -> tuple[list[Any], Any]:
    from chalicelib.contributions import content_access

    return content_access.visible_in_community(community_id, limit, start)


SHAPE = {"contribution_id": "S", "feed_community_id": "S", "created_at": "N"}


def contributions(community_id: str, limit: int, cursor: str | None) -> dict[str, Any]:
    from chalicelib.platform.dynamo import cursors

    _public_community(community_id)
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), SHAPE, {"feed_community_id": community_id})
    items, last = _page(community_id, limit, start)
    return {"items": [contribution_record(c) for c in items],
            "next_cursor": cursors.encode({"k": last}) if last else None}


def export(community_id: str, fmt: str, cursor: str | None) -> tuple[str, str | None, Any]:
    """(file text, cursor of the next part or None, the community). One answer holds at
    most `EXPORT_ROWS` contributions; a `Link: rel="next"` header names the next part."""
    from chalicelib.platform.dynamo import cursors

    community = _public_community(community_id)
    state = cursors.decode(cursor) or {}
    start = cursors.checked_key(state.get("k"), SHAPE, {"feed_community_id": community_id})
    rows: list[dict[str, Any]] = []
    while len(rows) < EXPORT_ROWS:
        items, start = _page(community_id, min(100, EXPORT_ROWS - len(rows)), start)
        rows += [contribution_record(c) for c in items]
        if not start:
            break
    next_cursor = cursors.encode({"k": start}) if start else None
    languages = list(community.languages or []) or [community.default_locale]
    text = to_csv(rows, languages) if fmt == "csv" else to_jsonl(rows)
    return text, next_cursor, community


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def safe_cell(value: Any) -> Any:
    """No cell starts like a spreadsheet formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _answer_cells(answer: dict[str, Any] | None, languages: list[str]) -> dict[str, Any]:
    answer = answer or {}
    cells = {f"answer_{loc}": answer.get("text", {}).get(loc, "") for loc in languages}
    cells.update(answer_cost=answer.get("cost"), answered_at=answer.get("answered_at"),
                 answer_signed_by=answer.get("signed_by"))
    return cells


def to_csv(rows: list[dict[str, Any]], languages: list[str]) -> str:
    columns = ["id", "community_id", "project_id", "module_id", "module_type", "locale"]
    columns += [f"title_{loc}" for loc in languages] + [f"body_{loc}" for loc in languages]
    columns += ["stance", "cost", "created_at", "updated_at", "upvotes", "comments", "votes",
                "reactions", "videos", "status"]
    columns += [f"answer_{loc}" for loc in languages]
    columns += ["answer_cost", "answered_at", "answer_signed_by"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for r in rows:
        flat = {k: r[k] for k in ("id", "community_id", "project_id", "module_id",
                                  "module_type", "locale", "stance", "cost", "created_at",
                                  "updated_at")}
        for loc in languages:
            flat[f"title_{loc}"] = r["title"].get(loc, "")
            flat[f"body_{loc}"] = r["body"].get(loc, "")
        counts = r["counts"]
        flat.update(upvotes=counts["upvotes"], comments=counts["comments"],
                    votes=counts["votes"],
                    reactions=json.dumps(counts["reactions"], sort_keys=True),
                    videos=" ".join(f"{v['provider']}:{v['id']}" for v in r["videos"]),
                    status=r["status"])
        flat.update(_answer_cells(r["answer"], languages))
        writer.writerow([safe_cell("" if flat[c] is None else flat[c]) for c in columns])
    return out.getvalue()
