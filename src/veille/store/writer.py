"""The single writer: analysed documents and errors into the store, one transaction a batch."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from veille.model import Dispatch
from veille.store.links import event_key

log = logging.getLogger(__name__)

# Tables holding one document's results (each has document_id), children first.
RESULT_TABLES = (
    "actors",
    "events",
    "quotes",
    "quantities",
    "places",
    "roles",
    "mentions",
    "entities",
    "sections",
)


@dataclass(frozen=True)
class StoredDocument:
    """What the writer needs: the analysis, its container's metadata, the pipeline version."""

    dispatch: Dispatch
    meta: dict[str, Any]
    pipeline_version: str


@dataclass(frozen=True)
class ErrorRecord:
    path: str
    reason: str
    location: str = ""
    stage: str = "read"  # read | analyse
    document_id: str | None = None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stored_version(conn: sqlite3.Connection, document_id: str) -> str | None:
    """The pipeline version a stored document was analysed with; None if it is not stored."""
    row = conn.execute(
        "SELECT pipeline_version FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return row[0] if row else None


def write_batch(
    conn: sqlite3.Connection,
    documents: Sequence[StoredDocument],
    errors: Sequence[ErrorRecord] = (),
    *,
    then: Callable[[sqlite3.Connection, Sequence[StoredDocument]], None] | None = None,
) -> None:
    """Store ``documents`` (replacing any stored analysis of the same text) and ``errors`` in
    one transaction: after a crash either all of the batch is there or none of it. ``then``
    (the ingest's story assignment) runs inside the transaction, once they are written.

    A document analysed again keeps its story (its ``story_documents`` row)."""
    stamp = now()
    conn.execute("BEGIN IMMEDIATE")
    try:
        for doc in documents:
            kept = conn.execute(
                "SELECT * FROM story_documents WHERE document_id = ?", (doc.dispatch.id,)
            ).fetchone()
            _delete(conn, doc.dispatch.id)
            _insert(conn, doc, stamp)
            if kept is not None:
                _put(conn, "story_documents", ", ".join(kept.keys()), [tuple(kept)])
        if then is not None:
            then(conn, documents)
        for e in errors:
            conn.execute(
                "INSERT INTO errors (path, location, stage, reason, document_id, first_seen,"
                " last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (path, location, reason) DO UPDATE SET"
                " last_seen = excluded.last_seen, count = count + 1,"
                " document_id = coalesce(excluded.document_id, document_id)",
                (e.path, e.location, e.stage, e.reason, e.document_id, stamp, stamp),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _delete(conn: sqlite3.Connection, document_id: str) -> None:
    for table in RESULT_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
    conn.execute("DELETE FROM documents WHERE id = ?", (document_id,))
    # it failed before and is analysed now: the old failure is history
    conn.execute("DELETE FROM errors WHERE document_id = ? AND stage = 'analyse'", (document_id,))


def _put(conn: sqlite3.Connection, table: str, columns: str, rows: Iterable[Sequence]) -> None:
    """Insert ``rows`` (tuples in the order of the comma-separated ``columns``)."""
    names = ", ".join(f'"{c.strip()}"' for c in columns.split(","))
    marks = ", ".join("?" * (names.count(",") + 1))
    conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def _parts(obj: object | None, *names: str) -> tuple[Any, ...]:
    """The attributes ``names`` of an optional part of a record (all None without it)."""
    return tuple(None if obj is None else getattr(obj, n) for n in names)


def _insert(conn: sqlite3.Connection, doc: StoredDocument, stamp: str) -> None:
    """One analysed document: its ``documents`` row, then its results, table by table in the
    order of :data:`_RESULT_ROWS` (parents before the rows that point at them)."""
    _put(conn, "documents", _DOCUMENT_COLUMNS, [_document_row(doc, stamp)])
    d = doc.dispatch
    for table, columns, rows in _RESULT_ROWS:
        _put(conn, table, columns, rows(d))


_DOCUMENT_COLUMNS = (
    "id, text, title, date, url, source, author, site, external_id, path, location,"
    " pipeline_version, schema_version, analysed_at, dispatch"
)


def _document_row(doc: StoredDocument, stamp: str) -> tuple[Any, ...]:
    """The text, its container's metadata (the analysis's own date and source when the
    container gives none), the versions, and the whole analysis as JSON."""
    d, meta = doc.dispatch, doc.meta
    return (
        d.id,
        d.text,
        meta.get("title"),
        d.date or meta.get("date"),
        meta.get("url"),
        meta.get("source") or (d.source.name if d.source else None),
        meta.get("author"),
        meta.get("site"),
        meta.get("id"),
        meta.get("path"),
        meta.get("location"),
        doc.pipeline_version,
        d.schema_version,
        stamp,
        json.dumps(d.to_dict(), ensure_ascii=False, separators=(",", ":")),
    )


def _sections(d: Dispatch) -> list[tuple[Any, ...]]:
    return [(d.id, i, *_parts(s.title, "text"), s.start, s.end) for i, s in enumerate(d.sections)]


def _entities(d: Dispatch) -> list[tuple[Any, ...]]:
    return [(d.id, e.id, e.name, e.type, e.country, len(e.mentions)) for e in d.entities]


def _mentions(d: Dispatch) -> list[tuple[Any, ...]]:
    return [(d.id, e.id, m.text, m.start, m.end, m.kind) for e in d.entities for m in e.mentions]


def _roles(d: Dispatch) -> list[tuple[Any, ...]]:
    return [(d.id, e.id, r.text, r.start, r.end, r.country) for e in d.entities for r in e.roles]


def _places(d: Dispatch) -> list[tuple[Any, ...]]:
    return [
        (
            *(d.id, p.entity, *_parts(p.mention, "text", "start", "end"), p.name),
            *(p.country, p.lat, p.lon, p.geonames_id, p.kind),
        )
        for p in d.places
    ]


def _quantities(d: Dispatch) -> list[tuple[Any, ...]]:
    return [
        (d.id, i, q.text, q.start, q.end, q.value, q.unit, int(q.approximate), q.counts)
        for i, q in enumerate(d.quantities)
    ]


def _quotes(d: Dispatch) -> list[tuple[Any, ...]]:
    return [
        (
            *(d.id, q.id, q.type, q.content, q.start, q.end),
            *_parts(q.cue, "text", "start", "end"),
            *_parts(q.speaker, "name", "entity"),
            *_parts(q.speaker and q.speaker.mention, "text", "start", "end"),
            *_parts(q.via, "name", "entity"),
            *(q.confidence, int(q.reported)),
        )
        for q in d.quotes
    ]


def _events(d: Dispatch) -> list[tuple[Any, ...]]:
    """One row an event, with its link key (:func:`veille.store.links.event_key`)."""
    return [
        (
            *(d.id, v.id, *_parts(v.trigger, "text", "start", "end")),
            *_parts(v.cameo, "code", "root_code", "name", "goldstein", "quad_class"),
            *(v.plover, v.plover_mode, v.modality, v.quote),
            *_parts(v.location, "name", "country", "lat", "lon", "geonames_id"),
            *(v.date, *_parts(v.date_text, "text"), v.size, int(v.size_approximate)),
            *(*_parts(v.sentence, "start", "end"), v.confidence, event_key(v, d)),
        )
        for v in d.events
    ]


def _actors(d: Dispatch) -> list[tuple[Any, ...]]:
    """The actors and recipients of each event, numbered within their role."""
    return [
        (d.id, v.id, role, i, a.name, a.entity, a.code, a.country, a.sector)
        for v in d.events
        for role, actors in (("actor", v.actors), ("recipient", v.recipients))
        for i, a in enumerate(actors)
    ]


# Each result table: its columns (in the order of the rows) and its rows for a document.
_RESULT_ROWS: tuple[tuple[str, str, Callable[[Dispatch], list[tuple[Any, ...]]]], ...] = (
    ("sections", "document_id, position, title, start, end", _sections),
    ("entities", "document_id, entity_id, name, type, country, mention_count", _entities),
    ("mentions", "document_id, entity_id, text, start, end, kind", _mentions),
    ("roles", "document_id, entity_id, text, start, end, country", _roles),
    (
        "places",
        "document_id, entity_id, mention, start, end, name, country, lat, lon, geonames_id, kind",
        _places,
    ),
    (
        "quantities",
        "document_id, position, text, start, end, value, unit, approximate, counts",
        _quantities,
    ),
    (
        "quotes",
        "document_id, quote_id, type, content, start, end, cue, cue_start, cue_end, speaker,"
        " speaker_entity, speaker_mention, speaker_start, speaker_end, via, via_entity,"
        " confidence, reported",
        _quotes,
    ),
    (
        "events",
        "document_id, event_id, trigger, trigger_start, trigger_end, cameo_code, cameo_root,"
        " cameo_name, goldstein, quad_class, plover, plover_mode, modality, quote_id, location,"
        " location_country, lat, lon, geonames_id, date, date_text, size, size_approximate,"
        " sentence_start, sentence_end, confidence, link_key",
        _events,
    ),
    (
        "actors",
        "document_id, event_id, role, position, name, entity_id, code, country, sector",
        _actors,
    ),
)
