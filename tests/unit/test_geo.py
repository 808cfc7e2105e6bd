"""Geohash covering of bounding boxes."""

from __future__ import annotations

import random

import pytest

from chalicelib.contributions import geo_rules as geo
from chalicelib.platform.errors import ValidationFailed


def test_encode_matches_known_geohashes():
    assert geo.encode(57.64911, 10.40744, 11) == "u4pruydqqvj"
    assert geo.encode(48.8584, 2.2945, 6) == "u09tun"
    assert geo.encode(-33.8568, 151.2153, 5) == "r3gx2"


@pytest.mark.parametrize("raw", ["1,2,3", "a,b,c,d", "10,0,5,1", "0,10,1,5", "0,0,200,1",
                                 "nan,0,1,1", "inf,0,1,1"])
def test_bad_boxes_are_refused_naming_bbox(raw):
    with pytest.raises(ValidationFailed) as raised:
        geo.parse_bbox(raw)
    assert raised.value.errors[0].field == "bbox"


@pytest.mark.parametrize("box", [
    geo.BBox(2.25, 48.81, 2.42, 48.90),      # Paris
    geo.BBox(-0.01, -0.01, 0.01, 0.01),      # across the equator and the prime meridian
    geo.BBox(-180, -90, 180, 90),            # the world
    geo.BBox(13.3, 52.5, 13.3001, 52.5001),  # a few metres
])
def test_the_covering_is_bounded_and_contains_every_point_of_the_box(box):
    cover = geo.covering(box)
    assert len(cover) <= 32
    ranges = geo.ranges(box)
    rng = random.Random(4)
    for _ in range(500):
        lat = rng.uniform(box.min_lat, box.max_lat)
        lon = rng.uniform(box.min_lon, box.max_lon)
        hashed = geo.encode(lat, lon)
        assert any(low <= hashed <= geo.upper_bound(high) for low, high in ranges)


def test_a_small_box_uses_fine_cells():
    cover = geo.covering(geo.BBox(2.29, 48.85, 2.30, 48.86))
    assert len(cover[0]) >= 5 and len(cover) <= geo.MAX_CELLS


def test_consecutive_cells_merge_into_ranges():
    box = geo.BBox(2.25, 48.81, 2.42, 48.90)
    assert len(geo.ranges(box)) <= len(geo.covering(box))

def test_a_point_is_kept_to_seven_decimals_so_dynamodb_can_store_it():
    from chalicelib.contributions.geo_rules import check_point

    # A subnormal float is a valid latitude for the schema, but no DynamoDB number.
    assert check_point(-2.2250738585e-313, 2.35220001234) == (0.0, 2.3522)
    assert check_point(48.85661234567, -0.00000004) == (48.8566123, 0.0)
