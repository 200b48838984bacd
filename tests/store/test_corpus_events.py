"""Events in the corpus: stored, linked across articles, queried (`veille events`) and
exported as GDELT 2.0 rows and PLOVER records."""

from __future__ import annotations

import csv
import dataclasses
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import EXAMPLES
from testkit import DATA as TEST_DATA
from testkit import cli, cli_json
from veille.export_events import GDELT_COLUMNS
from veille.model import Actor, Cameo, Dispatch, Event, EventPlace, Span
from veille.store import connect, schema
from veille.store.links import global_id
from veille.store.queries import events as query_events
from veille.store.writer import StoredDocument, write_batch

DATA = TEST_DATA / "events"


@pytest.fixture(scope="module")
def db(nlp, tmp_path_factory) -> Path:
    """Two agencies' dispatches on Vladimir Poutine receiving Recep Tayyip Erdogan in
    Saint-Pétersbourg (9 August 2016), an AFP dispatch from Alep, and the Alep bulletin."""
    tmp = tmp_path_factory.mktemp("events")
    bulletin = tmp / "bulletin.jsonl"
    record = {"id": "alep", "date": "2016-12-23", "text": (EXAMPLES / "alep.txt").read_text()}
    bulletin.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    path = tmp / "veille.db"
    result = cli("ingest", str(DATA), str(bulletin), "--db", str(path))
    assert result.stdout == "4 ingested, 0 skipped as duplicates, 0 failed\n", result.output
    return path


def mentions(db: Path) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM events").fetchone()[0]


# ---------------------------------------------------------------- the same event, two articles


def test_one_event_reported_by_two_agencies_is_linked(db):
    rows = cli_json(
        "events", "--actor", "RUS", "--recipient", "TUR", "--root", "4", "--db", str(db)
    )
    (visit,) = [r for r in rows if r["date"] == "2016-08-09"]
    assert visit["cameo_root"] == "04" and visit["plover"] == "CONSULT"
    assert [a["code"] for a in visit["actors"]] == ["RUSGOV"]
    assert [a["name"] for a in visit["actors"]] == ["Vladimir Poutine"]
    assert [a["code"] for a in visit["recipients"]] == ["TURGOV"]
    assert visit["location"]["name"] == "Saint Petersburg"
    assert (visit["num_mentions"], visit["num_articles"], visit["num_sources"]) == (2, 2, 2)
    conn = sqlite3.connect(db)
    sources = conn.execute(
        f"SELECT source FROM documents WHERE id IN ({','.join('?' * 2)}) ORDER BY source",
        visit["documents"],
    ).fetchall()
    assert sources == [("AFP",), ("Reuters",)]
    # one event, two mentions stored: listed once
    (stored,) = conn.execute(
        "SELECT count(*) FROM events WHERE link_key = ?", (visit["id"],)
    ).fetchone()
    assert stored == 2
    every = cli_json("events", "--limit", "1000", "--db", str(db))
    assert [r["id"] for r in every].count(visit["id"]) == 1
    assert sum(r["num_mentions"] for r in every) == mentions(db)


def test_events_readable_lines(db):
    result = cli("events", "--actor", "Poutine", "--recipient", "Erdogan", "--db", str(db))
    assert result.exit_code == 0, result.output
    line = next(x for x in result.stdout.splitlines() if "TURGOV" in x)
    assert line.startswith("2016-08-09 Saint Petersburg — RUSGOV (Vladimir Poutine) → TURGOV")
    assert "[CONSULT]" in line and "2 mentions · 2 articles · 2 sources" in line
    result = cli("events", "--actor", "XYZ", "--db", str(db))
    assert result.exit_code == 0 and "no event matches" in result.output


# ------------------------------------------------------------------------- veille events filters


def test_events_filters(db):
    every = cli_json("events", "--limit", "1000", "--db", str(db))
    assert len(every) > 10
    dates = [r["date"] for r in every]
    assert dates == sorted(dates, reverse=True)  # newest first

    by_code = cli_json("events", "--actor", "RUS", "--limit", "1000", "--db", str(db))
    assert by_code and all(
        any((a["code"] or "").startswith("RUS") or a["country"] == "RUS" for a in r["actors"])
        for r in by_code
    )
    by_name = cli_json("events", "--actor", "poutine", "--limit", "1000", "--db", str(db))
    assert by_name and all(any("Poutine" in a["name"] for a in r["actors"]) for r in by_name)
    # several actors: an event is found by any of them
    several = [r for r in every if len({a["code"] for a in r["actors"]}) > 1]
    assert several
    for r in several:
        for code in {a["code"] for a in r["actors"] if a["code"]}:
            found = cli_json("events", "--actor", code, "--limit", "1000", "--db", str(db))
            assert r["id"] in [x["id"] for x in found]

    fights = cli_json("events", "--root", "19", "--db", str(db))
    assert fights and all(r["cameo_root"] == "19" for r in fights)
    assault = cli_json("events", "--plover", "assault", "--db", str(db))
    assert assault and all(r["plover"] == "ASSAULT" for r in assault)

    recent = cli_json("events", "--since", "2016-12-01", "--limit", "1000", "--db", str(db))
    assert recent and all(r["date"] >= "2016-12-01" for r in recent)
    assert len(recent) < len(every)
    assert {r["date"] for r in cli_json("events", "--until", "2016-08-31", "--db", str(db))} == {
        "2016-08-09"
    }
    assert len(cli_json("events", "--limit", "2", "--db", str(db))) == 2


def test_events_bad_root_is_refused(db):
    result = cli("events", "--root", "25", "--db", str(db))
    assert result.exit_code == 2 and "01 to 20" in result.output


def test_stats_count_events_once(db):
    data = cli_json("stats", "--db", str(db))
    assert data["event_mentions"] == mentions(db)
    assert data["events"] == len(cli_json("events", "--limit", "1000", "--db", str(db)))
    assert data["events"] < data["event_mentions"]


# ------------------------------------------------------------------------------------- exports


def test_gdelt_export_has_61_columns_and_the_link_counts(db, tmp_path):
    out = tmp_path / "events.gdelt.csv"
    result = cli("export", "--format", "gdelt", "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and all(len(r) == 61 for r in rows)
    records = [dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows]
    ids = [r["GlobalEventID"] for r in records]
    assert len(ids) == len(set(ids))  # each event once
    listed = cli_json("events", "--limit", "1000", "--db", str(db))
    happened = [e for e in listed if e["modality"] not in ("negated", "hypothetical")]
    assert len(rows) == len(happened) == int(result.stderr.split()[0])
    visit = next(r for r in records if r["Actor2Code"] == "TURGOV" and r["EventRootCode"] == "04")
    assert (visit["NumMentions"], visit["NumSources"], visit["NumArticles"]) == ("2", "2", "2")
    assert visit["Day"] == "20160809" and visit["MonthYear"] == "201608"
    assert visit["Actor1Code"] == "RUSGOV" and visit["Actor1CountryCode"] == "RUS"
    assert visit["QuadClass"] == "1"
    assert visit["ActionGeo_FullName"] == "Saint Petersburg"
    assert visit["ActionGeo_Type"] == "4"  # a world city
    assert visit["ActionGeo_FeatureID"] == "498817"
    assert len(visit["DATEADDED"]) == 14 and visit["DATEADDED"].isdigit()
    assert visit["SOURCEURL"].startswith("https://depeches.example/")
    assert int(visit["GlobalEventID"]) == global_id(
        next(
            e["id"]
            for e in listed
            if e["date"] == "2016-08-09"
            and e["cameo_root"] == "04"
            and any(a["code"] == "TURGOV" for a in e["recipients"])
        )
    )


def test_plover_export(db, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    result = cli("export", "--format", "plover", "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(cli_json("events", "--limit", "1000", "--db", str(db)))
    visit = next(r for r in records if r["recipient"] == ["TURGOV"] and r["cameo"] == "043")
    assert visit["event_type"] == "CONSULT" and visit["actor"] == ["RUSGOV"]
    assert visit["date"] == "2016-08-09" and visit["location"]["name"] == "Saint Petersburg"
    assert (visit["num_mentions"], visit["num_sources"], visit["num_articles"]) == (2, 2, 2)
    assert {r["modality"] for r in records} >= {"asserted", "appeal"}


def test_events_table_export_has_the_link_key(db, tmp_path):
    out = tmp_path / "events.jsonl"
    result = cli("export", "--table", "events", "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == mentions(db)  # one row per mention
    keys = [r["link_key"] for r in rows]
    assert all(keys) and len(set(keys)) < len(keys)


# -------------------------------------------------------- linking rules, without the pipeline

TEXT = (
    "BEYROUTH, 5 mars 2017 (AFP) - L'armée syrienne a bombardé dimanche la ville de Douma, "
    "dans la Ghouta orientale, a annoncé l'Observatoire syrien des droits de l'homme."
)


def shelling(doc_id: str, *, date: str | None = "2017-03-05", modality: str = "asserted"):
    """A dispatch reporting the shelling of Douma by the Syrian army (coded by hand)."""
    at = TEXT.index("bombardé")
    event = Event(
        id="v1",
        trigger=Span("bombardé", at, at + 8),
        cameo=Cameo("195", "19", "Employ aerial weapons", -10.0, 4),
        plover="ASSAULT",
        actors=[Actor("L'armée syrienne", None, "SYRMIL", "SYR", "MIL")],
        recipients=[Actor("Douma", None, "SYR", "SYR", None)],
        modality=modality,
        location=EventPlace("Douma", "SY", 33.57, 36.40, 170592),
        date=date,
    )
    return Dispatch(id=doc_id, text=TEXT, date=date, events=[event])


def store(path: Path, *docs: tuple[Dispatch, str | None]) -> sqlite3.Connection:
    conn = connect(path)
    write_batch(conn, [StoredDocument(d, {"source": src}, "test") for d, src in docs])
    return conn


def linked(conn) -> list[tuple[int, int, int]]:
    return sorted(
        (r["num_mentions"], r["num_articles"], r["num_sources"])
        for r in query_events(conn, limit=None)
    )


def test_linking_counts_articles_and_sources(tmp_path):
    conn = store(
        tmp_path / "l.db",
        (shelling("a1"), "AFP"),
        (shelling("a2"), "AFP"),
        (shelling("a3"), "Reuters"),
    )
    assert linked(conn) == [(3, 3, 2)]  # three articles, two agencies


def test_a_second_mention_in_one_article(tmp_path):
    d = shelling("b1")
    again = dataclasses.replace(d.events[0], id="v2")
    conn = store(tmp_path / "l.db", (dataclasses.replace(d, events=[*d.events, again]), None))
    assert linked(conn) == [(2, 1, 1)]


def test_what_is_not_the_same_event(tmp_path):
    other_day = shelling("c2", date="2017-03-06")
    denied = shelling("c3", modality="negated")
    undated = [shelling("c4", date=None), shelling("c5", date=None)]
    conn = store(
        tmp_path / "l.db",
        (shelling("c1"), "AFP"),
        (other_day, "AFP"),
        (denied, "AFP"),
        *((d, "AFP") for d in undated),
    )
    assert linked(conn) == [(1, 1, 1)] * 5


def test_analysing_again_does_not_count_twice(tmp_path):
    conn = store(tmp_path / "l.db", (shelling("d1"), "AFP"), (shelling("d2"), "Reuters"))
    write_batch(conn, [StoredDocument(shelling("d2"), {"source": "Reuters"}, "test-2")])
    assert linked(conn) == [(2, 2, 2)]


def test_migration_links_events_stored_before_it(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    conn = connect(path)
    for doc_id, source in (("e1", "AFP"), ("e2", "Reuters")):
        conn.execute(
            "INSERT INTO documents (id, text, date, source, pipeline_version, schema_version,"
            " analysed_at, dispatch) VALUES (?, ?, '2017-03-05', ?, 'old', '1.0', '', '{}')",
            (doc_id, TEXT, source),
        )
        conn.execute(
            "INSERT INTO events (document_id, event_id, trigger, trigger_start, trigger_end,"
            " cameo_code, cameo_root, modality, location, geonames_id, size_approximate,"
            " confidence) VALUES (?, 'v1', 'bombardé', 0, 8, '195', '19', 'asserted', 'Douma',"
            " 170592, 0, 0.5)",
            (doc_id,),
        )
        conn.execute(
            "INSERT INTO actors (document_id, event_id, role, position, name, code) VALUES"
            " (?, 'v1', 'actor', 0, 'L''armée syrienne', 'SYRMIL'),"
            " (?, 'v1', 'recipient', 0, 'Douma', 'SYR')",
            (doc_id, doc_id),
        )
    conn.close()
    monkeypatch.undo()
    # a query command migrates it before reading it
    (row,) = cli_json("events", "--db", str(path))
    assert row["num_articles"] == 2
    conn = connect(path)
    names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == ["0001_initial", "0002_event_links", "0003_stories"]
    assert conn.execute("SELECT count(*) FROM events WHERE link_key IS NULL").fetchone()[0] == 0
    assert linked(conn) == [(2, 2, 2)]
    # the key is the one the writer gives the same event
    new = store(tmp_path / "new.db", (shelling("e1"), "AFP"))
    assert query_events(new)[0]["id"] == query_events(conn)[0]["id"]


def test_alep_search_finds_capitals(db):
    hits = cli_json("search", "Alep", "--db", str(db))
    assert any("<mark>ALEP</mark>" in h["snippet"] for h in hits)
