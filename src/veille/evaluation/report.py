"""The scores as rich tables: one file's in detail, several files' side by side (story gold
files in a table of their own, veille beside the baseline)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from veille.evaluation.quotes import QUOTE_TYPES


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(title: str, columns: tuple[str, ...]) -> Any:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, justify="left" if not col else "right")
    return table


def _quotes_table(scores: dict[str, Any]) -> Any:
    q = scores["quotes"]
    quotes = _table(
        f"Quotes ({scores['docs']} documents)",
        ("", "precision", "recall", "F1", "gold", "predicted"),
    )
    n_gold, n_pred = q["tp"] + q["fn"], q["tp"] + q["fp"]
    quotes.add_row(
        "all (Jaccard ≥ 0.5)", *map(_fmt, (q["precision"], q["recall"], q["f1"], n_gold, n_pred))
    )
    for t, row in q["by_type"].items():
        quotes.add_row(
            f"  {t}",
            *map(_fmt, (row["precision"], row["recall"], row["f1"], row["gold"], row["predicted"])),
        )
    quotes.caption = (
        f"lenient F1 (overlap/gold ≥ 0.3): {_fmt(q['lenient_f1'])} · "
        f"speaker accuracy: {_fmt(scores['speaker_accuracy'])} · "
        f"tp {q['tp']} fp {q['fp']} fn {q['fn']}"
    )
    return quotes


def _entities_table(scores: dict[str, Any]) -> Any:
    entities = _table("Entities", ("", "precision", "recall", "F1"))
    for t, row in scores["entities"].items():
        entities.add_row(t, *map(_fmt, (row["precision"], row["recall"], row["f1"])))
    return entities


_EVENT_COLUMNS = {
    "precision": "precision",
    "recall": "recall",
    "F1": "f1",
    "detection F1": "detection_f1",
    "actor countries": "actor_country_accuracy",
    "modality": "modality_accuracy",
}
_PLACE_COLUMNS = {
    "country accuracy": "country_accuracy",
    "gold places": "gold",
    "city within 50 km": "city_within_50km",
    "gold cities": "gold_cities",
}


def _one_row_table(title: str, part: dict[str, Any], columns: dict[str, str]) -> Any:
    table = _table(title, tuple(columns))
    table.add_row(*(_fmt(part[key]) for key in columns.values()))
    return table


def _report_one(scores: dict[str, Any]) -> Any:
    from rich.console import Group

    e = scores["events"]
    events = _one_row_table("Events", e, _EVENT_COLUMNS)
    events.caption = f"tp {e['tp']} fp {e['fp']} fn {e['fn']}"
    places = _one_row_table("Places", scores["places"], _PLACE_COLUMNS)
    return Group(_quotes_table(scores), _entities_table(scores), places, events)


# ---------------------------------------------------------------------------------------------
# Several files side by side: one row per score, one column per file

_SIDE_BY_SIDE: dict[str, list[tuple[str, str]]] = {
    "Quotes": [
        ("precision (Jaccard ≥ 0.5)", "quotes.precision"),
        ("recall", "quotes.recall"),
        ("F1", "quotes.f1"),
        ("lenient F1 (overlap/gold ≥ 0.3)", "quotes.lenient_f1"),
        ("speaker accuracy", "speaker_accuracy"),
        *((f"  {t} F1", f"quotes.by_type.{t}.f1") for t in QUOTE_TYPES),
        ("tp", "quotes.tp"),
        ("fp", "quotes.fp"),
        ("fn", "quotes.fn"),
    ],
    "Entities": [
        *((f"{t} F1", f"entities.{t}.f1") for t in ("PER", "ORG", "LOC")),
        ("all precision", "entities.all.precision"),
        ("all recall", "entities.all.recall"),
        ("all F1", "entities.all.f1"),
    ],
    "Places": [
        ("country accuracy", "places.country_accuracy"),
        ("gold places", "places.gold"),
        ("city within 50 km", "places.city_within_50km"),
        ("gold cities", "places.gold_cities"),
    ],
    "Events": [
        ("precision", "events.precision"),
        ("recall", "events.recall"),
        ("F1", "events.f1"),
        ("detection F1", "events.detection_f1"),
        ("actor countries", "events.actor_country_accuracy"),
        ("modality", "events.modality_accuracy"),
        ("tp", "events.tp"),
        ("fp", "events.fp"),
        ("fn", "events.fn"),
    ],
}


def _get(scores: dict[str, Any], path: str) -> Any:
    value: Any = scores
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


_STORY_ROWS = [
    ("B-cubed precision", "bcubed.precision"),
    ("B-cubed recall", "bcubed.recall"),
    ("B-cubed F1", "bcubed.f1"),
    ("pairwise precision", "pairwise.precision"),
    ("pairwise recall", "pairwise.recall"),
    ("pairwise F1", "pairwise.f1"),
    ("adjusted Rand index", "ari"),
    ("stories", "stories"),
]


def _stories_table(by_file: Mapping[str, dict[str, Any]]) -> Any:
    """Story gold files: veille's scores beside the baseline's, per file."""
    from rich.markup import escape

    columns = []
    for name, s in by_file.items():
        label = f"{escape(Path(name).name)}\n{s['docs']} docs, {s['gold_stories']} stories"
        columns += [
            (f"{label}\nveille", s["veille"]),
            (f"\n{s['baseline']['name']}", s["baseline"]),
        ]
    table = _table("Stories", ("", *(c for c, _ in columns)))
    for label, path in _STORY_ROWS:
        table.add_row(label, *(_fmt(_get(part, path)) for _, part in columns))
    return table


def _report_many(by_file: Mapping[str, dict[str, Any]]) -> Any:
    from rich.console import Group
    from rich.markup import escape

    stories = {n: s for n, s in by_file.items() if s.get("kind") == "stories"}
    by_file = {n: s for n, s in by_file.items() if n not in stories}
    if not by_file:
        return _stories_table(stories)
    headers = tuple(f"{escape(Path(name).name)}\n{s['docs']} docs" for name, s in by_file.items())
    tables = [_stories_table(stories)] if stories else []
    for title, rows in _SIDE_BY_SIDE.items():
        table = _table(title, ("", *headers))
        for label, path in rows:
            table.add_row(label, *(_fmt(_get(s, path)) for s in by_file.values()))
        tables.append(table)
    return Group(*tables)


def format_report(scores: dict[str, Any] | Mapping[str, dict[str, Any]]) -> Any:
    """A rich renderable (tables) for ``Console.print``: of one :func:`score` result, or of
    several side by side (``{file name: scores}``, one column per file)."""
    if scores.get("kind") == "stories":
        return _stories_table({"": scores})  # type: ignore[dict-item]
    if "docs" in scores:
        return _report_one(scores)  # type: ignore[arg-type]
    return _report_many(scores)
