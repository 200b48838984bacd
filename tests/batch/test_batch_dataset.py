"""``veille batch`` on a LocalCluster of 2 worker processes: the same rows as
``analyze_many`` in one process, nothing written a second time, and every query command
giving the same rows on the dataset (DuckDB) as on the store (SQLite)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batchkit import DEV_GOLD

from testkit import DATA, cli, cli_json
from veille.export_events import GDELT_COLUMNS
from veille.store import dataset as ds
from veille.store import open_read
from veille.store.export import TABLES, rows


@dataclass
class Corpus:
    inputs: list[str]
    dataset: Path
    db: Path
    report: object
    n: int  # documents


def reference_store(inputs: list[str], db: Path) -> int:
    """``inputs`` analysed by ``analyze_many`` in this process, stored in ``db`` in input
    order: what ``veille ingest`` would store."""
    from veille.batch.inputs import read_inputs
    from veille.ingest import RawDocument
    from veille.ingest.corpus import pipeline_version
    from veille.pipeline import analyze_many
    from veille.store import connect
    from veille.store.stories import StoryAssigner, catch_up
    from veille.store.writer import StoredDocument, write_batch

    docs = [d for d in read_inputs(inputs) if isinstance(d, RawDocument)]
    dispatches = analyze_many([d.text for d in docs], dates=[d.meta.get("date") for d in docs])
    version = pipeline_version()
    stored = [StoredDocument(x, d.meta, version) for d, x in zip(docs, dispatches, strict=True)]
    conn = connect(db)
    write_batch(conn, stored)
    catch_up(conn, StoryAssigner.from_store(conn))  # as the ingest assigns stored documents
    conn.close()
    return len(stored)


@pytest.fixture(scope="module")
def corpus(nlp, tmp_path_factory) -> Corpus:
    from veille.batch import run_batch

    if not DEV_GOLD.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    tmp = tmp_path_factory.mktemp("batch")
    inputs = [str(DEV_GOLD), str(DATA / "events")]
    report = run_batch(inputs, tmp / "dataset", workers=2, partition_size=20)
    n = reference_store(inputs, tmp / "reference.db")
    return Corpus(inputs, tmp / "dataset", tmp / "reference.db", report, n)


def _without_stamp(records) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "analysed_at"} for r in records]


def test_every_table_has_the_rows_of_analyze_many_in_one_process(corpus):
    assert corpus.report.documents == corpus.n
    assert corpus.report.written == -(-corpus.n // 20)
    assert corpus.report.failed == 0
    conn = open_read(corpus.db)
    con = ds.open_dataset(corpus.dataset)
    for table in TABLES:
        expected = _without_stamp(rows(conn, table))
        assert expected, table
        assert _without_stamp(ds.rows(con, table)) == expected, table


def test_one_file_a_partition_and_table_named_by_its_content(corpus):
    names = {f.name for f in (corpus.dataset / "documents").iterdir()}
    assert len(names) == corpus.report.written
    for table in ("quotes", "entities", "places", "events", "actors", "errors"):
        assert {f.name for f in (corpus.dataset / table).iterdir()} == names
    # each document once in the files themselves, not only through the views
    ids = [i for f in names for i in pq.read_table(corpus.dataset / "documents" / f)["id"]]
    assert len(ids) == len(set(ids)) == corpus.n


def test_links_are_reduced_over_the_dataset(corpus):
    (links,) = (corpus.dataset / "links").glob("*.parquet")
    table = {r["link_key"]: r for r in pq.read_table(links).to_pylist()}
    conn = open_read(corpus.db)
    for r in conn.execute(
        "SELECT link_key, count(*) AS m, count(DISTINCT document_id) AS a FROM events"
        " GROUP BY link_key"
    ):
        assert (table[r["link_key"]]["num_mentions"], table[r["link_key"]]["num_articles"]) == (
            r["m"],
            r["a"],
        )
    assert max(r["num_articles"] for r in table.values()) >= 2  # linked across articles


def test_a_second_run_writes_nothing(corpus):
    from veille.batch import run_batch

    before = {f: f.stat().st_mtime_ns for f in corpus.dataset.rglob("*")}
    report = run_batch(corpus.inputs, corpus.dataset, workers=1, partition_size=20)
    assert (report.written, report.documents, report.present) == (0, 0, corpus.n)
    assert report.links is None
    assert {f: f.stat().st_mtime_ns for f in corpus.dataset.rglob("*")} == before


QUERIES = [
    ("search", "Poutine"),
    ("search", "Alep OR Mossoul", "--limit", "50"),
    ("search", "président -russe", "--since", "2016-01-01"),
    ("search", '"ministre des affaires"'),
    ("search", "minist*", "--limit", "100"),
    ("quotes", "--limit", "10000"),
    ("quotes", "--speaker", "poutine"),
    ("quotes", "--about", "Syrie OR guerre", "--limit", "500"),
    ("entities", "--top", "10000"),
    ("entities", "--type", "per"),
    ("places", "--top", "10000"),
    ("places", "--country", "SY"),
    ("events", "--limit", "10000"),
    ("events", "--actor", "RUS"),
    ("events", "--actor", "erdogan"),
    ("events", "--root", "4", "--since", "2016-01-01"),
    ("events", "--plover", "assault"),
    ("stories", "--top", "10000"),
    ("stories", "--since", "2016-06-01", "--until", "2016-12-31"),
    ("stories", "show", "1"),
]


@pytest.mark.parametrize("args", QUERIES, ids=" ".join)
def test_each_query_gives_the_same_rows_on_the_dataset(corpus, args):
    on_db = cli_json(*args, "--db", corpus.db)
    assert on_db, args
    assert cli_json(*args, "--dataset", corpus.dataset) == on_db


def test_stats_are_the_same_on_the_dataset(corpus):
    on_db = cli_json("stats", "--db", corpus.db)
    on_dataset = cli_json("stats", "--dataset", corpus.dataset)
    for key in ("migrations", "size_bytes"):  # a dataset has no migrations, and other files
        on_db.pop(key), on_dataset.pop(key)
    assert on_dataset == on_db


@pytest.mark.parametrize(
    "fmt, table",
    [
        ("jsonl", "quotes"),
        ("csv", "entities"),
        ("jsonl", "events"),
        ("gdelt", None),
        ("plover", None),
        ("parquet", "places"),
    ],
)
def test_export_gives_the_same_rows_from_the_dataset(corpus, tmp_path, fmt, table):
    args = ["export", "--format", fmt] + (["--table", table] if table else [])
    assert cli(*args, "--out", tmp_path / "a", "--db", corpus.db).exit_code == 0
    result = cli(*args, "--out", tmp_path / "b", "--dataset", corpus.dataset)
    assert result.exit_code == 0, result.output
    if fmt == "parquet":
        assert pq.read_table(tmp_path / "a").equals(pq.read_table(tmp_path / "b"))
        return
    expected, found = ((tmp_path / n).read_text().splitlines() for n in "ab")
    assert len(expected) > 2
    if fmt == "gdelt":  # DATEADDED is when the document was analysed: apart, not the same
        added = GDELT_COLUMNS.index("DATEADDED")
        expected, found = (
            [(c := r.split("\t"))[:added] + c[added + 1 :] for r in rows]
            for rows in (expected, found)
        )
    assert found == expected


def test_raw_fts_is_refused_on_a_dataset_with_a_way_out(corpus):
    result = cli("search", "alep NEAR syrie", "--fts", "--dataset", corpus.dataset)
    assert result.exit_code == 1
    assert "veille load" in result.output


def test_load_merges_the_dataset_into_a_store_idempotently(corpus, tmp_path):
    db = tmp_path / "loaded.db"
    result = cli("load", corpus.dataset, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{corpus.n} documents loaded, 0 already stored")
    expected = open_read(corpus.db)
    loaded = open_read(db)
    for table in TABLES:
        assert _without_stamp(rows(loaded, table)) == _without_stamp(rows(expected, table))
    loaded.close()
    before = db.read_bytes()
    again = cli("load", corpus.dataset, "--db", db)
    stored = f"0 documents loaded, {corpus.n} already stored, 0 errors"
    assert again.stdout.startswith(stored), again.output
    assert cli_json("stats", "--db", db)["documents"] == corpus.n
    assert len(before) == db.stat().st_size


def test_a_folder_that_is_not_a_dataset_is_one_line(tmp_path: Path):
    result = cli("entities", "--dataset", tmp_path)
    assert result.exit_code == 1
    assert "not a veille dataset" in result.output
