"""Entities: per type, a predicted entity matches a gold one of the same type whose name is the
same after folding or one's words a subset of the other's; one to one (weights: 1 for an exact
folded name, 0.5 for a subset name). Types outside PER, ORG and LOC are not scored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from veille.evaluation.counts import Counts, prf
from veille.evaluation.matching import Document, Span, locate, match, name_weight, span_of

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass
class EntityCounts(Counts):
    tp: dict[str, int] = field(default_factory=dict)
    pred: dict[str, int] = field(default_factory=dict)
    gold: dict[str, int] = field(default_factory=dict)


def entity_span(entity: dict[str, Any], text: str) -> Span | None:
    """Where an entity is first mentioned (its first located mention, else its name)."""
    for m in entity.get("mentions") or []:
        if isinstance(m, dict) and span_of(m):
            return span_of(m)
        if isinstance(m, str) and (span := locate(text, m)):
            return span
    return locate(text, entity.get("name"))


def _compare_type(
    etype: str, gold: dict[str, Any], pred: dict[str, Any], doc: Document
) -> tuple[int, int, int]:
    """Matched, predicted and gold entities of one type; the misses go to ``doc``."""
    ge = [e for e in gold.get("entities") or [] if e.get("type") == etype]
    pe = [e for e in pred.get("entities") or [] if e.get("type") == etype]
    weights = {
        (i, j): w
        for i, g in enumerate(ge)
        for j, p in enumerate(pe)
        if (w := name_weight(p.get("name"), g.get("name"))) is not None
    }
    pairs = match(weights)
    eg, ep = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, e in enumerate(ge):
        if i not in eg:
            doc.miss("entity_fn", e, entity_span(e, doc.text))
    for j, e in enumerate(pe):
        if j not in ep:
            doc.miss("entity_fp", e, entity_span(e, doc.text))
    return len(pairs), len(pe), len(ge)


def compare(gold: dict[str, Any], pred: dict[str, Any], doc: Document) -> EntityCounts:
    """One document's entity counts by type; its misses go to ``doc``."""
    c = EntityCounts()
    for etype in ENTITY_TYPES:
        c.tp[etype], c.pred[etype], c.gold[etype] = _compare_type(etype, gold, pred, doc)
    return c


def summary(c: EntityCounts) -> dict[str, Any]:
    """The ``entities`` part of the scores: each type, then all types together."""
    counts = (c.tp, c.pred, c.gold)
    entities = {t: prf(*(n.get(t, 0) for n in counts)) for t in ENTITY_TYPES}
    entities["all"] = prf(*(sum(n.get(t, 0) for t in ENTITY_TYPES) for n in counts))
    return {"entities": entities}
