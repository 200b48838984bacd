"""The CLI's settings: ``--config FILE`` (else ``$VEILLE_CONFIG``, else ``./veille.toml``),
flags over the file, one-line errors, and ``veille config``."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from veille.cli import app
from veille.settings import Settings, load_settings, read_config

runner = CliRunner()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_file_is_one_line_through_the_cli(tmp_path):
    config = write(tmp_path / "bad.toml", "home_contry = 'BE'\n")
    result = runner.invoke(app, ["--config", str(config), "analyze", "-"], input="Texte.")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "bad.toml" in lines[0] and "unknown setting 'home_contry'" in lines[0]
    result = runner.invoke(app, ["--config", str(tmp_path / "none.toml"), "config"])
    assert result.exit_code == 2 and "no such config file" in result.stderr


def test_config_command_prints_the_effective_settings(tmp_path):
    config = write(tmp_path / "c.toml", "history_days = 30\n")
    result = runner.invoke(app, ["--config", str(config), "config", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["history_days"] == 30 and data["home_country"] == "FR"
    assert data["event_confidence"]["cap"] == 0.9
    result = runner.invoke(app, ["--config", str(config), "config"])
    assert result.exit_code == 0 and "history_days = 30" in result.stdout
    # what it prints is a config file that gives the same settings back
    again = write(tmp_path / "again.toml", result.stdout)
    assert read_config(again) == Settings(history_days=30).to_dict()
    assert load_settings(again) == Settings(history_days=30)


def test_environment_then_local_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VEILLE_CONFIG", raising=False)
    assert json.loads(runner.invoke(app, ["config", "--json"]).stdout) == Settings().to_dict()
    write(tmp_path / "veille.toml", "workers = 2\n")
    assert json.loads(runner.invoke(app, ["config", "--json"]).stdout)["workers"] == 2
    monkeypatch.setenv("VEILLE_CONFIG", str(write(tmp_path / "env.toml", "workers = 3\n")))
    assert json.loads(runner.invoke(app, ["config", "--json"]).stdout)["workers"] == 3


def test_ingest_flags_override_the_file(tmp_path):
    config = write(tmp_path / "c.toml", "max_bytes = 1000000\n")
    doc = write(tmp_path / "a.txt", "Le ministre a condamné jeudi l'attaque contre la mosquée.")
    db = str(tmp_path / "v.db")
    args = ["--config", str(config), "ingest", str(doc), "--db", db, "--max-bytes", "10"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "0 ingested" in result.stdout and "1 failed" in result.stdout
