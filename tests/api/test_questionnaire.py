"""Questionnaires: questions, one response per person, validation, tallies."""

from __future__ import annotations

from tests.api.participation import DAY, world


def _questionnaire(api, make_user):
    w = world(api, make_user)
    mid = w.module("questionnaire", settings={"results": "public"})
    specs = [{"prompt": "Which first?", "kind": "single_choice",
              "options": [{"en": "Park", "fr": "Parc"}, "Library"], "required": True},
             {"prompt": "How do you travel?", "kind": "multiple_choice",
              "options": ["Bus", "Bike", "Car"]},
             {"prompt": "How happy?", "kind": "scale", "scale": {"min": 1, "max": 5}},
             {"prompt": "Anything else?", "kind": "text"}]
    ids = []
    for spec in specs:
        answer = api.post(f"/modules/{mid}/questions", spec, token=w.admin)
        assert answer.status_code == 201, answer.json
        ids.append(answer.json["id"])
    return w, mid, ids


def test_responses_are_validated_counted_and_tallied(api, make_user):
    _w, mid, (q1, q2, q3, q4) = _questionnaire(api, make_user)
    listed = api.get(f"/modules/{mid}/questions").json["items"]
    assert [q["id"] for q in listed] == [q1, q2, q3, q4]
    assert listed[0]["options"] == ["Park", "Library"] and listed[2]["scale"] == {
        "min": 1, "max": 5}
    _, alice = make_user()
    _, bob = make_user(locale="fr")
    bad = api.post(f"/modules/{mid}/responses", {"answers": {q2: ["Bus"]}}, token=alice)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == f"answers.{q1}"
    bad = api.post(f"/modules/{mid}/responses", {"answers": {q1: "Pool"}}, token=alice)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == f"answers.{q1}"
    answer = api.post(f"/modules/{mid}/responses", {"answers": {
        q1: "Park", q2: ["Bus", "Bike"], q3: 4, q4: "More trees"}}, token=alice)
    assert answer.status_code == 201 and answer.json["answered"] == 4
    again = api.post(f"/modules/{mid}/responses", {"answers": {q1: "Library"}}, token=alice)
    assert again.status_code == 409 and again.json["code"] == "already_responded"
    assert api.post(f"/modules/{mid}/responses", {"answers": {q1: "Parc", q2: ["Bike"],
                                                              q3: 2}},
                    token=bob).status_code == 201
    assert api.get(f"/modules/{mid}", token=alice).json["viewer"]["responded"] is True
    results = api.get(f"/modules/{mid}/results").json
    assert results["responses"] == 2
    by_id = {q["id"]: q for q in results["questions"]}
    assert by_id[q1]["options"] == [{"option": "Park", "count": 2},
                                    {"option": "Library", "count": 0}]
    assert by_id[q2]["options"] == [{"option": "Bus", "count": 1},
                                    {"option": "Bike", "count": 2},
                                    {"option": "Car", "count": 0}]
    assert by_id[q3]["average"] == 3.0 and by_id[q3]["scale"]["4"] == 1
    assert by_id[q4]["answered"] == 1 and "More trees" not in str(results)


def test_results_wait_for_the_close_unless_public(api, make_user):
    from chalicelib.platform import clock

    w = world(api, make_user)
    mid = w.module("questionnaire", closes=600)
    api.post(f"/modules/{mid}/questions", {"prompt": "?", "kind": "text"}, token=w.admin)
    answer = api.get(f"/modules/{mid}/results")
    assert answer.status_code == 403 and answer.json["code"] == "results_not_public"
    assert api.get(f"/modules/{mid}/results", token=w.admin).status_code == 200
    clock.advance(601)
    assert api.get(f"/modules/{mid}/results").status_code == 200


def test_questions_belong_to_questionnaires_and_admins(api, make_user):
    w = world(api, make_user)
    ideas = w.module("ideas")
    spec = {"prompt": "?", "kind": "text"}
    answer = api.post(f"/modules/{ideas}/questions", spec, token=w.admin)
    assert answer.status_code == 422 and answer.json["code"] == "wrong_module_type"
    mid = w.module("questionnaire")
    _, person = make_user()
    assert api.post(f"/modules/{mid}/questions", spec, token=person).status_code == 403
    bad = api.post(f"/modules/{mid}/questions", {"prompt": "?", "kind": "single_choice",
                                                "options": ["one"]}, token=w.admin)
    assert bad.status_code == 400 and bad.json["errors"][0]["field"] == "options"


def test_a_closed_questionnaire_takes_no_response(api, make_user):
    w = world(api, make_user)
    mid = w.module("questionnaire", opens=-2 * DAY, closes=-DAY)
    _, person = make_user()
    answer = api.post(f"/modules/{mid}/responses", {"answers": {}}, token=person)
    assert answer.status_code == 422 and answer.json["code"] == "module_closed"


def test_an_admin_removes_a_question_until_someone_responds(api, make_user):
    w, mid, ids = _questionnaire(api, make_user)
    _, person = make_user()
    assert api.delete(f"/modules/{mid}/questions/{ids[3]}", token=person).status_code == 403
    assert api.delete(f"/modules/{mid}/questions/{ids[3]}", token=w.admin).status_code == 204
    assert api.delete(f"/modules/{mid}/questions/{ids[3]}", token=w.admin).status_code == 404
    listed = api.get(f"/modules/{mid}/questions").json["items"]
    assert [q["id"] for q in listed] == ids[:3]
    assert api.get(f"/modules/{mid}").json["counts"]["questions"] == 3
    assert api.post(f"/modules/{mid}/responses", {"answers": {ids[0]: "Park"}},
                    token=person).status_code == 201
    late = api.delete(f"/modules/{mid}/questions/{ids[2]}", token=w.admin)
    assert late.status_code == 409 and late.json["code"] == "responses_exist"
    assert len(api.get(f"/modules/{mid}/questions").json["items"]) == 3
    ideas = w.module("ideas")
    other = api.delete(f"/modules/{ideas}/questions/{ids[0]}", token=w.admin)
    assert other.status_code == 422 and other.json["code"] == "wrong_module_type"
