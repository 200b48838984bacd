"""``veille stories`` on the Notre-Dame window of the stories dev set ingested in two runs
(a day each) through ``veille ingest``'s code: the listing, --json with the ids given at
ingest, show, --rebuild equal to the online pass, the export, and hostile arguments refused
on one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from storykit import STORIES_DEV, assignments, consistent, story_rows, window_records
from testkit import cli, cli_json
from veille.ingest.corpus import ingest


def write(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


@pytest.fixture(scope="module")
def records() -> list[dict]:
    if not STORIES_DEV.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    return window_records()


@pytest.fixture(scope="module")
def db(nlp, records, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("stories-cli")
    path = tmp / "veille.db"
    for day, batch in (("2019-04-15", 4), ("2019-04-16", 6)):
        src = write([r for r in records if r["date"] == day], tmp / f"{day}.jsonl")
        report = ingest([src], path, batch=batch)
        assert report.failed == 0
    consistent(path)
    return path


def test_json_gives_every_story_with_the_ids_given_at_ingest(db, records):
    found = cli_json("stories", "--db", db)
    assert len(found) == len(story_rows(db))
    for s in found:
        assert {"id", "headline", "first_seen", "last_seen", "documents"} <= set(s)
        assert s["documents"] and all({"id", "title", "date"} <= set(d) for d in s["documents"])
    given = sorted(d["id"] for s in found for d in s["documents"])
    assert given == sorted(r["id"] for r in records)  # each document once, by its JSONL id
    titles = {r["id"]: r["title"].strip() for r in records}  # the readers strip titles
    assert all(d["title"] == titles[d["id"]] for s in found for d in s["documents"])
    assert cli_json("stories", "--db", db, "--top", 3) == found[:3]


def test_the_reprint_is_in_its_original_story(db, records):
    reprint = records[-1]["id"]
    found = cli_json("stories", "--db", db)
    (home,) = [s for s in found if reprint in [d["id"] for d in s["documents"]]]
    assert reprint.removesuffix("-reprise") in [d["id"] for d in home["documents"]]
    shown = cli_json("stories", "show", home["id"], "--db", db)
    (doc,) = [d for d in shown["documents"] if d["id"] == reprint]
    assert doc["duplicate_of"] is not None


def test_the_table_and_show(db):
    best = cli_json("stories", "--db", db, "--top", 1)[0]
    result = cli("stories", "--db", db, "--top", 5)
    assert result.exit_code == 0, result.output
    assert str(best["id"]) in result.stdout and "headline" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 6  # a header and a line a story
    shown = cli("stories", "show", best["id"], "--db", db)
    assert shown.exit_code == 0, shown.output
    assert best["headline"] in shown.stdout
    for section in ("documents", "entities", "quotes"):
        assert section in shown.stdout


def test_rebuild_from_the_command_line_equals_the_online_pass(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    for args in (["--since", "2019-04-16"], []):
        result = cli("stories", "--rebuild", *args, "--db", copy)
        assert result.exit_code == 0, result.output
        assert "assigned again" in result.stdout
        assert assignments(copy) == assignments(db)
        assert story_rows(copy) == story_rows(db)
    assert cli_json("stories", "--db", copy) == cli_json("stories", "--db", db)


def test_export_stories_and_their_documents(db, tmp_path):
    for table, n in (("stories", len(story_rows(db))), ("story_documents", len(assignments(db)))):
        out = tmp_path / f"{table}.jsonl"
        result = cli("export", "--table", table, "--out", out, "--db", db)
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(rows) == n, table
    assert {"story_id", "external_id", "features", "duplicate_of"} <= set(rows[0])


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["stories", "show", "abc"], 2, "not a story id"),
        (["stories", "show", "0"], 2, "not a story id"),
        (["stories", "show", "9" * 40], 2, "not a story id"),
        (["stories", "show"], 2, "give the story's ID"),
        (["stories", "show", "999999"], 1, "no story 999999"),
        (["stories", "montre", "3"], 2, "unknown action"),
        (["stories", "--top", "1" + "0" * 30], 2, "--top must be from 1"),
        (["stories", "--top", "0"], 2, "--top must be from 1"),
        (["stories", "--since", "garbage"], 2, "YYYY-MM-DD"),
        (["stories", "--until", "2019-02-30"], 2, "not a calendar date"),
        (["stories", "--since", "\x1b[2J2019"], 2, "YYYY-MM-DD"),
    ],
)
def test_hostile_arguments_are_one_line_errors(db, args, code, words):
    result = cli(*args, "--db", db)
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert words in lines[0] and "\x1b" not in lines[0]


def test_rebuild_of_a_missing_database_is_one_line_and_creates_nothing(tmp_path):
    missing = tmp_path / "none.db"
    result = cli("stories", "--rebuild", "--db", missing)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "no such database" in result.output
    assert not missing.exists()
