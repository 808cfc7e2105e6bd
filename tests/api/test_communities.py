"""Communities: creation, customisation, private access, membership, follows."""

from __future__ import annotations

import json

from tests.api.participation import world


def queued() -> list[dict]:
    """Every notification event queued so far (drains the queue)."""
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import queue_name

    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=queue_name("notify"))["QueueUrl"]
    bodies = []
    while True:
        answer = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)
        messages = answer.get("Messages", [])
        if not messages:
            break
        bodies += [json.loads(m["Body"]) for m in messages]
    return bodies


def test_only_platform_admins_create_communities(api, make_user):
    _, token = make_user()
    answer = api.post("/communities", {"name": "Mine"}, token=token)
    assert answer.status_code == 403
    _, admin = make_user(platform_admin=True)
    answer = api.post("/communities", {"name": "Town", "languages": ["fr", "en"],
                                       "default_locale": "fr"}, token=admin)
    assert answer.status_code == 201
    body = answer.json
    assert body["name"] == "Town" and body["viewer"]["role"] == "admin"
    assert body["member_count"] == 1 and body["default_locale"] == "fr"


def test_bad_community_input_is_a_400_naming_the_field(api, make_user):
    _, admin = make_user(platform_admin=True)
    cases = [({"name": ""}, "name"), ({"name": {"xx": "Hi"}}, "name.xx"),
             ({"name": "A", "languages": ["en"], "default_locale": "fr"}, "default_locale"),
             ({"name": "A", "visibility": "secret"}, "visibility"),
             ({"name": "<script>alert(1)</script>"}, "name")]
    for body, field in cases:
        answer = api.post("/communities", body, token=admin)
        assert answer.status_code == 400, (body, answer.json)
        assert answer.json["errors"][0]["field"].startswith(field), (body, answer.json)


def test_answers_pick_the_callers_locale_and_say_which(api, make_user):
    w = world(api, make_user, languages=["en", "fr"])
    cid = w.community_id
    assert api.get(f"/communities/{cid}", headers={"Accept-Language": "fr-FR"}).json[
        "name"] == "Bord de rivière"
    answer = api.get(f"/communities/{cid}", headers={"Accept-Language": "de, en;q=0.5"}).json
    assert answer["name"] == "Riverside" and answer["locale"] == "en"
    _, french = make_user(locale="fr")
    answer = api.get(f"/communities/{cid}", token=french,
                     headers={"Accept-Language": "en"}).json  # the profile wins
    assert answer["name"] == "Bord de rivière" and answer["locale"] == "fr"


def test_admins_customise_a_community(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    answer = api.patch(f"/communities/{cid}", {
        "description": {"en": "<p>Our <b>river</b><script>x()</script></p>"},
        "languages": ["en", "de"], "flag_threshold": 5, "name": {"de": "Flussufer"}},
        token=w.admin)
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["description"] == "<p>Our <b>river</b></p>"
    assert body["languages"] == ["en", "de"] and body["flag_threshold"] == 5
    assert body["translations"]["name"] == {"en": "Riverside", "fr": "Bord de rivière",
                                            "de": "Flussufer"}
    _, member = make_user()
    api.post(f"/communities/{cid}/join", {}, token=member)
    answer = api.patch(f"/communities/{cid}", {"flag_threshold": 1}, token=member)
    assert answer.status_code == 403
    public = api.get(f"/communities/{cid}").json
    assert "flag_threshold" not in public and "translations" not in public


def test_a_private_community_is_404_to_outsiders_everywhere(api, make_user):
    w = world(api, make_user, visibility="private")
    cid, pid = w.community_id, w.project_id
    mid = w.module("ideas")
    _, insider = make_user(name="Insider")
    api.put(f"/communities/{cid}/members/{make_user_id(api, insider)}", {"role": "member"},
            token=w.admin)
    contribution = w.contribute(mid, insider, title="Secret idea")["id"]
    _, outsider = make_user(name="Outsider")
    paths = [f"/communities/{cid}", f"/communities/{cid}/projects", f"/projects/{pid}",
             f"/projects/{pid}/modules", f"/modules/{mid}", f"/modules/{mid}/contributions",
             f"/contributions/{contribution}", f"/contributions/{contribution}/comments",
             f"/communities/{cid}/updates", f"/communities/{cid}/events",
             f"/modules/{mid}/results", f"/opendata/communities/{cid}/contributions",
             f"/opendata/communities/{cid}/export"]
    for token in (None, outsider):
        for path in paths:
            answer = api.get(path, token=token)
            assert answer.status_code == 404, (path, answer.status_code)
        for method, path, body in [
                ("PUT", f"/contributions/{contribution}/upvote", None),
                ("PUT", f"/contributions/{contribution}/favorite", None),
                ("POST", f"/contributions/{contribution}/comments", {"body": "hi"}),
                ("POST", f"/modules/{mid}/contributions", {"body": "hi", "title": "t"}),
                ("PUT", f"/communities/{cid}/follow", None)]:
            answer = api.call(method, path, body, token=token or "")
            assert answer.status_code in ((401,) if token is None else (404,)), (method, path)
    listed = api.get("/communities", token=outsider).json["items"]
    assert cid not in [c["id"] for c in listed]
    assert cid not in [c["id"] for c in api.get("/opendata/communities").json["items"]]
    # The insider and the platform admin see it.
    assert api.get(f"/contributions/{contribution}", token=insider).status_code == 200
    assert cid in [c["id"] for c in api.get("/communities", token=insider).json["items"]]
    assert api.get(f"/modules/{mid}/contributions", token=w.admin).status_code == 200


def make_user_id(api, token: str) -> str:
    from chalicelib.identity import access_tokens as tokens
    from chalicelib.platform.aws.secrets import secret

    return tokens.decode_access(token, key=secret("jwt_signing_key"))["sub"]


def test_the_access_code_lets_people_join_and_rotates(api, make_user):
    w = world(api, make_user, visibility="private")
    cid = w.community_id
    _, person = make_user()
    assert api.post(f"/communities/{cid}/join", {"access_code": "NOPE-NOPE-NOPE"},
                    token=person).status_code == 404
    answer = api.post(f"/communities/{cid}/access-code", token=w.admin)
    assert answer.status_code == 201
    code = answer.json["access_code"]
    from chalicelib.communities.community_tables import Community

    stored = Community.get(cid).access_code_hash
    assert stored and code not in stored and code.replace("-", "") not in stored
    newer = api.post(f"/communities/{cid}/access-code", token=w.admin).json["access_code"]
    assert api.post(f"/communities/{cid}/join", {"access_code": code},
                    token=person).status_code == 404  # the old code stopped working
    answer = api.post(f"/communities/{cid}/join", {"access_code": newer.lower()}, token=person)
    assert answer.status_code == 200 and answer.json["role"] == "member"
    assert api.get(f"/communities/{cid}", token=person).json["viewer"]["role"] == "member"
    assert api.post(f"/communities/{cid}/access-code", token=person).status_code == 403
    assert api.get(f"/communities/{cid}", token=w.admin).json["member_count"] == 2


def test_roles_are_set_by_admins_and_the_last_admin_stays(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    person_id, person = make_user()
    assert api.put(f"/communities/{cid}/members/{person_id}", {"role": "moderator"},
                   token=person).status_code == 403
    assert api.put(f"/communities/{cid}/members/{person_id}", {"role": "admin"},
                   token=w.admin).status_code == 204
    assert api.put(f"/communities/{cid}/members/UNKNOWN", {"role": "admin"},
                   token=w.admin).status_code == 404
    assert api.put(f"/communities/{cid}/members/{person_id}", {"role": "owner"},
                   token=w.admin).status_code == 400
    # The new admin removes the first one; then cannot leave as the last admin.
    assert api.delete(f"/communities/{cid}/members/{w.admin_id}",
                      token=person).status_code == 204
    answer = api.delete(f"/communities/{cid}/members/{person_id}", token=person)
    assert answer.status_code == 409 and answer.json["code"] == "last_admin"
    answer = api.put(f"/communities/{cid}/members/{person_id}", {"role": "member"},
                     token=person)
    assert answer.status_code == 409
    community = api.get(f"/communities/{cid}", token=person).json
    assert community["viewer"]["role"] == "admin" and community["member_count"] == 1


def test_follow_and_unfollow_are_idempotent_and_counted(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    _, person = make_user()
    for _ in range(2):
        assert api.put(f"/communities/{cid}/follow", token=person).status_code == 204
    community = api.get(f"/communities/{cid}", token=person).json
    assert community["follower_count"] == 1 and community["viewer"]["following"] is True
    follows = api.get("/me/follows", token=person).json["items"]
    assert [c["id"] for c in follows] == [cid]
    for _ in range(2):
        assert api.delete(f"/communities/{cid}/follow", token=person).status_code == 204
    assert api.get(f"/communities/{cid}").json["follower_count"] == 0
    assert api.get("/me/follows", token=person).json["items"] == []


def test_leaving_a_private_community_ends_the_follow(api, make_user):
    w = world(api, make_user, visibility="private")
    cid = w.community_id
    person_id, person = make_user()
    api.put(f"/communities/{cid}/members/{person_id}", {"role": "member"}, token=w.admin)
    api.put(f"/communities/{cid}/follow", token=person)
    assert api.delete(f"/communities/{cid}/members/{person_id}", token=person).status_code == 204
    assert api.get(f"/communities/{cid}", token=person).status_code == 404
    assert api.get("/me/follows", token=person).json["items"] == []
    assert api.get(f"/communities/{cid}", token=w.admin).json["follower_count"] == 0


def test_updates_and_events_reach_the_notification_queue(api, make_user):
    w = world(api, make_user)
    cid = w.community_id
    _, person = make_user()
    assert api.post(f"/communities/{cid}/updates", {"title": "t", "body": "b"},
                    token=person).status_code == 403
    answer = api.post(f"/communities/{cid}/updates",
                      {"title": "Works & news", "body": "<p>The bridge reopens</p>"},
                      token=w.admin)
    assert answer.status_code == 201
    update_id = answer.json["id"]
    from tests.api.participation import DAY, iso

    answer = api.post(f"/communities/{cid}/events", {
        "title": "Town hall", "starts_at": iso(DAY), "ends_at": iso(DAY + 3600),
        "place": "Main square"}, token=w.admin)
    assert answer.status_code == 201
    bad = api.post(f"/communities/{cid}/events", {
        "title": "Backwards", "starts_at": iso(DAY), "ends_at": iso(0)}, token=w.admin)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "ends_at"
    assert [u["id"] for u in api.get(f"/communities/{cid}/updates").json["items"]] == [
        update_id]
    assert len(api.get(f"/communities/{cid}/events").json["items"]) == 1
    assert api.get(f"/communities/{cid}/events?when=past").json["items"] == []
    events = queued()
    updates = [e for e in events if e["kind"] == "community.update"]
    assert len(updates) == 1
    event = updates[0]
    assert event["audience"] == {"followers_of": cid} and event["category"] == "followed"
    assert event["subject"] == {"type": "update", "id": update_id}
    assert event["actor_id"] == w.admin_id and event["community_id"] == cid
    assert event["data"]["title"] == {"en": "Works & news"}  # plain text for templates
    announced = [e for e in events if e["kind"] == "community.event"]
    assert len(announced) == 1 and announced[0]["data"]["place"] == "Main square"
    assert [e["kind"] for e in events].count("module.opened") == 0
