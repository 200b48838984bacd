"""Quotes: who said what, with the speaker resolved across the article.

Sets ``doc._.quotes`` to a list of :class:`veille.model.Quote` (ids ``q1``, ``q2``… in text
order), of the four types of the eval GUIDELINES:

- ``direct``: the words inside a pair of quotation marks, attributed by a cue before them
  (``a dit : « … »``), after them (``« … », a-t-il ajouté``, ``« … » a dit Poutine``), inside
  them (an incise ``« A, a-t-il ajouté, B »`` gives two quotes), or floating (a quotation alone
  in its sentence, spoken by the speaker named just before). A quotation may run over several
  sentences. The headline form ``X : « … »`` / ``X : statement`` is a quote of ``X``.
- ``indirect``: the complement of a reporting verb or phrase: after ``que``/``qu'``, after a
  colon, or the object or infinitive after the verb (``a souligné la nécessité de…``), to the
  end of the clause; or the clause before an inverted cue (``…, a affirmé le ministre``).
- ``mixed``: an indirect complement that contains quoted words.
- ``according_to``: the clause attributed with ``selon X``, ``d'après X``, ``de source X``,
  ``a-t-on appris auprès de X``, and ``Pour X, …`` opening a sentence with X a person.

Cues are data: ``lexicon/reporting_verbs.tsv`` lists lemmas and fixed phrases, matched by the
spaCy lemma or a regular conjugation rule (never by inflected forms); inversions and incises are
rules here. Closed word classes (days, negation words, media and document nouns) are in
``lexicon/quotes_words.tsv``.

Not quotes: quoted names and terms (``l'agence « Tass »``) and one- or two-word scare quotes
with no cue, quoted words with no cue inside a sentence, negated speech (``n'a pas dit que``),
cues inside someone else's quotation. Conditional reporting (``aurait déclaré``) is kept with
``reported=True``.

Speakers: the subject of the cue (dependency parse, with surface rules for inversions), or the
antecedent of ``qui``, or the previous speaker for a participle (``…, estimant que``). A name
or a title mention of an entity (from ``doc._.entities``) gives the entity and its canonical
name; ``il``/``elle``/``lui`` go to the most recent compatible speaker or person subject
(gender from ``Mme``/``M.`` and ``la``/``le`` titles when known); a description that repeats an
entity's role (``le ministre``) goes to the most recent such entity; anything else keeps the
description as written. ``via`` is the medium relaying a quote (``à l'AFP``, ``sur France
Inter``, ``…, selon l'agence « Tass »`` after an attributed quote).

Confidence: a base per form, times a factor for how the speaker was found.
Base: direct with a cue 0.9; mixed 0.8; indirect after ``que``/colon 0.8; according_to 0.75;
indirect with a plain object or infinitive 0.65; floating direct and headline forms 0.6.
Speaker factor: named entity 1.0; pronoun, relative or role resolved to an entity 0.9;
unresolved description 0.85; speaker taken from context (participle, floating) 0.8; none 0.5.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Token

from veille import demonyms, lexicon
from veille.lexicon import LexiconError, read_table
from veille.model import Entity, Quote, QuoteType, Span, Speaker
from veille.normalize import CLOSE_QUOTES, OPEN_QUOTES, fold, strip_accents

log = logging.getLogger(__name__)

__all__ = ["CueEntry", "QuoteExtractor", "cue_entries", "quote_pairs"]

# ---------------------------------------------------------------------------------------------
# Lexicon


@dataclass(frozen=True)
class CueEntry:
    """One row of ``reporting_verbs.tsv``."""

    cue: str  # as written in the file
    kind: Literal["verb", "source"]
    object: bool  # a plain object / infinitive is reported content
    example: str
    lemma: str  # the verb lemma (accents off), "" for a preposition
    tail: str  # fixed words after the verb ("l'accent sur"), "" if none
    pronominal: bool


@cache
def cue_entries() -> tuple[CueEntry, ...]:
    """``reporting_verbs.tsv``, validated at load time."""
    name = "reporting_verbs.tsv"
    out: dict[str, CueEntry] = {}
    for row in read_table(name):
        cue = " ".join(row["cue"].replace("’", "'").lower().split())
        kind, obj = row["kind"], row["object"]
        if kind not in ("verb", "source"):
            raise LexiconError(f"{name}: {cue!r}: unknown kind {kind!r}")
        if obj not in ("yes", "no"):
            raise LexiconError(f"{name}: {cue!r}: object must be yes or no, not {obj!r}")
        if not row["example"]:
            raise LexiconError(f"{name}: {cue!r} has no example sentence")
        if cue in out:
            raise LexiconError(f"{name}: duplicate cue {cue!r}")
        words = cue.split()
        pronominal = words[0] in ("se", "s'") or cue.startswith("s'")
        if cue.startswith("s'") and words[0] != "s'":
            words = ["s'", words[0][2:], *words[1:]]
        if pronominal:
            words = words[1:]
        lemma, tail = "", ""
        if kind == "verb" or (len(words) > 1 and words[0].endswith(("er", "ir", "re"))):
            lemma, tail = _plain(words[0]), " ".join(words[1:])
        out[cue] = CueEntry(cue, kind, obj == "yes", row["example"], lemma, tail, pronominal)  # type: ignore[arg-type]
    return tuple(out.values())


@cache
def _verb_index() -> dict[str, tuple[CueEntry, ...]]:
    index: dict[str, list[CueEntry]] = {}
    for e in cue_entries():
        if e.lemma:
            index.setdefault(e.lemma, []).append(e)
    # fixed phrases and pronominal forms first, then the plain verb
    return {
        k: tuple(sorted(v, key=lambda e: (-len(e.tail), not e.pronominal)))
        for k, v in index.items()
    }


@cache
def _sources() -> frozenset[str]:
    return frozenset(e.cue for e in cue_entries() if e.kind == "source" and not e.lemma)


@cache
def _words() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {
        k: set() for k in ("time", "negation", "media", "document", "term", "org_head")
    }
    for row in read_table("quotes_words.tsv"):
        if row["kind"] not in kinds:
            raise LexiconError(f"quotes_words.tsv: {row['word']!r}: bad kind {row['kind']!r}")
        kinds[row["kind"]].add(_plain(row["word"]))
    return {k: frozenset(v) for k, v in kinds.items()}


@cache
def _role_words() -> frozenset[str]:
    """First words of the roles lexicon (``ministre``, ``porte-parole``): human descriptions."""
    return frozenset(_plain(r.words.split()[0]) for r in lexicon.roles() if not r.honorific)


def _plain(text: str) -> str:
    """Lowercase, typography folded, accents off (same length)."""
    return strip_accents(fold(text).lower())


# Regular conjugation: endings of the -er, -ir (2nd group) and -ire (dire, écrire) verbs, accents
# off. A token whose text is stem + ending is the verb stem + er/ir/ire.
_ER = [
    "e",
    "es",
    "ent",
    "ons",
    "ez",
    "e",
    "ee",
    "es",
    "ees",
    "er",
    "ant",
    "ait",
    "aient",
    "ais",
    "a",
    "ai",
    "as",
    "erent",
    "era",
    "eras",
    "erai",
    "eront",
    "erait",
    "eraient",
    "erez",
    "erons",
    "iez",
    "ions",
    "eant",
    "eait",
    "eaient",
    "eons",
    "le",
    "les",
    "lent",
]
_IR = [
    "i",
    "is",
    "it",
    "ie",
    "ies",
    "ir",
    "issent",
    "issant",
    "issait",
    "issaient",
    "ira",
    "irait",
    "iront",
]
_IRE = [
    "it",
    "is",
    "ite",
    "ites",
    "isent",
    "isait",
    "isaient",
    "isant",
    "ivent",
    "ivait",
    "ivaient",
    "ivant",
    "ire",
]
_ENDINGS = sorted(
    {(e, "er") for e in _ER} | {(e, "ir") for e in _IR} | {(e, "ire") for e in _IRE},
    key=lambda p: -len(p[0]),
)


def _lemmas(tok: Token) -> list[str]:
    """Candidate lemmas of ``tok`` (accents off): spaCy's, then the regular conjugations."""
    out = [_plain(tok.lemma_)]
    word = _plain(tok.text)
    for ending, group in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= (1 if group == "ire" else 3):
            out.append(word[: len(word) - len(ending)] + group)
    return out


# ---------------------------------------------------------------------------------------------
# Quotation marks

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
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if before.isspace() or before in "([-'’":
                opens = True
            elif after.isspace() or after in ",;:.!?)]…-":
                opens = False
            elif before == '"':
                opens = not prev_straight if prev_straight is not None else True
            else:
                opens = not prev_straight if prev_straight is not None else True
            if opens and stack and stack[-1][1] == "s":
                # '"' opening while one is open: a closing one glued to a word ("mot"suite)
                opens = before.isspace() is False and after.isspace()
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


# ---------------------------------------------------------------------------------------------
# The component


@dataclass
class _Unit:
    """A stretch of text processed at once: one sentence, or several joined by a quotation."""

    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int


@dataclass
class _Found:
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
class _Resolved:
    speaker: Speaker | None
    factor: float
    entity: Entity | None = None


@dataclass
class _State:
    doc: Doc
    text: str
    plain: str  # _plain(text): same length
    pairs: list[tuple[int, int]]
    entities: list[Entity]
    mentions: list[tuple[int, int, Entity, str]]  # start, end, entity, kind
    gender: dict[str, str]
    salience: list[tuple[int, Entity]] = field(default_factory=list)
    found: list[_Found] = field(default_factory=list)
    last_speaker: tuple[int, _Resolved] | None = None
    history: list[tuple[int, _Resolved]] = field(default_factory=list)
    subjects: dict[int, bool] = field(default_factory=dict)  # name mention start -> is subject
    media: frozenset[str] = frozenset()  # ids of entities named after a media word


_PREPS = frozenset(
    ["de", "du", "des", "d'", "a", "au", "aux", "pour", "par", "chez", "sur", "contre", "avec"]
)
_SUBJ_PRONOUNS = frozenset(["il", "elle", "ils", "elles", "lui", "eux", "on"])
_RELATIVES = frozenset(
    ["qui", "que", "qu'", "dont", "lequel", "laquelle", "lesquels", "lesquelles"]
)
_CLITIC = re.compile(r"\s*(?:-\s*t\s*-|-|t\s*-|-\s*t\s+)\s*(ils|il|elles|elle|on)(?![\w])")
_PP_HEADS = frozenset(
    ["a", "au", "aux", "sur", "dans", "lors", "depuis", "devant", "aupres", "en", "via", "apres",
     "avant", "pendant", "par", "lors", "face", "chez", "durant", "selon"]
)  # fmt: skip
_STRONG_PUNCT = frozenset([".", "!", "?", ";"])
_NEG = frozenset(["ne", "n'"])
_DECAY = 400.0  # characters: how fast an entity's salience fades


class QuoteExtractor:
    """Sets ``doc._.quotes``. Reads ``doc._.entities`` (for speaker names) and the parse."""

    def __call__(self, doc: Doc) -> Doc:
        st = self._state(doc)
        for unit in self._units(doc, st):
            self._unit(st, unit)
        doc._.quotes = self._finish(st)
        return doc

    # -- setup --------------------------------------------------------------------------

    @staticmethod
    def _state(doc: Doc) -> _State:
        text = doc.text
        ents: list[Entity] = list(doc._.entities or [])
        mentions = sorted(
            ((m.start, m.end, e, m.kind) for e in ents for m in e.mentions), key=lambda x: x[0]
        )
        plain = _plain(text)
        gender: dict[str, str] = {}
        for s, _e, ent, kind in mentions:
            if ent.type != "PER":
                continue
            before = plain[max(0, s - 9) : s]
            low = plain[s : s + 4]
            g = None
            if re.search(r"\b(mme|madame|mlle)\.?\s*$", before):
                g = "f"
            elif re.search(r"\b(m\.|monsieur)\s*$", before):
                g = "m"
            elif kind == "title" and low.startswith("la "):
                g = "f"
            elif kind == "title" and low.startswith("le "):
                g = "m"
            if g and ent.id not in gender:
                gender[ent.id] = g
        st = _State(doc, text, plain, quote_pairs(text), ents, mentions, gender)
        media_words = _words()["media"]
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
        return st

    @staticmethod
    def _units(doc: Doc, st: _State) -> list[_Unit]:
        sents = [s for s in doc.sents if s.text.strip()]
        units: list[_Unit] = []
        for s in sents:
            u = _Unit(s.start_char, s.end_char, s.start, s.end)
            if units:
                prev = units[-1]
                first = s.text.lstrip()[:1]
                crossing = any(o < u.start < c for o, c in st.pairs)
                glued_lower = first.islower() and "\n" not in st.text[prev.end : u.start]
                lead = u.start + len(s.text) - len(s.text.lstrip())
                close_first = any(c == lead for _o, c in st.pairs)
                if crossing or glued_lower or close_first or first in ",;:":
                    prev.end, prev.tok_end = u.end, u.tok_end
                    continue
            units.append(u)
        return units

    # -- one unit -----------------------------------------------------------------------

    def _unit(self, st: _State, u: _Unit) -> None:
        pairs = [p for p in st.pairs if u.start <= p[0] < u.end]
        cues = self._find_cues(st, u, pairs)
        before = len(st.found)
        zones = [c.zone for c in cues if self._is_boundary(st, c)]
        prev_res: _Resolved | None = None
        for cue in cues:
            nxt = [z for z in zones if z > cue.anchor]
            limit = min(nxt) if nxt else u.end
            res = self._speaker(st, u, cue, prev_res)
            if res.speaker is not None:
                prev_res = res
            self._content(st, u, cue, res, pairs, limit)
        self._headline(st, u, pairs)
        self._floating(st, u, pairs, before)

    @staticmethod
    def _is_boundary(st: _State, cue: _Cue) -> bool:
        """Whether a cue starts a new attribution that ends the content of the one before:
        an inversion, or a cue (or its subject) after a comma or semicolon."""
        if cue.inverted:
            return True
        if cue.entry is not None and not cue.entry.example:
            return False  # a verb outside the lexicon
        rest = st.text[cue.zone : cue.cue[0]]
        if cue.subject is not None and cue.subject[0] < cue.cue[0]:
            rest = st.text[cue.zone : cue.subject[0]]
        return "," in rest or ";" in rest

    # -- cues ---------------------------------------------------------------------------

    def _find_cues(self, st: _State, u: _Unit, pairs: list[tuple[int, int]]) -> list[_Cue]:
        doc = st.doc
        out: list[_Cue] = []
        sources = _sources()
        index = _verb_index()
        i = u.tok_start
        while i < u.tok_end:
            tok = doc[i]
            low = _plain(tok.text)
            cue: _Cue | None = None
            if (
                low in sources
                or (low == "d'" and i + 1 < u.tok_end and _plain(doc[i + 1].text) == "apres")
                or (low == "de" and _plain(doc[i + 1].text if i + 1 < len(doc) else "") == "source")
                or (low == "pour" and tok.text == "Pour" and self._clause_initial(st, u, i))
            ):
                cue = self._source_cue(st, u, i)
            elif tok.is_alpha and len(low) > 2:
                known = False
                for lem in _lemmas(tok):
                    entries = index.get(lem)
                    if entries:
                        known = True
                        cue = self._verb_cue(st, u, i, entries, pairs)
                        if cue is not None:
                            break
                if not known and tok.pos_ == "VERB" and tok.text.islower():
                    # any verb inverted right after a quotation: « … », ironise-t-il
                    cue = self._verb_cue(st, u, i, (_generic(tok),), pairs)
                    if cue is not None and not (
                        cue.after_quote
                        and (cue.clitic or st.text[cue.zone : cue.cue[0]].strip() == ",")
                    ):
                        cue = None
            if cue is not None:
                out.append(cue)
                i = max(i + 1, cue.verb_end)
            else:
                i += 1
        return out

    @staticmethod
    def _clause_initial(st: _State, u: _Unit, i: int) -> bool:
        doc = st.doc
        j = i - 1
        while j >= u.tok_start and (doc[j].is_space or _plain(doc[j].text) in ("mais", "et", "-")):
            j -= 1
        return j < u.tok_start or doc[j].text in (":", ";", "(")

    def _source_cue(self, st: _State, u: _Unit, i: int) -> _Cue | None:
        doc = st.doc
        low = _plain(doc[i].text)
        j = i + 1
        if low == "d'" or low == "de":
            j = i + 2
        cue_end = j
        # the source noun phrase: up to a comma, a verb, a strong stop or a quotation
        k = j
        if low == "de":
            k = i + 1  # "de source militaire": "source militaire" is the speaker
        np_start = k
        if k < u.tok_end and _plain(doc[k].text) in _RELATIVES:
            k += 1  # "selon qui", "selon laquelle"
        while (k < u.tok_end and k > np_start and _plain(doc[k - 1].text) not in _RELATIVES) or (
            k == np_start and k < u.tok_end
        ):
            t = doc[k]
            if t.text in (",", ".", ";", ":", "!", "?", ")", "(") or t.is_space:
                break
            if t.text in OPEN_QUOTES | CLOSE_QUOTES and not _is_name_quote(st, t.idx):
                break
            if t.pos_ in ("VERB", "AUX") and k > np_start and _plain(t.text) not in ("russe",):
                break
            if t.text == "-" and k > np_start:
                break
            k += 1
        if k == np_start:
            return None
        if low == "pour":
            # "Pour lui, …", "Pour le ministre, …": a person, and a comma closes the phrase
            if k >= u.tok_end or doc[k].text != "," or k - np_start > 8:
                return None
            words = {_plain(t.text) for t in doc[np_start:k]}
            s, e = doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text)
            person = any(ent.type == "PER" for ms, me, ent, _ in st.mentions if s <= ms < e) or (
                words & (_SUBJ_PRONOUNS | _role_words() | {"expert", "experte", "specialiste"})
            )
            if not person:
                return None
        s_char, e_char = doc[i].idx, doc[cue_end - 1].idx + len(doc[cue_end - 1].text)
        np = (doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text))
        return _Cue(
            kind="source",
            entry=None,
            cue=(s_char, e_char),
            verb=doc[i],
            verb_end=k,
            group_start=i,
            inverted=False,
            subject=np,
            subject_tok=doc[np_start],
            zone=_zone_before(st, doc[i].idx, u),
            anchor=doc[i].idx,
            after=k,
        )

    def _verb_cue(
        self,
        st: _State,
        u: _Unit,
        i: int,
        entries: tuple[CueEntry, ...],
        pairs: list[tuple[int, int]],
    ) -> _Cue | None:
        doc = st.doc
        tok = doc[i]
        # group: auxiliaries, reflexive pronoun, clitics before the verb
        g = i
        auxes = [c for c in tok.children if c.dep_.startswith("aux") and c.i < i]
        if auxes:
            g = min(c.i for c in auxes)
        # adjacent auxiliary the parser did not attach ("a-t-il tweeté")
        j = i - 1
        while j >= u.tok_start and (
            doc[j].pos_ == "ADV"
            or _plain(doc[j].text) in ("-t", "t", "-il", "-elle", "-ils", "-elles", "-on")
            or doc[j].dep_ == "expl:subj"
        ):
            j -= 1
        if (
            j >= u.tok_start
            and doc[j].lemma_ in ("avoir", "être")
            and doc[j].pos_ in ("AUX", "VERB")
            and j < g
            and i - j <= 6
        ):
            g = j
        refl = g - 1
        has_refl = refl >= u.tok_start and _plain(doc[refl].text) in (
            "se",
            "s'",
            "me",
            "m'",
            "nous",
            "vous",
            "te",
            "t'",
        )
        rest = st.plain[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 40]
        entry: CueEntry | None = None
        tail_len = 0
        for e in entries:
            if e.pronominal and not has_refl:
                continue
            if e.tail:
                m = re.match(
                    r"\s*"
                    + r"\s*".join(
                        re.escape(w) for w in re.split(r"(?<=')|\s+", _plain(e.tail)) if w
                    )
                    + r"(?![\w])",
                    rest,
                )
                if not m:
                    continue
                tail_len = m.end()
            entry = e
            break
        if entry is None:
            return None
        if has_refl:
            g = refl
        # forms: finite verb, past participle with avoir/être, present participle, infinitive
        # after "avoir"/"de"; a noun or adjective only when inverted or after an auxiliary
        morph = tok.morph
        verbform = morph.get("VerbForm")
        clitic_at = None
        for t in (tok, *([doc[g]] if g != i else [])):
            m = _CLITIC.match(st.plain, t.idx + len(t.text))
            if m:
                clitic_at = (m.start(1), m.end(1))
                break
        prev = doc[g - 1] if g - 1 >= u.tok_start else None
        prev_text = prev.text if prev is not None else ""
        after_aux = g != i
        tagged_noun = tok.pos_ not in ("VERB", "AUX")
        if tagged_noun:
            # the tagger reads "Le rapporteur juge que…" as a noun: a following "que" or
            # colon, an inversion or an auxiliary make it the verb
            nxt = _plain(doc[i + 1].text) if i + 1 < u.tok_end else ""
            if prev is not None and prev.pos_ == "DET" and not after_aux:
                return None
            if not (
                clitic_at
                or after_aux
                or prev_text in (",",)
                or prev_text in CLOSE_QUOTES
                or nxt in ("que", "qu'", ":")
            ):
                return None
            if tok.is_title and not (clitic_at or after_aux):
                return None
        if "Part" in verbform and "Past" in morph.get("Tense") and not after_aux and not clitic_at:
            return None  # "accusé de", "décrite comme": a passive participle
        if "Inf" in verbform:
            p = _plain(prev_text)
            if p not in ("avoir", "d'", "de") and not (prev is not None and prev.lemma_ == "avoir"):
                return None
        if tok.pos_ == "AUX":
            return None
        if _in_pair(pairs, tok.idx) and (
            not self._is_incise(st, u, g, i, clitic_at)
            or (clitic_at is None and self._left_subject(st, tok, g, u) is not None)
        ):
            return None
        if self._negated(st, u, g, i):
            return None
        verb_end_char = tok.idx + len(tok.text) + tail_len
        k = i + 1
        while k < u.tok_end and doc[k].idx < verb_end_char:
            k += 1
        subj_left = self._left_subject(st, tok, g, u)
        inverted = bool(clitic_at)
        after_quote = prev is not None and (
            _closes_pair(pairs, prev.idx)
            or (prev_text == "," and g - 2 >= u.tok_start and _closes_pair(pairs, doc[g - 2].idx))
        )
        participle = "Part" in verbform and "Pres" in morph.get("Tense")
        if subj_left is None and tagged_noun and not clitic_at and not after_quote:
            subj_left = _np_before(st, g, u)
        if not inverted and subj_left is None and not participle and "Inf" not in verbform:
            if after_quote or (prev_text == "," and not _que_follows(doc, k, u, 10)):
                inverted = True
            elif any(c.dep_.startswith("nsubj") and c.i > i for c in tok.children):
                inverted = (
                    g > u.tok_start and not doc[g - 1].is_punct and not _que_follows(doc, k, u)
                )
        reported = any(
            "Cnd" in t.morph.get("Mood") for t in (doc[g], tok) if t.pos_ in ("AUX", "VERB")
        )
        start_char = doc[g].idx
        if participle and not clitic_at and g > u.tok_start and _plain(doc[g - 1].text) == "en":
            start_char = doc[g - 1].idx  # the gerund: "en soulignant"
            g -= 1
        zone = _zone_before(st, start_char, u) if inverted or subj_left is None else subj_left[0]
        if subj_left is not None and not inverted:
            zone = _zone_before(st, subj_left[0], u)
        return _Cue(
            kind="verb",
            entry=entry,
            cue=(start_char, verb_end_char),
            verb=tok,
            verb_end=k,
            group_start=g,
            inverted=inverted,
            subject=subj_left,
            subject_tok=None,
            zone=zone,
            anchor=tok.idx,
            after=k,
            clitic=clitic_at,
            reported=reported,
            after_quote=after_quote,
        )

    @staticmethod
    def _left_subject(st: _State, tok: Token, g: int, u: _Unit) -> tuple[int, int] | None:
        """Char span of the subject left of the cue (parse), or None. Words inside a
        quotation are never the subject of a cue outside it."""
        doc = st.doc
        heads = [tok]
        if tok.dep_ in ("xcomp", "dep", "conj"):
            heads.append(tok.head)
        if g != tok.i:
            heads.append(doc[g])  # "Poutine a fait savoir": the subject of "fait"
        inside = _in_pair(st.pairs, tok.idx)
        for h in heads:
            for c in h.children:
                if not (c.dep_.startswith("nsubj") and u.tok_start <= c.i < g):
                    continue
                if _in_pair(st.pairs, c.idx) and not inside:
                    continue
                if any(doc[k].text in _STRONG_PUNCT for k in range(c.i, g)):
                    continue
                return _np_span(doc, c, g, u)
        return None

    @staticmethod
    def _is_incise(st: _State, u: _Unit, g: int, i: int, clitic: tuple[int, int] | None) -> bool:
        doc = st.doc
        if g <= u.tok_start or doc[g - 1].text != ",":
            return False
        if clitic is not None:
            return True
        return bool(re.match(r"[^,.!?\"]{1,80},", st.plain[doc[i].idx :]))

    @staticmethod
    def _negated(st: _State, u: _Unit, g: int, i: int) -> bool:
        doc = st.doc
        lo = max(u.tok_start, g - 2)
        neg_before = any(_plain(doc[j].text) in _NEG for j in range(lo, i))
        if not neg_before:
            return False
        hi = min(u.tok_end, i + 2)
        return any(_plain(doc[j].text) in _words()["negation"] for j in range(g, hi))

    # -- speakers -----------------------------------------------------------------------

    def _speaker(self, st: _State, u: _Unit, cue: _Cue, prev: _Resolved | None) -> _Resolved:
        doc = st.doc
        if cue.kind == "source":
            assert cue.subject is not None
            s, e = cue.subject
            if _plain(st.text[s:e]) in _RELATIVES:
                return self._relative(st, u, cue.verb, s, e)
            return self._resolve_span(st, cue.subject, source=True)
        if cue.entry is not None and cue.entry.kind == "source":
            # "a-t-on appris auprès de l'armée": the source follows the cue
            span = self._subject_after(st, u, cue)
            if span is None:
                return _Resolved(None, 0.5)
            cue.subject = span
            return self._resolve_span(st, span, source=True)
        if cue.clitic is not None:
            s, e = cue.clitic
            after = cue.after
            while after < u.tok_end and st.doc[after].idx < e:
                after += 1
            cue.via = self._via_after(st, u, after)
            return self._pronoun(st, s, e)
        if cue.subject is not None and not cue.inverted:
            s, e = cue.subject
            words = _plain(st.text[s:e])
            if words in _RELATIVES:
                return self._relative(st, u, cue.verb, s, e)
            r = self._resolve_span(st, cue.subject)
            if r.entity is None and r.speaker is not None and r.speaker.name[:1].islower():
                # "Kayleigh McEnany, porte-parole de la Maison Blanche, a dénoncé"
                appo = self._apposed_name(st, u, s)
                if appo is not None:
                    return appo
            return r
        if cue.inverted:
            span = self._subject_after(st, u, cue)
            if span is not None:
                cue.subject = span
                return self._resolve_span(st, span)
            return _Resolved(None, 0.5)
        # participle, infinitive, subjectless coordination: the clause's speaker
        if prev is not None and prev.speaker is not None:
            return _Resolved(prev.speaker, 0.8, prev.entity)
        vt = cue.verb
        h = vt
        for _ in range(3):
            if h.head.i == h.i:
                break
            h = h.head
            for c in h.children:
                if (
                    c.dep_.startswith("nsubj")
                    and u.tok_start <= c.i
                    and c.i != vt.i
                    and not _in_pair(st.pairs, c.idx)
                    and _plain(c.text) not in ("je", "j'", "nous", "on", "tu", "vous")
                ):
                    span = _np_span(doc, c, h.i if h.i > c.i else c.right_edge.i + 1, u)
                    if span is not None:
                        r = self._resolve_span(st, span)
                        if r.speaker is not None:
                            return _Resolved(r.speaker, min(r.factor, 0.9), r.entity)
        if st.last_speaker is not None and cue.anchor - st.last_speaker[0] < 400:
            r = st.last_speaker[1]
            return _Resolved(r.speaker, 0.8, r.entity)
        return _Resolved(None, 0.5)

    def _relative(self, st: _State, u: _Unit, verb: Token, s: int, e: int) -> _Resolved:
        """The speaker of ``qui a souligné``, ``selon qui``, ``selon laquelle``: the antecedent."""
        ante = self._antecedent(st, u, verb, s)
        mention = Span(st.text[s:e], s, e)
        if ante is None:
            return _Resolved(Speaker(st.text[s:e], None, mention), 0.5)
        r = self._resolve_span(st, ante)
        if r.speaker is None:
            return _Resolved(Speaker(st.text[s:e], None, mention), 0.5)
        return _Resolved(Speaker(r.speaker.name, r.speaker.entity, mention), 0.9, r.entity)

    @staticmethod
    def _antecedent(st: _State, u: _Unit, verb: Token, rel_start: int) -> tuple[int, int] | None:
        """Char span of the noun phrase a relative pronoun at ``rel_start`` stands for."""
        doc = st.doc
        rel = doc.char_span(rel_start, rel_start + 1, alignment_mode="expand")
        if rel is None:
            return None
        q = rel[0].i
        j = q - 1
        while j >= u.tok_start and (
            doc[j].is_punct or doc[j].is_space or _plain(doc[j].text) == "selon"
        ):
            j -= 1
        if j < u.tok_start:
            return None
        cand = doc[j]
        if verb.dep_.startswith("acl") and verb.head.i < q and q - verb.head.i < 12:
            cand = verb.head
        else:
            # up from the last word to the head noun: "étrangères" -> "ministre"
            for _ in range(4):
                h = cand.head
                if (
                    h.i >= cand.i
                    or q - h.i > 12
                    or cand.dep_
                    not in ("amod", "nmod", "flat:name", "flat", "appos", "nummod", "fixed")
                ):
                    break
                cand = h
        # the name just before the pronoun wins: "a dit Poutine qui a souligné"
        for ms, me, ent, _kind in st.mentions:
            if ms <= doc[j].idx < me and ent.type != "LOC":
                if _prep_before(st, ms) and cand.i != j:
                    break
                return ms, me
        lo = cand.left_edge.i
        if lo < u.tok_start or q - lo > 15:
            lo = cand.i
            while lo > u.tok_start and doc[lo - 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN"):
                lo -= 1
        return doc[lo].idx, doc[j].idx + len(doc[j].text)

    def _apposed_name(self, st: _State, u: _Unit, s: int) -> _Resolved | None:
        """A person's name right before a description subject, after a comma or not."""
        j = s
        while j > u.start and st.text[j - 1] in " ,\u00a0":
            j -= 1
        for ms, me, ent, kind in st.mentions:
            if me == j and ent.type == "PER" and kind == "name":
                return _Resolved(Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me)), 1.0, ent)
        return None

    def _subject_after(self, st: _State, u: _Unit, cue: _Cue) -> tuple[int, int] | None:
        doc = st.doc
        k = cue.after
        words = _words()
        n = 0
        while k < u.tok_end and n < 25:
            n += 1
            t = doc[k]
            low = _plain(t.text)
            if t.is_space or (t.pos_ == "ADV" and t.text.islower()) or low in words["time"]:
                k += 1
                continue
            if low in _PP_HEADS:
                # a prepositional phrase ("à l'AFP", "sur Twitter", "à plusieurs reprises")
                k2 = k + 1
                while (
                    k2 < u.tok_end
                    and not doc[k2].is_punct
                    and doc[k2].pos_ in ("DET", "ADJ", "NUM", "ADP")
                ) or (k2 < u.tok_end and _plain(doc[k2].text) in ("de", "d'", "du", "des")):
                    k2 += 1
                if (
                    k2 < u.tok_end
                    and doc[k2].pos_ in ("NOUN", "PROPN", "X")
                    and not doc[k2].is_punct
                ):
                    if cue.via is None:
                        cue.via = self._via_at(st, doc[k + 1].idx, doc[k2].idx + len(doc[k2].text))
                    k = k2 + 1
                    m = next((m for m in st.mentions if m[0] <= doc[k2].idx < m[1]), None)
                    while m is not None and k < u.tok_end and doc[k].idx < m[1]:
                        k += 1  # the rest of the name: "sur France Inter"
                    continue
                return None
            break
        if k >= u.tok_end or n >= 25:
            return None
        t = doc[k]
        if t.is_punct and t.text not in OPEN_QUOTES:
            return None
        start = k
        end = k
        while end < u.tok_end:
            t = doc[end]
            low = _plain(t.text)
            if t.is_space or t.text in (",", ".", ";", ":", "!", "?", "(", ")"):
                break
            if t.text in OPEN_QUOTES | CLOSE_QUOTES:
                if _is_name_quote(st, t.idx):
                    end += 1
                    continue
                break
            if low in _RELATIVES or (
                t.pos_ in ("VERB", "AUX") and end > start and not t.text[:1].isupper()
            ):
                break
            if low in _PP_HEADS - {"a", "au", "aux"} and end > start:
                break
            if low in ("a", "au", "aux") and end > start and not self._role_complement(doc, end):
                break
            end += 1
        if end == start:
            return None
        # apposition of a name: "l'adjoint à la culture de la mairie, Fabien Robert,"
        if end + 1 < u.tok_end and doc[end].text == "," and _is_name_start(st, doc[end + 1].idx):
            m = _mention_at(st, doc[end + 1].idx)
            if m is not None and m[2].type == "PER":
                s2 = m[1]
                end2 = end + 1
                while end2 < u.tok_end and doc[end2].idx < s2:
                    end2 += 1
                end = end2
        s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if cue.via is None:
            cue.via = self._via_after(st, u, end)
        return s, e

    @staticmethod
    def _role_complement(doc: Doc, k: int) -> bool:
        """``à`` inside a role: ``adjoint à la culture``, ``secrétaire d'État auprès de``."""
        return k > 0 and _plain(doc[k - 1].text) in (
            "adjoint",
            "adjointe",
            "delegue",
            "deleguee",
            "secretaire",
        )

    def _via_after(self, st: _State, u: _Unit, k: int) -> Speaker | None:
        doc = st.doc
        n = 0
        while k < u.tok_end and n < 8:
            low = _plain(doc[k].text)
            if low in ("a", "au", "aux", "sur", "dans", "aupres"):
                j = k + 1
                while j < u.tok_end and j - k < 6 and doc[j].text not in (",", "."):
                    j += 1
                return self._via_at(
                    st,
                    doc[k + 1].idx if k + 1 < len(doc) else doc[k].idx,
                    doc[j - 1].idx + len(doc[j - 1].text),
                )
            if doc[k].text in (",", ".", ";"):
                return None
            k += 1
            n += 1
        return None

    @staticmethod
    def _via_at(st: _State, s: int, e: int) -> Speaker | None:
        for ms, me, ent, _kind in st.mentions:
            if s <= ms < e and ent.type == "ORG":
                return Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me))
        return None

    def _pronoun(self, st: _State, s: int, e: int) -> _Resolved:
        word = _plain(st.text[s:e])
        mention = Span(st.text[s:e], s, e)
        ent = self._antecedent_entity(st, s, word)
        if ent is not None:
            if word in ("il", "elle") and ent.type == "PER":
                st.gender.setdefault(ent.id, "f" if word == "elle" else "m")
            return _Resolved(Speaker(ent.name, ent.id, mention), 0.9, ent)
        if st.last_speaker is not None and st.last_speaker[1].speaker is not None:
            sp = st.last_speaker[1].speaker
            return _Resolved(Speaker(sp.name, sp.entity, mention), 0.8, st.last_speaker[1].entity)
        return _Resolved(Speaker(st.text[s:e], None, mention), 0.5)

    def _antecedent_entity(self, st: _State, pos: int, word: str) -> Entity | None:
        """The most salient compatible entity before ``pos`` for a pronoun."""
        want = {"il": "m", "lui": "m", "elle": "f"}.get(word)
        if word in ("ils", "elles", "eux"):
            return None  # plural: a group the entities do not list
        ent = self._salient(st, pos, want, ("PER",))
        if ent is None and word == "il":
            ent = self._salient(st, pos, None, ("ORG",))  # "le ministère …, souligne-t-il"
        return ent

    @staticmethod
    def _salient(
        st: _State,
        pos: int,
        gender: str | None,
        types: tuple[str, ...],
        exclude_roles: str | None = None,
        media: bool = False,
    ) -> Entity | None:
        """The entity with the highest salience before ``pos``: speakers and person subjects
        count most, every name mention outside quotations counts, all decaying with distance.
        ``exclude_roles``: a role head the entity must not contradict (a person known as
        ``président`` is not ``le Premier ministre``)."""
        scores: dict[str, float] = {}
        by_id = {e.id: e for e in st.entities}

        def ok(ent: Entity) -> bool:
            if ent.type not in types:
                return False
            g = st.gender.get(ent.id)
            if gender and g and g != gender:
                return False
            if media and ent.id not in st.media:
                return False
            if exclude_roles and ent.roles:
                return any(_plain(r.text).startswith(exclude_roles) for r in ent.roles)
            return True

        for p, ent in st.salience:
            if p < pos and ok(ent):
                scores[ent.id] = scores.get(ent.id, 0.0) + 3.0 * math.exp(-(pos - p) / _DECAY)
        for ms, _me, ent, kind in st.mentions:
            if ms >= pos or kind != "name" or _in_pair(st.pairs, ms) or not ok(ent):
                continue
            w = 1.0 if st.subjects.get(ms) else 0.3
            scores[ent.id] = scores.get(ent.id, 0.0) + w * math.exp(-(pos - ms) / _DECAY)
        if not scores:
            return None
        return by_id[max(scores, key=lambda k: scores[k])]

    def _resolve_span(self, st: _State, span: tuple[int, int], source: bool = False) -> _Resolved:
        s, e = span
        text = st.text[s:e]
        stripped = text.strip(' ,;:"«»“”')
        if stripped != text:
            off = text.index(stripped) if stripped else 0
            s, e = s + off, s + off + len(stripped)
            text = stripped
        mention = Span(text, s, e)
        word = _plain(text)
        if word in _SUBJ_PRONOUNS:
            return self._pronoun(st, s, e)
        cands = []
        for ms, me, ent, kind in st.mentions:
            if me <= s or ms >= e or ent.type == "MISC":
                continue
            after_prep = ms > s and _prep_before(st, ms)
            if after_prep and not (source and _is_document(st, s, ms)):
                continue
            cands.append((ms, me, ent, kind))
        if cands:
            per = [c for c in cands if c[2].type == "PER"]
            pick = per[-1] if per else cands[0]
            ent = pick[2]
            return _Resolved(
                Speaker(ent.name, ent.id, mention), 1.0 if pick[3] == "name" else 0.9, ent
            )
        # a description repeating a known role: "le ministre" -> the most recent such person
        ent = self._by_role(st, s, text)
        if ent is None and not source:
            earlier = self._same_description(st, s, text)
            if earlier is not None:
                return _Resolved(Speaker(earlier, None, mention), 0.85)
            ent = self._definite(st, s, text)
        if ent is not None:
            if ent.type == "PER" and word.startswith(("la ", "le ")):
                st.gender.setdefault(ent.id, "f" if word.startswith("la ") else "m")
            return _Resolved(Speaker(ent.name, ent.id, mention), 0.9, ent)
        return _Resolved(Speaker(text, None, mention), 0.85)

    @staticmethod
    def _same_description(st: _State, pos: int, text: str) -> str | None:
        """``le porte-parole`` after ``le porte-parole de l'exécutif allemand`` spoke: the
        same unresolved speaker, with its fuller description."""
        words = _plain(text).replace("'", "' ").split()
        if len(words) < 2:
            return None
        for p, r in reversed(st.history):
            if p >= pos or r.speaker is None or r.speaker.entity is not None:
                continue
            other = _plain(r.speaker.name).replace("'", "' ").split()
            if len(other) > len(words) and other[: len(words)] == words:
                return r.speaker.name
        return None

    def _definite(self, st: _State, pos: int, text: str) -> Entity | None:
        """``le président américain``, ``la doyenne de la Cour``, ``ce dernier``, ``le journal``:
        a definite singular description refers to the most salient compatible entity.
        Indefinite, possessive and plural descriptions (``un responsable``, ``ses proches``,
        ``les manifestants``) stay as written."""
        words = _plain(text).replace("'", "' ").split()
        if len(words) < 2 or words[0] not in ("le", "la", "l'", "ce", "cette", "cet"):
            return None
        if text.split()[1][:1].isupper() if " " in text else True:
            return None  # a name: "le Parisien", "la Corée du Nord"
        head = words[1]
        while head in ("ancien", "ancienne", "jeune", "nouveau", "nouvelle", "premier", "premiere"):
            if len(words) < 3:
                return None
            words = words[1:]
            head = words[1]
        if (
            head.endswith("s")
            and head not in ("dernier",)
            and not head.endswith(("ss", "us", "is"))
        ):
            return None  # a plural description
        if head in ("dernier", "derniere") and words[0] in ("ce", "cette"):
            last = [
                ent
                for ms, _me, ent, kind in st.mentions
                if ms < pos
                and kind == "name"
                and ent.type in ("PER", "ORG")
                and not _in_pair(st.pairs, ms)
            ]
            return last[-1] if last else None
        if head in _words()["document"] or head in _words()["term"]:
            return None
        gender = "f" if words[0] == "la" or head.endswith(("ice", "esse", "euse", "enne")) else None
        if words[0] == "le":
            gender = "m"
        words_ = _words()
        if head in words_["media"]:
            return self._salient(st, pos, None, ("ORG",), media=True)
        if head in words_["org_head"]:
            return self._salient(st, pos, None, ("ORG",))
        role = head if head in _role_words() else None
        return self._salient(st, pos, gender, ("PER",), exclude_roles=role)

    @staticmethod
    def _by_role(st: _State, pos: int, text: str) -> Entity | None:
        words = [w for w in _plain(text).replace("'", "' ").split() if w]
        while words and words[0] in ("le", "la", "l'", "les", "ce", "cet", "cette", "son", "sa"):
            words = words[1:]
        while words and words[0] in ("ancien", "ancienne", "ex", "ex-", "nouveau", "nouvelle"):
            words = words[1:]
        if words and words[0].startswith("ex-"):
            words[0] = words[0][3:]
        if not words:
            return None
        media = words[0] in _words()["media"]
        if not media and words[0] not in _role_words():
            return None
        desc = " ".join(words)
        # a complement ("ministre de l'Economie") must repeat a known role; a bare description
        # ("le ministre", "le président français", "le journal") is the latest compatible one
        bare = not any(w in ("de", "du", "des", "d'") for w in words[1:])
        country = next((c for w in words[1:] if (c := demonyms.country_of(w))), None)
        best: tuple[int, Entity] | None = None
        best_key: tuple[bool, int] = (False, -1)
        for ent in st.entities:
            if ent.type != ("ORG" if media else "PER"):
                continue
            role_match = any(
                _plain(r.text).startswith(desc) or desc.startswith(_plain(r.text))
                for r in ent.roles
            )
            if not role_match and not bare:
                continue
            if country is not None and ent.country not in (None, country):
                continue
            last = max(
                (
                    m.start
                    for m in ent.mentions
                    if m.start < pos and not _in_pair(st.pairs, m.start)
                ),
                default=None,
            )
            if last is None:
                continue
            if best is None or (role_match, last) > best_key:
                best, best_key = (last, ent), (role_match, last)
        return best[1] if best else None

    # -- content ------------------------------------------------------------------------

    def _content(
        self,
        st: _State,
        u: _Unit,
        cue: _Cue,
        res: _Resolved,
        pairs: list[tuple[int, int]],
        limit: int,
    ) -> None:
        if cue.kind == "source":
            self._source_content(st, u, cue, res, pairs, limit)
            return
        assert cue.entry is not None
        doc = st.doc
        made: list[_Found] = []
        inside = _pair_at(pairs, cue.anchor)
        if inside is not None:
            # incise: « A, a-t-il ajouté, B »
            o, c = inside
            comma = st.text.rfind(",", o, cue.cue[0])
            a = _trim(st.text, o + 1, comma if comma > o else cue.cue[0])
            after_sp = max(
                cue.cue[1],
                cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else 0,
                cue.clitic[1] if cue.clitic else 0,
            )
            comma2 = st.text.find(",", after_sp, c)
            b = _trim(st.text, (comma2 + 1) if comma2 >= 0 else after_sp, c, keep_final=True)
            for s, e in (a, b):
                if e - s > 0:
                    made.append(_Found("direct", s, e, cue.cue, res.speaker, 0.9 * res.factor))
        elif cue.inverted:
            zone_start = self._clause_start(st, u, cue)
            end = cue.zone
            s, e = _trim(st.text, zone_start, end)
            if e > s:
                t, s, e = self._classify(st, doc, pairs, s, e, inverted=True)
                if cue.entry.kind == "source":
                    t = "according_to"
                made.append(
                    _Found(
                        t, s, e, cue.cue, res.speaker, (0.9 if t == "direct" else 0.8) * res.factor
                    )
                )
        else:
            span = self._complement(st, u, cue, pairs, limit)
            if span is not None:
                s, e, how = span
                t, s, e = self._classify(st, doc, pairs, s, e)
                base = {"direct": 0.9, "mixed": 0.8}.get(t, 0.8 if how == "que" else 0.65)
                made.append(_Found(t, s, e, cue.cue, res.speaker, base * res.factor))
        for f in made:
            f.reported = cue.reported
            f.via = cue.via
            f.key = cue.cue
            st.found.append(f)
        if made and res.speaker is not None:
            st.last_speaker = (cue.anchor, res)
            st.history.append((cue.anchor, res))
            if res.entity is not None:
                st.salience.append((cue.anchor, res.entity))

    def _clause_start(self, st: _State, u: _Unit, cue: _Cue) -> int:
        """Where the content before an inverted cue starts: the unit start or the end of the
        previous quote in the unit."""
        start = u.start
        for f in st.found:
            if u.start <= f.end <= cue.zone and f.end > start:
                start = f.end + (1 if st.text[f.end : f.end + 1] in CLOSE_QUOTES else 0)
        return start

    def _complement(
        self, st: _State, u: _Unit, cue: _Cue, pairs: list[tuple[int, int]], limit: int
    ) -> tuple[int, int, str] | None:
        """Char span of what follows a non-inverted cue, and how it was introduced."""
        doc = st.doc
        entry = cue.entry
        assert entry is not None
        k = cue.after
        # clitic object pronouns, adverbs, days, commas, prepositional phrases ("à la presse",
        # "dans un communiqué") before que or a colon
        j = k
        found_que = None
        while j < u.tok_end and j - k < 18:
            t = doc[j]
            low = _plain(t.text)
            if low in ("que", "qu'"):
                found_que = j
                break
            if t.text == ":":
                found_que = j
                break
            if t.pos_ in ("VERB", "AUX") or t.text in OPEN_QUOTES or t.text in _STRONG_PUNCT:
                break
            if _in_pair(pairs, t.idx):
                break
            j += 1
        if found_que is not None:
            if cue.via is None:
                cue.via = self._via_at(
                    st, doc[k].idx if k < len(doc) else cue.cue[1], doc[found_que].idx
                )
            start = doc[found_que].idx + len(doc[found_que].text)
            return (*_trim(st.text, start, _clause_end(st, start, limit)), "que")
        j = self._skip_adjuncts(doc, k, u)
        if j < u.tok_end and _plain(doc[j].text) in ("pour", "a", "sur", "contre", "de", "d'"):
            j += 1  # "a plaidé lundi pour …", "a appelé à …"
        if j >= u.tok_end:
            return None
        t = doc[j]
        if not entry.object:
            # only a quotation right after the verb ("a plaidé pour « … »")
            if t.text in OPEN_QUOTES and _pair_at(pairs, t.idx + 1):
                return (*_trim(st.text, t.idx, limit), "obj")
            return None
        if t.is_punct and t.text not in OPEN_QUOTES:
            return None
        if t.pos_ == "ADP" and _plain(t.text) not in ("de", "d'", "du", "des", "a", "au", "aux"):
            return None
        return (*_trim(st.text, t.idx, _clause_end(st, t.idx, limit)), "obj")

    @staticmethod
    def _skip_adjuncts(doc: Doc, j: int, u: _Unit) -> int:
        """Past adverbs, days and times (``mardi``, ``cette semaine``) and commas."""
        time = _words()["time"]
        while j < u.tok_end:
            t = doc[j]
            low = _plain(t.text)
            if (
                (
                    t.pos_ == "ADV"
                    and low not in ("plus", "pas", "moins", "tres", "si", "aussi", "tout")
                )
                or low in time
                or t.text == ","
                or t.is_space
            ):
                j += 1
            elif (
                low in ("ce", "cette", "le")
                and j + 1 < u.tok_end
                and _plain(doc[j + 1].text) in (time | {"semaine", "mois", "annee", "week-end"})
            ):
                j += 2
            else:
                break
        return j

    @staticmethod
    def _classify(
        st: _State, doc: Doc, pairs: list[tuple[int, int]], s: int, e: int, inverted: bool = False
    ) -> tuple[QuoteType, int, int]:
        inner = [p for p in pairs if p[0] < e and p[1] >= s]
        if not inner:
            return "indirect", s, e
        first, last = inner[0], inner[-1]
        if len(inner) == 1:
            o, c = first
            prefix = st.text[s:o]
            suffix = st.text[c + 1 : e]
            if not suffix.strip(" ,.;") and (
                not prefix.strip() or (inverted and _adverbial(doc, s, o))
            ):
                a, b = _trim(st.text, o + 1, c, keep_final=True)
                return "direct", a, b
            if not prefix.strip() and _detached(doc, c + 1, e):
                # a réaffirmé « … » à deux mois du référendum: the quotation is the object
                a, b = _trim(st.text, o + 1, c, keep_final=True)
                return "direct", a, b
        del last
        return "mixed", s, e

    def _source_content(
        self,
        st: _State,
        u: _Unit,
        cue: _Cue,
        res: _Resolved,
        pairs: list[tuple[int, int]],
        limit: int,
    ) -> None:
        doc = st.doc
        assert cue.subject is not None
        np_end = cue.subject[1]
        k = cue.after
        nxt = doc[k].text if k < u.tok_end else "."
        low = _plain(cue.verb.text)
        s = e = -1
        relative = _plain(st.text[cue.subject[0] : cue.subject[1]]) in _RELATIVES
        if nxt == "," and (self._clause_initial(st, u, cue.verb.i) or low == "pour"):
            s, e = _trim(st.text, np_end + 1, limit)
        elif relative:
            s, e = _trim(st.text, np_end, limit)
        elif nxt in (".", ";", ")", "-", "!", "?") or k >= u.tok_end or nxt == ",":
            # "…, selon X." / "(… selon X)": the clause before
            start = u.start
            for f in st.found:
                if u.start <= f.end <= cue.anchor and f.type != "according_to":
                    # a quote already attributed: X relays it
                    if not st.text[f.end : cue.anchor].strip(' ,»"”'):
                        if f.via is None:
                            f.via = res.speaker
                        return
                    start = max(start, f.end + 1)
            seg = st.plain[start : cue.anchor]
            cut = max(seg.rfind("("), seg.rfind(" - "), seg.rfind(": "))
            if cut >= 0:
                start += cut + 1
            s, e = _trim(st.text, start, cue.zone)
        else:
            # "qui selon des responsables vise à…": what follows the source
            j = cue.verb.i - 1
            if j < u.tok_start or _plain(st.doc[j].text) not in ("qui", "que", "qu'"):
                return
            if _inside_found(st, cue.anchor):
                return
            s, e = _trim(st.text, np_end, limit)
        if e - s < 3:
            return
        if _inside_found(st, cue.anchor, strict=True) and not relative:
            return
        f = _Found("according_to", s, e, cue.cue, res.speaker, 0.75 * res.factor)
        f.key = cue.cue
        st.found.append(f)
        if res.speaker is not None:
            st.last_speaker = (cue.anchor, res)
            st.history.append((cue.anchor, res))
            if res.entity is not None:
                st.salience.append((cue.anchor, res.entity))

    # -- headline and floating quotes ---------------------------------------------------

    def _headline(self, st: _State, u: _Unit, pairs: list[tuple[int, int]]) -> None:
        """``Poutine : Il faut arrêter…``, ``Le ministre : « … »``."""
        seg = st.text[u.start : u.end]
        colon = seg.find(":")
        if colon <= 0 or colon > 60:
            return
        head = seg[:colon].strip()
        if not head or len(head.split()) > 6 or any(c in head for c in '.,;!?"«»'):
            return
        c = u.start + colon
        if any(f.start <= c < f.end or (f.cue and f.cue[0] <= c < f.cue[1] + 3) for f in st.found):
            return
        hs = u.start + seg.index(head)
        res = self._resolve_span(st, (hs, hs + len(head)))
        if res.entity is None or res.entity.type not in ("PER", "ORG"):
            return
        s, e = _trim(st.text, c + 1, u.end)
        if e - s < 10:
            return
        t, s, e = self._classify(st, st.doc, pairs, s, e)
        if t == "mixed":
            t = "indirect"
        f = _Found(t, s, e, (c, c + 1), res.speaker, 0.6 * res.factor)
        f.key = (c, c + 1)
        st.found.append(f)
        st.last_speaker = (c, res)
        st.salience.append((c, res.entity))

    def _floating(self, st: _State, u: _Unit, pairs: list[tuple[int, int]], before: int) -> None:
        """Quotations alone in their sentence, with no cue: the speaker named just before."""
        for o, c in pairs:
            if any(f.start <= o + 1 < f.end or o < f.start < c for f in st.found[before:]):
                continue
            if any(f.start <= o < f.end for f in st.found):
                continue
            pre = st.text[u.start : o]
            post = st.text[c + 1 : u.end]
            if re.search(r"\w", pre) or re.search(r"\w", post):
                continue
            s, e = _trim(st.text, o + 1, c, keep_final=True)
            n_words = len(st.text[s:e].split())
            if n_words < 3 or st.text[s:e].isupper() or _in_title(st, o):
                continue  # scare quotes, names, headings in capitals
            res = self._floating_speaker(st, u, o)
            if res is None:
                continue
            f = _Found("direct", s, e, None, res.speaker, 0.6 * res.factor)
            f.key = (o, o + 1)
            st.found.append(f)

    def _floating_speaker(self, st: _State, u: _Unit, pos: int) -> _Resolved | None:
        before = [(p, r) for p, r in st.history if p < pos and r.speaker is not None]
        if before and pos - before[-1][0] < 700:
            r = before[-1][1]
            return _Resolved(r.speaker, 0.8, r.entity)
        # the first person subject before or after
        for ms, me, ent, _kind in st.mentions:
            if ent.type == "PER" and not _in_pair(st.pairs, ms) and abs(ms - pos) < 400:
                return _Resolved(Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me)), 0.8, ent)
        return None

    # -- output -------------------------------------------------------------------------

    @staticmethod
    def _finish(st: _State) -> list[Quote]:
        seen: dict[tuple[int, int], _Found] = {}
        for f in st.found:
            if f.end <= f.start:
                continue
            old = seen.get((f.start, f.end))
            if old is None or f.confidence > old.confidence:
                seen[(f.start, f.end)] = f
        out = []
        text = st.text
        for n, f in enumerate(sorted(seen.values(), key=lambda f: (f.start, f.end)), 1):
            cue = Span(text[f.cue[0] : f.cue[1]], f.cue[0], f.cue[1]) if f.cue else None
            out.append(
                Quote(
                    id=f"q{n}",
                    type=f.type,
                    content=text[f.start : f.end],
                    start=f.start,
                    end=f.end,
                    cue=cue,
                    speaker=f.speaker,
                    confidence=round(max(0.0, min(1.0, f.confidence)), 3),
                    reported=f.reported,
                    via=f.via,
                )
            )
        return out


@dataclass
class _Cue:
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


# ---------------------------------------------------------------------------------------------
# Helpers


def _generic(tok: Token) -> CueEntry:
    """An entry for a verb outside the lexicon, only a cue when inverted after a quotation."""
    lemma = _plain(tok.lemma_)
    return CueEntry(lemma, "verb", False, "", lemma, "", False)


def _trim(text: str, s: int, e: int, keep_final: bool = False) -> tuple[int, int]:
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


_CLAUSE_END = re.compile(r",\s+(?:apres|avant|alors|tandis|lors|pendant|depuis|puisque|si bien)\b")


def _clause_end(st: _State, s: int, limit: int) -> int:
    """The end of a reported clause: ``limit``, or a comma opening an adverbial clause
    (``…, après avoir reçu…``, ``…, alors que…``) outside quotation marks."""
    for m in _CLAUSE_END.finditer(st.plain, s, limit):
        if not _in_pair(st.pairs, m.start()):
            return m.start()
    return limit


def _zone_before(st: _State, pos: int, u: _Unit) -> int:
    """``pos`` moved back over spaces, commas and a closing quotation mark's trailing comma."""
    while pos > u.start and (st.text[pos - 1].isspace() or st.text[pos - 1] in ",-–—"):
        pos -= 1
    return pos


def _np_span(doc: Doc, t: Token, stop: int, u: _Unit) -> tuple[int, int] | None:
    lo = max(t.left_edge.i, u.tok_start)
    hi = min(t.right_edge.i, stop - 1)
    k = t.i + 1
    while k <= hi:
        tk = doc[k]
        low = _plain(tk.text)
        if low in _RELATIVES or tk.pos_ in ("VERB", "AUX") or tk.text in ("(", ";"):
            hi = k - 1
            break
        k += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].is_space):
        hi -= 1
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    if hi < lo:
        return None
    return doc[lo].idx, doc[hi].idx + len(doc[hi].text)


def _np_before(st: _State, g: int, u: _Unit) -> tuple[int, int] | None:
    """The words between the clause start and token ``g`` when they read as a short noun
    phrase (a subject the parser missed)."""
    doc = st.doc
    lo = g
    while lo > u.tok_start and not doc[lo - 1].is_punct and g - lo < 8:
        lo -= 1
    if lo == g or doc[lo].pos_ not in ("DET", "PROPN", "NOUN", "PRON"):
        return None
    if any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, g)):
        return None
    return doc[lo].idx, doc[g - 1].idx + len(doc[g - 1].text)


def _in_pair(pairs: Iterable[tuple[int, int]], pos: int) -> bool:
    return any(o < pos < c for o, c in pairs)


def _pair_at(pairs: Iterable[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    return next(((o, c) for o, c in pairs if o < pos < c), None)


def _closes_pair(pairs: Iterable[tuple[int, int]], pos: int) -> bool:
    return any(c == pos for _o, c in pairs)


def _que_follows(doc: Doc, k: int, u: _Unit, window: int = 4) -> bool:
    """``que``, ``qu'`` or a colon within ``window`` tokens after ``k``, before any verb."""
    for j in range(k, min(u.tok_end, k + window)):
        if _plain(doc[j].text) in ("que", "qu'", ":"):
            return True
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].text in _STRONG_PUNCT:
            return False
    return False


def _is_name_quote(st: _State, pos: int) -> bool:
    """A quotation mark around a name (``l'agence « Tass »``): inside or next to a mention."""
    return any(ms - 3 <= pos < ms or me <= pos < me + 3 for ms, me, _e, _k in st.mentions)


def _in_title(st: _State, pos: int) -> bool:
    lay = st.doc._.layout
    return lay is not None and any(
        sec.title is not None and sec.title.start <= pos + 1 < sec.title.end + 1
        for sec in lay.sections
    )


def _prep_before(st: _State, ms: int) -> bool:
    """A preposition (over an article) right before ``ms``: ``de la Maison Blanche``."""
    words = st.plain[max(0, ms - 12) : ms].replace("'", "' ").split()
    if words and words[-1] in ("le", "la", "les", "l'"):
        words = words[:-1]
    return bool(words) and words[-1] in _PREPS


def _is_name_start(st: _State, pos: int) -> bool:
    return any(ms == pos for ms, _me, _e, _k in st.mentions)


def _mention_at(st: _State, pos: int) -> tuple[int, int, Entity, str] | None:
    return next((m for m in st.mentions if m[0] == pos), None)


def _me_end(st: _State, ms: int) -> int:
    return next((me for s, me, _e, _k in st.mentions if s == ms), ms + 1)


def _is_document(st: _State, s: int, ms: int) -> bool:
    return any(w in _words()["document"] for w in st.plain[s:ms].replace("'", " ").split())


def _detached(doc: Doc, s: int, e: int) -> bool:
    """What follows a quotation is a comma or an adverbial phrase, not the rest of a clause."""
    span = doc.char_span(s, e, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return span[0].text == "," or (
        span[0].pos_ == "ADP" and _plain(span[0].text) not in ("de", "d'")
    )


def _adverbial(doc: Doc, s: int, o: int) -> bool:
    """``Dans le cas contraire « … »``: a short adverbial before a quotation, not a subject."""
    span = doc.char_span(s, o, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return len(span) <= 4 and span[0].pos_ in ("ADP", "ADV", "CCONJ", "SCONJ")


def _inside_found(st: _State, pos: int, strict: bool = False) -> bool:
    return any(f.start < pos < f.end for f in st.found if f.type != "according_to" or strict)


@Language.factory(
    "veille_quotes",
    assigns=["doc._.quotes"],
    requires=["doc._.entities", "token.dep", "token.lemma"],
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
