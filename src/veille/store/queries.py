"""Questions asked of the store, answered as plain data (lists of dicts, JSON-ready).

Text matching is accent- and case-insensitive throughout: full-text search uses the FTS5
``unicode61 remove_diacritics 2`` tokenizer, name matching the ``fold()`` SQL function.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from typing import Any, NamedTuple

from veille.store import StoreError
from veille.text.fold import search_key

log = logging.getLogger(__name__)

MARK = ("<mark>", "</mark>")  # around matched words in snippets


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cursor]


# Bounds on what a user can ask (documented in the commands' help). A query beyond one is
# refused with a StoreError saying which, never silently cut: FTS5 time grows with the number
# of terms (20,000 repeated words took minutes) and with each prefix term (a prefix scans
# every indexed word that starts with it).
MAX_QUERY_CHARS = 500
MAX_TERMS = 20
MAX_PREFIX_TERMS = 5
MAX_TERM_CHARS = 100
MIN_PREFIX_CHARS = 2  # letters or digits before the ``*``
MAX_PATTERN_CHARS = 200  # a name matched with LIKE (speaker, actor, recipient)
MAX_LIMIT = 10_000  # rows one query returns
MAX_OFFSET = 1_000_000  # rows skipped before them (pagination)
ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
QUOTE_TYPES = ("direct", "indirect", "mixed", "according_to")

SYNTAX = 'words (all must match), "a phrase", OR, NOT or -word, prefix*'

# A phrase between double quotes (``-`` before it excludes it, ``*`` after it makes its last
# word a prefix; an unclosed quote runs to the end), or a run of anything but space, quote
# and parentheses (which group nothing: ``OR`` binds the terms beside it).
_ITEM = re.compile(r'(-?)"([^"]*)"?(\*?)|[^\s"()]+')
_WORD = re.compile(r"[^\W_]+")  # what the unicode61 tokenizer keeps: letters and digits
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class _Term(NamedTuple):
    text: str
    exclude: bool
    prefix: bool

    def fts(self) -> str:
        """The term as a quoted FTS5 string: nothing in it is syntax any more."""
        return '"' + self.text.replace('"', '""') + '"' + ("*" if self.prefix else "")


def _clean(value: str) -> str:
    """User text SQLite can take: lone surrogates (undecodable bytes in a command-line
    argument) become ``?``, control characters (NUL ends an FTS5 string) spaces."""
    value = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", value)


def _items(query: str) -> Iterator[str | _Term]:
    """The operators (``OR``, ``NOT``) and terms of a query, in order."""
    for m in _ITEM.finditer(query):
        minus, phrase, star = m.groups()
        if phrase is not None:
            yield _Term(phrase.strip(), bool(minus), bool(star))
            continue
        word = m.group()
        if word in ("OR", "NOT", "AND"):
            yield word
            continue
        exclude = word.startswith("-")
        word = word.lstrip("-")
        prefix = word.endswith("*")
        yield _Term(word.rstrip("*"), exclude, prefix)


def _check_term(term: _Term) -> bool:
    """Whether ``term`` has a word in it (``*`` or ``-`` alone have none); raise a
    :class:`StoreError` if it is too long, or a prefix too short."""
    words = _WORD.findall(term.text)
    if len(term.text) > MAX_TERM_CHARS:
        raise StoreError(
            f"search term too long: {len(term.text):,} characters, at most {MAX_TERM_CHARS}"
        )
    if words and term.prefix and len(words[-1]) < MIN_PREFIX_CHARS:
        raise StoreError(
            f"prefix {term.text}* too short: give at least {MIN_PREFIX_CHARS} letters before *"
        )
    return bool(words)


def _check_length(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise StoreError(f"search too long: {len(query):,} characters, at most {MAX_QUERY_CHARS}")


def _raw(query: str) -> str:
    if not query.strip():
        raise StoreError("empty search: give an FTS5 expression")
    if query.count("*") > MAX_PREFIX_TERMS:
        raise StoreError(f"too many prefix terms: at most {MAX_PREFIX_TERMS} *")
    return query


def _parse(query: str) -> tuple[list[list[_Term]], list[_Term]]:
    """The groups of terms that must all match (any one term of each: ``OR`` joins the
    terms beside it into a group) and the terms excluded, wordless terms dropped."""
    groups: list[list[_Term]] = []
    excluded: list[_Term] = []
    joined = negated = False
    for item in _items(query):
        if isinstance(item, str):
            joined, negated = (item == "OR", item == "NOT")
            continue
        if not _check_term(item):
            continue
        if item.exclude or negated:
            excluded.append(item)
        elif joined and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        joined = negated = False
    return groups, excluded


def fts_query(query: str, *, raw: bool = False) -> str:
    """The FTS5 expression for a user's search: every word or ``"phrase"`` a quoted term, so
    no input is an FTS5 syntax error. Terms all must match; ``OR`` joins the terms beside it
    (``Alep OR Mossoul civils``: civils and either city); ``NOT word`` or ``-word`` excludes;
    ``word*`` matches words starting with ``word``; ``AND`` is implied. Accents and case are
    the tokenizer's business (``unicode61 remove_diacritics 2``).

    Raises :class:`StoreError` beyond :data:`MAX_QUERY_CHARS`, :data:`MAX_TERMS`,
    :data:`MAX_PREFIX_TERMS`, :data:`MAX_TERM_CHARS`, on a prefix shorter than
    :data:`MIN_PREFIX_CHARS`, and when nothing is left to match. With ``raw``, ``query`` is
    an FTS5 expression passed as it is (for experts; still bounded in length and prefixes).
    """
    query = _clean(query)
    _check_length(query)
    if raw:
        return _raw(query)
    groups, excluded = _parse(query)
    terms = [t for g in groups for t in g] + excluded
    if len(terms) > MAX_TERMS:
        raise StoreError(f"too many search terms: {len(terms)}, at most {MAX_TERMS}")
    if sum(t.prefix for t in terms) > MAX_PREFIX_TERMS:
        raise StoreError(f"too many prefix terms (word*): at most {MAX_PREFIX_TERMS}")
    if not groups:
        if excluded:
            raise StoreError("nothing to find: NOT and -word only exclude, give a word to find")
        raise StoreError(f"empty search: give {SYNTAX}")
    expr = " AND ".join(
        "(" + " OR ".join(t.fts() for t in g) + ")" if len(g) > 1 else g[0].fts() for g in groups
    )
    if excluded:
        expr = f"({expr}) NOT ({' OR '.join(t.fts() for t in excluded)})"
    return expr


def _match(conn: sqlite3.Connection, sql: str, params: dict[str, Any], raw: bool) -> list[dict]:
    """Run ``sql`` whose MATCH takes a :func:`fts_query`; with a ``raw`` expression, the
    syntax errors FTS5 finds become a :class:`StoreError`."""
    try:
        return _rows(conn.execute(sql, params))
    except sqlite3.OperationalError as exc:
        if not raw or str(exc).startswith(("no such table", "database", "disk")):
            raise
        raise StoreError(f"invalid FTS5 query: {exc}") from None


def _limit(value: int, what: str = "limit") -> int:
    if not 1 <= value <= MAX_LIMIT:
        raise StoreError(f"{what} must be from 1 to {MAX_LIMIT:,}, not {value:,}")
    return value


def _offset(value: int) -> int:
    """Rows skipped before the first returned (pagination by offset)."""
    if not 0 <= value <= MAX_OFFSET:
        raise StoreError(f"offset must be from 0 to {MAX_OFFSET:,}, not {value:,}")
    return value


def _like(value: str, what: str, *, folded: bool = True) -> str:
    """``value`` (``folded`` by default) escaped for ``LIKE … ESCAPE '\\'``, bounded in
    length: a long pattern is slow, and past 50,000 bytes an SQLite error."""
    value = _clean(value).strip()
    if len(value) > MAX_PATTERN_CHARS:
        raise StoreError(f"{what} too long: {len(value):,} characters, at most {MAX_PATTERN_CHARS}")
    return _like_escape((search_key(value) or "") if folded else value)


def search(
    conn: sqlite3.Connection,
    query: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    fts: bool = False,
    source: str | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Documents matching ``query`` (words, ``"a phrase"``, ``OR``, ``NOT`` or ``-word``,
    ``prefix*``: see :func:`fts_query`; with ``fts``, a raw FTS5 expression), best first, each
    with a snippet where matches are wrapped in :data:`MARK`."""
    sql = """
        SELECT d.id, d.date, d.title, d.source, d.url, d.path, d.location,
               snippet(documents_fts, 1, :open, :close, '…', 24) AS snippet,
               round(bm25(documents_fts), 3) AS score
        FROM documents_fts JOIN documents d ON d.n = documents_fts.rowid
        WHERE documents_fts MATCH :query
          AND (:since IS NULL OR d.date >= :since) AND (:until IS NULL OR d.date <= :until)
          AND (:source IS NULL OR d.source = :source)
        ORDER BY bm25(documents_fts) LIMIT :limit OFFSET :offset
    """
    params = {
        "query": fts_query(query, raw=fts),
        "since": since and _clean(since),
        "until": until and _clean(until),
        "source": source and _clean(source),
        "limit": _limit(limit),
        "offset": _offset(offset),
        "open": MARK[0],
        "close": MARK[1],
    }
    return _match(conn, sql, params, fts)


def quotes(
    conn: sqlite3.Connection,
    *,
    speaker: str | None = None,
    about: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    fts: bool = False,
    type: str | None = None,
    speaker_id: str | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Quotes, newest document first. ``speaker`` matches the speaker's canonical name, any
    mention of that entity in the document, or the words that name it (``Poutine`` finds
    the quotes of Vladimir Poutine); ``about`` is a full-text query on the quote content (as
    in :func:`search`; raw FTS5 with ``fts``); ``type`` one of :data:`QUOTE_TYPES`;
    ``speaker_id`` an entity id (:func:`entity_id`: the quotes of that entity exactly).
    Each row's ``speaker_id`` is the id of the speaker's entity (None when unresolved)."""
    where = ["(:since IS NULL OR d.date >= :since)", "(:until IS NULL OR d.date <= :until)"]
    params: dict[str, Any] = {
        "since": since and _clean(since),
        "until": until and _clean(until),
        "limit": _limit(limit),
        "offset": _offset(offset),
    }
    if speaker and speaker.strip():
        params["who"] = "%" + _like(speaker, "speaker name") + "%"
        where.append(_SPEAKER_MATCH)
        _fold_names(conn)
    if about:
        params["about"] = fts_query(about, raw=fts)
        where.append("q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :about)")
    if type:
        params["type"] = _choice(type, QUOTE_TYPES, "quote type", upper=False)
        where.append("q.type = :type")
    if speaker_id:
        params["etype"], params["ename"] = parse_entity_id(speaker_id)
        where.append(
            """q.speaker = :ename AND EXISTS (SELECT 1 FROM entities e
               WHERE e.document_id = q.document_id AND e.entity_id = q.speaker_entity
               AND e.name = :ename AND e.type = :etype)"""
        )
    sql = f"""
        {"WITH " + _NAMES if "who" in params else ""}
        SELECT q.document_id, q.quote_id, d.date, q.type, q.content, q.speaker,
               q.speaker_entity, q.speaker_mention, q.cue, q.via, q.start, q."end",
               q.confidence, q.reported, d.title, d.url, d.source,
               (SELECT e.type || ':' || e.name FROM entities e
                WHERE e.document_id = q.document_id AND e.entity_id = q.speaker_entity)
               AS speaker_id
        FROM quotes q JOIN documents d ON d.id = q.document_id
        WHERE {" AND ".join(where)}
        ORDER BY d.date DESC NULLS LAST, d.n DESC, q.start, q.n
        LIMIT :limit OFFSET :offset
    """
    rows = _match(conn, sql, params, fts)
    for r in rows:
        r["reported"] = bool(r["reported"])
    return rows


# A quote whose speaker's canonical name, the words naming it at the cue, or any mention of
# its entity in the document, folded, holds the words asked for. ``fold`` is a Python
# function: called on every row it took 0.4 s on 1,000 documents, so each distinct name is
# folded once into a table of the connection (TEMP: nothing is written to the database, a
# read-only connection can hold it), brought up to date when another connection has
# committed (``PRAGMA data_version``).
_SPEAKER_MATCH = """(
    q.speaker IN (SELECT t FROM names) OR q.speaker_mention IN (SELECT t FROM names)
    OR (q.document_id, q.speaker_entity) IN (SELECT document_id, entity_id FROM named))"""
_NAMES = r"""names AS MATERIALIZED (
    SELECT t FROM temp.veille_names WHERE f LIKE :who ESCAPE '\'),
named AS MATERIALIZED (
    SELECT DISTINCT document_id, entity_id FROM mentions WHERE text IN (SELECT t FROM names))"""
_NAMES_SETUP = (
    "CREATE TEMP TABLE IF NOT EXISTS veille_names (t TEXT PRIMARY KEY, f TEXT) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS veille_names_version (version INTEGER)",
)
_NAMES_FILL = """
    INSERT OR IGNORE INTO temp.veille_names
    SELECT t, fold(t) FROM (SELECT text AS t FROM main.mentions
                            UNION SELECT speaker FROM main.quotes
                            UNION SELECT speaker_mention FROM main.quotes)
    WHERE t IS NOT NULL AND t NOT IN (SELECT t FROM temp.veille_names)
"""


def _fold_names(conn: sqlite3.Connection) -> None:
    """Fold the names not folded yet into ``temp.veille_names`` (see :data:`_SPEAKER_MATCH`)."""
    for sql in _NAMES_SETUP:
        conn.execute(sql)
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    known = conn.execute("SELECT version FROM temp.veille_names_version").fetchone()
    if known is not None and known[0] == version:
        return
    conn.execute(_NAMES_FILL)
    conn.execute("DELETE FROM temp.veille_names_version")
    conn.execute("INSERT INTO temp.veille_names_version VALUES (?)", (version,))


def _choice(value: str, choices: tuple[str, ...], what: str, *, upper: bool = True) -> str:
    value = _clean(value).strip()
    value = value.upper() if upper else value.lower()
    if value not in choices:
        raise StoreError(f"unknown {what} {value[:40]!r}: use one of {', '.join(choices)}")
    return value


def entity_id(type: str, name: str) -> str:
    """The id of the entity of that canonical name and type across the corpus (entities are
    grouped so, as by :func:`entities`): ``PER:Vladimir Poutine``, stable and readable."""
    return f"{type}:{name}"


def parse_entity_id(value: str) -> tuple[str, str]:
    """``(type, name)`` of an :func:`entity_id`; :class:`StoreError` if it is none."""
    type_, sep, name = _clean(value).partition(":")
    if not sep or type_ not in ENTITY_TYPES or not name.strip():
        raise StoreError(f"not an entity id: {value[:60]!r} (TYPE:name, e.g. PER:Vladimir Poutine)")
    if len(name) > MAX_PATTERN_CHARS:
        raise StoreError(f"entity name too long: at most {MAX_PATTERN_CHARS} characters")
    return type_, name


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entities(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,
    top: int = 20,
    name: str | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The most mentioned entities across documents (same canonical name and type), with the
    number of documents naming them, of mentions, and of quotes they are the speaker of;
    ``name`` keeps those whose name holds these words; each row has its :func:`entity_id`."""
    sql = """
        SELECT e.type || ':' || e.name AS id, e.name, e.type, max(e.country) AS country,
               count(DISTINCT e.document_id) AS documents,
               sum(e.mention_count) AS mentions,
               sum((SELECT count(*) FROM quotes q WHERE q.document_id = e.document_id
                    AND q.speaker_entity = e.entity_id)) AS quotes
        FROM entities e
        WHERE (:type IS NULL OR e.type = :type)
          AND (:name IS NULL OR fold(e.name) LIKE '%' || :name || '%' ESCAPE '\\')
        GROUP BY e.name, e.type
        ORDER BY documents DESC, mentions DESC, e.name
        LIMIT :top OFFSET :offset
    """
    params = {
        "type": _clean(type).upper() if type else None,
        "top": _limit(top, "top"),
        "offset": _offset(offset),
        "name": _like(name, "name") if name and name.strip() else None,
    }
    return _rows(conn.execute(sql, params))


def places(
    conn: sqlite3.Connection, *, country: str | None = None, top: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """Resolved places with coordinates, most mentioned first; ``country`` is ISO alpha-2.
    ``entity_id`` is the id of the entity naming the place most often (:func:`entity_id`)."""
    sql = """
        WITH named AS MATERIALIZED (  -- each place's entities (its names), their mentions
            SELECT coalesce(p.geonames_id, -1) AS g, p.name, p.country,
                   e.type || ':' || e.name AS entity_id, sum(e.mention_count) AS mentions
            FROM places p
            JOIN entities e ON e.document_id = p.document_id AND e.entity_id = p.entity_id
            WHERE (:country IS NULL OR p.country = :country)
            GROUP BY 1, 2, 3, 4
        ),
        best AS MATERIALIZED (  -- the most mentioned (SQLite: bare columns of the max() row)
            SELECT g, name, country, entity_id, max(mentions) FROM named GROUP BY 1, 2, 3
        ),
        grouped AS MATERIALIZED (
            SELECT coalesce(p.geonames_id, -1) AS g, p.name, p.country, p.kind, p.lat, p.lon,
                   p.geonames_id, count(DISTINCT p.document_id) AS documents,
                   sum(coalesce(e.mention_count, 1)) AS mentions
            FROM places p
            LEFT JOIN entities e
                   ON e.document_id = p.document_id AND e.entity_id = p.entity_id
            WHERE (:country IS NULL OR p.country = :country)
            GROUP BY 1, p.name, p.country
        )
        SELECT x.name, x.country, x.kind, x.lat, x.lon, x.geonames_id, x.documents,
               x.mentions, b.entity_id
        FROM grouped x
        LEFT JOIN best b ON b.g = x.g AND b.name = x.name AND b.country IS x.country
        ORDER BY x.mentions DESC, x.documents DESC, x.name
        LIMIT :top OFFSET :offset
    """
    params = {
        "country": _clean(country).upper() if country else None,
        "top": _limit(top, "top"),
        "offset": _offset(offset),
    }
    return _rows(conn.execute(sql, params))


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
             'country', a.country, 'sector', a.sector, 'entity', a.entity_id,
             'id', (SELECT e.type || ':' || e.name FROM entities e
                    WHERE e.document_id = a.document_id AND e.entity_id = a.entity_id)))
            FROM (SELECT * FROM actors a WHERE a.document_id = m.document_id
                  AND a.event_id = m.event_id AND a.role = '{role}' ORDER BY a.position) a)
           AS {role}s"""

_SIDE_MATCH = r"""EXISTS (SELECT 1 FROM actors a WHERE a.document_id = v.document_id
    AND a.event_id = v.event_id AND a.role = '{role}' AND {match})"""
_BY_CODE = r"(a.code LIKE :{role} || '%' ESCAPE '\' OR a.country = :{role})"
_BY_NAME = r"fold(a.name) LIKE '%' || :{role} || '%' ESCAPE '\'"
_BY_ENTITY = """EXISTS (SELECT 1 FROM entities e WHERE e.document_id = a.document_id
    AND e.entity_id = a.entity_id AND e.type = :{role}_type AND e.name = :{role}_name)"""
MODALITIES = ("asserted", "negated", "future", "hypothetical", "appeal", "reported")


def _event_where(
    *,
    actor: str | None = None,
    recipient: str | None = None,
    root: str | None = None,
    plover: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    actor_id: str | None = None,
    recipient_id: str | None = None,
) -> tuple[str, dict[str, Any]]:
    """The condition on an event mention ``v`` of document ``d`` for these filters (see
    :func:`events`), and its parameters."""
    where = [
        "(:since IS NULL OR coalesce(v.date, d.date) >= :since)",
        "(:until IS NULL OR coalesce(v.date, d.date) <= :until)",
    ]
    params: dict[str, Any] = {"since": since and _clean(since), "until": until and _clean(until)}
    for role, value in (("actor", actor), ("recipient", recipient)):
        value = (value or "").strip()
        if not value:
            continue
        by_code = value.isupper()
        params[role] = _like(value, role, folded=not by_code)
        match = (_BY_CODE if by_code else _BY_NAME).format(role=role)
        where.append(_SIDE_MATCH.format(role=role, match=match))
    for role, value in (("actor", actor_id), ("recipient", recipient_id)):
        if value:
            params[f"{role}_type"], params[f"{role}_name"] = parse_entity_id(value)
            where.append(_SIDE_MATCH.format(role=role, match=_BY_ENTITY.format(role=role)))
    if root:
        code = _clean(root).strip()
        params["root"] = code.zfill(2) if code.isdigit() and len(code) < 2 else code
        where.append("v.cameo_root = :root")
    if plover:
        params["plover"] = _clean(plover).strip().upper()
        where.append("upper(v.plover) = :plover")
    if modality:
        params["modality"] = _choice(modality, MODALITIES, "modality", upper=False)
        where.append("v.modality = :modality")
    return " AND ".join(where), params


def events(
    conn: sqlite3.Connection,
    *,
    limit: int | None = 50,
    offset: int = 0,
    **filters: str | None,
) -> list[dict[str, Any]]:
    """Events, newest first, each once however many articles report it (see
    :mod:`veille.store.links`), with ``num_mentions``, ``num_articles``, ``num_sources``.

    Filters: ``actor`` / ``recipient`` in capitals match a code by its start (``RUS`` finds
    ``RUSGOV``) or an ISO-3 country, otherwise words of the name (``Poutine``); ``root`` is
    a CAMEO root code (``19``, or ``9`` for ``09``); ``plover`` a PLOVER category;
    ``modality`` one of :data:`MODALITIES`; ``actor_id`` / ``recipient_id`` an entity
    (:func:`entity_id`); dates (``since``, ``until``) bound the event's date (else its
    document's). ``limit`` None: all of them. Each actor and recipient has the ``id`` of
    its entity (None when it is none)."""
    where, params = _event_where(**filters)
    sql = _EVENTS_SQL.format(
        where=where,
        sides=", ".join(_SIDE.format(role=r) for r in ("actor", "recipient")),
        limit="LIMIT :limit OFFSET :offset" if limit else "",
    )
    params["limit"] = limit if limit is None else _limit(limit)
    params["offset"] = _offset(offset)
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


def event_days(conn: sqlite3.Connection, **filters: str | None) -> list[dict[str, Any]]:
    """Linked events matching the filters of :func:`events`, counted by date (the event's,
    else its document's) and quad class (1 verbal cooperation … 4 material conflict)."""
    where, params = _event_where(**filters)
    sql = f"""
        SELECT coalesce(v.date, d.date) AS date, v.quad_class,
               count(DISTINCT v.link_key) AS events
        FROM events v JOIN documents d ON d.id = v.document_id
        WHERE {where} AND coalesce(v.date, d.date) IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
    """
    return _rows(conn.execute(sql, params))


def event_places(conn: sqlite3.Connection, **filters: str | None) -> list[dict[str, Any]]:
    """Where the linked events matching the filters of :func:`events` took place: each
    location (a place with coordinates, or a country alone) with its count of events."""
    where, params = _event_where(**filters)
    sql = f"""
        SELECT v.location AS name, v.location_country AS country, v.lat, v.lon,
               count(DISTINCT v.link_key) AS events
        FROM events v JOIN documents d ON d.id = v.document_id
        WHERE {where} AND (v.lat IS NOT NULL OR v.location_country IS NOT NULL)
        GROUP BY coalesce(v.geonames_id, v.location), v.location_country
        ORDER BY events DESC, name
    """
    return _rows(conn.execute(sql, params))


def event_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Linked events counted by PLOVER category and by quad class."""
    counts: dict[str, dict[str, int]] = {}
    for column in ("plover", "quad_class"):
        sql = f"""
            SELECT coalesce({column}, '—'), count(DISTINCT link_key) FROM events
            GROUP BY 1 ORDER BY 2 DESC, 1
        """
        counts[column] = {str(k): n for k, n in conn.execute(sql)}
    return counts


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


def documents(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Documents, newest first (then latest stored), with their counts of quotes and events."""
    sql = """
        SELECT d.id, d.date, d.title, d.source, d.url, d.path, d.location, d.analysed_at,
               length(d.text) AS characters,
               (SELECT count(*) FROM quotes q WHERE q.document_id = d.id) AS quotes,
               (SELECT count(*) FROM events v WHERE v.document_id = d.id) AS events
        FROM documents d
        WHERE (:since IS NULL OR d.date >= :since) AND (:until IS NULL OR d.date <= :until)
          AND (:source IS NULL OR d.source = :source)
        ORDER BY d.date DESC NULLS LAST, d.n DESC
        LIMIT :limit OFFSET :offset
    """
    params = {
        "since": since and _clean(since),
        "until": until and _clean(until),
        "source": source and _clean(source),
        "limit": _limit(limit),
        "offset": _offset(offset),
    }
    return _rows(conn.execute(sql, params))


def document(conn: sqlite3.Connection, id: str) -> dict[str, Any] | None:
    """One stored document: its metadata and ``analysis``, the full :class:`~veille.model.
    Dispatch` as JSON (text, layout, entities, quotes, events…); None if there is none."""
    row = conn.execute(
        """SELECT id, date, title, source, url, author, site, external_id, path, location,
                  pipeline_version, schema_version, analysed_at, dispatch
           FROM documents WHERE id = ?""",
        (_clean(id)[:MAX_PATTERN_CHARS],),
    ).fetchone()
    if row is None:
        return None
    doc = dict(row)
    doc["analysis"] = json.loads(doc.pop("dispatch"))
    return doc


def sources(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The sources of the documents, most documents first."""
    sql = """SELECT source, count(*) AS documents FROM documents WHERE source IS NOT NULL
             GROUP BY source ORDER BY documents DESC, source"""
    return _rows(conn.execute(sql))


def entity(conn: sqlite3.Connection, id: str, *, top: int = 15) -> dict[str, Any] | None:
    """One entity across the corpus (an :func:`entity_id`): its counts, countries, aliases
    (the names and titles it goes by) and roles with their counts, mentions by date, and the
    ``top`` entities most often named in the same documents. None if no document names it."""
    type_, name = parse_entity_id(id)
    key = {"type": type_, "name": name, "top": _limit(top, "top")}
    head = conn.execute(
        """SELECT count(DISTINCT document_id) AS documents, sum(mention_count) AS mentions,
                  group_concat(DISTINCT country) AS countries
           FROM entities WHERE name = :name AND type = :type""",
        key,
    ).fetchone()
    if not head["documents"]:
        return None
    mine = "SELECT document_id, entity_id FROM entities WHERE name = :name AND type = :type"
    aliases = f"""SELECT m.text, m.kind, count(*) AS count FROM mentions m
                  JOIN ({mine}) e USING (document_id, entity_id)
                  WHERE m.kind != 'pronoun' GROUP BY m.text, m.kind ORDER BY count DESC, m.text"""
    roles = f"""SELECT r.text, r.country, count(*) AS count FROM roles r
                JOIN ({mine}) e USING (document_id, entity_id)
                GROUP BY r.text ORDER BY count DESC, r.text"""
    days = f"""SELECT d.date, count(*) AS mentions FROM mentions m
               JOIN ({mine}) e USING (document_id, entity_id)
               JOIN documents d ON d.id = m.document_id
               WHERE d.date IS NOT NULL GROUP BY d.date ORDER BY d.date"""
    together = f"""SELECT o.type || ':' || o.name AS id, o.name, o.type,
                          count(DISTINCT o.document_id) AS documents
                   FROM entities o JOIN ({mine}) e ON e.document_id = o.document_id
                   WHERE NOT (o.name = :name AND o.type = :type)
                   GROUP BY o.name, o.type ORDER BY documents DESC, o.name LIMIT :top"""
    return {
        "id": entity_id(type_, name),
        "name": name,
        "type": type_,
        "documents": head["documents"],
        "mentions": head["mentions"],
        "countries": sorted((head["countries"] or "").split(",")) if head["countries"] else [],
        "aliases": _rows(conn.execute(aliases, key)),
        "roles": _rows(conn.execute(roles, key)),
        "days": _rows(conn.execute(days, key)),
        "cooccurring": _rows(conn.execute(together, key)),
    }


def overview(conn: sqlite3.Connection, *, days: int = 7, top: int = 10) -> dict[str, Any]:
    """What the home page shows beyond :func:`stats`: documents by date, the speakers
    most quoted in the ``days`` up to the newest document's date (a corpus may be an
    archive: its week is its last one), and events by PLOVER category and quad class."""
    per_day = _rows(
        conn.execute(
            "SELECT date, count(*) AS documents FROM documents WHERE date IS NOT NULL"
            " GROUP BY date ORDER BY date"
        )
    )
    last = conn.execute("SELECT max(date) FROM documents").fetchone()[0]
    speakers = _rows(
        conn.execute(
            """SELECT e.type || ':' || e.name AS id, e.name, e.type, count(*) AS quotes
               FROM quotes q JOIN documents d ON d.id = q.document_id
               JOIN entities e ON e.document_id = q.document_id
                              AND e.entity_id = q.speaker_entity
               WHERE d.date > date(:last, :back)
               GROUP BY e.name, e.type ORDER BY quotes DESC, e.name LIMIT :top""",
            {"last": last, "back": f"-{int(days)} days", "top": _limit(top, "top")},
        )
    )
    return {
        "days": per_day,
        "week_end": last,
        "speakers": speakers,
        **{f"events_by_{k}": v for k, v in event_counts(conn).items()},
    }


# ── the bulletin's questions (issue 16) ─────────────────────────────────────────────────


def day_documents(conn: sqlite3.Connection, *, since: str, until: str) -> int:
    """The number of documents dated from ``since`` to ``until``."""
    sql = "SELECT count(*) FROM documents WHERE date >= :since AND date <= :until"
    return conn.execute(sql, {"since": _clean(since), "until": _clean(until)}).fetchone()[0]


def quoted_people(
    conn: sqlite3.Connection, *, since: str, until: str, top: int = 10
) -> list[dict[str, Any]]:
    """The people quoted most in the documents dated from ``since`` to ``until``: entity
    ``id``, ``name``, ``quotes`` and ``documents`` counts, most quoted first."""
    sql = """SELECT e.type || ':' || e.name AS id, e.name, count(*) AS quotes,
                    count(DISTINCT q.document_id) AS documents
             FROM documents d JOIN quotes q ON q.document_id = d.id
             JOIN entities e ON e.document_id = q.document_id AND e.entity_id = q.speaker_entity
             WHERE d.date >= :since AND d.date <= :until AND e.type = 'PER'
             GROUP BY e.name, e.type ORDER BY quotes DESC, documents DESC, e.name LIMIT :top"""
    params = {"since": _clean(since), "until": _clean(until), "top": _limit(top, "top")}
    return _rows(conn.execute(sql, params))


def document_countries(
    conn: sqlite3.Connection, keys: list[str], *, lead: float = 200.0
) -> dict[str, dict[str, float]]:
    """For each document (content hash) of ``keys``: the countries of its places, each
    weighed by its mentions, a mention the more the nearer the start of the text (weight
    ``1 / (1 + start / lead)``: the lead names where the news is, the body the places it
    touches). One query for them all."""
    sql = """SELECT document_id, country, sum(1.0 / (1 + start / :lead)) AS weight FROM places
             WHERE document_id IN (SELECT value FROM json_each(:keys)) AND country IS NOT NULL
             GROUP BY document_id, country"""
    out: dict[str, dict[str, float]] = {}
    for key, country, weight in conn.execute(sql, {"keys": json.dumps(keys), "lead": lead}):
        out.setdefault(key, {})[country] = weight
    return out


def errors(conn: sqlite3.Connection, *, limit: int = 100) -> list[dict[str, Any]]:
    """Documents that could not be read or analysed, most recent first."""
    sql = """
        SELECT path, location, stage, reason, document_id, first_seen, last_seen, count
        FROM errors ORDER BY last_seen DESC, id DESC LIMIT :limit
    """
    return _rows(conn.execute(sql, {"limit": _limit(limit)}))


# ── stories (issue 16) ───────────────────────────────────────────────────────────────────

# A story's score: its size (an article, plus half a point for each other source; a reprint
# counts half), divided as it ages: 1 on the reference day (``until``, else the newest story's
# last day), 1/2 NOVELTY_DAYS later, 1/3 twice that…
NOVELTY_DAYS = 2.0
MAX_STORY_ID = 2**62
_STORY_COLUMNS = """s.id, s.headline, s.central_document, s.first_seen, s.last_seen,
    s.articles, s.sources, s.duplicates"""
_STORIES_SQL = f"""
    SELECT {_STORY_COLUMNS},
           round((s.articles - 0.5 * s.duplicates + 0.5 * (s.sources - 1))
                 / (1 + max(0, julianday(coalesce(:until, (SELECT max(last_seen) FROM stories)))
                             - julianday(coalesce(s.last_seen, s.first_seen))) / :days), 3)
           AS score
    FROM stories s
    WHERE (:since IS NULL OR s.last_seen >= :since)
      AND (:until IS NULL OR s.first_seen <= :until)
    ORDER BY score DESC NULLS LAST, s.articles DESC, s.last_seen DESC, s.id
    {{limit}}
"""
_STORY_DOCUMENTS = """
    SELECT sd.story_id, coalesce(d.external_id, d.id) AS id, d.id AS key, d.title, d.date,
           d.source{more}
    FROM story_documents sd JOIN documents d ON d.id = sd.document_id
    WHERE sd.story_id IN (SELECT value FROM json_each(:ids))
    ORDER BY sd.story_id, d.date NULLS FIRST, sd.position
"""


def stories(
    conn: sqlite3.Connection,
    *,
    since: str | None = None,
    until: str | None = None,
    top: int | None = None,
) -> list[dict[str, Any]]:
    """The stories seen between ``since`` and ``until`` (their first and last days meet the
    range), best first by :data:`NOVELTY_DAYS` ``score`` (size and novelty), the ``top`` of
    them (None: all). Each with its ``documents`` (``id``: the id given at ingest, else the
    content hash ``key``; ``title``, ``date``, ``source``), by date."""
    params = {
        "since": since and _clean(since),
        "until": until and _clean(until),
        "days": NOVELTY_DAYS,
        "top": None if top is None else _limit(top, "top"),
    }
    sql = _STORIES_SQL.format(limit="" if top is None else "LIMIT :top")
    found = _rows(conn.execute(sql, params))
    members = _story_members(conn, [s["id"] for s in found])
    for s in found:
        s["documents"] = members.get(s["id"], [])
    return found


def _story_members(
    conn: sqlite3.Connection, ids: list[int], *, more: str = ""
) -> dict[int, list[dict[str, Any]]]:
    """The documents of the stories ``ids``, by story, each by date then assignment order."""
    members: dict[int, list[dict[str, Any]]] = {}
    sql = _STORY_DOCUMENTS.format(more=more)
    for row in _rows(conn.execute(sql, {"ids": json.dumps(ids)})):
        members.setdefault(row.pop("story_id"), []).append(row)
    return members


def story_id(value: int | str) -> int:
    """A story id from user input; :class:`StoreError` unless it is a positive integer."""
    text = _clean(str(value)).strip()
    if not text.isascii() or not text.isdigit() or len(text) > 18 or int(text) < 1:
        raise StoreError(f"not a story id: {text[:40]!r} (a number, e.g. 12: see veille stories)")
    return int(text)


def story(conn: sqlite3.Connection, id: int | str) -> dict[str, Any] | None:
    """One story: the row of :func:`stories` with its documents in full (``duplicate_of``,
    ``similarity``, ``text``), its main ``entities``, its ``quotes`` grouped by speaker,
    its ``events`` (each linked event once across its articles, with ``num_mentions`` and
    ``num_articles`` within the story) and its ``places``. None if there is no such story."""
    key = {"id": story_id(id), "days": NOVELTY_DAYS, "since": None, "until": None, "top": 1}
    sql = _STORIES_SQL.format(limit="").replace("WHERE", "WHERE s.id = :id AND", 1)
    row = conn.execute(sql, key).fetchone()
    if row is None:
        return None
    found = dict(row)
    more = ", sd.duplicate_of, sd.similarity, d.text"
    found["documents"] = _story_members(conn, [found["id"]], more=more).get(found["id"], [])
    found["entities"] = _rows(conn.execute(_STORY_ENTITIES, key))
    found["quotes"] = _story_quotes(conn, key)
    found["events"] = _story_events(conn, key)
    found["places"] = _written(_rows(conn.execute(_STORY_PLACES, key)), conn, key)
    return found


_MEMBERS = "SELECT document_id FROM story_documents WHERE story_id = :id"
_STORY_ENTITIES = f"""
    SELECT e.type || ':' || e.name AS id, e.name, e.type,
           count(DISTINCT e.document_id) AS articles, sum(e.mention_count) AS mentions
    FROM entities e WHERE e.document_id IN ({_MEMBERS})
    GROUP BY e.name, e.type ORDER BY articles DESC, mentions DESC, e.name LIMIT 15
"""
_STORY_PLACES = f"""
    SELECT p.name, p.country, max(p.lat) AS lat, max(p.lon) AS lon, count(*) AS mentions,
           count(DISTINCT p.document_id) AS articles
    FROM places p WHERE p.document_id IN ({_MEMBERS})
    GROUP BY coalesce(p.geonames_id, -1), p.name, p.country
    ORDER BY mentions DESC, articles DESC, p.name
"""
_STORY_MENTIONS = f"""
    SELECT coalesce(p.geonames_id, -1) AS place, p.name, p.country, p.mention,
           count(*) AS n
    FROM places p WHERE p.document_id IN ({_MEMBERS})
    GROUP BY coalesce(p.geonames_id, -1), p.name, p.country, p.mention
"""


def _written(
    places: list[dict[str, Any]], conn: sqlite3.Connection, key: dict[str, Any]
) -> list[dict[str, Any]]:
    """``places`` each with ``written``: the place as the story's articles write it most
    often (Moscou, not the gazetteer's Moscow), in capitals (a dateline's MOSCOU) only when
    they never write it otherwise."""
    best: dict[tuple, tuple] = {}
    for m in _rows(conn.execute(_STORY_MENTIONS, key)):
        rank = (m["mention"].isupper(), -m["n"], m["mention"])
        k = (m["name"], m["country"])
        best[k] = min(best.get(k, rank), rank)
    for p in places:
        found = best.get((p["name"], p["country"]))
        p["written"] = found[2] if found else None
    return places


_STORY_QUOTES = f"""
    SELECT q.speaker, (SELECT e.type || ':' || e.name FROM entities e
                       WHERE e.document_id = q.document_id AND e.entity_id = q.speaker_entity)
                      AS speaker_entity_id,
           q.content, q.cue, q.type, q.confidence, q.document_id AS document, d.title,
           q.start, q."end"
    FROM quotes q JOIN documents d ON d.id = q.document_id
    JOIN story_documents sd ON sd.document_id = q.document_id
    WHERE q.document_id IN ({_MEMBERS})
    ORDER BY d.date NULLS FIRST, sd.position, q.start
"""


def _story_quotes(conn: sqlite3.Connection, key: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's quotes grouped by speaker (the entity when resolved, else the words that
    name the speaker; unattributed quotes under None), most quoted first."""
    groups: dict[tuple, dict[str, Any]] = {}
    for q in _rows(conn.execute(_STORY_QUOTES, key)):
        who, entity = q.pop("speaker"), q.pop("speaker_entity_id")
        group = groups.setdefault(
            (entity or "", who or ""),
            {"speaker": who, "speaker_entity_id": entity, "count": 0, "quotes": []},
        )
        group["count"] += 1
        group["quotes"].append(q)
    return sorted(
        groups.values(), key=lambda g: (g["speaker"] is None, -g["count"], g["speaker"] or "")
    )


_STORY_EVENTS = f"""
    WITH mention AS (
        SELECT v.*, d.date AS document_date,
               row_number() OVER (PARTITION BY v.link_key
                                  ORDER BY v.confidence DESC, sd.position, v.trigger_start)
               AS rank
        FROM events v JOIN documents d ON d.id = v.document_id
        JOIN story_documents sd ON sd.document_id = v.document_id
        WHERE v.document_id IN ({_MEMBERS})
    ),
    link AS (
        SELECT link_key, count(*) AS num_mentions, count(DISTINCT document_id) AS num_articles,
               json_group_array(DISTINCT document_id) AS documents
        FROM mention GROUP BY link_key
    )
    SELECT m.link_key, m.cameo_code, m.cameo_name, m.plover,
           {{side_actor}}, {{side_recipient}}, m.trigger, m.modality,
           l.num_mentions, l.num_articles, coalesce(m.date, m.document_date) AS date,
           l.documents
    FROM link l JOIN mention m ON m.link_key = l.link_key AND m.rank = 1
    ORDER BY l.num_articles DESC, l.num_mentions DESC, date, m.link_key
"""
_FIRST_SIDE = """(SELECT a.{col} FROM actors a WHERE a.document_id = m.document_id
    AND a.event_id = m.event_id AND a.role = '{role}' ORDER BY a.position LIMIT 1)"""


def _story_events(conn: sqlite3.Connection, key: dict[str, Any]) -> list[dict[str, Any]]:
    """The story's events, each linked event once (:mod:`veille.store.links`), counted
    within the story, described by its most confident mention."""
    sides = {
        f"side_{role}": f"{_FIRST_SIDE.format(col='name', role=role)} AS {role}, "
        f"{_FIRST_SIDE.format(col='country', role=role)} AS {role}_country"
        for role in ("actor", "recipient")
    }
    rows = _rows(conn.execute(_STORY_EVENTS.format(**sides), key))
    for r in rows:  # each document once, in the order of its first mention (the dataset's
        r["documents"] = list(dict.fromkeys(json.loads(r["documents"])))  # lists repeat it)
    return rows
