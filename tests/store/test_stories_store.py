"""Stories in the store (issue 16), on real French articles of the stories dev set: the
online assignment in ingest batches, restored across runs, equal to a rebuild; reprints;
a document analysed again; documents stored before stories existed; the queries' shapes."""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3

import pytest

from storykit import (
    STORIES_DEV,
    analysed,
    assignments,
    consistent,
    store,
    story_rows,
    window_records,
)
from veille.ingest.corpus import pipeline_version
from veille.store import StoreError, connect, open_read
from veille.store.queries import MAX_LIMIT, stories, story, story_id
from veille.store.stories import StoryAssigner, catch_up, rebuild
from veille.store.writer import write_batch


@pytest.fixture(scope="module")
def docs(nlp):
    if not STORIES_DEV.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    return analysed(window_records(), pipeline_version())


def days(docs):
    first = [d for d in docs if d.meta["date"] == "2019-04-15"]
    return first, [d for d in docs if d.meta["date"] == "2019-04-16"]


@pytest.fixture(scope="module")
def online(docs, tmp_path_factory):
    """The window ingested in two runs (one a day), five documents a batch."""
    db = tmp_path_factory.mktemp("stories") / "online.db"
    store(db, days(docs))
    return db


def test_every_document_is_in_one_story_and_the_rows_summarise_them(online, docs):
    consistent(online)
    rows = story_rows(online)
    assert sum(r[5] for r in rows) == len(docs)
    assert len(rows) < len(docs)  # articles were grouped
    ids = [r[0] for r in rows]
    assert ids == list(range(1, len(ids) + 1))  # 1, 2, 3… in order of creation


def test_two_reprints_of_one_dispatch_are_one_story_marked_duplicate(online, docs):
    reprint = docs[-1]
    original = next(d for d in docs if d.meta["id"] == reprint.meta["id"].removesuffix("-reprise"))
    conn = open_read(online)
    (sid, dup) = conn.execute(
        "SELECT story_id, duplicate_of FROM story_documents WHERE document_id = ?",
        (reprint.dispatch.id,),
    ).fetchone()
    (osid,) = conn.execute(
        "SELECT story_id FROM story_documents WHERE document_id = ?", (original.dispatch.id,)
    ).fetchone()
    assert sid == osid and dup == original.dispatch.id
    found = story(conn, sid)
    assert found["duplicates"] >= 1
    marked = {d["id"]: d["duplicate_of"] for d in found["documents"]}
    assert marked[reprint.meta["id"]] == original.dispatch.id
    assert marked[original.meta["id"]] is None
    assert found["articles"] >= 2


def test_online_in_two_runs_equals_a_rebuild(online, tmp_path):
    before, rows = assignments(online), story_rows(online)
    db = tmp_path / "rebuilt.db"
    shutil.copy(online, db)
    conn = connect(db)
    counts = rebuild(conn)
    conn.close()
    assert counts["documents"] == len(before)
    assert assignments(db) == before
    assert story_rows(db) == rows
    conn = connect(db)
    rebuild(conn, since="2019-04-16")  # the first day kept, the clusterer restored as of it
    conn.close()
    assert assignments(db) == before
    assert story_rows(db) == rows
    consistent(db)


def test_one_run_in_other_batches_gives_the_same_stories(online, docs, tmp_path):
    """The batches cut a day differently: the same documents in the same order."""
    db = tmp_path / "one.db"
    first, second = days(docs)
    store(db, [first + second], batch=50)
    assert assignments(db) == assignments(online)


def test_a_document_analysed_again_keeps_its_story(online, docs, tmp_path):
    db = tmp_path / "again.db"
    shutil.copy(online, db)
    doc = docs[3]
    before, rows = assignments(db), story_rows(db)
    conn = connect(db)
    assigner = StoryAssigner.from_store(conn)
    again = dataclasses.replace(doc, pipeline_version="another version")
    write_batch(conn, [again], then=assigner.assign)
    (version,) = conn.execute(
        "SELECT pipeline_version FROM documents WHERE id = ?", (doc.dispatch.id,)
    ).fetchone()
    conn.close()
    assert version == "another version"
    assert assignments(db) == before and story_rows(db) == rows
    consistent(db)


def test_a_deleted_document_leaves_its_story_and_a_rebuild_recounts(online, docs, tmp_path):
    db = tmp_path / "deleted.db"
    shutil.copy(online, db)
    conn = connect(db)
    gone = docs[0].dispatch.id
    conn.execute("DELETE FROM documents WHERE id = ?", (gone,))
    (left,) = conn.execute("SELECT count(*) FROM story_documents WHERE document_id = ?", (gone,))
    assert left[0] == 0
    rebuild(conn)
    conn.close()
    consistent(db)


def test_documents_stored_before_stories_are_assigned_by_the_next_ingest(online, docs, tmp_path):
    """A database of an older veille: its documents have no story until the next ingest,
    which assigns them first, in date order: the stories of a rebuild."""
    db = tmp_path / "old.db"
    first, second = days(docs)
    conn = connect(db)
    write_batch(conn, first)  # no story assignment: as an older veille stored them
    assert conn.execute("SELECT count(*) FROM story_documents").fetchone()[0] == 0
    assigner = StoryAssigner.from_store(conn)
    assert catch_up(conn, assigner) == len(first)
    write_batch(conn, second, then=assigner.assign)
    conn.close()
    consistent(db)
    assert assignments(db) == assignments(online)


def test_stories_rows_have_the_shared_shape(online):
    conn = open_read(online)
    rows = stories(conn)
    assert len(rows) == len(story_rows(online))
    top = rows[0]
    assert set(top) >= {"id", "headline", "first_seen", "last_seen", "articles", "sources"}
    assert set(top) >= {"duplicates", "score", "documents"}
    assert top["articles"] == max(r["articles"] for r in rows) > 3
    assert set(top["documents"][0]) == {"id", "key", "title", "date", "source"}
    assert top["documents"][0]["id"].startswith("orangesum-")  # the id given at ingest
    dates = [d["date"] for d in top["documents"]]
    assert dates == sorted(dates)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert stories(conn, top=2) == rows[:2]
    late = stories(conn, since="2019-04-16")
    assert late and all(r["last_seen"] >= "2019-04-16" for r in late)
    assert all(r["first_seen"] <= "2019-04-15" for r in stories(conn, until="2019-04-15"))
    assert stories(conn, since="2030-01-01") == []


def test_one_story_has_its_entities_quotes_events_places(online):
    conn = open_read(online)
    best = stories(conn, top=1)[0]
    found = story(conn, best["id"])
    assert {k: found[k] for k in best if k != "documents"} == {
        k: v for k, v in best.items() if k != "documents"
    }
    assert [d["key"] for d in found["documents"]] == [d["key"] for d in best["documents"]]
    assert all(d["text"] and "similarity" in d for d in found["documents"])
    assert found["entities"] and len(found["entities"]) <= 15
    assert found["entities"][0]["articles"] >= 2
    assert any("Notre-Dame" in p["name"] or p["name"] == "Paris" for p in found["places"])
    speakers = found["quotes"]
    assert speakers and all(g["count"] == len(g["quotes"]) for g in speakers)
    assert {"content", "cue", "type", "confidence", "document", "title", "start", "end"} == set(
        speakers[0]["quotes"][0]
    )
    keys = [v["link_key"] for v in found["events"]]
    assert len(keys) == len(set(keys))  # each event once across the story's articles
    for v in found["events"]:
        assert v["num_articles"] == len(v["documents"]) <= v["num_mentions"]


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1.5", "", "١٢", "9" * 40])
def test_a_story_id_is_a_positive_number(bad):
    with pytest.raises(StoreError, match="not a story id"):
        story_id(bad)


def test_no_story_is_none_and_top_is_bounded(online):
    conn = open_read(online)
    assert story(conn, 10**9) is None
    for top in (0, MAX_LIMIT + 1, 10**30):
        with pytest.raises(StoreError, match="top must be"):
            stories(conn, top=top)


def test_a_rebuild_is_one_transaction(online, tmp_path, monkeypatch):
    """A failure in the middle of a rebuild leaves the stories as they were."""
    import veille.store.stories as st

    db = tmp_path / "failed.db"
    shutil.copy(online, db)
    before = assignments(db)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(st, "refresh", broken)
    conn = connect(db)
    with pytest.raises(RuntimeError):
        rebuild(conn, since="2019-04-16")
    conn.close()
    assert assignments(db) == before
    consistent(db)


def test_the_migration_leaves_documents_and_adds_empty_tables(tmp_path):
    db = tmp_path / "v.db"
    connect(db).close()
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"stories", "story_documents"} <= names
    fks = conn.execute("PRAGMA foreign_key_list(story_documents)").fetchall()
    assert [(f[2], f[6]) for f in fks] == [("documents", "CASCADE")]


def test_the_headline_is_the_title_of_the_member_most_like_the_others():
    """Not the first article (an aside on the fire's emotion), but the one whose words the
    others share (the fire itself)."""
    from veille.store.stories import Member, summarise

    def member(position, title, vector):
        norm = sum(w * w for w in vector.values()) ** 0.5
        m = Member(f"k{position}", position, title, "2019-04-15", None, None)
        m.vector = {k: w / norm for k, w in vector.items()}
        return m

    members = [
        member(1, "La vive émotion de Stéphane Bern", {"wbern": 3, "wemotion": 2, "wincendie": 1}),
        member(
            2, "Un incendie ravage Notre-Dame", {"wincendie": 2, "eNotre-Dame": 2, "wfleche": 1}
        ),
        member(3, "La flèche s'est effondrée", {"wfleche": 2, "eNotre-Dame": 1, "wincendie": 1}),
        member(4, None, {"wincendie": 2, "eNotre-Dame": 2, "wfleche": 1}),
    ]
    row = summarise(7, members)
    assert (row["headline"], row["central_document"]) == ("Un incendie ravage Notre-Dame", "k2")
    assert (row["articles"], row["sources"], row["duplicates"]) == (4, 4, 0)


def test_two_ingests_at_once_collided_on_story_positions(online, docs, tmp_path):
    """Regression: two ``veille ingest`` runs into one database at the same time each restored
    the clusterer when they started; the second one's first batch then took positions and
    story ids the first had already stored (``UNIQUE constraint failed:
    story_documents.position``) and its documents were not stored. Each batch now catches up
    with the store inside its transaction: both runs store everything, and the stories are
    those of one run after the other."""
    db = tmp_path / "two.db"
    first, second = days(docs)
    connections = [connect(db), connect(db)]
    try:
        a, b = (StoryAssigner.from_store(c) for c in connections)  # both start on an empty store
        for start in range(0, max(len(first), len(second)), 5):  # their batches interleave
            write_batch(connections[0], first[start : start + 5], then=a.assign)
            write_batch(connections[1], second[start : start + 5], then=b.assign)
    finally:
        for c in connections:
            c.close()
    consistent(db)
    assert len(assignments(db)) == len(docs)
