"""What community admins publish to followers: updates (news) and events."""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from chalicelib.platform.dynamo.table_base import BaseMeta, table_name


class UpdatesByCreator(GlobalSecondaryIndex["Update"]):
    """What a person set up (export and erasure of their account; sparse)."""

    class Meta:
        index_name = "by_creator"
        projection = KeysOnlyProjection()

    created_by = UnicodeAttribute(hash_key=True)


class Update(Model):
    class Meta(BaseMeta):
        table_name = table_name("updates")

    personal = ("created_by",)

    community_id = UnicodeAttribute(hash_key=True)
    update_id = UnicodeAttribute(range_key=True)  # time-ordered: newest last
    title = MapAttribute(default=dict)
    body = MapAttribute(default=dict)
    project_id = UnicodeAttribute(null=True)  # news of one project (its followers hear too)
    videos = ListAttribute(of=UnicodeAttribute, null=True)  # "youtube:<id>", "vimeo:<id>"
    created_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    by_creator = UpdatesByCreator()


class EventsByCreator(GlobalSecondaryIndex["Event"]):
    """What a person set up (export and erasure of their account; sparse)."""

    class Meta:
        index_name = "by_creator"
        projection = KeysOnlyProjection()

    created_by = UnicodeAttribute(hash_key=True)


class EventsByEnd(GlobalSecondaryIndex["Event"]):
    """Events by when they end: upcoming ones (not over yet) in one range read."""

    class Meta:
        index_name = "by_end"
        projection = AllProjection()

    community_id = UnicodeAttribute(hash_key=True)
    ends_at = NumberAttribute(range_key=True)


class Event(Model):
    class Meta(BaseMeta):
        table_name = table_name("events")

    personal = ("created_by",)

    community_id = UnicodeAttribute(hash_key=True)
    event_id = UnicodeAttribute(range_key=True)
    title = MapAttribute(default=dict)
    description = MapAttribute(default=dict)
    place = UnicodeAttribute(null=True)
    project_id = UnicodeAttribute(null=True)  # an event of one project
    videos = ListAttribute(of=UnicodeAttribute, null=True)
    starts_at = NumberAttribute()
    ends_at = NumberAttribute()
    created_by = UnicodeAttribute(null=True)
    created_at = NumberAttribute()
    by_end = EventsByEnd()
    by_creator = EventsByCreator()


TABLES: list[type[Model]] = [Update, Event]
