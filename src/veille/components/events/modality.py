"""Modality: appeal, negated, reported, hypothetical, future or asserted."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from spacy.tokens import Token

from veille import cameo
from veille.lexicon import LexiconError, read_table
from veille.model import Actor, Quote
from veille.text.fold import lower

from .actors import actors_of, quote_speaker
from .arguments import Draft
from .lookups import DocInfo, quote_at
from .syntax import CLAUSE_DEPS, aux_of, is_reflexive, subject_of
from .words import future_stems

# The roots whose events are speech acts that can govern the action they are about.
APPEAL_ROOTS = frozenset(["02", "10"])


@cache
def modality_words() -> dict[str, str]:
    out: dict[str, str] = {}
    kinds = {"report", "future", "hypothetical", "appeal", "negation"}
    for row in read_table("events_modality.tsv"):
        if row["kind"] not in kinds:
            raise LexiconError(f"events_modality.tsv: {row['words']!r}: bad kind {row['kind']!r}")
        out[lower(row["words"])] = row["kind"]
    return out


def event_modality(d: Draft, info: DocInfo) -> tuple[str, str | None]:
    """The modality of a draft event and the id of the quote it is told in (None for the cue
    of a quote, which is the speech act itself): appeal, negated, reported (in a quote or
    quotation marks, under a reporting verb, attributed, journalistic conditional),
    hypothetical, future, else asserted."""
    a = d.anchor
    quote = quote_at(a.idx, info)
    is_cue = bool(info.look().cue_quotes(a.idx))
    quote_id = quote.id if quote is not None and not is_cue else None
    if d.code[:2] in APPEAL_ROOTS:
        return "appeal", quote_id
    if _negated(a, d.match.tokens):
        return "negated", quote_id
    own = _own_speech(d, info, quote, quote_id)
    if quote_id is not None and not own:
        return "reported", quote_id
    if not own and info.look().marks.at(a.idx):
        return "reported", None
    kind, conditional_above = _heads_modality(d, info, own)
    return kind or _mood_modality(d, info, conditional_above), quote_id


def _negated(a: Token, own: Sequence[Token] = ()) -> bool:
    """Negation on the trigger (or its verb group), not a word of the trigger itself ("a fait
    un pas en arrière")."""
    words = modality_words()
    for c in a.children:
        if c in own:
            continue
        if c.dep_ not in ("advmod", "det", "nmod", "case") and c.pos_ != "ADV":
            continue
        if "negation" in (words.get(lower(c.text)), words.get(lower(c.lemma_))):
            return True
    return False


def _own_speech(d: Draft, info: DocInfo, quote: Quote | None, quote_id: str | None) -> bool:
    """Whether the speaker tells of an act of their own, performed rather than claimed."""
    a = d.anchor
    speech_act = cameo.quad_class(d.code[:2]) in (1, 3)
    # "Nous avons convoqué l'ambassadeur", a dit le ministre: a speech act its own speaker
    # tells of is performed, not a claim
    own = (
        quote is not None
        and quote_id is not None
        and (
            (speech_act and _said_by(d, quote_speaker(quote, info), info))
            or (a.dep_ == "xcomp" and is_reflexive(a.head) and _is_cue(a.head, info))
        )
    )  # "il s'est dit opposé à…": the stance is the event
    # a trigger that is itself a quote's cue ("a-t-il déclaré, ironisant sur…", "des voix
    # critiques mettent en doute ces chiffres") is the speech act performed, not a claim
    return own or any(
        q.cue is not None and q.cue.start <= a.idx < q.cue.end and not q.reported
        for q in info.look().cue_quotes(a.idx)
    )


def _heads_modality(d: Draft, info: DocInfo, own: bool) -> tuple[str | None, bool]:
    """The modality a verb above the trigger gives it (reporting, future, hypothetical), up
    the chain of heads to the clause root and the verbs above it; and whether a conditional
    above governs it."""
    words = modality_words()
    speech_act = cameo.quad_class(d.code[:2]) in (1, 3)
    conditional = False
    t = d.anchor
    for _ in range(6):
        if t.head == t:
            break
        rel, t = t.dep_, t.head
        kind = words.get(lower(t.lemma_))
        if kind == "report" and rel in ("ccomp", "xcomp", "obj", "nsubj", "parataxis"):
            if own:
                break
            if rel == "xcomp" and is_reflexive(t):
                continue  # "il s'est dit opposé à…": the stance is the event
            if speech_act and _said_by(d, actors_of(s, info) if (s := subject_of(t)) else [], info):
                continue  # "Poutine a indiqué que la Russie est disposée à…": his own stance
            return "reported", conditional
        if kind == "future" and rel in ("xcomp", "obj", "ccomp"):
            return "future", conditional
        if kind == "hypothetical" and rel == "xcomp":
            return "hypothetical", conditional
        if rel == "xcomp" and "Cnd" in info.feature(t, "Mood"):
            conditional = True
    return None, conditional


def _mood_modality(d: Draft, info: DocInfo, conditional_above: bool) -> str:
    """The modality the trigger's own verb group gives it: its mood, a ``si``, a ``selon``,
    its tense."""
    a = d.anchor
    group = [a, *aux_of(a)]
    if conditional_above or any("Cnd" in info.feature(t, "Mood") for t in group):
        past_cnd = any(
            c.dep_.startswith("aux") and "Cnd" in info.feature(c, "Mood") for c in a.children
        )
        return "reported" if past_cnd else "hypothetical"
    if any(lower(c.text) == "si" and c.dep_ == "mark" for c in a.children):
        return "hypothetical"
    if _attributed(d, info):
        return "reported"
    return "future" if _future(d, info, group) else "asserted"


def _future(d: Draft, info: DocInfo, group: list[Token]) -> bool:
    """Whether the trigger's verb group (or, for a noun, the verb it depends on) is in the
    future, or a future auxiliary or ``aller`` governs it."""
    a = d.anchor
    words = modality_words()
    tenses = {m for t in group for m in info.feature(t, "Tense")}
    noun_of = d.match.entry.pos != "V" and a.dep_ in ("obj", "nsubj", "nsubj:pass")
    if noun_of:
        # "nous ferons une visioconférence": the tense of the verb a noun depends on
        tenses.update(m for t in (a.head, *aux_of(a.head)) for m in info.feature(t, "Tense"))
    if "Fut" in tenses or any(_future_form(t, info) for t in group):
        return True
    if noun_of and any(_future_form(t, info) for t in (a.head, *aux_of(a.head))):
        return True  # "nous ferons une visioconférence"
    for c in a.children:
        if words.get(lower(c.lemma_)) == "future" and c.dep_ in ("aux", "aux:tense", "amod"):
            return True
    return a.head != a and lower(a.head.lemma_) == "aller" and a.dep_ == "xcomp"


_FUT_ENDINGS = ("rai", "ras", "ra", "rons", "rez", "ront")


def _future_form(t: Token, info: DocInfo) -> bool:
    """Whether ``t`` is a verb in the simple future (``rencontrera``, ``ferons``), from its
    form and lemma: the tagger often labels these forms present or imperfect."""
    if "Fut" in info.feature(t, "Tense"):
        return True
    return t.pos_ in ("VERB", "AUX") and future_by_form(lower(t.text), lower(t.lemma_))


@lru_cache(maxsize=4096)
def future_by_form(word: str, lemma: str) -> bool:
    """Whether ``word`` (of lemma ``lemma``) is a form of the simple future: a stem of
    ``lexicon/events_future.tsv`` ("ferons", "deviendra") or of a regular verb, then an
    ending."""
    irregular, compounds = future_stems()
    stems = {irregular.get(lemma, "")}
    for base, suffix in compounds:
        if lemma.endswith(base):
            stems.add(lemma[: -len(base)] + suffix)  # "devenir", "obtenir"
    if lemma.endswith(("er", "ir")):
        stems.add(lemma)  # "rencontrer" → "rencontrera"
    elif lemma.endswith("evoir"):
        stems.add(lemma[:-3] + "r")  # "devoir" → "devra", "recevoir" → "recevra"
    elif lemma.endswith("re"):
        stems.add(lemma[:-1])  # "prendre" → "prendra"
    heads = {x[:-1] for x in stems if x}  # the endings carry the stem's final "r"
    return any(word.endswith(e) and word[: -len(e)] in heads for e in _FUT_ENDINGS)


def tense_of(a: Token, info: DocInfo) -> str | None:
    """``future`` or ``past`` for the verb group that carries the trigger's tense (the
    trigger, or the verb a trigger noun depends on), else None."""
    v = a
    for _ in range(4):
        if v.pos_ in ("VERB", "AUX") and v.dep_ not in ("amod", "acl"):
            break
        if v.head == v:
            return None
        v = v.head
    else:
        return None
    group = [v, *aux_of(v)]
    if any(_future_form(t, info) for t in group):
        return "future"
    if lower(v.head.lemma_) == "aller" and v.dep_ == "xcomp" and v.head.i < v.i:
        tense = info.feature(v.head, "Tense")
        return "future" if "Pres" in tense else None  # "va rencontrer"
    has_aux = any(c.dep_ in ("aux:tense", "aux:pass") for c in v.children)
    if has_aux and "Part" in info.feature(v, "VerbForm"):
        return "past"  # passé composé
    if "Past" in info.feature(v, "Tense") and "Fin" in info.feature(v, "VerbForm"):
        return "past"  # passé simple
    return None


def _is_cue(t: Token, info: DocInfo) -> bool:
    return bool(info.look().cue_quotes(t.idx))


def _said_by(d: Draft, speaker: list[Actor], info: DocInfo) -> bool:
    """Whether the event's actor is the one who says it (or the speaker's own country, for a
    head of state or government): then a speech act is performed, not reported."""
    for s in speaker:
        for x in d.actors:
            if s.entity is not None and x.entity == s.entity:
                return True
            own_country = s.country is not None and x.country == s.country
            if s.sector == "GOV" and own_country and x.sector in (None, "GOV"):
                return True
    return False


_ATTRIBUTION = frozenset(["selon", "d'après"])


def _attributed(d: Draft, info: DocInfo) -> bool:
    """``selon X`` / ``d'après X`` attached to the trigger's clause."""
    a = d.anchor
    words = info.in_sentence(_ATTRIBUTION, a.i)  # most sentences have none
    if not words:
        return False
    clause = {t.i for t in d.subtree(a)}
    head = a
    while head.dep_ not in ("ROOT", *CLAUSE_DEPS) and head.head != head:
        head = head.head
    clause.update(t.i for t in d.subtree(head))
    doc = a.doc
    for j in words:
        t = doc[j]
        if t.head.i in clause and t.i not in clause:
            return True
        if t.head.head.i in clause:
            return True
    return False
