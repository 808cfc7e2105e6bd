"""docs/privacy.md names every attribute that holds personal data."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def test_every_personal_attribute_is_in_the_register(aws):
    from chalicelib.platform.config import settings
    from chalicelib.tables import all_models

    text = DOC.read_text()
    missing = []
    for model in all_models():
        assert hasattr(model, "personal"), f"{model.__name__} must declare `personal`"
        table = model.Meta.table_name.removeprefix(settings().prefix)
        for attribute in model.personal:
            assert attribute in model.get_attributes(), f"{model.__name__}.{attribute}?"
            if f"{table}.{attribute}" not in text:
                missing.append(f"{table}.{attribute}")
    assert not missing, f"docs/privacy.md does not name: {missing}"


# The terms of use's "What data is collected" list, item by item, and the words of the
# register's row that answers it.
TERMS = {
    "Full name or pseudonym": "Full name, pseudonym",
    "Email, email confirmation": "Email address, pending new email, email confirmation",
    "Password": "| Password |",
    "Facebook profile link": "Facebook profile link",
    "User profile data (cover image, profile picture, description, interests)":
        "Profile: description, interests, avatar, cover",
    "Language preferences": "Language preference",
    "Date of last connection and visit": "Date of last connection and visit",
    "Submitted content": "Submitted content",
    "Upvoted content": "Upvoted content",
    "Questionnaire responses": "Questionnaire responses",
    "Communities followed": "Communities followed",
    "Current location to enable the mapping feature": "Current location for the mapping",
    "Community, projects, modules created, updates published, events created":
        "communities, projects and modules created, updates published, events created",
}


def test_every_kind_of_data_the_terms_list_has_a_row():
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| ")]
    for kind, words in TERMS.items():
        row = next((r for r in rows if words in r), None)
        assert row is not None, f"docs/privacy.md has no row for {kind!r}"
        cells = [c.strip() for c in row.strip("|").split("|")]
        # what, where, who reads it, when and how it is erased: none left empty
        assert len(cells) >= 4 and all(cells[:4]), row
