"""Full-text search without FTS5: the same matches, ``bm25`` and ``snippet`` as SQLite's FTS5
(``unicode61 remove_diacritics 2``) computed in Python over the texts a query engine
prefiltered, for stores that have no FTS5 index (a Parquet dataset queried with DuckDB, which
is offline here and so without its ``fts`` extension).

A query is parsed by :func:`veille.store.queries._parse` (the one grammar of ``veille
search``); each term is a phrase of tokens, its last one a prefix with ``*``. Tokens are runs
of letters and digits, lowercased, accents off (:func:`veille.text.fold.strip_accents`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from veille.store.queries import _parse, _Term
from veille.text.fold import strip_accents

_TOKEN = re.compile(r"[^\W_]+")
K1, B = 1.2, 0.75


def fold_token(token: str) -> str:
    return strip_accents(token.lower())


def tokens(text: str | None) -> list[tuple[str, int, int]]:
    """``(folded token, start, end)`` for each token of ``text``, as unicode61 cuts it."""
    if not text:
        return []
    return [(fold_token(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]
    prefix: bool

    @classmethod
    def of(cls, term: _Term) -> Phrase:
        return cls(tuple(fold_token(w) for w in _TOKEN.findall(term.text)), term.prefix)

    def hits(self, toks: Sequence[tuple[str, int, int]]) -> list[int]:
        """The token positions where the phrase starts in ``toks``."""
        n = len(self.words)
        found = []
        for i in range(len(toks) - n + 1):
            if all(toks[i + j][0] == w for j, w in enumerate(self.words[:-1])):
                last = toks[i + n - 1][0]
                if last == self.words[-1] or (self.prefix and last.startswith(self.words[-1])):
                    found.append(i)
        return found

    def like_words(self) -> list[str]:
        """Words a matching text contains, folded, for a LIKE prefilter (ASCII ones only:
        the engine's own folding agrees with ours on those)."""
        return [w for w in self.words if w.isascii()]


@dataclass
class Query:
    """A parsed search: groups of phrases that must each match (any phrase of a group), and
    the phrases excluded; ``phrases`` in the order FTS5 numbers them."""

    groups: list[list[Phrase]]
    excluded: list[Phrase]

    @classmethod
    def parse(cls, query: str) -> Query:
        groups, excluded = _parse(query)
        return cls([[Phrase.of(t) for t in g] for g in groups], [Phrase.of(t) for t in excluded])

    @property
    def phrases(self) -> list[Phrase]:
        return [p for g in self.groups for p in g] + self.excluded

    def matches(self, columns: Sequence[Sequence[tuple[str, int, int]]]) -> bool:
        def found(p: Phrase) -> bool:
            return any(p.hits(c) for c in columns)

        return all(any(map(found, g)) for g in self.groups) and not any(map(found, self.excluded))


def bm25(
    query: Query,
    columns: Sequence[Sequence[tuple[str, int, int]]],
    n_hits: Sequence[int],
    n_rows: int,
    avgdl: float,
) -> float:
    """FTS5's ``bm25()`` of one row: ``n_hits`` the rows each phrase matches, ``n_rows`` and
    ``avgdl`` (tokens per row, all columns) over the whole table."""
    size = sum(len(c) for c in columns)
    score = 0.0
    for phrase, hit in zip(query.phrases, n_hits, strict=True):
        idf = math.log((n_rows - hit + 0.5) / (hit + 0.5))
        idf = idf if idf > 0 else 1e-6
        freq = float(sum(len(phrase.hits(c)) for c in columns))
        score += idf * (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + B * size / avgdl))
    return -1.0 * score


def _instances(query: Query, toks) -> list[tuple[int, int, int]]:
    """``(start token, phrase number, size)`` of every phrase instance, in position order."""
    found = [(pos, i, len(p.words)) for i, p in enumerate(query.phrases) for pos in p.hits(toks)]
    return sorted(found)


def _score(insts, n_phrases: int, size: int, start: int, n_token: int, adjust: bool):
    seen = [False] * n_phrases
    score, first, last = 0, -1, 0
    for pos, ip, plen in insts:
        if start <= pos < start + n_token:
            score += 1 if seen[ip] else 1000
            seen[ip] = True
            first = pos if first < 0 else first
            last = pos + plen
    if not adjust:
        return score, start
    adj = first - (n_token - (last - first)) // 2 if first >= 0 else 0
    adj = size - n_token if adj + n_token > size else adj
    return score, max(0, adj)


def _sentence_starts(text: str, toks) -> list[int]:
    starts = []
    for i, (_, start, _) in enumerate(toks):
        if i == 0:
            starts.append(0)
            continue
        j = start - 1
        while j >= 0 and text[j] in " \t\n\r":
            j -= 1
        if j != start - 1 and j >= 0 and text[j] in ".:":
            starts.append(i)
    return starts


def _best_start(query: Query, text: str, toks, n_token: int) -> int:
    """Where FTS5's ``snippet()`` starts the window of ``n_token`` tokens."""
    insts = _instances(query, toks)
    n, size = len(query.phrases), len(toks)
    firsts = _sentence_starts(text, toks)
    best, best_start = 0, 0
    for pos, _, _ in insts:
        score, adj = _score(insts, n, size, pos, n_token, True)
        if score > best:
            best, best_start = score, adj
        if firsts and size > n_token:
            jj = 0
            while jj < len(firsts) - 1 and firsts[jj + 1] <= pos:
                jj += 1
            if firsts[jj] < pos:
                score, _ = _score(insts, n, size, firsts[jj], n_token, False)
                score += 120 if firsts[jj] == 0 else 100
                if score > best:
                    best, best_start = score, firsts[jj]
    return best_start


def _coalesced(query: Query, toks) -> list[tuple[int, int]]:
    """Phrase instances as ``(first, last)`` token ranges, overlapping ones merged."""
    merged: list[list[int]] = []
    for pos, _, plen in _instances(query, toks):
        end = pos + plen - 1
        if merged and pos <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([pos, end])
    return [(a, b) for a, b in merged]


def snippet(query: Query, text: str, marks: tuple[str, str], ellipsis: str, n_token: int) -> str:
    """FTS5's ``snippet(table, column, open, close, ellipsis, n_token)`` for one column."""
    toks = tokens(text)
    start = _best_start(query, text, toks, n_token)
    end = start + n_token - 1
    ranges = [r for r in _coalesced(query, toks) if r[0] >= start]
    out = [ellipsis] if start > 0 else []
    off, opened, k = 0, False, 0
    for pos, (_, s, e) in enumerate(toks):
        if pos < start or pos > end:
            continue
        if start and pos == start:
            off = s
        cur = ranges[k] if k < len(ranges) else (-1, -1)
        if opened and (pos <= cur[0] or cur[0] < 0) and s > off:
            out.append(marks[1])
            opened = False
        if pos == cur[0] and not opened:
            out += [text[off:s], marks[0]]
            off, opened = s, True
        if pos == cur[1]:
            if not opened:
                out.append(marks[0])
                opened = True
            out.append(text[off:e])
            off = e
            k += 1
            cur = ranges[k] if k < len(ranges) else (-1, -1)
        if pos == end:
            if opened:
                if cur[0] >= 0 and pos >= cur[0]:
                    out.append(text[off:e])
                    off = e
                out.append(marks[1])
                opened = False
            out.append(text[off:e])
            off = e
    out.append(text[off:] if end >= len(toks) - 1 else ellipsis)
    return "".join(out)
