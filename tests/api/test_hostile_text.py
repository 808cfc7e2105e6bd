"""Issue 13 item 5: hostile values in every text field, read back from every GET route and
every notification (in-app and email), never come back as live markup. Plain fields hold
no tag at all (escaped text, docs/text-fields.md); rich fields only the sanitiser's
allowlist, without handlers or script URLs. Names stored before markup was refused (written
here straight to storage) come out escaped; new ones are refused."""

from __future__ import annotations

import json
import re
from typing import Any

from tests.api.participation import DAY, iso, world
from tests.notify_support import run_pipeline

# Tags, and tags typed as character references (stored escaped, they unescape into markup).
H = ("<svg onload=alert(1)>S\"'<img src=x onerror=alert(2)>&<script>alert(3)</script>"
     "&lt;svg onload=alert(5)&gt;")
H_NAME = "<img src=x onerror=alert(4)>Ivy"
RICH = "p|br|strong|b|em|i|u|s|ul|ol|li|blockquote|code|pre|a|h3|h4"
FOREIGN_TAG = re.compile(rf"<\s*/?\s*(?!(?:{RICH})\b)[a-zA-Z!?]", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|style|src)\s*=|<[^>]*javascript:", re.IGNORECASE)
PLAIN_KEYS = {"display_name", "title", "name", "pseudonym", "place", "prompt", "options",
              "excerpt", "note", "reason", "rule", "statement", "community_name", "option",
              "interests", "text"}
SKIP = ("/auth/", "/notifications/unsubscribe/", "/openapi.json", "/health")


def _leaks(value: Any, path: str = "", key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [leak for k, v in value.items() for leak in _leaks(v, f"{path}.{k}", k)]
    if isinstance(value, list):
        return [leak for i, v in enumerate(value) for leak in _leaks(v, f"{path}[{i}]", key)]
    if not isinstance(value, str):
        return []
    if key in PLAIN_KEYS and "<" in value:
        return [f"{path}: plain text holds markup: {value[:80]!r}"]
    if FOREIGN_TAG.search(value) or HANDLER.search(value):
        return [f"{path}: live markup: {value[:80]!r}"]
    return []


def _leaks_in_text(body: Any, where: str) -> list[str]:
    """Other answers (CSV, NDJSON, HTML pages): none repeats a hostile tag as it was sent."""
    text = body.decode(errors="replace") if isinstance(body, bytes) else str(body or "")
    found = re.search(r"<svg onload=alert|<img src=x onerror=alert|<script>alert", text)
    return [f"{where}: {text[max(0, found.start() - 40):found.end() + 40]!r}"] if found else []


def _hostile_world(api: Any, make_user: Any) -> dict[str, Any]:
    w = world(api, make_user)
    cid = w.community_id
    api.patch(f"/communities/{cid}", {"name": H, "description": H}, token=w.admin)
    api.patch(f"/projects/{w.project_id}", {"title": H, "description": H}, token=w.admin)
    author_id, author = make_user(name=H_NAME, pseudonym="Ivy<b>")  # stored before the rules
    commenter_id, commenter = make_user(name=H_NAME + "2")
    moderator_id, moderator = make_user(name=H_NAME + "3")
    for user_id, role in ((author_id, "member"), (commenter_id, "member"),
                          (moderator_id, "moderator")):
        assert api.put(f"/communities/{cid}/members/{user_id}", {"role": role},
                       token=w.admin).status_code == 204
    api.put("/me/notification-settings", {"admin": True}, token=moderator)
    for token in (author, commenter):
        assert api.put(f"/communities/{cid}/follow", token=token).status_code == 204
    assert api.patch("/me", {"description": H, "interests": [H[:40]]},
                     token=author).status_code == 200
    ideas = w.module("ideas", title=H)
    survey = w.module("questionnaire", title=H)
    assert api.post(f"/modules/{survey}/questions", {
        "prompt": H, "kind": "single_choice", "options": [H[:150] + "1", H[:150] + "2"]},
        token=w.admin).status_code == 201
    assert api.post(f"/modules/{survey}/questions", {"prompt": H, "kind": "text"},
                    token=w.admin).status_code == 201
    questions = api.get(f"/modules/{survey}/questions", token=author).json["items"]
    api.post(f"/modules/{survey}/responses", {"answers": {
        questions[0]["id"]: 0, questions[1]["id"]: H}}, token=author)
    contribution = w.contribute(ideas, author, title=H, body=H)["id"]
    comment = api.post(f"/contributions/{contribution}/comments", {"body": H},
                       token=commenter).json["id"]
    api.post(f"/contributions/{contribution}/comments", {"body": H, "parent_id": comment},
             token=author)
    api.put(f"/contributions/{contribution}/upvote", token=commenter)
    api.put(f"/contributions/{contribution}/reactions/heart", token=commenter)
    assert api.post(f"/communities/{cid}/updates", {"title": H, "body": H},
                    token=w.admin).status_code == 201
    assert api.post(f"/communities/{cid}/events", {
        "title": H, "description": H, "place": H, "starts_at": iso(DAY),
        "ends_at": iso(DAY + 3600)}, token=w.admin).status_code == 201
    flagged = api.post(f"/contributions/{contribution}/flags", {"reason": "spam", "note": H},
                       token=commenter)
    assert flagged.status_code == 202, flagged.json
    run_pipeline()
    decided = api.post(f"/moderation/{contribution}/decision",
                       {"action": "remove", "reason": H, "rule": H}, token=moderator)
    assert decided.status_code in (200, 201), decided.json
    api.post(f"/moderation/{contribution}/appeal", {"statement": H}, token=author)
    run_pipeline()
    return {"params": {"cid": cid, "pid": w.project_id, "id": contribution,
                       "item_id": contribution},
            "modules": [ideas, survey],
            "tokens": {"admin": w.admin, "author": author, "commenter": commenter,
                       "moderator": moderator}}


def test_hostile_text_never_comes_back_as_markup(api, make_user, sent_mail):
    from chalicelib.platform.http.routing import OPERATIONS

    made = _hostile_world(api, make_user)
    leaks: list[str] = []
    heard: list[str] = []
    read = 0
    for who, token in made["tokens"].items():
        for op in OPERATIONS:
            if op.method != "GET" or any(op.path.startswith(s) for s in SKIP):
                continue
            for module_id in made["modules"] if "{mid}" in op.path else [None]:
                path = op.path.replace("{mid}", module_id or "")
                for name, value in made["params"].items():
                    path = path.replace("{" + name + "}", value)
                answer = api.client.http.request(
                    "GET", path, headers={"Authorization": f"Bearer {token}"})
                kind = answer.headers.get("Content-Type", "")
                if answer.status_code != 200 or not kind.startswith("application/json"):
                    leaks += _leaks_in_text(answer.body, f"{who} GET {path}")
                    continue
                read += 1
                leaks += [f"{who} GET {path} {leak}" for leak in _leaks(json.loads(
                    answer.body))]
        notifications = api.get("/me/notifications", token=token).json["items"]
        heard += [f"{who} notification {leak}" for leak in _leaks(notifications)]
        if who != "admin":
            assert notifications, who
    kinds = {n["kind"] for t in made["tokens"].values()
             for n in api.get("/me/notifications", token=t).json["items"]}
    assert {"community.update", "community.event", "module.opened", "contribution.comment",
            "comment.reply", "contribution.upvote", "contribution.reaction",
            "moderation.case", "moderation.outcome"} <= kinds
    assert read > 40
    for message in sent_mail():
        for part in message.walk():
            if part.get_content_type() == "text/html":
                html = part.get_payload(decode=True).decode()
                body = html[html.find("<body"):]
                assert not re.search(r"<(svg|img|script)\b|<[^>]*\son[a-z]+=", body), (
                    message["Subject"], body[:500])
    assert not heard and not leaks, "\n".join(heard[:20] + leaks[:30])


def test_names_and_pseudonyms_with_markup_or_reserved_words_are_refused(api, make_user):
    _, token = make_user()
    for field, value in (("name", H_NAME), ("name", "Admın"), ("pseudonym", "Moderator."),
                         ("pseudonym", "Deleted participant"), ("name", "Anonymous"),
                         ("name", "Ada\u202e")):
        answer = api.patch("/me", {field: value}, token=token)
        assert answer.status_code == 400, (field, value, answer.json)
        assert answer.json["errors"][0]["field"] == field
    answer = api.post("/auth/register", {"name": "<svg onload=alert(1)>", "email":
                                         "new@people.test", "password": "a long passphrase 1"})
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "name"


def test_escaped_text_is_returned_escaped_once(api, make_user):
    """The rule holds for `&`: a name typed with one comes back as `&amp;` (not `&amp;amp;`),
    and so does a title, whose stored form is escaped already."""
    w = world(api, make_user)
    user_id, token = make_user(name="Tom & Jerry")
    api.put(f"/communities/{w.community_id}/members/{user_id}", {"role": "member"},
            token=w.admin)
    ideas = w.module("ideas")
    made = w.contribute(ideas, token, title="Fish & chips")
    shown = api.get(f"/contributions/{made['id']}", token=token).json
    assert shown["author"]["display_name"] == "Tom &amp; Jerry"
    assert shown["title"] == "Fish &amp; chips"
    assert api.get("/me", token=token).json["name"] == "Tom &amp; Jerry"
    json.dumps(shown)
