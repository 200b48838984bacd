"""A Parquet dataset (written by ``veille batch``) queried in place with DuckDB, and merged
into the SQLite store.

The dataset has one folder a table (``documents/``, ``quotes/``, ``entities/``, ``places/``,
``events/``: the columns of ``veille export --format parquet``; ``actors/`` and ``errors/``:
the store's rows), one file a partition; ``links/``, ``stories/`` and ``story_documents/``
one file each over the whole dataset. :func:`open_dataset` makes a DuckDB view of each
table over its files, each document once (a text analysed in two runs is kept from the
first partition), the rows of unfinished partitions left out. The query functions answer
as those of :mod:`veille.store.queries` do on SQLite, with the same arguments, checks and
rows; full-text search, which FTS5 does on SQLite, is :mod:`veille.store.textsearch` over
the texts DuckDB prefilters.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from veille.store import StoreError
from veille.store.queries import (
    MARK,
    _clean,
    _event_where,
    _like,
    _limit,
    fts_query,
)

log = logging.getLogger(__name__)

TABLES = ("documents", "quotes", "entities", "places", "events", "actors", "errors")
STORY_TABLES = ("stories", "story_documents")  # one file each, written after the partitions
_SQL_TYPES = {"str": "VARCHAR", "json": "VARCHAR", "int": "BIGINT", "float": "DOUBLE"}
_SQL_TYPES["bool"] = "BOOLEAN"
_PART = r"regexp_extract(filename, '([^/\\]+)\.parquet$', 1)"


def files(root: str | Path, table: str) -> list[str]:
    """The finished files of ``table`` (temporary ones are hidden and end in ``.tmp``)."""
    folder = Path(root) / table
    if not folder.is_dir():
        return []
    return sorted(str(f) for f in folder.glob("[!.]*.parquet"))


def _source(root: Path, table: str) -> str:
    """A relation over the files of ``table``, with its partition and row number; an empty
    typed one without files."""
    from veille.batch.partition import table_types

    found = files(root, table)
    if found:
        listing = ", ".join("'" + f.replace("'", "''") + "'" for f in found)
        return (
            f"SELECT * EXCLUDE (filename, file_row_number), {_PART} AS part,"
            f" file_row_number AS row FROM read_parquet([{listing}], filename = true,"
            " file_row_number = true)"
        )
    cols = ", ".join(
        f'CAST(NULL AS {_SQL_TYPES[kind]}) AS "{col}"' for col, kind in table_types(table).items()
    )
    return f"SELECT {cols}, '' AS part, 0::BIGINT AS row WHERE false"


def open_dataset(root: str | Path) -> Any:
    """A DuckDB connection (in memory) with a view of each table of the dataset ``root``."""
    import duckdb

    root = Path(root)
    if not (root / "documents").is_dir():
        raise StoreError(
            f"{root}: not a veille dataset (no documents/ folder): "
            f"create it with `veille batch INPUT --out {root}`"
        )
    con = duckdb.connect()
    con.create_function("fold", _fold, ["VARCHAR"], "VARCHAR", side_effects=False)
    for macro in _SQLITE_MACROS:
        con.execute(f"CREATE MACRO {macro}")
    for table in TABLES:
        con.execute(f"CREATE VIEW raw_{table} AS {_source(root, table)}")
    con.execute(
        """CREATE VIEW documents AS SELECT * EXCLUDE (rk) FROM (
             SELECT *, row_number() OVER (PARTITION BY id ORDER BY n, part) AS rk
             FROM raw_documents) WHERE rk = 1"""
    )
    for table in ("quotes", "entities", "places", "events", "actors"):
        con.execute(
            f"""CREATE VIEW {table} AS SELECT t.*, d.n AS doc_n FROM raw_{table} t
                JOIN documents d ON d.id = t.document_id AND d.part = t.part"""
        )
    con.execute("CREATE VIEW errors AS SELECT DISTINCT * EXCLUDE (part, row) FROM raw_errors")
    for table in STORY_TABLES:
        con.execute(
            f"CREATE VIEW {table} AS SELECT * EXCLUDE (part, row) FROM ({_source(root, table)})"
        )
    return con


def _fold(value: str) -> str:
    from veille.text.fold import search_key

    return search_key(value)


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _no_fts(fts: bool) -> None:
    if fts:
        raise StoreError(
            "--fts (a raw FTS5 expression) needs the SQLite store: load the dataset with "
            "`veille load DATASET --db F`, or search without --fts"
        )


# ── full-text search ─────────────────────────────────────────────────────────────────────


def _prefilter(phrases: list[Any], columns: str) -> str:
    """A DuckDB condition true of every row where one of ``phrases`` may match."""
    from veille.store.textsearch import Phrase

    ors = []
    for p in phrases:
        assert isinstance(p, Phrase)
        words = p.like_words()
        if not words:
            return "true"
        folded = f"strip_accents(lower({columns}))"
        ors.append(" AND ".join(f"{folded} LIKE '%{w}%'" for w in words))
    return "(" + " OR ".join(ors) + ")" if ors else "false"


def _candidates(con: Any, sql: str, cond: str, params: dict) -> list[dict[str, Any]]:
    return _dicts(con.execute(sql.format(cond=cond), params))


def search(
    con: Any,
    query: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    fts: bool = False,
) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.search`, on the dataset."""
    from veille.store.textsearch import Query, bm25, snippet, tokens

    _no_fts(fts)
    fts_query(query)  # the same checks, the same errors
    q = Query.parse(_clean(query))
    limit = _limit(limit)
    cols = "coalesce(title, '') || ' ' || text"
    sql = "SELECT id, date, title, source, url, path, location, text, n, part FROM documents"
    sql += " WHERE {cond}"
    cache: dict[str, list] = {}

    def columns(doc: dict) -> list:
        if doc["id"] not in cache:
            cache[doc["id"]] = [tokens(doc["title"]), tokens(doc["text"])]
        return cache[doc["id"]]

    n_hits = []
    for phrase in q.phrases:
        rows = _candidates(con, sql, _prefilter([phrase], cols), {})
        n_hits.append(sum(1 for r in rows if any(phrase.hits(c) for c in columns(r))))
    n_rows, avgdl = _size(con)
    cond = " AND ".join(_prefilter(g, cols) for g in q.groups)
    cond += " AND ($since IS NULL OR date >= $since) AND ($until IS NULL OR date <= $until)"
    params = {"since": since and _clean(since), "until": until and _clean(until)}
    hits = []
    for doc in _candidates(con, sql, cond, params):
        cs = columns(doc)
        if q.matches(cs):
            hits.append((bm25(q, cs, n_hits, n_rows, avgdl), doc["n"], doc["part"], doc))
    hits.sort(key=lambda h: h[:3])
    out = []
    for score, _, _, doc in hits[:limit]:
        row = {k: doc[k] for k in ("id", "date", "title", "source", "url", "path", "location")}
        row["snippet"] = snippet(q, doc["text"], MARK, "…", 24)
        row["score"] = round(score, 3)
        out.append(row)
    return out


def _size(con: Any) -> tuple[int, float]:
    """Rows, and tokens per row (title and text) as FTS5 counts them."""
    token = r"'[\pL\pN]+'"
    n, total = con.execute(
        f"""SELECT count(*), sum(len(regexp_extract_all(coalesce(title, ''), {token}))
                              + len(regexp_extract_all(text, {token}))) FROM documents"""
    ).fetchone()
    return n, (total or 0) / n if n else 1.0


# ── quotes, entities, places ─────────────────────────────────────────────────────────────

_SPEAKER = r"""(fold(q.speaker) LIKE $who ESCAPE '\'
    OR fold(q.speaker_mention) LIKE $who ESCAPE '\'
    OR EXISTS (SELECT 1 FROM entities e, unnest(from_json(e.forms, '["VARCHAR"]')) AS f(form)
               WHERE e.document_id = q.document_id AND e.entity_id = q.speaker_entity
               AND fold(f.form) LIKE $who ESCAPE '\'))"""


def quotes(
    con: Any,
    *,
    speaker: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    fts: bool = False,
) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.quotes`, on the dataset."""
    from veille.store.textsearch import Query, tokens

    _no_fts(fts)
    where = ["($since IS NULL OR d.date >= $since)", "($until IS NULL OR d.date <= $until)"]
    params: dict[str, Any] = {"since": since and _clean(since), "until": until and _clean(until)}
    limit = _limit(limit)
    if speaker and speaker.strip():
        params["who"] = "%" + _like(speaker, "speaker name") + "%"
        where.append(_SPEAKER)
    found = None
    if about:
        fts_query(about)
        found = Query.parse(_clean(about))
        cols = "q.content || ' ' || coalesce(q.speaker, '')"
        where += [_prefilter(g, cols) for g in found.groups]
    sql = f"""
        SELECT q.document_id, q.quote_id, d.date, q.type, q.content, q.speaker,
               q.speaker_entity, q.speaker_mention, q.cue, q.via, q.start, q."end",
               q.confidence, q.reported, d.title, d.url, d.source,
               (SELECT any_value(e.type || ':' || e.name) FROM entities e
                WHERE e.document_id = q.document_id AND e.entity_id = q.speaker_entity)
               AS speaker_id
        FROM quotes q JOIN documents d ON d.id = q.document_id AND d.part = q.part
        WHERE {" AND ".join(where)}
        ORDER BY d.date DESC NULLS LAST, d.n DESC, d.part DESC, q.start, q.row
        {"" if found else "LIMIT $limit"}
    """
    if not found:
        params["limit"] = limit
    rows = _dicts(con.execute(sql, params))
    if found:
        rows = [r for r in rows if found.matches([tokens(r["content"]), tokens(r["speaker"])])]
    return rows[:limit]


def entities(con: Any, *, type: str | None = None, top: int = 20) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.entities`, on the dataset."""
    sql = """
        SELECT e.type || ':' || e.name AS id, e.name, e.type, max(e.country) AS country,
               count(DISTINCT e.document_id) AS documents,
               CAST(sum(e.mentions) AS BIGINT) AS mentions,
               CAST(sum(e.quotes) AS BIGINT) AS quotes
        FROM entities e
        WHERE ($type IS NULL OR e.type = $type)
        GROUP BY e.name, e.type
        ORDER BY documents DESC, mentions DESC, e.name, e.type
        LIMIT $top
    """
    params = {"type": _clean(type).upper() if type else None, "top": _limit(top, "top")}
    return _dicts(con.execute(sql, params))


def places(con: Any, *, country: str | None = None, top: int = 50) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.places`, on the dataset."""
    sql = """
        WITH named AS (  -- each place's entities (its names), their mentions
            SELECT coalesce(p.geonames_id, -1) AS g, p.name, p.country,
                   e.type || ':' || e.name AS entity_id, sum(e.mentions) AS mentions
            FROM places p
            JOIN entities e ON e.document_id = p.document_id AND e.entity_id = p.entity_id
            WHERE ($country IS NULL OR p.country = $country)
            GROUP BY ALL
        ),
        best AS (  -- the most mentioned, the first id on a tie (as SQLite's max() row)
            SELECT g, name, country, first(entity_id ORDER BY mentions DESC, entity_id)
                   AS entity_id
            FROM named GROUP BY ALL
        ),
        grouped AS (
            SELECT coalesce(p.geonames_id, -1) AS g, p.name, p.country,
                   any_value(p.kind) AS kind, any_value(p.lat) AS lat,
                   any_value(p.lon) AS lon, any_value(p.geonames_id) AS geonames_id,
                   count(DISTINCT p.document_id) AS documents,
                   CAST(sum(coalesce(e.mentions, 1)) AS BIGINT) AS mentions
            FROM places p
            LEFT JOIN entities e ON e.document_id = p.document_id AND e.entity_id = p.entity_id
            WHERE ($country IS NULL OR p.country = $country)
            GROUP BY coalesce(p.geonames_id, -1), p.name, p.country
        )
        SELECT x.name, x.country, x.kind, x.lat, x.lon, x.geonames_id, x.documents,
               x.mentions, b.entity_id
        FROM grouped x
        LEFT JOIN best b
               ON b.g = x.g AND b.name = x.name AND b.country IS NOT DISTINCT FROM x.country
        ORDER BY x.mentions DESC, x.documents DESC, x.name, x.g, x.country
        LIMIT $top
    """
    params = {"country": _clean(country).upper() if country else None, "top": _limit(top, "top")}
    return _dicts(con.execute(sql, params))


# ── events and their links ───────────────────────────────────────────────────────────────

# The links of every event mention: the reduction the batch writes to links/, and what the
# event queries count on the fly (as the SQLite store does).
LINKS = """
    SELECT v.link_key, count(*) AS num_mentions, count(DISTINCT v.document_id) AS num_articles,
           count(DISTINCT coalesce(d.source, d.id)) AS num_sources
    FROM events v JOIN documents d ON d.id = v.document_id AND d.part = v.part
    GROUP BY v.link_key
"""

_MENTIONS = """
WITH hit AS (
    SELECT DISTINCT v.link_key FROM events v JOIN documents d
        ON d.id = v.document_id AND d.part = v.part
    WHERE {where}
),
mention AS (
    SELECT v.*, d.n AS document_n, d.part AS document_part, d.title, d.url,
           coalesce(d.source, d.id) AS source_key,
           row_number() OVER (PARTITION BY v.link_key ORDER BY d.n, d.part, v.row) AS rank
    FROM events v JOIN documents d ON d.id = v.document_id AND d.part = v.part
    WHERE v.link_key IN (SELECT link_key FROM hit)
),
link AS (
    SELECT link_key, count(*) AS num_mentions, count(DISTINCT document_id) AS num_articles,
           count(DISTINCT source_key) AS num_sources,
           list(document_id ORDER BY document_n, document_part, row) AS documents
    FROM mention GROUP BY link_key
)
"""

_EVENTS = (
    _MENTIONS
    + """
SELECT m.link_key AS id, coalesce(m.date, m.document_date) AS date, m.cameo_code,
       m.cameo_root, m.cameo_name, m.goldstein, m.quad_class, m.plover, m.modality,
       m.location, m.location_country, m.lat, m.lon, m.trigger, l.num_mentions,
       l.num_sources, l.num_articles, l.documents, m.document_id, m.event_id, m.quote_id,
       m.title, m.url, m.confidence, m.part
FROM link l JOIN mention m ON m.link_key = l.link_key AND m.rank = 1
ORDER BY coalesce(m.date, m.document_date) DESC NULLS LAST, l.num_mentions DESC,
         m.document_n, m.document_part, m.link_key
{limit}
"""
)

# the columns of queries.events, in its order
_EVENT_COLUMNS = tuple(
    [
        "id",
        "date",
        "cameo_code",
        "cameo_root",
        "cameo_name",
        "goldstein",
        "quad_class",
        "plover",
        "plover_mode",
        "modality",
        "actors",
        "recipients",
        "trigger",
        "size",
        "num_mentions",
        "num_sources",
        "num_articles",
        "documents",
        "document_id",
        "event_id",
        "quote_id",
        "title",
        "url",
        "confidence",
        "location",
    ]
)


def events(
    con: Any,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    root: str | None = None,
    plover: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.events`, on the dataset: the same filters
    (:func:`veille.store.queries._event_where`), whose ``:name`` parameters are DuckDB's
    ``$name`` (the condition holds no other colon); the views keep one part of each
    document, so an actor's part is its event's."""
    where, params = _event_where(
        actor=actor, recipient=recipient, root=root, plover=plover, since=since, until=until
    )
    sql = _EVENTS.format(where=where.replace(":", "$"), limit="LIMIT $limit" if limit else "")
    if limit:
        params["limit"] = _limit(limit)
    return _complete(con, _dicts(con.execute(sql, params)))


def _complete(con: Any, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the events query completed as the SQLite store gives them: their actors and
    recipients, and what the export columns leave in the dispatch (PLOVER mode, size,
    GeoNames id); two queries for all the rows."""
    ids = sorted({r["document_id"] for r in found})
    sides: dict[tuple, list[dict[str, Any]]] = {}
    for a in _dicts(
        con.execute(
            "SELECT document_id, part, event_id, role, name, code, country, sector,"
            " entity_id AS entity, (SELECT any_value(e.type || ':' || e.name) FROM entities e"
            " WHERE e.document_id = a.document_id AND e.entity_id = a.entity_id) AS id"
            " FROM actors a WHERE list_contains($ids, document_id)"
            " ORDER BY role, position",
            {"ids": ids},
        )
    ):
        key = (a.pop("document_id"), a.pop("part"), a.pop("event_id"), a.pop("role"))
        sides.setdefault(key, []).append(a)
    events = {}
    for did, text in con.execute(
        "SELECT id, dispatch FROM documents WHERE list_contains($ids, id)", {"ids": ids}
    ).fetchall():
        events |= {(did, e.get("id")): e for e in json.loads(text).get("events", [])}
    return [_event_row(r, sides, events.get((r["document_id"], r["event_id"]), {})) for r in found]


def _event_row(r: dict[str, Any], sides: dict, event: dict[str, Any]) -> dict[str, Any]:
    for role in ("actor", "recipient"):
        r[role + "s"] = sides.get((r["document_id"], r["part"], r["event_id"], role), [])
    r["plover_mode"] = event.get("plover_mode")
    r["size"] = event.get("size")
    place = event.get("location") or {}
    location = None
    if r["location"] is not None:
        location = {"name": r["location"], "country": r["location_country"]}
        location |= {"lat": r["lat"], "lon": r["lon"], "geonames_id": place.get("geonames_id")}
    r["location"] = location
    r["documents"] = list(dict.fromkeys(r["documents"]))  # each once, in stored order
    return {k: r[k] for k in _EVENT_COLUMNS}


def linked_events(con: Any, *, documents: bool = False) -> Iterator[dict[str, Any]]:
    """As :func:`veille.store.queries.linked_events`, on the dataset; with ``documents``,
    each row with its document's ``url``, ``analysed_at`` and ``dispatch``."""
    more = ", d.url, d.analysed_at, d.dispatch" if documents else ""
    sql = (
        _MENTIONS.format(where="true")
        + f"""
        SELECT m.link_key, m.document_id, m.event_id, m.modality, l.num_mentions,
               l.num_sources, l.num_articles{more}
        FROM link l JOIN mention m ON m.link_key = l.link_key AND m.rank = 1
        JOIN documents d ON d.id = m.document_id AND d.part = m.part
        ORDER BY m.document_n, m.document_part, m.row
        """
    )
    yield from _stream(con.execute(sql))


def write_links(root: str | Path) -> str | None:
    """The cross-article links of the dataset (``link_key``, ``num_mentions``,
    ``num_articles``, ``num_sources``) written to ``links/`` as one file named by the
    partitions it counts; None when that file is there already (nothing changed)."""
    root = Path(root)
    parts = [Path(f).name for f in files(root, "documents")]
    name = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24] + ".parquet"
    folder = root / "links"
    target = folder / name
    if target.exists():
        return None
    folder.mkdir(exist_ok=True)
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    con = open_dataset(root)
    try:
        path = str(tmp).replace("'", "''")
        con.execute(f"COPY ({LINKS} ORDER BY v.link_key) TO '{path}' (FORMAT parquet)")
        os.replace(tmp, target)
    finally:
        con.close()
        tmp.unlink(missing_ok=True)
    for old in files(root, "links"):
        if Path(old) != target:
            Path(old).unlink(missing_ok=True)
    return str(target)


def write_stories(root: str | Path, settings: Any = None) -> str | None:
    """The stories of the dataset: its documents assigned in (date, input) order by the
    online clusterer, as ``veille ingest`` would (:mod:`veille.store.stories`), written to
    ``stories/`` and ``story_documents/`` (one file each, named by the partitions they
    cover, the export's columns); None when they are there already (nothing changed)."""
    root = Path(root)
    parts = [Path(f).name for f in files(root, "documents")]
    name = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24] + ".parquet"
    if all((root / t / name).exists() for t in STORY_TABLES):
        return None
    con = open_dataset(root)
    try:
        members, stories = _assign_stories(con, settings)
    finally:
        con.close()
    _write_table(root, "story_documents", name, members)
    _write_table(root, "stories", name, stories)
    return str(root / "stories" / name)


def _assign_stories(con: Any, settings: Any) -> tuple[list[dict], list[dict]]:
    """The rows of ``story_documents`` and ``stories`` for the documents of the dataset."""
    from veille.model import Dispatch
    from veille.store.stories import CHUNK, Item, Member, StoryAssigner, summarise, vector

    dated = []
    last = None
    for key, day in con.execute("SELECT id, date FROM documents ORDER BY n, part").fetchall():
        last = day or last
        dated.append((last or "", len(dated), key, last))
    dated.sort()
    assigner = StoryAssigner(settings)
    rows: list[dict] = []
    by_story: dict[int, list[Member]] = {}
    for start in range(0, len(dated), CHUNK):
        chunk = dated[start : start + CHUNK]
        found = {
            r["id"]: r
            for r in _dicts(
                con.execute(
                    "SELECT id, title, date, source, external_id, dispatch FROM documents"
                    " WHERE id IN (SELECT unnest($ids))",
                    {"ids": [k for _, _, k, _ in chunk]},
                )
            )
        }
        for _, _, key, day in chunk:
            r = found[key]
            dispatch = Dispatch.from_dict(json.loads(r["dispatch"]))
            item = Item(key, day, r["title"], r["source"], dispatch)
            a, f = assigner.one(item)
            rows.append(
                {
                    "document_id": key,
                    "external_id": r["external_id"],
                    "date": r["date"],
                    "story_id": a.story,
                    "position": len(rows) + 1,
                    "similarity": a.similarity,
                    "duplicate_of": a.duplicate_of,
                    "features": json.loads(f.to_json()),
                }
            )
            member = Member(key, len(rows), r["title"], r["date"], r["source"], a.duplicate_of)
            member.vector = vector(f, assigner.settings)
            by_story.setdefault(a.story, []).append(member)
    stories = [summarise(i, m) for i, m in sorted(by_story.items())]
    return rows, stories


def _write_table(root: Path, table: str, name: str, records: list[dict]) -> None:
    """One file of ``table`` (the export's columns), written under a temporary name and
    renamed; the table's other files (older runs) removed."""
    from veille.batch.partition import table_types
    from veille.store.export import _parquet

    folder = root / table
    folder.mkdir(exist_ok=True)
    tmp = folder / f".{name}.{uuid.uuid4().hex}.tmp"
    try:
        _parquet(iter(records), tmp, table_types(table))
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    for old in files(root, table):
        if Path(old).name != name:
            Path(old).unlink(missing_ok=True)


# ── stories ──────────────────────────────────────────────────────────────────────────────

# The stories are asked with the very code and SQL of :mod:`veille.store.queries` (its
# ``stories``, ``story`` and their helpers) through :class:`_AsSQLite`, which puts the few
# SQLite words of that SQL in DuckDB's: the two answer alike by construction.
_SQLITE_WORDS = (
    ("SELECT value FROM json_each(:ids)", "SELECT unnest(CAST(:ids AS BIGINT[]))"),
    ("max(0, ", "sqlite_max0("),  # SQLite's two-argument max(), NULL when one is
    ("e.mention_count", "e.mentions"),
    ("SELECT v.*,", "SELECT v.* EXCLUDE (document_date),"),  # the dataset's events have it
    ("v.trigger_start", "v.row"),  # the dataset's events are in trigger order (the export's)
    # SQLite lists the documents in the order of the mentions' rank: DuckDB's lists have no
    # ordered DISTINCT, queries._story_events keeps each document once
    ("json_group_array(DISTINCT document_id)", "to_json(list(document_id ORDER BY rank))"),
)
_SQLITE_MACROS = (
    "julianday(x) AS epoch(TRY_CAST(x AS TIMESTAMP)) / 86400.0 + 2440587.5",
    "sqlite_max0(x) AS CASE WHEN x < 0 THEN 0 ELSE x END",
)
_PARAM = re.compile(r"(?<![\w:]):([A-Za-z_]\w*)")


class _AsSQLite:
    """The dataset's DuckDB connection as the stories' queries of
    :mod:`veille.store.queries` use a SQLite one: ``execute(sql, params)`` with the SQLite
    words of :data:`_SQLITE_WORDS` put in DuckDB's, ``:name`` parameters as ``$name`` (only
    those the statement uses: DuckDB refuses others), NULLs first in ascending order as
    SQLite sorts them; the rows as dicts (``fetchone``, or iterated)."""

    def __init__(self, con: Any) -> None:
        self.con = con

    def execute(self, sql: str, params: dict[str, Any]) -> _Rows:
        for sqlite, duck in _SQLITE_WORDS:
            sql = sql.replace(sqlite, duck)
        sql = _PARAM.sub(r"$\1", sql)
        used = set(re.findall(r"\$(\w+)", sql))
        self.con.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'")
        try:
            return _Rows(_dicts(self.con.execute(sql, {k: params[k] for k in used})))
        finally:
            self.con.execute("RESET default_null_order")


class _Rows(list):
    def fetchone(self) -> dict[str, Any] | None:
        return self[0] if self else None


def stories(
    con: Any, *, since: str | None = None, until: str | None = None, top: int | None = None
) -> list[dict[str, Any]]:
    """As :func:`veille.store.queries.stories`, on the dataset's ``stories/`` and
    ``story_documents/`` (written by ``veille batch``)."""
    from veille.store import queries

    return queries.stories(_AsSQLite(con), since=since, until=until, top=top)


def story(con: Any, id: int | str) -> dict[str, Any] | None:
    """As :func:`veille.store.queries.story`, on the dataset."""
    from veille.store import queries

    return queries.story(_AsSQLite(con), id)


# ── stats ────────────────────────────────────────────────────────────────────────────────


def stats(con: Any, root: str | Path | None = None) -> dict[str, Any]:
    """As :func:`veille.store.queries.stats`, on the dataset (``migrations`` empty: a
    dataset has none; ``size_bytes`` that of its files)."""

    def one(sql: str) -> Any:
        return con.execute(sql).fetchone()[0]

    first, last = con.execute("SELECT min(date), max(date) FROM documents").fetchone()
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "undated": one("SELECT count(*) FROM documents WHERE date IS NULL"),
        "first_date": first,
        "last_date": last,
        "quotes": one("SELECT count(*) FROM quotes"),
        "entities": one("SELECT count(*) FROM (SELECT DISTINCT name, type FROM entities)"),
        "entity_mentions": int(one("SELECT coalesce(sum(mentions), 0) FROM entities")),
        "places": one(
            "SELECT count(*) FROM (SELECT DISTINCT coalesce(CAST(geonames_id AS VARCHAR), name)"
            " FROM places)"
        ),
        "quantities": int(
            one(
                "SELECT coalesce(sum(json_array_length(dispatch, '$.quantities')), 0)"
                " FROM documents"
            )
        ),
        "events": one("SELECT count(DISTINCT link_key) FROM events"),
        "event_mentions": one("SELECT count(*) FROM events"),
        "errors": one("SELECT count(*) FROM (SELECT DISTINCT path, location, reason FROM errors)"),
        "pipeline_versions": dict(
            con.execute(
                "SELECT pipeline_version, count(*) FROM documents GROUP BY pipeline_version"
                " ORDER BY 2 DESC"
            ).fetchall()
        ),
        "migrations": [],
        "size_bytes": _size_on_disk(root) if root else 0,
    }


def _size_on_disk(root: str | Path) -> int:
    return sum(f.stat().st_size for f in Path(root).rglob("*.parquet"))


# ── export and load ──────────────────────────────────────────────────────────────────────


def _stream(cursor: Any, size: int = 1000) -> Iterator[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    while batch := cursor.fetchmany(size):
        for row in batch:
            yield dict(zip(names, row, strict=True))


def rows(con: Any, table: str) -> Iterator[dict[str, Any]]:
    """As :func:`veille.store.export.rows`: the rows of an export table, in stored order,
    JSON columns decoded."""
    from veille.store.export import TABLES as EXPORT

    if table not in EXPORT:
        raise StoreError(f"no table {table!r} to export: choose one of {', '.join(EXPORT)}")
    types = EXPORT[table][1]
    cols = ", ".join(f'"{c}"' for c in types)
    order = {"documents": "n, part", "stories": "id", "story_documents": "position"}.get(
        table, "doc_n, part, row"
    )
    for record in _stream(con.execute(f"SELECT {cols} FROM {table} ORDER BY {order}")):
        for col, kind in types.items():
            if kind == "json" and record[col] is not None:
                record[col] = json.loads(record[col])
        yield record


def export(con: Any, table: str | None, fmt: str, out: str | Path) -> int:
    """As :func:`veille.store.export.export`, from the dataset: the export's own writers."""
    from veille.store import export as ex

    if fmt not in ex.FORMATS:
        raise StoreError(f"unknown format {fmt!r}: choose one of {', '.join(ex.FORMATS)}")
    if fmt in ex.EVENT_FORMATS:
        if table not in (None, "events"):
            raise StoreError(f"--format {fmt} exports events: drop --table {table}")
        table = "events"
    table = table or "quotes"
    if table not in ex.TABLES:
        raise StoreError(f"no table {table!r} to export: choose one of {', '.join(ex.TABLES)}")
    types = ex.TABLES[table][1]
    out = Path(out)
    try:
        with ex._replacing(out) as target:
            if fmt in ex.EVENT_FORMATS:
                return _events_out(con, fmt, target)
            records = rows(con, table)
            if fmt == "jsonl":
                return ex._jsonl(records, target)
            if fmt == "csv":
                return ex._csv(records, target, types)
            return ex._parquet(records, target, types)
    except OSError as exc:
        raise StoreError(f"{out}: cannot write: {exc.strerror or exc}") from exc


def _events_out(con: Any, fmt: str, out: Path) -> int:
    """GDELT rows or PLOVER records, one per linked event (as the store's export)."""
    from itertools import groupby

    from veille.export_events import Link, gdelt_row, plover_record
    from veille.model import Dispatch
    from veille.store.export import NOT_IN_GDELT
    from veille.store.links import global_id

    n = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        linked = linked_events(con, documents=True)
        for _, group in groupby(linked, key=lambda r: r["document_id"]):
            group = list(group)
            url, added = group[0]["url"], group[0]["analysed_at"]
            dispatch = Dispatch.from_dict(json.loads(group[0]["dispatch"]))
            by_id = {e.id: e for e in dispatch.events}
            added = "".join(c for c in added if c.isdigit())[:14]
            for r in group:
                event = by_id.get(r["event_id"])
                if event is None or (fmt == "gdelt" and event.modality in NOT_IN_GDELT):
                    continue
                link = Link(
                    global_id(r["link_key"]), r["num_mentions"], r["num_sources"], r["num_articles"]
                )
                if fmt == "plover":
                    f.write(
                        json.dumps(plover_record(dispatch, event, link=link), ensure_ascii=False)
                    )
                    f.write("\n")
                else:
                    row = gdelt_row(
                        dispatch, event, source_url=url or "", link=link, date_added=added
                    )
                    f.write("\t".join(row) + "\n")
                n += 1
    return n


_META = ("title", "date", "url", "source", "author", "site", "path", "location")


def load(root: str | Path, db: str | Path, *, batch: int = 200) -> dict[str, int]:
    """Merge the dataset ``root`` into the SQLite store ``db`` through the store's writer:
    a document stored already with the same pipeline version is left as it is, an error
    recorded already is not counted again, so loading twice changes nothing."""
    from veille.model import Dispatch
    from veille.store import connect
    from veille.store.stories import StoryAssigner, catch_up
    from veille.store.writer import ErrorRecord, StoredDocument, stored_version, write_batch

    con = open_dataset(root)
    conn = connect(db)
    counts = {"loaded": 0, "present": 0, "errors": 0}
    try:
        pending: list[StoredDocument] = []
        cursor = con.execute(
            "SELECT id, pipeline_version, external_id, dispatch, "
            + ", ".join(_META)
            + " FROM documents ORDER BY n, part"
        )
        for r in _stream(cursor):
            if stored_version(conn, r["id"]) == r["pipeline_version"]:
                counts["present"] += 1
                continue
            meta = {k: r[k] for k in _META if r[k] is not None}
            if r["external_id"] is not None:
                meta["id"] = r["external_id"]
            dispatch = Dispatch.from_dict(json.loads(r["dispatch"]))
            pending.append(StoredDocument(dispatch, meta, r["pipeline_version"]))
            if len(pending) >= batch:
                write_batch(conn, pending)
                counts["loaded"] += len(pending)
                pending = []
        errors = [
            ErrorRecord(e["path"], e["reason"], e["location"] or "", e["stage"], e["document_id"])
            for e in _dicts(con.execute("SELECT * FROM errors ORDER BY path, location, reason"))
            if not conn.execute(
                "SELECT 1 FROM errors WHERE path = ? AND location = ? AND reason = ?",
                (e["path"], e["location"] or "", e["reason"]),
            ).fetchone()
        ]
        write_batch(conn, pending, errors)
        counts["loaded"] += len(pending)
        counts["errors"] = len(errors)
        # the documents loaded get their stories as an ingest would give them, in date order
        # after those stored: into an empty store, the dataset's own stories (same order)
        catch_up(conn, StoryAssigner.from_store(conn))
    finally:
        conn.close()
        con.close()
    return counts
