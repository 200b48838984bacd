"""Real French articles for the stories tests: a window of the stories dev set (the
Notre-Dame fire, two days), analysed once per session, and a store fed as the ingest feeds
it (:func:`store`), with the checks every stored state must pass (:func:`consistent`)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from testkit import ROOT
from veille.store import connect
from veille.store.stories import StoryAssigner
from veille.store.writer import StoredDocument, write_batch

# shared/ beside the project (CI), or beside the folder of worktrees
STORIES_DEV = next(
    (
        p / "shared" / "eval" / "stories-dev.jsonl"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "eval" / "stories-dev.jsonl").exists()
    ),
    ROOT.parent / "shared" / "eval" / "stories-dev.jsonl",
)
WINDOW = "2019-04-15-2019-04-16"
PER_DAY = 12


def window_records() -> list[dict]:
    """``PER_DAY`` articles of each day of the Notre-Dame window (those of stories of several
    articles first), as JSONL ingest records, in the file's order; then a reprint of the
    first article of the 16th (the same dispatch under another title and source, a line of
    credit added)."""
    for line in STORIES_DEV.read_text(encoding="utf-8").splitlines():
        w = json.loads(line)
        if w["window"] == WINDOW:
            break
    grouped = {i for s in w["stories"] if len(s["ids"]) > 1 for i in s["ids"]}
    days: dict[str, list[dict]] = {}
    for d in w["docs"]:
        days.setdefault(d["date"], []).append(d)
    records = []
    for day in sorted(days):  # the articles of stories of several first, in the file's order
        first = sorted(days[day], key=lambda d: d["id"] not in grouped)[:PER_DAY]
        records += [
            {"id": d["id"], "date": d["date"], "title": d["title"], "text": d["text"]}
            for d in days[day]
            if d in first
        ]
    first = next(r for r in records if r["date"] == "2019-04-16")
    reprint = {
        "id": first["id"] + "-reprise",
        "date": first["date"],
        "title": "Reprise : " + first["title"],
        "source": "Le Journal du Centre",
        "text": first["text"] + "\n(Avec AFP)",
    }
    return [*records, reprint]


def analysed(records: Sequence[dict], version: str) -> list[StoredDocument]:
    from veille.pipeline import analyze_many

    dispatches = analyze_many([r["text"] for r in records], dates=[r["date"] for r in records])
    return [
        StoredDocument(d, {k: v for k, v in r.items() if k != "text"}, version)
        for r, d in zip(records, dispatches, strict=True)
    ]


def store(db: Path, runs: Sequence[Sequence[StoredDocument]], batch: int = 5) -> None:
    """Each run as an ``veille ingest`` run stores it: the assignment restored from the
    store, the documents committed ``batch`` at a time with their stories."""
    for docs in runs:
        conn = connect(db)
        try:
            assigner = StoryAssigner.from_store(conn)
            for start in range(0, len(docs), batch):
                write_batch(conn, docs[start : start + batch], then=assigner.assign)
        finally:
            conn.close()


def assignments(db: Path) -> list[tuple]:
    """Each document's story, similarity and near-duplicate, in assignment order (the
    positions themselves left out: a rebuild numbers after the earlier ones)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT d.external_id, sd.story_id, round(sd.similarity, 9), sd.duplicate_of"
            " FROM story_documents sd JOIN documents d ON d.id = sd.document_id"
            " ORDER BY sd.position"
        ).fetchall()
    finally:
        conn.close()


def story_rows(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM stories ORDER BY id").fetchall()
    finally:
        conn.close()


def consistent(db: Path) -> None:
    """Every document in one story, every story row the summary of its members."""
    conn = sqlite3.connect(db)
    try:
        one = conn.execute
        assert (
            one("SELECT count(*) FROM documents").fetchone()
            == one("SELECT count(*) FROM story_documents").fetchone()
        )
        assert one(
            "SELECT count(*) FROM story_documents WHERE document_id NOT IN"
            " (SELECT id FROM documents) OR story_id NOT IN (SELECT id FROM stories)"
        ).fetchone() == (0,)
        assert one(
            "SELECT count(*) FROM (SELECT position FROM story_documents GROUP BY position"
            " HAVING count(*) > 1)"
        ).fetchone() == (0,)
        rows = one(
            """SELECT s.articles, count(sd.document_id), s.first_seen, min(d.date), s.last_seen,
                      max(d.date), s.duplicates, count(sd.duplicate_of),
                      s.central_document IN (SELECT document_id FROM story_documents x
                                             WHERE x.story_id = s.id)
               FROM stories s LEFT JOIN story_documents sd ON sd.story_id = s.id
               LEFT JOIN documents d ON d.id = sd.document_id GROUP BY s.id"""
        ).fetchall()
        for r in rows:
            assert (r[0], r[2], r[4], r[6], r[8]) == (r[1], r[3], r[5], r[7], 1), r
    finally:
        conn.close()


def replace_meta(doc: StoredDocument, **meta: object) -> StoredDocument:
    return dataclasses.replace(doc, meta={**doc.meta, **meta})
