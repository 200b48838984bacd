"""Speaker resolution: who said it.

The subject of the cue (dependency parse, with surface rules for inversions), or the antecedent
of ``qui``, or the previous speaker for a participle (``…, estimant que``). A name or a title
mention of an entity (from ``doc._.entities``) gives the entity and its canonical name;
``il``/``elle``/``lui`` go to the most salient compatible speaker or person; a description that
repeats an entity's role (``le ministre``) goes to the most recent such entity; anything else
keeps the description as written. ``via`` is the medium relaying a quote.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from veille.model import Span, Speaker
from veille.text import fold
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import sent_of

from .base import (
    PP_HEADS,
    RELATIVES,
    Cue,
    Resolved,
    State,
    Unit,
    detached_subject,
    is_name_quote,
    is_name_start,
    mention_at,
    mentions_ending_at,
    mentions_from,
    mentions_holding,
    np_span,
    plain_word,
    prep_before,
)
from .clauses import skip_adjuncts
from .marks import in_pair, pair_at
from .resolve import fragment, is_human, resolve_pronoun, resolve_span
from .vocab import word_classes

_PREP_RELATIVES = frozenset(
    ["auquel", "auxquels", "auxquelles", "duquel", "desquels", "desquelles"]
)
_NOT_SPEAKERS = frozenset(["je", "j'", "nous", "on", "tu", "vous", "qui"])


def speaker_of_cue(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved:
    """Who said what ``cue`` introduces: the answer of the first of :data:`_CUE_STEPS` that
    applies to the cue's form, else no one (factor 0.5)."""
    for step in _CUE_STEPS:
        r = step(st, u, cue, prev)
        if r is not None:
            return r
    return Resolved(None, 0.5)


def _source_phrase(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A source phrase names its speaker: "selon l'armée", "pour le ministre", "selon qui"."""
    if cue.kind != "source":
        return None
    assert cue.subject is not None
    s, e = cue.subject
    if fold.plain(st.text[s:e]) in RELATIVES:
        return relative_speaker(st, u, cue.verb, s, e)
    return resolve_span(st, cue.subject, source=True)


def _source_after_verb(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A source verb's source follows it: "a-t-on appris auprès de l'armée"."""
    if cue.entry is None or cue.entry.kind != "source":
        return None
    span = subject_after(st, u, cue)
    if span is None:
        return Resolved(None, 0.5)
    cue.subject = span
    return resolve_span(st, span, source=True)


def _clitic_subject(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """An inverted pronoun, "a-t-il expliqué à l'AFP": whom the pronoun stands for, looked for
    before the sentence (the subjects of "Le ministère est actuellement … a-t-il expliqué" are
    in what was said, not whom "il" refers to); the medium after it is ``via``."""
    if cue.clitic is None:
        return None
    s, e = cue.clitic
    after = cue.after
    while after < u.tok_end and st.doc[after].idx < e:
        after += 1
    cue.via = via_after(st, u, after)
    start = max(u.start, sent_of(cue.verb).start_char)
    return resolve_pronoun(st, s, e, before=_quotation_opening(st, cue, start))


def _quotation_opening(st: State, cue: Cue, start: int) -> int:
    """Where the words said start, for a cue right after a quotation: the opening mark when
    it is inside the sentence (``Matteo Salvini a rejeté les critiques : « … », a-t-il
    salué``: the subject before the mark is a topic), else the sentence start ``start``."""
    j = cue.cue[0]
    while j > start and (st.text[j - 1].isspace() or st.text[j - 1] in ",-–—"):
        j -= 1
    if j <= start or st.text[j - 1] not in CLOSE_QUOTES:
        return start
    pair = pair_at(st.pairs, j - 2) if j - 2 > start else None
    return pair[0] if pair is not None and pair[0] > start else start


def _subject_before(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """The subject before the verb: "le ministre a déclaré", "qui a souligné" (its
    antecedent); a description with a name apposed before it gives the name ("Kayleigh
    McEnany, porte-parole de la Maison Blanche, a dénoncé")."""
    if cue.subject is None or cue.inverted:
        return None
    s, e = cue.subject
    if fold.plain(st.text[s:e]) in RELATIVES:
        return relative_speaker(st, u, cue.verb, s, e)
    after = _name_apposed_after(st, u, cue, e)
    if after is not None:
        return after
    r = resolve_span(st, cue.subject)
    if (
        r.entity is None
        and r.speaker is not None
        and r.speaker.name[:1].islower()
        # "Reçus par X, les syndicats enseignants ont réclamé": not apposed to a group
        and not (r.plural and fold.plain(r.speaker.name).startswith("les "))
    ):
        appo = _apposed_name(st, u, s)
        if appo is not None:
            return appo
    return r


def _name_apposed_after(st: State, u: Unit, cue: Cue, e: int) -> Resolved | None:
    """A person's name apposed after a description subject, between commas, before the
    verb: "Le secrétaire général de la CGT-Cheminots (1er syndicat de la SNCF), Laurent Brun,
    a appelé" is Laurent Brun, not whoever the description matches."""
    stop = cue.cue[0]
    j = e
    if st.text[j : j + 1] == " " and st.text[j + 1 : j + 2] == "(":
        j += 1
    if st.text[j : j + 1] == "(":
        close = st.text.find(")", j, stop)
        if close < 0:
            return None
        j = close + 1
    if st.text[j : j + 2] != ", ":
        return None
    m = mention_at(st, j + 2)
    if m is None or m[2].type != "PER" or m[3] != "name" or m[1] >= stop:
        return None
    if st.text[m[1] : stop].strip() not in (",", ""):
        return None
    ms, me, ent = m[0], m[1], m[2]
    return Resolved(Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me)), 1.0, ent)


def _inverted_subject(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """The subject after an inverted verb: "», a déclaré le ministre"; no one when none
    follows."""
    if not cue.inverted:
        return None
    span = subject_after(st, u, cue)
    if span is None:
        return Resolved(None, 0.5)
    cue.subject = span
    return resolve_span(st, span)


def _detached_subject(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A finite verb with no subject in the parse, after a noun phrase the parser left
    detached (a second root, or an object before the verb): that phrase is its subject.
    "Matteo Salvini, ministre de l'Intérieur (…), a cependant rejeté les critiques : « … »"."""
    if cue.subject is not None or cue.inverted or cue.clitic is not None:
        return None
    c = detached_subject(cue.verb, u.tok_start)
    if c is None or not (u.tok_start <= c.i < u.tok_end) or in_pair(st.pairs, c.idx):
        return None
    span = np_span(st.doc, c, c.right_edge.i + 1, u)
    if span is None:
        return None
    r = resolve_span(st, span)
    if r.speaker is None or (r.entity is None and fragment(r.speaker.name)):
        return None
    cue.subject = span
    return Resolved(r.speaker, min(r.factor, 0.9), r.entity, r.gender, r.plural)


def _previous_in_sentence(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A cue with no subject of its own (participle, infinitive, subjectless coordination)
    after another in the same sentence: its speaker ("a-t-il dit, ajoutant que")."""
    if prev is None or prev.speaker is None or _subordinate_speaker(st, prev, cue):
        return None
    return Resolved(prev.speaker, 0.8, prev.entity)


def _subordinate_speaker(st: State, prev: Resolved, cue: Cue) -> bool:
    """Whether the previous speaker was the subject of a clause opened by a conjunction
    (``lorsque``, ``alors que``, ``si``) that the cue is not part of: "lorsque le président
    François Hollande avait lancé l'opération Serval, le chef de LFI Jean-Luc Mélenchon
    avait été l'un des rares à exprimer des réserves en jugeant …" is not Hollande's."""
    m = prev.speaker.mention if prev.speaker is not None else None
    span = st.doc.char_span(m.start, m.end, alignment_mode="expand") if m is not None else None
    if span is None or not span.root.dep_.startswith("nsubj"):
        return False
    verb = span.root.head
    marks = [c for c in verb.children if c.dep_ == "mark"]
    if not any(plain_word(c.text) not in ("que", "qu'") for c in marks):
        return False
    if verb == cue.verb:
        return False
    # the cue's clause has a subject of its own before it reaches that clause (the parse may
    # hang the main clause on the subordinate one: "…, le chef de LFI … avait été" its conj)
    for up in (cue.verb, *cue.verb.ancestors):
        if up == verb:
            return False
        if any(c.dep_.startswith("nsubj") for c in up.children):
            return True
    return True


def _clause_subject(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A cue with no subject of its own: the subject its clause borrows
    (:func:`_participle_speaker`)."""
    return _participle_speaker(st, u, cue)


def _recent_speaker(st: State, u: Unit, cue: Cue, prev: Resolved | None) -> Resolved | None:
    """A cue with no subject of its own, under 400 characters after the last speaker: that
    speaker still talking ("…, a-t-il dit. Estimant que …")."""
    if st.last_speaker is None or cue.anchor - st.last_speaker[0] >= 400:
        return None
    r = st.last_speaker[1]
    return Resolved(r.speaker, 0.8, r.entity)


_CUE_STEPS: tuple[Callable[[State, Unit, Cue, Resolved | None], Resolved | None], ...] = (
    _source_phrase,
    _source_after_verb,
    _clitic_subject,
    _subject_before,
    _inverted_subject,
    _detached_subject,
    _previous_in_sentence,
    _clause_subject,
    _recent_speaker,
)


def _participle_speaker(st: State, u: Unit, cue: Cue) -> Resolved | None:
    """The speaker of a cue with no subject of its own: the first of
    :data:`_PARTICIPLE_STEPS` that finds one."""
    for step in _PARTICIPLE_STEPS:
        r = step(st, u, cue)
        if r is not None:
            return r
    return None


def _qualified_noun(st: State, u: Unit, cue: Cue) -> Resolved | None:
    """The person or source a participle qualifies: "des sources confirmant que", "le
    ministre, estimant que" (a thing qualified is no speaker)."""
    vt = cue.verb
    if not (
        vt.dep_ == "acl"
        and vt.head.pos_ in ("NOUN", "PROPN")
        and u.tok_start <= vt.head.i < vt.i
        and "Part" in vt.morph.get("VerbForm")
        and not in_pair(st.pairs, vt.head.idx)
    ):
        return None
    span = np_span(st.doc, vt.head, vt.i, u)
    if span is None:
        return None
    r = resolve_span(st, span)
    if r.speaker is not None and (
        r.entity is not None
        or is_human(r.speaker.name)
        or plain_word(vt.head.text) in ("source", "sources")
    ):
        return Resolved(r.speaker, min(r.factor, 0.85), r.entity)
    return None


def _after_fronted_phrase(st: State, u: Unit, cue: Cue) -> Resolved | None:
    """A phrase that opens the sentence (its verb within the first 4 words) has the subject of
    the main clause, after the comma that closes it: "Après avoir déclaré que …, Donald Trump
    s'est …", "Estimant que …, elle a insisté"."""
    doc, vt = st.doc, cue.verb
    sent = sent_of(vt)
    if vt.i - sent.start > 3:
        return None
    for t in doc[vt.i + 1 : sent.end]:
        if doc[t.i - 1].text != "," or in_pair(st.pairs, t.idx):
            continue
        m = mention_at(st, t.idx)
        if m is not None and m[2].type in ("PER", "ORG"):
            nxt = doc.char_span(m[1], min(m[1] + 12, sent.end_char), alignment_mode="expand")
            if nxt is not None and len(nxt) and nxt[0].pos_ in ("AUX", "VERB", "PRON", "ADV"):
                return resolve_span(st, (m[0], m[1]))
        if t.dep_ == "nsubj" and plain_word(t.text) in ("il", "elle") and t.head.i > t.i:
            return resolve_pronoun(st, t.idx, t.idx + len(t.text))
    return None


def _governing_subject(st: State, u: Unit, cue: Cue) -> Resolved | None:
    """The subject of the verb the cue depends on (up to two heads up), else the nearest
    main-clause subject before it: ", a d'abord dit le Premier ministre ajoutant :", "le
    président américain a défendu sa formule, estimant que…" where the parse hangs the
    participle elsewhere. First person, ``on`` and quoted words are no speaker."""
    doc, vt = st.doc, cue.verb
    for c in _subject_candidates(vt):
        if (
            u.tok_start <= c.i < u.tok_end
            and c.i != vt.i
            and not in_pair(st.pairs, c.idx)
            and plain_word(c.text).lstrip("-") not in _NOT_SPEAKERS
        ):
            stop = c.head.i if c.head.i > c.i else c.right_edge.i + 1
            span = np_span(doc, c, stop, u)
            if span is not None:
                r = resolve_span(st, span)
                if r.speaker is not None and (r.entity is not None or not fragment(r.speaker.name)):
                    return Resolved(r.speaker, min(r.factor, 0.9), r.entity)
    return None


def _subject_candidates(vt: Token) -> list[Token]:
    """In order: the verb's own subjects, the subjects of the verb's head, the main-clause
    subjects before the verb (nearest first), the subjects of the head's head and of its
    head."""
    doc = vt.doc
    sent = sent_of(vt)
    h = vt.head
    # its own subject first: "…, le secrétaire général de la CGT Philippe Martinez affirmant"
    candidates = [c for c in vt.children if c.dep_.startswith("nsubj")]
    candidates += [c for c in h.children if c.dep_.startswith("nsubj")]
    candidates += [
        t for t in reversed(doc[sent.start : vt.i]) if t.dep_ in ("nsubj", "nsubj:pass")
        and t.head.dep_ not in ("acl:relcl", "acl", "ccomp", "csubj")
    ]  # fmt: skip
    for _ in range(2):
        if h.head.i == h.i:
            break
        h = h.head
        candidates += [c for c in h.children if c.dep_.startswith("nsubj")]
    return candidates


_PARTICIPLE_STEPS: tuple[Callable[[State, Unit, Cue], Resolved | None], ...] = (
    _qualified_noun,
    _after_fronted_phrase,
    _governing_subject,
)


def relative_speaker(st: State, u: Unit, verb: Token, s: int, e: int) -> Resolved:
    """The speaker of ``qui a souligné``, ``selon qui``, ``selon laquelle``: the antecedent."""
    ante = _antecedent(st, u, verb, s)
    mention = Span(st.text[s:e], s, e)
    if ante is None:
        return Resolved(Speaker(st.text[s:e], None, mention), 0.5)
    r = resolve_span(st, ante)
    if r.entity is None:
        # "Clara Spera, petite fille de la célèbre juge, selon laquelle": the apposed name
        appo = _apposed_name(st, u, ante[0])
        if appo is not None:
            r = appo
    if r.speaker is None:
        return Resolved(Speaker(st.text[s:e], None, mention), 0.5)
    return Resolved(
        Speaker(r.speaker.name, r.speaker.entity, mention), 0.9, r.entity, relative=True
    )


def _antecedent(st: State, u: Unit, verb: Token, rel_start: int) -> tuple[int, int] | None:
    """Char span of the noun phrase a relative pronoun at ``rel_start`` stands for."""
    doc = st.doc
    rel = doc.char_span(rel_start, rel_start + 1, alignment_mode="expand")
    if rel is None:
        return None
    q = rel[0].i
    j = q - 1
    while j >= u.tok_start and (
        doc[j].is_punct or doc[j].is_space or plain_word(doc[j].text) == "selon"
    ):
        j -= 1
    if j < u.tok_start:
        return None
    plural = _plural_verb(verb)
    cand = _head_noun_before(doc, j, q)
    if (
        verb.dep_.startswith("acl")
        and verb.head.i < q
        and q - verb.head.i < 12
        # the relative agrees in number: "Rome se défausse sur les gardes-côtes, qui ont"
        and not (plural and "Plur" in cand.morph.get("Number")
                 and "Plur" not in verb.head.morph.get("Number"))
    ):  # fmt: skip
        cand = verb.head
    # the name just before the pronoun wins: "a dit Poutine qui a souligné"
    for ms, me, ent, _kind in mentions_holding(st, doc[j].idx):
        if ms <= doc[j].idx < me and ent.type != "LOC":
            if (prep_before(st, ms) and cand.i != j) or (plural and ent.type == "PER"):
                break  # "les proches de Paul Dupont, qui ont": not one person
            return ms, me
    lo = cand.left_edge.i
    if lo < u.tok_start or q - lo > 15:
        lo = cand.i
        while lo > u.tok_start and doc[lo - 1].pos_ in ("DET", "ADJ", "PROPN", "NOUN"):
            lo -= 1
    # "a insisté le praticien, qui": the noun phrase, not the verb before it
    # "se défausse sur les gardes-côtes libyens, qui": the noun phrase, not its preposition
    while lo < j and (doc[lo].pos_ in ("VERB", "AUX", "ADV", "ADP") or doc[lo].is_punct):
        lo += 1
    return doc[lo].idx, doc[j].idx + len(doc[j].text)


def _head_noun_before(doc: Doc, j: int, q: int) -> Token:
    """The head noun of the phrase that ends at token ``j``, before a relative at ``q``: up
    from the last word, "étrangères" -> "ministre"."""
    cand = doc[j]
    for _ in range(4):
        h = cand.head
        if (
            h.i >= cand.i
            or q - h.i > 12
            or cand.dep_ not in ("amod", "nmod", "flat:name", "flat", "appos", "nummod", "fixed")
        ):
            break
        cand = h
    return cand


def _plural_verb(verb: Token) -> bool:
    """Whether a finite verb is plural: its auxiliary's number ("qui ont demandé"), else its
    own."""
    aux = [c for c in verb.children if c.dep_.startswith("aux")]
    t = aux[0] if aux else verb
    return "Plur" in t.morph.get("Number") and (bool(aux) or "Fin" in verb.morph.get("VerbForm"))


def _apposed_name(st: State, u: Unit, s: int) -> Resolved | None:
    """A person's name right before a description subject, after a comma or not."""
    j = s
    while j > u.start and st.text[j - 1] in " ,\u00a0":
        j -= 1
    for ms, me, ent, kind in mentions_ending_at(st, j):
        if me == j and ent.type == "PER" and kind == "name":
            return Resolved(Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me)), 1.0, ent)
    return None


def subject_after(st: State, u: Unit, cue: Cue) -> tuple[int, int] | None:
    """Char span of the subject after an inverted or source verb ("», a déclaré à l'AFP le
    ministre de l'Intérieur, Gérald Darmanin,"), past adverbs, time words and prepositional
    phrases; sets ``cue.via`` to a medium met on the way ("à l'AFP") or right after. None
    when no noun phrase follows."""
    doc = st.doc
    start = _subject_start(st, u, cue)
    if start is None:
        return None
    t = doc[start]
    if t.is_punct and t.text not in OPEN_QUOTES:
        return None
    end = start
    while end < u.tok_end and not _ends_subject(st, start, end):
        end += 1
    if end == start:
        return None
    end = _past_apposed_name(st, u, end)
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    if cue.via is None:
        cue.via = via_after(st, u, end)
    return s, e


def _subject_start(st: State, u: Unit, cue: Cue) -> int | None:
    """The token where the subject after the cue starts, within 25 tokens: spaces, adverbs
    ("a déclaré hier soir"), time words and prepositional phrases ("a dit à l'AFP",
    "a-t-il affirmé sur France Inter") are passed; None at the end of the unit, or at a
    preposition with no noun after it."""
    doc = st.doc
    k = cue.after
    n = 0
    while k < u.tok_end and n < 25:
        n += 1
        t = doc[k]
        low = plain_word(t.text)
        past = _past_adjuncts(st, u, k)
        if past > k:
            k = past
            continue
        if low in PP_HEADS:
            past = _past_pp(st, u, cue, k)
            if past is None:
                return None
            k = past
            continue
        break
    if k >= u.tok_end or n >= 25:
        return None
    return k


def _past_adjuncts(st: State, u: Unit, k: int) -> int:
    """The token after the adverbs, days and dates, and fixed adverbials at ``k`` ("a
    ironisé ce mercredi", "a estimé lundi 18 mars", "a indiqué de son côté"), up to a
    comma or a capitalised word (a name the tagger reads as an adverb: "» a dit Poutine")."""
    end = skip_adjuncts(st.doc, k, u)
    words = st.tokens.words
    return next((j for j in range(k, end) if words[j] == "," or words[j][:1].isupper()), end)


def _past_pp(st: State, u: Unit, cue: Cue, k: int) -> int | None:
    """The token after the prepositional phrase at ``k`` ("à l'AFP", "sur Twitter", "à
    plusieurs reprises"), the whole of a name in it ("sur France Inter"); its noun, when a
    medium, is ``cue.via``. None when no noun follows the preposition."""
    doc = st.doc
    k2 = k + 1
    while (
        k2 < u.tok_end and not doc[k2].is_punct and doc[k2].pos_ in ("DET", "ADJ", "NUM", "ADP")
    ) or (k2 < u.tok_end and plain_word(doc[k2].text) in ("de", "d'", "du", "des")):
        k2 += 1
    if not (k2 < u.tok_end and doc[k2].pos_ in ("NOUN", "PROPN", "X") and not doc[k2].is_punct):
        return None
    if cue.via is None:
        cue.via = via_at(st, doc[k + 1].idx, doc[k2].idx + len(doc[k2].text))
    k = k2 + 1
    m = next(iter(mentions_holding(st, doc[k2].idx)), None)
    while m is not None and k < u.tok_end and doc[k].idx < m[1]:
        k += 1
    return k


def _ends_subject(st: State, start: int, end: int) -> bool:
    """Whether the subject that starts at token ``start`` ends before token ``end``: at a
    space, punctuation or a quotation mark (not one around a name), a relative pronoun, a
    lowercase verb, a time word or a date ("a rapporté Sud-Ouest mercredi 2 janvier"), a
    preposition (but "à" in a role: "l'adjoint à la culture")."""
    doc = st.doc
    t = doc[end]
    low = plain_word(t.text)
    if t.is_space or t.text in (",", ".", ";", ":", "!", "?", "(", ")"):
        return True
    if t.text in OPEN_QUOTES | CLOSE_QUOTES:
        return not is_name_quote(st, t.idx)
    if low in RELATIVES or low in _PREP_RELATIVES:  # "titre le magazine auquel Mme Macron …"
        return True
    if t.pos_ in ("VERB", "AUX") and end > start and not t.text[:1].isupper():
        return True
    if end == start:
        return False
    if low in word_classes()["time"] or (t.like_num and _month_follows(doc, end)):
        return True
    if low in PP_HEADS - {"a", "au", "aux"}:
        return True
    return low in ("a", "au", "aux") and not _role_complement(doc, end)


def _past_apposed_name(st: State, u: Unit, end: int) -> int:
    """The end of a subject with the person's name apposed to it, "l'adjoint à la culture de
    la mairie, Fabien Robert,"; else ``end``."""
    doc = st.doc
    if not (end + 1 < u.tok_end and doc[end].text == "," and is_name_start(st, doc[end + 1].idx)):
        return end
    m = mention_at(st, doc[end + 1].idx)
    if m is None or m[2].type != "PER":
        return end
    end2 = end + 1
    while end2 < u.tok_end and doc[end2].idx < m[1]:
        end2 += 1
    return end2


def _month_follows(doc: Doc, k: int) -> bool:
    return k + 1 < len(doc) and plain_word(doc[k + 1].text) in word_classes()["time"]


def _role_complement(doc: Doc, k: int) -> bool:
    """``à`` inside a role: ``adjoint à la culture``, ``secrétaire d'État auprès de``."""
    return k > 0 and plain_word(doc[k - 1].text) in (
        "adjoint",
        "adjointe",
        "delegue",
        "deleguee",
        "secretaire",
    )


def via_after(st: State, u: Unit, k: int) -> Speaker | None:
    doc = st.doc
    n = 0
    while k < u.tok_end and n < 8:
        low = plain_word(doc[k].text)
        if low in ("a", "au", "aux", "sur", "dans", "aupres"):
            j = k + 1
            while j < u.tok_end and j - k < 6 and doc[j].text not in (",", "."):
                j += 1
            return via_at(
                st,
                doc[k + 1].idx if k + 1 < len(doc) else doc[k].idx,
                doc[j - 1].idx + len(doc[j - 1].text),
            )
        if doc[k].text in (",", ".", ";"):
            return None
        k += 1
        n += 1
    return None


def via_at(st: State, s: int, e: int) -> Speaker | None:
    for ms, me, ent, _kind in mentions_from(st, s, e):
        if s <= ms < e and ent.type == "ORG":
            return Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me))
    return None
