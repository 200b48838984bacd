"""The SQLite schema, as named migrations applied in order and recorded in ``migrations``.

A migration is never edited once released: change the schema by appending a new one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

log = logging.getLogger(__name__)

# Accent- and case-insensitive: `liberation` finds `libération`, `Alep` finds `ALEP`.
TOKENIZER = "unicode61 remove_diacritics 2"


def _fts(table: str, columns: tuple[str, ...]) -> str:
    """An external-content FTS5 index over ``columns`` of ``table`` (rowid ``n``), kept in
    step by triggers: result rows are inserted and deleted, never updated."""
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return f"""
CREATE VIRTUAL TABLE {table}_fts USING fts5(
    {cols}, content='{table}', content_rowid='n', tokenize='{TOKENIZER}'
);
CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN
    INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.n, {new});
END;
CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN
    INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.n, {old});
END;
"""


_INITIAL = """
CREATE TABLE documents (
    n INTEGER PRIMARY KEY,              -- stable rowid for the full-text index
    id TEXT NOT NULL UNIQUE,            -- content hash (veille.pipeline.content_id)
    text TEXT NOT NULL,
    title TEXT,
    date TEXT,                          -- YYYY-MM-DD: given with the document, else its dateline
    url TEXT,
    source TEXT,                        -- given with the document, else the dispatch's agency
    author TEXT,
    site TEXT,
    external_id TEXT,                   -- the id the input gave it, if any
    path TEXT,
    location TEXT,                      -- line, row or item within path
    pipeline_version TEXT NOT NULL,
    schema_version TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    dispatch TEXT NOT NULL              -- the full veille.model.Dispatch as JSON
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_version ON documents(pipeline_version);

CREATE TABLE sections (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE entities (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,            -- e1, e2… within the document
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    mention_count INTEGER NOT NULL,
    PRIMARY KEY (document_id, entity_id)
);
CREATE INDEX entities_name ON entities(name, type);

CREATE TABLE mentions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(document_id, entity_id);

CREATE TABLE roles (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    country TEXT
);
CREATE INDEX roles_entity ON roles(document_id, entity_id);

CREATE TABLE places (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    mention TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    name TEXT NOT NULL,
    country TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    geonames_id INTEGER,
    kind TEXT NOT NULL
);
CREATE INDEX places_document ON places(document_id);
CREATE INDEX places_country ON places(country);

CREATE TABLE quantities (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    value REAL NOT NULL,
    unit TEXT,
    approximate INTEGER NOT NULL,
    counts TEXT,
    PRIMARY KEY (document_id, position)
);

CREATE TABLE quotes (
    n INTEGER PRIMARY KEY,              -- stable rowid for the full-text index
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    quote_id TEXT NOT NULL,             -- q1, q2… within the document
    type TEXT NOT NULL,
    content TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue TEXT,
    cue_start INTEGER,
    cue_end INTEGER,
    speaker TEXT,                       -- canonical name, or the description as written
    speaker_entity TEXT,                -- entity_id within the document
    speaker_mention TEXT,
    speaker_start INTEGER,
    speaker_end INTEGER,
    via TEXT,
    via_entity TEXT,
    confidence REAL NOT NULL,
    reported INTEGER NOT NULL,
    UNIQUE (document_id, quote_id)
);
CREATE INDEX quotes_speaker ON quotes(document_id, speaker_entity);

CREATE TABLE events (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,             -- v1, v2… within the document
    trigger TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    cameo_code TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    cameo_name TEXT,
    goldstein REAL,
    quad_class INTEGER,
    plover TEXT,
    plover_mode TEXT,
    modality TEXT NOT NULL,
    quote_id TEXT,
    location TEXT,
    location_country TEXT,
    lat REAL,
    lon REAL,
    geonames_id INTEGER,
    date TEXT,
    date_text TEXT,
    size REAL,
    size_approximate INTEGER NOT NULL,
    sentence_start INTEGER,
    sentence_end INTEGER,
    confidence REAL NOT NULL,
    PRIMARY KEY (document_id, event_id)
);
CREATE INDEX events_code ON events(cameo_root, cameo_code);

CREATE TABLE actors (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('actor', 'recipient')),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    entity_id TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    PRIMARY KEY (document_id, event_id, role, position)
);

CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL,                -- read | analyse
    reason TEXT NOT NULL,
    document_id TEXT,                   -- content hash, when the text could be read
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    UNIQUE (path, location, reason)
);

"""

_INITIAL += _fts("documents", ("title", "text")) + _fts("quotes", ("content", "speaker"))


def _event_links(conn: sqlite3.Connection) -> None:
    """Cross-article event linking: each event mention gets the key of the event it reports
    (see :mod:`veille.store.links`); stored mentions get theirs now."""
    from veille.store.links import backfill

    conn.execute("ALTER TABLE events ADD COLUMN link_key TEXT")
    conn.execute("CREATE INDEX events_link ON events(link_key)")
    backfill(conn)


# Stories (issue 16): every document belongs to one story (veille.stories assigns them online,
# in date order). The tables start empty: documents stored before this migration get their
# story from the next ingest (it assigns every document without one before its own, in date
# order; see veille.store.stories.catch_up) or from `veille stories --rebuild`.
_STORIES = """
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,             -- Assignment.story: 1, 2, 3… in order of creation
    headline TEXT,                      -- title of the central article (most similar to the others)
    central_document TEXT,              -- documents.id
    first_seen TEXT,                    -- YYYY-MM-DD
    last_seen TEXT,
    articles INTEGER NOT NULL,
    sources INTEGER NOT NULL,
    duplicates INTEGER NOT NULL
);
CREATE TABLE story_documents (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id INTEGER NOT NULL,
    position INTEGER NOT NULL,          -- global assignment order (for restore and rebuild)
    similarity REAL NOT NULL,
    duplicate_of TEXT,                  -- documents.id of the earlier near-duplicate
    features TEXT NOT NULL              -- veille.stories.Features.to_json()
);
CREATE INDEX story_documents_story ON story_documents(story_id);
CREATE UNIQUE INDEX story_documents_position ON story_documents(position);
CREATE INDEX stories_last_seen ON stories(last_seen);
"""

# (name, SQL script or function of the connection), applied in order, each in one transaction
Migration = tuple[str, str | Callable[[sqlite3.Connection], None]]
MIGRATIONS: list[Migration] = [
    ("0001_initial", _INITIAL),
    ("0002_event_links", _event_links),
    ("0003_stories", _STORIES),
]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        log.info("applying migration %s", name)
        conn.execute("BEGIN IMMEDIATE")
        try:
            # re-check under the write lock: another writer may have just applied it
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def _statements(sql: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit behind our back)."""
    statements, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements
