"""The subject of a verb cue: the parse's, and the surface rules for the subjects it misses or
cuts short (a name right before the cue, an apposition, a coordinated verb) and for the
speaker of an inversion named after the cue (``« … », a assuré M. Mouallem``)."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Token

from veille.text.spans import sent_of

from .base import (
    STRONG_PUNCT,
    State,
    Unit,
    mentions_ending_at,
    mentions_from,
    np_span,
    plain_word,
    prep_before,
)
from .clauses import skip_adjuncts
from .marks import in_pair
from .vocab import role_heads, word_classes

_WHERE = ("dans", "a", "sur")  # "dans Le Figaro", "à BFMTV", "sur France Inter"
_STOPS = (*_WHERE, "lors")  # the end of a speaker named after its cue: "lors d'une conférence"


def left_subject(st: State, tok: Token, g: int, u: Unit) -> tuple[int, int] | None:
    """Char span of the subject left of the cue (parse), or None. Words inside a
    quotation are never the subject of a cue outside it."""
    doc, toks, i = st.doc, st.tokens, tok.i
    heads = [i]
    if toks.dep[i] in ("xcomp", "dep", "conj"):
        heads.append(toks.head(i))
    if g != i:
        heads.append(g)  # "Poutine a fait savoir": the subject of "fait"
    inside = in_pair(st.pairs, toks.idx[i])
    for h in heads:
        # the subject nearest the verb: "…, au grand nombre de tests …, mais des voix
        # critiques mettent en doute": the parse gives the verb two subjects
        for c in reversed(toks.children(h)):
            if not (toks.dep[c].startswith("nsubj") and u.tok_start <= c < g):
                continue
            if in_pair(st.pairs, toks.idx[c]) and not inside:
                continue
            if any(toks.words[k] in STRONG_PUNCT for k in range(c, g)):
                continue
            span = np_span(doc, doc[c], g, u)
            if span is not None:
                # "…, mais des voix critiques mettent": not the conjunction
                m = re.match(r"(?:mais|et|puis|or)\s+", st.text[span[0] : span[1]])
                if m is not None and m.end() < span[1] - span[0]:
                    span = (span[0] + m.end(), span[1])
            return span
    return None


def np_before(st: State, g: int, u: Unit) -> tuple[int, int] | None:
    """The words between the clause start and token ``g`` when they read as a short noun
    phrase (a subject the parser missed)."""
    doc = st.doc
    g = _before_abbreviation(doc, g, u)
    lo = g
    while lo > u.tok_start and not doc[lo - 1].is_punct and g - lo < 8:
        lo -= 1
    if lo == g or doc[lo].pos_ not in ("DET", "PROPN", "NOUN", "PRON"):
        return None
    if lo > u.tok_start and not doc[lo - 1].is_punct:
        return None  # no clause start within reach: not a subject
    if any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, g)):
        return None
    return doc[lo].idx, doc[g - 1].idx + len(doc[g - 1].text)


def _before_abbreviation(doc: Doc, g: int, u: Unit) -> int:
    """``g`` moved back over a parenthesised abbreviation right before it (``(LR)``,
    ``(LREM)``): the subject ends before it."""
    if (
        g - 3 >= u.tok_start
        and doc[g - 1].text == ")"
        and doc[g - 3].text == "("
        and len(doc[g - 2].text) <= 8
        and doc[g - 2].text[:1].isupper()
    ):
        return g - 3
    return g


def name_before(st: State, u: Unit, g: int, subj: tuple[int, int] | None) -> tuple[int, int] | None:
    """The subject ends with the person named right before the cue: ``le patron des sénateurs
    LR Bruno Retailleau a redit``, ``La secrétaire d'État …, Geneviève Darrieussecq, a
    précisé``: the parse often cuts such a subject short or misses it."""
    doc = st.doc
    g = _before_abbreviation(doc, g, u)  # "Christian Jacob (LR) a salué"
    j = g - 1
    if j > u.tok_start and doc[j].text == ",":
        j -= 1
    if j < u.tok_start:
        return subj
    end = doc[j].idx + len(doc[j].text)
    if subj is None and doc[g - 1].text == ",":
        # "Kayleigh McEnany, porte-parole de la Maison Blanche, a dénoncé": name, apposition
        for ms, me, ent, _kind in reversed(mentions_from(st, u.start, doc[g].idx)):
            if ms < u.start or me > doc[g].idx or ent.type != "PER" or in_pair(st.pairs, ms):
                continue
            if re.fullmatch(r"\s*,[^,;.:!?«»\"“”()]{2,80},\s*", st.text[me : doc[g].idx]):
                return ms, me
            break
    for ms, me, ent, _kind in mentions_ending_at(st, end):
        if me != end or ent.type != "PER" or in_pair(st.pairs, ms) or prep_before(st, ms):
            continue
        if subj is None:
            return ms, me
        between = st.text[subj[1] : ms]
        if subj[1] <= ms and (between.strip() == "," or not re.search(r"[,.;:!?()]", between)):
            return subj[0], me
        return subj
    return subj


def name_follows(st: State, u: Unit, verb: Token, k: int, inverts: bool = False) -> bool:
    """A person or organisation named right after the cue (over adverbs and days), that is
    not its object (a verb that never takes a person as object, ``inverts``, has none): the
    subject of an inversion."""
    doc = st.doc
    skipped = _before_name()
    while k < u.tok_end and (doc[k].pos_ == "ADV" or plain_word(doc[k].text) in skipped):
        k += 1
    if k >= u.tok_end:
        return False
    if not _named_at(st, doc[k].idx):
        return False
    return (
        inverts
        or doc[k].dep_.startswith("nsubj")
        or not any(c.dep_ == "obj" for c in verb.children)
    )


@cache
def _human_heads() -> frozenset[str]:
    """The nouns that name a speaker: roles, persons, media, groups, organisations."""
    classes = word_classes()
    humans = role_heads() | classes["person"] | classes["media"] | classes["collective"]
    return humans | classes["org_head"]


@cache
def _before_name() -> frozenset[str]:
    """Time words and courtesy titles, over which a name after a cue is looked for."""
    return word_classes()["time"] | {"m.", "mme", "dr"}


def speaker_tail(st: State, u: Unit, k: int) -> bool:
    """After a cue, a short noun phrase that names a speaker (a person or organisation, a role,
    a medium, "les experts") and ends the sentence, perhaps with where it was said (``dans Le
    Figaro``) or a colon: the subject of an inversion, not an object."""
    doc = st.doc
    k = skip_adjuncts(doc, k, u)  # "a réagi au même moment la secrétaire…"
    k = skip_adjuncts(doc, _past_medium(st, u, k), u)  # "a estimé sur LCI lundi le ministre"
    if k >= u.tok_end or doc[k].pos_ not in ("DET", "PROPN", "NOUN"):
        return False
    humans = _human_heads()
    named = _named_at(st, doc[k].idx)
    j, n = k, 0
    while j < u.tok_end and not doc[j].is_punct and plain_word(doc[j].text) not in _STOPS:
        if doc[j].pos_ in ("VERB", "AUX") and doc[j].text.islower():
            return False
        at = doc[j].idx
        m = next((m for m in mentions_from(st, at, at + 1) if m[2].type in ("PER", "ORG")), None)
        if m is not None:
            named = True
            while j + 1 < u.tok_end and doc[j + 1].idx < m[1]:
                j += 1  # over the whole name: "Moreau-Chevrolet"
        elif doc[j].pos_ in ("NOUN", "PROPN") and n == 0:
            low = plain_word(doc[j].text)
            named = named or low in humans or low.rstrip("sx") in humans
        if doc[j].pos_ in ("NOUN", "PROPN"):
            n = 1
        j += 1
    if not named or j - k > 7:
        return False
    if j < u.tok_end and plain_word(doc[j].text) == "lors":
        return _document_setting_ends(st, u, j)
    if j < u.tok_end and plain_word(doc[j].text) in _WHERE:
        # "dans Le Figaro", "à BFMTV": a medium, then the end
        m = next(
            (m for m in mentions_from(st, doc[j].idx, len(st.text) + 1) if m[2].type == "ORG"),
            None,
        )
        if m is None or m[0] - doc[j].idx > 8:
            return _document_setting_ends(st, u, j)
        while j < u.tok_end and doc[j].idx < m[1]:
            j += 1
    return _sentence_goes_on_about_speaker(st, u, j)


def _ends_here(doc: Doc, u: Unit, j: int) -> bool:
    return j >= u.tok_end or doc[j].text in (".", ":", "!", "?") or doc[j].is_space


# what may follow the speaker of an inversion after a comma and still end its clause: a relative
# clause about the speaker, a participle or gerund clause of the speaker's, "sans" + infinitive
_AFTER_SPEAKER = frozenset(["qui", "dont", "lequel", "laquelle", "sans", "en", "tout", "avant"])


def _sentence_goes_on_about_speaker(st: State, u: Unit, j: int) -> bool:
    """The sentence ends at token ``j``, or goes on after a comma with a clause about the
    speaker: "…, a dénoncé l'ONG Oxfam, qui appelle les Etats à…", "…, a indiqué la police,
    précisant que…", "…, a annoncé la présidence, sans donner de date"."""
    doc = st.doc
    if _ends_here(doc, u, j):
        return True
    if doc[j].text != "," or j + 1 >= u.tok_end:
        return False
    nxt = doc[j + 1]
    return plain_word(nxt.text) in _AFTER_SPEAKER or (
        nxt.pos_ == "VERB" and "Part" in nxt.morph.get("VerbForm") and nxt.text.endswith("ant")
    )


def _document_setting_ends(st: State, u: Unit, j: int) -> bool:
    """After the speaker, where it said it, a document or a medium by its kind, and the end:
    "dans un communiqué", "dans un communiqué publié lundi", "à la télévision publique",
    "lors d'une conférence de presse" (a few words, no verb but a participle)."""
    doc = st.doc
    classes = word_classes()
    kinds = classes["document"] | classes["media"] | _SETTINGS
    found = False
    k = j + 1
    while k < u.tok_end and k - j <= 8 and not doc[k].is_punct:
        if doc[k].pos_ in ("VERB", "AUX") and "Part" not in doc[k].morph.get("VerbForm"):
            return False
        found = found or plain_word(doc[k].text) in kinds
        k += 1
    return found and _sentence_goes_on_about_speaker(st, u, k)


_SETTINGS = frozenset(["conference", "entretien", "interview", "point", "emission", "reseaux"])


def _past_medium(st: State, u: Unit, k: int) -> int:
    """After where it was said, a medium named right after ``sur``/``à``/``dans`` (``sur
    LCI``, ``à l'AFP``), the token after the medium's name; else ``k``."""
    doc = st.doc
    if k >= u.tok_end or plain_word(doc[k].text) not in _WHERE:
        return k
    start = doc[k].idx
    m = next((m for m in mentions_from(st, start, start + 12) if m[2].type == "ORG"), None)
    if m is None or m[0] - start > 8:
        return k
    j = k
    while j < u.tok_end and doc[j].idx < m[1]:
        j += 1
    return j


def _named_at(st: State, pos: int) -> bool:
    """A person or organisation named from ``pos``."""
    return any(e.type in ("PER", "ORG") for _ms, _me, e, _ in mentions_from(st, pos, pos + 1))


def clause_before(st: State, u: Unit, g: int) -> bool:
    """At least three words before the cue in its clause, outside a quotation."""
    doc = st.doc
    n, j = 0, g - 1
    while j >= u.tok_start and doc[j].text not in (":", ";", ".", "!", "?"):
        if doc[j].is_alpha:
            n += 1
        j -= 1
    return n >= 3


def coordinated_subject(st: State, u: Unit, g: int) -> tuple[int, int] | None:
    """The subject of the verb coordinated before ``… et`` at ``g``: the nearest finite verb
    before it in the sentence that has a subject of its own (outside quotations)."""
    doc = st.doc
    j = g - 2
    while j >= u.tok_start and doc[j].text not in STRONG_PUNCT:
        t = doc[j]
        auxes = [a.i for a in t.children if a.dep_.startswith("aux") and a.i < j]
        finite = "Fin" in t.morph.get("VerbForm") or bool(auxes)
        if t.pos_ == "VERB" and finite and not in_pair(st.pairs, t.idx):
            for c in t.children:
                if (
                    (c.dep_.startswith("nsubj") or c.dep_ == "expl:subj")
                    and c.i < j
                    and not in_pair(st.pairs, c.idx)
                ):
                    if plain_word(c.text) in ("qui", "que", "qu'"):
                        return None
                    return np_span(doc, c, min([j, *auxes]), u)
        j -= 1
    return None


def apposed_subject(st: State, u: Unit, g: int) -> tuple[int, int] | None:
    """``NP, apposition, cue`` at the start of a sentence: the noun phrase is the subject
    (``Le chef de l'État, en berne dans les sondages, souhaite…``)."""
    doc = st.doc
    start = max(u.start, sent_of(doc[g]).start_char)
    seg = st.text[start : doc[g].idx]
    m = re.fullmatch(r"(\s*)([^,;:«»\"“”()]{2,60}?)\s*,[^,;:«»\"“”]{2,80},\s*", seg)
    if m is None:
        return None
    s = start + len(m.group(1))
    e = s + len(m.group(2))
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or span[0].pos_ not in ("DET", "PROPN"):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    appo = doc.char_span(e, doc[g].idx, alignment_mode="expand")
    if appo is not None and any("Fin" in t.morph.get("VerbForm") for t in appo):
        return None  # "X, volées en 1984 vont être restituées, a rapporté Y": a clause
    return s, e
