"""Write paths the other scenarios do not cover, each measured once and again by someone
else on the same target (bench.headroom): a contribution posted to an ideas module, a
comment on one contribution, a questionnaire response to one module, a follow of one
community. Made through the API, on a public community."""

from __future__ import annotations

from typing import Any


def _iso(offset: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(clock.now() + offset)


def _ok(answer: Any) -> Any:
    assert answer.status_code < 300, (answer.status_code, answer.json)
    return answer.json


def _world(api: Any) -> dict[str, str]:
    from tests.support import create_user

    _, admin = create_user(platform_admin=True, name="Bench Admin")
    cid = _ok(api.post("/communities", {"name": "Bench writes"}, token=admin))["id"]
    pid = _ok(api.post(f"/communities/{cid}/projects", {"title": "Bench"}, token=admin))["id"]
    modules = {}
    for type_ in ("ideas", "questionnaire"):
        modules[type_] = _ok(api.post(f"/projects/{pid}/modules", {
            "type": type_, "title": type_, "opens_at": _iso(-86400),
            "closes_at": _iso(30 * 86400)}, token=admin))["id"]
    question = _ok(api.post(f"/modules/{modules['questionnaire']}/questions", {
        "prompt": "Which day suits you?", "kind": "single_choice",
        "options": ["Saturday", "Sunday"]}, token=admin))["id"]
    return {"community": cid, "ideas": modules["ideas"],
            "questionnaire": modules["questionnaire"], "question": question}


def run(ctx: Any) -> None:
    from chalicelib.platform.aws import queues
    from tests.support import create_user

    api = ctx.api
    world = _world(api)
    people = [create_user(name=f"Bench Person {n}")[1] for n in range(8)]
    for name in (queues.NOTIFY, queues.DELIVER):
        queues.queue_url(name)  # a warm Lambda knows the queue URLs already
    ideas, cid = world["ideas"], world["community"]
    target = _ok(api.post(f"/modules/{ideas}/contributions",
                          {"title": "A first idea", "body": "Text"}, token=people[0]))["id"]

    def post(n: int) -> Any:
        return lambda: _ok(api.post(f"/modules/{ideas}/contributions", {
            "title": f"Idea {n}", "body": "<p>Plant trees along the river.</p>"},
            token=people[n]))

    def comment(n: int) -> Any:
        return lambda: _ok(api.post(f"/contributions/{target}/comments",
                                    {"body": "I agree, and the square too."},
                                    token=people[n]))

    def respond(n: int) -> Any:
        return lambda: _ok(api.post(f"/modules/{world['questionnaire']}/responses",
                                    {"answers": {world["question"]: "Saturday"}},
                                    token=people[n]))

    def follow(n: int) -> Any:
        return lambda: api.put(f"/communities/{cid}/follow", token=people[n])

    for name, make in (("contribution.create", post), ("comment.create", comment),
                       ("questionnaire.response", respond), ("community.follow", follow)):
        ctx.measure(name, make(1))
        ctx.again(name, make(2))
