"""The command line: readable summary, JSON, stdin with a date, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from veille.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def alep_path(nlp):
    return str(EXAMPLES / "alep.txt")


def test_summary_shows_dateline_source_entities_places_quantities(alep_path):
    result = runner.invoke(app, ["analyze", alep_path])
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in (
        "Moscou",
        "Bulletin Français",
        "Vladimir Poutine",
        "Sergueï Choïgou",
        "Aleppo",
        "36.20, 37.16",
        "100 000",
        "personnes",
        "ministre russe de la ",
    ):
        assert expected in out, expected


def test_json_output_is_the_documented_document(alep_path):
    result = runner.invoke(app, ["analyze", alep_path, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.0"
    assert data["dateline"]["place"]["text"] == "Moscou"
    assert data["source"]["name"] == "Bulletin Français"


def test_stdin_with_a_date(alep_path):
    text = Path(alep_path).read_text(encoding="utf-8")
    result = runner.invoke(app, ["analyze", "-", "--json", "--date", "2016-12-23"], input=text)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["date"] == "2016-12-23"
    assert data["text"] == text


def test_cp1252_file_is_read_correctly(tmp_path, nlp):
    path = tmp_path / "depeche.txt"
    text = "Damas, 23 déc. (SANA) - L’armée syrienne a repris le contrôle d’Alep, a-t-on appris."
    path.write_bytes(text.encode("cp1252"))
    result = runner.invoke(app, ["analyze", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == text


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02\x03binary\x00\xff", "binary")],
)
def test_bad_files_give_one_clear_line_and_fail(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_file_fails_clearly(tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_bad_date_is_refused(alep_path):
    result = runner.invoke(app, ["analyze", alep_path, "--date", "23/12/2016"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def _gold_file(tmp_path, alep_path) -> Path:
    text = Path(alep_path).read_text(encoding="utf-8")
    record = {
        "id": "alep",
        "text": text,
        "quotes": [],
        "entities": [
            {"name": "Vladimir Poutine", "type": "PER", "mentions": ["Poutine"]},
            {"name": "Alep", "type": "LOC", "mentions": ["Alep"]},
        ],
        "places": [
            {
                "mention": "Alep",
                "name": "Aleppo",
                "country": "SY",
                "kind": "city",
                "lat": 36.2,
                "lon": 37.16,
            },
        ],
        "events": [],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_eval_json_and_floors(tmp_path, alep_path):
    gold = _gold_file(tmp_path, alep_path)
    result = runner.invoke(app, ["eval", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["docs"] == 1
    assert scores["entities"]["PER"]["recall"] == 1.0
    assert scores["places"]["country_accuracy"] == 1.0
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"floors": {"places.country_accuracy": 0.9}}))
    assert runner.invoke(app, ["eval", str(gold), "--floors", str(ok)]).exit_code == 0
    too_high = tmp_path / "high.json"
    too_high.write_text(json.dumps({"floors": {"entities.all.precision": 1.01}}))
    result = runner.invoke(app, ["eval", str(gold), "--floors", str(too_high)])
    assert result.exit_code == 1
    assert "below floor" in result.output


def test_bench_json(tmp_path, alep_path):
    result = runner.invoke(app, ["bench", alep_path, "--json", "--n", "2"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["docs"] == 2
    assert {(r["pipeline"], r["n_process"]) for r in figures["runs"]} == {
        ("spacy", 1),
        ("veille", 1),
        ("spacy", 2),
        ("veille", 2),
    }
