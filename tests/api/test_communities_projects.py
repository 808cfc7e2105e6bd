"""Projects and modules inside communities."""

from __future__ import annotations

from tests.api.participation import DAY, iso, world


def test_admins_create_and_edit_projects_and_modules(api, make_user):
    from tests.api.test_communities import queued

    w = world(api, make_user)
    _, person = make_user()
    cid, pid = w.community_id, w.project_id
    assert api.post(f"/communities/{cid}/projects", {"title": "Mine"},
                    token=person).status_code == 403
    answer = api.patch(f"/projects/{pid}", {"description": {"en": "<p>Green <i>spaces</i></p>"}},
                       token=w.admin)
    assert answer.status_code == 200 and answer.json["description"] == "<p>Green <i>spaces</i></p>"
    assert [p["id"] for p in api.get(f"/communities/{cid}/projects").json["items"]] == [pid]
    queued()
    mid = w.module("budget", settings={"budget_total": 1000, "max_choices": 2})
    module = api.get(f"/modules/{mid}").json
    assert module["status"] == "open" and module["settings"] == {
        "budget_total": 1000, "min_choices": 1, "max_choices": 2, "results": "after_close"}
    assert api.get(f"/projects/{pid}").json["module_count"] == 1
    opened = [e for e in queued() if e["kind"] == "module.opened"]
    assert len(opened) == 1 and opened[0]["audience"] == {  # each follower once (issue 18)
        "following": {"community": cid, "project": pid, "module": mid}}
    assert opened[0]["subject"] == {"type": "module", "id": mid}
    answer = api.patch(f"/modules/{mid}", {"closes_at": iso(-2 * DAY)}, token=w.admin)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "closes_at"
    answer = api.patch(f"/modules/{mid}", {"title": {"fr": "Budget"}, "closes_at": iso(DAY)},
                       token=w.admin)
    assert answer.status_code == 200 and answer.json["translations"]["title"] == {
        "en": "A module", "fr": "Budget"}
    assert api.patch(f"/modules/{mid}", {"title": "x"}, token=person).status_code == 403
    assert [m["id"] for m in api.get(f"/projects/{pid}/modules").json["items"]] == [mid]


def test_module_settings_are_checked_per_type(api, make_user):
    w = world(api, make_user)
    path = f"/projects/{w.project_id}/modules"
    base = {"title": "m", "opens_at": iso(), "closes_at": iso(DAY)}
    cases = [({"type": "budget"}, "settings.budget_total"),
             ({"type": "ideas", "settings": {"budget_total": 5}}, "settings.budget_total"),
             ({"type": "vote"}, "type"),
             ({"type": "ideas", "opens_at": "2030-01-01T00:00:00"}, "opens_at"),
             ({"type": "ideas", "closes_at": iso(-DAY)}, "closes_at"),
             ({"type": "ideas", "settings": {"results": "never"}}, "settings.results")]
    for extra, field in cases:
        answer = api.post(path, {**base, **extra}, token=w.admin)
        assert answer.status_code == 400, (extra, answer.json)
        assert answer.json["errors"][0]["field"] == field, (extra, answer.json)


def test_budget_rules_freeze_once_ballots_are_cast(api, make_user):
    w = world(api, make_user)
    mid = w.module("budget", settings={"budget_total": 100})
    _, voter = make_user()
    idea = w.contribute(mid, voter, title="Bench", cost=10)["id"]
    assert api.patch(f"/modules/{mid}", {"settings": {"budget_total": 200}},
                     token=w.admin).status_code == 200
    assert api.put(f"/modules/{mid}/ballot", {"contribution_ids": [idea]},
                   token=voter).status_code == 200
    answer = api.patch(f"/modules/{mid}", {"settings": {"budget_total": 50}}, token=w.admin)
    assert answer.status_code == 409 and answer.json["code"] == "ballots_exist"
    assert api.patch(f"/modules/{mid}", {"settings": {"results": "public"}},
                     token=w.admin).status_code == 200
