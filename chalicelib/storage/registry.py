"""The list of table models. Add a model here when you add a table: the local bootstrap,
the test fixtures and the CDK stack all create tables from this list."""

from __future__ import annotations

import importlib

from pynamodb.models import Model

MODULES = [
    "chalicelib.storage.users",
    "chalicelib.storage.idempotency",
    "chalicelib.storage.communities",
    "chalicelib.storage.privacy",
    "chalicelib.storage.notifications",
    "chalicelib.storage.onetime",
    "chalicelib.storage.throttles",
    "chalicelib.storage.projects",
    "chalicelib.storage.modules",
    "chalicelib.storage.contributions",
    "chalicelib.storage.marks",
    "chalicelib.storage.votes",
    "chalicelib.storage.announcements",
    "chalicelib.storage.moderation",
    "chalicelib.storage.analytics",
    "chalicelib.storage.demographics",
]


def all_models() -> list[type[Model]]:
    models: list[type[Model]] = []
    for name in MODULES:
        module = importlib.import_module(name)
        models.extend(getattr(module, "TABLES", ()))
    return models


def table_spec(model: type[Model]) -> dict:
    """Keys, GSIs and TTL attribute of a model's table, for bootstrap and infrastructure."""
    from pynamodb.attributes import TTLAttribute

    schema = model._get_schema()
    ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    return {
        "table_name": model.Meta.table_name,
        "attribute_definitions": [
            {"name": a["AttributeName"], "type": a["AttributeType"]}
            for a in schema["attribute_definitions"]
        ],
        "key_schema": [
            {"name": k["AttributeName"], "type": k["KeyType"]} for k in schema["key_schema"]
        ],
        "global_secondary_indexes": [
            {
                "name": index["index_name"],
                "key_schema": [{"name": k["AttributeName"], "type": k["KeyType"]}
                               for k in index["key_schema"]],
                "projection": index["projection"],
            }
            for index in schema["global_secondary_indexes"]
        ],
        "ttl_attribute": ttl[0] if ttl else None,
    }


def create_all(wait: bool = False) -> None:
    """Create every table that does not exist yet (idempotent)."""
    for model in all_models():
        model.create_table(wait=wait, billing_mode="PAY_PER_REQUEST",
                           ignore_update_ttl_errors=True)
