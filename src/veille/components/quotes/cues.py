"""Cues: the words that attribute a quote, found token by token in a unit.

A source cue is a preposition of the lexicon (``selon X``, ``d'après X``, ``de source X``,
``Pour X, …``). A verb cue is read by :data:`STEPS`, an ordered table of named steps: each
either fills in what is known of the cue (its group of auxiliaries, its lexicon entry, its
subject, whether it is inverted) or turns the word down (it is no cue: a passive, a noun, a
negation…); the first step that turns the word down names why."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Token

from veille.text import fold
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import Intervals

from .base import (
    CLITIC,
    NEG,
    RELATIVES,
    STRONG_PUNCT,
    SUBJ_PRONOUNS,
    Cue,
    State,
    Tokens,
    Unit,
    is_name_quote,
    mentions_from,
    plain_word,
    zone_before,
)
from .clauses import infinitive_at, que_follows, skip_adjuncts, words_between
from .marks import closes_pair, in_pair
from .subjects import (
    apposed_subject,
    clause_before,
    coordinated_subject,
    left_subject,
    name_before,
    name_follows,
    np_before,
    speaker_tail,
)
from .vocab import (
    CueEntry,
    generic_entry,
    lemma_forms,
    role_heads,
    source_cues,
    source_phrases,
    verb_index,
    word_classes,
)


def find_cues(st: State, u: Unit, pairs: Intervals) -> list[Cue]:
    """The cues of unit ``u`` in text order (``pairs``: its quotation marks). Only the words
    of :func:`cue_candidates` are read."""
    out: list[Cue] = []
    cands = cue_candidates(st)
    i = u.tok_start
    for c in cands[bisect_left(cands, u.tok_start) : bisect_left(cands, u.tok_end)]:
        if c < i:
            continue  # inside the words of the cue before
        cue = _cue_at(st, u, c, pairs)
        if cue is not None:
            out.append(cue)
            i = max(c + 1, cue.verb_end)
    return out


def cue_candidates(st: State) -> list[int]:
    """The tokens of the document where a cue may start, in order (computed once): a source
    word (:func:`_source_word`), or a word that may be a verb cue (:func:`_verb_word`)."""
    if st.cue_candidates is None:
        toks = st.tokens
        starts = _source_starts()
        verbs = map(_verb_word, toks.words, toks.lemmas, toks.pos)
        st.cue_candidates = [
            i
            for i, (low, verb) in enumerate(zip(toks.plain, verbs, strict=True))
            if verb or (low in starts and _source_word(toks, i))
        ]
    return st.cue_candidates


@cache
def _source_starts() -> frozenset[str]:
    """The first words of the source words."""
    return frozenset(p[0] for p in source_phrases())


@lru_cache(maxsize=1 << 16)
def _verb_word(word: str, lemma: str, pos: str) -> bool:
    """A word of more than two letters that is a verb of the lexicon by one of its lemmas, or
    any lowercase verb."""
    if len(plain_word(word)) <= 2 or not word.isalpha():
        return False
    if pos == "VERB" and word.islower():
        return True
    index = verb_index()
    return any(lem in index for lem in lemma_forms(lemma, word))


def _source_word(toks: Tokens, i: int, end: int | None = None) -> bool:
    """A preposition that opens a source: ``selon``, ``pour``, ``d'après``, ``de source``,
    ``aux yeux de`` (its words before token ``end``, by default the end of the document)."""
    return _source_length(toks, i, len(toks.plain) if end is None else end) > 0


def _source_length(toks: Tokens, i: int, end: int) -> int:
    """How many words of a source phrase of the lexicon start at token ``i`` (0: none); its
    last ``de`` may be ``d'``, ``du`` or ``des`` (``aux yeux du ministre``)."""
    for words in _source_firsts().get(toks.plain[i], ()):
        n = len(words)
        if i + n <= end and all(
            toks.plain[i + j] == w or (j == n - 1 and w == "de" and toks.plain[i + j] in _DE)
            for j, w in enumerate(words)
        ):
            return n
    return 0


_DE = frozenset(["de", "d'", "du", "des"])


@cache
def _source_firsts() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The source phrases by the word they may start with, each list in the order of
    :func:`source_phrases` (a phrase of the one word ``de`` starts with any form of it)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for words in source_phrases():
        firsts = _DE if words == ("de",) else (words[0],)
        for w in firsts:
            out.setdefault(w, []).append(words)
    return {w: tuple(p) for w, p in out.items()}


def _cue_at(st: State, u: Unit, i: int, pairs: Intervals) -> Cue | None:
    """The cue that starts at token ``i``, if any: a source cue, or a verb cue for one of the
    lexicon entries of the word's lemmas, or any verb inverted right after a quotation."""
    toks = st.tokens
    low = toks.plain[i]
    if (_source_word(toks, i, u.tok_end) and low != "pour") or (
        low == "pour" and (clause_initial(st, u, i) or _relative_pour(st, u, i))
    ):
        return source_cue(st, u, i)
    word = toks.words[i]
    if len(low) <= 2 or not word.isalpha():
        return None
    index = verb_index()
    known = False
    for lem in lemma_forms(toks.lemmas[i], word):
        entries = index.get(lem)
        if entries:
            known = True
            cue = verb_cue(st, u, i, entries, pairs)
            if cue is not None:
                return cue
    if known or toks.pos[i] != "VERB" or not word.islower():
        return None
    return _unlisted_verb_cue(st, u, i, pairs)


def _unlisted_verb_cue(st: State, u: Unit, i: int, pairs: Intervals) -> Cue | None:
    """Any verb with a ``que`` clause (``a rétorqué que …``), or inverted right after a
    quotation (``« … », ironise-t-il``)."""
    if que_frame(st, u, i):
        return verb_cue(st, u, i, (generic_entry(st.doc[i], frame=True),), pairs)
    if not pairs or pairs.ends[0] >= st.tokens.idx[i]:
        return None  # no quotation closes before the word
    cue = verb_cue(st, u, i, (generic_entry(st.doc[i]),), pairs)
    if cue is not None and not (
        cue.after_quote and (cue.clitic or st.text[cue.zone : cue.cue[0]].strip() == ",")
    ):
        return None
    return cue


_OPENERS = frozenset(
    ["mais", "et", "-", "or", "donc", "car", "que", "qu'", "si", "puisque", "lorsque", "quand"]
)


def _relative_pour(st: State, u: Unit, i: int) -> bool:
    """``…, pour qui le gouvernement va devoir…``: the view of the antecedent, after a comma."""
    toks = st.tokens
    return (
        i > u.tok_start
        and i + 1 < u.tok_end
        and toks.words[i - 1] == ","
        and toks.plain[i + 1] in ("qui", "lequel", "laquelle", "lesquels", "lesquelles")
    )


# the words before "que" that make it no complement of the verb: a conjunction ("alors que"),
# a comparison ("plus que", "autant que"), a relative ("ce que")
_NOT_COMPLEMENT = frozenset(
    ["alors", "parce", "bien", "tandis", "avant", "apres", "pour", "sans", "afin", "des",
     "ainsi", "sorte", "pendant", "lors", "malgre", "tant", "plus", "moins", "autant", "aussi",
     "tel", "telle", "tels", "telles", "ce", "autre", "meme", "si", "lorsque", "puisque", "plutot"]
)  # fmt: skip


def que_frame(st: State, u: Unit, i: int) -> bool:
    """A verb outside the lexicon that reports speech by its frame: a ``que`` clause right
    after it, over adverbs, days, commas and short phrases but no verb (``a rétorqué mardi
    que``, ``s'alarme que``), and not a verb of the ``not_saying`` class (``faut``, ``veut``,
    ``a fait en sorte que``), in a finite form or a participle."""
    toks = st.tokens
    window = toks.plain[i + 1 : min(u.tok_end, i + 8)]
    if "que" not in window and "qu'" not in window:
        return False  # no "que" within reach (most verbs)
    if plain_word(toks.lemmas[i]) in word_classes()["not_saying"] or "Inf" in toks.morph(
        i, "VerbForm"
    ):
        return False  # "permet de déterminer que": the subject of "permet" says nothing
    time = word_classes()["time"]
    bare = True  # only adverbs, days, commas and clitics between the verb and "que"
    for j in range(i + 1, min(u.tok_end, i + 8)):
        if toks.plain[j] in ("que", "qu'"):
            if toks.dep[j] != "mark" or toks.plain[j - 1] in _NOT_COMPLEMENT:
                return False  # "la main que lui tendait X", "autant d'argent que"
            clause = toks.head(j)
            return bare or (toks.head(clause) == i and toks.dep[clause] == "ccomp")
        if toks.pos[j] in ("VERB", "AUX") or toks.words[j] in STRONG_PUNCT:
            return False
        if toks.words[j] in OPEN_QUOTES or toks.words[j] == ":":
            return False
        bare = bare and (toks.pos[j] in ("ADV", "PRON", "PUNCT") or toks.plain[j] in time)
    return False


def clause_initial(st: State, u: Unit, i: int) -> bool:
    """Token ``i`` opens its clause: only a conjunction (``mais``, ``et``, ``alors que``…) or
    a dash after the unit start, a colon, a semicolon or an opening parenthesis, or after a
    short introduction with no verb and a comma (``Ainsi, selon X, …``, ``Mercredi, …``,
    ``Néanmoins, pour son collègue X, …``)."""
    toks = st.tokens
    j = i - 1
    while j >= u.tok_start and (toks.words[j].isspace() or toks.plain[j] in _OPENERS):
        if toks.plain[j] in ("que", "qu'") or toks.pos[j] == "SCONJ":
            return True  # "alors que selon des simulations, …"
        j -= 1
    if j < u.tok_start or toks.words[j] in (":", ";", "("):
        return True
    if toks.words[j] != ",":
        return False
    k = j - 1
    while k >= u.tok_start and toks.words[k] not in (",", ":", ";", "(", ".", "!", "?"):
        if toks.pos[k] in ("VERB", "AUX") or j - k > 6:
            return False
        k -= 1
    return True


def _source_phrase_end(st: State, u: Unit, np_start: int) -> int:
    """The end of the source noun phrase from ``np_start``: up to a comma, a verb, a strong
    stop, a quotation or the next source; over a short abbreviation in parentheses."""
    k = np_start
    if k < u.tok_end and st.tokens.plain[k] in RELATIVES:
        return k + 1  # "selon qui", "selon laquelle"
    while k < u.tok_end:
        if k > np_start and _abbreviation_at(st, u, k):
            k += 3  # "le Club des correspondants étrangers en Chine (FCCC)"
            continue
        if _phrase_break(st, u, np_start, k):
            break
        k += 1
    return k


def _abbreviation_at(st: State, u: Unit, k: int) -> bool:
    """``(FCCC)``, ``(LR)``: a short capitalised word in parentheses at token ``k``."""
    words = st.tokens.words
    return (
        words[k] == "("
        and k + 2 < u.tok_end
        and words[k + 2] == ")"
        and words[k + 1][:1].isupper()
        and len(words[k + 1]) <= 10
    )


def _phrase_break(st: State, u: Unit, np_start: int, k: int) -> bool:
    """Token ``k`` is past the source phrase that starts at ``np_start``."""
    doc, toks = st.doc, st.tokens
    t = doc[k]
    if t.text in (",", ".", ";", ":", "!", "?", ")", "(") or t.is_space:
        return True
    if t.text in OPEN_QUOTES | CLOSE_QUOTES and not is_name_quote(st, t.idx):
        return True
    if k == np_start:
        return False
    if (
        toks.pos[k] in ("VERB", "AUX")
        and toks.plain[k] not in ("russe",)
        and toks.words[k].islower()  # "l'agence russe Ria Novosti": a name, not "rire"
        # "selon un sondage Odoxa paru dimanche dans Le Parisien, …", "selon un
        # responsable contacté par l'AFP": a participle inside the source phrase
        and not ("Part" in toks.morph(k, "VerbForm") and "Past" in toks.morph(k, "Tense"))
    ):
        return True
    if t.text == "-" and (doc[k - 1].whitespace_ or t.whitespace_):
        return True  # " - ", not the hyphen of "Strauss-Kahn"
    # another figure or source: "800.000 selon la police et 1,9 million selon la CGT"
    if toks.plain[k] in ("et", "ou") and k + 1 < u.tok_end and doc[k + 1].like_num:
        return True
    return toks.plain[k] in source_cues() and toks.pos[k] == "ADP"


def _person_phrase(st: State, u: Unit, np_start: int, k: int) -> bool:
    """``Pour lui, …``, ``Pour le ministre, …``, ``Pour les syndicats, …``: a person or a group
    that speaks (not ``Pour la France``, ``Pour les enfants``), and a comma closes it."""
    doc = st.doc
    if k >= u.tok_end or doc[k].text != "," or k - np_start > 8:
        return False
    words = {plain_word(t.text) for t in doc[np_start:k]}
    words |= {w.rstrip("sx") for w in words}
    s, e = doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text)
    groups = word_classes()["collective"]
    return any(ent.type == "PER" for _ms, _me, ent, _ in mentions_from(st, s, e)) or bool(
        words & (SUBJ_PRONOUNS | role_heads() | groups)
    )


def source_cue(st: State, u: Unit, i: int) -> Cue | None:
    """The source cue at token ``i`` (``selon``, ``d'après``, ``de source``, ``pour``), with its
    source noun phrase as the subject, or None when no phrase follows."""
    doc = st.doc
    low = plain_word(doc[i].text)
    cue_end = i + max(1, _source_length(st.tokens, i, u.tok_end))
    # "de source militaire": "source militaire" is the speaker
    np_start = i + 1 if low == "de" else cue_end
    k = _source_phrase_end(st, u, np_start)
    if k == np_start:
        return None
    if low == "pour" and not (_relative_pour(st, u, i) or _person_phrase(st, u, np_start, k)):
        return None
    s_char, e_char = doc[i].idx, doc[cue_end - 1].idx + len(doc[cue_end - 1].text)
    np = (doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text))
    return Cue(
        kind="source",
        entry=None,
        cue=(s_char, e_char),
        verb=doc[i],
        verb_end=k,
        group_start=i,
        inverted=False,
        subject=np,
        subject_tok=doc[np_start],
        zone=zone_before(st, doc[i].idx, u),
        anchor=doc[i].idx,
        after=k,
    )


# -- verb cues ----------------------------------------------------------------------------------


@dataclass(slots=True)
class CueDraft:
    """What the steps know of a verb cue at token ``i`` so far."""

    st: State
    u: Unit
    i: int
    entries: tuple[CueEntry, ...]  # the lexicon entries of the word's lemma
    pairs: Intervals  # the unit's quotation marks
    g: int  # the group start: auxiliaries, reflexive pronoun, gerund "en" (``i`` at first)
    tok: Token  # the word, ``doc[i]``
    reflexive: str = ""  # the reflexive pronoun before the group ("se", "nous"…), if any
    entry: CueEntry | None = None
    tail_len: int = 0  # characters of the entry's fixed words after the verb
    clitic: tuple[int, int] | None = None  # the subject clitic of an inversion ("a-t-il")
    end_char: int = -1  # the end of the cue words
    after: int = -1  # the first token after the cue words
    subject: tuple[int, int] | None = None
    inverted: bool = False
    after_quote: bool = False
    named_after: bool = False  # the speaker is named after a comma and the cue
    coord: tuple[int, int] | None = None  # the subject of a coordinated verb before
    agent: int = -1  # the first token of the speaker after "par" of a passive ("confirmé par")
    reported: bool = False

    @property
    def doc(self) -> Doc:
        return self.st.doc

    @property
    def prev(self) -> Token | None:
        """The token before the group, in the unit."""
        return self.doc[self.g - 1] if self.g - 1 >= self.u.tok_start else None

    @property
    def prev_text(self) -> str:
        return self.st.tokens.words[self.g - 1] if self.g - 1 >= self.u.tok_start else ""

    @property
    def after_aux(self) -> bool:
        return self.g != self.i

    @property
    def tagged_noun(self) -> bool:
        return self.st.tokens.pos[self.i] not in ("VERB", "AUX")

    @property
    def verbform(self) -> tuple[str, ...]:
        return self.st.tokens.morph(self.i, "VerbForm")

    @property
    def participle(self) -> bool:
        """A present participle (``soulignant``)."""
        return "Part" in self.verbform and "Pres" in self.st.tokens.morph(self.i, "Tense")

    @property
    def finite(self) -> bool:
        return not self.participle and "Inf" not in self.verbform

    @property
    def inverts(self) -> bool:
        """A verb that never takes a person as object (``préciser``, ``estimer``)."""
        return self.entry is not None and self.entry.lemma in word_classes()["inverts"]

    def to_cue(self) -> Cue:
        start_char = self.doc[self.g].idx
        if self.subject is not None and not self.inverted and self.coord is None:
            zone = zone_before(self.st, self.subject[0], self.u)
        else:
            zone = zone_before(self.st, start_char, self.u)
        return Cue(
            kind="verb",
            entry=self.entry,
            cue=(start_char, self.end_char),
            verb=self.tok,
            verb_end=self.after,
            group_start=self.g,
            inverted=self.inverted,
            subject=self.subject,
            subject_tok=None,
            zone=zone,
            anchor=self.tok.idx,
            after=self.after,
            clitic=self.clitic,
            reported=self.reported,
            after_quote=self.after_quote,
        )


@dataclass(frozen=True)
class Step:
    """A step of reading a verb cue: its name and its function, which fills in the draft
    (and returns None) or tests it (and returns True when the word is no cue)."""

    name: str
    run: Callable[[CueDraft], bool | None]


# Steps that fill in the group and the entry.


def _attached_auxiliaries(d: CueDraft) -> None:
    """The auxiliaries the parse attaches to the verb, next to it over adverbs and clitics:
    "a déclaré", "avait-il ajouté" (not "est" of "Le timing est évident assure…", which the
    parser also hangs on the verb)."""
    doc, i, dep = d.doc, d.i, d.st.tokens.dep
    auxes = [
        c
        for c in d.st.tokens.children(i)
        if c < i and dep[c].startswith("aux") and not words_between(doc, c + 1, i)
    ]
    if auxes:
        d.g = min(auxes)


_INVERTED_PRONOUNS = ("-t", "t", "-il", "-elle", "-ils", "-elles", "-on")


def _unattached_auxiliary(d: CueDraft) -> None:
    """An auxiliary the parse did not attach: "a-t-il tweeté", "a de son côté accusé" (a fixed
    adverbial the parser reads as the object of "a"); not "cet été précise"."""
    doc, u, i, toks = d.doc, d.u, d.i, d.st.tokens
    j = i - 1
    while j >= u.tok_start and (
        toks.pos[j] == "ADV" or toks.plain[j] in _INVERTED_PRONOUNS or toks.dep[j] == "expl:subj"
    ):
        j -= 1
    lemmas = toks.lemmas
    for a in range(i - 2, max(u.tok_start, i - 6) - 1, -1):
        if lemmas[a] in ("avoir", "être") and not words_between(doc, a + 1, i):
            j = a
            break
    if (
        j >= u.tok_start
        and lemmas[j] in ("avoir", "être")
        and toks.pos[j] in ("AUX", "VERB")
        and j < d.g
        and i - j <= 6
        and not (j > u.tok_start and toks.pos[j - 1] == "DET")  # "cet été précise"
    ):
        d.g = j


_REFLEXIVES = frozenset(["se", "s'", "me", "m'", "nous", "vous", "te", "t'"])


def _reflexive_pronoun(d: CueDraft) -> None:
    """A reflexive pronoun (or a subject that looks like one) before the group: "s'est
    félicité", "nous avons lancé"."""
    refl = d.g - 1
    if refl >= d.u.tok_start and (word := d.st.tokens.plain[refl]) in _REFLEXIVES:
        d.reflexive = word


def _tail_length(e: CueEntry, rest: str) -> int | None:
    """The length of the entry's fixed words at the start of ``rest``, or None."""
    m = _tail_pattern(e.tail).match(rest)
    return m.end() if m else None


# a last "de" or "à" of the fixed words contracts with the article after it: "a fait état
# d'une perte", "a fait part du", "s'attendent au maintien"
_CONTRACTED = {"de": r"(?:de(?!\w)|d'|du(?!\w)|des(?!\w))", "a": r"(?:a(?!\w)|au(?!\w)|aux(?!\w))"}


@lru_cache(maxsize=1024)
def _tail_pattern(tail: str) -> re.Pattern[str]:
    """The fixed words ``tail`` of an entry as a pattern over folded text, its last ``de`` or
    ``à`` in any contracted form."""
    words = [w for w in re.split(r"(?<=')|\s+", fold.plain(tail)) if w]
    parts = [re.escape(w) for w in words]
    last = _CONTRACTED.get(words[-1]) if words else None
    body = r"\s*".join([*parts[:-1], last]) if last else r"\s*".join(parts) + r"(?![\w])"
    return re.compile(r"\s*" + body)


def _lexicon_entry(d: CueDraft) -> bool:
    """The first entry of the word's lemma that fits: a pronominal one only after a reflexive
    pronoun ("se félicite"), else none after "se" ("s'est exprimé", "se demande" are other
    verbs), with its fixed words after the verb ("met l'accent sur"). No entry, no cue."""
    end = d.st.tokens.end(d.i)
    rest = d.st.plain[end : end + 40]
    reflexive = d.reflexive in ("se", "s'")
    for e in d.entries:
        if e.pronominal and not d.reflexive:
            continue
        if reflexive and not e.pronominal and e.example != "(frame)":
            continue  # a frame entry may be pronominal: "s'alarme que"
        if e.tail:
            n = _tail_length(e, rest)
            if n is None:
                continue
            d.tail_len = n
        d.entry = e
        return False
    return True


def _reflexive_group(d: CueDraft) -> None:
    """The reflexive pronoun opens the group: "s'est félicité" (not "nous avons lancé", where
    "nous" is the subject)."""
    assert d.entry is not None
    if d.reflexive and (d.entry.pronominal or d.reflexive in ("se", "s'")):
        d.g -= 1


def _inverted_clitic(d: CueDraft) -> None:
    """A subject clitic after the verb or its auxiliary: "a-t-il ajouté", "estime-t-elle"."""
    toks = d.st.tokens
    for t in (d.i, d.g) if d.after_aux else (d.i,):
        m = CLITIC.match(d.st.plain, toks.end(t))
        if m:
            d.clitic = (m.start(1), m.end(1))
            return


def _after_quote(d: CueDraft) -> None:
    """The cue right after a closing quotation mark, over a comma: "« … », a-t-il dit",
    "« … » a dit Poutine"."""
    idx, u, g = d.st.tokens.idx, d.u, d.g
    d.after_quote = g - 1 >= u.tok_start and (
        closes_pair(d.pairs, idx[g - 1])
        or (d.prev_text == "," and g - 2 >= u.tok_start and closes_pair(d.pairs, idx[g - 2]))
    )


def _unlisted_not_after_quote(d: CueDraft) -> bool:
    """A verb outside the lexicon is only a cue with a ``que`` clause (its entry is a frame
    entry) or inverted right after a quotation: « … », ironise-t-il."""
    return d.entry is not None and not d.entry.example and not d.after_quote


# Steps that turn the word down: the forms of a cue are a finite verb, a past participle with
# avoir/être, a present participle, an infinitive after "avoir"/"de"; a noun or adjective only
# when inverted or after an auxiliary.


def _noun_after_determiner(d: CueDraft) -> bool:
    """A word tagged as a noun after a determiner: "la critique du projet"."""
    g, pos = d.g, d.st.tokens.pos
    return d.tagged_noun and g - 1 >= d.u.tok_start and pos[g - 1] == "DET" and not d.after_aux


def _noun_without_verb_sign(d: CueDraft) -> bool:
    """A word tagged as a noun with nothing that makes it the verb: the tagger reads "Le
    rapporteur juge que…" as a noun, but a following "que" or colon, an inversion ("Risquée
    mais habile juge le politologue X", even with no comma), a comma or a closing quotation
    mark before it, or an auxiliary make it the verb."""
    if not d.tagged_noun:
        return False
    st, u, i = d.st, d.u, d.i
    nxt = st.tokens.plain[i + 1] if i + 1 < u.tok_end else ""
    return not (
        d.clitic
        or d.after_aux
        or d.prev_text in (",",)
        or d.prev_text in CLOSE_QUOTES
        or nxt in ("que", "qu'", ":")
        or (d.inverts and speaker_tail(st, u, i + 1) and clause_before(st, u, i))
    )


def _capitalised_noun(d: CueDraft) -> bool:
    """A word tagged as a noun, capitalised, with no clitic or auxiliary: "Annonce : …"."""
    return d.tagged_noun and d.tok.is_title and not (d.clitic or d.after_aux)


def _passive_participle(d: CueDraft) -> bool:
    """A past participle alone: "accusé de", "décrite comme", "Invité sur…" (but a participle
    sharing the auxiliary of a verb before is a cue: "a dit avoir informé l'opposition, et
    exhorté les entreprises à…", "n'a pas donné de détail, mais indiqué que…")."""
    toks = d.st.tokens
    if not ("Part" in d.verbform and "Pres" not in toks.morph(d.i, "Tense")):
        return False
    elliptic = plain_word(d.prev_text) in ("et", "mais") and any(
        toks.lemmas[j] == "avoir" and toks.pos[j] == "AUX" for j in range(d.u.tok_start, d.g)
    )
    return not d.after_aux and not d.clitic and not elliptic and d.agent < 0


def _passive_voice(d: CueDraft) -> bool:
    """The passive: "avait été pointée du doigt", "a été annoncée"."""
    toks = d.st.tokens
    return (
        not d.reflexive
        and d.agent < 0
        and any(toks.lemmas[j] == "être" for j in range(d.g, d.i) if toks.pos[j] == "AUX")
    )


def _passive_agent(d: CueDraft) -> None:
    """A past participle of a verb of the ``by_agent`` class, then ``par`` and a speaker: the
    passive of reported speech, whose speaker is the agent and whose content is the subject
    before it: "Ce bilan a été confirmé par une source militaire", "Une information confirmée
    par la suite à l'AFP par le parti présidentiel", "Ces gratifications, promises par
    Emmanuel Macron fin mars, …"."""
    st, u, i = d.st, d.u, d.i
    toks = st.tokens
    if not (
        d.entry is not None
        and d.entry.lemma in word_classes()["by_agent"]
        and "Part" in d.verbform
        and "Pres" not in toks.morph(i, "Tense")
        and not d.reflexive
        and not d.clitic
        and i > d.u.tok_start
        and _noun_phrase_before(d)
    ):
        return
    k = skip_adjuncts(d.doc, i + 1, u)
    while k < u.tok_end and toks.plain[k] == "par" and (n := _agentless_par(toks.plain, k, u)):
        k = skip_adjuncts(d.doc, k + n, u)  # "par la suite", "par ailleurs"
    if k < u.tok_end and toks.plain[k] in ("a", "au", "aux") and k + 2 < u.tok_end:
        k = _past_medium_words(st, u, k)  # "à l'AFP"
    if (
        k + 1 < u.tok_end
        and toks.plain[k] == "par"
        and _speaker_at(st, u, k + 1)
        and _agent_ends_clause(st, u, k + 1)
    ):
        d.agent = k + 1


def _agent_ends_clause(st: State, u: Unit, k: int) -> bool:
    """The agent's noun phrase from token ``k``, perhaps with when, ends the clause: at a
    punctuation mark or a relative pronoun about it, with no verb in it ("…par une source
    militaire qui a…", "…, promises par Emmanuel Macron fin mars, …")."""
    toks = st.tokens
    j = k
    while j < u.tok_end and j - k <= 10:
        if toks.words[j] in (",", ".", ";", ":", "!", "?", ")") or toks.plain[j] in ("qui", "dont"):
            return True
        if toks.pos[j] in ("VERB", "AUX", "SCONJ"):
            return False
        j += 1
    return j >= u.tok_end


def _noun_phrase_before(d: CueDraft) -> bool:
    """Only a noun phrase (and commas) between the unit start and the passive, its subject:
    not "… lorsque l'information avait été dévoilée par l'Express" (a clause of its own)."""
    toks = d.st.tokens
    return not any(
        toks.pos[j] in ("VERB", "AUX", "SCONJ") or toks.plain[j] in RELATIVES
        for j in range(d.u.tok_start, d.g)
    )


def _agentless_par(plain: list[str], k: int, u: Unit) -> int:
    """How many words ``par la suite``, ``par ailleurs``, ``par exemple`` take at ``k``: "par"
    with no agent (0: an agent may follow)."""
    nxt = plain[k + 1] if k + 1 < u.tok_end else ""
    if nxt in ("ailleurs", "exemple", "contre"):
        return 2
    return 3 if nxt == "la" and k + 2 < u.tok_end and plain[k + 2] == "suite" else 0


def _past_medium_words(st: State, u: Unit, k: int) -> int:
    """After ``à``/``au`` and a named medium or organisation (``à l'AFP``), the token after its
    name; else ``k``."""
    doc = st.doc
    at = doc[k + 1].idx
    m = next((m for m in mentions_from(st, at, at + 4) if m[2].type == "ORG"), None)
    if m is None:
        return k
    j = k + 1
    while j < u.tok_end and doc[j].idx < m[1]:
        j += 1
    return j


def _speaker_at(st: State, u: Unit, k: int) -> bool:
    """A person or an organisation named at token ``k``, or a noun phrase whose head noun is
    a role, a person, a medium, a group or an organisation (``une source militaire``, ``le
    parti présidentiel``)."""
    doc = st.doc
    at = doc[k].idx
    if any(m[2].type in ("PER", "ORG") for m in mentions_from(st, at, at + 1)):
        return True
    classes = word_classes()
    humans = role_heads() | classes["person"] | classes["media"] | classes["collective"]
    humans = humans | classes["org_head"]
    j = k
    while j < u.tok_end and j - k < 3 and doc[j].pos_ in ("DET", "ADJ", "NUM"):
        j += 1
    if j >= u.tok_end or doc[j].pos_ not in ("NOUN", "PROPN"):
        return False
    low = plain_word(doc[j].text)
    return low in humans or low.rstrip("sx") in humans


def _agent_speaker(d: CueDraft) -> None:
    """The agent of a passive cue is its speaker, named after it like that of an inversion,
    and its content is before it (:func:`_passive_agent`)."""
    if d.agent >= 0:
        d.subject, d.inverted, d.after = None, True, d.agent


def _bare_infinitive(d: CueDraft) -> bool:
    """An infinitive not after "avoir" or "de": "pour dénoncer", "veut annoncer" (not "dit
    avoir déclaré", "a promis de révéler")."""
    if "Inf" not in d.verbform:
        return False
    return (
        plain_word(d.prev_text) not in ("avoir", "d'", "de")
        and not (d.g - 1 >= d.u.tok_start and d.st.tokens.lemmas[d.g - 1] == "avoir")
        and not _controlled_infinitive(d)
    )


def _controlled_infinitive(d: CueDraft) -> bool:
    """An infinitive after a verb of the ``control`` class, which makes it its subject's act of
    speech: "a tenu à rappeler que", "a préféré saluer", "semble confirmer que" (not "veut
    annoncer", an intention)."""
    toks, j = d.st.tokens, d.g - 1
    if j >= d.u.tok_start and toks.plain[j] == "a" and toks.pos[j] == "ADP":
        j -= 1  # "tenu à", "cherche à"
    return (
        j >= d.u.tok_start
        and toks.pos[j] in ("VERB", "AUX")
        and plain_word(toks.lemmas[j]) in word_classes()["control"]
    )


def _auxiliary_verb(d: CueDraft) -> bool:
    """The word is itself an auxiliary: "a" of "a fait savoir" (not "fait" of "a fait
    connaître", "fait remarquer", tagged as an auxiliary of the verb of the phrase)."""
    return d.st.tokens.pos[d.i] == "AUX" and d.tail_len == 0


def _inside_a_quotation(d: CueDraft) -> bool:
    """A verb inside quotation marks, which is the speaker's own words unless it is an incise
    after a comma with no subject of its own before it: « A, a-t-il ajouté, B »."""
    st, u, g, i = d.st, d.u, d.g, d.i
    return in_pair(d.pairs, d.st.tokens.idx[d.i]) and (
        not _is_incise(st, u, g, i, d.clitic)
        or (d.clitic is None and left_subject(st, d.tok, g, u) is not None)
    )


def _is_incise(st: State, u: Unit, g: int, i: int, clitic: tuple[int, int] | None) -> bool:
    """After a comma, with an inverted clitic or a comma after it within 80 characters."""
    if g <= u.tok_start or st.tokens.words[g - 1] != ",":
        return False
    if clitic is not None:
        return True
    return _INCISE_END.match(st.plain, st.tokens.idx[i]) is not None


_INCISE_END = re.compile(r"[^,.!?\"]{1,80},")


def _negated(d: CueDraft) -> bool:
    """Negated speech: "n'a pas dit que", "ne précise jamais" (not "il n'a pas donné de
    détail, mais indiqué que": the negation is the verb's before)."""
    plain, u, g, i = d.st.tokens.plain, d.u, d.g, d.i
    lo = max(u.tok_start, g - 2)
    if not any(plain[j] in NEG for j in range(lo, i)):
        return False
    if any(plain[j] in ("mais", ",") for j in range(g, i)):
        return False
    hi = min(u.tok_end, i + 2)
    return any(plain[j] in word_classes()["negation"] for j in range(g, hi))


# Steps that fill in the cue words and the subject, or find an inversion.


def _cue_words(d: CueDraft) -> None:
    """The cue words end after the verb and its fixed words: "a mis l'accent sur"."""
    idx, u = d.st.tokens.idx, d.u
    d.end_char = d.st.tokens.end(d.i) + d.tail_len
    k = d.i + 1
    while k < u.tok_end and idx[k] < d.end_char:
        k += 1
    d.after = k


def _parsed_subject(d: CueDraft) -> None:
    """The subject the parse gives the verb, left of it: "Le ministre a déclaré"; a clitic
    after the verb makes an inversion ("a-t-il déclaré")."""
    d.subject = left_subject(d.st, d.tok, d.g, d.u)
    d.inverted = bool(d.clitic)


def _conjunct_after_comma(d: CueDraft) -> None:
    """The parse reads an inverted cue after a comma as a verb coordinated with the clause
    before and gives it that clause's subject: "…, seules les lignes 1 et 14 circuleront, a
    annoncé la RATP", "…, a ajouté la régie". A speaker that ends the sentence after it makes
    it an inversion."""
    toks, i = d.st.tokens, d.i
    if d.subject is None or d.clitic or d.prev_text != "," or toks.dep[i] != "conj":
        return
    if any(toks.dep[c].startswith("nsubj") and c < i for c in toks.children(i)):
        return  # its own subject
    if speaker_tail(d.st, d.u, d.after):
        d.subject = None


def _quoted_words_in_subject(d: CueDraft) -> None:
    """Quoted words inside the subject, after a determiner, are no quotation before the cue:
    "Les « gilets jaunes » ont manifesté"."""
    prev = d.prev
    if not (d.after_quote and prev is not None and d.prev_text != ","):
        return
    doc = d.doc
    o = next((o for o, c in d.pairs if c == prev.idx), None)
    before = doc.char_span(o, o + 1, alignment_mode="expand") if o is not None else None
    if before is not None and before.start > d.u.tok_start:
        d.after_quote = doc[before.start - 1].pos_ != "DET"


def _noun_subject_missed(d: CueDraft) -> None:
    """The subject of a verb the tagger read as a noun, which the parse misses: "Le
    rapporteur juge que…"."""
    if d.subject is None and d.tagged_noun and not d.clitic and not d.after_quote:
        d.subject = np_before(d.st, d.g, d.u)


def _named_after_comma(d: CueDraft) -> None:
    """A speaker named after a comma and the cue: an inversion, "L'objectif est « … », a
    assuré M. Mouallem", "Des éléments « … », demande l'enseignant."."""
    st, u, k = d.st, d.u, d.after
    if (
        not d.clitic
        and d.finite
        and d.prev_text == ","
        and (name_follows(st, u, d.tok, k, d.inverts) or (d.after_quote and speaker_tail(st, u, k)))
    ):
        d.subject = None
        d.named_after = True


def _speaker_ends_sentence(d: CueDraft) -> None:
    """A clause, a comma, then a verb that never takes a person as object and a speaker that
    ends the sentence, perhaps after when and where: an inversion even when the parse gives
    the verb a subject in the clause before, "Deux ont été mis hors de cause, a indiqué le
    parquet vendredi.", "…, a estimé lundi sur LCI le ministre de l'Intérieur"."""
    st, u, k = d.st, d.u, d.after
    if (
        not d.clitic
        and not d.named_after
        and not d.after_quote
        and d.finite
        and (d.inverts or _finite_clause_before(d))
        and d.prev_text == ","
        and not que_follows(d.doc, k, u, 10)
        and clause_before(st, u, d.g)
        and speaker_tail(st, u, k)
    ):
        d.subject = None
        d.named_after = True


def _finite_clause_before(d: CueDraft) -> bool:
    """A finite verb before the comma that precedes the cue, outside quotations: the words
    before are a whole clause, so a speaker after the cue is its inverted subject even for a
    verb that may take a person as object ("…, a dénoncé lundi l'ONG Oxfam, qui…")."""
    toks = d.st.tokens
    return any(
        toks.pos[j] in ("VERB", "AUX")
        and "Fin" in toks.morph(j, "VerbForm")
        and not in_pair(d.pairs, toks.idx[j])
        for j in range(d.u.tok_start, d.g - 1)
    )


def _subject_before_expected(d: CueDraft) -> bool:
    """A finite verb with no inversion in sight: its subject is before it."""
    return not d.named_after and not d.clitic and d.finite and not d.after_quote


def _name_before(d: CueDraft) -> None:
    """The subject ends with the person named right before the cue: "le patron des sénateurs
    LR Bruno Retailleau a redit" (the parse often cuts such a subject short)."""
    if _subject_before_expected(d):
        d.subject = name_before(d.st, d.u, d.g, d.subject)


def _lost_subject(d: CueDraft) -> None:
    """A noun phrase before a finite verb is its subject, which the parse lost: "la
    République en marche (LREM) aurait d'ores et déjà assuré"."""
    if (
        _subject_before_expected(d)
        and d.subject is None
        and d.prev_text not in (",", "et", "mais")
        and "Fin" in d.st.tokens.morph(d.g, "VerbForm")
    ):
        d.subject = np_before(d.st, d.g, d.u)


def _coordinated_subject(d: CueDraft) -> None:
    """After "et"/"mais", the subject of the first verb: "Le ministre a confirmé A et a
    détaillé B"."""
    prev = d.prev
    if not d.clitic and d.finite and prev is not None and plain_word(d.prev_text) in ("et", "mais"):
        d.coord = coordinated_subject(d.st, d.u, d.g)
        d.subject = d.coord or d.subject


def _no_subject_yet(d: CueDraft) -> bool:
    """A finite verb, not inverted, with no subject found so far."""
    return not d.inverted and d.subject is None and not d.participle and "Inf" not in d.verbform


def _apposed_subject(d: CueDraft) -> None:
    """``NP, apposition, cue`` at the start of a sentence: "Le chef de l'État, en berne dans
    les sondages, souhaite rassembler…"."""
    if _no_subject_yet(d) and d.prev_text == "," and not d.after_quote:
        apposed = apposed_subject(d.st, d.u, d.g)
        if apposed is not None:
            d.subject = apposed


def _inversion_after_comma(d: CueDraft) -> None:
    """No subject, and the cue comes after a quotation or a comma (with no "que" or
    infinitive after it): an inversion, "« … », a dit le ministre", "…, estime Paris"."""
    doc, u, k = d.doc, d.u, d.after
    if _no_subject_yet(d) and (
        # not "le réalisateur de « Merci patron! » a estimé qu'il…": a subject naming a title
        (d.after_quote and (d.prev_text == "," or not que_follows(doc, k, u)))
        or (d.prev_text == "," and not que_follows(doc, k, u, 10) and not infinitive_at(doc, k, u))
    ):
        d.inverted = True


def _subject_after_verb(d: CueDraft) -> None:
    """No subject before, and the parse gives the verb one after it: an inversion inside a
    clause when no "que" follows, "C'est en tout cas ce que révèle Le Point"."""
    if not _no_subject_yet(d):
        return
    doc, u, g, k = d.doc, d.u, d.g, d.after
    toks = d.st.tokens
    if any(
        c > d.i and toks.dep[c].startswith("nsubj") and toks.pos[c] not in ("VERB", "AUX")
        for c in d.st.tokens.children(d.i)
    ):
        d.inverted = g > u.tok_start and not doc[g - 1].is_punct and not que_follows(doc, k, u)


def _inversion_without_comma(d: CueDraft) -> None:
    """An inversion with no comma, the words before are the content: "Une piscine … de 10
    mètres par 4 précise Le Point.", "… dépassée estime les experts." (a verb that never
    takes a person as object, in a simple tense: "Les images de la caméra ont révélé le
    suspect" is an object)."""
    st, u, g = d.st, d.u, d.g
    if (
        not d.inverted
        and d.finite
        and not d.after_quote
        and d.inverts
        and g == d.i
        and speaker_tail(st, u, d.after)
        and clause_before(st, u, g)
    ):
        d.inverted, d.subject = True, None


def _conditional(d: CueDraft) -> None:
    """Reported speech in the conditional: "aurait déclaré", "affirmerait"."""
    toks = d.st.tokens
    d.reported = any(
        "Cnd" in toks.morph(t, "Mood") for t in (d.g, d.i) if toks.pos[t] in ("AUX", "VERB")
    )


def _gerund(d: CueDraft) -> None:
    """The gerund's "en" opens the cue: "en soulignant"."""
    if d.participle and not d.clitic and d.g > d.u.tok_start and d.st.tokens.plain[d.g - 1] == "en":
        d.g -= 1


# The steps of reading a verb cue, in the order they are run: the first that returns True
# turns the word down (tests/test_quotes_cues.py has a sentence for some of them).
STEPS: tuple[Step, ...] = (
    Step("attached-auxiliaries", _attached_auxiliaries),
    Step("unattached-auxiliary", _unattached_auxiliary),
    Step("reflexive-pronoun", _reflexive_pronoun),
    Step("lexicon-entry", _lexicon_entry),
    Step("reflexive-group", _reflexive_group),
    Step("inverted-clitic", _inverted_clitic),
    Step("after-quote", _after_quote),
    Step("unlisted-verb-not-after-quote", _unlisted_not_after_quote),
    Step("noun-after-determiner", _noun_after_determiner),
    Step("noun-without-verb-sign", _noun_without_verb_sign),
    Step("capitalised-noun", _capitalised_noun),
    Step("passive-agent", _passive_agent),
    Step("passive-participle", _passive_participle),
    Step("passive-voice", _passive_voice),
    Step("bare-infinitive", _bare_infinitive),
    Step("auxiliary-verb", _auxiliary_verb),
    Step("inside-a-quotation", _inside_a_quotation),
    Step("negated", _negated),
    Step("cue-words", _cue_words),
    Step("parsed-subject", _parsed_subject),
    Step("conjunct-after-comma", _conjunct_after_comma),
    Step("quoted-words-in-subject", _quoted_words_in_subject),
    Step("noun-subject-missed", _noun_subject_missed),
    Step("named-after-comma", _named_after_comma),
    Step("speaker-ends-sentence", _speaker_ends_sentence),
    Step("name-before", _name_before),
    Step("lost-subject", _lost_subject),
    Step("coordinated-subject", _coordinated_subject),
    Step("apposed-subject", _apposed_subject),
    Step("inversion-after-comma", _inversion_after_comma),
    Step("subject-after-verb", _subject_after_verb),
    Step("inversion-without-comma", _inversion_without_comma),
    Step("agent-speaker", _agent_speaker),
    Step("conditional", _conditional),
    Step("gerund", _gerund),
)


def read_verb_cue(
    st: State, u: Unit, i: int, entries: tuple[CueEntry, ...], pairs: Intervals
) -> tuple[Cue | None, str | None]:
    """The verb cue at token ``i`` read by :data:`STEPS`, or None and the name of the step
    that turned the word down."""
    d = CueDraft(st, u, i, entries, pairs, g=i, tok=st.doc[i])
    for step in STEPS:
        if step.run(d):
            return None, step.name
    return d.to_cue(), None


def verb_cue(
    st: State, u: Unit, i: int, entries: tuple[CueEntry, ...], pairs: Intervals
) -> Cue | None:
    """The verb cue at token ``i`` for one of ``entries`` (the lexicon rows of its lemma), or
    None when the word is no cue there."""
    return read_verb_cue(st, u, i, entries, pairs)[0]
