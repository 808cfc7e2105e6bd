"""The list of table models. Add a model here when you add a table: the local bootstrap,
the test fixtures and the CDK stack all create tables from this list."""

from __future__ import annotations

import importlib

from pynamodb.models import Model

MODULES = [
    "chalicelib.identity.user_tables",
    "chalicelib.identity.terms_tables",
    "chalicelib.platform.dynamo.idempotency",
    "chalicelib.platform.dynamo.outbox",
    "chalicelib.communities.community_tables",
    "chalicelib.privacy.privacy_tables",
    "chalicelib.notifications.notification_tables",
    "chalicelib.identity.onetime_tables",
    "chalicelib.identity.throttle_tables",
    "chalicelib.communities.project_tables",
    "chalicelib.modules.module_tables",
    "chalicelib.contributions.contribution_tables",
    "chalicelib.contributions.comment_tables",
    "chalicelib.contributions.mark_tables",
    "chalicelib.modules.vote_tables",
    "chalicelib.communities.announcement_tables",
    "chalicelib.moderation.moderation_tables",
    "chalicelib.analytics.analytics_tables",
    "chalicelib.communities.demographic_tables",
    "chalicelib.communities.target_follow_tables",
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
