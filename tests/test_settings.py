"""Settings: defaults, then a config file, then flags, into one immutable object that reaches
the components and the pipeline version."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.ingest import MAX_BYTES
from veille.ingest.corpus import pipeline_version
from veille.pipeline import Settings as PipelineSettings
from veille.pipeline import analyze
from veille.settings import (
    EventConfidence,
    Settings,
    SettingsError,
    config_path,
    load_settings,
    to_toml,
)
from veille.store import BUSY_TIMEOUT

runner = CliRunner()

# No nationality given: the minister is the home country's.
MINISTER = "Le ministre des Affaires étrangères a condamné jeudi l'attaque contre la mosquée."


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------- the object


def test_defaults_are_the_former_constants():
    s = Settings()
    assert (s.model, s.batch_size, s.piece_chars, s.max_chars, s.max_sentence_tokens) == (
        "fr_core_news_md",
        16,
        20_000,
        10_000_000,
        250,
    )
    assert (s.home_country, s.history_days, s.trigger_gap, s.trigger_prep_gap) == ("FR", 365, 3, 6)
    assert s.event_confidence == EventConfidence()
    assert (s.max_bytes, s.busy_timeout) == (MAX_BYTES, BUSY_TIMEOUT)
    assert (s.commit_batch, s.commit_seconds, s.workers) == (64, 5.0, 1)


def test_settings_are_immutable_and_reexported_from_the_pipeline():
    assert PipelineSettings is Settings
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().home_country = "BE"  # type: ignore[misc]
    hash(Settings())  # the pipeline is cached per settings


def test_out_of_range_values_are_refused():
    with pytest.raises(SettingsError, match="home_country"):
        Settings(home_country="France")
    with pytest.raises(SettingsError, match="piece_chars must be at least 1"):
        Settings(piece_chars=0)
    with pytest.raises(SettingsError, match=r"event_confidence\.cap"):
        Settings(event_confidence=EventConfidence(cap=2.0))


# ------------------------------------------------------------------- defaults, file, flags


def test_no_file_means_defaults(tmp_path):
    assert config_path(env={}, cwd=tmp_path) is None
    assert load_settings(env={}, cwd=tmp_path) == Settings()


def test_file_overrides_defaults(tmp_path):
    write(
        tmp_path / "veille.toml",
        'home_country = "BE"\nhistory_days = 730\nbusy_timeout = 5\n'
        "[event_confidence]\nbase = 0.35\n",
    )
    s = load_settings(env={}, cwd=tmp_path)  # ./veille.toml found
    assert (s.home_country, s.history_days, s.busy_timeout) == ("BE", 730, 5.0)
    assert s.event_confidence == EventConfidence(base=0.35)
    assert s.piece_chars == Settings().piece_chars  # what the file does not name


def test_config_file_order_flag_then_environment_then_local(tmp_path):
    local = write(tmp_path / "veille.toml", "workers = 2\n")
    from_env = write(tmp_path / "env.toml", "workers = 3\n")
    given = write(tmp_path / "given.toml", "workers = 4\n")
    env = {"VEILLE_CONFIG": str(from_env)}
    assert config_path(env={}, cwd=tmp_path) == local
    assert config_path(env=env, cwd=tmp_path) == from_env
    assert config_path(given, env=env, cwd=tmp_path) == given
    assert load_settings(given, env=env, cwd=tmp_path).workers == 4


def test_flags_override_file(tmp_path):
    config = write(tmp_path / "c.toml", "workers = 3\ncommit_batch = 10\nmax_bytes = 1000\n")
    s = load_settings(config, flags={"workers": 2, "commit_batch": None})
    assert (s.workers, s.commit_batch, s.max_bytes) == (2, 10, 1000)  # None: flag not given


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("home_contry = 'BE'\n", "unknown setting 'home_contry'"),
        ("history_days = 'a year'\n", "setting 'history_days' must be an integer, not str"),
        ("workers = true\n", "setting 'workers' must be an integer, not bool"),
        ("event_confidence = 0.5\n", "setting 'event_confidence' must be a table"),
        ("[event_confidence]\nbonus = 0.1\n", "unknown setting 'event_confidence.bonus'"),
        ("workers = \n", "not valid TOML"),
    ],
)
def test_bad_file_names_the_key(tmp_path, text, message):
    config = write(tmp_path / "bad.toml", text)
    with pytest.raises(SettingsError, match=message):
        load_settings(config)


def test_to_toml_round_trips_the_defaults(tmp_path):
    path = write(tmp_path / "all.toml", to_toml(Settings()))
    assert load_settings(path) == Settings()


# ---------------------------------------------------------------- the settings reach the work


def test_home_country_reaches_the_event_actors(nlp):
    """A minister of no stated nationality belongs to the home country of the press."""
    (france,) = analyze(MINISTER, date="2019-03-15").events
    (belgium,) = analyze(MINISTER, date="2019-03-15", settings=Settings(home_country="BE")).events
    assert [a.code for a in france.actors] == ["FRAGOV"]
    assert [a.code for a in belgium.actors] == ["BELGOV"]


def test_home_country_reaches_the_entities_and_the_places(nlp):
    """Bruges, for the French press, is the small French town (the home country's); for a
    Belgian press it is Brugge."""
    from veille.pipeline import get_nlp

    text = "Les ministres européens se sont réunis mardi à Bruges."
    (france,) = analyze(text).places
    (belgium,) = analyze(text, settings=Settings(home_country="BE")).places
    assert (france.name, france.country) == ("Bruges", "FR")
    assert (belgium.name, belgium.country) == ("Brugge", "BE")
    belgian = get_nlp(Settings(home_country="BE"))
    assert belgian.get_pipe("veille_entities").home_country == "BE"


def test_history_days_reaches_the_background_rule(nlp):
    text = "En 2005, la Russie a attaqué la Géorgie."
    assert analyze(text, date="2019-03-15").events == []  # background history by default
    kept = analyze(text, date="2019-03-15", settings=Settings(history_days=10_000)).events
    assert [e.cameo.root_code for e in kept] == ["19"]


def test_event_confidence_weights_reach_the_events(nlp):
    (default,) = analyze(MINISTER, date="2019-03-15").events
    lower = Settings(event_confidence=EventConfidence(base=0.2))
    (weighted,) = analyze(MINISTER, date="2019-03-15", settings=lower).events
    assert round(default.confidence - weighted.confidence, 2) == 0.2


def test_analysis_settings_are_in_the_pipeline_version():
    default = pipeline_version(Settings())
    assert default.endswith(f"+s{Settings().fingerprint()}")
    assert pipeline_version(Settings(home_country="BE")) != default
    assert pipeline_version(Settings(event_confidence=EventConfidence(cap=0.8))) != default
    # how the work is done, not what it computes: same version
    assert pipeline_version(Settings(workers=4, busy_timeout=1, batch_size=2)) == default


def test_ingest_takes_its_settings(nlp, tmp_path):
    from veille.ingest.corpus import ingest

    doc = write(tmp_path / "a.txt", MINISTER)
    report = ingest([doc], tmp_path / "v.db", settings=Settings(max_bytes=10))
    assert report.failed == 1 and report.ingested == 0  # refused: larger than 10 bytes
