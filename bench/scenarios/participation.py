"""Participation: feed pages, a contribution with its comments, upvotes, reactions, a budget
ballot and a bbox query, each on modules of 100 and 10,000 contributions.

The community, project, modules and people are made through the API; the bulk (the
contributions, comments) is written straight to storage with BatchWriteItem, so the bench
stays quick. Each measured operation is one API call, counted per AWS service.
"""

from __future__ import annotations

import random
from typing import Any

BIG = 10_000
SMALL = 100
AUTHORS = 60
COMMENTS = 100
CITY = (48.8566, 2.3522)  # contributions spread around it; the bbox is a district


def _iso(offset: float) -> str:
    from chalicelib.platform import clock

    return clock.iso(clock.now() + offset)


def _people(n: int) -> list[str]:
    from chalicelib.identity.user_tables import User
    from chalicelib.platform import clock, ids

    now = clock.now()
    people = [ids.new_id() for _ in range(n)]
    with User.batch_write() as batch:
        for k, user_id in enumerate(people):
            batch.save(User(user_id, name=f"Person {k}", status="active", created_at=now))
    return people


def _seed_contributions(module: dict[str, Any], count: int, authors: list[str],
                        rng: random.Random, heads: bool = True) -> list[str]:
    """Contributions as the API would store them (with their thread heads, which only
    opening a contribution reads: the big modules' feeds go without)."""
    from chalicelib.contributions import geo_rules as geo
    from chalicelib.contributions.comment_tables import Comment, head_of
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.modules.module_tables import Module
    from chalicelib.platform import clock, ids

    now = clock.now()
    made = []
    for k in range(count):
        created = now - count + k
        c = Contribution(
            ids.new_id(int(created * 1000)), community_id=module["community_id"],
            project_id=module["project_id"], module_id=module["id"],
            module_type=module["type"], community_visibility="public",
            author_id=authors[k % len(authors)],
            display="anonymous" if k % 7 == 0 else "name",
            title={"en": f"Idea {k}"}, body={"en": f"<p>Text of idea {k}</p>"},
            locale="en", created_at=created, reactions={}, attachments={},
            upvote_count=k % 5, comment_count=k % 3, engagement=k % 5 + k % 3,
            feed_module_id=module["id"], feed_community_id=module["community_id"],
            votes=0 if module["type"] == "budget" else None,
            cost=rng.randint(1, 30) if module["type"] == "budget" else None)
        if module["type"] == "map":
            lat = CITY[0] + rng.uniform(-0.2, 0.2)
            lon = CITY[1] + rng.uniform(-0.3, 0.3)
            c.location = {"lat": lat, "lon": lon}
            c.geohash = geo.encode(lat, lon)
        made.append(c)
    with Contribution.batch_write() as batch:
        for c in made:
            batch.save(c)
    with Comment.batch_write() as batch:
        for c in made if heads else []:
            batch.save(head_of(c))
    Module(module["id"]).update(actions=[Module.contribution_count.add(count)])
    return [c.contribution_id for c in made]


def _seed_comments(contribution: str, module: dict[str, Any], authors: list[str]) -> None:
    from chalicelib.contributions.comment_tables import Comment
    from chalicelib.contributions.contribution_tables import Contribution
    from chalicelib.platform import clock, ids

    now = clock.now()
    with Comment.batch_write() as batch:
        for k in range(COMMENTS):
            comment_id = ids.new_id(int((now - COMMENTS + k) * 1000))
            batch.save(Comment(
                comment_id, contribution_id=contribution, community_id=module["community_id"],
                module_id=module["id"], depth=0, thread_key=comment_id,
                author_id=authors[k % len(authors)], display="name",
                body={"en": f"Comment {k}"}, locale="en", created_at=now - COMMENTS + k,
                thread_contribution_id=contribution))
    Contribution(contribution).update(actions=[Contribution.comment_count.set(COMMENTS)])


def setup(api: Any) -> dict[str, Any]:
    """The community, its modules and people through the API; small data in bulk."""
    from tests.support import create_user

    rng = random.Random(42)
    _, admin = create_user(platform_admin=True, name="Bench Admin")
    community = api.post("/communities", {"name": "Bench city"}, token=admin).json
    project = api.post(f"/communities/{community['id']}/projects", {"title": "Bench"},
                       token=admin).json
    modules: dict[str, dict[str, Any]] = {}
    for name, type_, settings in (("small", "ideas", None), ("big", "ideas", None),
                                  ("map", "map", None),
                                  ("budget", "budget", {"budget_total": 100,
                                                        "max_choices": 3})):
        body: dict[str, Any] = {"type": type_, "title": name, "opens_at": _iso(-86400),
                                "closes_at": _iso(30 * 86400)}
        if settings:
            body["settings"] = settings
        answer = api.post(f"/projects/{project['id']}/modules", body, token=admin)
        assert answer.status_code == 201, answer.json
        modules[name] = answer.json
    authors = _people(AUTHORS)
    small = _seed_contributions(modules["small"], SMALL, authors, rng)
    ideas = _seed_contributions(modules["budget"], 12, authors, rng)
    _seed_comments(small[-1], modules["small"], authors)
    _, reader = create_user(name="Bench Reader")
    _, other = create_user(name="Bench Other Reader")
    return {"modules": modules, "small": small, "ideas": ideas, "reader": reader,
            "other": other, "authors": authors, "rng": rng, "admin": admin,
            "community": community["id"]}


def run(ctx: Any, big: int = BIG) -> None:
    """Writes are measured before the big modules are seeded: their figures do not depend
    on the data's size, and moto copies whole tables in every transaction."""
    api = ctx.api
    world = setup(api)
    modules, reader = world["modules"], world["reader"]

    def ok(answer: Any, listing: bool = False) -> Any:
        assert answer.status_code < 300, answer.json
        assert not listing or answer.json["items"], ("an empty page measures nothing",
                                                     answer.json)
        return answer

    # each write is measured, then made again by someone else on the same target: the
    # partitions both calls write are the path's shared ones (bench.headroom)
    other = world["other"]
    with_comments = world["small"][-1]
    for name, path in ((f"contribution.get@{COMMENTS}", f"/contributions/{with_comments}"),):
        ctx.measure(name, lambda path=path: ok(api.get(path, token=reader)))
        ctx.again(name, lambda path=path: ok(api.get(path, token=other)))
    # A social crawler's link preview (no sign-in): the contribution, then its community.
    def preview() -> Any:
        answer = api.client.http.request("GET", f"/previews/contributions/{with_comments}",
                                         headers={})
        assert answer.status_code == 200, answer.body
        return answer

    ctx.measure("preview.contribution", preview)
    target = world["small"][0]
    for name, path in (("contribution.upvote", f"/contributions/{target}/upvote"),
                       ("contribution.react", f"/contributions/{target}/reactions/clap")):
        ctx.measure(name, lambda path=path: ok(api.put(path, token=reader)))
        ctx.again(name, lambda path=path: ok(api.put(path, token=other)))
    budget, ideas = modules["budget"]["id"], world["ideas"]
    ballot = f"/modules/{budget}/ballot"
    for person in (reader, other):
        ok(api.put(ballot, {"contribution_ids": ideas[:3]}, token=person))
    ctx.measure("budget.ballot", lambda: ok(api.put(
        ballot, {"contribution_ids": ideas[2:5]}, token=reader)))
    ctx.again("budget.ballot", lambda: ok(api.put(
        ballot, {"contribution_ids": ideas[2:5]}, token=other)))

    _take_back_and_members(ctx, world, ok)
    _seed_contributions(modules["big"], big, world["authors"], world["rng"], heads=False)
    _seed_contributions(modules["map"], big, world["authors"], world["rng"], heads=False)
    for name, label in (("small", f"@{SMALL}"), ("big", f"@{big}")):
        mid = modules[name]["id"]
        ctx.measure(f"feed.page{label}",
                    lambda mid=mid: ok(api.get(f"/modules/{mid}/contributions", token=reader),
                                       listing=True))
        ctx.measure(f"feed.latest{label}",
                    lambda mid=mid: ok(api.get(f"/modules/{mid}/contributions?sort=latest"),
                                       listing=True))
    district = f"{CITY[1] - 0.05},{CITY[0] - 0.03},{CITY[1] + 0.05},{CITY[0] + 0.03}"
    map_id = modules["map"]["id"]
    ctx.measure(f"map.bbox@{big}", lambda: ok(api.get(
        f"/modules/{map_id}/contributions?bbox={district}", token=reader), listing=True))


def _take_back_and_members(ctx: Any, world: dict[str, Any], ok: Any) -> None:
    """A comment edited and deleted, a page of members for an admin, and new terms of use:
    published, read, accepted (last: until accepted, the reader's writes wait)."""
    api, reader, admin = ctx.api, world["reader"], world["admin"]
    target = world["small"][0]
    comment = ok(api.post(f"/contributions/{target}/comments", {"body": "Mine"},
                          token=reader)).json["id"]
    ctx.measure("comment.edit", lambda: ok(api.patch(f"/comments/{comment}",
                                                     {"body": "Edited"}, token=reader)))
    ctx.measure("comment.delete", lambda: ok(api.delete(f"/comments/{comment}",
                                                        token=reader)))
    ok(api.post(f"/communities/{world['community']}/join", {}, token=reader))
    ctx.measure("members.list", lambda: ok(api.get(
        f"/communities/{world['community']}/members?role=member", token=admin), listing=True))
    published = ctx.measure("terms.publish", lambda: ok(api.post(
        "/terms", {"text": {"en": "Be kind."}}, token=admin)))
    version = published.json["version"]
    ctx.measure("terms.get", lambda: ok(api.get("/terms")))
    ctx.measure("terms.accept", lambda: ok(api.post("/me/terms/accept", {"version": version},
                                                    token=reader)))
