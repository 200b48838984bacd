"""Per-document indexes by offset: the Doc's text, its sentences, and sorted spans.

spaCy recomputes some things on every access: ``Doc.text`` joins every token of the Doc,
``Doc.sents`` walks every token, ``Token.sent`` walks the sentence. A component that asks
for them once per candidate costs the square of the document's length. :func:`doc_index`
computes them once per Doc (arrays of sentence boundaries, looked up with :mod:`bisect`) and
keeps the result in ``doc.user_data`` for the components that run after it.

The index must be built after the parser (which sets the sentence starts): the veille
components all run after it. It is rebuilt when the Doc no longer matches it (another
count of tokens, or the dependency annotation appeared since); a component that
changes the sentence starts or retokenizes must call :func:`invalidate`. Its text is the one
the tokenizer was given, when :func:`keep_text` recorded it (spaCy keeps every character),
else ``Doc.text``; its :attr:`DocIndex.folded` text is folded once per document.

:class:`Starts` and :class:`Intervals` are the lookups by offset the components need over
their own spans (mentions by start, quotation pairs containing a position).
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, TypeVar

from spacy.attrs import IDX, LEMMA, ORTH, SENT_START
from spacy.tokens import Doc, Span, Token

from veille.text.fold import lower, plain, typography

log = logging.getLogger(__name__)

__all__ = [
    "DocIndex",
    "Intervals",
    "Overlaps",
    "Starts",
    "doc_index",
    "doc_text",
    "indexed_text",
    "invalidate",
    "keep_text",
    "sent_of",
    "span_text",
]

_KEY = "veille.spans"
_TEXT_KEY = "veille.text"
T = TypeVar("T")


class DocIndex:
    """The text and the sentences of one Doc, computed once.

    Sentences are those of ``Doc.sents`` (the same boundaries, in order), numbered from 0.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        text, folded = _kept_text(doc)
        self.text: str = text
        self._folded = folded
        self.n_tokens = n
        if n and "sents" in doc.user_hooks:
            bounds = [(s.start, s.end) for s in doc.sents]
            starts = [a for a, _ in bounds]
        elif n:
            if not doc.has_annotation("SENT_START"):
                raise ValueError(
                    "the Doc has no sentence boundaries: build the index after the parser "
                    "(or a sentencizer) ran"
                )
            arr = doc.to_array([SENT_START])
            starts = [0, *(int(i) + 1 for i in (arr[1:] == 1).nonzero()[0])]
        else:
            starts = []
        idx = doc.to_array([IDX]).tolist() if n else []
        self.tok_idx: list[int] = idx  # char offset of each token
        self.sent_starts: list[int] = starts  # token start of each sentence
        self.sent_ends: list[int] = [*starts[1:], n] if starts else []  # token end (exclusive)
        self.sent_start_chars: list[int] = [idx[s] for s in starts]
        self.sent_end_chars: list[int] = [idx[e - 1] + len(doc[e - 1].text) for e in self.sent_ends]
        self._spans: list[Span | None] = [None] * len(starts)
        self._parsed = bool(n) and doc.has_annotation("DEP")
        self._words: list[str] | None = None
        self._lemmas: list[str] | None = None
        self._plains: list[str] | None = None
        self._lowers: list[str] | None = None
        #: Lists the components derive from the Doc once (the tokens a lexicon may start
        #: at…), kept with the index: forgotten with it when the Doc changes.
        self.memo: dict[str, object] = {}

    @property
    def folded(self) -> str:
        """The text folded by :func:`veille.text.fold.typography` (same length, same
        offsets), folded once per document."""
        if self._folded is None:
            self._folded = typography(self.text)
        return self._folded

    @property
    def words(self) -> list[str]:
        """The text of every token (``[t.text for t in doc]``), read once: a scan over the
        tokens then creates no Token object for the words it only looks at."""
        if self._words is None:
            self._words = self._strings(ORTH)
        return self._words

    @property
    def lemmas(self) -> list[str]:
        """The lemma of every token (``[t.lemma_ for t in doc]``), read once."""
        if self._lemmas is None:
            self._lemmas = self._strings(LEMMA)
        return self._lemmas

    @property
    def plains(self) -> list[str]:
        """:func:`veille.text.fold.plain` of every token's text, folded once per document
        (each distinct word once)."""
        if self._plains is None:
            self._plains = _fold_each(self.words, plain)
        return self._plains

    @property
    def lowers(self) -> list[str]:
        """:func:`veille.text.fold.lower` of every token's text, folded once per document."""
        if self._lowers is None:
            self._lowers = _fold_each(self.words, lower)
        return self._lowers

    def _strings(self, attr: int) -> list[str]:
        if not self.n_tokens:
            return []
        strings = self.doc.vocab.strings
        return [strings[k] for k in self.doc.to_array([attr]).tolist()]

    def __len__(self) -> int:
        """The number of sentences."""
        return len(self.sent_starts)

    def sentence_of_token(self, i: int) -> int:
        """The number of the sentence token ``i`` belongs to."""
        if not 0 <= i < self.n_tokens:
            raise IndexError(f"token {i} out of a Doc of {self.n_tokens} tokens")
        return bisect_right(self.sent_starts, i) - 1

    def sentence_of_char(self, pos: int) -> int | None:
        """The number of the sentence whose span ``[start_char, end_char)`` holds ``pos``, or
        None when ``pos`` is in no sentence (trailing whitespace, out of the text)."""
        k = bisect_right(self.sent_start_chars, pos) - 1
        if k < 0 or pos >= self.sent_end_chars[k]:
            return None
        return k

    def sentence(self, k: int) -> Span:
        """Sentence number ``k`` as a Span (the same as the k-th of ``Doc.sents``)."""
        span = self._spans[k]
        if span is None:
            span = self._spans[k] = self.doc[self.sent_starts[k] : self.sent_ends[k]]
        return span

    def sentences(self) -> list[Span]:
        """All the sentences, as ``list(doc.sents)``."""
        return [self.sentence(k) for k in range(len(self))]

    def sent(self, tok: Token | int) -> Span:
        """The sentence of a token (or token index): what ``Token.sent`` gives, in log time."""
        i = tok if isinstance(tok, int) else tok.i
        return self.sentence(self.sentence_of_token(i))

    def sent_bounds(self, tok: Token | int) -> tuple[int, int]:
        """``(start, end)`` token offsets of the sentence of a token."""
        k = self.sentence_of_token(tok if isinstance(tok, int) else tok.i)
        return self.sent_starts[k], self.sent_ends[k]

    def token_at_char(self, pos: int) -> int | None:
        """The index of the token that starts at or before ``pos`` and spans it (with its
        trailing whitespace), or None before the first token or past the text."""
        i = bisect_right(self.tok_idx, pos) - 1
        if i < 0 or pos >= len(self.text):
            return None
        return i

    def is_current(self, doc: Doc) -> bool:
        """Whether the index still describes ``doc``: same Doc, same tokens count, and no
        parse arrived since it was built (the parser sets sentence starts). The text of a
        Doc does not change (retokenizing keeps every character): its length is not read
        again (that costs a Token object, on every lookup)."""
        if self.doc is not doc or self.n_tokens != len(doc):
            return False
        return self._parsed or not doc.has_annotation("DEP")


def _fold_each(words: list[str], fold: Callable[[str], str]) -> list[str]:
    folded = {w: fold(w) for w in set(words)}
    return list(map(folded.__getitem__, words))


def text_length(doc: Doc) -> int:
    """``len(doc.text)`` without building the text (spaCy joins every token for it)."""
    n = len(doc)
    if not n:
        return 0
    last = doc[n - 1]  # a negative index costs spaCy three times as much
    return last.idx + len(last.text_with_ws)


def keep_text(doc: Doc, text: str, folded: str | None = None) -> None:
    """Record that ``doc`` is the tokenization of ``text`` (``doc.text == text``: spaCy's
    tokenizer keeps every character), and ``folded`` its
    :func:`~veille.text.fold.typography`, so that the index takes them instead of joining
    every token again and folding the text once more."""
    doc.user_data[_TEXT_KEY] = (text, folded)


def _kept_text(doc: Doc) -> tuple[str, str | None]:
    """The text :func:`keep_text` recorded for ``doc`` and its fold (None: not folded yet),
    else ``doc.text``; a record that does not fit the Doc (another length, another last
    token) is ignored."""
    kept = doc.user_data.get(_TEXT_KEY)
    if kept is not None and len(doc):
        text, folded = kept
        last = doc[len(doc) - 1].text_with_ws
        if len(text) == text_length(doc) and text.endswith(last):
            return text, folded
    return doc.text, None


def doc_index(doc: Doc) -> DocIndex:
    """The index of ``doc``, built on first use and kept in ``doc.user_data``."""
    index = doc.user_data.get(_KEY)
    if isinstance(index, DocIndex) and index.is_current(doc):
        return index
    index = DocIndex(doc)
    doc.user_data[_KEY] = index
    return index


def invalidate(doc: Doc) -> None:
    """Forget the index of ``doc`` (after retokenizing or changing sentence starts)."""
    doc.user_data.pop(_KEY, None)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc (spaCy joins every token on each access).

    The text of a Doc does not change (retokenizing keeps every character), so the index
    of this Doc with its count of tokens gives it without the checks of :func:`doc_index`
    (the last token's offset, the parse), which cost more than the rest of the lookup."""
    index = doc.user_data.get(_KEY)
    if isinstance(index, DocIndex) and index.doc is doc and index.n_tokens == len(doc):
        return index.text
    return doc_index(doc).text


def indexed_text(doc: Doc) -> str:
    """``doc.text``: from the Doc's index when one is built and current, else the text
    :func:`keep_text` recorded (no index is built for it: this works on any Doc, parsed or
    not)."""
    index = doc.user_data.get(_KEY)
    if isinstance(index, DocIndex) and index.is_current(doc):
        return index.text
    return _kept_text(doc)[0]


def span_text(span: Span) -> str:
    """``span.text`` sliced from the Doc's text (spaCy joins the span's tokens each time)."""
    if not len(span):
        return span.text
    return doc_text(span.doc)[span.start_char : span.end_char]


def sent_of(tok: Token) -> Span:
    """``tok.sent`` through the index of its Doc."""
    return doc_index(tok.doc).sent(tok.i)


class Starts(Generic[T]):
    """Items sorted by a start offset, looked up by exact start or by range of starts."""

    def __init__(self, items: Iterable[tuple[int, T]]) -> None:
        pairs = sorted(items, key=lambda p: p[0])
        self.keys: list[int] = [k for k, _ in pairs]
        self.items: list[T] = [v for _, v in pairs]

    def at(self, pos: int) -> list[T]:
        """The items that start at ``pos``, in order."""
        lo = bisect_left(self.keys, pos)
        hi = bisect_right(self.keys, pos, lo)
        return self.items[lo:hi]

    def first_at(self, pos: int) -> T | None:
        lo = bisect_left(self.keys, pos)
        return self.items[lo] if lo < len(self.keys) and self.keys[lo] == pos else None

    def between(self, lo: int, hi: int) -> list[T]:
        """The items whose start is in ``[lo, hi)``, in order."""
        a = bisect_left(self.keys, lo)
        b = bisect_left(self.keys, hi, a)
        return self.items[a:b]

    def any_between(self, lo: int, hi: int) -> bool:
        a = bisect_left(self.keys, lo)
        return a < len(self.keys) and self.keys[a] < hi


class Intervals(Sequence[tuple[int, int]]):
    """Disjoint intervals ``(start, end)`` sorted by start (quotation pairs), looked up by
    position in log time. Also a sequence of the intervals, in order."""

    def __init__(self, intervals: Sequence[tuple[int, int]]) -> None:
        self.intervals = list(intervals)
        self.starts = [s for s, _ in self.intervals]
        self.ends = [e for _, e in self.intervals]
        if any(e > s for e, s in zip(self.ends, self.starts[1:], strict=False)):
            raise ValueError("Intervals: the intervals overlap or are not sorted")

    def __len__(self) -> int:
        return len(self.intervals)

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        return self.intervals[k]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.intervals)

    def containing(self, pos: int) -> tuple[int, int] | None:
        """The interval with ``start <= pos < end``, or None."""
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            return self.intervals[k]
        return None

    def strictly_inside(self, pos: int) -> tuple[int, int] | None:
        """The interval with ``start < pos < end``, or None."""
        k = bisect_left(self.starts, pos) - 1
        if k >= 0 and pos < self.ends[k]:
            return self.intervals[k]
        return None

    def starting_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The intervals whose start is in ``[lo, hi)``, in order."""
        a = bisect_left(self.starts, lo)
        b = bisect_left(self.starts, hi, a)
        return self.intervals[a:b]

    def ending_at(self, pos: int) -> tuple[int, int] | None:
        k = bisect_left(self.ends, pos)
        if k < len(self.ends) and self.ends[k] == pos:
            return self.intervals[k]
        return None

    def first_from(self, pos: int) -> tuple[int, int] | None:
        """The first interval whose start is at or after ``pos``."""
        k = bisect_left(self.starts, pos)
        return self.intervals[k] if k < len(self.intervals) else None


class Overlaps(Generic[T]):
    """Intervals ``[start, end)`` that may overlap, each with an item, looked up by position:
    the items whose interval holds a position, in the order they were given.

    Sorted by start with the running maximum of the ends, a lookup walks back from the
    position only over intervals that could still reach it (a handful for the spans of a
    text: quotes, cues, mentions), whatever the length of the document.
    """

    def __init__(self, intervals: Iterable[tuple[int, int, T]]) -> None:
        rows = sorted(
            ((s, e, n, item) for n, (s, e, item) in enumerate(intervals)), key=lambda r: r[0]
        )
        self._starts = [r[0] for r in rows]
        self._rows = rows
        reach: list[int] = []
        top = -1
        for r in rows:
            top = max(top, r[1])
            reach.append(top)
        self._reach = reach  # the largest end among the intervals up to this one

    def __len__(self) -> int:
        return len(self._rows)

    def _holding(self, pos: int) -> list[tuple[int, int, int, T]]:
        k = bisect_right(self._starts, pos) - 1
        out = []
        while k >= 0 and self._reach[k] > pos:
            row = self._rows[k]
            if row[1] > pos:
                out.append(row)
            k -= 1
        out.sort(key=lambda r: r[2])
        return out

    def at(self, pos: int) -> list[T]:
        """The items with ``start <= pos < end``, in the order given."""
        return [r[3] for r in self._holding(pos)]

    def first_at(self, pos: int) -> T | None:
        """The first item (in the order given) with ``start <= pos < end``, or None."""
        rows = self._holding(pos)
        return rows[0][3] if rows else None

    def overlapping(self, lo: int, hi: int) -> list[T]:
        """The items whose interval meets ``[lo, hi)`` (``start < hi`` and ``end > lo``), in
        the order given."""
        k = bisect_left(self._starts, hi) - 1
        out = []
        while k >= 0 and self._reach[k] > lo:
            row = self._rows[k]
            if row[1] > lo:
                out.append(row)
            k -= 1
        out.sort(key=lambda r: r[2])
        return [r[3] for r in out]
