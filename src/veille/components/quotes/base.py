"""What the quotes component works on: the per-document state (mentions, genders, the
quotes found so far, the speakers seen), the cue and quote records, and small text helpers."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from spacy.attrs import DEP, HEAD, MORPH, POS
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from veille.components.entities import first_name_gender
from veille.model import Entity, QuoteType, Speaker
from veille.text import fold
from veille.text.fold import OPEN_QUOTES
from veille.text.spans import Intervals, Overlaps, doc_index, doc_text

from .marks import in_pair, quote_pairs
from .vocab import CueEntry, word_classes


@dataclass
class Unit:
    """A stretch of text processed at once: one sentence, or several joined by a quotation."""

    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int


@dataclass
class Found:
    """A quote before ids are given."""

    type: QuoteType
    start: int
    end: int
    cue: tuple[int, int] | None
    speaker: Speaker | None
    confidence: float
    reported: bool = False
    via: Speaker | None = None
    key: tuple[int, int] = (0, 0)  # the cue or mark that made it (dedup)


@dataclass
class Resolved:
    """Who speaker words denote: the speaker to output, a confidence factor for how it was
    found, the entity when there is one, and the gender and number the words carry."""

    speaker: Speaker | None
    factor: float
    entity: Entity | None = None
    gender: str | None = None
    plural: bool = False
    relative: bool = False  # found through a relative pronoun ("…, qui a souligné")


Mention4 = tuple[int, int, Entity, str]  # start, end, entity, kind


class FoundIndex:
    """The quotes found so far (``State.found`` only grows), by start, for the questions
    "which found quotes hold this position" without a scan of all of them."""

    def __init__(self) -> None:
        self.count = 0  # how many of State.found are indexed
        self.starts: list[tuple[int, int]] = []  # (start, n) sorted
        self.ends: list[tuple[int, int]] = []  # (end, n) sorted
        self.longest = 0

    def update(self, found: list[Found]) -> None:
        for n in range(self.count, len(found)):
            f = found[n]
            bisect.insort(self.starts, (f.start, n))
            bisect.insort(self.ends, (f.end, n))
            self.longest = max(self.longest, f.end - f.start)
        self.count = len(found)

    def holding(self, found: list[Found], pos: int) -> list[Found]:
        """The found quotes with ``start <= pos < end``, in the order they were found."""
        self.update(found)
        lo = bisect.bisect_left(self.starts, (pos - self.longest, -1))
        hi = bisect.bisect_right(self.starts, (pos, len(found)))
        ns = sorted(n for _s, n in self.starts[lo:hi] if found[n].end > pos)
        return [found[n] for n in ns]

    def ending_in(self, found: list[Found], lo: int, hi: int) -> list[Found]:
        """The found quotes with ``lo <= end <= hi``, in the order they were found."""
        self.update(found)
        a = bisect.bisect_left(self.ends, (lo, -1))
        b = bisect.bisect_right(self.ends, (hi, len(found)))
        return [found[n] for n in sorted(n for _e, n in self.ends[a:b])]


class Tokens:
    """What the quotes component reads of every token of a document, read once as arrays of
    strings: a scan over the tokens then creates no spaCy Token object (nor morphology
    object) for the words it only looks at."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        index = doc_index(doc)
        self.words: list[str] = index.words
        self.lemmas: list[str] = index.lemmas
        self.idx: list[int] = index.tok_idx
        self.plain: list[str] = index.plains
        names = _Names(doc.vocab.strings)
        self._names = names
        if not len(doc):
            self.pos: list[str] = []
            self.dep: list[str] = []
            self._morph: list[int] = []
            self._heads: list[int] = []
        else:
            cols = doc.to_array([POS, DEP, MORPH, HEAD]).T
            self.pos = list(map(names.__getitem__, cols[0].tolist()))
            self.dep = list(map(names.__getitem__, cols[1].tolist()))
            self._morph = cols[2].tolist()
            # where the head of each token is, from the token (stored unsigned)
            self._heads = cols[3].astype("int64").tolist()
        self._children: dict[int, list[int]] = {}

    def morph(self, i: int, field: str) -> tuple[str, ...]:
        """The values of a morphological feature of token ``i``: ``doc[i].morph.get(field)``."""
        return _features(self._names[self._morph[i]]).get(field, ())

    def children(self, i: int) -> list[int]:
        """The tokens whose head is token ``i``, in order: ``[c.i for c in doc[i].children]``."""
        kids = self._children.get(i)
        if kids is None:
            kids = self._children[i] = [c.i for c in self._doc[i].children]
        return kids

    def head(self, i: int) -> int:
        """The head of token ``i``: ``doc[i].head.i``."""
        return i + self._heads[i]

    def end(self, i: int) -> int:
        """The char offset after token ``i``."""
        return self.idx[i] + len(self.words[i])


class _Names(dict[int, str]):
    """The strings of the hashes of a vocab (part-of-speech tags, dependency labels,
    morphologies), each looked up once."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        name = self[key] = self.strings[key]
        return name


@lru_cache(maxsize=4096)
def _features(morph: str) -> dict[str, tuple[str, ...]]:
    """``Mood=Ind|VerbForm=Fin`` read as ``{"Mood": ("Ind",), "VerbForm": ("Fin",)}``."""
    out: dict[str, tuple[str, ...]] = {}
    for part in morph.split("|"):
        key, eq, values = part.partition("=")
        if eq:
            out[key] = tuple(values.split(","))
    return out


@lru_cache(maxsize=1 << 16)
def plain_word(word: str) -> str:
    """:func:`veille.text.fold.plain` of a word, kept once computed (the quotes component
    asks for the same few words tens of thousands of times per document)."""
    return fold.plain(word)


class _PlainChars(dict[str, str]):
    """``c`` → :func:`veille.text.fold.plain` of the character ``c`` when it stands for ``c`` in any
    text: one character that lowercasing leaves alone, and ``c`` is not the capital sigma
    (lowercased by its neighbours); else "" (the whole text is folded at once)."""

    def __missing__(self, c: str) -> str:
        p = fold.plain(c)
        self[c] = p = p if len(p) == 1 and p.lower() == p and c != "Σ" else ""
        return p


_PLAIN_CHARS = _PlainChars()
# the characters fold.plain folds otherwise than str.lower does: all but most ASCII ones
_KEPT = "".join(c for c in map(chr, range(128)) if fold.plain(c) == c.lower())
_CHANGED = re.compile("[^" + re.escape(_KEPT) + "]")


class _Unsafe(Exception):
    pass


def _plain_char(m: re.Match[str]) -> str:
    p = _PLAIN_CHARS[m.group()]
    if not p:
        raise _Unsafe
    return p


def plain_document(text: str) -> str:
    """:func:`veille.text.fold.plain` of a whole text, folded character by character: only
    the characters that ``str.lower`` would not fold right are looked at one by one (a few in
    a hundred of a French text)."""
    try:
        return _CHANGED.sub(_plain_char, text).lower()
    except _Unsafe:
        return fold.plain(text)


@dataclass
class State:
    doc: Doc
    text: str
    plain: str  # fold.plain(text): same length
    pairs: Intervals  # the quotation pairs, disjoint, in order
    entities: list[Entity]
    mentions: list[tuple[int, int, Entity, str]]  # start, end, entity, kind
    gender: dict[str, str]
    tokens: Tokens
    salience: list[tuple[int, Entity]] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)
    last_speaker: tuple[int, Resolved] | None = None
    history: list[tuple[int, Resolved]] = field(default_factory=list)
    subjects: dict[int, bool] = field(default_factory=dict)  # name mention start -> is subject
    media: frozenset[str] = frozenset()  # ids of entities named after a media word
    subject_tok: list[int] = field(default_factory=list)  # clause subjects outside quotations
    subject_pos: list[int] = field(default_factory=list)  # their char offsets (sorted)
    subject_res: dict[int, Resolved | None] = field(default_factory=dict)
    descriptions: dict[str, Resolved] = field(default_factory=dict)  # resolved before
    # Lookups by offset, so that no question about a position scans the whole document.
    m_starts: list[int] = field(default_factory=list)  # st.mentions' starts (sorted)
    m_by_end: dict[int, list[Mention4]] = field(default_factory=dict)
    m_spans: Overlaps[Mention4] | None = None
    subjects_done: int = 0  # clause subjects 0..n-1 have been resolved (or are in progress)
    found_index: FoundIndex = field(default_factory=lambda: FoundIndex())
    cue_candidates: list[int] | None = None  # set by cues.cue_candidates on first use
    # Set by resolve on first use, once per document: the entity each acronym spells out,
    # the name mentions of people and organisations (and their starts), each entity's facts.
    expansions: dict[str, Entity] | None = None
    named_mentions: tuple[list[int], list[tuple[int, Entity, str, bool]]] | None = None
    entity_facts: dict[str, tuple] = field(default_factory=dict)

    def remember(self, pos: int, res: Resolved) -> None:
        """A quote at ``pos`` was attributed to ``res``: it is the latest speaker, and its
        entity gains salience for later pronouns and descriptions."""
        if res.speaker is None:
            return
        self.last_speaker = (pos, res)
        self.history.append((pos, res))
        if res.entity is not None:
            self.salience.append((pos, res.entity))


@dataclass
class Cue:
    kind: Literal["verb", "source"]
    entry: CueEntry | None
    cue: tuple[int, int]  # char span of the cue words
    verb: Token
    verb_end: int  # token after the cue words
    group_start: int
    inverted: bool
    subject: tuple[int, int] | None  # char span of the speaker words, when found
    subject_tok: Token | None
    zone: int  # where the attribution starts (content of an earlier cue ends before it)
    anchor: int
    after: int  # first token after the cue words
    clitic: tuple[int, int] | None = None
    reported: bool = False
    via: Speaker | None = None
    after_quote: bool = False


PREPS = frozenset(
    ["de", "du", "des", "d'", "a", "au", "aux", "pour", "par", "chez", "sur", "contre", "avec"]
)


SUBJ_PRONOUNS = frozenset(["il", "elle", "ils", "elles", "lui", "eux", "on"])


RELATIVES = frozenset(["qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"])


CLITIC = re.compile(r"\s*(?:-\s*t\s*-|-|t\s*-|-\s*t\s+)\s*(ils|il|elles|elle|on)(?![\w])")


PP_HEADS = frozenset(
    ["a", "au", "aux", "sur", "dans", "lors", "depuis", "devant", "aupres", "en", "via", "apres",
     "avant", "pendant", "par", "lors", "face", "chez", "durant", "selon"]
)  # fmt: skip


STRONG_PUNCT = frozenset([".", "!", "?", ";"])


NEG = frozenset(["ne", "n'"])


DECAY = 400.0  # characters: how fast an entity's salience fades


_VERB_GROUP = frozenset(["AUX", "ADV", "PUNCT", "PRON", "PART"])


def detached_subject(vt: Token, lo: int) -> Token | None:
    """The head of the noun phrase a finite verb with no subject in the parse stands after,
    when the parser left it detached: the sentence's first phrase, a name or a noun without
    a preposition, that is a root of its own or the verb's object, and only a comma,
    auxiliaries, adverbs and clitics between it and the verb ("Matteo Salvini, ministre de
    l'Intérieur (…), a cependant rejeté", "le ministre a écarté" with "ministre" read as an
    object); the parser may even end a sentence at the comma, so the phrase is looked for
    from token ``lo``. None when the verb has a subject, is not finite, or no such phrase
    precedes it."""
    doc = vt.doc
    if any(c.dep_.startswith(("nsubj", "expl")) for c in vt.children) or vt.dep_ not in (
        "ROOT", "conj"
    ):
        return None
    if "Fin" not in vt.morph.get("VerbForm") and not any(
        c.dep_.startswith("aux") for c in vt.children
    ):
        return None
    k = vt.i - 1
    while k >= lo and doc[k].pos_ in _VERB_GROUP and doc[k].text not in OPEN_QUOTES:
        if doc[k].pos_ == "PUNCT" and doc[k].text not in (",", ")"):
            return None
        k -= 1
    if k < lo:
        return None
    c = doc[k]
    while c.head.i != c.i and c.head.i < vt.i and c.head.i != vt.i:
        c = c.head
    if not (c.dep_ == "ROOT" or (c.head.i == vt.i and c.dep_ in ("obj", "dep"))):
        return None
    if c.pos_ not in ("NOUN", "PROPN") or any(x.dep_ == "case" for x in c.children):
        return None
    first = max(lo, c.sent.start)
    while first < c.i and doc[first].pos_ in ("CCONJ", "ADV", "PUNCT"):
        first += 1
    # the sentence's first phrase, or the one after a fronted clause ("Alors que …, le
    # ministre de l'Économie a écarté cette piste")
    opens = c.left_edge.i <= first or doc[c.left_edge.i - 1].text == ","
    return c if opens else None


def trim(text: str, s: int, e: int, keep_final: bool = False) -> tuple[int, int]:
    """``[s, e)`` without surrounding spaces and, unless ``keep_final``, without the final
    punctuation (a full stop, comma, semicolon or colon)."""
    while s < e and (text[s].isspace() or (not keep_final and text[s] in ",;:")):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if not keep_final:
        while e > s and (text[e - 1] in ",;:" or text[e - 1].isspace() or text[e - 1] in "-–—"):
            e -= 1
        if e > s and text[e - 1] == "." and not text[s:e].endswith(".."):
            e -= 1
        while e > s and text[e - 1].isspace():
            e -= 1
    return s, e


def zone_before(st: State, pos: int, u: Unit) -> int:
    """``pos`` moved back over spaces, commas, dashes and a coordinating ``et``/``mais``
    (``…, insistant sur « … » et mettant en garde contre…``)."""
    while pos > u.start and (st.text[pos - 1].isspace() or st.text[pos - 1] in ",-–—"):
        pos -= 1
    m = re.search(r"(?:^|\s)(?:et|mais|puis)$", st.plain[max(u.start, pos - 6) : pos])
    if m is not None:
        pos -= len(m.group())
        while pos > u.start and (st.text[pos - 1].isspace() or st.text[pos - 1] in ","):
            pos -= 1
    return pos


def np_span(doc: Doc, t: Token, stop: int, u: Unit) -> tuple[int, int] | None:
    lo = max(t.left_edge.i, u.tok_start)
    hi = min(t.right_edge.i, stop - 1)
    k = t.i + 1
    while k <= hi:
        tk = doc[k]
        low = plain_word(tk.text)
        if low in RELATIVES or tk.pos_ in ("VERB", "AUX") or tk.text in ("(", ";"):
            hi = k - 1
            break
        k += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (
        doc[lo].is_punct or doc[lo].is_space or plain_word(doc[lo].text) in ("que", "qu'")
    ):
        lo += 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def mentions_from(st: State, lo: int, hi: int) -> list[Mention4]:
    """The mentions that start in ``[lo, hi)``, in order."""
    a = bisect.bisect_left(st.m_starts, lo)
    return st.mentions[a : bisect.bisect_left(st.m_starts, hi, a)]


def mentions_before(st: State, pos: int) -> list[Mention4]:
    """The mentions that start before ``pos``, in order."""
    return st.mentions[: bisect.bisect_left(st.m_starts, pos)]


def mentions_ending_at(st: State, pos: int) -> list[Mention4]:
    return st.m_by_end.get(pos, [])


def mentions_holding(st: State, pos: int) -> list[Mention4]:
    """The mentions with ``start <= pos < end``, in order."""
    assert st.m_spans is not None
    return st.m_spans.at(pos)


def mentions_overlapping(st: State, s: int, e: int) -> list[Mention4]:
    """The mentions that meet ``[s, e)``, in order."""
    assert st.m_spans is not None
    return st.m_spans.overlapping(s, e)


def is_name_quote(st: State, pos: int) -> bool:
    """A quotation mark around a name (``l'agence « Tass »``): inside or next to a mention."""
    # ms - 3 <= pos < ms, or me <= pos < me + 3
    return bool(mentions_from(st, pos + 1, pos + 4)) or any(
        st.m_by_end.get(pos - d) for d in range(3)
    )


def in_title(st: State, pos: int) -> bool:
    lay = st.doc._.layout
    return lay is not None and any(
        sec.title is not None and sec.title.start <= pos + 1 < sec.title.end + 1
        for sec in lay.sections
    )


def prep_before(st: State, ms: int) -> bool:
    """A preposition (over an article) right before ``ms``: ``de la Maison Blanche``."""
    words = st.plain[max(0, ms - 16) : ms].replace("'", "' ").split()
    if words and words[-1] in ("m.", "mme", "mlle", "mm.", "dr", "me"):
        words = words[:-1]  # "le gouvernement de M. Morrison"
    if words and words[-1] in ("le", "la", "les", "l'"):
        words = words[:-1]
    return bool(words) and words[-1] in PREPS


def is_name_start(st: State, pos: int) -> bool:
    return bool(mentions_from(st, pos, pos + 1))


def mention_at(st: State, pos: int) -> tuple[int, int, Entity, str] | None:
    at = mentions_from(st, pos, pos + 1)
    return at[0] if at else None


def is_document(st: State, s: int, ms: int) -> bool:
    return any(w in word_classes()["document"] for w in st.plain[s:ms].replace("'", " ").split())


def inside_found(st: State, pos: int, strict: bool = False) -> bool:
    return any(
        f.start < pos
        for f in st.found_index.holding(st.found, pos)
        if f.type != "according_to" or strict
    )


def build_state(doc: Doc) -> State:
    text = doc_text(doc)
    ents: list[Entity] = list(doc._.entities or [])
    mentions = sorted(
        ((m.start, m.end, e, m.kind) for e in ents for m in e.mentions), key=lambda x: x[0]
    )
    plain = plain_document(text)
    pairs = Intervals(quote_pairs(text))
    tokens = Tokens(doc)
    st = State(doc, text, plain, pairs, ents, mentions, _genders(plain, mentions), tokens)
    st.m_starts = [m[0] for m in mentions]
    for m in mentions:
        st.m_by_end.setdefault(m[1], []).append(m)
    st.m_spans = Overlaps((m[0], m[1], m) for m in mentions)
    media_words = word_classes()["media"]
    media: set[str] = set()
    for ms, me, ent, kind in mentions:
        if kind != "name":
            continue
        before = plain[max(0, ms - 25) : ms].replace("'", "' ").split()
        if ent.type == "ORG" and any(w in media_words for w in before[-3:]):
            media.add(ent.id)
        span = doc.char_span(ms, me, alignment_mode="expand")
        if span is not None:
            root = span.root
            st.subjects[ms] = root.dep_.startswith("nsubj")
    st.media = frozenset(media)
    subjects = [i for i, dep in enumerate(tokens.dep) if dep in ("nsubj", "nsubj:pass")]
    # subjects the parse misses: the detached phrase before a subjectless root verb
    for sent in doc.sents:
        vt = sent.root
        c = detached_subject(vt, sent.start) if vt.pos_ in ("VERB", "AUX") else None
        if c is None and vt.pos_ in ("NOUN", "PROPN") and sent.end < len(doc):
            c = detached_subject(doc[sent.end].sent.root, sent.start)  # split at the comma
        if c is not None and c.i not in subjects:
            subjects.append(c.i)
    for i in sorted(subjects):
        if not in_pair(st.pairs, tokens.idx[i]):
            st.subject_tok.append(i)
            st.subject_pos.append(tokens.idx[i])
    return st


def _genders(plain: str, mentions: list[tuple[int, int, Entity, str]]) -> dict[str, str]:
    """Gender of the people of the article: a courtesy title before a mention (``Mme``),
    else the first name, else a ``la``/``le`` title mention."""
    by_title: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_role: dict[str, str] = {}
    for s, _e, ent, kind in mentions:
        if ent.type != "PER":
            continue
        before = plain[max(0, s - 9) : s]
        low = plain[s : s + 4]
        if re.search(r"\b(mme|madame|mlle)\.?\s*$", before):
            by_title.setdefault(ent.id, "f")
        elif re.search(r"\b(m\.|monsieur)\s*$", before):
            by_title.setdefault(ent.id, "m")
        elif kind == "title" and low.startswith("la "):
            by_role.setdefault(ent.id, "f")
        elif kind == "title" and low.startswith("le "):
            by_role.setdefault(ent.id, "m")
        if (g := first_name_gender(ent.name)) is not None:
            by_name.setdefault(ent.id, g)
    return {**by_role, **by_name, **by_title}
