"""Stories in the store: the online assignment of :mod:`veille.stories` kept in SQLite.

Every stored document belongs to one story (``story_documents``); each story has its row in
``stories`` (headline, counts, first and last day). The assignment is online, in date order:

- :class:`StoryAssigner` holds a :class:`veille.stories.Clusterer` restored from the stored
  members of the stories still active (in their assignment order), and assigns each batch of
  new documents inside the batch's own transaction (:func:`veille.store.writer.write_batch`
  calls it before committing), sorted by date then arrival: a killed ingest leaves every
  stored document with its story, or neither.
- A document with no date takes the date of the one before it in arrival order (the first
  ones: as of their arrival, before every dated one).
- A document analysed again (``--reanalyze``) keeps its story and place in the order; its
  features are computed again from the new analysis (``--rebuild`` reassigns with them).
- Documents stored before stories existed (migration ``0003_stories``), or loaded from a
  dataset, are assigned by :func:`catch_up` (the next ingest, ``veille load``) in date
  order, as if ingested then.
- :func:`rebuild` forgets the assignments of the documents dated from ``since`` on and
  assigns them again in order, the clusterer restored as of ``since``: the same result as
  the online pass over the same documents in the same order.

The stories rows are summaries of their members (:func:`summarise`), the same function for
the store and for a Parquet dataset (:mod:`veille.batch`).
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veille.settings import Settings
    from veille.store.writer import StoredDocument

log = logging.getLogger(__name__)

STORY_COLUMNS = (
    "id",
    "headline",
    "central_document",
    "first_seen",
    "last_seen",
    "articles",
    "sources",
    "duplicates",
)
MEMBER_COLUMNS = ("document_id", "story_id", "position", "similarity", "duplicate_of", "features")


def story_settings(settings: Settings | None) -> Any:
    """The :class:`veille.stories.StorySettings` of ``settings`` (its defaults without)."""
    from veille.stories import StorySettings

    found = getattr(settings, "stories", None) if settings is not None else None
    return found if found is not None else StorySettings()


# ── what a story row says of its members ─────────────────────────────────────────────────


@dataclass
class Member:
    """What the summary of a story reads of one of its documents."""

    key: str
    position: int
    title: str | None
    date: str | None
    source: str | None
    duplicate_of: str | None
    vector: dict[str, float] = field(default_factory=dict)  # its unit vector (the clusterer's)


def vector(f: Any, settings: Any) -> dict[str, float]:
    """A document's unit vector as the clusterer compares them
    (:func:`veille.stories.similarity.vector`)."""
    from veille.stories.similarity import vector as unit

    return unit(f, settings)


def central(members: Sequence[Member]) -> Member:
    """The member most similar to the others: the highest cosine of its vector with the sum
    of the others' (as the clusterer measures a document against a story); the earliest on
    ties, a titled one before one without a title."""
    total: Counter[str] = Counter()
    for m in members:
        total.update(m.vector)
    norm2 = sum(w * w for w in total.values())
    best, best_score = None, -2.0
    for m in sorted(members, key=lambda m: (m.title is None, m.position)):
        own = sum(w * w for w in m.vector.values())
        dot = sum(w * total[k] for k, w in m.vector.items()) - own
        rest = math.sqrt(max(norm2 - 2 * (dot + own) + own, 0.0))
        score = dot / (math.sqrt(own) * rest) if own and rest > 1e-12 else 0.0
        if best is None or (score > best_score + 1e-9 and (m.title or not best.title)):
            best, best_score = m, score
    assert best is not None
    return best


def summarise(story: int, members: Sequence[Member]) -> dict[str, Any]:
    """The ``stories`` row of story ``story`` from its members."""
    dates = [m.date for m in members if m.date]
    middle = central(members)
    return {
        "id": story,
        "headline": middle.title,
        "central_document": middle.key,
        "first_seen": min(dates) if dates else None,
        "last_seen": max(dates) if dates else None,
        "articles": len(members),
        "sources": len({m.source or m.key for m in members}),
        "duplicates": sum(m.duplicate_of is not None for m in members),
    }


_MEMBERS_SQL = """
    SELECT sd.story_id, sd.document_id, sd.position, sd.duplicate_of, d.title, d.date,
           d.source, sd.features
    FROM story_documents sd JOIN documents d ON d.id = sd.document_id
    WHERE sd.story_id IN (SELECT value FROM json_each(?))
    ORDER BY sd.story_id, sd.position
"""


def refresh(conn: sqlite3.Connection, ids: Iterable[int], settings: Any = None) -> None:
    """Write again the ``stories`` rows of ``ids`` from their members (a story left with
    none is deleted); ``settings``: the :class:`~veille.stories.StorySettings` the vectors
    are weighted with."""
    from veille.stories import Features

    ids = sorted(set(ids))
    if not ids:
        return
    settings = story_settings(None) if settings is None else settings
    by_story: dict[int, list[Member]] = {}
    for r in conn.execute(_MEMBERS_SQL, (json.dumps(ids),)):
        member = Member(r[1], r[2], r[4], r[5], r[6], r[3])
        member.vector = vector(Features.from_json(r[7]), settings)
        by_story.setdefault(r[0], []).append(member)
    conn.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in ids if i not in by_story])
    rows = [summarise(i, members) for i, members in by_story.items()]
    names = ", ".join(STORY_COLUMNS)
    marks = ", ".join(f":{c}" for c in STORY_COLUMNS)
    conn.executemany(f"INSERT OR REPLACE INTO stories ({names}) VALUES ({marks})", rows)


# ── the online assignment ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Item:
    """A document to assign: its key, effective date (see the module) and what the
    clusterer reads."""

    key: str
    date: str | None
    title: str | None
    source: str | None
    dispatch: Any  # veille.model.Dispatch


def in_order(items: Sequence[Item], before: str | None = None) -> list[Item]:
    """``items`` (in arrival order) with their effective dates, sorted by date then
    arrival; ``before`` is the date of the document that arrived before them."""
    dated = []
    last = before
    for item in items:
        last = item.date or last
        dated.append(Item(item.key, last, item.title, item.source, item.dispatch))
    return sorted(dated, key=lambda i: i.date or "")


def features(item: Item) -> Any:
    from veille.stories import StoryInput
    from veille.stories import features as compute

    return compute(StoryInput(item.key, item.date, item.title, item.source, item.dispatch))


class StoryAssigner:
    """The online assignment (see the module): a clusterer and the next position.
    :meth:`from_store` restores it from a store; :meth:`assign` is then the hook of
    :func:`veille.store.writer.write_batch`."""

    def __init__(self, settings: Settings | None = None, next_id: int = 1, position: int = 1):
        from veille.stories import Clusterer

        self.given = settings
        self.settings = story_settings(settings)
        self.clusterer = Clusterer(self.settings, next_id=next_id)
        self.position = position

    @classmethod
    def from_store(
        cls, conn: sqlite3.Connection, settings: Settings | None = None
    ) -> StoryAssigner:
        """The assignment as it was after the stored ones: the clusterer given the members
        of the stories that may still be active (last seen within ``dormant_days`` and a day
        of the newest story; the clusterer drops those dormant by its own clock), in their
        assignment order."""
        from veille.stories import Features

        top = conn.execute("SELECT max(id) FROM stories").fetchone()[0] or 0
        last = conn.execute("SELECT max(position) FROM story_documents").fetchone()[0] or 0
        assigner = cls(settings, next_id=top + 1, position=last + 1)
        newest = conn.execute("SELECT max(last_seen) FROM stories").fetchone()[0]
        horizon = _days_before(newest, assigner.settings.dormant_days + 1)
        members = conn.execute(
            "SELECT sd.story_id, sd.document_id, sd.features FROM story_documents sd"
            " JOIN stories s ON s.id = sd.story_id"
            " WHERE ? IS NULL OR s.last_seen IS NULL OR s.last_seen >= ?"
            " ORDER BY sd.position",
            (horizon, horizon),
        )
        assigner.clusterer.restore(
            (story, key, Features.from_json(text)) for story, key, text in members
        )
        return assigner

    def one(self, item: Item) -> tuple[Any, Any]:
        """Assign one document (after all those before it): its Assignment and Features."""
        f = features(item)
        a = self.clusterer.add(item.key, f)
        self.position += 1
        return a, f

    def assign(self, conn: sqlite3.Connection, documents: Sequence[StoredDocument]) -> None:
        """Assign ``documents`` (one batch, in arrival order) inside its transaction: those
        stored already keep their story (their features refreshed), the others join one."""
        if not documents:
            return
        self.sync(conn)
        keys = [d.dispatch.id for d in documents]
        known = {
            r[0]: r[1]
            for r in conn.execute(
                "SELECT document_id, story_id FROM story_documents"
                " WHERE document_id IN (SELECT value FROM json_each(?))",
                (json.dumps(keys),),
            )
        }
        items = [_item(conn, d) for d in documents]
        for item in items:
            if item.key in known:
                conn.execute(
                    "UPDATE story_documents SET features = ? WHERE document_id = ?",
                    (features(item).to_json(), item.key),
                )
        new = [i for i in items if i.key not in known]
        touched = set(known.values()) | self.add(conn, in_order(new, _date_before(conn, new)))
        refresh(conn, touched, self.settings)

    def sync(self, conn: sqlite3.Connection) -> None:
        """Catch up with the store inside the batch's transaction (which holds the write
        lock): when another ingest assigned documents since this one was restored, or a batch
        of this one was rolled back after its assignment, the clusterer is restored again
        from what is stored, so that positions and story ids never collide."""
        last = conn.execute("SELECT max(position) FROM story_documents").fetchone()[0] or 0
        if last != self.position - 1:
            fresh = type(self).from_store(conn, self.given)
            self.clusterer, self.position = fresh.clusterer, fresh.position

    def add(self, conn: sqlite3.Connection, items: Sequence[Item]) -> set[int]:
        """Assign ``items``, in this order (:func:`in_order`); the stories they joined."""
        touched = set()
        rows = []
        for item in items:
            position = self.position
            a, f = self.one(item)
            rows.append((item.key, a.story, position, a.similarity, a.duplicate_of, f.to_json()))
            touched.add(a.story)
        conn.executemany(
            f"INSERT INTO story_documents ({', '.join(MEMBER_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        return touched


def _days_before(day: str | None, days: int) -> str | None:
    if not day:
        return None
    try:
        return (date.fromisoformat(day) - timedelta(days=days)).isoformat()
    except ValueError:
        return None


def _date_before(conn: sqlite3.Connection, items: Sequence[Item]) -> str | None:
    """The date of the last dated document stored before ``items`` arrived."""
    if not items:
        return None
    row = conn.execute(
        "SELECT date FROM documents WHERE date IS NOT NULL AND n < (SELECT min(n) FROM documents"
        " WHERE id IN (SELECT value FROM json_each(?))) ORDER BY n DESC LIMIT 1",
        (json.dumps([i.key for i in items]),),
    ).fetchone()
    return row[0] if row else None


def _item(conn: sqlite3.Connection, doc: StoredDocument) -> Item:
    """A stored document of this batch as the clusterer reads it (its stored title, date
    and source: the container's, else the analysis's)."""
    d = doc.dispatch
    row = conn.execute("SELECT title, date, source FROM documents WHERE id = ?", (d.id,)).fetchone()
    return Item(d.id, row[1], row[0], row[2], d)


# ── documents without a story, and re-clustering ───────────────────────────────────────


def _effective_dates(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Every document's effective date (its own, else the one before it in arrival order),
    in arrival order."""
    dates: dict[str, str | None] = {}
    last = None
    for key, day in conn.execute("SELECT id, date FROM documents ORDER BY n"):
        last = day or last
        dates[key] = last
    return dates


CHUNK = 500  # documents whose analyses are read at a time


def _replay(
    conn: sqlite3.Connection, assigner: StoryAssigner, keys: set[str], dates: dict[str, Any]
) -> set[int]:
    """Assign the documents ``keys`` in (effective date, arrival) order, their analyses
    read a chunk at a time."""
    from veille.model import Dispatch

    arrival = {k: i for i, k in enumerate(dates)}
    ordered = sorted(keys, key=lambda k: (dates[k] or "", arrival[k]))
    touched: set[int] = set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        rows = {
            r[0]: r
            for r in conn.execute(
                "SELECT id, title, source, dispatch FROM documents"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(chunk),),
            )
        }
        items = [
            Item(k, dates[k], rows[k][1], rows[k][2], Dispatch.from_dict(json.loads(rows[k][3])))
            for k in chunk
        ]
        touched |= assigner.add(conn, items)
    return touched


def catch_up(conn: sqlite3.Connection, assigner: StoryAssigner) -> int:
    """Assign the stored documents that have no story (stored before stories existed, or
    loaded from a dataset), in date order, in one transaction; how many."""
    missing = {
        r[0]
        for r in conn.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM story_documents)"
        )
    }
    if not missing:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        touched = _replay(conn, assigner, missing, _effective_dates(conn))
        refresh(conn, touched, assigner.settings)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    log.info("%d documents without a story assigned", len(missing))
    return len(missing)


def rebuild(
    conn: sqlite3.Connection, since: str | None = None, settings: Settings | None = None
) -> dict[str, int]:
    """Assign again every document dated ``since`` or later (all without ``since``), in
    one transaction: their assignments forgotten, the clusterer restored from those before,
    the documents replayed in (date, arrival) order. Returns the counts of ``documents``
    assigned and ``stories`` they make."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        # the new assignments take positions after every earlier one (a reader sees
        # that the stories changed: veille serve's cache), in the same order
        top = conn.execute("SELECT max(position) FROM story_documents").fetchone()[0] or 0
        dates = _effective_dates(conn)
        keys = {k for k, d in dates.items() if since is None or (d is not None and d >= since)}
        old = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT story_id FROM story_documents"
                " WHERE document_id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(keys)),),
            )
        }
        conn.execute(
            "DELETE FROM story_documents WHERE document_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(keys)),),
        )
        # and the stories whose documents were deleted (the cascade took their members)
        old |= {
            r[0]
            for r in conn.execute(
                "SELECT id FROM stories WHERE id NOT IN (SELECT story_id FROM story_documents)"
            )
        }
        # stories left empty are gone, the others summarised again
        refresh(conn, old, story_settings(settings))
        assigner = StoryAssigner.from_store(conn, settings)  # as it was before ``since``
        assigner.position = top + 1
        touched = _replay(conn, assigner, keys, dates)
        refresh(conn, touched, assigner.settings)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return {"documents": len(keys), "stories": len(touched)}
