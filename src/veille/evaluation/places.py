"""Places: over gold places with a country, the share resolved to the right country, and for
``city`` places the share within 50 km of the gold point.

A gold place is resolved by a predicted place whose mention text matches it (folding + word
subset rule); an exact folded match is preferred over a subset match, then the first predicted
place in the list. Not one-to-one: several gold places may be resolved by predictions that share
a mention, which cannot happen with one gold place per entity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from veille.evaluation.counts import Counts, ratio
from veille.evaluation.matching import Document, locate, name_weight

CITY_KM = 50.0
EARTH_RADIUS_KM = 6371.0088


@dataclass
class PlaceCounts(Counts):
    gold: int = 0
    country_ok: int = 0
    cities_gold: int = 0
    cities_ok: int = 0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def mention_text(item: dict[str, Any]) -> str | None:
    """A place's mention: the gold string, or the predicted mention's text."""
    mention = item.get("mention")
    if isinstance(mention, dict):
        return mention.get("text")
    return mention


def _resolve(gold_place: dict[str, Any], predicted: list[dict[str, Any]]) -> dict | None:
    """The predicted place resolving a gold one: exact folded mention first, then the first."""
    gm = mention_text(gold_place)
    cands = [
        (w, j)
        for j, p in enumerate(predicted)
        if (w := name_weight(mention_text(p), gm)) is not None
    ]
    if not cands:
        return None
    return predicted[min(cands, key=lambda wj: (-wj[0], wj[1]))[1]]


def _distance(g: dict[str, Any], p: dict[str, Any]) -> float | None:
    if None in (p.get("lat"), p.get("lon"), g.get("lat"), g.get("lon")):
        return None
    return haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])


def _score_place(g: dict[str, Any], p: dict[str, Any], doc: Document, c: PlaceCounts) -> None:
    """Count one resolved gold place; a wrong country or a far city is a miss."""
    is_city = g.get("kind") == "city"
    country_ok = str(p.get("country") or "").upper() == str(g["country"]).upper()
    c.country_ok += country_ok
    distance = _distance(g, p) if is_city else None
    if is_city:
        c.cities_ok += distance is not None and distance <= CITY_KM
    if not country_ok or (is_city and (distance is None or distance > CITY_KM)):
        predicted = {k: p.get(k) for k in ("name", "country", "lat", "lon", "kind")}
        km = None if distance is None else round(distance, 1)
        span = locate(doc.text, mention_text(g))
        doc.miss("place_wrong", g, span, predicted=predicted, distance_km=km)


def compare(gold: dict[str, Any], pred: dict[str, Any], doc: Document) -> PlaceCounts:
    """One document's place counts; its misses go to ``doc``."""
    c = PlaceCounts()
    pp = list(pred.get("places") or [])
    for g in gold.get("places") or []:
        if not g.get("country"):
            continue
        c.gold += 1
        c.cities_gold += g.get("kind") == "city"
        p = _resolve(g, pp)
        if p is None:
            doc.miss("place_missing", g, locate(doc.text, mention_text(g)))
        else:
            _score_place(g, p, doc, c)
    return c


def summary(c: PlaceCounts) -> dict[str, Any]:
    """The ``places`` part of the scores."""
    return {
        "places": {
            "country_accuracy": ratio(c.country_ok, c.gold),
            "city_within_50km": ratio(c.cities_ok, c.cities_gold),
            "gold": c.gold,
            "gold_cities": c.cities_gold,
        }
    }
