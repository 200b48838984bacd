"""Scoring every task over aligned gold records and predictions, reading gold files, the floors
gate, and running the pipeline (or a baseline) on gold files."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veille.evaluation import entities, events, places, quotes, stories
from veille.evaluation.counts import Counts
from veille.evaluation.matching import Document

# Each task module has ``compare(gold, pred, doc) -> Counts`` and ``summary(counts) -> dict``;
# the scores hold their parts in this order, and a document's misses come in this order too.
TASKS = (quotes, entities, places, events)
_COUNTS = (quotes.QuoteCounts, entities.EntityCounts, places.PlaceCounts, events.EventCounts)

BASELINES = ("textacy", "textacy-stock")


def _check_aligned(gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(
            f"{len(gold)} gold records but {len(predicted)} predictions: "
            "predictions must be aligned with the gold records, one per text"
        )


def _compare(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]]
) -> tuple[list[Counts], list[dict[str, Any]]]:
    """Every task's counts summed over the documents, and every miss."""
    _check_aligned(gold, predicted)
    totals: list[Counts] = [counts() for counts in _COUNTS]
    misses: list[dict[str, Any]] = []
    for g, p in zip(gold, predicted, strict=True):
        doc = Document.of(g, p)
        for task, total in zip(TASKS, totals, strict=True):
            total.add(task.compare(g, p, doc))
        misses.extend(doc.misses)
    return totals, misses


def score(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """Score predictions (``Dispatch.to_dict()`` outputs) against gold records, by index."""
    totals, _ = _compare(gold, predicted)
    scores: dict[str, Any] = {"docs": len(gold)}
    for task, total in zip(TASKS, totals, strict=True):
        scores.update(task.summary(total))  # type: ignore[attr-defined]
    return scores


def details(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every miss and false positive, one dict each.

    Each has ``doc`` (the gold id), ``kind`` (``quote_fn``, ``quote_fp``, ``speaker_wrong``,
    ``entity_fn``, ``entity_fp``, ``place_wrong``, ``place_missing``, ``event_fn``,
    ``event_fp``), ``item`` (the gold item for misses, the predicted one for false positives),
    ``sentence`` (the sentence(s) it sits in, None when it cannot be located) and, for
    ``speaker_wrong`` and ``place_wrong``, ``predicted`` (and ``distance_km`` for places).
    """
    return _compare(gold, predicted)[1]


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """The records of a gold JSONL file."""
    records = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not a JSON object: {e}") from e
    return records


# ---------------------------------------------------------------------------------------------
# Floors


def check_floors(scores: dict[str, Any], floors: dict[str, float]) -> list[str]:
    """The scores below their floor, as readable lines (empty when the gate passes).

    ``floors`` maps dotted paths into ``scores`` (``"entities.all.f1"``) to minimum values; a
    path whose score is missing or None fails when its floor is above zero.
    """
    failures = []
    for path, floor in sorted(floors.items()):
        value: Any = scores
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, int | float) or isinstance(value, bool):
            if floor > 0:
                failures.append(f"{path}: no score (floor {floor})")
            continue
        if value < floor:
            failures.append(f"{path}: {value:.4f} < floor {floor}")
    return failures


def floors_by_file(wanted: dict[str, Any], names: Sequence[str]) -> dict[str, dict[str, float]]:
    """Which floors gate which gold file, from a floors JSON (``{"floors": {...}}`` or bare).

    Floors as ``{"quotes.f1": 0.88, ...}`` gate the first file only. Floors as
    ``{"dev.jsonl": {...}, "check.jsonl": {...}}`` (every value an object) gate each file they
    name, by its path as given or its file name; a file they do not name is not gated, a name
    that is no given file is a ValueError.
    """
    if not isinstance(wanted, dict):
        raise ValueError("floors must be a JSON object")
    table = wanted.get("floors", wanted)
    if not table or not all(isinstance(v, dict) for v in table.values()):
        return {names[0]: table} if names else {}
    gates: dict[str, dict[str, float]] = {}
    for key, floors in table.items():
        found = [n for n in names if key in (n, Path(n).name)]
        if not found:
            raise ValueError(f"floors for {key!r}, which is none of the gold files given")
        for name in found:
            gates[name] = floors.get("floors", floors)
    return {n: gates[n] for n in names if n in gates}


# ---------------------------------------------------------------------------------------------
# Running the pipeline on gold files


def predict(gold: list[dict[str, Any]], baseline: str | None = None) -> list[dict[str, Any]]:
    """Predictions for the gold texts, by veille (dated as the gold) or by a baseline."""
    texts = [r["text"] for r in gold]
    if baseline is None:
        from veille import analyze_many  # lazy: loads spaCy

        dates = [r.get("date") for r in gold]
        predicted = [
            d.to_dict() if hasattr(d, "to_dict") else d for d in analyze_many(texts, dates=dates)
        ]
    elif baseline in BASELINES:
        from veille.evaluation.baselines import textacy_predictions

        extra = {"extra_verbs": ()} if baseline == "textacy-stock" else {}
        predicted = textacy_predictions(texts, **extra)
    else:
        raise ValueError(f"unknown baseline {baseline!r}: choose one of {', '.join(BASELINES)}")
    for record, prediction in zip(gold, predicted, strict=False):
        prediction.setdefault("id", record.get("id"))
    return predicted


def evaluate_many(
    paths: Sequence[str | Path],
    *,
    baseline: str | None = None,
    details_path: str | Path | None = None,
) -> dict[str, dict[str, Any]]:
    """:func:`evaluate` on several gold files: their scores by path (as given), in order.

    ``details_path`` receives the misses of the first file only, the one tuned on: the
    others (check.jsonl) are for their totals, never their individual misses (GUIDELINES);
    with several files, each row also names its gold file (``gold``). A story gold file
    (windows of articles grouped into stories, GUIDELINES §5) is scored by
    :func:`veille.evaluation.stories.evaluate_windows`, veille beside its TF-IDF baseline
    (``baseline`` does not apply to it); its misses are the stories split and merged.
    """
    names = [str(p) for p in paths]
    if len(set(names)) < len(names):
        raise ValueError("a gold file is given twice")
    results: dict[str, dict[str, Any]] = {}
    rows: list[dict[str, Any]] = []
    for n, name in enumerate(names):
        gold = read_gold(name)
        misses: list[dict[str, Any]] = []
        if stories.is_story_gold(gold):
            results[name] = stories.evaluate_windows(gold, misses=misses)
            misses = misses if n == 0 else []
        else:
            predicted = predict(gold, baseline)
            results[name] = score(gold, predicted)
            if details_path is not None and n == 0:
                misses = details(gold, predicted)
        rows += [{"gold": name, **r} for r in misses] if len(names) > 1 else misses
    if details_path is not None:
        with Path(details_path).open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return results


def evaluate(
    path: str | Path,
    *,
    baseline: str | None = None,
    details_path: str | Path | None = None,
) -> dict[str, Any]:
    """Run the pipeline (or a baseline) on the gold texts of ``path`` and score it.

    ``baseline="textacy"`` scores textacy's ``direct_quotations`` with textacy's French
    reporting verbs plus ``FRENCH_REPORTING_VERBS``; ``"textacy-stock"`` with textacy's
    own list only. ``details_path`` receives :func:`details` as JSONL.
    """
    return evaluate_many([path], baseline=baseline, details_path=details_path)[str(path)]
