"""Questions asked of the store, answered as plain data (lists of dicts, JSON-ready).

Text matching is accent- and case-insensitive throughout: full-text search uses the FTS5
``unicode61 remove_diacritics 2`` tokenizer, name matching the ``fold()`` SQL function.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from typing import Any

from veille.store import StoreError, fold

log = logging.getLogger(__name__)

MARK = ("<mark>", "</mark>")  # around matched words in snippets


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor]


def _quote_terms(query: str) -> str:
    """A plain-words FTS5 query: each word a quoted term (all must match)."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in query.split())


def _fts(conn: sqlite3.Connection, sql: str, params: dict[str, Any], key: str) -> list[dict]:
    """Run ``sql`` with ``params[key]`` as an FTS5 query; if it is not valid FTS5 syntax
    (``l'armée``, ``Croix-Rouge``, ``Alep:``), search for its words instead."""
    try:
        return _rows(conn.execute(sql, params))
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc) and "no such column" not in str(exc):
            raise
        plain = _quote_terms(params[key])
        if not plain:
            raise StoreError("empty search: give words to look for") from None
        log.info("FTS5 syntax error (%s): searching the words of %r", exc, params[key])
        return _rows(conn.execute(sql, {**params, key: plain}))


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Documents matching ``query`` (FTS5 syntax: words, ``"a phrase"``, ``OR``, ``NOT``,
    ``prefix*``), best first, each with a snippet where matches are wrapped in :data:`MARK`."""
    if not query.strip():
        raise StoreError("empty search: give words to look for")
    sql = """
        SELECT d.id, d.date, d.title, d.source, d.url, d.path, d.location,
               snippet(documents_fts, 1, :open, :close, '…', 24) AS snippet,
               round(bm25(documents_fts), 3) AS score
        FROM documents_fts JOIN documents d ON d.n = documents_fts.rowid
        WHERE documents_fts MATCH :query
          AND (:since IS NULL OR d.date >= :since) AND (:until IS NULL OR d.date <= :until)
        ORDER BY bm25(documents_fts) LIMIT :limit
    """
    params = {
        "query": query,
        "since": since,
        "until": until,
        "limit": limit,
        "open": MARK[0],
        "close": MARK[1],
    }
    return _fts(conn, sql, params, "query")


def quotes(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Quotes, newest document first. ``speaker`` matches the speaker's canonical name, any
    mention of that entity in the document, or the words that name it (``Poutine`` finds
    the quotes of Vladimir Poutine); ``about`` is a full-text query on the quote content."""
    where = ["(:since IS NULL OR d.date >= :since)", "(:until IS NULL OR d.date <= :until)"]
    params: dict[str, Any] = {"since": since, "until": until, "limit": limit}
    if speaker:
        params["who"] = "%" + _like_escape(fold(speaker.strip()) or "") + "%"
        where.append(
            r"""(fold(q.speaker) LIKE :who ESCAPE '\'
                 OR fold(q.speaker_mention) LIKE :who ESCAPE '\'
                 OR EXISTS (SELECT 1 FROM mentions m WHERE m.document_id = q.document_id
                            AND m.entity_id = q.speaker_entity
                            AND fold(m.text) LIKE :who ESCAPE '\'))"""
        )
    if about:
        params["about"] = about
        where.append("q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :about)")
    sql = f"""
        SELECT q.document_id, q.quote_id, d.date, q.type, q.content, q.speaker,
               q.speaker_entity, q.speaker_mention, q.cue, q.via, q.start, q."end",
               q.confidence, q.reported, d.title, d.url, d.source
        FROM quotes q JOIN documents d ON d.id = q.document_id
        WHERE {" AND ".join(where)}
        ORDER BY d.date DESC NULLS LAST, d.n DESC, q.start, q.n
        LIMIT :limit
    """
    rows = _fts(conn, sql, params, "about") if about else _rows(conn.execute(sql, params))
    for r in rows:
        r["reported"] = bool(r["reported"])
    return rows


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entities(
    conn: sqlite3.Connection, *, type: str | None = None, top: int = 20
) -> list[dict[str, Any]]:
    """The most mentioned entities across documents (same canonical name and type), with the
    number of documents naming them, of mentions, and of quotes they are the speaker of."""
    sql = """
        SELECT e.name, e.type, max(e.country) AS country,
               count(DISTINCT e.document_id) AS documents,
               sum(e.mention_count) AS mentions,
               sum((SELECT count(*) FROM quotes q WHERE q.document_id = e.document_id
                    AND q.speaker_entity = e.entity_id)) AS quotes
        FROM entities e
        WHERE (:type IS NULL OR e.type = :type)
        GROUP BY e.name, e.type
        ORDER BY documents DESC, mentions DESC, e.name
        LIMIT :top
    """
    return _rows(conn.execute(sql, {"type": type.upper() if type else None, "top": top}))


def places(
    conn: sqlite3.Connection, *, country: str | None = None, top: int = 50
) -> list[dict[str, Any]]:
    """Resolved places with coordinates, most mentioned first; ``country`` is ISO alpha-2."""
    sql = """
        SELECT p.name, p.country, p.kind, p.lat, p.lon, p.geonames_id,
               count(DISTINCT p.document_id) AS documents,
               sum(coalesce(e.mention_count, 1)) AS mentions
        FROM places p
        LEFT JOIN entities e ON e.document_id = p.document_id AND e.entity_id = p.entity_id
        WHERE (:country IS NULL OR p.country = :country)
        GROUP BY coalesce(p.geonames_id, -1), p.name, p.country
        ORDER BY mentions DESC, documents DESC, p.name
        LIMIT :top
    """
    return _rows(conn.execute(sql, {"country": country.upper() if country else None, "top": top}))


# The mentions of the linked events that have one mention matching {where}, each linked
# event counted; its first mention (oldest stored document, first in the text) stands for it.
_LINKS = """
WITH hit AS (
    SELECT DISTINCT v.link_key FROM events v JOIN documents d ON d.id = v.document_id
    WHERE {where}
),
mention AS (
    SELECT v.*, d.n AS document_n, d.date AS document_date, d.title, d.url,
           coalesce(d.source, d.id) AS source_key,
           row_number() OVER (PARTITION BY v.link_key ORDER BY d.n, v.trigger_start) AS rank
    FROM events v JOIN documents d ON d.id = v.document_id
    WHERE v.link_key IN hit
),
link AS (
    SELECT link_key, count(*) AS num_mentions, count(DISTINCT document_id) AS num_articles,
           count(DISTINCT source_key) AS num_sources,
           json_group_array(DISTINCT document_id) AS documents
    FROM mention GROUP BY link_key
)
"""

_EVENTS_SQL = (
    _LINKS
    + """
SELECT m.link_key AS id, coalesce(m.date, m.document_date) AS date, m.cameo_code,
       m.cameo_root, m.cameo_name, m.goldstein, m.quad_class, m.plover, m.plover_mode,
       m.modality, {sides}, m.location, m.location_country, m.lat, m.lon, m.geonames_id,
       m.trigger, m.size, l.num_mentions, l.num_sources, l.num_articles, l.documents,
       m.document_id, m.event_id, m.quote_id, m.title, m.url, m.confidence
FROM link l JOIN mention m ON m.link_key = l.link_key AND m.rank = 1
ORDER BY coalesce(m.date, m.document_date) DESC NULLS LAST, l.num_mentions DESC, m.document_n
{limit}
"""
)

_SIDE = """(SELECT json_group_array(json_object('name', a.name, 'code', a.code,
             'country', a.country, 'sector', a.sector, 'entity', a.entity_id))
            FROM (SELECT * FROM actors a WHERE a.document_id = m.document_id
                  AND a.event_id = m.event_id AND a.role = '{role}' ORDER BY a.position) a)
           AS {role}s"""

_SIDE_MATCH = r"""EXISTS (SELECT 1 FROM actors a WHERE a.document_id = v.document_id
    AND a.event_id = v.event_id AND a.role = '{role}' AND {match})"""
_BY_CODE = r"(a.code LIKE :{role} || '%' ESCAPE '\' OR a.country = :{role})"
_BY_NAME = r"fold(a.name) LIKE '%' || :{role} || '%' ESCAPE '\'"


def events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    recipient: str | None = None,
    root: str | None = None,
    plover: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = 50,
) -> list[dict[str, Any]]:
    """Events, newest first, each once however many articles report it (see
    :mod:`veille.store.links`), with ``num_mentions``, ``num_articles``, ``num_sources``.

    ``actor`` / ``recipient`` in capitals match a code by its start (``RUS`` finds
    ``RUSGOV``) or an ISO-3 country, otherwise words of the name (``Poutine``); ``root`` is
    a CAMEO root code (``19``, or ``9`` for ``09``); ``plover`` a PLOVER category; dates
    bound the event's date (else its document's)."""
    where = [
        "(:since IS NULL OR coalesce(v.date, d.date) >= :since)",
        "(:until IS NULL OR coalesce(v.date, d.date) <= :until)",
    ]
    params: dict[str, Any] = {"since": since, "until": until}
    for role, value in (("actor", actor), ("recipient", recipient)):
        value = (value or "").strip()
        if not value:
            continue
        by_code = value.isupper()
        params[role] = _like_escape(value if by_code else fold(value) or "")
        match = (_BY_CODE if by_code else _BY_NAME).format(role=role)
        where.append(_SIDE_MATCH.format(role=role, match=match))
    if root:
        code = root.strip()
        params["root"] = code.zfill(2) if code.isdigit() and len(code) < 2 else code
        where.append("v.cameo_root = :root")
    if plover:
        params["plover"] = plover.strip().upper()
        where.append("upper(v.plover) = :plover")
    sql = _EVENTS_SQL.format(
        where=" AND ".join(where),
        sides=", ".join(_SIDE.format(role=r) for r in ("actor", "recipient")),
        limit="LIMIT :limit" if limit else "",
    )
    params["limit"] = limit
    rows = _rows(conn.execute(sql, params))
    for r in rows:
        for col in ("actors", "recipients", "documents"):
            r[col] = json.loads(r[col])
        place = {k: r.pop(k) for k in ("location", "location_country", "lat", "lon", "geonames_id")}
        r["location"] = None
        if place["location"] is not None:
            r["location"] = {
                "name": place["location"],
                "country": place["location_country"],
                **{k: place[k] for k in ("lat", "lon", "geonames_id")},
            }
    return rows


def linked_events(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every linked event once, by the mention standing for it, in stored order: ``link_key``,
    ``document_id``, ``event_id``, ``modality``, ``num_mentions``, ``num_sources``,
    ``num_articles`` (what an export needs to write one row per event)."""
    sql = (
        _LINKS.format(where="1")
        + """
        SELECT m.link_key, m.document_id, m.event_id, m.modality, l.num_mentions,
               l.num_sources, l.num_articles
        FROM link l JOIN mention m ON m.link_key = l.link_key AND m.rank = 1
        ORDER BY m.document_n, m.trigger_start
        """
    )
    for row in conn.execute(sql):
        yield dict(row)


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """What the store holds: counts, date range, pipeline versions, size on disk."""

    def one(sql: str) -> Any:
        return conn.execute(sql).fetchone()[0]

    first, last = conn.execute("SELECT min(date), max(date) FROM documents").fetchone()
    page_size = one("PRAGMA page_size")
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "undated": one("SELECT count(*) FROM documents WHERE date IS NULL"),
        "first_date": first,
        "last_date": last,
        "quotes": one("SELECT count(*) FROM quotes"),
        "entities": one("SELECT count(*) FROM (SELECT DISTINCT name, type FROM entities)"),
        "entity_mentions": one("SELECT count(*) FROM mentions"),
        "places": one(
            "SELECT count(*) FROM (SELECT DISTINCT coalesce(geonames_id, name) FROM places)"
        ),
        "quantities": one("SELECT count(*) FROM quantities"),
        "events": one("SELECT count(DISTINCT link_key) FROM events"),
        "event_mentions": one("SELECT count(*) FROM events"),
        "errors": one("SELECT count(*) FROM errors"),
        "pipeline_versions": dict(
            conn.execute(
                "SELECT pipeline_version, count(*) FROM documents GROUP BY pipeline_version"
                " ORDER BY 2 DESC"
            ).fetchall()
        ),
        "migrations": [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")],
        "size_bytes": one("PRAGMA page_count") * page_size,
    }


def errors(conn: sqlite3.Connection, *, limit: int = 100) -> list[dict[str, Any]]:
    """Documents that could not be read or analysed, most recent first."""
    sql = """
        SELECT path, location, stage, reason, document_id, first_seen, last_seen, count
        FROM errors ORDER BY last_seen DESC, id DESC LIMIT :limit
    """
    return _rows(conn.execute(sql, {"limit": limit}))
