"""``veille stories --dataset`` and ``veille stories show ID --dataset`` on the Notre-Dame
window of the stories dev set written by ``veille batch`` (three partitions), against the
same dataset merged into SQLite by ``veille load``: the same objects from both, and wrong
arguments refused on one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storykit import STORIES_DEV, window_records
from testkit import cli, cli_json


@pytest.fixture(scope="module")
def built(nlp, tmp_path_factory) -> tuple[Path, Path]:
    """The dataset and the store it is loaded into. The first article has no date: its
    story has no days and no score (NULL in SQL), which the dataset must sort as SQLite."""
    from veille.batch import run_batch

    if not STORIES_DEV.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    tmp = tmp_path_factory.mktemp("batch-stories")
    records = window_records()
    del records[0]["date"]
    src = tmp / "window.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    report = run_batch([str(src)], tmp / "dataset", workers=1, partition_size=10)
    assert (report.documents, report.written, report.failed) == (len(records), 3, 0)
    result = cli("load", tmp / "dataset", "--db", tmp / "loaded.db")
    assert result.exit_code == 0, result.output
    return tmp / "dataset", tmp / "loaded.db"


@pytest.mark.parametrize(
    "args",
    [[], ["--top", "3"], ["--since", "2019-04-16"], ["--until", "2019-04-15", "--top", "2"]],
    ids=" ".join,
)
def test_stories_json_is_the_same_on_the_dataset_and_the_loaded_store(built, args):
    dataset, db = built
    on_db = cli_json("stories", *args, "--db", db)
    assert on_db, args
    assert cli_json("stories", *args, "--dataset", dataset) == on_db


def test_the_listing_has_the_notre_dame_story_and_the_undated_one_last(built):
    dataset, _ = built
    found = cli_json("stories", "--dataset", dataset)
    assert found[0]["articles"] > 10 and "Notre-Dame" in found[0]["headline"]
    assert found[-1]["score"] is None and found[-1]["first_seen"] is None
    assert len({d["id"] for s in found for d in s["documents"]}) == len(window_records())


def test_every_story_shown_is_the_same_on_the_dataset_and_the_loaded_store(built):
    dataset, db = built
    ids = [s["id"] for s in cli_json("stories", "--db", db)]
    shown = {i: cli_json("stories", "show", i, "--db", db) for i in ids}
    for i in ids:
        assert cli_json("stories", "show", i, "--dataset", dataset) == shown[i], i
    fire = shown[ids[0]]  # quotes by speaker, events linked across articles, places, a reprint
    assert fire["quotes"] and fire["places"] and fire["entities"]
    assert any(len(e["documents"]) > 1 for e in fire["events"])
    assert any(d["duplicate_of"] for d in fire["documents"])


def test_the_table_and_show_on_the_dataset(built):
    dataset, _ = built
    best = cli_json("stories", "--dataset", dataset, "--top", 1)[0]
    shown = cli("stories", "show", best["id"], "--dataset", dataset)
    assert shown.exit_code == 0, shown.output
    assert best["headline"] in shown.stdout and "quotes" in shown.stdout


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["stories", "show", "999999"], 1, "no story 999999"),
        (["stories", "show", "abc"], 2, "not a story id"),
        (["stories", "--since", "garbage"], 2, "YYYY-MM-DD"),
        (["stories", "--rebuild"], 2, "written by veille batch"),
    ],
)
def test_wrong_arguments_on_the_dataset_are_one_line(built, args, code, words):
    result = cli(*args, "--dataset", built[0])
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.output
    assert words in lines[0]


@pytest.mark.parametrize("args", [["stories"], ["stories", "show", "1"]], ids=" ".join)
def test_a_folder_that_is_not_a_dataset_is_one_line(tmp_path: Path, args):
    result = cli(*args, "--dataset", tmp_path)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "not a veille dataset" in lines[0], result.output
