"""Moderation data and the GDPR: a person's flags, the cases about their content and the
decisions they made as a moderator, in their export and through the erasure of their
account."""

from __future__ import annotations

import json
from pathlib import Path

from tests.api.moderation_support import case_of, stage
from tests.support import every_stored_value, run_queues

PASSWORD = "a perfectly long passphrase"


def _moderation_values() -> str:
    """Every item of the moderation tables, as text."""
    from chalicelib.moderation.moderation_tables import TABLES

    return "\n".join(json.dumps(item.serialize(), default=str)
                     for model in TABLES for item in model.scan())


def _erase(api, token: str) -> None:
    assert api.delete("/me", {"password": PASSWORD}, token=token).status_code == 202
    run_queues(max_rounds=400)


def test_erasing_a_flagger_removes_their_flags_and_notes_and_keeps_the_counts(api,
                                                                            make_user):
    s = stage(api, make_user, threshold=3)
    cid = s.contribution()
    flagger_id, flagger = make_user("fran@example.org", name="Fran Flagger",
                                    password=PASSWORD)
    assert s.flag(cid, flagger, note="Written by Fran Flagger").status_code == 202
    s.flagged(cid, 1)
    assert "Written by Fran Flagger" in every_stored_value()
    _erase(api, flagger)
    text = every_stored_value()
    assert flagger_id not in text and "Written by Fran Flagger" not in text
    case = s.queue().json["items"][0]
    assert case["flags"] == 2 and case["notes"] == []
    s.flagged(cid, 1)  # the count goes on from 2: the third flag hides
    assert api.get(f"/contributions/{cid}").status_code == 404


def test_erasing_an_author_leaves_cases_about_their_content_without_their_id(api,
                                                                            make_user):
    s = stage(api, make_user)
    author_id, author = make_user("ana@example.org", name="Ana Author", password=PASSWORD)
    api.put(f"/communities/{s.cid}/members/{author_id}", {"role": "member"}, token=s.w.admin)
    cid = s.contribution(token=author)
    s.flagged(cid, 1)
    assert s.decide(cid, "remove").status_code == 200
    assert api.post(f"/moderation/{cid}/appeal", {"statement": "Ana says it was a joke"},
                    token=author).status_code == 202
    _erase(api, author)
    # (The contribution itself is anonymised by the participation area's erasure steps.)
    text = _moderation_values()
    assert author_id not in text and "Ana says it was a joke" not in text
    case = case_of(cid)
    assert case.author_id is None and case.status == "appealed"
    queued = s.queue().json["items"][0]
    assert queued["item"]["author"] == {"display_name": "Deleted participant"}


def test_erasing_a_moderator_keeps_their_decisions_without_their_id(api, make_user):
    s = stage(api, make_user)
    mod_id, mod = make_user("max@example.org", name="Max Moderator", password=PASSWORD)
    api.put(f"/communities/{s.cid}/members/{mod_id}", {"role": "moderator"},
            token=s.w.admin)
    cid = s.contribution()
    s.flagged(cid, 1)
    assert s.decide(cid, "remove", token=mod, reason="Spam links").status_code == 200
    assert api.post(f"/moderation/{cid}/appeal", {}, token=s.author).status_code == 202
    _erase(api, mod)
    assert mod_id not in every_stored_value()
    log = api.get(f"/communities/{s.cid}/moderation/log", token=s.moderator).json["items"]
    assert [(e["action"], e["reason"]) for e in log] == [("remove", "Spam links")]
    assert log[0]["moderator"] == {"id": None, "display_name": "Deleted participant"}
    assert s.decide(cid, "restore").status_code == 200  # any moderator may now decide


def test_the_export_holds_the_flags_made_and_the_cases_about_ones_content(api, make_user):
    import jsonschema

    from chalicelib.privacy import export

    s = stage(api, make_user)
    cid = s.contribution()
    flagger_id, flagger = s.person("Flo Flagger")
    assert s.flag(cid, flagger, reason="privacy", note="My address is in it").status_code \
        == 202
    assert s.decide(cid, "remove", reason="Personal data of a neighbour").status_code == 200

    mine = export.build_document(flagger_id)
    assert [(f["item_id"], f["reason"], f["note"]) for f in mine["moderation_flags"]] == [
        (cid, "privacy", "My address is in it")]

    theirs = export.build_document(s.author_id)
    jsonschema.validate(json.loads(json.dumps(theirs, default=str)),
                        json.loads(Path("docs/export-schema.json").read_text()))
    cases = theirs["moderation_cases"]["cases"]
    assert len(cases) == 1 and cases[0]["outcome"] == "removed"
    assert cases[0]["decision"]["reason"] == "Personal data of a neighbour"
    assert [r["strike"] for r in theirs["moderation_cases"]["removals"]] == [1]
    assert [m["action"] for m in theirs["moderation_cases"]["measures"]] == ["warning"]
    text = json.dumps(theirs, default=str)
    assert flagger_id not in text and "My address is in it" not in text
    assert s.moderator_id not in text
