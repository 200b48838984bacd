"""Scoring against gold JSONL, following the scoring rules of the shared eval GUIDELINES.

The scorer works on plain dicts: gold records in the GUIDELINES format and predictions in the
shape of ``Dispatch.to_dict()``, aligned by index. Nothing here imports spaCy at import time;
:func:`evaluate` runs the pipeline (or the textacy baseline) lazily.

One module per task (:mod:`~veille.evaluation.quotes`, :mod:`~veille.evaluation.entities`,
:mod:`~veille.evaluation.places`, :mod:`~veille.evaluation.events`), each comparing one
document and adding up its counts, all through the one matching helper
(:mod:`~veille.evaluation.matching`: name folding, spans, the one-to-one assignment, sentences).
Each module's docstring says the conventions it takes where the guidelines leave a choice.
Weights of the one-to-one matchings never use the attributes that are scored over the matches
(speaker, country, modality), so they cannot inflate them.
"""

from __future__ import annotations

from veille.evaluation.baselines import FRENCH_REPORTING_VERBS, textacy_predictions
from veille.evaluation.matching import (
    fold,
    jaccard,
    match,
    names_match,
    sentence_bounds,
)
from veille.evaluation.places import haversine_km
from veille.evaluation.report import format_report
from veille.evaluation.scoring import (
    BASELINES,
    check_floors,
    details,
    evaluate,
    evaluate_many,
    floors_by_file,
    predict,
    read_gold,
    score,
)

__all__ = [
    "BASELINES",
    "FRENCH_REPORTING_VERBS",
    "check_floors",
    "details",
    "evaluate",
    "evaluate_many",
    "floors_by_file",
    "fold",
    "format_report",
    "haversine_km",
    "jaccard",
    "match",
    "names_match",
    "predict",
    "read_gold",
    "score",
    "sentence_bounds",
    "textacy_predictions",
]
