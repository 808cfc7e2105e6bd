"""Geohashes and bounding boxes, for map modules.

A contribution's location is stored with its geohash (precision 9, about 5 m). A `bbox`
query covers the box with geohash cells of the finest precision that needs at most
`MAX_CELLS` cells, merges cells that follow each other in geohash order into ranges, and
reads only those ranges of the module's map index: never the whole module. Items read in a
covering cell but outside the box are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.platform.errors import ValidationFailed

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
PRECISION = 9
MAX_CELLS = 16


@dataclass(frozen=True)
class BBox:
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def contains(self, lat: float, lon: float) -> bool:
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon


DECIMALS = 7


def check_point(lat: object, lon: object, field: str = "location") -> tuple[float, float]:
    if isinstance(lat, bool) or isinstance(lon, bool) or not isinstance(
            lat, int | float) or not isinstance(lon, int | float):
        raise ValidationFailed.field(field, "lat and lon must be numbers")
    if not -90 <= lat <= 90:
        raise ValidationFailed.field(f"{field}.lat", "must be between -90 and 90")
    if not -180 <= lon <= 180:
        raise ValidationFailed.field(f"{field}.lon", "must be between -180 and 180")
    # Kept to 7 decimal places (about a centimetre): DynamoDB stores no number smaller than
    # 1e-130, and no map needs more.
    return round(float(lat), DECIMALS) + 0.0, round(float(lon), DECIMALS) + 0.0


def parse_bbox(raw: str) -> BBox:
    """`minLon,minLat,maxLon,maxLat` (boxes across the antimeridian are not supported)."""
    parts = raw.split(",")
    if len(parts) != 4:
        raise ValidationFailed.field("bbox", "must be minLon,minLat,maxLon,maxLat")
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise ValidationFailed.field("bbox", "must be four numbers") from None
    values = (min_lon, min_lat, max_lon, max_lat)
    if any(v != v or v in (float("inf"), float("-inf")) for v in values):
        raise ValidationFailed.field("bbox", "must be four finite numbers")
    if not (-180 <= min_lon <= max_lon <= 180):
        raise ValidationFailed.field("bbox", "longitudes must satisfy -180 <= min <= max <= 180")
    if not (-90 <= min_lat <= max_lat <= 90):
        raise ValidationFailed.field("bbox", "latitudes must satisfy -90 <= min <= max <= 90")
    return BBox(min_lon, min_lat, max_lon, max_lat)


def encode(lat: float, lon: float, precision: int = PRECISION) -> str:
    lat_range = [-90.0, 90.0]
    lon_range = [-180.0, 180.0]
    chars: list[str] = []
    bits = 0
    value = 0
    even = True
    while len(chars) < precision:
        rng, coord = (lon_range, lon) if even else (lat_range, lat)
        mid = (rng[0] + rng[1]) / 2
        if coord >= mid:
            value = (value << 1) | 1
            rng[0] = mid
        else:
            value <<= 1
            rng[1] = mid
        even = not even
        bits += 1
        if bits == 5:
            chars.append(BASE32[value])
            bits = 0
            value = 0
    return "".join(chars)


def cell_size(precision: int) -> tuple[float, float]:
    """(width in degrees of longitude, height in degrees of latitude) of a cell."""
    total = 5 * precision
    lon_bits = (total + 1) // 2
    lat_bits = total // 2
    return 360.0 / (1 << lon_bits), 180.0 / (1 << lat_bits)


def _index(value: float, low: float, step: float, count: int) -> int:
    return min(count - 1, max(0, int((value - low) // step)))


def cells(box: BBox, precision: int) -> list[str]:
    width, height = cell_size(precision)
    columns = round(360.0 / width)
    rows = round(180.0 / height)
    first_col = _index(box.min_lon, -180.0, width, columns)
    last_col = _index(box.max_lon, -180.0, width, columns)
    first_row = _index(box.min_lat, -90.0, height, rows)
    last_row = _index(box.max_lat, -90.0, height, rows)
    out = []
    for row in range(first_row, last_row + 1):
        for col in range(first_col, last_col + 1):
            out.append(encode(-90.0 + (row + 0.5) * height, -180.0 + (col + 0.5) * width,
                              precision))
    return sorted(set(out))


def cell_count(box: BBox, precision: int) -> int:
    width, height = cell_size(precision)
    columns = round(360.0 / width)
    rows = round(180.0 / height)
    cols = _index(box.max_lon, -180.0, width, columns) - _index(box.min_lon, -180.0, width,
                                                                 columns) + 1
    rws = _index(box.max_lat, -90.0, height, rows) - _index(box.min_lat, -90.0, height, rows) + 1
    return cols * rws


def covering(box: BBox, max_cells: int = MAX_CELLS) -> list[str]:
    """The cells of the finest precision (up to `PRECISION`) that cover the box in at most
    `max_cells` cells. Only a box over a large part of the world needs more: then it gets
    the (at most 32) cells of precision 1."""
    best = 1
    for precision in range(1, PRECISION + 1):
        if cell_count(box, precision) <= max_cells:
            best = precision
        else:
            break
    return cells(box, best)


def _number(cell: str) -> int:
    value = 0
    for char in cell:
        value = value * 32 + BASE32.index(char)
    return value


def ranges(box: BBox, max_cells: int = MAX_CELLS) -> list[tuple[str, str]]:
    """Inclusive ranges (first cell, last cell) of consecutive covering cells, in order.
    The index reads `geohash BETWEEN first AND last + "~"` for each."""
    cover = covering(box, max_cells)
    out: list[tuple[str, str]] = []
    for cell in cover:
        if out and _number(cell) == _number(out[-1][1]) + 1:
            out[-1] = (out[-1][0], cell)
        else:
            out.append((cell, cell))
    return out


def upper_bound(cell: str) -> str:
    """A string after every geohash that starts with `cell` ('~' sorts after base32)."""
    return cell + "~"
