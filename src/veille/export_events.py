"""Event exports as pure functions over a :class:`veille.model.Dispatch`.

- :func:`gdelt_rows` / :func:`gdelt_row`: GDELT 2.0 event table rows, the 61 columns of the
  GDELT 2.0 event codebook (listed in ``GDELT_COLUMNS``); columns veille does not know are
  empty strings.
- :func:`plover_records` / :func:`plover_record`: PLOVER-style JSON records.

One dispatch alone, every event counts one mention in one article from one source; the
corpus store links the reports of one event across articles and passes a :class:`Link`
(its ``GlobalEventID`` and counts) for the mention standing for it. The ``veille export``
command writes them; nothing here does I/O.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date as date_cls
from typing import Any

from veille.model import Actor, Dispatch, Event, EventPlace

__all__ = ["GDELT_COLUMNS", "Link", "gdelt_row", "gdelt_rows", "plover_record", "plover_records"]

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


@dataclass(frozen=True)
class Link:
    """One event as the corpus knows it: its number and how often it is reported."""

    id: int  # GDELT GlobalEventID
    num_mentions: int = 1
    num_sources: int = 1
    num_articles: int = 1


def _event_id(dispatch: Dispatch, event: Event) -> int:
    digest = hashlib.sha256(f"{dispatch.id}:{event.id}".encode()).hexdigest()
    return int(digest[:15], 16)


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


# GDELT geographic resolution: 1 country, 4 world city, 5 world state (ADM1)
_GEO_TYPE = {"country": "1", "city": "4", "feature": "4", "region": "5", "approximate": "1"}


def _geo_cells(place: EventPlace | None, dispatch: Dispatch) -> list[str]:
    if place is None:
        return [""] * len(_GEO_FIELDS)
    kind = next((p.kind for p in dispatch.places if place.entity and p.entity == place.entity), "")
    geo_type = _GEO_TYPE.get(kind) or (
        "4" if place.lat is not None else "1" if place.country else ""
    )
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


def _day(iso: str | None) -> date_cls | None:
    try:
        return date_cls.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _in_lead(dispatch: Dispatch, event: Event) -> bool:
    """The event is in the lead paragraph (GDELT ``IsRootEvent``): the first line of the
    text long enough to be a paragraph, not a headline or a dateline alone."""
    offset = 0
    for line in dispatch.text.splitlines(keepends=True):
        if len(line.strip()) >= 60:
            return offset <= event.trigger.start < offset + len(line)
        offset += len(line)
    return event.id == "v1"


def _cell(value: str) -> str:
    """A cell of a tab-separated row: no tab or line break inside."""
    return " ".join(value.split()) if any(c in value for c in "\t\r\n") else value


def gdelt_row(
    dispatch: Dispatch,
    event: Event,
    *,
    source_url: str = "",
    link: Link | None = None,
    date_added: str = "",
) -> list[str]:
    """The GDELT 2.0 row (61 strings) of one event. ``date_added`` is ``YYYYMMDDHHMMSS``
    (default: the dispatch's date at midnight)."""
    link = link or Link(_event_id(dispatch, event))
    day = _day(event.date) or _day(dispatch.date)
    ymd = day.strftime("%Y%m%d") if day else ""
    fraction = f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else ""
    published = _day(dispatch.date)
    if not date_added and published:
        date_added = published.strftime("%Y%m%d") + "000000"
    code = event.cameo.code
    row = [
        str(link.id),
        ymd,
        ymd[:6],
        ymd[:4],
        fraction,
        *_actor_cells(event.actors),
        *_actor_cells(event.recipients),
        "1" if _in_lead(dispatch, event) else "0",
        code,
        code[:3],
        event.cameo.root_code,
        str(event.cameo.quad_class),
        "" if event.cameo.goldstein is None else f"{event.cameo.goldstein:g}",
        str(link.num_mentions),
        str(link.num_sources),
        str(link.num_articles),
        "",
        *_geo_cells(None, dispatch),
        *_geo_cells(None, dispatch),
        *_geo_cells(event.location, dispatch),
        date_added,
        source_url,
    ]
    return [_cell(c) for c in row]


def gdelt_rows(dispatch: Dispatch, *, source_url: str = "") -> list[list[str]]:
    """One GDELT 2.0 row (61 strings) per event of ``dispatch``."""
    return [gdelt_row(dispatch, e, source_url=source_url) for e in dispatch.events]


def plover_record(dispatch: Dispatch, event: Event, *, link: Link | None = None) -> dict[str, Any]:
    """A PLOVER-style record: event type, mode, actors, recipients, location, date, source,
    and how often the event is reported (``num_mentions``, ``num_sources``, ``num_articles``)."""
    e = event
    return {
        "id": str(link.id) if link else f"{dispatch.id}-{e.id}",
        "date": e.date or dispatch.date,
        "event_type": e.plover or None,  # None for CAMEO 01 (public statements)
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
        "num_mentions": link.num_mentions if link else 1,
        "num_sources": link.num_sources if link else 1,
        "num_articles": link.num_articles if link else 1,
    }


def plover_records(dispatch: Dispatch) -> list[dict[str, Any]]:
    """One PLOVER-style record per event of ``dispatch``."""
    return [plover_record(dispatch, e) for e in dispatch.events]
