"""Every personal attribute of every table is named in docs/privacy.md."""

from __future__ import annotations

from pathlib import Path


def test_each_personal_attribute_is_documented():
    from chalicelib.tables import all_models

    text = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text()
    missing = []
    for model in all_models():
        table = model.Meta.table_name.rsplit("-", 1)[-1]
        for attribute in getattr(model, "personal", ()):
            assert attribute in model.get_attributes(), (model.__name__, attribute)
            if f"`{table}.{attribute}`" not in text and f"`{attribute}`" not in text:
                missing.append(f"{table}.{attribute}")
    assert not missing, missing
