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


def summary_lines(alep_path) -> list[str]:
    result = runner.invoke(app, ["analyze", alep_path, "--date", "2016-12-23"])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_summary_groups_quotes_by_speaker(alep_path, alep):
    lines = summary_lines(alep_path)
    start = lines.index(f"Quotes  {len(alep.quotes)}")
    block = []
    for line in lines[start + 1 :]:
        if not line.startswith("  "):
            break
        block.append(line)
    speakers = [line.strip() for line in block if not line.startswith("    ")]
    quotes = [line.strip() for line in block if line.startswith("    ")]
    # one heading per speaker, with the number of quotes (the bulletin's are Poutine's)
    names = [q.speaker.name if q.speaker else "(no speaker)" for q in alep.quotes]
    order = list(dict.fromkeys(names))
    assert speakers == [f"{name}  {names.count(name)}" for name in order]
    assert order[0] == "Vladimir Poutine"
    assert len(quotes) == len(alep.quotes) >= 10
    grouped = sorted(alep.quotes, key=lambda q: order.index(names[alep.quotes.index(q)]))
    for line, q in zip(quotes, grouped, strict=True):
        kind, _, rest = line.partition(" ")
        assert kind == q.type
        marks = "« " if q.type in ("direct", "mixed") else ""  # verbatim words only
        assert rest.strip().startswith(marks + " ".join(q.content.split())[:40])
        if q.cue:
            assert f"({q.cue.text})" in rest
    long = next(line for line in quotes if "La libération de la ville d’Alep des extr" in line)
    assert "… »" in long and len(long) < 110  # shortened
    assert any(line.startswith("direct") and "(a dit)" in line for line in quotes)
    assert any(line.startswith("indirect") and "«" not in line for line in quotes)


def test_quotes_of_one_speaker_are_grouped_even_when_apart():
    import io

    from rich.console import Console

    from veille.model import Dispatch, Quote, Span, Speaker
    from veille.render import print_summary

    text = (
        "« Nous ne céderons pas », a déclaré le Premier ministre. Le syndicat a dénoncé une "
        "réforme injuste. Le Premier ministre a ajouté qu'il recevrait les syndicats lundi."
    )

    def quote(qid: str, content: str, cue: str, speaker: str | None) -> Quote:
        at = text.index(content)
        cue_at = text.index(cue)
        who = Speaker(speaker) if speaker else None
        return Quote(
            qid, "direct", content, at, at + len(content), Span(cue, cue_at, cue_at + len(cue)), who
        )

    d = Dispatch(
        id="x",
        text=text,
        quotes=[
            quote("q1", "Nous ne céderons pas", "a déclaré", "Élisabeth Borne"),
            quote("q2", "une réforme injuste", "a dénoncé", "Le syndicat"),
            quote("q3", "il recevrait les syndicats lundi", "a ajouté", "Élisabeth Borne"),
            quote("q4", "Le syndicat", "dénoncé", None),
        ],
    )
    buf = io.StringIO()
    print_summary(d, Console(file=buf, width=100))
    lines = buf.getvalue().splitlines()
    start = lines.index("Quotes  4")
    assert [x.strip() for x in lines[start + 1 : start + 8]] == [
        "Élisabeth Borne  2",
        "direct       « Nous ne céderons pas »  (a déclaré)",
        "direct       « il recevrait les syndicats lundi »  (a ajouté)",
        "Le syndicat  1",
        "direct       « une réforme injuste »  (a dénoncé)",
        "(no speaker)  1",
        "direct       « Le syndicat »  (dénoncé)",
    ]


def test_summary_lists_events_as_readable_lines(alep_path, alep):
    from veille.render import format_event

    lines = summary_lines(alep_path)
    start = lines.index(f"Events  {len(alep.events)}")
    shown = [line.strip() for line in lines[start + 1 : start + 1 + len(alep.events)]]
    assert shown == [format_event(e, alep) for e in alep.events]
    # the meeting with the defence minister, and Poutine's appeals to stop the fighting
    assert any(
        x.startswith("2016-12-23 Moscou — RUSGOV (Vladimir Poutine) → RUSMIL (Sergueï Choïgou)")
        and "[CONSULT]" in x
        for x in shown
    )
    assert any(
        x.startswith("2016-12-23 Moscou — RUSGOV (Vladimir Poutine)") and "[REQUEST]" in x
        for x in shown
    )


def test_json_output_is_the_documented_document(alep_path):
    result = runner.invoke(app, ["analyze", alep_path, "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1.0"
    assert data["dateline"]["place"]["text"] == "Moscou"
    assert data["source"]["name"] == "Bulletin Français"


def test_json_output_includes_quotes_and_events(alep_path, alep):
    result = runner.invoke(app, ["analyze", alep_path, "--json", "--date", "2016-12-23"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["quotes"] and data["quotes"] == alep.to_dict()["quotes"]
    assert data["events"] and data["events"] == alep.to_dict()["events"]
    assert {q["speaker"]["name"] for q in data["quotes"]} == {"Vladimir Poutine"}


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


def test_error_on_one_line_whatever_the_terminal_width(tmp_path):
    """Regression: `veille analyze` on a missing file in a long path printed `...: no` and
    `such file` on two lines (rich wrapped the message at the terminal width)."""
    import os
    import subprocess
    import sys

    deep = tmp_path / ("un-dossier-au-nom-tres-long-" * 6)
    deep.mkdir()
    missing = deep / "depeche-introuvable.txt"
    env = {**os.environ, "COLUMNS": "20", "TERM": "xterm"}
    result = subprocess.run(
        [sys.executable, "-m", "veille.cli", "analyze", str(missing)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert f"{missing}: no such file" in lines[0]
