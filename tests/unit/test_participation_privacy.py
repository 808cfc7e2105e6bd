"""Every personal attribute of the participation tables is named in docs/privacy.md."""

from __future__ import annotations

from pathlib import Path

MODULES = ("communities", "projects", "modules", "contributions", "marks", "votes",
           "announcements")


def test_each_personal_attribute_is_documented():
    import importlib

    text = (Path(__file__).resolve().parents[2] / "docs" / "privacy.md").read_text()
    missing = []
    for name in MODULES:
        module = importlib.import_module(f"chalicelib.storage.{name}")
        for model in module.TABLES:
            table = model.Meta.table_name.rsplit("-", 1)[-1]
            for attribute in model.personal:
                assert attribute in model.get_attributes(), (model.__name__, attribute)
                if f"`{table}.{attribute}`" not in text and f"`{attribute}`" not in text:
                    missing.append(f"{table}.{attribute}")
    assert not missing, missing
