"""Queries no user string can crash or stall: each failure a tester found, pinned by name.

The corpus is two real dispatches written straight to the store (no model needed); the bad
inputs are built here and, where the failure was in the CLI, run through ``veille`` in a
subprocess, as a user would."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from testkit import ALEP_TEXT as ALEP
from testkit import ROOT
from veille.model import Dispatch, Quote, Span, Speaker
from veille.store import StoreError, connect, open_read
from veille.store.queries import (
    MAX_LIMIT,
    MAX_PATTERN_CHARS,
    MAX_PREFIX_TERMS,
    MAX_QUERY_CHARS,
    MAX_TERM_CHARS,
    MAX_TERMS,
    events,
    fts_query,
    quotes,
    search,
    stats,
)
from veille.store.writer import ErrorRecord, StoredDocument, write_batch

MACRON = (
    "PARIS, 14 mai 2017 (AFP) - Emmanuel Macron a été officiellement investi dimanche "
    "président de la République au palais de l'Élysée, au cours d'une cérémonie sobre.\n"
    "« La France n'est forte que si elle est prospère », a affirmé le nouveau chef de l'État."
)
# what a hostile feed can put in a title: clear the screen, retitle the window, ring, red
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x07\x1b[31m"
TITLE = f"Macron investi{ESCAPES} président"
BIG = 100_000  # a 100 kB argument (a single argv string may hold up to 128 kB on Linux)


def _quote(text: str, content: str, speaker: str, cue: str) -> Quote:
    start = text.index(content)
    at = text.index(cue)
    return Quote(
        id="q1",
        type="direct",
        content=content,
        start=start,
        end=start + len(content),
        cue=Span(cue, at, at + len(cue)),
        speaker=Speaker(speaker),
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "veille.db"
    alep = Dispatch(
        id="alep",
        text=ALEP,
        date="2016-12-23",
        quotes=[_quote(ALEP, "Il faut arrêter les combats", "Vladimir Poutine", "Poutine :")],
    )
    macron = Dispatch(
        id="macron",
        text=MACRON,
        date="2017-05-14",
        quotes=[
            _quote(
                MACRON,
                "La France n'est forte que si elle est prospère",
                f"Emmanuel Macron{ESCAPES}",
                "a affirmé",
            )
        ],
    )
    conn = connect(path)
    write_batch(
        conn,
        [
            StoredDocument(alep, {"path": "alep.txt", "title": "Alep libérée"}, "test"),
            StoredDocument(
                macron, {"path": "depeches.jsonl", "title": TITLE, "source": f"AFP{ESCAPES}"}, "t"
            ),
        ],
        [ErrorRecord(f"flux{ESCAPES}.rss", f"not a feed [/] {ESCAPES}", "item 1")],
    )
    conn.close()
    return path


@pytest.fixture()
def conn(db):
    c = open_read(db)
    yield c
    c.close()


def veille(*args: str, db: Path | None = None) -> subprocess.CompletedProcess:
    """``veille ARGS --db DB`` in a subprocess; the timeout only keeps a hang from stalling
    the suite (speed is measured by ``veille bench`` and by hand, not in tests)."""
    cmd = [sys.executable, "-m", "veille.cli", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> str:
    """The error of a failed command: exit 1, one line on stderr, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line, result.stderr
    for word in words:
        assert word in line, line
    return line


def ids(rows) -> set[str]:
    return {r["id"] for r in rows}


# ── the failures of the issue, through the CLI ───────────────────────────────────────────


def test_search_unterminated_string_open_quote(db):
    result = veille("search", '"Poutine', "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert '"alep"' in result.stdout


def test_search_unterminated_string_closing_quote(db):
    result = veille("search", 'combats"', db=db)
    assert result.returncode == 0, result.stderr
    assert "arrêter les combats" in result.stdout


def test_search_star_unknown_special_query(db):
    one_line_error(veille("search", "*", db=db), "empty search")


def test_quotes_about_star_unknown_special_query(db):
    one_line_error(veille("quotes", "--about", "*", db=db), "empty search")


@pytest.mark.parametrize(
    "args",
    [
        ("search", "Alep", "--limit"),
        ("quotes", "--limit"),
        ("entities", "--top"),
        ("places", "--top"),
        ("events", "--limit"),
        ("errors", "--limit"),
    ],
    ids=lambda args: args[0],
)
def test_limit_overflow_error(db, args):
    result = veille(*args, "99999999999999999999", db=db)
    assert result.returncode == 2, result.stderr  # a usage error, with the range
    assert "OverflowError" not in result.stderr and "Traceback" not in result.stderr
    assert "10000" in result.stderr


@pytest.mark.parametrize(
    ("option", "name", "what"),
    [
        (("quotes", "--speaker"), "Poutine " * (BIG // 8), "speaker"),
        (("events", "--actor"), "%_" * (BIG // 2), "actor"),
        (("events", "--recipient"), "SYR" * (BIG // 3), "recipient"),
    ],
    ids=["speaker", "actor", "recipient"],
)
def test_100_kb_name_like_pattern_too_complex(db, option, name, what):
    line = one_line_error(veille(*option, name, db=db), what, "too long")
    assert f"at most {MAX_PATTERN_CHARS}" in line


def test_stats_on_another_programs_database_no_such_table(tmp_path):
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE clients (name TEXT)")
    c.commit()
    c.close()
    one_line_error(veille("stats", db=other), str(other))


def test_stats_on_a_veille_database_missing_a_table_no_such_table(db, tmp_path):
    """Past the check of the migrations: the query itself fails, and says so on one line."""
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(db.read_bytes())
    c = sqlite3.connect(damaged)
    c.execute("DROP TABLE quantities")
    c.commit()
    c.close()
    one_line_error(veille("stats", db=damaged), "no such table: quantities")


def test_900_byte_prefix_query_is_refused_at_once(db):
    query = "a* " * 300
    assert len(query.encode()) == 900
    one_line_error(veille("search", query, db=db), "too long")
    # within the length bound, the count of prefixes is what refuses it
    line = one_line_error(veille("search", "ab* " * 6, db=db), "prefix")
    assert f"at most {MAX_PREFIX_TERMS}" in line


def test_100_kb_of_repeated_words_is_refused_not_searched(db):
    line = one_line_error(veille("search", "Alep combats " * (BIG // 13), db=db), "too long")
    assert f"at most {MAX_QUERY_CHARS}" in line


def test_escape_sequences_in_a_title_reach_the_terminal_raw(db):
    result = veille("search", "Macron", db=db)
    assert result.returncode == 0, result.stderr
    assert "Macron investi président" in result.stdout and "AFP" in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x9b")
    json_out = veille("search", "Macron", "--json", db=db)
    assert "\\u001b[2J" in json_out.stdout  # --json keeps the data as stored


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("quotes", "--speaker", "Macron"), "Emmanuel Macron"),
        (("errors",), "not a feed [/]"),
    ],
)
def test_escape_sequences_in_stored_names_and_reasons_reach_the_terminal_raw(db, args, shown):
    result = veille(*args, db=db)
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout
    assert not any(c in result.stdout for c in "\x1b\x07\x9b")


def test_fts_syntax_error_is_one_line(db):
    one_line_error(veille("search", "--fts", "Alep NOT", db=db), "invalid FTS5 query")
    one_line_error(veille("search", "--fts", '"Poutine', db=db), "invalid FTS5 query")
    one_line_error(veille("quotes", "--fts", "--about", "*", db=db), "invalid FTS5 query")
    result = veille("search", "--fts", "Poutine NEAR combats", "--json", db=db)
    assert result.returncode == 0, result.stderr


def test_undecodable_byte_and_nul_in_query_surrogates_not_allowed(db):
    """An argument that is not UTF-8 reaches Python as a lone surrogate, which SQLite refused
    with a traceback; NUL ended an FTS5 string (``unterminated string``)."""
    result = subprocess.run(
        [sys.executable, "-m", "veille.cli", "search", b"Alep\xff", "--db", str(db)],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "veille.cli", "events", "--plover", b"\xff", "--db", str(db)],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr


# ── the library: one function makes every user string a valid FTS5 query ────────────────


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("libération Alep", '"libération" AND "Alep"'),
        ('"président russe"', '"président russe"'),
        ('"président russe', '"président russe"'),  # an unclosed quote runs to the end
        ('combats"', '"combats"'),
        ("Alep OR Mossoul civils", '("Alep" OR "Mossoul") AND "civils"'),
        ("(Alep OR Mossoul) civils", '("Alep" OR "Mossoul") AND "civils"'),
        ("Alep -russe NOT Turquie", '("Alep") NOT ("russe" OR "Turquie")'),
        ("libér* Alep", '"libér"* AND "Alep"'),
        ("l'armée Croix-Rouge:", '"l\'armée" AND "Croix-Rouge:"'),
        ("OR Alep OR AND NOT", '"Alep"'),
        ("Alep * - ()", '"Alep"'),
        ("Alep\x00combats", '"Alep" AND "combats"'),
        ("Alep\udcff", '"Alep?"'),
    ],
)
def test_fts_query(query, expected):
    assert fts_query(query) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty search"),
        ("* ** -", "empty search"),
        ("-Alep NOT Syrie", "only exclude"),
        ("a* Alep", "too short"),
        ("x" * (MAX_QUERY_CHARS + 1), "too long"),
        ('"' + "Alep " * (MAX_TERM_CHARS // 5 + 1) + '"', "term too long"),
        (" ".join(f"mot{i}" for i in range(MAX_TERMS + 1)), "too many search terms"),
        (" ".join(f"mot{i}*" for i in range(MAX_PREFIX_TERMS + 1)), "too many prefix"),
    ],
    ids=[
        "empty",
        "wordless",
        "only-excluded",
        "short-prefix",
        "long",
        "long-term",
        "terms",
        "prefixes",
    ],
)
def test_fts_query_bounds_are_one_line_errors(query, message):
    with pytest.raises(StoreError, match=message) as info:
        fts_query(query)
    assert "\n" not in str(info.value)


def test_queries_at_the_bounds_run(conn):
    words = ALEP.split()[:MAX_TERMS]
    assert search(conn, " ".join(words))
    prefixes = ["Pou*", "Ale*", "lib*", "com*", "Syr*"][:MAX_PREFIX_TERMS]
    assert ids(search(conn, " ".join(prefixes))) == {"alep"}
    assert ids(search(conn, "Alep" + " " * (MAX_QUERY_CHARS - 4))) == {"alep"}


def test_search_semantics_on_real_text(conn):
    assert ids(search(conn, "liberation ALEP")) == {"alep"}  # accents, case: the tokenizer
    assert ids(search(conn, '"président russe"')) == {"alep"}
    assert ids(search(conn, '"russe président"')) == set()
    assert ids(search(conn, "Poutine OR Macron")) == {"alep", "macron"}
    assert ids(search(conn, "président -Poutine")) == {"macron"}
    assert ids(search(conn, "président NOT Macron")) == {"alep"}
    assert ids(search(conn, "prospè*")) == {"macron"}
    assert [q["document_id"] for q in quotes(conn, about="combats")] == ["alep"]


def test_limits_are_bounded_in_the_library(conn):
    for bad in (0, MAX_LIMIT + 1, 10**20):
        with pytest.raises(StoreError, match="limit"):
            search(conn, "Alep", limit=bad)
        with pytest.raises(StoreError, match="limit"):
            quotes(conn, limit=bad)
    assert len(search(conn, "Alep", limit=MAX_LIMIT)) == 1
    assert events(conn, limit=None) == []  # None: every event, for library callers


def test_like_patterns_are_escaped_and_bounded(conn):
    assert quotes(conn, speaker="%") == []  # a literal %, not everything
    assert quotes(conn, speaker="_") == []
    assert [q["document_id"] for q in quotes(conn, speaker="poutine")] == ["alep"]
    with pytest.raises(StoreError, match="speaker name too long"):
        quotes(conn, speaker="P" * (MAX_PATTERN_CHARS + 1))
    with pytest.raises(StoreError, match="actor too long"):
        events(conn, actor="RUS" * MAX_PATTERN_CHARS)


def test_stats_counts_the_hostile_corpus(conn):
    data = stats(conn)
    assert data["documents"] == 2 and data["quotes"] == 2 and data["errors"] == 1
