"""`GET /communities/{cid}/analytics` end to end: activities through the API, the counter
through the queue, the figures through the route. Suppression (the subtraction attack across
modules and days), access, CSV, objection, redelivery, erasure and export."""

from __future__ import annotations

import csv
import io
import json

from tests.api.participation import DAY, world
from tests.support import run_queues


def people(make_user, n: int) -> list[tuple[str, str]]:
    return [make_user() for _ in range(n)]


def later(w, crowd: list[tuple[str, str]], seconds: float) -> list[tuple[str, str]]:
    """Move the clock; everyone signs in again (access tokens are short-lived)."""
    from chalicelib.identity import sessions
    from chalicelib.platform import clock

    clock.advance(seconds)
    w.admin = sessions.start(w.admin_id, platform_admin=True).access_token
    return [(user_id, sessions.start(user_id).access_token) for user_id, _ in crowd]


def figures(api, w, token=None, **params) -> dict:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    answer = api.get(f"/communities/{w.community_id}/analytics?{query}", token=token or w.admin)
    assert answer.status_code == 200, answer.json
    return answer.json


def today(answer: dict) -> dict:
    return answer["days"][-1]


def test_figures_per_day_and_per_module_count_actions_and_people(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas", title="Park")
    crowd = people(make_user, 7)
    ideas = [w.contribute(park, token, title=f"Idea {n}")["id"]
             for n, (_, token) in enumerate(crowd)]
    w.contribute(park, crowd[0][1], title="A second idea")  # 8 ideas from 7 people
    for _, token in crowd[:6]:
        assert api.post(f"/contributions/{ideas[0]}/comments", {"body": "Yes"},
                        token=token).status_code == 201
        assert api.put(f"/contributions/{ideas[0]}/upvote", token=token).status_code == 204
        assert api.put(f"/contributions/{ideas[0]}/reactions/heart",
                       token=token).status_code == 204
        assert api.put(f"/contributions/{ideas[1]}/reactions/clap",
                       token=token).status_code == 204
    run_queues()
    answer = figures(api, w)
    assert answer["k"] == 5 and len(answer["days"]) == 30
    day = today(answer)
    assert day["participants"] == 7
    assert day["contributions"] == 8 and day["comments"] == 6
    assert day["upvotes"] == 6 and day["reactions"] == 12
    assert answer["period"]["contributions"] == 8  # every other day is 0: shown
    assert answer["totals"]["participants"] == 7
    (module,) = answer["modules"]
    assert module["id"] == park and module["title"] == "Park" and module["status"] == "open"
    assert module["participants"] == 7 and module["contributions"] == 8
    top = answer["top_contributions"]
    assert [c["id"] for c in top] == [ideas[0], ideas[1]]
    assert top[0] == {"id": ideas[0], "module_id": park, "title": "Idea 0", "engagement": 18,
                      "upvotes": 6, "comments": 6, "reactions": 6}
    assert "author" not in json.dumps(top)
    module_view = figures(api, w, module=park)
    assert today(module_view)["contributions"] == 8 and module_view["module_id"] == park
    assert module_view["totals"]["participants"] == 7


def test_a_small_module_cannot_be_recovered_from_the_community_figures(api, make_user):
    w = world(api, make_user)
    busy, quiet = w.module("ideas", title="Busy"), w.module("ideas", title="Quiet")
    crowd = people(make_user, 7)
    for _, token in crowd:
        w.contribute(busy, token, title="Busy idea")
    for _, token in crowd[:2]:
        w.contribute(quiet, token, title="Quiet idea")
    run_queues()
    community = figures(api, w)
    assert today(community)["contributions"] == 9
    rows = {m["id"]: m for m in community["modules"]}
    assert rows[quiet]["participants"] is None and rows[busy]["participants"] == 7
    # 9 - busy = quiet: both module figures are hidden, in either view.
    assert rows[busy]["contributions"] is None and rows[quiet]["contributions"] is None
    assert today(figures(api, w, module=busy))["contributions"] is None
    assert today(figures(api, w, module=quiet))["contributions"] is None
    assert community["suppressed"] > 0


def test_a_quiet_day_is_hidden_and_no_range_gives_it_away(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    crowd = people(make_user, 6)
    for _, token in crowd:
        w.contribute(park, token, title="Idea")
    crowd = later(w, crowd, DAY)
    for _, token in crowd[:2]:
        w.contribute(park, token, title="Idea")
    crowd = later(w, crowd, DAY)
    for _, token in crowd:
        w.contribute(park, token, title="Idea")
    run_queues()
    answer = figures(api, w)
    series = [d["contributions"] for d in answer["days"][-3:]]
    assert series == [6, None, 6]
    assert [d["participants"] for d in answer["days"][-3:]] == [6, None, 6]
    assert answer["period"]["contributions"] is None
    days = [d["date"] for d in answer["days"][-3:]]
    before = figures(api, w, **{"from": days[0], "to": days[0]})
    after = figures(api, w, **{"from": days[2], "to": days[2]})
    both = figures(api, w, **{"from": days[0], "to": days[2]})
    assert before["period"]["contributions"] == 6 and after["period"]["contributions"] == 6
    assert both["period"]["contributions"] is None  # 12 + the quiet day would be shown


def test_small_communities_show_no_figure_from_few_people(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    for _, token in people(make_user, 3):
        w.contribute(park, token, title="Idea")
        api.put(f"/communities/{w.community_id}/follow", token=token)
    run_queues()
    answer = figures(api, w)
    day = today(answer)
    assert day["participants"] is None and day["contributions"] is None
    assert day["followers"] is None and answer["totals"]["followers"] is None
    assert answer["totals"]["participants"] is None
    assert answer["modules"][0]["participants"] is None
    assert answer["top_contributions"] == []


def test_followers_over_time(api, make_user):
    w = world(api, make_user)
    crowd = people(make_user, 8)
    for _, token in crowd[:6]:
        assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    crowd = later(w, crowd, DAY)
    for _, token in crowd[6:]:
        api.put(f"/communities/{w.community_id}/follow", token=token)
    api.delete(f"/communities/{w.community_id}/follow", token=crowd[0][1])
    crowd = later(w, crowd, DAY)
    run_queues()
    answer = figures(api, w)
    assert [d["followers"] for d in answer["days"][-3:]] == [6, 7, 7]
    assert answer["totals"]["followers"] == 7
    earlier = figures(api, w, **{"to": answer["days"][-3]["date"]})
    assert today(earlier)["followers"] == 6


def test_questionnaire_tallies_leave_objectors_out(api, make_user):
    w = world(api, make_user)
    survey = w.module("questionnaire")
    question = api.post(f"/modules/{survey}/questions", {
        "prompt": "Which day?", "kind": "single_choice", "options": ["Sat", "Sun"]},
        token=w.admin).json["id"]
    crowd = people(make_user, 12)
    objector = make_user()
    api.put("/me/restrictions", {"analytics": True}, token=objector[1])
    for n, (_, token) in enumerate([*crowd, objector]):
        choice = "Sat" if n < 6 else "Sun"
        assert api.post(f"/modules/{survey}/responses", {"answers": {question: choice}},
                        token=token).status_code == 201
    run_queues()
    public = api.get(f"/modules/{survey}/results", token=w.admin).json
    assert public["responses"] == 13  # the consultation's result counts every response
    answer = figures(api, w, module=survey)
    tallies = answer["questionnaire"]
    assert tallies["responses"] == 12  # analytics leave the objector out
    (q,) = tallies["questions"]
    assert [(o["option"], o["count"]) for o in q["options"]] == [("Sat", 6), ("Sun", 6)]
    assert q["answered"] == 12 and q["no_answer"] == 0
    assert today(answer)["responses"] == 12


def test_budget_tallies_per_idea(api, make_user):
    w = world(api, make_user)
    budget = w.module("budget", settings={"budget_total": 100, "max_choices": 2})
    _, proposer = make_user()
    ideas = [w.contribute(budget, proposer, title=f"Idea {n}", cost=10)["id"]
             for n in range(3)]
    voters = people(make_user, 8)
    for n, (_, token) in enumerate(voters):
        choice = [ideas[0], ideas[1]] if n < 6 else [ideas[0], ideas[2]]
        assert api.put(f"/modules/{budget}/ballot", {"contribution_ids": choice},
                       token=token).status_code == 200
    # One voter changes their mind: the tallies follow the ballot.
    api.put(f"/modules/{budget}/ballot", {"contribution_ids": [ideas[1]]}, token=voters[7][1])
    run_queues()
    tallies = figures(api, w, module=budget)["budget"]
    assert tallies["ballots"] == 8
    votes = {i["id"]: i["votes"] for i in tallies["ideas"]}
    # idea 0: 7 of 8 (1 did not choose it: hidden); idea 1: 7 of 8 hidden too; idea 2: 1.
    assert votes == {ideas[0]: None, ideas[1]: None, ideas[2]: None}
    more = people(make_user, 5)
    for _, token in more:
        api.put(f"/modules/{budget}/ballot", {"contribution_ids": [ideas[2]]}, token=token)
    run_queues()
    tallies = figures(api, w, module=budget)["budget"]
    votes = {i["id"]: i["votes"] for i in tallies["ideas"]}
    assert tallies["ballots"] == 13
    assert votes == {ideas[0]: 7, ideas[1]: 7, ideas[2]: 6}


# ---- access -------------------------------------------------------------------------------

def test_only_the_communitys_admins_and_platform_admins_see_analytics(api, make_user):
    w = world(api, make_user, visibility="private")
    path = f"/communities/{w.community_id}/analytics"
    outsider_id, outsider = make_user()
    member_id, member = make_user()
    moderator_id, moderator = make_user()
    admin_id, admin = make_user()
    for user_id, role in ((member_id, "member"), (moderator_id, "moderator"),
                          (admin_id, "admin")):
        assert api.put(f"/communities/{w.community_id}/members/{user_id}", {"role": role},
                       token=w.admin).status_code == 204
    _, platform = make_user(platform_admin=True)
    assert api.get(path).status_code == 401
    assert api.get(path, token=outsider).status_code == 404  # private: it does not exist
    assert api.get(path, token=member).status_code == 403
    assert api.get(path, token=moderator).json["code"] == "not_admin"
    assert api.get(path, token=admin).status_code == 200
    assert api.get(path, token=platform).status_code == 200
    # An admin of another community is an outsider here.
    other = world(api, make_user)
    assert api.get(path, token=other.admin).status_code == 200  # a platform admin
    api.put(f"/communities/{other.community_id}/members/{outsider_id}", {"role": "admin"},
            token=other.admin)
    assert api.get(path, token=outsider).status_code == 404
    public = world(api, make_user)
    assert api.get(f"/communities/{public.community_id}/analytics",
                   token=outsider).status_code == 403
    unknown = "/communities/01ARZ3NDEKTSV4RRFFQ69G5FAV/analytics"
    assert api.get(unknown, token=platform).status_code == 404


def test_bad_queries_are_400s_naming_the_field(api, make_user):
    w = world(api, make_user)
    other = world(api, make_user)
    foreign = other.module("ideas")
    base = f"/communities/{w.community_id}/analytics"
    cases = {"?from=2024-13-01": "from", "?from=2024-05-02&to=2024-05-01": "from",
             "?from=2020-01-01&to=2024-01-01": "to", f"?module={foreign}": "module",
             "?module=01ARZ3NDEKTSV4RRFFQ69G5FAV": "module", "?format=xlsx": "format",
             "?module=a.b": "module"}
    for query, field in cases.items():
        answer = api.get(base + query, token=w.admin)
        assert answer.status_code == 400, (query, answer.json)
        assert answer.json["errors"][0]["field"] == field, (query, answer.json)


# ---- CSV ----------------------------------------------------------------------------------

def test_csv_downloads_the_same_figures(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas", title="=HYPERLINK(\"http://evil.example\",\"Park\")")
    crowd = people(make_user, 6)
    for _, token in crowd:
        w.contribute(park, token, title="+1 for trees")
        api.put(f"/communities/{w.community_id}/follow", token=token)
    run_queues()
    answer = figures(api, w)
    raw = api.client.http.get(f"/communities/{w.community_id}/analytics?format=csv",
                              headers={"Authorization": f"Bearer {w.admin}"})
    assert raw.status_code == 200
    assert raw.headers["Content-Type"].startswith("text/csv")
    assert raw.headers["Content-Disposition"].startswith("attachment; filename=\"analytics-")
    assert raw.headers["X-Robots-Tag"] == "noindex, nofollow"
    rows = list(csv.DictReader(io.StringIO(raw.body.decode())))
    daily = {(r["date"], r["measure"]): r["value"] for r in rows if r["section"] == "daily"}
    for day in answer["days"]:
        for name in ("participants", "contributions", "followers"):
            assert daily[(day["date"], name)] == ("" if day[name] is None else str(day[name]))
    modules = [r for r in rows if r["section"] == "modules"]
    assert {r["module"] for r in modules} == {"'=HYPERLINK(\"http://evil.example\",\"Park\")"}
    tops = [r for r in rows if r["section"] == "top_contributions"]
    assert all(not r["option"].startswith(("=", "+", "-", "@")) for r in rows)
    assert not tops  # 6 ideas with no engagement: none listed
    suppressed = [r for r in rows if r["suppressed"] == "yes"]
    assert all(r["value"] == "" for r in suppressed)


# ---- objection, redelivery, erasure, export ---------------------------------------------------

def test_an_objection_stops_counting_from_that_moment(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    crowd = people(make_user, 6)
    for _, token in crowd:
        w.contribute(park, token, title="Idea")
    run_queues()
    objector = crowd[0][1]
    assert api.put("/me/restrictions", {"analytics": True}, token=objector).status_code == 200
    crowd = later(w, crowd, DAY)
    extra = people(make_user, 1)
    for _, token in [*crowd, *extra]:
        w.contribute(park, token, title="Idea")
    run_queues()
    answer = figures(api, w)
    yesterday, day = answer["days"][-2], answer["days"][-1]
    assert yesterday["contributions"] == 6  # counted before the objection: stays
    assert day["contributions"] == 6 and day["participants"] == 6  # 7 wrote; 1 objected
    assert answer["totals"]["participants"] == 7  # the objector was counted before


def test_a_redelivered_activity_counts_once(api, make_user):
    from chalicelib.platform import clock
    from chalicelib.platform.aws import queues

    w = world(api, make_user)
    park = w.module("ideas")
    crowd = people(make_user, 5)
    for _, token in crowd:
        w.contribute(park, token, title="Idea")
    run_queues()
    repeat = {"kind": "contribution", "id": "one-activity", "community_id": w.community_id,
              "module_id": park, "user_id": crowd[0][0], "at": clock.now()}
    for _ in range(3):
        queues.publish(queues.ANALYTICS, repeat)
    run_queues()
    assert today(figures(api, w))["contributions"] == 6
    assert today(figures(api, w))["participants"] == 5


def test_erasure_forgets_the_person_but_not_the_counts(api, make_user):
    from chalicelib.analytics.analytics_tables import AnalyticsMark
    from chalicelib.communities.demographic_tables import DemographicAnswers

    w = world(api, make_user)
    park = w.module("ideas")
    api.put(f"/communities/{w.community_id}/demographics", {"questions": [
        {"prompt": "Age", "options": ["young", "old"]}]}, token=w.admin)
    crowd = people(make_user, 6)
    for _, token in crowd:
        w.contribute(park, token, title="Idea")
        api.put(f"/communities/{w.community_id}/follow", token=token)
        api.put(f"/communities/{w.community_id}/demographics/me", {"skip": True}, token=token)
    run_queues()
    leaving_id, leaving = crowd[0]
    assert list(AnalyticsMark.query(leaving_id))
    assert api.delete("/me", {}, token=leaving).status_code == 202
    run_queues()
    assert not list(AnalyticsMark.query(leaving_id))
    assert not list(DemographicAnswers.query(leaving_id))
    from chalicelib.platform.aws.clients import client

    for table in ("analytics", "analytics_marks", "demographic_answers",
                  "demographic_questions"):
        items = client("dynamodb").scan(TableName=f"agora-test-{table}")["Items"]
        assert leaving_id not in json.dumps(items), table
    answer = figures(api, w)
    assert answer["totals"]["participants"] == 6  # counts stay, linked to nobody
    assert answer["totals"]["followers"] == 5     # but they no longer follow


def test_the_export_holds_the_answers_and_the_markers(api, make_user):
    from chalicelib.privacy import export

    w = world(api, make_user)
    park = w.module("ideas")
    api.put(f"/communities/{w.community_id}/demographics", {"questions": [
        {"prompt": "Area", "options": ["North", "South"]}]}, token=w.admin)
    user_id, token = make_user()
    w.contribute(park, token, title="Idea")
    api.put(f"/communities/{w.community_id}/demographics/me",
            {"answers": {api.get(f"/communities/{w.community_id}/demographics").json[
                "questions"][0]["id"]: "South"}}, token=token)
    run_queues()
    document = export.build_document(user_id)
    (answers,) = document["demographics"]
    assert answers["community_id"] == w.community_id
    assert answers["answers"][0]["question"] == "Area"
    assert answers["answers"][0]["answer"] == "South"
    analytics = document["analytics"]
    assert {p["module_id"] for p in analytics["participations"]} == {None, park}
    assert analytics["active_days"] and analytics["activities_counted"] == 1
