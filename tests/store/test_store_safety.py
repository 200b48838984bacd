"""The corpus is never damaged: another program's database is refused untouched, read-only
and locked databases are refused before any work, and exports never overwrite the database
nor leave a half-written file (no model: databases built here)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from veille.store import StoreError, connect, open_read
from veille.store.export import export


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_sqlite(path: Path, script: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.close()
    return path


OTHER_PROGRAMS = {
    "own migrations table": """
        CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT);
        INSERT INTO migrations (name, applied_at) VALUES ('create_articles', '2020-01-01');
        CREATE TABLE articles (id INTEGER PRIMARY KEY, titre TEXT);
        INSERT INTO articles (titre) VALUES ('Alep : la ville libérée');
    """,
    "own documents table": """
        CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT);
        INSERT INTO documents (body) VALUES ('Le président russe a affirmé que la libération');
    """,
    "veille migration names, own documents": """
        CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);
        INSERT INTO migrations VALUES ('0001_initial', '2020-01-01');
        CREATE TABLE documents (id INTEGER PRIMARY KEY, body TEXT);
    """,
}


@pytest.mark.parametrize("kind", list(OTHER_PROGRAMS))
def test_another_programs_database_is_refused_untouched(tmp_path, kind):
    db = make_sqlite(tmp_path / "autre.db", OTHER_PROGRAMS[kind])
    before, files = digest(db), beside(db)
    for open_it in (connect, open_read):  # open_read migrated it through connect
        with pytest.raises(StoreError, match="another program's database, not a veille one"):
            open_it(db)
    assert digest(db) == before
    assert beside(db) == files  # no -wal, no -shm: not switched to WAL
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("Poutine a souligné la nécessité de poursuivre le travail.\n")
    before = digest(db)
    with pytest.raises(StoreError, match="not a SQLite database"):
        connect(db)
    assert digest(db) == before


def test_an_empty_file_becomes_a_veille_database(tmp_path):
    db = tmp_path / "vide.db"
    db.touch()
    connect(db).close()
    assert open_read(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_a_veille_database_with_an_extra_table_is_still_veille(tmp_path):
    db = tmp_path / "v.db"
    connect(db).close()
    make_sqlite(db, "CREATE TABLE mes_notes (note TEXT);")
    connect(db).close()
    open_read(db).close()


def test_open_read_still_migrates_an_older_veille_database(tmp_path):
    db = tmp_path / "ancienne.db"
    connect(db).close()
    make_sqlite(  # as veille left it before 0002_event_links
        db,
        """DELETE FROM migrations WHERE name = '0002_event_links';
           DROP INDEX events_link; ALTER TABLE events DROP COLUMN link_key;""",
    )
    conn = open_read(db)
    names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == ["0001_initial", "0002_event_links", "0003_stories"]
    assert "link_key" in {r[1] for r in conn.execute("PRAGMA table_info(events)")}


def test_a_newer_veille_database_is_refused(tmp_path):
    db = tmp_path / "future.db"
    connect(db).close()
    make_sqlite(db, "INSERT INTO migrations VALUES ('0099_future', '2030-01-01');")
    with pytest.raises(StoreError, match="newer veille"):
        connect(db)


def read_only(path: Path):
    """Make ``path`` read-only even for root (immutable), else by its mode; undo it after."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        done = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
        if done.returncode:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode().strip()}")
        return lambda: subprocess.run(["chattr", "-i", str(path)], check=True)
    mode = path.stat().st_mode
    path.chmod(mode & 0o555)
    return lambda: path.chmod(mode)


def test_connect_refuses_a_read_only_database_before_any_work(tmp_path):
    db = tmp_path / "ro.db"
    connect(db).close()
    before = digest(db)
    undo = read_only(db)
    try:
        with pytest.raises(StoreError, match=r"ro\.db: the database is read-only"):
            connect(db)
        open_read(db).close()  # queries still work
    finally:
        undo()
    assert digest(db) == before


def test_connect_refuses_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    undo = read_only(folder)
    try:
        with pytest.raises(StoreError, match=r"the folder .* is read-only"):
            connect(folder / "new.db")
    finally:
        undo()
    assert not (folder / "new.db").exists()


def hold_write_lock(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_connect_fails_clearly_on_a_database_locked_by_another_writer(tmp_path):
    db = tmp_path / "verrou.db"
    connect(db).close()
    writer = hold_write_lock(db)
    try:
        with pytest.raises(StoreError, match=r"locked by another writer \(is another veille"):
            connect(db, busy_timeout=0.2)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_connect_waits_for_a_writer_that_finishes(tmp_path):
    db = tmp_path / "verrou.db"
    connect(db).close()
    writer = hold_write_lock(db)

    def release() -> None:
        time.sleep(0.3)
        writer.execute("ROLLBACK")

    thread = threading.Thread(target=release)
    thread.start()
    try:
        connect(db, busy_timeout=20).close()
    finally:
        thread.join()
        writer.close()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A veille database (empty: the export's rows are not the point), in WAL mode."""
    db = tmp_path / "c.db"
    connect(db).close()
    return db


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "veille.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_export_onto_the_database_is_refused(corpus):
    before = digest(corpus)
    result = run_cli("export", "--db", str(corpus), "--out", str(corpus))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "is the corpus database" in result.stderr and len(result.stderr.splitlines()) == 1
    assert corpus.stat().st_size > 0 and digest(corpus) == before


def test_export_onto_a_link_or_a_journal_of_the_database_is_refused(corpus, tmp_path):
    before = digest(corpus)
    (tmp_path / "lien.db").symlink_to(corpus)
    os.link(corpus, tmp_path / "dur.db")
    conn = open_read(corpus)
    try:
        for out in ("lien.db", "dur.db", "c.db-wal", "c.db-shm", "./c.db", "../c.db"):
            target = tmp_path / out if out != "../c.db" else tmp_path / "x" / ".." / "c.db"
            with pytest.raises(StoreError, match="would destroy the corpus"):
                export(conn, "documents", "jsonl", target)
    finally:
        conn.close()
    assert digest(corpus) == before


def test_a_failed_export_leaves_the_old_file_intact(corpus, tmp_path, monkeypatch):
    import veille.store.export as module

    out = tmp_path / "quotes.jsonl"
    out.write_text('{"content": "La libération de la ville d’Alep"}\n', encoding="utf-8")
    out.chmod(0o640)
    before = digest(out)

    def half_then_fail(records, path):
        Path(path).write_text('{"content": "Poutine', encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_jsonl", half_then_fail)
    conn = open_read(corpus)
    with pytest.raises(StoreError, match=r"quotes\.jsonl: cannot write: No space left on device"):
        export(conn, "quotes", "jsonl", out)
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if "quotes" in p.name] == ["quotes.jsonl"]

    monkeypatch.undo()
    assert export(conn, "quotes", "jsonl", out) == 0  # a successful one replaces it
    assert out.read_bytes() == b""
    assert out.stat().st_mode & 0o777 == 0o640  # with the permissions it had
    conn.close()


def test_queries_never_touch_another_programs_database(tmp_path):
    db = make_sqlite(tmp_path / "autre.db", OTHER_PROGRAMS["own migrations table"])
    before = digest(db)
    result = run_cli("stats", "--db", str(db))
    assert result.returncode == 1 and "another program's database" in result.stderr
    assert digest(db) == before and beside(db) == {"autre.db"}
