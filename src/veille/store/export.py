"""Export the store: a table as JSON Lines, CSV or Parquet (streamed, memory flat), or the
events as GDELT 2.0 event rows or PLOVER records, one per linked event.

An export never damages what it replaces: it is written to a temporary file beside the
target, moved onto it only once complete (a failed or killed export leaves the old file as it
was), and an output that is the corpus database itself (or its journal files) is refused.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

from veille.store import StoreError

log = logging.getLogger(__name__)

TABULAR = ("jsonl", "csv", "parquet")
EVENT_FORMATS = ("gdelt", "plover")
FORMATS = TABULAR + EVENT_FORMATS
# Events that did not happen have no place in an event dataset of what happened (GDELT has
# no modality column); PLOVER records keep them, with their modality.
NOT_IN_GDELT = ("negated", "hypothetical")
CHUNK = 5000

# table -> (SQL, {column: type}); types: str, int, float, bool, json (nested in JSONL,
# a JSON string in CSV and Parquet).
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "documents": (
        """SELECT id, date, title, source, url, author, site, external_id, path, location,
                  pipeline_version, analysed_at, text, dispatch
           FROM documents ORDER BY n""",
        {
            "id": "str",
            "date": "str",
            "title": "str",
            "source": "str",
            "url": "str",
            "author": "str",
            "site": "str",
            "external_id": "str",
            "path": "str",
            "location": "str",
            "pipeline_version": "str",
            "analysed_at": "str",
            "text": "str",
            "dispatch": "json",
        },
    ),
    "quotes": (
        """SELECT q.document_id, d.date, q.quote_id, q.type, q.content, q.speaker,
                  q.speaker_entity, q.speaker_mention, q.cue, q.via, q.start, q."end",
                  q.confidence, q.reported, d.title, d.url, d.pipeline_version
           FROM quotes q JOIN documents d ON d.id = q.document_id ORDER BY d.n, q.start""",
        {
            "document_id": "str",
            "date": "str",
            "quote_id": "str",
            "type": "str",
            "content": "str",
            "speaker": "str",
            "speaker_entity": "str",
            "speaker_mention": "str",
            "cue": "str",
            "via": "str",
            "start": "int",
            "end": "int",
            "confidence": "float",
            "reported": "bool",
            "title": "str",
            "url": "str",
            "pipeline_version": "str",
        },
    ),
    "entities": (
        """SELECT e.document_id, d.date, e.entity_id, e.name, e.type, e.country,
                  e.mention_count AS mentions,
                  (SELECT json_group_array(DISTINCT m.text) FROM mentions m
                   WHERE m.document_id = e.document_id AND m.entity_id = e.entity_id) AS forms,
                  (SELECT json_group_array(r.text) FROM roles r
                   WHERE r.document_id = e.document_id AND r.entity_id = e.entity_id) AS roles,
                  (SELECT count(*) FROM quotes q WHERE q.document_id = e.document_id
                   AND q.speaker_entity = e.entity_id) AS quotes, d.pipeline_version
           FROM entities e JOIN documents d ON d.id = e.document_id
           ORDER BY d.n, CAST(substr(e.entity_id, 2) AS INTEGER)""",
        {
            "document_id": "str",
            "date": "str",
            "entity_id": "str",
            "name": "str",
            "type": "str",
            "country": "str",
            "mentions": "int",
            "forms": "json",
            "roles": "json",
            "quotes": "int",
            "pipeline_version": "str",
        },
    ),
    "places": (
        """SELECT p.document_id, d.date, p.entity_id, p.mention, p.start, p."end", p.name,
                  p.country, p.kind, p.lat, p.lon, p.geonames_id, d.pipeline_version
           FROM places p JOIN documents d ON d.id = p.document_id ORDER BY d.n, p.start""",
        {
            "document_id": "str",
            "date": "str",
            "entity_id": "str",
            "mention": "str",
            "start": "int",
            "end": "int",
            "name": "str",
            "country": "str",
            "kind": "str",
            "lat": "float",
            "lon": "float",
            "geonames_id": "int",
            "pipeline_version": "str",
        },
    ),
    "events": (
        """SELECT v.document_id, d.date AS document_date, v.event_id, v.trigger, v.cameo_code,
                  v.cameo_root, v.cameo_name, v.goldstein, v.quad_class, v.plover, v.modality,
                  (SELECT json_group_array(a.name) FROM actors a WHERE a.document_id =
                   v.document_id AND a.event_id = v.event_id AND a.role = 'actor') AS actors,
                  (SELECT json_group_array(a.name) FROM actors a WHERE a.document_id =
                   v.document_id AND a.event_id = v.event_id AND a.role = 'recipient')
                   AS recipients,
                  v.location, v.location_country, v.lat, v.lon, v.date, v.quote_id,
                  v.confidence, v.link_key, d.pipeline_version
           FROM events v JOIN documents d ON d.id = v.document_id
           ORDER BY d.n, v.trigger_start""",
        {
            "document_id": "str",
            "document_date": "str",
            "event_id": "str",
            "trigger": "str",
            "cameo_code": "str",
            "cameo_root": "str",
            "cameo_name": "str",
            "goldstein": "float",
            "quad_class": "int",
            "plover": "str",
            "modality": "str",
            "actors": "json",
            "recipients": "json",
            "location": "str",
            "location_country": "str",
            "lat": "float",
            "lon": "float",
            "date": "str",
            "quote_id": "str",
            "confidence": "float",
            "link_key": "str",
            "pipeline_version": "str",
        },
    ),
    "stories": (
        """SELECT id, headline, central_document, first_seen, last_seen, articles, sources,
                  duplicates FROM stories ORDER BY id""",
        {
            "id": "int",
            "headline": "str",
            "central_document": "str",
            "first_seen": "str",
            "last_seen": "str",
            "articles": "int",
            "sources": "int",
            "duplicates": "int",
        },
    ),
    "story_documents": (
        """SELECT sd.document_id, d.external_id, d.date, sd.story_id, sd.position,
                  sd.similarity, sd.duplicate_of, sd.features
           FROM story_documents sd JOIN documents d ON d.id = sd.document_id
           ORDER BY sd.position""",
        {
            "document_id": "str",
            "external_id": "str",
            "date": "str",
            "story_id": "int",
            "position": "int",
            "similarity": "float",
            "duplicate_of": "str",
            "features": "json",
        },
    ),
}


def rows(conn: sqlite3.Connection, table: str) -> Iterator[dict[str, Any]]:
    """The rows of an export table, typed (booleans as bool, JSON columns decoded)."""
    if table not in TABLES:
        raise StoreError(f"no table {table!r} to export: choose one of {', '.join(TABLES)}")
    sql, types = TABLES[table]
    for row in conn.execute(sql):
        record = dict(row)
        for col, kind in types.items():
            value = record.get(col)
            if value is None:
                continue
            if kind == "bool":
                record[col] = bool(value)
            elif kind == "json":
                record[col] = json.loads(value)
        yield record


def export(conn: sqlite3.Connection, table: str | None, fmt: str, out: str | Path) -> int:
    """Write ``table`` to ``out`` in ``fmt``; return the number of rows (records) written.

    ``jsonl``, ``csv``, ``parquet``: one row per document, quote, entity, place, event
    mention, story or story member (``table``, default ``quotes``). ``gdelt`` (GDELT 2.0
    event rows: 61 tab-separated columns, no header, as GDELT publishes them) and ``plover`` (PLOVER
    records, one JSON object a line): one row per event, however many articles report it,
    with its counts of mentions, sources and articles."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt in EVENT_FORMATS:
        if table not in (None, "events"):
            raise StoreError(f"--format {fmt} exports events: drop --table {table}")
        table = "events"
    table = table or "quotes"
    if table not in TABLES:
        raise StoreError(f"no table {table!r} to export: choose one of {', '.join(TABLES)}")
    out = Path(out)
    check_output(conn, out)
    types = TABLES[table][1]
    try:
        with _replacing(out) as target:
            if fmt in EVENT_FORMATS:
                return _events(conn, fmt, target)
            records = rows(conn, table)
            if fmt == "jsonl":
                return _jsonl(records, target)
            if fmt == "csv":
                return _csv(records, target, types)
            return _parquet(records, target, types)
    except OSError as exc:
        raise StoreError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the corpus to export it: {exc}") from exc


def check_output(conn: sqlite3.Connection, out: Path) -> None:
    """Refuse an output that is the database of ``conn`` or one of its journal files (the
    same path, a symbolic link or a hard link to it): writing it would destroy the corpus."""
    target = out.resolve()
    for _, _, file in conn.execute("PRAGMA database_list").fetchall():
        if not file:
            continue  # an in-memory or temporary database
        for suffix in ("", "-wal", "-shm", "-journal"):
            db = Path(file + suffix)
            same = target == db.resolve()
            if not same and out.exists() and db.exists():
                same = os.path.samefile(out, db)
            if same:
                what = "the corpus database" if not suffix else f"a journal file ({suffix})"
                raise StoreError(
                    f"{out}: is {what} of {file}: exporting onto it would destroy the corpus; "
                    "give another --out"
                )


@contextmanager
def _replacing(out: Path) -> Iterator[Path]:
    """A temporary file beside ``out`` to write, moved onto ``out`` once written whole (with
    the permissions ``out`` had, or a new file's); removed if the writing fails. A device or
    a pipe (``/dev/stdout``) is written in place."""
    try:
        st: os.stat_result | None = out.stat()
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{out}: is a folder: give a file name, e.g. {out / 'export.jsonl'}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        yield out
        return
    target = out.resolve() if out.is_symlink() else out
    if not target.parent.is_dir():
        raise StoreError(f"{out}: the folder {target.parent} does not exist")
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else _new_file_mode())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    umask = os.umask(0o22)
    os.umask(umask)
    return 0o666 & ~umask


def _events(conn: sqlite3.Connection, fmt: str, out: Path) -> int:
    """GDELT rows or PLOVER records, one per linked event, from the stored dispatches."""
    from veille.export_events import Link, gdelt_row, plover_record
    from veille.model import Dispatch
    from veille.store.links import global_id
    from veille.store.queries import linked_events

    n = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        for did, group in groupby(linked_events(conn), key=lambda r: r["document_id"]):
            doc = conn.execute(
                "SELECT url, analysed_at, dispatch FROM documents WHERE id = ?", (did,)
            ).fetchone()
            dispatch = Dispatch.from_dict(json.loads(doc["dispatch"]))
            events = {e.id: e for e in dispatch.events}
            added = "".join(c for c in doc["analysed_at"] if c.isdigit())[:14]
            for r in group:
                event = events.get(r["event_id"])
                if event is None:
                    continue
                link = Link(
                    global_id(r["link_key"]), r["num_mentions"], r["num_sources"], r["num_articles"]
                )
                if fmt == "plover":
                    record = plover_record(dispatch, event, link=link)
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
                elif event.modality not in NOT_IN_GDELT:
                    url = doc["url"] or ""
                    row = gdelt_row(dispatch, event, source_url=url, link=link, date_added=added)
                    f.write("\t".join(row) + "\n")  # cells hold no tab nor line break
                else:
                    continue
                n += 1
    return n


def _flat(record: dict[str, Any], types: dict[str, str]) -> dict[str, Any]:
    return {
        col: json.dumps(record[col], ensure_ascii=False)
        if kind == "json" and record.get(col) is not None
        else record.get(col)
        for col, kind in types.items()
    }


def _jsonl(records: Iterator[dict[str, Any]], out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(records: Iterator[dict[str, Any]], out: Path, types: dict[str, str]) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(types))
        writer.writeheader()
        for record in records:
            writer.writerow(_flat(record, types))
            n += 1
    return n


def _parquet(records: Iterator[dict[str, Any]], out: Path, types: dict[str, str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = {
        "str": pa.string(),
        "json": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
    }
    schema = pa.schema([(col, arrow[kind]) for col, kind in types.items()])
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        chunk: list[dict[str, Any]] = []
        for record in records:
            chunk.append(_flat(record, types))
            if len(chunk) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n
