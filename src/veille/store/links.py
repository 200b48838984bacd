"""Cross-article event linking: reports of the same event share one ``link_key``.

Two event mentions are the same event when they have the same CAMEO root code, the same
actor codes, the same recipient codes, the same location and the same date (GDELT's notion
of one event reported by many articles). The key is computed at write time from those
fields and stored on each mention (``events.link_key``); ``num_mentions``, ``num_articles``
and ``num_sources`` are counted over the mentions sharing it, when queried, so they never
go stale when documents are added or analysed again.

A mention is linked across articles only when it has a date and at least one coded actor
or recipient; otherwise (too little to tell two events apart) it is linked only to the
other mentions of its own document. A negated or hypothetical event is never the same as
one that happened.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

from veille.model import Actor, Dispatch, Event
from veille.text.fold import search_key

# Modalities that say the event did not (or may not) happen: kept apart from the others.
_APART = ("negated", "hypothetical")


def _side(actors: Iterable[tuple[str | None, str]]) -> str:
    """Actor codes, sorted; an actor without a code counts by its folded name."""
    return ",".join(sorted({code or "~" + search_key(name) for code, name in actors}))


def link_key(
    *,
    document_id: str,
    root: str,
    actors: Iterable[tuple[str | None, str]],
    recipients: Iterable[tuple[str | None, str]],
    location: str | None,
    geonames_id: int | None,
    date: str | None,
    modality: str,
) -> str:
    """The key shared by every mention of one event (16 hex digits). ``actors`` and
    ``recipients`` are ``(code, name)`` pairs; ``date`` is the event's date, else its
    document's."""
    actors, recipients = list(actors), list(recipients)
    coded = any(code for code, _ in actors + recipients)
    place = str(geonames_id) if geonames_id else search_key(location or "")
    parts = (
        root,
        _side(actors),
        _side(recipients),
        place,
        date or "",
        modality if modality in _APART else "",
        "" if date and coded else document_id,  # too vague to link beyond its document
    )
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:16]


def _pairs(actors: list[Actor]) -> list[tuple[str | None, str]]:
    return [(a.code, a.name) for a in actors]


def event_key(event: Event, dispatch: Dispatch) -> str:
    """The link key of one event of an analysed dispatch."""
    loc = event.location
    return link_key(
        document_id=dispatch.id,
        root=event.cameo.root_code,
        actors=_pairs(event.actors),
        recipients=_pairs(event.recipients),
        location=loc.name if loc else None,
        geonames_id=loc.geonames_id if loc else None,
        date=event.date or dispatch.date,
        modality=event.modality,
    )


def global_id(key: str) -> int:
    """A linked event's number (GDELT ``GlobalEventID``): stable, from its key."""
    return int(key[:15], 16)


def backfill(conn: sqlite3.Connection) -> int:
    """Compute the key of stored events that have none (stored before linking existed)."""
    rows = conn.execute(
        "SELECT v.document_id, v.event_id, v.cameo_root, v.modality, v.location,"
        " v.geonames_id, coalesce(v.date, d.date) AS date"
        " FROM events v JOIN documents d ON d.id = v.document_id WHERE v.link_key IS NULL"
    ).fetchall()
    for did, eid, root, modality, location, geonames_id, date in rows:
        sides: dict[str, list[tuple[str | None, str]]] = {"actor": [], "recipient": []}
        for role, code, name in conn.execute(
            "SELECT role, code, name FROM actors WHERE document_id = ? AND event_id = ?"
            " ORDER BY position",
            (did, eid),
        ):
            sides[role].append((code, name))
        key = link_key(
            document_id=did,
            root=root,
            actors=sides["actor"],
            recipients=sides["recipient"],
            location=location,
            geonames_id=geonames_id,
            date=date,
            modality=modality,
        )
        conn.execute(
            "UPDATE events SET link_key = ? WHERE document_id = ? AND event_id = ?",
            (key, did, eid),
        )
    return len(rows)
