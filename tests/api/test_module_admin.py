"""Administration of modules: opening, closing and publishing results."""

from __future__ import annotations

from tests.api.participation import DAY, iso, world


def test_closing_stops_participation_at_once_and_reopening_needs_a_new_end(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    _, member = make_user()
    assert api.post(f"/modules/{park}/close", token=member).status_code == 403
    closed = api.post(f"/modules/{park}/close", token=w.admin)
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    answer = api.post(f"/modules/{park}/contributions", {"title": "Late", "body": "x"},
                      token=member)
    assert answer.status_code == 422 and answer.json["code"] == "module_closed"
    assert api.post(f"/modules/{park}/close", token=w.admin).json["status"] == "closed"
    reopen = api.post(f"/modules/{park}/open", {}, token=w.admin)
    assert reopen.status_code == 400 and reopen.json["errors"][0]["field"] == "closes_at"
    past = api.post(f"/modules/{park}/open", {"closes_at": iso(-60)}, token=w.admin)
    assert past.status_code == 400
    reopened = api.post(f"/modules/{park}/open", {"closes_at": iso(7 * DAY)}, token=w.admin)
    assert reopened.status_code == 200 and reopened.json["status"] == "open"
    assert api.post(f"/modules/{park}/contributions", {"title": "Now", "body": "x"},
                    token=member).status_code == 201


def test_an_upcoming_module_opens_early_or_never(api, make_user):
    w = world(api, make_user)
    later = w.module("ideas", opens=2 * DAY, closes=9 * DAY)
    before = api.get(f"/modules/{later}").json
    assert before["status"] == "upcoming"
    opened = api.post(f"/modules/{later}/open", token=w.admin).json
    assert opened["status"] == "open" and opened["closes_at"] == before["closes_at"]
    other = w.module("ideas", opens=2 * DAY, closes=9 * DAY)
    assert api.post(f"/modules/{other}/close", token=w.admin).json["status"] == "closed"


def test_results_answer_once_published_or_by_the_modules_rule(api, make_user):
    w = world(api, make_user)
    secret = w.module("questionnaire", settings={"results": "admins"})
    survey = w.module("questionnaire")  # after_close by default
    _, visitor = make_user()
    for module in (secret, survey):
        assert api.get(f"/modules/{module}/results", token=visitor).status_code == 403
        assert api.get(f"/modules/{module}/results", token=w.admin).status_code == 200
    assert api.get(f"/modules/{secret}").json["results_public"] is False
    published = api.post(f"/modules/{secret}/results/publish", token=w.admin)
    assert published.status_code == 200 and published.json["results_published_at"]
    assert published.json["results_public"] is True
    assert api.get(f"/modules/{secret}/results", token=visitor).status_code == 200
    assert api.get(f"/modules/{secret}/results").status_code == 200
    assert api.post(f"/modules/{secret}/results/publish", token=visitor).status_code == 403
    withdrawn = api.post(f"/modules/{secret}/results/unpublish", token=w.admin).json
    assert withdrawn["results_published_at"] is None
    assert api.get(f"/modules/{secret}/results", token=visitor).status_code == 403
    # after_close: public once the module closes.
    api.post(f"/modules/{survey}/close", token=w.admin)
    assert api.get(f"/modules/{survey}/results", token=visitor).status_code == 200


def test_a_private_communitys_modules_are_404_to_outsiders_here_too(api, make_user):
    w = world(api, make_user, visibility="private")
    park = w.module("ideas")
    _, outsider = make_user()
    for path in (f"/modules/{park}/open", f"/modules/{park}/close",
                 f"/modules/{park}/results/publish", f"/modules/{park}/results/unpublish"):
        assert api.post(path, token=outsider).status_code == 404, path


def test_a_map_starts_where_its_admin_centres_it(api, make_user):
    w = world(api, make_user)
    centre = {"lat": 45.7640001234, "lon": 4.8357, "zoom": 13}
    plan = w.module("map", settings={"center": centre})
    shown = api.get(f"/modules/{plan}").json["settings"]["center"]
    assert shown == {"lat": 45.7640001, "lon": 4.8357, "zoom": 13}
    moved = api.patch(f"/modules/{plan}", {"settings": {"center": {**centre, "zoom": 15}}},
                      token=w.admin)
    assert moved.status_code == 200 and moved.json["settings"]["center"]["zoom"] == 15
    assert moved.json["settings"]["results"] == "public"  # the other settings stay
    tiny = api.patch(f"/modules/{plan}", {"settings": {"center": {**centre, "lat": 1e-300}}},
                     token=w.admin)
    assert tiny.status_code == 200 and tiny.json["settings"]["center"]["lat"] == 0.0
    for module_type, bad, field in (("ideas", centre, "settings.center"),
                                    ("map", {**centre, "lat": 91}, "settings.center.lat"),
                                    ("map", {**centre, "zoom": 30}, "settings.center.zoom")):
        body = {"type": module_type, "title": "x", "opens_at": iso(-60), "closes_at": iso(DAY),
                "settings": {"center": bad}}
        refused = api.post(f"/projects/{w.project_id}/modules", body, token=w.admin)
        assert refused.status_code == 400, refused.json
        assert refused.json["errors"][0]["field"] == field
