"""Quotes: span matching (strict Jaccard and lenient overlap), quote types, speakers.

- A predicted quote matches a gold one when their spans have a Jaccard of at least 0.5, one to
  one (weights: the Jaccard); the lenient variant uses overlap / gold length ≥ 0.3 (weights:
  that ratio).
- **By type**: recall is per *gold* type (a gold quote counts as found when it is strictly
  matched, whatever the predicted type); precision is per *predicted* type (a predicted quote
  counts as correct when it is strictly matched, whatever the gold type).
- **Speakers**: over strictly matched quotes, the predicted speaker's name matches the gold
  ``speaker`` (folding and the word-subset rule). Speakers never weigh in the matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veille.evaluation.counts import Counts, f1, prf, ratio, tally
from veille.evaluation.matching import (
    Document,
    Span,
    jaccard,
    match,
    names_match,
    overlap_ratio,
    span_of,
)

QUOTE_TYPES = ("direct", "indirect", "mixed", "according_to")
STRICT_JACCARD = 0.5
LENIENT_OVERLAP = 0.3


@dataclass
class QuoteCounts(Counts):
    tp: int = 0
    pred: int = 0
    gold: int = 0
    lenient_tp: int = 0
    gold_by_type: dict[str, int] = field(default_factory=dict)
    found_by_type: dict[str, int] = field(default_factory=dict)
    pred_by_type: dict[str, int] = field(default_factory=dict)
    correct_by_type: dict[str, int] = field(default_factory=dict)
    speaker_ok: int = 0


def speaker_name(quote: dict[str, Any]) -> str | None:
    """The predicted quote's speaker: its name, else its mention's text."""
    speaker = quote.get("speaker")
    if isinstance(speaker, str):
        return speaker
    if isinstance(speaker, dict):
        if speaker.get("name"):
            return speaker["name"]
        mention = speaker.get("mention")
        if isinstance(mention, dict):
            return mention.get("text")
    return None


def _weights(
    g_spans: list[Span | None], p_spans: list[Span | None]
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """The strict (Jaccard) and lenient (overlap / gold length) candidate pairs."""
    strict: dict[tuple[int, int], float] = {}
    lenient: dict[tuple[int, int], float] = {}
    for i, gs in enumerate(g_spans):
        for j, ps in enumerate(p_spans):
            if gs is None or ps is None:
                continue
            if (jac := jaccard(gs, ps)) >= STRICT_JACCARD:
                strict[i, j] = jac
            if (ov := overlap_ratio(gs, ps)) >= LENIENT_OVERLAP:
                lenient[i, j] = ov
    return strict, lenient


def compare(gold: dict[str, Any], pred: dict[str, Any], doc: Document) -> QuoteCounts:
    """One document's quote counts; its misses go to ``doc``."""
    gq = list(gold.get("quotes") or [])
    pq = list(pred.get("quotes") or [])
    g_spans, p_spans = [span_of(q) for q in gq], [span_of(q) for q in pq]
    strict, lenient = _weights(g_spans, p_spans)
    pairs = match(strict)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    c = QuoteCounts(tp=len(pairs), pred=len(pq), gold=len(gq), lenient_tp=len(match(lenient)))
    tally(c.gold_by_type, (q.get("type") for q in gq))
    tally(c.found_by_type, (q.get("type") for i, q in enumerate(gq) if i in matched_g))
    tally(c.pred_by_type, (q.get("type") for q in pq))
    tally(c.correct_by_type, (q.get("type") for j, q in enumerate(pq) if j in matched_p))
    for i, q in enumerate(gq):
        if i not in matched_g:
            doc.miss("quote_fn", q, g_spans[i])
    for j, q in enumerate(pq):
        if j not in matched_p:
            doc.miss("quote_fp", q, p_spans[j])
    for i, j in pairs:
        gold_speaker, pred_speaker = gq[i].get("speaker"), speaker_name(pq[j])
        if names_match(pred_speaker, gold_speaker):
            c.speaker_ok += 1
        else:
            doc.miss("speaker_wrong", gq[i], g_spans[i], predicted=pred_speaker)
    return c


def _by_type(c: QuoteCounts) -> dict[str, dict[str, Any]]:
    by_type = {}
    for t in QUOTE_TYPES:
        n_gold, n_pred = c.gold_by_type.get(t, 0), c.pred_by_type.get(t, 0)
        precision = ratio(c.correct_by_type.get(t, 0), n_pred)
        recall = ratio(c.found_by_type.get(t, 0), n_gold)
        by_type[t] = {
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall, n_pred, n_gold),
            "gold": n_gold,
            "predicted": n_pred,
        }
    return by_type


def summary(c: QuoteCounts) -> dict[str, Any]:
    """The ``quotes`` and ``speaker_accuracy`` parts of the scores."""
    return {
        "quotes": {
            **prf(c.tp, c.pred, c.gold),
            "lenient_f1": prf(c.lenient_tp, c.pred, c.gold)["f1"],
            "tp": c.tp,
            "fp": c.pred - c.tp,
            "fn": c.gold - c.tp,
            "by_type": _by_type(c),
        },
        "speaker_accuracy": ratio(c.speaker_ok, c.tp),
    }
