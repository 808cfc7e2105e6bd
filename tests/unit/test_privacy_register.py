"""docs/privacy.md names every attribute that holds personal data."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def test_every_personal_attribute_is_in_the_register(aws):
    from chalicelib.config import settings
    from chalicelib.storage.registry import all_models

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
