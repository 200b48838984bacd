"""The commands' own failures are one line, never a traceback: a locked database waited for
then refused, an endless input cut at the limit, a bug in the analysis reported (regression
tests; the command-line options they use are ``--busy-timeout`` and ``--max-bytes``)."""

from __future__ import annotations

import sqlite3

import pytest

from testkit import cli, run_cli
from testkit import write_texts as texts
from veille.store import connect


@pytest.fixture
def no_analysis(monkeypatch):
    """Analysis must not start: the failure is to be found before it."""
    import veille.ingest.corpus

    def forbidden(*args, **kwargs):
        raise AssertionError("the analysis started")

    monkeypatch.setattr(veille.ingest.corpus, "analyze_many", forbidden)


def test_ingest_waits_then_fails_clearly_on_a_locked_database(tmp_path, no_analysis):
    db = tmp_path / "verrou.db"
    connect(db).close()
    (a,) = texts(tmp_path, "a.txt")
    writer = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    try:
        result = cli("ingest", a, "--db", db, "--busy-timeout", "0.3")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert "locked by another writer (is another veille ingest running?)" in result.output
    assert "waited 0.3 s" in result.output


def test_analyze_dev_zero_fails_fast(tmp_path):
    result = run_cli("analyze", "/dev/zero")
    assert result.returncode == 1
    assert "/dev/zero: not a regular file" in result.stderr and "Traceback" not in result.stderr
    with open("/dev/zero", "rb") as zero:  # standard input: read up to the limit only
        result = run_cli("analyze", "-", "--max-bytes", "100000", stdin=zero)
    assert result.returncode == 1
    assert "stdin: too large for one document" in result.stderr


def test_analyze_fails_on_one_line_when_the_analysis_raises(monkeypatch, tmp_path):
    """``--date 0001-01-01`` raised OverflowError in dates.py: whatever the bug, one line."""
    import veille.pipeline

    def overflow(text, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(veille.pipeline, "analyze", overflow)
    (a,) = texts(tmp_path, "a.txt")
    result = cli("analyze", a, "--date", "0001-01-01")
    assert result.exit_code == 1
    assert "the analysis failed (OverflowError: date value out of range)" in result.output
    assert len(result.output.strip().splitlines()) == 1
