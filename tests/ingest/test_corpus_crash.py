"""Crash safety: kill -9 in the middle of an ingest, re-run, nothing lost, nothing doubled;
and queries answer while the ingest writes (one subprocess: it loads the model again)."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from storykit import consistent
from veille.ingest.corpus import ingest
from veille.store import StoreError, open_read
from veille.store.queries import search, stats

CITIES = ["Alep", "Mossoul", "Kaboul", "Bamako", "Tripoli", "Sanaa", "Gaza", "Donetsk", "Raqqa"]
PEOPLE = ["le porte-parole de l'ONU", "le ministre des Affaires étrangères", "un responsable local"]
TABLES = (
    "documents",
    "sections",
    "entities",
    "mentions",
    "roles",
    "places",
    "quantities",
    "quotes",
    "events",
    "actors",
)


def dispatches(n: int) -> list[dict]:
    """``n`` distinct short dispatches (the kill must land while work remains)."""
    docs = []
    for i in range(n):
        city, who = CITIES[i % len(CITIES)], PEOPLE[i % len(PEOPLE)]
        day = 1 + i % 28
        text = (
            f"{city.upper()}, {day} mars 2017 (AFP) - Au moins {i + 3} civils ont été tués "
            f"lors de combats près de {city}, a annoncé {who}.\n"
            f"Les secours ont évacué {10 * (i + 1)} blessés vers les hôpitaux de la région."
        )
        docs.append({"id": f"k{i}", "date": f"2017-03-{day:02d}", "text": text})
    return docs


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


def stored_after_kill(db: Path) -> int:
    """The documents a killed ingest left, once the database is checked whole and every
    stored document in its story (assigned in its batch's transaction)."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    killed_at = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    consistent(db)
    return killed_at


def test_kill_9_mid_ingest_then_rerun_finishes_the_job(nlp, tmp_path):
    n, batch = 60, 4
    src = tmp_path / "depeches.jsonl"
    src.write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dispatches(n)), encoding="utf-8"
    )
    db = tmp_path / "veille.db"
    cmd = [sys.executable, "-m", "veille.cli", "ingest", str(src), "--db", str(db)]
    proc = subprocess.Popen(
        [*cmd, "--batch", str(batch)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stored = 0
    reads = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                conn = open_read(db)
            except StoreError:  # not created yet
                time.sleep(0.05)
                continue
            try:
                # readers query while the ingest writes (WAL): no "database is locked"
                stored = stats(conn)["documents"]
                search(conn, "civils", limit=3)
                reads += 1
            finally:
                conn.close()
            if stored >= 2 * batch:
                break
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert reads > 0

    killed_at = stored_after_kill(db)
    assert 2 * batch <= killed_at < n

    report = ingest([src], db, batch=batch)  # the same command again, in this process
    assert (report.ingested, report.skipped, report.failed) == (n - killed_at, killed_at, 0)

    # a batch is one transaction: had a half-written one survived, its documents would be
    # skipped now with results missing, and the counts would differ from a clean run
    clean = tmp_path / "clean.db"
    ingest([src], clean)
    assert table_counts(db) == table_counts(clean)
    consistent(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(DISTINCT id) FROM documents").fetchone()[0] == n
    assert conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM entities GROUP BY document_id, entity_id"
        " HAVING count(*) > 1)"
    ).fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM events WHERE link_key IS NULL").fetchone() == (0,)
