"""Analytics: `GET /communities/{cid}/analytics` for a community of 100 contributions and one
of 10,000, with 30 days of aggregates, demographic questions and a directory of modules; and
`analytics.count@N`, the counter's calls for one activity there (a contribution by a person
who answered the demographic questions and is new to the community: the costliest kind).

Communities, modules and the admin are made through the API; contributions and aggregates
are written straight to storage in bulk (as the counter would have left them before its
shards: in the community's own partition, which the dashboard reads as shard 0), so the
bench stays quick; the measured activities are counted in the shards their ids fix. The
figure must not depend on the community's size."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

BIG = 10_000
SMALL = 100
DAYS = 30
MODULES = 3
PEOPLE = 60


def _iso(offset: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(clock.now() + offset)


def _community(api: Any, admin: str, name: str) -> tuple[str, list[dict[str, Any]]]:
    community = api.post("/communities", {"name": name}, token=admin).json
    project = api.post(f"/communities/{community['id']}/projects", {"title": "Bench"},
                       token=admin).json
    modules = []
    for n in range(MODULES):
        answer = api.post(f"/projects/{project['id']}/modules", {
            "type": "ideas", "title": f"Module {n}", "opens_at": _iso(-40 * 86400),
            "closes_at": _iso(30 * 86400)}, token=admin)
        assert answer.status_code == 201, answer.json
        modules.append(answer.json)
    questions = api.put(f"/communities/{community['id']}/demographics", {"questions": [
        {"prompt": "Age band", "options": ["Under 30", "30 to 59", "60 and over"]},
        {"prompt": "Area", "options": ["North", "South", "East", "West"]}]}, token=admin)
    assert questions.status_code == 200, questions.json
    return community["id"], modules


def _seed_contributions(community_id: str, modules: list[dict[str, Any]], count: int,
                        rng: random.Random) -> None:
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform import clock, ids

    now = clock.now()
    with Contribution.batch_write() as batch:
        for k in range(count):
            module = modules[k % len(modules)]
            created = now - rng.uniform(0, DAYS * 86400)
            upvotes, comments = rng.randint(0, 20), rng.randint(0, 10)
            batch.save(Contribution(
                ids.new_id(int(created * 1000)), community_id=community_id,
                project_id=module["project_id"], module_id=module["id"], module_type="ideas",
                community_visibility="public", author_id=f"author-{k % PEOPLE}",
                display="name", title={"en": f"Idea {k}"}, body={"en": "<p>Text</p>"},
                locale="en", created_at=created, reactions={"heart": upvotes // 2},
                attachments={}, upvote_count=upvotes, comment_count=comments,
                engagement=upvotes + comments + upvotes // 2,
                feed_module_id=module["id"], feed_community_id=community_id))


def _seed_aggregates(community_id: str, modules: list[dict[str, Any]], count: int,
                     rng: random.Random) -> None:
    """What the counter would have kept for `count` contributions over the last 30 days."""
    from chalicelib.analytics import analytics_tables as store
    from chalicelib.analytics.analytics_tables import Aggregate, Change
    from chalicelib.platform import clock

    today = dt.datetime.fromtimestamp(clock.now(), tz=dt.UTC).date()
    per_day = max(1, count // DAYS)
    changes = []
    for n in range(DAYS):
        day = (today - dt.timedelta(days=n)).isoformat()
        change = Change(Aggregate, community_id, store.day_key(day))
        people = min(PEOPLE, per_day)
        change.add("c|p", people).add("f", rng.randint(0, 3))
        for code in ("n", "cm", "u", "r"):
            change.add(f"c|{code}", per_day).add(f"c|{code}|p", people)
            for module in modules:
                share = per_day // len(modules)
                change.add(f"{module['id']}|{code}", share)
                change.add(f"{module['id']}|{code}|p", min(people, share))
        for module in modules:
            change.add(f"{module['id']}|p", min(people, per_day // len(modules)))
        changes.append(change)
    summary = Change(Aggregate, community_id, store.SUMMARY)
    summary.add("participants", PEOPLE).add("followers", 40)
    for n in range(12):
        month = (today.replace(day=1) - dt.timedelta(days=30 * n)).strftime("%Y-%m")
        summary.add(f"f|{month}", 3)
    for module in modules:
        summary.add(f"mp|{module['id']}", PEOPLE // len(modules))
        summary.sets[f"mod|{module['id']}"] = {
            "type": "ideas", "project_id": module["project_id"],
            "title": {"en": module["title"]}, "opens_at": clock.now() - 40 * 86400,
            "closes_at": clock.now() + 30 * 86400}
    changes.append(summary)
    for start in range(0, len(changes), 25):
        store.write(changes[start:start + 25])


def setup(api: Any, sizes: tuple[int, ...]) -> dict[int, str]:
    from tests.support import create_user

    rng = random.Random(7)
    _, admin = create_user(platform_admin=True, name="Bench Admin")
    communities = {}
    for size in sizes:
        community_id, modules = _community(api, admin, f"Bench {size}")
        _seed_contributions(community_id, modules, size, rng)
        _seed_aggregates(community_id, modules, size, rng)
        communities[size] = community_id
    return {"admin": admin, **communities}  # type: ignore[dict-item]


def run(ctx: Any, big: int = BIG) -> None:
    api = ctx.api
    world = setup(api, (SMALL, big))
    admin = world["admin"]

    def ok(answer: Any) -> Any:
        assert answer.status_code == 200, answer.json
        assert answer.json["top_contributions"], "an empty list measures nothing"
        assert len(answer.json["days"]) == DAYS and answer.json["modules"]
        return answer

    for size, label in ((SMALL, f"@{SMALL}"), (big, f"@{big}")):
        community_id = world[size]
        path = f"/communities/{community_id}/analytics"
        ok(api.get(path, token=admin))  # a warm Lambda: the queue URL and clients exist
        ctx.measure(f"analytics.get{label}", lambda path=path: ok(api.get(path, token=admin)))
        ctx.measure(f"analytics.count{label}", _one_activity(api, community_id))
        ctx.again(f"analytics.count{label}", _one_activity(api, community_id))


def _one_activity(api: Any, community_id: str) -> Any:
    """A person who answered the community's questions; the counting of their contribution
    (as the `count_activity` handler does for each message)."""
    from chalicelib.analytics import activity_counter
    from chalicelib.platform import activities as activity
    from tests.support import create_user

    user_id, token = create_user(name="Bench Participant")
    questions = api.get(f"/communities/{community_id}/demographics", token=token).json
    answers = {q["id"]: 0 for q in questions["questions"]}
    answer = api.put(f"/communities/{community_id}/demographics/me", {"answers": answers},
                     token=token)
    assert answer.status_code == 200, answer.json
    module_id = _a_module(community_id)
    message = activity.message("contribution", community_id=community_id,
                               module_id=module_id, user_id=user_id)

    def count() -> None:
        assert activity_counter.count(message) == "counted"

    return count


def _a_module(community_id: str) -> str:
    from chalicelib.contributions.contribution_tables import Contribution

    (first,) = Contribution.community_engaged.query(community_id, limit=1)
    return str(first.module_id)
