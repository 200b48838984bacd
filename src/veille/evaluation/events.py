"""Events: a predicted event matches a gold one when its trigger lies in the same sentence and
its PLOVER category is the same, one to one (weights: 1 when the triggers overlap, 0.5
otherwise); detection matches in the same sentence whatever the category.

- SANCTION and COERCE are the same category.
- A trigger given as a string is located in the text (its ``occurrence``, counted from 1, or
  the first one).
- Over matched events, actor countries are compared as sets of the non-null ISO alpha-3 codes
  (upper-cased); a gold event whose actors all have a null country matches an empty set. The
  modality is right when the gold one is given and equal.
- Predicted events without a PLOVER category (plain statements, CAMEO 01) are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from veille.evaluation.counts import Counts, prf, ratio
from veille.evaluation.matching import Document, Span, jaccard, locate, match, span_of

# PLOVER puts sanctions and embargoes under COERCE; annotators split on it.
_CATEGORY_ALIASES = {"SANCTION": "COERCE"}

Pairs = dict[tuple[int, int], float]


@dataclass
class EventCounts(Counts):
    tp: int = 0
    pred: int = 0
    gold: int = 0
    detection_tp: int = 0
    actor_country_ok: int = 0
    modality_ok: int = 0


def trigger_span(event: dict[str, Any], text: str) -> Span | None:
    """The event's trigger in ``text``: its offsets, else its string located."""
    trigger = event.get("trigger")
    if isinstance(trigger, dict):
        span = span_of(trigger)
        if span is not None:
            return span
        return locate(
            text, trigger.get("text"), trigger.get("occurrence") or event.get("occurrence")
        )
    if isinstance(trigger, str):
        return locate(text, trigger, event.get("occurrence"))
    return None


def category(event: dict[str, Any]) -> str | None:
    """The event's PLOVER category, upper-cased, SANCTION read as COERCE."""
    cat = event.get("plover", event.get("category"))
    if isinstance(cat, dict):
        cat = cat.get("category") or cat.get("name")
    if not cat:
        return None
    cat = str(cat).upper()
    return _CATEGORY_ALIASES.get(cat, cat)


def actor_countries(event: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        str(a["country"]).upper()
        for a in event.get("actors") or []
        if isinstance(a, dict) and a.get("country")
    )


def _weights(
    gev: list[dict[str, Any]],
    pev: list[dict[str, Any]],
    g_trig: list[Span | None],
    p_trig: list[Span | None],
    doc: Document,
) -> tuple[Pairs, Pairs]:
    """Candidate pairs in the same sentence: of the same category, and of any category."""
    g_sent = [doc.sentence_index(s) for s in g_trig]
    p_sent = [doc.sentence_index(s) for s in p_trig]
    same_cat: Pairs = {}
    any_cat: Pairs = {}
    for i, ge in enumerate(gev):
        for j, pe in enumerate(pev):
            if g_sent[i] is None or g_sent[i] != p_sent[j]:
                continue
            w = 1.0 if jaccard(g_trig[i], p_trig[j]) > 0 else 0.5  # type: ignore[arg-type]
            any_cat[i, j] = w
            if category(ge) is not None and category(ge) == category(pe):
                same_cat[i, j] = w
    return same_cat, any_cat


def compare(gold: dict[str, Any], pred: dict[str, Any], doc: Document) -> EventCounts:
    """One document's event counts; its misses go to ``doc``."""
    gev = list(gold.get("events") or [])
    # GUIDELINES §4: an event is one of the 16 PLOVER categories; plain statements (CAMEO
    # 01, which veille also records, by the "statements are events too") are not
    pev = [e for e in pred.get("events") or [] if category(e) is not None]
    g_trig = [trigger_span(e, doc.text) for e in gev]
    p_trig = [trigger_span(e, doc.text) for e in pev]
    same_cat, any_cat = _weights(gev, pev, g_trig, p_trig, doc)
    pairs = match(same_cat)
    c = EventCounts(tp=len(pairs), pred=len(pev), gold=len(gev), detection_tp=len(match(any_cat)))
    for i, j in pairs:
        c.actor_country_ok += actor_countries(gev[i]) == actor_countries(pev[j])
        c.modality_ok += gev[i].get("modality") is not None and (
            gev[i].get("modality") == pev[j].get("modality")
        )
    matched_g, matched_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, e in enumerate(gev):
        if i not in matched_g:
            doc.miss("event_fn", e, g_trig[i])
    for j, e in enumerate(pev):
        if j not in matched_p:
            doc.miss("event_fp", e, p_trig[j])
    return c


def summary(c: EventCounts) -> dict[str, Any]:
    """The ``events`` part of the scores."""
    return {
        "events": {
            **prf(c.tp, c.pred, c.gold),
            "detection_f1": prf(c.detection_tp, c.pred, c.gold)["f1"],
            "actor_country_accuracy": ratio(c.actor_country_ok, c.tp),
            "modality_accuracy": ratio(c.modality_ok, c.tp),
            "tp": c.tp,
            "fp": c.pred - c.tp,
            "fn": c.gold - c.tp,
        }
    }
