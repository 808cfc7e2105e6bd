"""The terms of use, versioned: one item per published version (its text per locale) and
the `current` item naming the latest, which every participation write reads in the same
BatchGetItem as its session (`authentication.authenticate`).

A publication writes the next version and moves `current` in one transaction conditional
on `current` still naming the version it read: two publications at once cannot share a
version (one of them fails and is retried on the version after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name

if TYPE_CHECKING:
    from chalicelib.platform.dynamo.batch_get import Key
    from chalicelib.platform.dynamo.transactions import Transaction

CURRENT = "current"


class Terms(Model):
    class Meta(BaseMeta):
        table_name = table_name("terms")

    personal = ()  # who published a version is not kept: the text is the platform's

    terms_id = UnicodeAttribute(hash_key=True)  # "current", or "v<version>"
    version = NumberAttribute()
    published_at = NumberAttribute()
    text = MapAttribute(null=True)  # locale -> plain text (version items)


def version_id(version: int) -> str:
    return f"v{version:08d}"


def current_key() -> Key:
    return (Terms, CURRENT, None)


def current() -> Terms | None:
    try:
        return Terms.get(CURRENT, consistent_read=True)
    except Terms.DoesNotExist:
        return None


def version_item(version: int) -> Terms | None:
    try:
        return Terms.get(version_id(version), consistent_read=True)
    except Terms.DoesNotExist:
        return None


def publish_in(tx: Transaction, read: int | None, item: Terms) -> None:
    """The new version (label `version`) and `current` moved to it (label `current`),
    conditional on `current` naming `read` (None: nothing published yet)."""
    tx.put("version", item, condition=Terms.terms_id.does_not_exist())
    pointer = Terms(CURRENT, version=item.version, published_at=item.published_at)
    tx.put("current", pointer, condition=Terms.terms_id.does_not_exist() if read is None
           else Terms.version == read)


def is_current_in(tx: Transaction, version: int) -> None:
    """Inside an acceptance: `version` is still the current one (label `terms`)."""
    tx.check("terms", Terms, CURRENT, condition=Terms.version == version)


TABLES: list[type[Model]] = [Terms]
