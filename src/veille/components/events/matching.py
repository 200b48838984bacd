"""Trigger matching: the event lexicon (``lexicon/events.tsv``) loaded and validated, and its
entries matched on the parsed Doc (the longest entry at an anchor wins)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress
from operator import not_

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Token

from veille import cameo
from veille.lexicon import LexiconError, read_table
from veille.text.fold import APOSTROPHES, DASHES, QUOTE_CHARS, lower
from veille.text.spans import doc_index

from .syntax import EQUIV, PREPS, after_auxiliary, finite_or_inf, has_avoir, is_reflexive

_POS = {"V": ("VERB", "AUX", "ADJ"), "N": ("NOUN", "PROPN", "X"), "A": ("ADJ", "VERB", "NOUN")}


_SLOTS = frozenset(["obj", *PREPS])


_GAP_POS = frozenset(["DET", "ADJ", "ADV", "AUX", "PRON", "NUM", "ADP", "NOUN", "PROPN", "CCONJ"])


MAX_GAP = 3


MAX_PREP_GAP = 6  # "a appelé jeudi Israël et le Hamas à la retenue"


_DEFAULT_RECIPIENTS = {
    "V": ("obj", "à"),
    "N": ("avec", "contre", "sur", "envers", "à"),
    "A": ("à",),
}


@dataclass(frozen=True)
class Entry:
    """One row of ``events.tsv``."""

    words: tuple[str, ...]  # anchor first; "+inf" for an infinitive
    reflexive: bool
    pos: str  # V, N, A
    code: str
    recipient: tuple[str, ...]
    place_code: str | None
    sentence: str

    @property
    def pattern(self) -> str:
        return ("se " if self.reflexive else "") + " ".join(self.words)


@cache
def entries() -> tuple[Entry, ...]:
    """``events.tsv``, validated: known CAMEO codes, positions and frames, no duplicates."""
    out: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for row in read_table("events.tsv"):
        words = lower(row["pattern"]).split()
        where = f"events.tsv: {row['pattern']!r}"
        reflexive = len(words) > 1 and words[0] == "se"
        if reflexive:
            words = words[1:]
        if not words or words[0] == "+inf":
            raise LexiconError(f"{where}: no anchor word")
        pos, code = row["pos"], row["code"]
        if pos not in _POS:
            raise LexiconError(f"{where}: pos {pos!r} is not V, N or A")
        for c in (code, row["place"]):
            if c and not cameo.is_code(c):
                raise LexiconError(f"{where}: {c!r} is not a CAMEO code")
        recipient = tuple(r for r in row["recipient"].split("|") if r)
        if any(r not in _SLOTS for r in recipient):
            raise LexiconError(f"{where}: unknown recipient slot in {row['recipient']!r}")
        if not row["sentence"]:
            raise LexiconError(f"{where}: no test sentence")
        key = (" ".join(words) + (" (se)" if reflexive else ""), pos)
        if key in seen:
            raise LexiconError(f"{where}: duplicate entry")
        seen.add(key)
        out.append(
            Entry(
                tuple(words),
                reflexive,
                pos,
                code,
                recipient or _DEFAULT_RECIPIENTS[pos],
                row["place"] or None,
                row["sentence"],
            )
        )
    return tuple(out)


@cache
def trigger_index() -> dict[str, tuple[Entry, ...]]:
    idx: dict[str, list[Entry]] = {}
    for e in entries():
        idx.setdefault(e.words[0], []).append(e)
    return {k: tuple(sorted(v, key=_priority, reverse=True)) for k, v in idx.items()}


@cache
def _anchor_forms() -> frozenset[str]:
    return frozenset(trigger_index())


def _priority(e: Entry) -> tuple[int, int, bool]:
    """Longest first; among equals, more content words (``opposer veto`` before ``opposé à``)."""
    content = sum(1 for w in e.words if w not in PREPS and w not in EQUIV and w != "+inf")
    return (len(e.words), content, e.reflexive)


@lru_cache(maxsize=1 << 16)
def _forms_of(word: str, lemma: str) -> set[str]:
    """The forms a lexicon word may take to match a token of text ``word`` and lemma
    ``lemma`` (the same set for the same word and lemma: callers must not change it)."""
    text = lower(word)
    forms = {text, lower(lemma)}
    for suffix in ("es", "s", "e"):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)])
    for suffix in ("ées", "és", "ée", "é"):  # participles the tagger missed: "téléphoné"
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)] + "er")
            break
    if lower(lemma) == text:  # a present the lemmatizer left as is: "réclame", "reprochent"
        for suffix in ("ent", "es", "e"):
            if text.endswith(suffix) and len(text) > len(suffix) + 2:
                forms.add(text[: -len(suffix)] + "er")
                break
    return forms


@lru_cache(maxsize=1 << 16)
def _candidates(word: str, lemma: str) -> tuple[Entry, ...]:
    """The entries whose anchor is one of the forms of a token of text ``word`` and lemma
    ``lemma``, in the order they are tried (:func:`_priority`)."""
    idx = trigger_index()
    cands: list[Entry] = []
    for f in _forms_of(word, lemma):
        cands.extend(idx.get(f, ()))
    cands.sort(key=_priority, reverse=True)
    return tuple(cands)


@dataclass
class Match:
    entry: Entry
    tokens: list[Token]  # matched tokens, anchor first

    @property
    def anchor(self) -> Token:
        return self.tokens[0]


class _Tokens:
    """What the matcher reads of the tokens of a Doc, from its arrays (no Token object for a
    word it only looks at), each answer kept: the matcher asks the same of a token for each
    entry it tries."""

    def __init__(self, doc: Doc, gaps: tuple[int, int] = (MAX_GAP, MAX_PREP_GAP)) -> None:
        index = doc_index(doc)
        self.doc = doc
        self.gaps = gaps
        self.words, self.lemmas = index.words, index.lemmas
        self.forms = list(map(_forms_of, self.words, self.lemmas))  # of each token
        self.with_det = _with_det(doc)  # the tokens with a determiner
        self._next: dict[tuple[str, int], int | None] = {}
        self._stops: dict[int, bool] = {}
        self._special: dict[tuple[str, int], bool] = {}
        self._anchor: dict[tuple[Callable[[Token], bool], int], bool] = {}

    def next_word(self, word: str, i: int) -> int | None:
        """The token after token ``i`` that the lexicon word ``word`` matches, a few words on
        at most (more for a preposition, which may also be that of a complement of token
        ``i``), or None."""
        key = (word, i)
        if key not in self._next:
            self._next[key] = self._next_word(word, i)
        return self._next[key]

    def _next_word(self, word: str, i: int) -> int | None:
        # not sent.end: the parser sometimes cuts at a hyphen ("attentat-suicide");
        # punctuation stops a match anyway
        gap = self.gaps[1] if word in PREPS else self.gaps[0]
        plain = word != "+inf" and word not in EQUIV
        forms, stops = self.forms, self._stops
        for j in range(i + 1, min(len(forms), i + 2 + gap)):
            if word in forms[j] if plain else self._matches(word, j):
                return j
            stop = stops.get(j)
            if stop is None:
                stop = stops[j] = self._stops_at(j)
            if stop:
                break
        if word in PREPS:
            found = _dependent_prep(self.doc[i], word)
            return found.i if found is not None else None
        return None

    def _matches(self, word: str, j: int) -> bool:
        """Whether ``+inf`` or a word of :data:`EQUIV` matches token ``j``."""
        got = self._special.get((word, j))
        if got is None:
            got = self._special[word, j] = self._special_matches(word, j)
        return got

    def _special_matches(self, word: str, j: int) -> bool:
        if word == "+inf":
            t = self.doc[j]
            return t.pos_ in ("VERB", "AUX") and "Inf" in t.morph.get("VerbForm")
        return lower(self.words[j]) in EQUIV[word] or lower(self.lemmas[j]) in EQUIV[word]

    def _stops_at(self, j: int) -> bool:
        """Whether token ``j`` ends the words a gap may hold: punctuation, or a verb of its
        own (not a dash, an apostrophe or a quote mark, which a gap skips: ``a appelé "le
        peuple" au "combat"``)."""
        w = self.words[j]
        if w in DASHES or w in APOSTROPHES or w in QUOTE_CHARS:
            return False
        t = self.doc[j]
        return t.is_punct or (t.pos_ not in _GAP_POS and finite_or_inf(t))

    def anchors(self) -> Iterator[int]:
        """The tokens one of whose forms is the anchor word of an entry, in order."""
        return compress(
            range(len(self.forms)), map(not_, map(_anchor_forms().isdisjoint, self.forms))
        )

    def anchor_is(self, question: Callable[[Token], bool], tok: Token) -> bool:
        """``question(tok)`` (``after_auxiliary``, ``has_avoir``, ``is_reflexive``), asked
        once for each anchor."""
        key = (question, tok.i)
        got = self._anchor.get(key)
        if got is None:
            got = self._anchor[key] = question(tok)
        return got


def _with_det(doc: Doc) -> frozenset[int]:
    """The tokens with a ``det`` child (``any(c.dep_ == "det" for c in tok.children)``),
    from the arrays of heads and labels."""
    if not len(doc):
        return frozenset()
    arr = doc.to_array([DEP, HEAD])
    dets = numpy.flatnonzero(arr[:, 0] == doc.vocab.strings["det"])
    heads = arr[dets, 1].astype(numpy.int64)  # offsets: negative to the left
    return frozenset((dets + heads)[heads != 0].tolist())


def _match_at(toks: _Tokens, tok: Token, pos: str, entry: Entry) -> list[Token] | None:
    """The tokens of ``entry`` matched from ``tok`` (of part of speech ``pos``), or None."""
    if not _anchor_fits(toks, tok, pos, entry):
        return None
    got = [tok]
    i = tok.i
    for word in entry.words[1:]:
        j = toks.next_word(word, i)
        if j is None:
            return None
        got.append(tok.doc[j])
        i = j
    return got


def _anchor_fits(toks: _Tokens, tok: Token, pos: str, entry: Entry) -> bool:
    """Whether ``tok`` can be the anchor of ``entry``: its part of speech (or a participle
    after an auxiliary, a noun with a determiner), its reflexive pronoun."""
    has_det = tok.i in toks.with_det
    if (
        pos not in _POS[entry.pos]
        and not (entry.pos == "V" and toks.anchor_is(after_auxiliary, tok))
        and not (entry.pos == "N" and has_det)
    ):
        return False
    if entry.pos == "V" and has_det:
        return False  # "le démenti du ministère": a noun the tagger took for a participle
    if entry.pos == "A" and toks.anchor_is(has_avoir, tok):
        return False  # "des heurts ont opposé…": a verb, not "opposé à"
    if entry.pos == "V" and pos == "ADJ" and _adjective_in_ent(tok, entry.words[0]):
        return False  # "un gouvernement violent": not "ils violent"
    return not (entry.reflexive and not toks.anchor_is(is_reflexive, tok))


def _adjective_in_ent(tok: Token, anchor: str) -> bool:
    """Whether ``anchor`` matched the adjective ``tok`` only as the present of a verb in -er
    read off its ending (:func:`_forms_of`): "violent" is no form of "violer", "urgent" of
    "urger"."""
    text = lower(tok.text)
    return (
        text.endswith("ent")
        and lower(tok.lemma_) == text
        and anchor == text[:-3] + "er"
    )


def _dependent_prep(head: Token, word: str) -> Token | None:
    """The preposition ``word`` introducing a complement of ``head`` (or of the clause it
    heads), when too many words stand between them for the linear match: ``a appelé le
    samedi 4 janvier les soldats irakiens à s'éloigner``."""
    forms = PREPS[word]
    for c in head.children:
        if c.i <= head.i or c.dep_ not in (
            "xcomp",
            "obl",
            "obl:arg",
            "obl:mod",
            "nmod",
            "iobj",
            "acl",
        ):
            continue
        for cc in c.children:
            if cc.dep_ in ("case", "mark") and lower(cc.text) in forms and cc.i > head.i:
                return cc
    return None


def find_triggers(doc: Doc, gaps: tuple[int, int] = (MAX_GAP, MAX_PREP_GAP)) -> list[Match]:
    """The triggers of the Doc, in order: at each token, the first entry of its candidates
    (longest first) that matches; a token matched is no anchor of its own."""
    out: list[Match] = []
    used: set[int] = set()
    toks = _Tokens(doc, gaps)
    for i in toks.anchors():
        if i in used:
            continue
        tok = doc[i]
        if tok.is_punct or tok.is_space:
            continue
        pos = tok.pos_
        for entry in _candidates(toks.words[i], toks.lemmas[i]):
            got = _match_at(toks, tok, pos, entry)
            if got is not None:
                out.append(Match(entry, got))
                used.update(t.i for t in got)
                break
    return out
