"""Quotation marks: which marks pair, and where a position stands relative to the pairs."""

from __future__ import annotations

import re
from collections.abc import Iterable

from veille.normalize import straight_quote_opens
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import Intervals

_FAMILY = {"«": "a", "»": "a", "‹": "b", "›": "b", "“": "c", "”": "c", "„": "c", "‟": "c"}


_MARKS = re.compile("[" + re.escape("".join(sorted(OPEN_QUOTES | CLOSE_QUOTES))) + "]")


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """Offsets ``(open, close)`` of the outermost pairs of quotation marks of ``text``.

    Marks pair within a paragraph. A straight ``"`` opens or closes by its neighbours (space or
    bracket before: opens; space or punctuation after: closes; glued on both sides: the
    opposite of the previous one). A mark of the family already open (« inside «) means the
    earlier one was never closed: it is dropped. Unclosed marks are dropped.
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []
    prev_straight: bool | None = None
    n = len(text)
    for m in _MARKS.finditer(text):
        i, c = m.start(), m.group()
        if stack and "\n" in text[stack[-1][0] : i]:
            stack.clear()
        fam = _FAMILY.get(c, "s")
        if c == '"':
            opens = straight_quote_opens(
                text, i, prev_straight, open_after="([-'’", close_before=",;:.!?)]…-"
            )
            if opens and stack and stack[-1][1] == "s":
                # '"' opening while one is open: a closing one glued to a word ("mot"suite)
                opens = (
                    i > 0 and not text[i - 1].isspace() and (i + 1 >= n or text[i + 1].isspace())
                )
            prev_straight = opens
        else:
            opens = c in OPEN_QUOTES and c not in CLOSE_QUOTES
        if opens:
            while stack and stack[-1][1] == fam:
                stack.pop()
            stack.append((i, fam))
            continue
        while stack and stack[-1][1] != fam:
            stack.pop()  # an inner quotation left open
        if not stack:
            continue
        start, _ = stack.pop()
        pairs.append((start, i))
    # outermost pairs only; a pair inside a mark that never closed is outermost
    pairs.sort()
    out: list[tuple[int, int]] = []
    for o, c in pairs:
        if out and o < out[-1][1]:
            continue
        out.append((o, c))
    return out


# The pairs of a document are given as an ``Intervals`` (looked up in log time); a plain
# list of pairs is scanned.


def in_pair(pairs: Iterable[tuple[int, int]], pos: int) -> bool:
    if isinstance(pairs, Intervals):
        return pairs.strictly_inside(pos) is not None
    return any(o < pos < c for o, c in pairs)


def pair_at(pairs: Iterable[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    if isinstance(pairs, Intervals):
        return pairs.strictly_inside(pos)
    return next(((o, c) for o, c in pairs if o < pos < c), None)


def closes_pair(pairs: Iterable[tuple[int, int]], pos: int) -> bool:
    if isinstance(pairs, Intervals):
        return pairs.ending_at(pos) is not None
    return any(c == pos for _o, c in pairs)
