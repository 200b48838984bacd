"""The corpus: ingest real files into the store, idempotently, and query it (CLI --json)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from testkit import DATA, cli, cli_json, runner
from veille.cli import app
from veille.ingest.corpus import ingest, pipeline_version
from veille.model import Quote, Speaker
from veille.store import connect
from veille.store.writer import StoredDocument, write_batch

CORPUS = DATA / "corpus"
BAD = DATA / "bad"
# 12 documents in corpus/, 3 readable ones in bad/ (a JSONL line, two feed items)
GOOD, READABLE_BAD, BAD_RECORDS = 12, 3, 7


def counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    tables = ("documents", "sections", "entities", "mentions", "places", "quantities", "quotes")
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory) -> Path:
    """The test corpus ingested once through the CLI, plus a dispatch with quotes."""
    path = tmp_path_factory.mktemp("corpus") / "veille.db"
    result = cli("ingest", str(CORPUS), str(BAD), "--db", str(path))
    assert result.exit_code == 1, result.output  # some documents failed
    assert result.stdout.strip() == (
        f"{GOOD + READABLE_BAD} ingested, 0 skipped as duplicates, {BAD_RECORDS} failed: "
        "see veille errors"
    )
    return path


@pytest.fixture(scope="module")
def quoted(db, alep):
    """The Alep bulletin as the pipeline analyses it, stored with one more quote whose
    speaker is a description no entity resolves."""
    il = alep.text.index("Il faut")
    extra = Quote(
        id=f"q{len(alep.quotes) + 1}",
        type="indirect",
        content="il faut arrêter les combats",
        start=il,
        end=il + 27,
        speaker=Speaker("un diplomate occidental"),
    )
    dispatch = dataclasses.replace(alep, quotes=[*alep.quotes, extra])
    conn = connect(db)
    write_batch(conn, [StoredDocument(dispatch, {"path": "alep.txt"}, pipeline_version())])
    conn.close()
    return dispatch


def in_order(dispatch) -> list[Quote]:
    """A document's quotes as queries list them: by position in the text."""
    return sorted(dispatch.quotes, key=lambda q: q.start)


def said_by(dispatch, name: str) -> list[str]:
    return [q.id for q in in_order(dispatch) if q.speaker and q.speaker.name == name]


def test_everything_is_stored(db):
    c = counts(db)
    assert c["documents"] == GOOD + READABLE_BAD
    assert c["entities"] > 30 and c["places"] > 15 and c["sections"] >= c["documents"]
    conn = sqlite3.connect(db)
    (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
    assert mode == "wal"
    names = [r[0] for r in conn.execute("SELECT name FROM migrations")]
    assert names == ["0001_initial", "0002_event_links", "0003_stories"]
    row = conn.execute(
        "SELECT id, title, date, url, source, pipeline_version, dispatch"
        " FROM documents WHERE location = 'item 1' AND path LIKE '%monde.rss'"
    ).fetchone()
    did, title, date, url, source, version, dispatch = row
    assert title == "Genève : reprise des pourparlers sur la Syrie"
    assert date == "2017-02-23" and source == "Dépêches Monde"
    assert url.endswith("geneve-pourparlers-syrie")
    assert version == pipeline_version()
    data = json.loads(dispatch)
    assert data["id"] == did and data["text"].startswith("GENÈVE")
    assert "Staffan de Mistura" in {e["name"] for e in data["entities"]}


def test_second_ingest_adds_nothing(db):
    before = counts(db)
    result = cli("ingest", str(CORPUS), str(BAD), "--db", str(db))
    assert result.exit_code == 1  # the bad files still fail
    assert result.stdout.strip().startswith(
        f"0 ingested, {GOOD + READABLE_BAD} skipped as duplicates, {BAD_RECORDS} failed"
    )
    assert counts(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM errors").fetchone()[0] == BAD_RECORDS
    assert conn.execute("SELECT min(count) FROM errors").fetchone()[0] >= 2


def test_success_exits_zero_and_is_quiet_off_a_terminal(db):
    result = cli("ingest", str(CORPUS / "depeches.jsonl"), "--db", str(db))
    assert result.exit_code == 0
    assert result.stdout == "0 ingested, 3 skipped as duplicates, 0 failed\n"


def test_search_is_accent_and_case_insensitive(db):
    hits = cli_json("search", "liberation", "--db", str(db))
    assert hits and all("<mark>" in h["snippet"] for h in hits)
    assert any("<mark>libération</mark>" in h["snippet"] for h in hits)
    alep = cli_json("search", "ALEP", "--db", str(db))
    assert any(h["path"].endswith("alep-cp1252.txt") for h in alep)
    assert any("<mark>Alep</mark>" in h["snippet"] for h in alep)


def test_search_dates_limit_and_free_text(db):
    hits = cli_json(
        "search", "AFP", "--since", "2017-03-01", "--until", "2017-06-30", "--db", str(db)
    )
    assert hits and all("2017-03-01" <= h["date"] <= "2017-06-30" for h in hits)
    assert len(cli_json("search", "AFP", "--limit", "2", "--db", str(db))) == 2
    # not FTS5 syntax: searched as words
    hits = cli_json("search", "l'armée Croix-Rouge:", "--db", str(db))
    assert isinstance(hits, list)
    assert cli_json("search", "Mossoul", "--db", str(db))[0]["title"].startswith("Mossoul")


def test_search_readable_output(db):
    result = cli("search", "cessez-le-feu", "--db", str(db))
    assert result.exit_code == 0
    assert "Kiev : nouveau cessez-le-feu" in result.stdout


def ids(rows, dispatch):
    """The quote ids of ``dispatch`` among ``rows`` (the pipeline may find other quotes)."""
    return [q["quote_id"] for q in rows if q["document_id"] == dispatch.id]


def test_quotes_by_speaker_name_or_mention(quoted, db):
    poutine = said_by(quoted, "Vladimir Poutine")
    assert len(poutine) >= 10  # the bulletin's quotes are his
    rows = cli_json("quotes", "--speaker", "Poutine", "--limit", "500", "--db", str(db))
    assert ids(rows, quoted) == poutine
    q = rows[[r["document_id"] for r in rows].index(quoted.id)]
    assert q["speaker"] == "Vladimir Poutine" and q["date"] == "2016-12-23"
    # another mention of the same entity finds them too; case and accents ignored
    rows = cli_json("quotes", "--speaker", "président RUSSE", "--limit", "500", "--db", str(db))
    assert ids(rows, quoted) == poutine
    diplomat = said_by(quoted, "un diplomate occidental")
    assert ids(cli_json("quotes", "--speaker", "diplomate", "--db", str(db)), quoted) == diplomat
    assert ids(cli_json("quotes", "--speaker", "Macron", "--db", str(db)), quoted) == []
    # the speaker of a real dispatch of the corpus, found by a word of its description
    rows = cli_json("quotes", "--speaker", "porte-parole", "--db", str(db))
    assert any(r["date"] == "2016-12-12" and "Alep" in r["content"] for r in rows)


def test_quotes_about_since_and_order(quoted, db):
    about = [q.id for q in in_order(quoted) if "combats" in q.content]
    assert len(about) >= 2
    assert ids(cli_json("quotes", "--about", "combats", "--db", str(db)), quoted) == about
    rows = cli_json("quotes", "--about", "liberation extremistes", "--db", str(db))
    assert ids(rows, quoted) == [
        q.id for q in in_order(quoted) if "libération" in q.content and "extrémistes" in q.content
    ]
    rows = cli_json("quotes", "--since", "2017-01-01", "--db", str(db))
    assert ids(rows, quoted) == [] and rows and all(q["date"] >= "2017-01-01" for q in rows)
    rows = cli_json("quotes", "--limit", "500", "--db", str(db))
    assert ids(rows, quoted) == [q.id for q in in_order(quoted)]
    dates = [q["date"] for q in rows if q["date"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_entities_top_with_counts(quoted, db):
    rows = cli_json("entities", "--type", "PER", "--top", "50", "--db", str(db))
    assert rows and all(r["type"] == "PER" for r in rows)
    poutine = next(r for r in rows if r["name"] == "Vladimir Poutine")
    assert poutine["documents"] == 1 and poutine["mentions"] >= 10
    assert poutine["quotes"] == len(said_by(quoted, "Vladimir Poutine"))
    top = cli_json("entities", "--top", "3", "--db", str(db))
    assert len(top) == 3
    assert top[0]["documents"] >= top[1]["documents"] >= top[2]["documents"]
    assert cli("entities", "--type", "XYZ", "--db", str(db)).exit_code == 2


def test_places_by_country(quoted, db):
    rows = cli_json("places", "--country", "sy", "--db", str(db))
    names = {r["name"] for r in rows}
    assert {"Aleppo", "Syria"} <= names
    alep = next(r for r in rows if r["name"] == "Aleppo")
    assert alep["country"] == "SY" and abs(alep["lat"] - 36.2) < 0.1 and alep["documents"] == 2
    assert all(r["country"] == "SY" for r in rows)
    iraq = cli_json("places", "--country", "IQ", "--db", str(db))
    assert "Mosul" in {r["name"] for r in iraq}


def test_stats(quoted, db):
    data = cli_json("stats", "--db", str(db))
    assert data["documents"] == GOOD + READABLE_BAD + 1
    assert data["quotes"] >= 2
    assert data["errors"] == BAD_RECORDS
    assert data["first_date"] == "2016-12-12" and data["last_date"] == "2017-08-17"
    assert data["migrations"] == ["0001_initial", "0002_event_links", "0003_stories"]
    assert list(data["pipeline_versions"]) == [pipeline_version()]
    assert cli("stats", "--db", str(db)).exit_code == 0


def test_errors(db):
    rows = cli_json("errors", "--db", str(db))
    assert len(rows) == BAD_RECORDS
    assert {(Path(r["path"]).name, r["location"]) for r in rows} >= {
        ("vide.txt", ""),
        ("image.png", ""),
        ("lignes.jsonl", "line 2"),
        ("tronque.rss", ""),
    }
    assert all(r["stage"] == "read" and r["reason"] for r in rows)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("table", ["quotes", "entities", "places", "documents"])
def test_export(quoted, db, tmp_path, fmt, table):
    out = tmp_path / f"{table}.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out), "--table", table, "--db", str(db))
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    elif fmt == "csv":
        import csv

        with out.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    else:
        rows = pq.read_table(out).to_pylist()
    conn = sqlite3.connect(db)
    assert len(rows) == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    # every row says which pipeline computed it
    assert {r["pipeline_version"] for r in rows} == {pipeline_version()}
    if table == "quotes":
        assert {r["speaker"] for r in rows} >= {"Vladimir Poutine", "un diplomate occidental"}
    if table == "documents" and fmt == "jsonl":
        assert all(r["dispatch"]["id"] == r["id"] for r in rows)


def test_event_formats_export_events_only(db, tmp_path):
    result = cli(
        "export",
        "--format",
        "gdelt",
        "--table",
        "quotes",
        "--out",
        str(tmp_path / "x"),
        "--db",
        str(db),
    )
    assert result.exit_code == 1
    assert "--format gdelt exports events" in result.output
    result = cli("export", "--format", "xml", "--out", str(tmp_path / "x"), "--db", str(db))
    assert result.exit_code == 1 and "unknown format" in result.output


def test_query_without_database_is_one_clear_error(tmp_path):
    result = cli("stats", "--db", str(tmp_path / "absent.db"))
    assert result.exit_code == 1
    assert "no such database" in result.output


def test_db_from_environment(db, monkeypatch):
    monkeypatch.setenv("VEILLE_DB", str(db))
    assert cli_json("stats")["documents"] >= GOOD


def test_summary_line():
    from veille.cli import summary_line
    from veille.ingest.corpus import IngestReport

    assert (
        summary_line(IngestReport(ingested=1204, skipped=3, failed=2))
        == "1,204 ingested, 3 skipped as duplicates, 2 failed: see veille errors"
    )
    assert summary_line(IngestReport(ingested=5)) == "5 ingested, 0 skipped as duplicates, 0 failed"
    assert summary_line(IngestReport(reanalyzed=2, skipped=1)) == (
        "0 ingested, 2 re-analysed, 1 skipped as duplicates, 0 failed"
    )


def test_ingest_needs_something_to_do(tmp_path):
    result = cli("ingest", "--db", str(tmp_path / "x.db"))
    assert result.exit_code == 2
    assert "give files or folders" in result.output


def test_ingest_jsonl_on_stdin(nlp, tmp_path):
    lines = (CORPUS / "depeches.jsonl").read_text(encoding="utf-8")
    path = tmp_path / "stdin.db"
    result = runner.invoke(app, ["ingest", "-", "--db", str(path)], input=lines)
    assert result.exit_code == 0, result.output
    assert result.stdout == "3 ingested, 0 skipped as duplicates, 0 failed\n"
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT external_id, path, location FROM documents ORDER BY n").fetchall()
    assert rows == [
        ("dep-001", "-", "line 1"),
        ("dep-002", "-", "line 2"),
        ("dep-003", "-", "line 3"),
    ]


def test_progress_bar_only_on_a_terminal(nlp, tmp_path, monkeypatch):
    from rich.console import Console

    import veille.cli

    src = CORPUS / "depeches.csv"
    quiet = cli("ingest", str(src), "--db", str(tmp_path / "a.db"))
    assert quiet.exit_code == 0
    assert " analysed · " not in quiet.stderr  # no progress bar off a terminal
    assert quiet.stdout == "2 ingested, 0 skipped as duplicates, 0 failed\n"

    monkeypatch.setattr(veille.cli, "err", Console(stderr=True, force_terminal=True, width=120))
    shown = cli("ingest", str(src), "--db", str(tmp_path / "b.db"))
    assert shown.exit_code == 0
    assert " analysed · " in shown.stderr and " docs/s" in shown.stderr
    assert shown.stdout == "2 ingested, 0 skipped as duplicates, 0 failed\n"


def test_reanalyze_from_the_command_line(nlp, tmp_path):
    path = tmp_path / "cli.db"
    assert cli("ingest", str(CORPUS / "depeches.jsonl"), "--db", str(path)).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("UPDATE documents SET pipeline_version = 'old' WHERE external_id != 'dep-002'")
    conn.commit()
    # with a path: only its outdated documents; the others in it are duplicates
    result = cli("ingest", str(CORPUS / "depeches.jsonl"), "--reanalyze", "--db", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 ingested, 2 re-analysed, 1 skipped as duplicates, 0 failed\n"
    conn.execute("UPDATE documents SET pipeline_version = 'old' WHERE external_id = 'dep-003'")
    conn.commit()
    # without a path: every outdated stored document
    result = cli("ingest", "--reanalyze", "--db", str(path))
    assert result.stdout == "0 ingested, 1 re-analysed, 0 skipped as duplicates, 0 failed\n"
    versions = {v for (v,) in conn.execute("SELECT pipeline_version FROM documents")}
    assert versions == {pipeline_version()}
    assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_reanalyze_outdated_documents_only(nlp, tmp_path):
    path = tmp_path / "r.db"
    first = ingest([CORPUS / "depeches.jsonl"], path)
    assert (first.ingested, first.skipped) == (3, 0)
    before = counts(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE documents SET pipeline_version = 'old' WHERE external_id = 'dep-002'")
    conn.commit()
    assert ingest([CORPUS / "depeches.jsonl"], path).skipped == 3  # without --reanalyze
    report = ingest([], path, reanalyze=True)
    assert (report.reanalyzed, report.ingested, report.failed) == (1, 0, 0)
    assert counts(path) == before
    row = conn.execute(
        "SELECT pipeline_version, title, date FROM documents WHERE external_id = 'dep-002'"
    ).fetchone()
    assert row == (pipeline_version(), "Macron investi président", "2017-05-14")
    assert ingest([], path, reanalyze=True).reanalyzed == 0


def test_a_document_the_pipeline_fails_on_is_recorded(nlp, tmp_path, monkeypatch):
    import veille.ingest.corpus as corpus

    real = corpus.analyze_many

    def flaky(texts, **kwargs):
        for text in texts:
            if "BOUM" in text:
                raise ValueError("the parser exploded")
            yield from real([text], dates=[None])

    monkeypatch.setattr(corpus, "analyze_many", flaky)
    src = tmp_path / "in.jsonl"
    lines = ["Première dépêche de Paris.", "BOUM au milieu.", "Troisième dépêche de Lyon."]
    src.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    report = ingest([src], tmp_path / "f.db")
    assert (report.ingested, report.failed) == (2, 1)
    conn = sqlite3.connect(tmp_path / "f.db")
    (stage, location, reason) = conn.execute(
        "SELECT stage, location, reason FROM errors"
    ).fetchone()
    assert (stage, location) == ("analyse", "line 2") and "the parser exploded" in reason
    # fixed, the document is stored and its failure forgotten; the others are not redone
    monkeypatch.setattr(corpus, "analyze_many", real)
    again = ingest([src], tmp_path / "f.db")
    assert (again.ingested, again.skipped, again.failed) == (1, 2, 0)
    assert conn.execute("SELECT count(*) FROM errors").fetchone() == (0,)


# ------------------------------------------------------------------------ pipeline version


@pytest.fixture
def package_copy(tmp_path):
    """A copy of the installed package, to change files without touching the real tree."""
    import shutil

    import veille

    root = tmp_path / "veille"
    shutil.copytree(
        Path(veille.__file__).parent, root, ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def test_pipeline_version_ignores_modules_outside_the_analysis(package_copy):
    from veille.ingest.corpus import code_fingerprint

    before = code_fingerprint(package_copy)
    with (package_copy / "render.py").open("a", encoding="utf-8") as fh:
        fh.write("\n# a display change\n")
    (package_copy / "web").mkdir(exist_ok=True)  # the package has web/ (veille serve)
    (package_copy / "web" / "app.py").write_text("APP = None\n", encoding="utf-8")
    (package_copy / "cli.py").write_text("", encoding="utf-8")
    assert code_fingerprint(package_copy) == before


def test_stories_word_tables_made_every_analysis_out_of_date(package_copy):
    """Regression: the stories' word tables live in lexicon/, hashed whole into the pipeline
    version, so retuning how documents are grouped made every stored analysis look out of
    date to ``--reanalyze``. They shape stories, not analyses."""
    from veille.ingest.corpus import code_fingerprint

    before = code_fingerprint(package_copy)
    df = package_copy / "lexicon" / "stories_df.tsv"
    df.write_text(df.read_text(encoding="utf-8") + "incendie\t12\n", encoding="utf-8")
    regions = package_copy / "lexicon" / "regions.tsv"  # the bulletin's, likewise
    regions.write_text(regions.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_fingerprint(package_copy) == before


def test_pipeline_version_follows_the_lexicon_and_components(package_copy):
    from veille.ingest.corpus import code_fingerprint

    before = code_fingerprint(package_copy)
    verbs = package_copy / "lexicon" / "reporting_verbs.tsv"
    verbs.write_text(verbs.read_text(encoding="utf-8") + "chuchoter\n", encoding="utf-8")
    after_lexicon = code_fingerprint(package_copy)
    assert after_lexicon != before
    with (package_copy / "components" / "places.py").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    assert code_fingerprint(package_copy) != after_lexicon


def test_pipeline_version_is_the_same_wherever_the_package_is(package_copy, tmp_path):
    import shutil

    import veille
    from veille.ingest.corpus import code_fingerprint

    moved = shutil.copytree(package_copy, tmp_path / "elsewhere" / "veille")
    assert code_fingerprint(moved) == code_fingerprint(package_copy)
    fresh = pipeline_version.__wrapped__()  # not the cached one: the tree may have changed
    assert f"+{code_fingerprint(Path(veille.__file__).parent)}+" in fresh
