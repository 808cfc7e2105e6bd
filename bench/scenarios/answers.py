"""Official answers and budget phases: an admin's answer (with a revised cost, in review),
a ballot in the voting phase, and every worker call that tells 10,000 upvoters of an
answer (fan-out and sender handlers, summed over their messages)."""

from __future__ import annotations

from collections import Counter
from typing import Any

UPVOTERS = 10_000


def _iso(offset: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(clock.now() + offset)


def _phased_budget(api: Any, admin: str) -> tuple[str, list[str]]:
    """A budget in phases with five ideas, moved to review (through the API)."""
    from tests.support import create_user

    community = api.post("/communities", {"name": "Bench town"}, token=admin).json
    project = api.post(f"/communities/{community['id']}/projects", {"title": "Budget"},
                       token=admin).json
    module = api.post(f"/projects/{project['id']}/modules", {
        "type": "budget", "title": "Budget", "opens_at": _iso(-86400),
        "closes_at": _iso(30 * 86400),
        "settings": {"budget_total": 100, "max_choices": 3, "phase": "proposals"}},
        token=admin).json
    _, author = create_user(name="Bench Author")
    ideas = []
    for n in range(5):
        answer = api.post(f"/modules/{module['id']}/contributions",
                          {"title": f"Idea {n}", "body": "x", "cost": 20}, token=author)
        assert answer.status_code == 201, answer.json
        ideas.append(answer.json["id"])
    moved = api.patch(f"/modules/{module['id']}", {"settings": {"phase": "review"}},
                      token=admin)
    assert moved.status_code == 200, moved.json
    return module["id"], ideas


def run(ctx: Any, upvoters: int = UPVOTERS) -> None:
    from bench import counting
    from chalicelib.platform.aws import queues
    from tests.answer_support import publish_answer, seed_upvoted
    from tests.notify_support import run_pipeline, seed_community
    from tests.support import create_user

    api = ctx.api
    _, admin = create_user(platform_admin=True, name="Bench Admin")
    module_id, ideas = _phased_budget(api, admin)

    def ok(answer: Any) -> Any:
        assert answer.status_code < 300, answer.json
        return answer

    for idea in ideas[1:]:
        ok(api.put(f"/contributions/{idea}/answer",
                   {"status": "accepted", "text": {"en": "Feasible."}}, token=admin))
    ctx.measure("contribution.answer", lambda: ok(api.put(
        f"/contributions/{ideas[0]}/answer",
        {"status": "accepted", "text": {"en": "Feasible, at a revised cost."}, "cost": 25},
        token=admin)))
    ok(api.patch(f"/modules/{module_id}", {"settings": {"phase": "voting"}}, token=admin))
    _, voter = create_user(name="Bench Voter")
    ok(api.put(f"/modules/{module_id}/ballot", {"contribution_ids": ideas[:3]}, token=voter))
    ctx.measure("budget.ballot@phases", lambda: ok(api.put(
        f"/modules/{module_id}/ballot", {"contribution_ids": ideas[2:5]}, token=voter)))

    community_id, _ = seed_community(0)
    contribution_id, _ = seed_upvoted(community_id, upvoters)
    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)  # a warm Lambda knows the queue URLs already
    run_pipeline()  # nothing else waiting
    publish_answer(community_id, contribution_id)
    calls: Counter[str] = Counter()
    run_pipeline(calls)
    ctx.operations[f"answer.fanout@{upvoters}"] = counting.figures(calls)
