"""Official answers: `PUT /contributions/{id}/answer` by community admins, carried by every
representation, filtered by `?status=`, and told to the author, the upvoters and the
module's followers once per change."""

from __future__ import annotations

from tests.api.participation import world


def _idea(api, make_user, **world_args):
    w = world(api, make_user, **world_args)
    mid = w.module("ideas")
    author_id, author = make_user(name="Ann Author")
    cid = w.contribute(mid, author, title="More trees")["id"]
    return w, mid, cid, (author_id, author)


def _answer(api, cid, token, **body):
    return api.put(f"/contributions/{cid}/answer",
                   {"status": "accepted", "text": {"en": "We plant them."}, **body},
                   token=token)


def test_an_admin_answers_and_every_representation_carries_it(api, make_user):
    w, mid, cid, _ = _idea(api, make_user)
    answer = _answer(api, cid, w.admin, text={"en": "We <b>plant</b> <script>x</script>"})
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "accepted"
    shown = answer.json["answer"]
    assert shown["status"] == "accepted" and "<script>" not in shown["text"]
    assert shown["answered_at"] and shown.get("signed_by") is None
    item = api.get(f"/contributions/{cid}").json
    assert item["status"] == "accepted" and item["answer"]["text"] == shown["text"]
    listed = api.get(f"/modules/{mid}/contributions").json["items"][0]
    assert listed["answer"]["status"] == "accepted"


def test_signing_shows_the_admins_name_and_only_then(api, make_user):
    w, _mid, cid, _ = _idea(api, make_user)
    unsigned = _answer(api, cid, w.admin, status="under_review").json["answer"]
    assert unsigned.get("signed_by") is None
    signed = _answer(api, cid, w.admin, signed=True).json["answer"]
    assert signed["signed_by"] == "Ada Admin"
    assert "user_id" not in str(signed) and w.admin_id not in str(signed)


def test_only_admins_answer_and_outsiders_of_a_private_community_get_404(api, make_user):
    _w, _mid, cid, (_, author) = _idea(api, make_user)
    assert _answer(api, cid, author).status_code == 403
    pw = world(api, make_user, visibility="private")
    pmid = pw.module("ideas")
    pcid = pw.contribute(pmid, pw.admin, title="Hidden away")["id"]
    _, outsider = make_user()
    assert _answer(api, pcid, outsider).status_code == 404
    assert api.put(f"/contributions/{cid}/answer", {"status": "accepted",
                                                    "text": {"en": "x"}}).status_code == 401


def test_bad_answers_name_the_field(api, make_user):
    w, _mid, cid, _ = _idea(api, make_user)
    for body, field in (({"status": "maybe"}, "status"), ({"cost": 10}, "cost"),
                        ({"text": {"xx": "hi"}}, "text.xx")):
        answer = _answer(api, cid, w.admin, **body)
        assert answer.status_code == 400, (body, answer.json)
        assert answer.json["errors"][0]["field"].startswith(field), answer.json
    assert _answer(api, cid, w.admin, status="implemented").json["code"] == \
        "answer_transition"
    assert _answer(api, cid, w.admin).status_code == 200
    assert _answer(api, cid, w.admin, status="implemented").status_code == 200
    assert _answer(api, cid, w.admin, status="rejected").status_code == 422


def test_the_status_filter_reads_its_own_index_in_pages(api, make_user):
    w, mid, cid, (_, author) = _idea(api, make_user)
    others = [w.contribute(mid, author, title=f"Idea {n}")["id"] for n in range(3)]
    for other in others:
        _answer(api, other, w.admin, status="rejected", text={"en": "No."})
    _answer(api, cid, w.admin)
    first = api.get(f"/modules/{mid}/contributions?status=rejected&limit=2").json
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = api.get(f"/modules/{mid}/contributions?status=rejected&limit=2"
                   f"&cursor={first['next_cursor']}").json
    assert {i["id"] for i in first["items"] + rest["items"]} == set(others)
    accepted = api.get(f"/modules/{mid}/contributions?status=accepted").json["items"]
    assert [i["id"] for i in accepted] == [cid]
    wrong = api.get(f"/modules/{mid}/contributions?status=accepted"
                    f"&cursor={first['next_cursor']}")
    assert wrong.status_code == 400
    assert api.get(f"/modules/{mid}/contributions?status=soon").status_code == 400
    assert api.get(f"/modules/{mid}/contributions?status=accepted&sort=most_engaged"
                   ).status_code == 400


def test_author_upvoters_and_followers_are_told_once_each(api, make_user):
    from chalicelib.notifications.notification_tables import Notification
    from tests.notify_support import run_pipeline

    w, _mid, cid, (author_id, _) = _idea(api, make_user)
    run_pipeline()
    upvoter_id, upvoter = make_user()
    both_id, both = make_user()
    follower_id, follower = make_user()
    module_follower_id, module_follower = make_user()  # of the module only
    project_follower_id, project_follower = make_user()  # of its project and the module
    for token in (upvoter, both):
        assert api.put(f"/contributions/{cid}/upvote", token=token).status_code == 204
    for token in (both, follower, w.admin):
        assert api.put(f"/communities/{w.community_id}/follow", token=token).status_code == 204
    for token in (module_follower, project_follower, both):
        assert api.put(f"/modules/{_mid}/follow", token=token).status_code == 204
    assert api.put(f"/projects/{w.project_id}/follow",
                   token=project_follower).status_code == 204
    run_pipeline()

    def answers_of(user_id):
        return [n for n in Notification.query(user_id) if n.kind == "contribution.answer"]

    _answer(api, cid, w.admin)
    _answer(api, cid, w.admin, text={"en": "Only the text changes."})  # tells nobody
    run_pipeline()
    assert [n.category for n in answers_of(author_id)] == ["interactions"]
    for user_id in (upvoter_id, both_id, follower_id, module_follower_id,
                    project_follower_id):
        assert [n.category for n in answers_of(user_id)] == ["followed"], user_id
    assert answers_of(w.admin_id) == []
    _answer(api, cid, w.admin, status="implemented")
    run_pipeline()
    assert len(answers_of(both_id)) == 2 and len(answers_of(author_id)) == 2


def test_analytics_count_answers_per_status_once(api, make_user):
    from tests.support import run_queues

    w, mid, cid, (_, author) = _idea(api, make_user)
    other = w.contribute(mid, author, title="A bench")["id"]
    _answer(api, cid, w.admin, status="under_review")
    _answer(api, other, w.admin, status="rejected", text={"en": "No."})
    run_queues()
    _answer(api, cid, w.admin)  # under_review -> accepted
    _answer(api, cid, w.admin, text={"en": "Mended."})  # the status stays
    run_queues()
    run_queues()
    figures = api.get(f"/communities/{w.community_id}/analytics", token=w.admin).json
    assert figures["answers"] == {"under_review": 0, "accepted": 1, "rejected": 1,
                                  "implemented": 0}
    per_module = api.get(f"/communities/{w.community_id}/analytics?module={mid}",
                         token=w.admin).json
    assert per_module["answers"]["accepted"] == 1
    csv = api.client.http.get(f"/communities/{w.community_id}/analytics?format=csv",
                              headers={"Authorization": f"Bearer {w.admin}"})
    assert "answers,,,,,,accepted,1," in csv.body.decode()


def test_open_data_carries_status_and_answer(api, make_user):
    w, _mid, cid, _ = _idea(api, make_user)
    _answer(api, cid, w.admin, signed=True, text={"en": "Yes", "fr": "Oui"})
    items = api.get(f"/opendata/communities/{w.community_id}/contributions").json["items"]
    record = next(i for i in items if i["id"] == cid)
    assert record["status"] == "accepted"
    assert record["answer"]["text"] == {"en": "Yes", "fr": "Oui"}
    assert record["answer"]["signed_by"] == "Ada Admin"
    export = api.client.http.get(f"/opendata/communities/{w.community_id}/export?format=csv")
    header, row = export.body.decode().splitlines()[:2]
    assert "status" in header.split(",") and "answer_en" in header.split(",")
    assert "accepted" in row and "Yes" in row and "Ada Admin" in row


def test_a_signed_answer_is_in_its_admins_export_and_unsigned_by_their_erasure(api,
                                                                                make_user):
    from chalicelib.contributions import contribution_personal_data as personal

    w, _mid, cid, _ = _idea(api, make_user)
    admin2_id, admin2 = make_user(name="Bea Admin")
    assert api.put(f"/communities/{w.community_id}/members/{admin2_id}", {"role": "admin"},
                   token=w.admin).status_code in (200, 204)
    assert _answer(api, cid, admin2, signed=True).json["answer"]["signed_by"] == "Bea Admin"
    exported = personal.signed_answers(admin2_id)
    assert [(a["contribution_id"], a["signed_by"], a["status"]) for a in exported] == [
        (cid, "Bea Admin", "accepted")]
    assert personal.signed_answers(w.admin_id) == []
    cursor = personal.answer_signatures(admin2_id, None, 10)
    assert cursor is None
    shown = api.get(f"/contributions/{cid}").json["answer"]
    assert shown["status"] == "accepted" and shown.get("signed_by") is None
    assert personal.signed_answers(admin2_id) == []


def test_the_answer_email_has_its_own_headline(api, make_user, sent_mail):
    from tests.notify_support import run_pipeline

    w, _mid, cid, _ = _idea(api, make_user)
    run_pipeline()
    _answer(api, cid, w.admin)
    run_pipeline()
    subjects = [m["Subject"] for m in sent_mail()]
    assert any(s.startswith("An official answer to a contribution") for s in subjects), subjects
