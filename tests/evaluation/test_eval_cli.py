"""``veille eval`` on several gold files: side by side, JSON by path, floors by file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from veille.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def gold_files(tmp_path_factory, nlp) -> tuple[Path, Path]:
    """Two gold files on examples/alep.txt: dev.jsonl as veille reads it, check.jsonl with
    Aleppo put in Turkey (so its country accuracy is 0)."""
    text = (EXAMPLES / "alep.txt").read_text(encoding="utf-8")
    aleppo = {"mention": "Alep", "name": "Aleppo", "country": "SY", "kind": "city",
              "lat": 36.2, "lon": 37.16}  # fmt: skip
    record = {
        "id": "alep",
        "text": text,
        "quotes": [],
        "entities": [{"name": "Vladimir Poutine", "type": "PER", "mentions": ["Poutine"]}],
        "places": [aleppo],
        "events": [],
    }
    folder = tmp_path_factory.mktemp("gold")
    dev, check = folder / "dev.jsonl", folder / "check.jsonl"
    dev.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    record["places"] = [aleppo | {"country": "TR"}]
    check.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return dev, check


def _floors(tmp_path: Path, floors: dict) -> str:
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"about": "test", "floors": floors}), encoding="utf-8")
    return str(path)


def test_json_by_path_for_several_files_same_shape_for_one(gold_files):
    dev, check = gold_files
    result = runner.invoke(app, ["eval", str(dev), str(check), "--json"])
    assert result.exit_code == 0, result.output
    both = json.loads(result.stdout)
    assert list(both) == [str(dev), str(check)]
    assert both[str(dev)]["places"]["country_accuracy"] == 1.0
    assert both[str(check)]["places"]["country_accuracy"] == 0.0
    assert both[str(dev)]["entities"]["PER"]["recall"] == 1.0
    alone = runner.invoke(app, ["eval", str(dev), "--json"])
    assert json.loads(alone.stdout) == both[str(dev)]  # one file: the scores themselves


def test_report_puts_files_side_by_side(gold_files):
    dev, check = gold_files
    result = runner.invoke(app, ["eval", str(dev), str(check)], terminal_width=160)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.stdout.splitlines() if "country accuracy" in line)
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["country accuracy", "1.000", "0.000"]
    assert "dev.jsonl" in result.stdout and "check.jsonl" in result.stdout


def test_details_of_several_files_showed_the_check_files_misses(gold_files, tmp_path):
    """`--details` wrote the misses of every gold file, check.jsonl's too, which is for its
    totals only: now the first file's (the one tuned on), each row naming it."""
    dev, check = gold_files
    out = tmp_path / "misses.jsonl"
    result = runner.invoke(app, ["eval", str(check), str(dev), "--json", "--details", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    wrong = [r for r in rows if r["kind"] == "place_wrong"]
    assert [r["gold"] for r in wrong] == [str(check)]
    assert wrong[0]["predicted"]["country"] == "SY"
    result = runner.invoke(app, ["eval", str(dev), str(check), "--json", "--details", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == [] or {r["gold"] for r in rows} == {str(dev)}
    assert not [r for r in rows if r["kind"] == "place_wrong"]


def test_flat_floors_gate_the_first_file_only(gold_files, tmp_path):
    dev, check = gold_files
    floors = _floors(tmp_path, {"places.country_accuracy": 0.9})
    result = runner.invoke(app, ["eval", str(dev), str(check), "--floors", floors])
    assert result.exit_code == 0, result.output
    assert f"{dev}: all 1 scores at or above their floors" in result.stderr
    result = runner.invoke(app, ["eval", str(check), str(dev), "--floors", floors])
    assert result.exit_code == 1
    assert f"below floor: {check}: places.country_accuracy" in result.stderr


def test_floors_by_file_name(gold_files, tmp_path):
    dev, check = gold_files
    floors = {"dev.jsonl": {"places.country_accuracy": 0.9}, "check.jsonl": {"quotes.f1": 0}}
    result = runner.invoke(
        app, ["eval", str(dev), str(check), "--floors", _floors(tmp_path, floors)]
    )
    assert result.exit_code == 0, result.output
    assert f"{check}: all 1 scores at or above their floors" in result.stderr
    floors["check.jsonl"] = {"places.country_accuracy": 0.5}
    result = runner.invoke(
        app, ["eval", str(dev), str(check), "--floors", _floors(tmp_path, floors)]
    )
    assert result.exit_code == 1
    assert f"{dev}: all 1 scores at or above their floors" in result.stderr
    assert f"below floor: {check}: places.country_accuracy: 0.0000 < floor 0.5" in result.stderr


def test_floors_for_a_file_not_given_fail_clearly(gold_files, tmp_path):
    dev, _ = gold_files
    floors = _floors(tmp_path, {"check.jsonl": {"quotes.f1": 0.5}})
    result = runner.invoke(app, ["eval", str(dev), "--floors", floors])
    assert result.exit_code == 1
    assert "'check.jsonl', which is none of the gold files given" in result.output


def test_a_missing_second_file_fails_before_any_analysis(gold_files, tmp_path):
    dev, _ = gold_files
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(app, ["eval", str(dev), str(missing)])
    assert result.exit_code == 1
    assert "no such gold file" in result.output
    assert runner.invoke(app, ["eval", str(dev), str(dev)]).exit_code == 1  # given twice
