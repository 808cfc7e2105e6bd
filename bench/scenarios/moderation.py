"""Moderation: flagging (a write: at most 3 DynamoDB calls with the session check), the queue
of open cases and a decision, on a community made through the API.

- `contribution.flag`: the first flag of a contribution at the default threshold (1): it
  opens the case and hides the contribution, in one transaction.
- `contribution.flag@threshold3`: a later flag feeding an open case below its threshold.
- `comment.flag`: the first flag of a comment (hides it, its contribution's count follows).
- `moderation.queue@20`: the first page of a queue of 20 open cases.
- `moderation.decision`: a removal (the decision's transaction and what follows it).
"""

from __future__ import annotations

from typing import Any

CASES = 20


def _iso(offset: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(clock.now() + offset)


def run(ctx: Any) -> None:
    from chalicelib.platform.aws import queues
    from tests.support import create_user

    api = ctx.api

    def ok(answer: Any) -> Any:
        assert answer.status_code < 300, answer.json
        return answer

    _, admin = create_user(platform_admin=True, name="Bench Admin")
    moderator_id, moderator = create_user(name="Bench Moderator")
    author_id, author = create_user(name="Bench Author")

    def community(threshold: int) -> tuple[str, str]:
        cid = ok(api.post("/communities", {"name": f"Bench {threshold}",
                                           "flag_threshold": threshold}, token=admin)).json["id"]
        for user_id, role in ((moderator_id, "moderator"), (author_id, "member")):
            ok(api.put(f"/communities/{cid}/members/{user_id}", {"role": role}, token=admin))
        pid = ok(api.post(f"/communities/{cid}/projects", {"title": "Bench"},
                          token=admin)).json["id"]
        mid = ok(api.post(f"/projects/{pid}/modules", {
            "type": "ideas", "title": "Ideas", "opens_at": _iso(-86400),
            "closes_at": _iso(30 * 86400)}, token=admin)).json["id"]
        return cid, mid

    def contribution(mid: str, n: int) -> str:
        return ok(api.post(f"/modules/{mid}/contributions",
                           {"title": f"Idea {n}", "body": "Text"}, token=author)).json["id"]

    cid, mid = community(1)
    items = [contribution(mid, n) for n in range(CASES + 1)]
    comment = ok(api.post(f"/contributions/{items[0]}/comments", {"body": "A comment"},
                          token=author)).json["id"]
    flaggers = [create_user(name=f"Flagger {n}")[1] for n in range(CASES + 4)]
    queues.queue_url(queues.NOTIFY)  # a warm Lambda knows the queue URL already

    ctx.measure("contribution.flag", lambda: ok(api.post(
        f"/contributions/{items[0]}/flags", {"reason": "spam", "note": "Adverts"},
        token=flaggers[0])))
    ctx.measure("comment.flag", lambda: ok(api.post(
        f"/comments/{comment}/flags", {"reason": "harassment"}, token=flaggers[1])))

    _high, high_mid = community(3)
    target = contribution(high_mid, 0)
    ok(api.post(f"/contributions/{target}/flags", {"reason": "spam"}, token=flaggers[2]))
    ctx.measure("contribution.flag@threshold3", lambda: ok(api.post(
        f"/contributions/{target}/flags", {"reason": "spam"}, token=flaggers[3])))
    # a third flag on the same contribution (it reaches the threshold: a superset of the
    # writes), for the partitions every flag of it shares (bench.headroom)
    ctx.again("contribution.flag@threshold3", lambda: ok(api.post(
        f"/contributions/{target}/flags", {"reason": "spam"}, token=flaggers[-1])))

    for n, item in enumerate(items[1:CASES], start=4):
        ok(api.post(f"/contributions/{item}/flags", {"reason": "spam"}, token=flaggers[n]))
    ctx.measure(f"moderation.queue@{CASES}", lambda: ok(api.get(
        f"/communities/{cid}/moderation", token=moderator)))
    ctx.measure("moderation.decision", lambda: ok(api.post(
        f"/moderation/{items[1]}/decision", {"action": "remove", "reason": "Adverts",
                                             "rule": "Code of Conduct §3"},
        token=moderator)))
