"""One immutable :class:`Settings`: defaults, then a config file, then flags.

Configuration flows one way. :class:`Settings` holds the defaults; :func:`load_settings`
applies a TOML file over them (``--config FILE``, else ``$VEILLE_CONFIG``, else
``./veille.toml`` when there is one), then the command-line flags, and the result is passed
explicitly to whatever needs it (the pipeline, the ingest). Nothing reads a setting from a
global.

A file names only the settings it changes, with the names and types of the defaults::

    home_country = "BE"
    history_days = 730

    [event_confidence]
    base = 0.35

An unknown name or a value of the wrong type is a :class:`SettingsError` naming the key.
The settings that change what the analysis computes (marked ``analysis`` below) are hashed
into the pipeline version (:meth:`Settings.fingerprint`), so stored analyses made with other
values are out of date for ``veille ingest --reanalyze``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.ingest import MAX_BYTES
from veille.store import BUSY_TIMEOUT
from veille.stories.settings import StorySettings

DEFAULT_MODEL = "fr_core_news_md"
CONFIG_ENV = "VEILLE_CONFIG"
CONFIG_FILE = "veille.toml"

_ANALYSIS = {"analysis": True}


@dataclass(frozen=True)
class EventConfidence:
    """The weights of an event's confidence: ``base``, plus ``actor`` when it has actors,
    ``recipient`` when it has recipients, ``multiword`` for a trigger of several words,
    ``verb`` for a verb trigger, minus ``uncoded_actor`` when its first actor has no code,
    at most ``cap``. A lone trigger noun with nobody attached gets ``lone_noun`` instead,
    plus ``lone_noun_placed`` when it has a place or a size."""

    base: float = 0.4
    actor: float = 0.2
    recipient: float = 0.1
    multiword: float = 0.1
    verb: float = 0.1
    uncoded_actor: float = 0.1
    cap: float = 0.9
    lone_noun: float = 0.3
    lone_noun_placed: float = 0.1


@dataclass(frozen=True)
class Settings:
    """Everything configurable in veille. Immutable, passed explicitly.

    Pipeline: ``model`` (the spaCy package), ``batch_size`` (texts per ``nlp.pipe`` batch),
    ``piece_chars`` (a longer text is parsed by the model in pieces of at most this many
    characters, cut at paragraph, line or sentence ends, joined back into one Doc before
    veille's components run on the whole of it), ``max_chars`` (a longer text is refused),
    ``max_sentence_tokens`` (a run of that many tokens with no sentence end is cut into
    sentences of that size).

    Analysis: ``home_country`` (ISO 3166 alpha-2 of the press the articles come from: an
    event actor with no nationality of its own belongs to it, a tie in what country an
    article is about goes to it, an ambiguous place name prefers it), ``history_days`` (an
    event dated more than this many days before publication is background, not an event),
    ``trigger_gap`` and ``trigger_prep_gap`` (at most this many words between two words of a
    multi-word event trigger, before a preposition of it), ``event_confidence``.

    Ingest and store: ``max_bytes`` (a larger document, file or line is refused),
    ``busy_timeout`` (seconds a writer waits for another one), ``commit_batch`` and
    ``commit_seconds`` (results are committed every that many documents or seconds),
    ``workers`` (processes analysing documents).

    Stories: ``stories`` (:class:`~veille.stories.settings.StorySettings`: how documents are
    grouped into stories; not part of the analysis).
    """

    model: str = field(default=DEFAULT_MODEL, metadata=_ANALYSIS)
    batch_size: int = 16
    piece_chars: int = field(default=20_000, metadata=_ANALYSIS)
    max_chars: int = 10_000_000
    max_sentence_tokens: int = field(default=250, metadata=_ANALYSIS)
    home_country: str = field(default="FR", metadata=_ANALYSIS)
    history_days: int = field(default=365, metadata=_ANALYSIS)
    trigger_gap: int = field(default=3, metadata=_ANALYSIS)
    trigger_prep_gap: int = field(default=6, metadata=_ANALYSIS)
    event_confidence: EventConfidence = field(default=EventConfidence(), metadata=_ANALYSIS)
    max_bytes: int = MAX_BYTES
    busy_timeout: float = BUSY_TIMEOUT
    commit_batch: int = 64
    commit_seconds: float = 5.0
    workers: int = 1
    stories: StorySettings = field(default=StorySettings())

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            _check_value(f.name, getattr(self, f.name))

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data (the shape of a config file)."""
        return dataclasses.asdict(self)

    def analysis(self) -> dict[str, Any]:
        """The settings that change what the analysis computes, as plain data."""
        data = self.to_dict()
        return {
            f.name: data[f.name] for f in dataclasses.fields(self) if f.metadata.get("analysis")
        }

    def fingerprint(self) -> str:
        """A short hash of :meth:`analysis`: part of the pipeline version."""
        blob = json.dumps(self.analysis(), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:10]


class SettingsError(ValueError):
    """A config file or a flag gives a setting veille does not know, or a wrong value."""


# Bounds of the numeric settings (inclusive); every other number must be at least 1.
_MINIMUM: dict[str, float] = {
    "history_days": 0,
    "trigger_gap": 1,
    "trigger_prep_gap": 1,
    "busy_timeout": 0,
    "commit_seconds": 0,
}


def _check_value(key: str, value: Any) -> None:
    """Refuse a value out of its range (types are checked when reading a file)."""
    if isinstance(value, EventConfidence):
        for f in dataclasses.fields(value):
            weight = getattr(value, f.name)
            if not 0.0 <= weight <= 1.0:
                raise SettingsError(f"event_confidence.{f.name} must be between 0 and 1")
    elif isinstance(value, StorySettings):
        _check_stories(value)
    elif key == "home_country":
        if not (len(value) == 2 and value.isascii() and value.isupper()):
            raise SettingsError(
                f"home_country must be an ISO 3166 code of two capitals, not {value!r}"
            )
    elif key == "model":
        if not value:
            raise SettingsError("model must name a spaCy model package")
    elif isinstance(value, int | float) and value < _MINIMUM.get(key, 1):
        raise SettingsError(f"{key} must be at least {_MINIMUM.get(key, 1)}, not {value}")


def _check_stories(value: StorySettings) -> None:
    for f in dataclasses.fields(value):
        number = getattr(value, f.name)
        if isinstance(number, float) and not 0.0 <= number <= 10.0:
            raise SettingsError(f"stories.{f.name} must be between 0 and 10")
        if isinstance(number, int) and number < 1:
            raise SettingsError(f"stories.{f.name} must be at least 1")


def config_path(
    explicit: str | Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path | None:
    """The config file to read: ``explicit``, else ``$VEILLE_CONFIG``, else ``./veille.toml``
    when it exists, else None (defaults only)."""
    if explicit:
        return Path(explicit)
    env = os.environ if env is None else env
    if env.get(CONFIG_ENV):
        return Path(env[CONFIG_ENV])
    local = (cwd or Path.cwd()) / CONFIG_FILE
    return local if local.is_file() else None


def read_config(path: str | Path) -> dict[str, Any]:
    """The table of a TOML config file, or :class:`SettingsError` saying why not."""
    try:
        with Path(path).open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError(f"{path}: no such config file") from None
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read the config file: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not valid TOML: not UTF-8 text") from None


def apply(settings: Settings, data: Mapping[str, Any], source: str = "settings") -> Settings:
    """``settings`` with the values of ``data`` (a config file's table, or flags) over them.
    An unknown key or a wrong type is a :class:`SettingsError` naming ``source`` and the key."""
    return _replace(settings, data, source, prefix="")


def _replace(obj: Any, data: Mapping[str, Any], source: str, prefix: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise SettingsError(f"{source}: unknown setting {name!r} (known: {known})")
        default = getattr(obj, key)
        if dataclasses.is_dataclass(default):
            if not isinstance(value, Mapping):
                raise SettingsError(f"{source}: setting {name!r} must be a table ([{name}])")
            changes[key] = _replace(default, value, source, prefix=f"{name}.")
        else:
            changes[key] = _typed(value, type(default), name, source)
    try:
        return dataclasses.replace(obj, **changes)
    except SettingsError as exc:
        raise SettingsError(f"{source}: {exc}") from None


_TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}


def _typed(value: Any, wanted: type, name: str, source: str) -> Any:
    """``value`` as the type of its default: an integer is a number, nothing else converts."""
    ok = isinstance(value, wanted) and not (wanted is not bool and isinstance(value, bool))
    if wanted is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:39] + "…"
        raise SettingsError(
            f"{source}: setting {name!r} must be {_TYPE_NAMES.get(wanted, wanted.__name__)}, "
            f"not {type(value).__name__} {shown}"
        )
    return value


def load_settings(
    path: str | Path | None = None,
    *,
    flags: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """The effective settings: the defaults, then the config file (see :func:`config_path`),
    then ``flags`` (those whose value is None are not given)."""
    settings = Settings()
    file = config_path(path, env=env, cwd=cwd)
    if file is not None:
        settings = apply(settings, read_config(file), source=str(file))
    given = {k: v for k, v in (flags or {}).items() if v is not None}
    if given:
        settings = apply(settings, given, source="command line")
    return settings


def to_toml(settings: Settings) -> str:
    """The settings as a TOML config file (every key, the nested tables last)."""
    lines: list[str] = []
    tables: list[str] = []
    for key, value in settings.to_dict().items():
        if isinstance(value, dict):
            tables.append(f"\n[{key}]")
            tables.extend(f"{k} = {_toml_value(v)}" for k, v in value.items())
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)
