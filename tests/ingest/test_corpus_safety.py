"""An ingest never loses a document silently, never damages the corpus, and fails early and
on one line when the database cannot take its results (regression tests, real French text)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from testkit import ALEP_LINES as ALEP
from testkit import cli, run_cli, write_texts
from veille.store import connect

texts = write_texts  # one line of the Alep bulletin per file


def stored(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [Path(p).name for (p,) in conn.execute("SELECT path FROM documents ORDER BY n")]
    finally:
        conn.close()


def errors(db: Path) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT path, location, stage, reason FROM errors ORDER BY id")
        return [(Path(p).name, loc, stage, reason) for p, loc, stage, reason in rows]
    finally:
        conn.close()


@pytest.fixture
def no_analysis(monkeypatch):
    """Analysis must not start: the failure is to be found before it."""
    import veille.ingest.corpus

    def forbidden(*args, **kwargs):
        raise AssertionError("the analysis started")

    monkeypatch.setattr(veille.ingest.corpus, "analyze_many", forbidden)


def test_ingest_goes_on_after_an_odd_length_utf16_file(nlp, tmp_path):
    a, b, c = texts(tmp_path, "a.txt", "b.txt", "c.txt")
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xff\xfeA\x00B")
    db = tmp_path / "c.db"
    result = cli("ingest", a, odd, b, c, "--db", db)
    assert result.exit_code == 1, result.output
    assert result.stdout == "3 ingested, 0 skipped as duplicates, 1 failed: see veille errors\n"
    assert stored(db) == ["a.txt", "b.txt", "c.txt"]
    assert errors(db) == [
        ("odd.txt", "", "read", "UTF-16 text with an odd number of bytes: the file is truncated")
    ]


def test_ingest_goes_on_after_a_jsonl_date_that_overflows(nlp, tmp_path):
    src = tmp_path / "d.jsonl"
    lines = [
        {"text": ALEP[0], "date": "2016-12-22"},
        {"text": ALEP[2], "date": "1 Jan 99999999999999999999 00:00:00 +0000"},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    (after,) = texts(tmp_path, "after.txt")
    after.write_text(ALEP[3] + "\n", encoding="utf-8")
    db = tmp_path / "c.db"
    result = cli("ingest", src, after, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout == "3 ingested, 0 skipped as duplicates, 0 failed\n"
    assert stored(db) == ["d.jsonl", "d.jsonl", "after.txt"]


def test_ingest_of_dev_zero_fails_fast(nlp, tmp_path):
    a, b = texts(tmp_path, "a.txt", "b.txt")
    db = tmp_path / "c.db"
    result = cli("ingest", a, "/dev/zero", b, "--db", db)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("2 ingested, 0 skipped as duplicates, 1 failed")
    ((path, _, stage, reason),) = errors(db)
    assert (path, stage) == ("zero", "read") and "not a regular file" in reason


def test_ingest_goes_on_when_a_reader_dies(nlp, tmp_path, monkeypatch):
    """A reader exception inside the input generator was taken for a pipeline failure, and
    the dead generator ended the ingest: every later file was dropped, exit code 0."""
    import veille.ingest.corpus as corpus

    real = corpus.read_paths

    def dying(paths, **kwargs):
        for item in real(paths, **kwargs):
            yield item  # the document of bad.txt is kept, then the reader dies
            if Path(item.meta["path"]).name == "bad.txt":
                raise UnicodeDecodeError("utf-16-le", b"\x00", 0, 1, "truncated data")

    monkeypatch.setattr(corpus, "read_paths", dying)
    a, bad, c = texts(tmp_path, "a.txt", "bad.txt", "c.txt")
    db = tmp_path / "c.db"
    report = corpus.ingest([a, bad, c], db)
    assert (report.ingested, report.failed) == (3, 1)
    assert stored(db) == ["a.txt", "bad.txt", "c.txt"]
    ((path, _, stage, reason),) = errors(db)
    assert (path, stage) == ("bad.txt", "read") and "truncated data" in reason


def test_a_document_source_that_fails_is_no_pipeline_failure(nlp):
    """Its exception goes up once the documents in flight are done; it is not swallowed."""
    from veille.ingest import RawDocument
    from veille.ingest.corpus import _analyse, _Pending
    from veille.pipeline import Settings, content_id

    def source():
        yield _Pending(RawDocument(ALEP[0]), content_id(ALEP[0]), False)
        raise sqlite3.OperationalError("disk I/O error")

    done = []
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        for _pending, result in _analyse(source(), Settings(), 1):
            done.append(result)
    assert [d.text for d in done] == [ALEP[0]]


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.mark.parametrize(
    "script",
    [
        "CREATE TABLE migrations (id INTEGER PRIMARY KEY, version TEXT);"
        "INSERT INTO migrations (version) VALUES ('20200101_users');"
        "CREATE TABLE users (id INTEGER PRIMARY KEY, nom TEXT);",
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, titre TEXT, corps TEXT);"
        "INSERT INTO documents (titre, corps) VALUES ('Alep', 'La ville est libérée.');",
    ],
    ids=["own-migrations-table", "own-documents-table"],
)
def test_ingest_into_another_programs_database_is_refused_untouched(tmp_path, script, no_analysis):
    folder = tmp_path / "autre"
    folder.mkdir()
    db = folder / "app.db"
    conn = sqlite3.connect(db)
    conn.executescript(script)
    conn.close()
    (a,) = texts(tmp_path, "a.txt")
    before = hashes(folder)
    result = cli("ingest", a, "--db", db)
    assert result.exit_code == 1
    assert "another program's database, not a veille one" in result.output
    assert hashes(folder) == before  # same bytes, no -wal nor -shm beside it


def test_ingest_into_a_read_only_database_fails_before_analysis(tmp_path, no_analysis):
    from test_store_safety import read_only

    db = tmp_path / "ro.db"
    connect(db).close()
    (a,) = texts(tmp_path, "a.txt")
    undo = read_only(db)
    try:
        result = cli("ingest", a, "--db", db)
    finally:
        undo()
    assert result.exit_code == 1
    assert "ro.db: the database is read-only" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ingest_messages_strip_escape_sequences(tmp_path, no_analysis):
    (a,) = texts(tmp_path, "a.txt")
    result = cli("ingest", a, "--db", tmp_path / "\x1b[31mrouge\x1b[0m" / "c.db")
    assert result.exit_code == 1
    assert "does not exist" in result.output and "\x1b" not in result.output


def test_analyze_odd_length_utf16_fails_clearly(tmp_path):
    odd = tmp_path / "odd.txt"
    odd.write_bytes(ALEP[0].encode("utf-16")[:-1])
    result = run_cli("analyze", odd)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"error: {odd}: UTF-16 text with an odd number of bytes: the file is truncated"
    )
