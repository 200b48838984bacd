"""Scoring against gold JSONL, following the scoring rules of the shared eval GUIDELINES.

The scorer works on plain dicts: gold records in the GUIDELINES format and predictions in the
shape of ``Dispatch.to_dict()``, aligned by index. Nothing here imports spaCy at import time;
:func:`evaluate` runs the pipeline (or the textacy baseline) lazily.

Conventions where the guidelines leave a choice:

- **One-to-one matching** everywhere it is required (quotes, lenient quotes, entities, events,
  detection) is a *maximum-cardinality* matching, ties broken by the largest total weight
  (Hungarian algorithm on weights ``M + w`` with ``M`` larger than any matching's size, so one
  more match always outweighs better overlaps). Weights: span Jaccard for quotes, overlap/gold
  length for lenient quotes, 1 for an exact folded name and 0.5 for a subset name (entities),
  1 when the triggers overlap and 0.5 otherwise (events). Weights never use the attributes
  that are scored over the matches (speaker, country, modality), so they cannot inflate them.
- **Quotes by type**: recall is per *gold* type (a gold quote counts as found when it is
  strictly matched, whatever the predicted type); precision is per *predicted* type (a
  predicted quote counts as correct when it is strictly matched, whatever the gold type).
- **Undefined ratios**: precision is None without predictions, recall None without gold, F1
  None when both are empty and 0.0 when only one side is (0 predictions for gold > 0 → 0.0).
  Accuracies are None when there is nothing to score.
- **Places**: a gold place (with a country) is resolved by a predicted place whose mention
  text matches it (folding + word-subset rule); an exact folded match is preferred over a
  subset match, then the first predicted place in the list. Not one-to-one: several gold
  places may be resolved by predictions that share a mention, which cannot happen with one
  gold place per entity.
- **Events**: actor countries are compared as sets of the non-null ISO alpha-3 codes
  (upper-cased); a gold event whose actors all have a null country matches an empty set.
  SANCTION and COERCE are the same category. A trigger given as a string is located in the
  text (its ``occurrence``, counted from 1, or the first one).
- **Sentences** (:func:`sentence_bounds`): a sentence ends after ``.``, ``!`` or ``?`` (runs
  of them), optionally followed by a closing quote mark (``»`` possibly after a space, ``"``,
  ``”``), when what follows is the end of the text, whitespace then anything but a lowercase
  letter, or — glued — an uppercase letter or an opening quote mark. A line break always ends
  a sentence (a subheading has no full stop). A full stop after a single capital letter or a
  title abbreviation (``M. Macron``, ``MM.``, ``Mme``, ``Dr``) ends nothing.
"""

from __future__ import annotations

import bisect
import json
import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

QUOTE_TYPES = ("direct", "indirect", "mixed", "according_to")
ENTITY_TYPES = ("PER", "ORG", "LOC")
STRICT_JACCARD = 0.5
LENIENT_OVERLAP = 0.3
CITY_KM = 50.0
EARTH_RADIUS_KM = 6371.0088

# PLOVER puts sanctions and embargoes under COERCE; annotators split on it.
_CATEGORY_ALIASES = {"SANCTION": "COERCE"}

# ---------------------------------------------------------------------------------------------
# Text helpers: folding, name matching, sentences, distances


def fold(text: str | None) -> str:
    """Lowercase, strip accents, punctuation to spaces, collapse spaces (``’`` folds to ``'``)."""
    if not text:
        return ""
    text = text.replace("’", "'").replace("‘", "'")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


def names_match(a: str | None, b: str | None) -> bool:
    """True when the folded names are equal or one's word set is a subset of the other's."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    wa, wb = set(fa.split()), set(fb.split())
    return wa <= wb or wb <= wa


def _name_weight(a: str | None, b: str | None) -> float | None:
    """1.0 for an exact folded match, 0.5 for a subset match, None for no match."""
    if not names_match(a, b):
        return None
    return 1.0 if fold(a) == fold(b) else 0.5


_CLOSING_MARK = re.compile(r"[ \u00a0\u202f]*»|[\"”]")
_OPENING_MARKS = '«"“'
_ABBREVIATIONS = frozenset({"mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "mgr", "st"})


_TERMINAL = re.compile(r"[.!?]+")
_NON_SPACE = re.compile(r"\S")


def _ends_sentence(text: str, stop: int, end: int, limit: int) -> int | None:
    """Where the sentence ends whose terminal punctuation is ``text[stop:end]``, or None.

    ``limit`` is the end of the line: nothing after it is looked at.
    """
    if end - stop == 1 and text[stop] == ".":
        word = re.search(r"(\w+)$", text[max(0, stop - 8) : stop])
        if word and (
            (len(word.group(1)) == 1 and word.group(1).isupper())
            or word.group(1).lower() in _ABBREVIATIONS
        ):
            return None
    closing = _CLOSING_MARK.match(text, end, limit)
    if closing:
        end = closing.end()
    if end >= limit:
        return end
    nxt = text[end]
    if nxt.isspace():
        following = _NON_SPACE.search(text, end, limit)
        if following is None or not following.group().islower():
            return end
        return None  # « Pourquoi ? » a-t-il demandé
    if nxt.isupper() or nxt in _OPENING_MARKS:
        return end  # glued: "jours.Au total"
    return None


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of the sentences of ``text``, whitespace trimmed."""
    bounds: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if end - trail > start + lead:
            bounds.append((start + lead, end - trail))

    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        start = line_start
        for m in _TERMINAL.finditer(text, line_start, line_end):
            if m.start() < start:
                continue  # inside a closing mark already taken
            end = _ends_sentence(text, m.start(), m.end(), line_end)
            if end is not None:
                add(start, end)
                start = end
        add(start, line_end)
        line_start = line_end + 1
    return bounds


def _sentence_index(bounds: Sequence[tuple[int, int]], offset: int) -> int | None:
    """Index of the sentence holding ``offset`` (the last one starting at or before it)."""
    if not bounds:
        return None
    i = bisect.bisect_right([s for s, _ in bounds], offset) - 1
    return max(i, 0)


def _sentence_text(text: str, bounds: Sequence[tuple[int, int]], start: int, end: int) -> str:
    """The sentence(s) that a span ``[start, end)`` sits in."""
    first = _sentence_index(bounds, start)
    last = _sentence_index(bounds, max(start, end - 1))
    if first is None or last is None:
        return ""
    return text[bounds[first][0] : bounds[last][1]]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Intersection over union of two ``[start, end)`` intervals."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def _overlap_ratio(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    inter = max(0, min(gold[1], pred[1]) - max(gold[0], pred[0]))
    length = gold[1] - gold[0]
    return inter / length if length > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# One-to-one matching


def _hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of each row to a distinct column (rows <= columns)."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    rows = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            rows[p[j] - 1] = j - 1
    return rows


def match(weights: dict[tuple[int, int], float]) -> list[tuple[int, int]]:
    """One-to-one matching over the allowed pairs ``(i, j) -> weight`` (weights in [0, 1]).

    Maximum cardinality first, then maximum total weight. Returns sorted ``(i, j)`` pairs.
    """
    if not weights:
        return []
    rows = sorted({i for i, _ in weights})
    cols = sorted({j for _, j in weights})
    transpose = len(rows) > len(cols)
    if transpose:
        rows, cols = cols, rows
    big = min(len(rows), len(cols)) + 1.0
    cost = [
        [
            -(big + weights[(c, r) if transpose else (r, c)])
            if ((c, r) if transpose else (r, c)) in weights
            else 0.0
            for c in cols
        ]
        for r in rows
    ]
    pairs = []
    for ri, ci in enumerate(_hungarian(cost)):
        pair = (cols[ci], rows[ri]) if transpose else (rows[ri], cols[ci])
        if pair in weights:
            pairs.append(pair)
    return sorted(pairs)


# ---------------------------------------------------------------------------------------------
# Ratios


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | None]:
    precision = tp / n_pred if n_pred else None
    recall = tp / n_gold if n_gold else None
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall, n_pred, n_gold)}


def _f1(precision: float | None, recall: float | None, n_pred: int, n_gold: int) -> float | None:
    if not n_pred and not n_gold:
        return None
    if precision is None or recall is None or precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


# ---------------------------------------------------------------------------------------------
# Reading gold and predicted items


def _span(item: dict[str, Any] | None) -> tuple[int, int] | None:
    if not item or item.get("start") is None or item.get("end") is None:
        return None
    return int(item["start"]), int(item["end"])


def _locate(text: str, needle: str | None, occurrence: int | None = None) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th (from 1; default first) occurrence of ``needle``."""
    if not needle:
        return None
    start = -1
    for _ in range(max(1, occurrence or 1)):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def _trigger_span(event: dict[str, Any], text: str) -> tuple[int, int] | None:
    trigger = event.get("trigger")
    if isinstance(trigger, dict):
        span = _span(trigger)
        if span is not None:
            return span
        return _locate(
            text, trigger.get("text"), trigger.get("occurrence") or event.get("occurrence")
        )
    if isinstance(trigger, str):
        return _locate(text, trigger, event.get("occurrence"))
    return None


def _category(event: dict[str, Any]) -> str | None:
    cat = event.get("plover", event.get("category"))
    if isinstance(cat, dict):
        cat = cat.get("category") or cat.get("name")
    if not cat:
        return None
    cat = str(cat).upper()
    return _CATEGORY_ALIASES.get(cat, cat)


def _actor_countries(event: dict[str, Any]) -> frozenset[str]:
    return frozenset(
        str(a["country"]).upper()
        for a in event.get("actors") or []
        if isinstance(a, dict) and a.get("country")
    )


def _speaker_name(quote: dict[str, Any]) -> str | None:
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


def _mention_text(item: dict[str, Any]) -> str | None:
    mention = item.get("mention")
    if isinstance(mention, dict):
        return mention.get("text")
    return mention


def _entity_span(entity: dict[str, Any], text: str) -> tuple[int, int] | None:
    for m in entity.get("mentions") or []:
        if isinstance(m, dict) and _span(m):
            return _span(m)
        if isinstance(m, str) and (span := _locate(text, m)):
            return span
    return _locate(text, entity.get("name"))


# ---------------------------------------------------------------------------------------------
# Per-document comparison


@dataclass
class _Counts:
    """Everything :func:`score` adds up over documents."""

    quote_tp: int = 0
    quote_pred: int = 0
    quote_gold: int = 0
    lenient_tp: int = 0
    gold_by_type: dict[str, int] = field(default_factory=dict)
    found_by_type: dict[str, int] = field(default_factory=dict)
    pred_by_type: dict[str, int] = field(default_factory=dict)
    correct_by_type: dict[str, int] = field(default_factory=dict)
    speaker_ok: int = 0
    entity_tp: dict[str, int] = field(default_factory=dict)
    entity_pred: dict[str, int] = field(default_factory=dict)
    entity_gold: dict[str, int] = field(default_factory=dict)
    places_gold: int = 0
    places_country_ok: int = 0
    cities_gold: int = 0
    cities_ok: int = 0
    event_tp: int = 0
    event_pred: int = 0
    event_gold: int = 0
    detection_tp: int = 0
    actor_country_ok: int = 0
    modality_ok: int = 0

    def add(self, other: _Counts) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, int):
                setattr(self, name, mine + value)
            else:
                for key, v in value.items():
                    mine[key] = mine.get(key, 0) + v


def _compare(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[_Counts, list[dict[str, Any]]]:
    """Score one document: its counts and its misses (see :func:`details`)."""
    text: str = gold.get("text") or pred.get("text") or ""
    doc_id = gold.get("id", pred.get("id"))
    bounds = sentence_bounds(text)
    c = _Counts()
    misses: list[dict[str, Any]] = []

    def miss(kind: str, item: Any, span: tuple[int, int] | None, **extra: Any) -> None:
        sentence = _sentence_text(text, bounds, *span) if span else None
        misses.append({"doc": doc_id, "kind": kind, "item": item, "sentence": sentence, **extra})

    # Quotes
    gq = list(gold.get("quotes") or [])
    pq = list(pred.get("quotes") or [])
    g_spans, p_spans = [_span(q) for q in gq], [_span(q) for q in pq]
    strict: dict[tuple[int, int], float] = {}
    lenient: dict[tuple[int, int], float] = {}
    for i, gs in enumerate(g_spans):
        for j, ps in enumerate(p_spans):
            if gs is None or ps is None:
                continue
            if (jac := jaccard(gs, ps)) >= STRICT_JACCARD:
                strict[i, j] = jac
            if (ov := _overlap_ratio(gs, ps)) >= LENIENT_OVERLAP:
                lenient[i, j] = ov
    pairs = match(strict)
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}
    c.quote_tp, c.quote_pred, c.quote_gold = len(pairs), len(pq), len(gq)
    c.lenient_tp = len(match(lenient))
    for i, q in enumerate(gq):
        t = q.get("type")
        c.gold_by_type[t] = c.gold_by_type.get(t, 0) + 1
        if i in matched_g:
            c.found_by_type[t] = c.found_by_type.get(t, 0) + 1
        else:
            miss("quote_fn", q, g_spans[i])
    for j, q in enumerate(pq):
        t = q.get("type")
        c.pred_by_type[t] = c.pred_by_type.get(t, 0) + 1
        if j in matched_p:
            c.correct_by_type[t] = c.correct_by_type.get(t, 0) + 1
        else:
            miss("quote_fp", q, p_spans[j])
    for i, j in pairs:
        gold_speaker, pred_speaker = gq[i].get("speaker"), _speaker_name(pq[j])
        if names_match(pred_speaker, gold_speaker):
            c.speaker_ok += 1
        else:
            miss("speaker_wrong", gq[i], g_spans[i], predicted=pred_speaker)

    # Entities
    for etype in ENTITY_TYPES:
        ge = [e for e in gold.get("entities") or [] if e.get("type") == etype]
        pe = [e for e in pred.get("entities") or [] if e.get("type") == etype]
        weights = {
            (i, j): w
            for i, g in enumerate(ge)
            for j, p in enumerate(pe)
            if (w := _name_weight(p.get("name"), g.get("name"))) is not None
        }
        epairs = match(weights)
        c.entity_tp[etype] = len(epairs)
        c.entity_pred[etype] = len(pe)
        c.entity_gold[etype] = len(ge)
        eg, ep = {i for i, _ in epairs}, {j for _, j in epairs}
        for i, e in enumerate(ge):
            if i not in eg:
                miss("entity_fn", e, _entity_span(e, text))
        for j, e in enumerate(pe):
            if j not in ep:
                miss("entity_fp", e, _entity_span(e, text))

    # Places
    pp = list(pred.get("places") or [])
    for g in gold.get("places") or []:
        if not g.get("country"):
            continue
        c.places_gold += 1
        is_city = g.get("kind") == "city"
        c.cities_gold += is_city
        gm = _mention_text(g)
        cands = [
            (w, j)
            for j, p in enumerate(pp)
            if (w := _name_weight(_mention_text(p), gm)) is not None
        ]
        span = _locate(text, gm)
        if not cands:
            miss("place_missing", g, span)
            continue
        p = pp[min(cands, key=lambda wj: (-wj[0], wj[1]))[1]]
        country_ok = str(p.get("country") or "").upper() == str(g["country"]).upper()
        c.places_country_ok += country_ok
        distance = None
        if is_city:
            if None not in (p.get("lat"), p.get("lon"), g.get("lat"), g.get("lon")):
                distance = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
            c.cities_ok += distance is not None and distance <= CITY_KM
        if not country_ok or (is_city and (distance is None or distance > CITY_KM)):
            predicted = {k: p.get(k) for k in ("name", "country", "lat", "lon", "kind")}
            km = None if distance is None else round(distance, 1)
            miss("place_wrong", g, span, predicted=predicted, distance_km=km)

    # Events
    gev = list(gold.get("events") or [])
    # GUIDELINES §4: an event is one of the 16 PLOVER categories; plain statements (CAMEO
    # 01, which veille also records, by the "statements are events too") are not
    pev = [e for e in pred.get("events") or [] if _category(e) is not None]
    g_trig = [_trigger_span(e, text) for e in gev]
    p_trig = [_trigger_span(e, text) for e in pev]
    g_sent = [_sentence_index(bounds, s[0]) if s else None for s in g_trig]
    p_sent = [_sentence_index(bounds, s[0]) if s else None for s in p_trig]
    same_cat: dict[tuple[int, int], float] = {}
    any_cat: dict[tuple[int, int], float] = {}
    for i, ge_ in enumerate(gev):
        for j, pe_ in enumerate(pev):
            if g_sent[i] is None or g_sent[i] != p_sent[j]:
                continue
            w = 1.0 if jaccard(g_trig[i], p_trig[j]) > 0 else 0.5  # type: ignore[arg-type]
            any_cat[i, j] = w
            if _category(ge_) is not None and _category(ge_) == _category(pe_):
                same_cat[i, j] = w
    vpairs = match(same_cat)
    c.event_tp, c.event_pred, c.event_gold = len(vpairs), len(pev), len(gev)
    c.detection_tp = len(match(any_cat))
    for i, j in vpairs:
        c.actor_country_ok += _actor_countries(gev[i]) == _actor_countries(pev[j])
        c.modality_ok += gev[i].get("modality") is not None and (
            gev[i].get("modality") == pev[j].get("modality")
        )
    vg, vp = {i for i, _ in vpairs}, {j for _, j in vpairs}
    for i, e in enumerate(gev):
        if i not in vg:
            miss("event_fn", e, g_trig[i])
    for j, e in enumerate(pev):
        if j not in vp:
            miss("event_fp", e, p_trig[j])
    return c, misses


def _check_aligned(gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(
            f"{len(gold)} gold records but {len(predicted)} predictions: "
            "predictions must be aligned with the gold records, one per text"
        )


# ---------------------------------------------------------------------------------------------
# Public API


def score(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> dict[str, Any]:
    """Score predictions (``Dispatch.to_dict()`` outputs) against gold records, by index."""
    _check_aligned(gold, predicted)
    total = _Counts()
    for g, p in zip(gold, predicted, strict=True):
        total.add(_compare(g, p)[0])

    quotes = _prf(total.quote_tp, total.quote_pred, total.quote_gold)
    lenient = _prf(total.lenient_tp, total.quote_pred, total.quote_gold)
    by_type = {}
    for t in QUOTE_TYPES:
        n_gold, n_pred = total.gold_by_type.get(t, 0), total.pred_by_type.get(t, 0)
        precision = _ratio(total.correct_by_type.get(t, 0), n_pred)
        recall = _ratio(total.found_by_type.get(t, 0), n_gold)
        by_type[t] = {
            "precision": precision,
            "recall": recall,
            "f1": _f1(precision, recall, n_pred, n_gold),
            "gold": n_gold,
            "predicted": n_pred,
        }

    counts = (total.entity_tp, total.entity_pred, total.entity_gold)
    entities = {t: _prf(*(n.get(t, 0) for n in counts)) for t in ENTITY_TYPES}
    entities["all"] = _prf(*(sum(n.get(t, 0) for t in ENTITY_TYPES) for n in counts))

    events = _prf(total.event_tp, total.event_pred, total.event_gold)
    detection = _prf(total.detection_tp, total.event_pred, total.event_gold)
    return {
        "docs": len(gold),
        "quotes": {
            **quotes,
            "lenient_f1": lenient["f1"],
            "tp": total.quote_tp,
            "fp": total.quote_pred - total.quote_tp,
            "fn": total.quote_gold - total.quote_tp,
            "by_type": by_type,
        },
        "speaker_accuracy": _ratio(total.speaker_ok, total.quote_tp),
        "entities": entities,
        "places": {
            "country_accuracy": _ratio(total.places_country_ok, total.places_gold),
            "city_within_50km": _ratio(total.cities_ok, total.cities_gold),
            "gold": total.places_gold,
            "gold_cities": total.cities_gold,
        },
        "events": {
            **events,
            "detection_f1": detection["f1"],
            "actor_country_accuracy": _ratio(total.actor_country_ok, total.event_tp),
            "modality_accuracy": _ratio(total.modality_ok, total.event_tp),
            "tp": total.event_tp,
            "fp": total.event_pred - total.event_tp,
            "fn": total.event_gold - total.event_tp,
        },
    }


def details(gold: list[dict[str, Any]], predicted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every miss and false positive, one dict each.

    Each has ``doc`` (the gold id), ``kind`` (``quote_fn``, ``quote_fp``, ``speaker_wrong``,
    ``entity_fn``, ``entity_fp``, ``place_wrong``, ``place_missing``, ``event_fn``,
    ``event_fp``), ``item`` (the gold item for misses, the predicted one for false positives),
    ``sentence`` (the sentence(s) it sits in, None when it cannot be located) and, for
    ``speaker_wrong`` and ``place_wrong``, ``predicted`` (and ``distance_km`` for places).
    """
    _check_aligned(gold, predicted)
    out: list[dict[str, Any]] = []
    for g, p in zip(gold, predicted, strict=True):
        out.extend(_compare(g, p)[1])
    return out


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


BASELINES = ("textacy", "textacy-stock")


def evaluate(
    path: str | Path,
    *,
    baseline: str | None = None,
    details_path: str | Path | None = None,
) -> dict[str, Any]:
    """Run the pipeline (or a baseline) on the gold texts of ``path`` and score it.

    ``baseline="textacy"`` scores textacy's ``direct_quotations`` with textacy's French
    reporting verbs plus :data:`FRENCH_REPORTING_VERBS`; ``"textacy-stock"`` with textacy's
    own list only. ``details_path`` receives :func:`details` as JSONL.
    """
    gold = read_gold(path)
    texts = [r["text"] for r in gold]
    if baseline is None:
        from veille import analyze_many  # lazy: loads spaCy

        dates = [r.get("date") for r in gold]
        predicted = [
            d.to_dict() if hasattr(d, "to_dict") else d for d in analyze_many(texts, dates=dates)
        ]
    elif baseline == "textacy":
        predicted = textacy_predictions(texts)
    elif baseline == "textacy-stock":
        predicted = textacy_predictions(texts, extra_verbs=())
    else:
        raise ValueError(f"unknown baseline {baseline!r}: choose one of {', '.join(BASELINES)}")
    for record, prediction in zip(gold, predicted, strict=False):
        prediction.setdefault("id", record.get("id"))
    scores = score(gold, predicted)
    if details_path is not None:
        with Path(details_path).open("w", encoding="utf-8") as f:
            for row in details(gold, predicted):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return scores


# ---------------------------------------------------------------------------------------------
# Textacy baseline

# Press reporting verbs (lemmas) missing from textacy's French list, which has 24 verbs but
# not "souligner", "indiquer", "estimer" or "assurer", the commonest in dispatches.
FRENCH_REPORTING_VERBS = frozenset(
    {
        "accuser", "assurer", "avertir", "commenter", "confier", "confirmer", "critiquer",
        "démentir", "dénoncer", "déplorer", "espérer", "estimer", "exhorter", "exiger",
        "fustiger", "indiquer", "interroger", "juger", "lâcher", "marteler", "menacer",
        "noter", "observer", "plaider", "poursuivre", "préciser", "prévenir", "promettre",
        "raconter", "rappeler", "réagir", "réclamer", "reconnaître", "regretter", "répéter",
        "résumer", "souligner", "tweeter",
    }
)  # fmt: skip


@contextmanager
def _extra_reporting_verbs(constants: Any, lang: str, verbs: Iterable[str]) -> Iterator[None]:
    """Temporarily add ``verbs`` to textacy's reporting verbs for ``lang``."""
    verbs = set(verbs)
    original = constants.REPORTING_VERBS.get(lang)
    constants.REPORTING_VERBS[lang] = set(original or ()) | verbs
    try:
        yield
    finally:
        if original is None:
            del constants.REPORTING_VERBS[lang]
        else:
            constants.REPORTING_VERBS[lang] = original


def _token_span(tokens: Sequence[Any], text: str) -> dict[str, Any] | None:
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return {"text": text[start:end], "start": start, "end": end}


def _direct_quotations(doc: Any, text: str, offset: int, triples: Any) -> list[dict[str, Any]]:
    quotes = []
    for speaker, cue, content in triples.direct_quotations(doc):
        # textacy's content includes the quotation marks; the guidelines' does not
        start = content[0].idx + len(content[0])
        end = content[-1].idx
        raw = doc.text[start:end]
        start += len(raw) - len(raw.lstrip())
        end -= len(raw) - len(raw.rstrip())
        mention = _token_span(speaker, doc.text)
        cue_span = _token_span(cue, doc.text)
        for span in (mention, cue_span):
            if span:
                span["start"] += offset
                span["end"] += offset
        quotes.append(
            {
                "type": "direct",
                "content": text[start + offset : end + offset],
                "start": start + offset,
                "end": end + offset,
                "cue": cue_span,
                "speaker": {
                    "entity": None,
                    "name": " ".join(t.text for t in speaker),
                    "mention": mention,
                },
                "confidence": 1.0,
            }
        )
    return quotes


def textacy_predictions(
    texts: Sequence[str],
    *,
    nlp: Any = None,
    extra_verbs: Iterable[str] = FRENCH_REPORTING_VERBS,
) -> list[dict[str, Any]]:
    """Prediction dicts with the direct quotes of textacy's ``direct_quotations``.

    textacy gives up on a whole document when it counts an odd number of quotation marks;
    the document is then run again paragraph by paragraph (lines), so that one unbalanced mark
    costs only its paragraph.
    """
    try:
        from textacy import constants
        from textacy.extract import triples
    except ImportError as e:
        raise ImportError(
            "the textacy baseline needs textacy: install with pip install '.[baselines]'"
        ) from e
    if nlp is None:
        import spacy

        nlp = spacy.load("fr_core_news_md")
    predictions = []
    with _extra_reporting_verbs(constants, nlp.lang, extra_verbs):
        for text, doc in zip(texts, nlp.pipe(texts), strict=True):
            try:
                quotes = _direct_quotations(doc, text, 0, triples)
            except ValueError:
                log.info("textacy: unbalanced quotation marks, going paragraph by paragraph")
                quotes = []
                offset = 0
                for line in text.split("\n"):
                    if line.strip():
                        # unbalanced in this paragraph too: textacy finds nothing in it
                        with suppress(ValueError):
                            quotes += _direct_quotations(nlp(line), text, offset, triples)
                    offset += len(line) + 1
            predictions.append(
                {"text": text, "quotes": quotes, "entities": [], "places": [], "events": []}
            )
    return predictions


# ---------------------------------------------------------------------------------------------
# Report


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def format_report(scores: dict[str, Any]) -> Any:
    """A rich renderable (tables) of :func:`score`'s result, for ``Console.print``."""
    from rich.console import Group
    from rich.table import Table

    q = scores["quotes"]
    quotes = Table(title=f"Quotes ({scores['docs']} documents)", title_justify="left")
    for col in ("", "precision", "recall", "F1", "gold", "predicted"):
        quotes.add_column(col, justify="left" if not col else "right")
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

    entities = Table(title="Entities", title_justify="left")
    for col in ("", "precision", "recall", "F1"):
        entities.add_column(col, justify="left" if not col else "right")
    for t, row in scores["entities"].items():
        entities.add_row(t, *map(_fmt, (row["precision"], row["recall"], row["f1"])))

    e = scores["events"]
    events = Table(title="Events", title_justify="left")
    for col in ("precision", "recall", "F1", "detection F1", "actor countries", "modality"):
        events.add_column(col, justify="right")
    events.add_row(
        *map(
            _fmt,
            (
                e["precision"],
                e["recall"],
                e["f1"],
                e["detection_f1"],
                e["actor_country_accuracy"],
                e["modality_accuracy"],
            ),
        )
    )
    events.caption = f"tp {e['tp']} fp {e['fp']} fn {e['fn']}"

    p = scores["places"]
    places = Table(title="Places", title_justify="left")
    for col in ("country accuracy", "gold places", "city within 50 km", "gold cities"):
        places.add_column(col, justify="right")
    places.add_row(
        *map(_fmt, (p["country_accuracy"], p["gold"], p["city_within_50km"], p["gold_cities"]))
    )
    return Group(quotes, entities, places, events)
