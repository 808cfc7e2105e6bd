"""Demographic questions: what an admin may ask, how a person answers or skips them when they
first contribute, and the breakdowns the dashboard shows (suppressed, subtraction-safe)."""

from __future__ import annotations

from tests.api.participation import world
from tests.support import run_queues

AGE = {"prompt": {"en": "Age band", "fr": "Âge"},
       "options": ["Under 30", "30 to 59", "60 and over"]}
AREA = {"prompt": "Area", "options": ["North", "South"]}


def ask(api, w, *questions) -> list[dict]:
    answer = api.put(f"/communities/{w.community_id}/demographics",
                     {"questions": list(questions)}, token=w.admin)
    assert answer.status_code == 200, answer.json
    return answer.json["questions"]


def test_admins_ask_a_few_single_choice_questions(api, make_user):
    w = world(api, make_user, languages=["en", "fr"])
    _, member = make_user()
    path = f"/communities/{w.community_id}/demographics"
    assert api.put(path, {"questions": [AGE]}, token=member).status_code == 403
    assert api.get(path).json["questions"] == []
    age, _ = ask(api, w, AGE, AREA)
    assert age["prompt"] == "Age band" and age["options"][2] == "60 and over"
    public = api.get(path, headers={"Accept-Language": "fr"}).json
    assert public["questions"][0]["prompt"] == "Âge" and public["mine"] is None
    # An id keeps a question: options may be renamed and appended, never removed.
    renamed = {"id": age["id"], "prompt": "Age", "options": ["Under 30", "30-59", "60+", "90+"]}
    (kept,) = ask(api, w, renamed)
    assert kept["id"] == age["id"] and kept["options"] == ["Under 30", "30-59", "60+", "90+"]
    shorter = {"id": age["id"], "prompt": "Age", "options": ["Young", "Old"]}
    answer = api.put(path, {"questions": [shorter]}, token=w.admin)
    assert answer.status_code == 400 and answer.json["errors"][0]["field"] == "questions.0.options"
    too_many = {"questions": [AREA] * 6}
    assert api.put(path, too_many, token=w.admin).json["errors"][0]["field"] == "questions"
    unknown = {"questions": [{"id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", **AREA}]}
    assert api.put(path, unknown, token=w.admin).json["errors"][0]["field"] == "questions.0.id"
    twice = {"questions": [{"prompt": "Pets", "options": ["Cat", "Cat"]}]}
    assert api.put(path, twice, token=w.admin).json["errors"][0]["field"] == "questions.0.options"


def test_a_first_contribution_says_the_questions_are_pending(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    _, token = make_user()
    first = w.contribute(park, token, title="Before any question")
    assert first["demographics_pending"] is False  # nothing asked yet
    age, area = ask(api, w, AGE, AREA)
    second = w.contribute(park, token, title="Asked now")
    assert second["demographics_pending"] is True
    comment = api.post(f"/contributions/{second['id']}/comments", {"body": "Hi"}, token=token)
    assert comment.json["demographics_pending"] is True
    path = f"/communities/{w.community_id}/demographics/me"
    answer = api.put(path, {"answers": {age["id"]: "30 to 59"}}, token=token)
    assert answer.status_code == 200, answer.json
    # A question left out counts as skipped: the person saw it.
    assert answer.json == {"answers": {age["id"]: 1, area["id"]: "skipped"}, "pending": False,
                           "updated_at": answer.json["updated_at"]}
    assert w.contribute(park, token, title="Answered")["demographics_pending"] is False
    mine = api.get(f"/communities/{w.community_id}/demographics", token=token).json["mine"]
    assert mine["answers"] == {age["id"]: 1, area["id"]: "skipped"} and not mine["pending"]
    # A new question is asked again; skipping answers every question.
    ask(api, w, {"id": age["id"], **AGE}, {"id": area["id"], **AREA},
        {"prompt": "Household", "options": ["Alone", "Not alone"]})
    assert w.contribute(park, token, title="Again")["demographics_pending"] is True
    assert api.put(path, {"skip": True}, token=token).json["pending"] is False


def test_answers_are_checked_against_the_questions(api, make_user):
    w = world(api, make_user)
    age, _ = ask(api, w, AGE, AREA)
    _, token = make_user()
    path = f"/communities/{w.community_id}/demographics/me"
    cases = [({"answers": {age["id"]: 7}}, f"answers.{age['id']}"),
             ({"answers": {age["id"]: "Teenager"}}, f"answers.{age['id']}"),
             ({"answers": {"01ARZ3NDEKTSV4RRFFQ69G5FAV": 0}},
              "answers.01ARZ3NDEKTSV4RRFFQ69G5FAV"),
             ({"answers": {age["id"]: 0}, "skip": True}, "answers"),
             ({"answers": {age["id"]: True}}, f"answers.{age['id']}")]
    for body, field in cases:
        answer = api.put(path, body, token=token)
        assert answer.status_code == 400, (body, answer.json)
        assert answer.json["errors"][0]["field"].startswith(field), (body, answer.json)
    bare = world(api, make_user)
    answer = api.put(f"/communities/{bare.community_id}/demographics/me", {"skip": True},
                     token=token)
    assert answer.status_code == 422 and answer.json["code"] == "no_questions"


def test_objectors_are_never_asked(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    ask(api, w, AGE)
    _, token = make_user()
    api.put("/me/restrictions", {"analytics": True}, token=token)
    assert w.contribute(park, token, title="Mine")["demographics_pending"] is False
    answer = api.put(f"/communities/{w.community_id}/demographics/me", {"skip": True},
                     token=token)
    assert answer.status_code == 422 and answer.json["code"] == "analytics_objected"


def test_private_communities_hide_their_questions_from_outsiders(api, make_user):
    w = world(api, make_user, visibility="private")
    ask(api, w, AGE)
    _, outsider = make_user()
    path = f"/communities/{w.community_id}/demographics"
    assert api.get(path, token=outsider).status_code == 404
    assert api.put(path + "/me", {"skip": True}, token=outsider).status_code == 404
    assert api.delete(path + "/me", token=outsider).status_code == 404


def test_the_breakdown_follows_answers_given_late_changed_and_withdrawn(api, make_user):
    w = world(api, make_user)
    park = w.module("ideas")
    age, area = ask(api, w, AGE, AREA)
    crowd = [make_user() for _ in range(12)]
    path = f"/communities/{w.community_id}/demographics/me"
    for n, (_, token) in enumerate(crowd):
        w.contribute(park, token, title="Idea")
        if n < 6:
            api.put(path, {"answers": {age["id"]: 0, area["id"]: "North"}}, token=token)
        elif n < 11:
            api.put(path, {"answers": {age["id"]: 2}}, token=token)
        # the last person never answers
    run_queues()

    def tables(**params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        answer = api.get(f"/communities/{w.community_id}/analytics?{query}", token=w.admin)
        return {t["id"]: {c["key"]: c["participants"] for c in t["cells"]} | {
            "total": t["total"]} for t in answer.json["demographics"]}

    by_age = tables()[age["id"]]
    # 6 under 30, 5 over 60, 1 unanswered: that 1 is hidden with the next smallest cell.
    assert by_age == {"0": 6, "1": 0, "2": None, "skipped": 0, "unanswered": None,
                      "total": 12}
    by_area = tables()[area["id"]]
    # 5 skipped the area, 1 never answered: hidden together (6 people).
    assert by_area == {"0": 6, "1": 0, "skipped": None, "unanswered": None, "total": 12}
    assert tables(module=park)[age["id"]] == by_age  # the module's participants: the same
    # The last person answers late; one changes their answer; one withdraws it.
    api.put(path, {"answers": {age["id"]: 2}}, token=crowd[11][1])
    api.put(path, {"answers": {age["id"]: 1}}, token=crowd[0][1])
    assert api.delete(path, token=crowd[1][1]).status_code == 204
    run_queues()
    by_age = tables()[age["id"]]
    assert by_age == {"0": None, "1": None, "2": 6, "skipped": 0, "unanswered": None,
                      "total": 12}
    shown = sum(v for key, v in by_age.items() if key != "total" and v is not None)
    assert by_age["total"] - shown == 6  # 4 + 1 + 1: the hidden cells hold at least k
    assert tables(module=park)[age["id"]] == by_age
