"""Projects: the themes a community consults on. Each holds modules."""

from __future__ import annotations

from pynamodb.attributes import MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name
from chalicelib.platform.dynamo.transactions import Transaction


class ProjectsByCommunity(GlobalSecondaryIndex["Project"]):
    class Meta:
        index_name = "by_community"
        projection = AllProjection()

    community_id = UnicodeAttribute(hash_key=True)
    created_at = NumberAttribute(range_key=True)


class ProjectsByCreator(GlobalSecondaryIndex["Project"]):
    """What a person set up (export and erasure of their account; sparse)."""

    class Meta:
        index_name = "by_creator"
        projection = KeysOnlyProjection()

    created_by = UnicodeAttribute(hash_key=True)


class Project(Model):
    class Meta(BaseMeta):
        table_name = table_name("projects")

    personal = ("created_by",)

    project_id = UnicodeAttribute(hash_key=True)
    community_id = UnicodeAttribute()
    title = MapAttribute(default=dict)         # locale -> text
    description = MapAttribute(default=dict)   # locale -> sanitised HTML
    created_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    updated_at = NumberAttribute(null=True)
    module_count = NumberAttribute(default=0)
    by_community = ProjectsByCommunity()
    by_creator = ProjectsByCreator()


TABLES: list[type[Model]] = [Project]


def count_module(tx: Transaction, label: str, project_id: str, delta: int) -> None:
    tx.update(label, Project(project_id), [Project.module_count.add(delta)],
              condition=Project.project_id.exists())
