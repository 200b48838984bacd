"""The one matching helper every task scores with: name folding and the subset rule, spans and
their overlap, the one-to-one assignment, and the sentences of the gold text.

- **One-to-one matching** (:func:`match`) is a *maximum-cardinality* matching, ties broken by
  the largest total weight (Hungarian algorithm on weights ``M + w`` with ``M`` larger than any
  matching's size, so one more match always outweighs better overlaps).
- **Sentences** (:func:`sentence_bounds`): a sentence ends after ``.``, ``!`` or ``?`` (runs
  of them), optionally followed by a closing quote mark (``»`` possibly after a space, ``"``,
  ``”``), when what follows is the end of the text, whitespace then anything but a lowercase
  letter, or — glued — an uppercase letter or an opening quote mark. A line break always ends
  a sentence (a subheading has no full stop). A full stop after a single capital letter or a
  title abbreviation (``M. Macron``, ``MM.``, ``Mme``, ``Dr``) ends nothing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from veille.text.fold import name_key

Span = tuple[int, int]

# ---------------------------------------------------------------------------------------------
# Names


def fold(text: str | None) -> str:
    """The name key of :func:`veille.text.fold.name_key` (lowercase, accents and ligatures off,
    punctuation to single spaces), ``""`` for no name: ``l’Agence « Tass »`` →
    ``l agence tass``. Public as ``veille.evaluation.fold``."""
    return name_key(text) if text else ""


def names_match(a: str | None, b: str | None) -> bool:
    """True when the folded names are equal or one's word set is a subset of the other's."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    wa, wb = set(fa.split()), set(fb.split())
    return wa <= wb or wb <= wa


def name_weight(a: str | None, b: str | None) -> float | None:
    """1.0 for an exact folded match, 0.5 for a subset match, None for no match."""
    if not names_match(a, b):
        return None
    return 1.0 if fold(a) == fold(b) else 0.5


# ---------------------------------------------------------------------------------------------
# Spans


def span_of(item: dict[str, Any] | None) -> Span | None:
    """An item's ``(start, end)``, None when it has no offsets."""
    if not item or item.get("start") is None or item.get("end") is None:
        return None
    return int(item["start"]), int(item["end"])


def locate(text: str, needle: str | None, occurrence: int | None = None) -> Span | None:
    """Span of the ``occurrence``-th (from 1; default first) occurrence of ``needle``."""
    if not needle:
        return None
    start = -1
    for _ in range(max(1, occurrence or 1)):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def jaccard(a: Span, b: Span) -> float:
    """Intersection over union of two ``[start, end)`` intervals."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def overlap_ratio(gold: Span, pred: Span) -> float:
    """The share of the gold span that the predicted span covers."""
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
# Sentences

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


def sentence_bounds(text: str) -> list[Span]:
    """Character spans ``[start, end)`` of the sentences of ``text``, whitespace trimmed."""
    bounds: list[Span] = []

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


def sentence_index(bounds: Sequence[Span], offset: int) -> int | None:
    """Index of the sentence holding ``offset`` (the last one starting at or before it)."""
    if not bounds:
        return None
    i = bisect.bisect_right([s for s, _ in bounds], offset) - 1
    return max(i, 0)


def sentence_text(text: str, bounds: Sequence[Span], start: int, end: int) -> str:
    """The sentence(s) that a span ``[start, end)`` sits in."""
    first = sentence_index(bounds, start)
    last = sentence_index(bounds, max(start, end - 1))
    if first is None or last is None:
        return ""
    return text[bounds[first][0] : bounds[last][1]]


# ---------------------------------------------------------------------------------------------
# The document being scored


@dataclass
class Document:
    """One gold text being compared: its id, text and sentences, and the misses found in it."""

    id: Any
    text: str
    bounds: list[Span]
    misses: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, gold: dict[str, Any], pred: dict[str, Any]) -> Document:
        text: str = gold.get("text") or pred.get("text") or ""
        return cls(gold.get("id", pred.get("id")), text, sentence_bounds(text))

    def sentence_index(self, span: Span | None) -> int | None:
        """Index of the sentence where ``span`` starts, None without a span."""
        return sentence_index(self.bounds, span[0]) if span else None

    def miss(self, kind: str, item: Any, span: Span | None, **extra: Any) -> None:
        """Record a miss or a false positive, with the sentence(s) its span sits in."""
        sentence = sentence_text(self.text, self.bounds, *span) if span else None
        self.misses.append(
            {"doc": self.id, "kind": kind, "item": item, "sentence": sentence, **extra}
        )
