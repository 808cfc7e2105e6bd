"""Issue 18 item 2: following a project or a module, not only a community. Follows are
idempotent (204), invisible targets answer 404, `GET /me/follows` lists the three kinds,
their news, openings and results reach each follower once, and follows end when sight of
the community is lost."""

from __future__ import annotations

from typing import Any

from tests.api.participation import DAY, iso, world
from tests.notify_support import run_pipeline


def _titles(api: Any, token: str) -> list[str]:
    return sorted(f"{n['kind']} {n['title']}"
                  for n in api.get("/me/notifications", token=token).json["items"])


def test_follows_are_idempotent_and_listed_with_their_kind_and_title(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas", title="Benches")
    _, token = make_user("fan@people.test", name="Fay Fan")
    for path in (f"/communities/{w.community_id}/follow", f"/projects/{w.project_id}/follow",
                 f"/modules/{mid}/follow"):
        for _ in range(2):
            assert api.put(path, token=token).status_code == 204
    items = api.get("/me/follows", token=token).json["items"]
    assert (items[0]["kind"], items[0]["id"], items[0]["title"]) == (
        "community", w.community_id, "Riverside")  # communities first, then the others
    assert sorted((i["kind"], i["id"], i["title"]) for i in items[1:]) == [
        ("module", mid, "Benches"), ("project", w.project_id, "Parks")]
    page = api.get("/me/follows?limit=2", token=token).json
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = api.get(f"/me/follows?limit=2&cursor={page['next_cursor']}", token=token).json
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    for path in (f"/projects/{w.project_id}/follow", f"/modules/{mid}/follow"):
        for _ in range(2):
            assert api.delete(path, token=token).status_code == 204
    assert [i["kind"] for i in api.get("/me/follows", token=token).json["items"]] == [
        "community"]


def test_a_project_and_a_module_say_whether_the_caller_follows_them(api, make_user):
    """`viewer.following`, read in the scope's own BatchGetItem: no call more than before."""
    from bench import counting
    from tests.api.test_contributions_calls import _count_from_now_on

    w = world(api, make_user)
    mid = w.module("ideas")
    _, token = make_user()
    project, module = f"/projects/{w.project_id}", f"/modules/{mid}"
    assert api.get(project, token=token).json["viewer"] == {"following": False}
    assert api.get(module, token=token).json["viewer"]["following"] is False
    assert api.get(project).json.get("viewer") is None  # a visitor
    assert api.put(f"{project}/follow", token=token).status_code == 204
    assert api.put(f"{module}/follow", token=token).status_code == 204
    _count_from_now_on()
    with counting.counting() as calls:
        assert api.get(project, token=token).json["viewer"] == {"following": True}
    # the session, the project, one BatchGetItem (community, membership, the follow)
    assert counting.figures(calls)["dynamodb"] <= 3, counting.figures(calls)
    assert api.get(module, token=token).json["viewer"]["following"] is True
    assert api.delete(f"{module}/follow", token=token).status_code == 204
    assert api.get(module, token=token).json["viewer"]["following"] is False


def test_what_the_caller_cannot_see_answers_404(api, make_user):
    w = world(api, make_user, visibility="private")
    mid = w.module("ideas")
    _, token = make_user("out@people.test", name="Olive Outsider")
    for path in (f"/projects/{w.project_id}/follow", f"/modules/{mid}/follow",
                 "/projects/NOPE/follow", "/modules/NOPE/follow"):
        assert api.put(path, token=token).status_code == 404, path
        assert api.delete(path, token=token).status_code == 404, path
    assert api.put(f"/modules/{mid}/follow").status_code == 401


def test_each_follower_hears_once_of_openings_news_and_results(api, make_user):
    w = world(api, make_user)
    all_three = make_user("all@people.test", name="Al All")
    project_only = make_user("project@people.test", name="Pia Project")
    module_only = make_user("module@people.test", name="Mo Module")
    upcoming = w.module("ideas", title="Benches", opens=-1, closes=30 * DAY)
    run_pipeline()  # its opening was announced before anyone followed
    for path in (f"/communities/{w.community_id}/follow", f"/projects/{w.project_id}/follow",
                 f"/modules/{upcoming}/follow"):
        assert api.put(path, token=all_three[1]).status_code == 204
    api.put(f"/projects/{w.project_id}/follow", token=project_only[1])
    api.put(f"/modules/{upcoming}/follow", token=module_only[1])
    w.module("ideas", title="Trees")  # opens at once: community and project followers hear
    assert api.post(f"/communities/{w.community_id}/updates",
                    {"title": "Park news", "body": "b", "project_id": w.project_id},
                    token=w.admin).status_code == 201
    assert api.post(f"/modules/{upcoming}/results/publish", token=w.admin).status_code == 200
    assert api.post(f"/modules/{upcoming}/results/publish", token=w.admin).status_code == 200
    run_pipeline()
    heard = ["community.update Park news", "module.opened Trees", "module.results Benches"]
    assert _titles(api, all_three[1]) == heard  # each once, though followed three ways
    assert _titles(api, project_only[1]) == heard
    assert _titles(api, module_only[1]) == ["module.results Benches"]


def test_news_naming_another_communitys_project_is_refused(api, make_user):
    w = world(api, make_user)
    other = world(api, make_user)
    answer = api.post(f"/communities/{w.community_id}/events",
                      {"title": "Walk", "starts_at": iso(DAY), "ends_at": iso(DAY + 60),
                       "project_id": other.project_id}, token=w.admin)
    assert answer.status_code == 400
    assert answer.json["errors"][0]["field"] == "project_id"


def test_follows_end_when_sight_of_the_community_is_lost(api, make_user):
    w = world(api, make_user)
    mid = w.module("ideas")
    outsider = make_user("out@people.test", name="Olive Outsider")
    member_id, member = make_user("in@people.test", name="Mia Member")
    assert api.post(f"/communities/{w.community_id}/join", {}, token=member).status_code \
        in (200, 201)
    for _, token in (outsider, (member_id, member)):
        assert api.put(f"/projects/{w.project_id}/follow", token=token).status_code == 204
        assert api.put(f"/modules/{mid}/follow", token=token).status_code == 204
    assert api.patch(f"/communities/{w.community_id}", {"visibility": "private"},
                     token=w.admin).status_code == 200
    assert api.get("/me/follows", token=outsider[1]).json["items"] == []
    assert len(api.get("/me/follows", token=member).json["items"]) == 2
    assert api.delete(f"/communities/{w.community_id}/members/{member_id}",
                      token=w.admin).status_code == 204
    from chalicelib.communities.target_follow_tables import TargetFollow

    assert list(TargetFollow.by_user.query(member_id)) == []
    assert list(TargetFollow.by_user.query(outsider[0])) == []
