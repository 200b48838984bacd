"""Event exports as pure functions over a :class:`veille.model.Dispatch`.

- :func:`gdelt_rows`: GDELT 2.0 event table rows, the 61 columns of the GDELT 2.0 event
  codebook (listed in ``GDELT_COLUMNS``); columns veille does not know are empty strings.
- :func:`plover_records`: PLOVER-style JSON records (one dict per event).

The ``veille export`` command writes them; nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from typing import Any

from veille.model import Actor, Dispatch, Event, EventPlace

__all__ = ["GDELT_COLUMNS", "gdelt_rows", "plover_records"]

_ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
_GEO_FIELDS = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)

GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS),
    *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(f"{side}Geo_{f}" for side in ("Actor1", "Actor2", "Action") for f in _GEO_FIELDS),
    "DATEADDED",
    "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


def _event_id(dispatch: Dispatch, event: Event) -> str:
    digest = hashlib.sha256(f"{dispatch.id}:{event.id}".encode()).hexdigest()
    return str(int(digest[:15], 16))


def _actor_cells(actors: list[Actor]) -> list[str]:
    if not actors:
        return [""] * len(_ACTOR_FIELDS)
    a = actors[0]
    known = a.code[3:] if a.code and a.code.startswith("IGO") and len(a.code) > 3 else ""
    return [
        a.code or "",
        a.name.upper(),
        a.country or "",
        known,
        "",
        "",
        "",
        a.sector or "",
        "",
        "",
    ]


def _geo_cells(place: EventPlace | None) -> list[str]:
    if place is None:
        return [""] * len(_GEO_FIELDS)
    geo_type = "4" if place.geonames_id and place.country else "1" if place.country else ""
    return [
        geo_type,
        place.name,
        place.country or "",  # ISO alpha-2 (GDELT uses FIPS 10-4; veille keeps ISO)
        "",
        "",
        "" if place.lat is None else f"{place.lat:.4f}",
        "" if place.lon is None else f"{place.lon:.4f}",
        "" if place.geonames_id is None else str(place.geonames_id),
    ]


def gdelt_rows(dispatch: Dispatch, *, source_url: str = "") -> list[list[str]]:
    """One GDELT 2.0 row (61 strings) per event of ``dispatch``."""
    rows = []
    for e in dispatch.events:
        day = (e.date or dispatch.date or "").replace("-", "")
        year = day[:4]
        fraction = ""
        if len(day) == 8:
            fraction = f"{int(year) + (int(day[4:6]) - 1) / 12 + (int(day[6:8]) - 1) / 365:.4f}"
        code = e.cameo.code
        row = [
            _event_id(dispatch, e),
            day,
            day[:6],
            year,
            fraction,
            *_actor_cells(e.actors),
            *_actor_cells(e.recipients),
            "1" if e.id == "v1" else "0",
            code,
            code[:3],
            e.cameo.root_code,
            str(e.cameo.quad_class),
            "" if e.cameo.goldstein is None else f"{e.cameo.goldstein:g}",
            "1",
            "1",
            "1",
            "",
            *_geo_cells(None),
            *_geo_cells(None),
            *_geo_cells(e.location),
            (dispatch.date or "").replace("-", ""),
            source_url,
        ]
        rows.append(row)
    return rows


def plover_records(dispatch: Dispatch) -> list[dict[str, Any]]:
    """PLOVER-style records: event type, mode, actors, recipients, location, date, source."""
    out = []
    for e in dispatch.events:
        out.append(
            {
                "id": f"{dispatch.id}-{e.id}",
                "date": e.date or dispatch.date,
                "event_type": e.plover or None,
                "mode": e.plover_mode,
                "context": None,
                "cameo": e.cameo.code,
                "actor": [a.code or a.name for a in e.actors],
                "actor_names": [a.name for a in e.actors],
                "recipient": [a.code or a.name for a in e.recipients],
                "recipient_names": [a.name for a in e.recipients],
                "modality": e.modality,
                "size": e.size,
                "location": None
                if e.location is None
                else {
                    "name": e.location.name,
                    "country": e.location.country,
                    "lat": e.location.lat,
                    "lon": e.location.lon,
                    "geonames_id": e.location.geonames_id,
                },
                "trigger": e.trigger.text,
                "text": e.sentence.text if e.sentence else None,
                "source": dispatch.source.name if dispatch.source else None,
                "confidence": e.confidence,
            }
        )
    return out
