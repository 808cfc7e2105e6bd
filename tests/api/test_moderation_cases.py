"""The queue, decisions, the statement of reasons, appeals, access control and the log."""

from __future__ import annotations

import json

from tests.api.moderation_support import case_of, stage
from tests.support import body_of, run_queues


def _subject(message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))


def _outcomes(sent_mail, user_id: str) -> list:
    """Statements of reasons sent to one person (not the ladder's account notices)."""
    return [m for m in sent_mail() if m["To"].startswith(user_id.lower())
            and any(title in body_of(m) for title in ("Statement of reasons",
                                                      "Exposé des motifs"))]


def test_the_queue_puts_most_flags_first_then_reach_then_age(api, make_user):
    from chalicelib.platform import clock

    s = stage(api, make_user, threshold=10)
    quiet_old = s.contribution("Quiet and old")
    clock.advance(60)
    quiet_new = s.contribution("Quiet and new")
    clock.advance(60)
    popular = s.contribution("Popular")
    most_flagged = s.contribution("Most flagged")
    for _ in range(3):
        _, token = s.person("Fan")
        assert api.put(f"/contributions/{popular}/upvote", token=token).status_code == 204
    s.flagged(quiet_old, 1)
    s.flagged(quiet_new, 1)
    s.flagged(popular, 1)
    s.flagged(most_flagged, 2)
    order = [c["item_id"] for c in s.queue().json["items"]]
    assert order == [most_flagged, popular, quiet_old, quiet_new]
    assert s.queue().json["items"][1]["reach"] == 3

    first = s.queue(limit=2).json
    assert [c["item_id"] for c in first["items"]] == order[:2] and first["next_cursor"]
    second = s.queue(limit=2, cursor=first["next_cursor"]).json
    assert [c["item_id"] for c in second["items"]] == order[2:]
    other = stage(api, make_user)
    assert api.get(f"/communities/{other.cid}/moderation?cursor={first['next_cursor']}",
                   token=other.w.admin).status_code == 400


def test_a_case_never_names_who_flagged(api, make_user):
    s = stage(api, make_user, threshold=3)
    cid = s.contribution()
    flaggers = s.flagged(cid, 2)
    s.flag(cid, s.person()[1], note="Please look")
    text = json.dumps(s.queue().json) + json.dumps(
        api.get(f"/moderation/{cid}", token=s.moderator).json)
    for user_id, _ in [*flaggers, *s.people]:
        assert user_id not in text
    assert s.queue().json["items"][0]["author_history"] == {
        "earlier_cases": 0, "removals": 0, "strikes": 0}


def test_who_may_see_the_queue_and_decide(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution()
    s.flagged(cid, 1)
    member_id, member = s.person("Plain Member")
    api.put(f"/communities/{s.cid}/members/{member_id}", {"role": "member"}, token=s.w.admin)
    for token in (member, s.author):
        assert s.queue(token=token).status_code == 403
        assert api.get(f"/communities/{s.cid}/moderation/log", token=token).status_code == 403
        answer = s.decide(cid, "remove", token=token)
        assert answer.status_code in (403, 404)
    assert s.decide(cid, "remove", token=member).json["code"] == "not_moderator"
    assert api.get(f"/communities/{s.cid}/moderation").status_code == 401
    admin_id, community_admin = s.person("Community Admin")
    api.put(f"/communities/{s.cid}/members/{admin_id}", {"role": "admin"}, token=s.w.admin)
    assert s.queue(token=community_admin).status_code == 200
    assert s.queue(token=s.w.admin).status_code == 200  # a platform admin

    private = stage(api, make_user, visibility="private")
    hidden = private.contribution()
    assert private.flag(hidden, private.moderator).status_code == 202
    _, outsider = s.person("Outsider")
    assert private.queue(token=outsider).status_code == 404
    assert api.get(f"/communities/{private.cid}/moderation/log",
                   token=outsider).status_code == 404
    assert private.decide(hidden, "restore", token=outsider).status_code == 404
    assert api.get(f"/moderation/{hidden}", token=outsider).status_code == 404
    assert private.decide(hidden, "remove", token=s.moderator).status_code == 404
    assert private.decide("NOCASE", "remove").status_code == 404


def test_removal_keeps_it_hidden_logs_it_and_tells_the_author_why(api, make_user, sent_mail):
    s = stage(api, make_user)
    cid = s.contribution("Bike lanes everywhere")
    s.flagged(cid, 1, reason="hate_speech")
    answer = s.decide(cid, "remove", reason="It insults cyclists by their origin.",
                      rule="Code of Conduct §2: no hate speech")
    assert answer.status_code == 200
    assert answer.json["status"] == "closed" and answer.json["outcome"] == "removed"
    assert answer.json["decision"]["rule"] == "Code of Conduct §2: no hate speech"
    assert api.get(f"/contributions/{cid}").status_code == 404
    assert s.queue().json["items"] == []

    run_queues()
    mails = _outcomes(sent_mail, s.author_id)
    assert len(mails) == 1
    mail = mails[0]
    assert mail["Subject"] == "Your contribution was removed: Bike lanes everywhere"
    text = body_of(mail)
    assert 'What: your contribution "Bike lanes everywhere", published on' in text
    assert "reported it for: hate speech" in text
    assert "Decision: removed." in text
    assert "Why: It insults cyclists by their origin." in text
    assert "Rule applied: Code of Conduct §2: no hate speech" in text
    assert f"How to appeal: you may contest this decision once, here: " \
           f"http://app.agora.test/moderation/{cid}" in text
    assert mail["List-Unsubscribe"]  # category interactions
    notes = api.get("/me/notifications", token=s.author).json["items"]
    assert sorted(n["kind"] for n in notes) == ["moderation.outcome", "moderation.warning"]
    outcome = next(n for n in notes if n["kind"] == "moderation.outcome")
    assert outcome["data"]["reason"] == "It insults cyclists by their origin."

    log = api.get(f"/communities/{s.cid}/moderation/log", token=s.moderator).json["items"]
    assert len(log) == 1
    entry = log[0]
    assert (entry["item_id"], entry["action"], entry["appeal"]) == (cid, "remove", False)
    assert entry["reason"] == "It insults cyclists by their origin."
    assert entry["moderator"] == {"id": s.moderator_id, "display_name": "Mo Moderator"}
    assert entry["at"]


def test_the_statement_of_reasons_comes_in_the_authors_language(api, make_user, sent_mail):
    s = stage(api, make_user)
    writer_id, writer = make_user(name="Françoise", locale="fr")
    cid = s.contribution("Pistes cyclables", token=writer)
    comment = s.comment(cid, "Vous êtes des idiots", token=writer)
    s.flagged(comment, 1, kind="comments", reason="harassment")
    assert s.decide(comment, "remove", rule=None).status_code == 200
    run_queues()
    mail = _outcomes(sent_mail, writer_id)[0]
    assert _subject(mail).startswith("Votre commentaire a été retiré : Vous êtes")
    text = body_of(mail)
    assert "signalé(e) pour : harcèlement" in text
    assert "Règle appliquée : le Code de conduite de la plateforme" in text
    assert "Comment contester" in text


def test_restoring_puts_it_back_and_counts_the_flags_against_their_authors(api, make_user,
                                                                          sent_mail):
    s = stage(api, make_user)
    cid = s.contribution("Fine idea")
    flagger_id, _ = s.flagged(cid, 1)[0]
    before = api.get(f"/modules/{s.module_id}", token=s.w.admin).json["counts"]
    answer = s.decide(cid, "restore", reason="It is an opinion, not an insult.", rule=None)
    assert answer.status_code == 200 and answer.json["outcome"] == "restored"
    assert api.get(f"/contributions/{cid}").json["hidden"] is False
    after = api.get(f"/modules/{s.module_id}", token=s.w.admin).json["counts"]
    assert after["contributions"] == before["contributions"] + 1
    from chalicelib.moderation import moderation_tables as store

    assert int(store.get_standing(flagger_id).rejected_flags) == 1
    run_queues()
    mail = _outcomes(sent_mail, s.author_id)[0]
    assert mail["Subject"] == "Your contribution was restored: Fine idea"
    assert "How to appeal" not in body_of(mail)


def test_a_repeated_decision_changes_nothing_and_a_different_one_is_refused(api, make_user,
                                                                           sent_mail):
    s = stage(api, make_user)
    cid = s.contribution()
    flagger_id, _ = s.flagged(cid, 1)[0]
    assert s.decide(cid, "restore").status_code == 200
    assert s.decide(cid, "restore").status_code == 200
    second, _ = s.add_moderator()
    assert s.decide(cid, "restore", token=_).status_code == 200
    from chalicelib.moderation import moderation_tables as store

    assert int(store.get_standing(flagger_id).rejected_flags) == 1
    conflict = s.decide(cid, "remove")
    assert conflict.status_code == 409 and conflict.json["code"] == "already_decided"
    run_queues()
    assert len(_outcomes(sent_mail, s.author_id)) == 1
    assert len(api.get(f"/communities/{s.cid}/moderation/log",
                       token=s.moderator).json["items"]) == 1
    assert second


def test_moderators_may_not_decide_about_their_own_content(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution("Mine", token=s.moderator)
    s.flagged(cid, 1)
    answer = s.decide(cid, "restore")
    assert answer.status_code == 403 and answer.json["code"] == "own_content"


def test_an_appeal_is_once_and_goes_to_another_moderator(api, make_user, sent_mail):
    s = stage(api, make_user)
    cid = s.contribution("Contested")
    s.flagged(cid, 1)
    early = api.post(f"/moderation/{cid}/appeal", {}, token=s.author)
    assert early.status_code == 409 and early.json["code"] == "nothing_to_appeal"
    assert s.decide(cid, "remove").status_code == 200
    view = api.get(f"/moderation/{cid}", token=s.author).json
    assert view["can_appeal"] is True and view["decision"]["action"] == "remove"

    _, stranger = s.person("Stranger")
    assert api.post(f"/moderation/{cid}/appeal", {}, token=stranger).status_code == 404
    not_author = api.post(f"/moderation/{cid}/appeal", {}, token=s.moderator)
    assert not_author.status_code == 403 and not_author.json["code"] == "not_author"
    answer = api.post(f"/moderation/{cid}/appeal", {"statement": "It was irony."},
                      token=s.author)
    assert answer.status_code == 202
    assert answer.json["status"] == "appealed" and answer.json["can_appeal"] is False
    again = api.post(f"/moderation/{cid}/appeal", {}, token=s.author)
    assert again.status_code == 409 and again.json["code"] == "already_appealed"

    queued = s.queue().json["items"]
    assert [c["item_id"] for c in queued] == [cid]
    assert queued[0]["appeal"]["statement"] == "It was irony."
    assert queued[0]["decided_by_you"] is True
    assert queued[0]["author_history"]["earlier_cases"] == 0
    same = s.decide(cid, "restore")
    assert same.status_code == 403 and same.json["code"] == "appeal_needs_another_moderator"
    _, other = s.add_moderator()
    answer = s.decide(cid, "restore", token=other, reason="Irony, read in context.")
    assert answer.status_code == 200 and answer.json["outcome"] == "restored"
    assert api.get(f"/contributions/{cid}").status_code == 200
    assert api.post(f"/moderation/{cid}/appeal", {}, token=s.author).status_code == 409

    log = api.get(f"/communities/{s.cid}/moderation/log", token=s.moderator).json["items"]
    assert [(e["action"], e["appeal"]) for e in log] == [("restore", True), ("remove", False)]
    run_queues()
    mails = _outcomes(sent_mail, s.author_id)
    assert len(mails) == 2
    assert "Decision on your appeal: restored." in body_of(mails[-1])
    assert "final on the platform" in body_of(mails[-1])


def test_the_log_pages_newest_first(api, make_user):
    s = stage(api, make_user)
    items = [s.contribution(f"Item {n}") for n in range(3)]
    for item in items:
        s.flagged(item, 1)
        assert s.decide(item, "remove").status_code == 200
    first = api.get(f"/communities/{s.cid}/moderation/log?limit=2", token=s.moderator).json
    assert [e["item_id"] for e in first["items"]] == items[:0:-1]
    rest = api.get(f"/communities/{s.cid}/moderation/log?limit=2&cursor="
                   f"{first['next_cursor']}", token=s.moderator).json
    assert [e["item_id"] for e in rest["items"]] == items[:1] and rest["next_cursor"] is None
    assert case_of(items[0]).decided_by == s.moderator_id


def test_a_restored_comment_returns_to_its_thread_and_count(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution()
    comment = s.comment(cid, "Sharp but fair")
    s.flagged(comment, 1, kind="comments")
    assert api.get(f"/contributions/{cid}/comments").json["items"] == []
    assert api.get(f"/contributions/{cid}").json["counts"]["comments"] == 0
    assert s.decide(comment, "restore").status_code == 200
    thread = api.get(f"/contributions/{cid}/comments").json["items"]
    assert [c["id"] for c in thread] == [comment]
    assert api.get(f"/contributions/{cid}").json["counts"]["comments"] == 1


def test_moderators_hear_of_an_appeal(api, make_user):
    s = stage(api, make_user)
    cid = s.contribution("Appealed title")
    s.flagged(cid, 1)
    assert s.decide(cid, "remove").status_code == 200
    run_queues()
    assert api.post(f"/moderation/{cid}/appeal", {}, token=s.author).status_code == 202
    run_queues()
    notes = api.get("/me/notifications", token=s.moderator).json["items"]
    assert [n["kind"] for n in notes] == ["moderation.case", "moderation.case"]
    assert notes[0]["data"]["appeal"] is True and notes[0]["title"] == "Appealed title"
