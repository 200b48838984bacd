"""From speaker words to who they denote: names, pronouns and descriptions.

- A name (or a title mention from ``doc._.entities``) inside the words gives its entity.
- ``il``/``elle``/``lui`` (and ``ils``/``elles``): the most recent compatible *topic* before
  them: the subject of a clause outside quotations and reported content, or a speaker. Gender
  (from ``M.``/``Mme``, the first name, a ``le``/``la`` title, an earlier pronoun) and number
  must agree. ``Brigitte Macron revient sur leur histoire. « … », raconte-t-elle``.
- A description: the same description resolved earlier; a possessive (``son entourage``) is
  ``entourage de`` + the topic it refers to; a medium (``le quotidien``) is the latest medium;
  a role or person noun (``le président américain``, ``la doyenne de la Cour``) is the
  latest compatible person topic (same gender, no contradicting known role or country), or
  an entity whose known role it repeats; in the lead of the article, where descriptions come
  before names, the first compatible person named after it. Indefinite, plural and
  relational descriptions (``un responsable``, ``les manifestants``, ``le porte-parole du
  Premier ministre``) stay as written unless they repeat a known role.
"""

from __future__ import annotations

import bisect
import copy
import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Token

from veille import demonyms, lexicon
from veille.lexicon import read_table
from veille.model import Entity, Span, Speaker
from veille.text import fold
from veille.text.spans import doc_index, sent_of

from . import antecedents
from .antecedents import Candidate, Query
from .base import (
    DECAY,
    PP_HEADS,
    SUBJ_PRONOUNS,
    Resolved,
    State,
    Unit,
    is_document,
    mentions_before,
    mentions_from,
    mentions_holding,
    mentions_overlapping,
    np_span,
    plain_word,
    prep_before,
)
from .marks import in_pair
from .vocab import role_heads, word_classes

_DEFINITE = frozenset(["le", "la", "l'", "les"])
_DEMONSTRATIVE = frozenset(["ce", "cet", "cette", "ces"])
_POSSESSIVE = frozenset(["son", "sa", "ses", "leur", "leurs"])
_INDEFINITE = frozenset(
    ["un", "une", "des", "de", "d'", "certains", "certaines", "plusieurs", "quelques",
     "nombreux", "nombreuses", "aucun", "aucune", "tout", "tous", "toutes", "deux", "trois"]
)  # fmt: skip
_PRE_ADJECTIVES = frozenset(
    ["ancien", "ancienne", "ex", "jeune", "nouveau", "nouvel", "nouvelle", "actuel", "actuelle",
     "futur", "future", "meme", "celebre", "puissant", "puissante", "influent", "influente"]
)  # fmt: skip
_COMPLEMENT = frozenset(["de", "du", "des", "d'", "a", "au", "aux", "aupres", "en", "pour"])
_NON_THIRD = frozenset(["je", "j'", "tu", "nous", "vous", "on", "ce", "c'", "cela", "ca", "qui"])
_IMPERSONAL = frozenset(["falloir", "agir", "sembler", "paraitre", "pleuvoir", "importer"])
_LEAD = 450  # characters: descriptions this early may name someone only named after them
_TOPIC_SPAN = 1500  # characters: how far back a pronoun or description looks for its topic
_CATAPHORA_SPAN = 1000  # characters: how far after it a description in the lead finds its name


@dataclass
class _Desc:
    """A description read word by word: ``la secrétaire d'État française auprès de…``."""

    det: str  # first word (plain), "" if none
    head: str  # the head noun (plain), after pre-adjectives
    role: str | None  # the longest role of the lexicon at the head (plain words)
    rest: list[str]  # words after the head (or role)
    gender: str | None
    plural: bool
    country: str | None


# ---------------------------------------------------------------------------------------------
# Entry points


def resolve_span(st: State, span: tuple[int, int], source: bool = False) -> Resolved:
    """Who the speaker words ``span`` denote (``source``: after ``selon``/``d'après``)."""
    s, e = span
    text = st.text[s:e]
    stripped = text.strip(' ,;:"«»“”-')
    if stripped[:2].lower() == "t-":
        stripped = stripped[2:]  # "a-t-il": the clitic "-t-il"
    if stripped != text:
        off = text.index(stripped) if stripped else 0
        s, e = s + off, s + off + len(stripped)
        text = stripped
    s = _past_adverbs(st, s, e)
    s = _demonstrative_start(st, s)
    e = _before_clitic(st, s, e)
    text = st.text[s:e]
    mention = Span(text, s, e)
    word = fold.plain(text)
    if word in SUBJ_PRONOUNS:
        return resolve_pronoun(st, s, e)
    if word in _DEMONSTRATIVE_PRONOUNS:
        return _demonstrative(st, s, e, _DEMONSTRATIVE_PRONOUNS[word])
    cands = []
    held: set[str] = set()
    for ms, me, ent, kind in mentions_overlapping(st, s, e):
        if me <= s or ms >= e or ent.type == "MISC":
            continue
        after_prep = ms > s and prep_before(st, ms)
        if after_prep and not (source and is_document(st, s, ms)):
            continue
        if ent.type != "PER" and ms > s and _party_of_person(st, s, ms, ent):
            continue  # "le sénateur-maire PS de Lyon", "le président du parti Les Républicains"
        if ent.type == "PER" and ms > s and _role_holder_of(st, s, ms, me):
            # "l'ancien mentor du Premier ministre Édouard Philippe": not Philippe, and
            # someone the article may name elsewhere: the words as written
            held.add(ent.id)
            continue
        cands.append((ms, me, ent, kind))
    # the title the entities gave the role holder ("le porte-parole du président") is not his
    cands = [c for c in cands if c[2].id not in held]
    if cands:
        per = [c for c in cands if c[2].type == "PER"]
        if len(per) > 1 and _coordinated(st, per):
            return _group(st, per, mention)
        pick = per[-1] if per else cands[0]
        ent = expansion(st, pick[2])
        return Resolved(Speaker(ent.name, ent.id, mention), 1.0 if pick[3] == "name" else 0.9, ent)
    if held:
        return Resolved(Speaker(text, None, mention), 0.85)
    named = _by_surname(st, text)
    if named is not None:
        return Resolved(Speaker(named.name, named.id, mention), 0.9, named)
    author = _document_author(st, s, text) if source else None
    if author is not None:
        return Resolved(Speaker(author.name, author.id, mention), 0.85, author)
    return _description(st, s, e, text, source)


_AUTHOR = re.compile(r"\b(?:de|du|des|d'|par)\s*(?=\S)", re.IGNORECASE)


def _document_author(st: State, s: int, text: str) -> Entity | None:
    """A source that is a document or figures whose author is described, not named:
    ``selon les chiffres de l'ONG``, ``selon des propos rapportés par la radio``: whom the
    description after ``de``/``par`` denotes (the ONG named before, the radio)."""
    d = _read(text)
    if d.head not in word_classes()["document"]:
        return None
    m = next(iter(_AUTHOR.finditer(text, text.find(" ") + 1)), None) if " " in text else None
    if m is None or not text[m.end() :].strip():
        return None
    rest = text[m.end() :]
    r = _description(st, s + m.end(), s + len(text), rest, False)
    return r.entity if r.entity is not None and r.entity.type in ("PER", "ORG") else None


def _before_clitic(st: State, s: int, e: int) -> int:
    """Where a subject pronoun ends before an adverbial clitic the parse left on it: ``Il y
    a affirmé``, ``elle en a conclu``: ``Il``, not ``Il y``."""
    words = st.text[s:e].split()
    if len(words) != 2 or words[1].lower() not in ("y", "en"):
        return e
    if plain_word(words[0]) in SUBJ_PRONOUNS:
        return s + len(words[0])
    return e


# "celui-ci", "celle-là": the latest noun of its gender (singular; the plural ones stay as
# written, like "les manifestants")
_DEMONSTRATIVE_PRONOUNS = {
    "celui-ci": "m", "celle-ci": "f", "celui-la": "m", "celle-la": "f"
}  # fmt: skip


def _demonstrative_start(st: State, s: int) -> int:
    """Where a demonstrative pronoun the tokenizer split starts: the subject ``ci`` of
    ``Celui-ci a affirmé`` is the whole ``Celui-ci``."""
    if fold.plain(st.text[s : s + 2]) not in ("ci", "la") or st.text[s - 1 : s] != "-":
        return s
    for head in ("celui-", "celle-", "ceux-", "celles-"):
        if fold.plain(st.text[max(0, s - len(head)) : s]) == head:
            return s - len(head)
    return s


def _demonstrative(st: State, s: int, e: int, gender: str) -> Resolved:
    """``celui-ci``, ``celle-ci``: as ``ce dernier`` (:func:`_last_named`), else as written."""
    mention = Span(st.text[s:e], s, e)
    r = _last_named(st, s, gender)
    if r is None or r.speaker is None:
        return Resolved(Speaker(st.text[s:e], None, mention), 0.5)
    return Resolved(Speaker(r.speaker.name, r.speaker.entity, mention), 0.85, r.entity)


_HONORIFICS = frozenset(["m.", "mme", "mlle", "monsieur", "madame", "mademoiselle"])


def _by_surname(st: State, text: str) -> Entity | None:
    """``Mme Le Pen``, ``M. Castaner`` (a courtesy title and a surname the entities left
    unlinked): the one person named in the article whose name ends with that surname."""
    words = text.split()
    if len(words) < 2 or fold.plain(words[0]) not in _HONORIFICS or not words[1][:1].isupper():
        return None
    surname = " " + fold.plain(" ".join(words[1:]))
    found = {
        ent.id: ent
        for ent in st.entities
        if ent.type == "PER" and " " in ent.name and (" " + fold.plain(ent.name)).endswith(surname)
    }
    return expansion(st, next(iter(found.values()))) if len(found) == 1 else None


def _past_adverbs(st: State, s: int, e: int) -> int:
    """Where speaker words start past adverbs before a determiner or a name ("un peu plus
    tard le sénateur-maire PS de Lyon"): an adverbial is no part of who spoke."""
    span = st.doc.char_span(s, e, alignment_mode="expand")
    if span is None or len(span) < 2:
        return s
    pos, words, idx = st.tokens.pos, st.tokens.words, st.tokens.idx
    k, last = span.start, span.end - 1  # the token arrays, not Token objects
    while k < last and (
        pos[k] == "ADV" or (words[k].lower() == "un" and words[k + 1].lower() == "peu")
    ):
        k += 1
    if k > span.start and pos[k] in ("DET", "PROPN") and idx[k] > s:
        return idx[k]
    return s


def fragment(name: str) -> bool:
    """Words that cannot be a speaker: :func:`phrase_fragment`, or a thing ("des
    révélations")."""
    return phrase_fragment(name) or not can_speak(name)


def phrase_fragment(name: str) -> bool:
    """The start of a prepositional phrase ("de la matinale de France Info", "après les
    annonces du Premier ministre") or a bare number: no one."""
    words = fold.plain(name).replace("'", "' ").split()
    if not words:
        return True
    return (
        words[0] in PP_HEADS | {"de", "du", "d'"}
        or words[0].strip(".,").replace(".", "").replace(",", "").isdigit()
    )


def resolve_pronoun(st: State, s: int, e: int, before: int | None = None) -> Resolved:
    """``il``, ``elle``, ``lui``, ``ils``, ``elles``, ``eux`` at ``s:e``, referring to what was
    talked about before ``before`` (default ``s``)."""
    pos = s if before is None else before
    word = fold.plain(st.text[s:e])
    mention = Span(st.text[s:e], s, e)
    plural = word in ("ils", "elles", "eux")
    gender = "f" if word in ("elle", "elles") else "m" if word in ("il", "lui", "ils") else None
    if plural:
        topic = _topic(st, pos, lambda r: r.plural and r.speaker is not None)
        if topic is not None and topic.speaker is not None:
            return Resolved(Speaker(topic.speaker.name, None, mention), 0.85, plural=True)
        return Resolved(Speaker(st.text[s:e], None, mention), 0.5, plural=True)
    pick = antecedents.best(Query(pos, True, gender), _candidates(st, pos, persons=False))
    if pick is not None:
        res = _resolved_of(pick)
        ent = res.entity
        if ent is not None and ent.type == "PER" and gender is not None:
            st.gender.setdefault(ent.id, gender)
        assert res.speaker is not None
        conf = 0.9 if pick.speaker_at is not None or pick.subject_at is not None else 0.85
        return Resolved(Speaker(res.speaker.name, res.speaker.entity, mention), conf, ent)
    if st.last_speaker is not None and st.last_speaker[1].speaker is not None:
        sp = st.last_speaker[1].speaker
        return Resolved(Speaker(sp.name, sp.entity, mention), 0.8, st.last_speaker[1].entity)
    # in the article's first sentence nothing came before: the person named next, after the
    # pronoun's sentence ("Il a dit avoir parlé avec Emmanuel Macron": il is not Macron)
    starts = doc_index(st.doc).sent_start_chars
    first = bisect.bisect_left(starts, pos) <= 1
    nxt = bisect.bisect_right(starts, s)
    after = starts[nxt] - 1 if nxt < len(starts) else len(st.text)
    ok = lambda x: _gender_ok(st.gender.get(x.id), gender)  # noqa: E731
    ent = _cataphora(st, max(pos, after), ok) if first else None
    if ent is not None:
        return Resolved(Speaker(ent.name, ent.id, mention), 0.8, ent)
    return Resolved(Speaker(st.text[s:e], None, mention), 0.5)


def _cataphora(st: State, pos: int, ok: Callable[[Entity], bool]) -> Entity | None:
    """Before anyone is named (``« … », a-t-elle déclaré`` opening the article, ``Marine Le
    Pen`` named later): the first person named after ``pos`` that ``ok`` accepts."""
    if any(ent.type == "PER" and kind == "name" for _s, _e, ent, kind in mentions_before(st, pos)):
        return None
    for ms, _me, ent, kind in mentions_from(st, pos + 1, pos + 2 * _TOPIC_SPAN):
        if ent.type == "PER" and kind == "name" and not in_pair(st.pairs, ms) and ok(ent):
            return expansion(st, ent)
    return None


def floating_speaker(st: State, u: Unit, pos: int, persons: bool = False) -> Resolved | None:
    """The speaker of a quotation alone in its sentence: the latest topic (speaker or subject)
    just before it, else the first person named around it. ``persons``: a person first (a
    phrase quoted inside a sentence is rarely an institution's)."""

    def accept(r: Resolved) -> bool:
        return (
            r.speaker is not None
            and not r.plural
            # "de la matinale de France Info": a prepositional phrase, not someone
            and fold.plain(r.speaker.name).split()[:1] not in (["de"], ["du"], ["des"], ["a"])
            and (r.entity is not None or is_human(r.speaker.name))
            and not (persons and r.entity is not None and r.entity.type != "PER")
        )

    topic = _topic(st, pos, accept, limit=700)
    if topic is not None:
        return Resolved(topic.speaker, 0.8, topic.entity)
    for ms, me, ent, _kind in mentions_from(st, pos - 399, pos + 400):
        if ent.type == "PER" and not in_pair(st.pairs, ms) and abs(ms - pos) < 400:
            return Resolved(Speaker(ent.name, ent.id, Span(st.text[ms:me], ms, me)), 0.8, ent)
    return None


def most_salient(
    st: State,
    pos: int,
    gender: str | None,
    types: tuple[str, ...],
    media: bool = False,
    ok: Callable[[Entity], bool] | None = None,
) -> Entity | None:
    """The entity with the highest salience before ``pos``: speakers and person subjects
    count most, every name mention outside quotations counts, all decaying with distance."""
    scores: dict[str, float] = {}
    by_id = {e.id: e for e in st.entities}

    def fits(ent: Entity) -> bool:
        if ent.type not in types or (ok is not None and not ok(ent)):
            return False
        g = st.gender.get(ent.id)
        if gender and g and g != gender:
            return False
        return not media or ent.id in st.media

    for p, ent in st.salience:
        if p < pos and fits(ent):
            scores[ent.id] = scores.get(ent.id, 0.0) + 3.0 * math.exp(-(pos - p) / DECAY)
    for ms, _me, ent, kind in mentions_before(st, pos):
        if ms >= pos or kind != "name" or in_pair(st.pairs, ms) or not fits(ent):
            continue
        w = 1.0 if st.subjects.get(ms) else 0.3
        scores[ent.id] = scores.get(ent.id, 0.0) + w * math.exp(-(pos - ms) / DECAY)
    if not scores:
        return None
    return by_id[max(scores, key=lambda k: scores[k])]


# ---------------------------------------------------------------------------------------------
# Topics: who the article is talking about at a given point


def _topic(
    st: State, pos: int, accept: Callable[[Resolved], bool], limit: int = _TOPIC_SPAN
) -> Resolved | None:
    """The latest accepted topic before ``pos``: a speaker, or the subject of a clause outside
    quotations and outside the content of a quote found so far."""
    for _p, r in _topics_before(st, pos, limit):
        if accept(r):
            return r
    return None


def _topics_before(st: State, pos: int, limit: int) -> Iterator[tuple[int, Resolved]]:
    for p, r, _speaker in _topic_items(st, pos, limit):
        yield p, r


def _topic_items(st: State, pos: int, limit: int) -> list[tuple[int, Resolved, bool]]:
    """The topics before ``pos`` (latest first), each with whether it was a speaker (else a
    main-clause subject)."""
    items: list[tuple[int, Resolved, bool]] = []
    hi = bisect.bisect_left(st.subject_pos, pos)
    # every subject before pos is resolved, in order (resolving has effects on the state)
    for k in range(st.subjects_done, hi):
        _subject(st, k)
    lo = bisect.bisect_left(st.subject_pos, pos - limit, 0, hi)
    for k in range(lo, hi):
        p = st.subject_pos[k]
        res = st.subject_res.get(k)
        if pos - p > limit or res is None:
            continue
        if any(f.type != "according_to" for f in st.found_index.holding(st.found, p)):
            continue  # "X a affirmé que Y …": Y is what X said, not a topic
        items.append((p, res, False))
    # a speaker found through "qui" is not what the sentence is about ("Il salue X, qui a
    # réaffirmé …": a later "juge-t-il" is still the subject's)
    items += [
        (p, r, True) for p, r in st.history if p < pos and pos - p <= limit and not r.relative
    ]
    items.sort(key=lambda x: -x[0])
    return items


# ---------------------------------------------------------------------------------------------
# Candidates for the ranking (antecedents.py)


def _candidates(st: State, pos: int, persons: bool, limit: int = _TOPIC_SPAN) -> list[Candidate]:
    """Who the article talked about before ``pos``: its topics (speakers and main-clause
    subjects within ``limit``, named or unnamed descriptions of people) and the people and
    organisations named outside quotations (all before ``pos``, for how often they were
    named; recent ones also for when). ``persons``: people only."""
    cands: dict[str, Candidate] = {}
    for p, r, as_speaker in _topic_items(st, pos, limit):
        c = _candidate_of(st, r, cands)
        if c is None or (persons and c.type not in ("PER", "DESC")):
            continue
        c.seen += 1
        if as_speaker:
            c.speaker_at = max(c.speaker_at or -1, p)
        else:
            c.subject_at = max(c.subject_at or -1, p)
    starts, named = _named_mentions(st)
    for ms, ent, key, opens in named[: bisect.bisect_left(starts, pos)]:
        if persons and ent.type != "PER":
            continue
        c = cands.get(key) or _candidate_of(st, Resolved(None, 1.0, ent), cands)
        assert c is not None
        c.seen += 1
        if pos - ms <= limit:
            c.mention_at = ms
            if opens:  # "Matteo Salvini, ministre de …, a rejeté …"
                c.subject_at = max(c.subject_at or -1, ms)
    return list(cands.values())


def _named_mentions(st: State) -> tuple[list[int], list[tuple[int, Entity, str, bool]]]:
    """The name mentions of people and organisations outside quotations, in order, each with
    the id of the entity it counts for and whether it starts a sentence (computed once per
    document), and their starts."""
    memo = st.named_mentions
    if memo is None:
        named = [
            (ms, ent, expansion(st, ent).id, _starts_sentence(st, ms))
            for ms, _me, ent, kind in st.mentions
            if kind == "name" and ent.type in ("PER", "ORG") and not in_pair(st.pairs, ms)
        ]
        memo = st.named_mentions = ([m[0] for m in named], named)
    return memo


def _starts_sentence(st: State, pos: int) -> bool:
    """Whether a sentence starts at ``pos``: a name there is the sentence's subject, however
    the parse hangs it."""
    starts = doc_index(st.doc).sent_start_chars
    k = bisect.bisect_left(starts, pos)
    return k < len(starts) and starts[k] == pos


def _candidate_of(st: State, r: Resolved, cands: dict[str, Candidate]) -> Candidate | None:
    ent = r.entity
    if ent is not None:
        ent = expansion(st, ent)
        c = cands.get(ent.id)
        if c is None:
            roles, sectors, ctry, media = _entity_facts(st, ent)
            c = cands[ent.id] = Candidate(
                ent.id, ent.name, ent.type, ent, medium=media, gender=st.gender.get(ent.id),
                roles=roles, sectors=sectors, country=ctry,
            )  # fmt: skip
        return c
    if r.speaker is None or fold.plain(r.speaker.name) in SUBJ_PRONOUNS:
        return None
    key = "desc:" + fold.plain(r.speaker.name)
    c = cands.get(key)
    if c is None:
        d = _read(r.speaker.name)
        said = _said(d)
        c = cands[key] = Candidate(
            key, r.speaker.name, "DESC", None, human=is_human(r.speaker.name),
            gender=r.gender, plural=r.plural, roles=(said,) if said else (),
        )  # fmt: skip
        c.ref = r
    return c


def _entity_facts(
    st: State, ent: Entity
) -> tuple[tuple[str, ...], tuple[str, ...], str | None, bool]:
    """What a candidate knows of an entity that does not change in a document: its roles
    (plain), their sectors, its country, whether it is a medium (computed once per entity)."""
    facts = st.entity_facts
    known = facts.get(ent.id)
    if known is None:
        roles = tuple(_role_words(x.text) for x in ent.roles if not _dangling(x.text))
        sectors = tuple(filter(None, (_role_sector(r) for r in roles)))
        ctry = _country_of(ent)
        media = ent.id in st.media or fold.plain(ent.name) in _media_names()
        known = facts[ent.id] = (roles, sectors, ctry, media)
    return known


def _resolved_of(c: Candidate) -> Resolved:
    if c.entity is not None:
        ent = c.entity
        assert isinstance(ent, Entity)
        return Resolved(Speaker(ent.name, ent.id, None), 0.9, ent)
    r = c.ref
    assert isinstance(r, Resolved)
    return Resolved(r.speaker, 0.9, None, r.gender, r.plural)


def _country_of(ent: Entity) -> str | None:
    """An entity's country: its own, a role's (``président turc``), else a well-known
    figure's (``actors.tsv``)."""
    return (
        ent.country
        or next((x.country for x in ent.roles if x.country), None)
        or (_known_people().get(fold.plain(ent.name)) if ent.type == "PER" else None)
    )


def _dangling(role: str) -> bool:
    """A role phrase that ends on ``de M.`` or a preposition is the role of someone else
    tied to the name after it: ``le chef de cabinet de M. Trump`` is no role of Trump's."""
    last = fold.plain(role).replace("'", "' ").split()[-1:]
    return bool(last) and (last[0] in _HONORIFICS or last[0] in _COMPLEMENT)


def _role_words(text: str) -> str:
    """A role as plain words, without the adjectives before it: ``ancien ministre`` →
    ``ministre``."""
    words = fold.plain(text).split()
    while len(words) > 1 and words[0] in _PRE_ADJECTIVES:
        words = words[1:]
    if words and words[0].startswith("ex-"):
        words[0] = words[0][3:]
    return " ".join(words)


def _subject(st: State, k: int) -> Resolved | None:
    """The resolution of the ``k``-th clause subject (memoised; earlier ones first, so that a
    chain of pronouns never recurses deeply)."""
    if k in st.subject_res:
        return st.subject_res[k]
    st.subject_res[k] = None  # re-entrancy guard
    for j in range(st.subjects_done, k):
        if j not in st.subject_res:
            _subject(st, j)
    while st.subjects_done in st.subject_res:
        st.subjects_done += 1
    i = st.subject_tok[k]
    word = st.tokens.plain[i].lstrip("-")
    if word in _NON_THIRD or st.tokens.dep[i] == "expl:subj" or word in ("t", "t-"):
        return None
    tok: Token = st.doc[i]
    if not _main_clause(tok.head):
        return None  # "…, qui a réaffirmé", "alors qu'il…": not what the article is about
    if word == "il" and plain_word(tok.head.lemma_) in _IMPERSONAL:
        return None
    index = doc_index(st.doc)
    n = index.sentence_of_token(tok.i)
    unit = Unit(
        index.sent_start_chars[n], index.sent_end_chars[n], index.sent_starts[n], index.sent_ends[n]
    )
    stop = tok.head.i if tok.head.i > tok.i else tok.right_edge.i + 1
    span = np_span(st.doc, tok, stop, unit)
    if span is None:
        return None
    res = resolve_span(st, span)
    if res.speaker is None or (res.entity is None and phrase_fragment(res.speaker.name)):
        return None  # "Après les annonces du Premier ministre, …": no one talked about
    plural = res.plural or (
        res.entity is None and ("Plur" in tok.morph.get("Number") or _has_conj(tok))
    )
    if plural != res.plural:
        res = Resolved(res.speaker, res.factor, res.entity, res.gender, plural)
    st.subject_res[k] = res
    return res


def _main_clause(verb: Token) -> bool:
    """Whether ``verb`` heads a clause the article is about: not a relative clause, not
    reported content (``que …``), not a clause opened by a subordinating conjunction
    (``alors qu'il…``, ``si…``). Coordinated and participial clauses go up to their head."""
    for _ in range(6):
        if verb.dep_ in ("acl:relcl", "acl", "ccomp", "csubj"):
            return False
        if any(c.dep_ == "mark" and plain_word(c.text) not in ("apres", "avant", "pour")
               for c in verb.children):  # fmt: skip
            return False
        if verb.dep_ == "ROOT" or verb.head.i == verb.i:
            return True
        verb = verb.head
    return True


def _has_conj(tok: Token) -> bool:
    return any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children)


# ---------------------------------------------------------------------------------------------
# Descriptions


def _description(st: State, s: int, e: int, text: str, source: bool) -> Resolved:
    mention = Span(text, s, e)
    key = fold.plain(text)
    earlier = st.descriptions.get(key)
    d = copy.copy(_read(text))  # its country may be filled in below
    # a medium by its kind ("le quotidien") is the latest of that kind named, not the first
    # it was ("la rédaction", "le journal": the article's own medium, as before)
    if earlier is not None and earlier.speaker is not None and d.head not in _media_kinds():
        sp = earlier.speaker
        return Resolved(Speaker(sp.name, sp.entity, mention), 0.9, earlier.entity)
    if d.country is None and d.role is not None:  # "le président des Etats-Unis"
        d.country = next(
            (c for _ms, _me, ent, _k in mentions_overlapping(st, s, e)
             if ent.type == "LOC" and (c := _country_names().get(fold.plain(ent.name)))),
            None,
        )  # fmt: skip
    res = _denote(st, s, text, d, source)
    if res is None:
        longer = _same_description(st, s, text)
        name = longer if longer is not None else text
        res = Resolved(Speaker(name, None, mention), 0.85, gender=d.gender, plural=d.plural)
    else:
        res = Resolved(
            Speaker(res.speaker.name if res.speaker else text, res.entity and res.entity.id,
                    mention),
            res.factor, res.entity, d.gender, d.plural,
        )  # fmt: skip
        if res.entity is not None and res.entity.type == "PER" and d.gender is not None:
            st.gender.setdefault(res.entity.id, d.gender)
    if res.entity is not None:
        st.descriptions.setdefault(key, res)
    return res


def _denote(st: State, pos: int, text: str, d: _Desc, source: bool) -> Resolved | None:
    """The entity (or fuller description) a description stands for, or None: decided by its
    determiner, then, for a definite or demonstrative one, by what its head noun names."""
    demonym = demonyms.country_of(d.head) if d.head else None
    if _is_a_name(text, d, demonym):
        return None
    if d.det == "l'" and d.head in ("un", "une"):
        return None  # "l'un de ses proches"
    if d.det in _INDEFINITE or (d.plural and d.det not in _POSSESSIVE):
        # "un responsable" only by a role already known; "les manifestants" as written
        return _by_known_role(st, pos, d) if not d.plural else None
    if d.det in _POSSESSIVE:
        return _possessive(st, pos, text, d)
    if d.head == "source" and (d.det in _DEMONSTRATIVE or "meme" in fold.plain(text)):
        return _last_source(st, pos)
    if d.head in ("dernier", "derniere") and d.det in _DEMONSTRATIVE:
        return _last_named(st, pos, "f" if d.head == "derniere" else "m")
    if d.det not in _DEFINITE | _DEMONSTRATIVE:
        return None
    classes = word_classes()
    if any(d.head in classes[c] for c in ("media", "document", "term", "org_head")):
        return _institution(st, pos, d, source)
    return _person(st, pos, d, demonym)


def _is_a_name(text: str, d: _Desc, demonym: str | None) -> bool:
    """Words that are a name, not a description: "le Parisien", "la Corée du Nord" (a capital
    after the first word that is neither a role nor a demonym), or no head noun at all."""
    words = text.split()
    return not d.head or (
        len(words) > 1 and words[1][:1].isupper() and not d.role and demonym is None
    )


def _last_named(st: State, pos: int, gender: str | None = None) -> Resolved | None:
    """ "ce dernier", "cette dernière": the latest noun of its gender before it, when it
    names a person or an organisation outside quotations ("l'enquête sur la catastrophe.
    Cette dernière « a sonné … »" is the catastrophe, not the man named before it: no one)."""
    last = [
        (ms, ent)
        for ms, _me, ent, kind in mentions_before(st, pos)
        if ms < pos and kind == "name" and ent.type in ("PER", "ORG")
        and not in_pair(st.pairs, ms)
    ]  # fmt: skip
    if not last:
        return None
    noun = _last_noun(st, last[-1][0], pos, gender)
    if noun is not None:
        return None  # a noun of that gender came after the name: "cette dernière" is it
    return _of(st, last[-1][1])


def _last_noun(st: State, lo: int, pos: int, gender: str | None) -> Token | None:
    """The latest common noun of ``gender`` (and singular) in ``[lo, pos)`` outside the
    mentions of entities: what "ce dernier"/"cette dernière" would refer to before a name."""
    span = st.doc.char_span(lo, pos, alignment_mode="contract")
    if span is None or gender is None:
        return None
    want = "Fem" if gender == "f" else "Masc"
    time = word_classes()["time"]
    for tok in reversed(span):
        if tok.pos_ != "NOUN" or plain_word(tok.text) in time:
            continue
        morph = tok.morph
        agrees = want in morph.get("Gender") and "Plur" not in morph.get("Number")
        if agrees and not mentions_holding(st, tok.idx):
            return tok
    return None


def _institution(st: State, pos: int, d: _Desc, source: bool) -> Resolved | None:
    """A definite description of a medium, a document or an organisation. A medium ("le
    quotidien libéral", "le journal") is the latest medium named; an organisation ("le
    gouvernement") the most salient one; a document or a term no one. With a complement
    ("l'agence australienne du renseignement", "le gouvernement de M. Morrison") or as a
    source, the words stay as written."""
    classes = word_classes()
    complement = any(w in _COMPLEMENT for w in d.rest) and "presse" not in d.rest
    if d.head in classes["media"]:
        kinds = _media_kinds().get(d.head)
        kind = next(iter(kinds)) if kinds else None
        ent = None if complement else _latest_medium(st, pos, kind)
        return _of(st, ent) if ent else None
    if d.head in classes["document"] or d.head in classes["term"] or source or complement:
        return None
    ent = most_salient(st, pos, None, ("ORG",), ok=lambda e: _same_kind(st, e, d.head))
    return _of(st, ent) if ent else None


def _same_kind(st: State, ent: Entity, head: str) -> bool:
    """An organisation a description by its kind may denote: one named with that noun
    (``le ministère`` for ``ministère de la Santé``), or of the same sector (``le syndicat``
    for ``Alliance``, LAB); not a medium for ``le gouvernement`` nor a police unit for ``le
    parquet``. A noun or an organisation of no known sector agrees with any."""
    want = _group_sectors().get(head)
    if want is None or fold.plain(ent.name).split()[:1] == [head]:
        return True
    have = _org_sector(st, ent)
    return have is None or have == want


def _org_sector(st: State, ent: Entity) -> str | None:
    """An organisation's sector: the organisations lexicon, else its first word's (``parquet
    de Paris``), else MED for a medium named after a media word."""
    known = _org_sectors().get(fold.plain(ent.name))
    if known is not None:
        return known
    words = fold.plain(ent.name).split()
    own = _group_sectors().get(words[0]) if words else None
    if own is not None:
        return own
    return "MED" if ent.id in st.media else None


@cache
def _group_sectors() -> dict[str, str]:
    """Group nouns of ``actors.tsv`` (plain) → their sector: ``syndicat`` LAB."""
    return {
        fold.plain(row["words"]): row["sector"]
        for row in read_table("actors.tsv")
        if row.get("kind") == "group" and row.get("sector")
    }


@cache
def _org_sectors() -> dict[str, str]:
    """Organisations of the lexicon, names and aliases (plain) → their sector."""
    return {
        fold.plain(n): org.sector
        for org in lexicon.organisations()
        for n in (org.name, *org.aliases)
    }


def _person(st: State, pos: int, d: _Desc, demonym: str | None) -> Resolved | None:
    """A definite description of a person ("le président américain", "la jeune Suédoise", "la
    doyenne de la Cour"): an entity whose known role it repeats, else a compatible person
    (:func:`_compatible_person`). A relational role ("le porte-parole du Premier ministre" is
    not the Premier ministre) and a noun that names no person stay as written."""
    if demonym is not None:
        d.country = d.country or demonym  # "la jeune Suédoise"
    elif d.role is None and d.head not in word_classes()["person"] | word_classes()["partisan"]:
        return None  # "l'Insoumis" may be someone named before; "la réforme" no one
    known = _by_known_role(st, pos, d)
    if known is not None:
        return known
    relational = word_classes()["relational"]
    tied = any(w in _COMPLEMENT for w in d.rest[:1])  # "le porte-parole du Premier ministre"
    if tied and (d.head in relational or (d.role and d.role.split()[0] in relational)):
        return None
    return _compatible_person(st, pos, d)


def _compatible_person(st: State, pos: int, d: _Desc) -> Resolved | None:
    """The person a description denotes: the best of the ranking (same gender, no
    contradicting role or country; role, country, recency as speaker or subject), else, in
    the lead, the first such person named after it ("le ministre syrien … a affirmé" before
    "Walid Mouallem")."""
    q = Query(
        pos, False, d.gender, False, d.role, _role_sector(d.role) if d.role else None,
        d.country, _said(d), _complement(d),
    )  # fmt: skip
    pick = antecedents.best(q, _candidates(st, pos, persons=True))
    if pick is None and pos >= _LEAD:  # no one named yet: "Selon la députée du Pas-de-Calais"
        # unless the article used the description before for someone it leaves unnamed
        said = d.role is not None and f" {d.role}" in st.plain[:pos]
        ent = None if said else _cataphora(st, pos, lambda x: _compatible(st, x, d))
        return _of(st, ent) if ent is not None else None
    if pos < _LEAD and (pick is None or not _topical(pick)):
        # in the lead a description comes before the name more often than after a name met
        # in passing ("une possible destitution de François Hollande, le Premier ministre")
        after = _named_after(st, pos, d)
        if after is not None:
            return after
    return _resolved_of(pick) if pick is not None else None


def _topical(c: Candidate) -> bool:
    """A candidate seen as a speaker or a subject, not only named."""
    return c.speaker_at is not None or c.subject_at is not None


@lru_cache(maxsize=4096)
def _read(text: str) -> _Desc:
    """A description read word by word (kept once read: the same few descriptions are read
    for every candidate; a caller that changes it changes a copy)."""
    words = [w for w in fold.plain(text).replace("'", "' ").split() if w]
    det = words[0] if words else ""
    i = 1 if det in _DEFINITE | _DEMONSTRATIVE | _POSSESSIVE | _INDEFINITE else 0
    if i == 0:
        det = ""
    while (i < len(words) - 1 and words[i] in _PRE_ADJECTIVES) or (
        i < len(words) and words[i].startswith("ex-")
    ):
        if words[i].startswith("ex-"):
            words[i] = words[i][3:]
            break
        i += 1
    head = words[i] if i < len(words) else ""
    role = None
    # the roles are written "chef de l'etat": the words rejoined after their apostrophes
    tail = " ".join(words[i:]).replace("' ", "'")
    for r in _roles_by_first_word().get(tail.split(" ", 1)[0], ()):
        if tail == r or tail.startswith(r + " "):
            role = r
            break
    rest = words[i + (len(role.replace("'", "' ").split()) if role else 1) :]
    gender = _noun_gender(head)
    if gender is None:
        gender = {"le": "m", "un": "m", "ce": "m", "cet": "m", "la": "f", "une": "f",
                  "cette": "f", "son": None, "sa": "f"}.get(det)  # fmt: skip
    plural = det in ("les", "des", "ces", "ses", "leurs", "plusieurs", "certains", "certaines")
    plural = (
        plural
        or "et" in rest[:1]
        or (
            head.endswith(("s", "x"))
            and not head.endswith(("ss", "us", "is", "ux"))
            and det != "le"
        )
    )
    country = next((c for w in rest if (c := demonyms.country_of(w))), None)
    return _Desc(det, head, role, rest, gender, plural and det not in ("le", "la", "l'"), country)


def _complement(d: _Desc) -> str:
    """What a description is of, plain: ``de la cgt`` in ``le patron de la CGT``."""
    at = next((k for k, w in enumerate(d.rest) if w in _OF), None)
    if at is None or at + 1 >= len(d.rest):
        return ""
    return " ".join(d.rest[at:]).replace("' ", "'")


def _said(d: _Desc) -> str:
    """A description's role and what follows it, plain, as the roles are written
    (``ministre de l'interieur``): "" without a role."""
    return " ".join([*d.role.split(), *d.rest]).replace("' ", "'") if d.role else ""


def _noun_gender(head: str) -> str | None:
    """The gender a role or person noun carries itself: ``président`` m (there is a
    ``présidente``), ``doyenne`` f; epicene nouns (``ministre``, ``porte-parole``) none."""
    nouns = _roles_and_persons()
    if head + "e" in nouns:
        return "m"
    if head.endswith("e") and head[:-1] in nouns:
        return "f"
    if head.endswith(("trice", "euse", "esse", "enne", "iere")) and head in nouns:
        return "f"
    if head.endswith(("teur", "eur", "ier", "ien")) and head in nouns:
        return "m"
    return None


def _compatible(st: State, ent: Entity, d: _Desc) -> bool:
    """A person a description may denote: same gender, same country, no role that
    contradicts the description's."""
    if ent.type != "PER":
        return False
    if not _gender_ok(st.gender.get(ent.id), d.gender):
        return False
    if d.country is not None and _country_of(ent) not in (None, d.country):
        return False
    if d.role is not None and ent.roles:
        head = d.role.split()[0]
        return any(plain_word(r.text).split()[0] == head for r in ent.roles)
    return True


def _by_known_role(st: State, pos: int, d: _Desc) -> Resolved | None:
    """The latest entity whose known role the description repeats (``le ministre russe de la
    Défense`` after ``le ministre russe de la Défense, Sergueï Choïgou``)."""
    if d.role is None:
        return None
    desc = _said(d)
    best: tuple[int, Entity] | None = None
    for ent in st.entities:
        if ent.type != "PER":
            continue
        if not any(
            (r := plain_word(x.text)).startswith(desc) or desc.startswith(r) for x in ent.roles
        ):
            continue
        if d.country is not None and _country_of(ent) not in (None, d.country):
            continue
        last = max((m.start for m in ent.mentions if m.start < pos), default=None)
        if last is not None and (best is None or last > best[0]):
            best = (last, ent)
    return _of(st, best[1]) if best else None


def _named_after(st: State, pos: int, d: _Desc) -> Resolved | None:
    """In the lead, ``le ministre syrien des Affaires étrangères a affirmé…`` before ``…, a
    affirmé Walid Mouallem``: the first compatible person named after, not named before."""
    seen = {ent.id for ms, _me, ent, _k in mentions_before(st, pos) if ms < pos}
    for ms, _me, ent, kind in mentions_from(st, pos + 1, len(st.text) + 1):
        if ms <= pos or kind != "name" or ent.id in seen or in_pair(st.pairs, ms):
            continue
        if ms - pos > _CATAPHORA_SPAN:
            break
        if ent.type == "PER":
            if _compatible(st, ent, d):
                return _of(st, ent)
            seen.add(ent.id)
    return None


def _possessive(st: State, pos: int, text: str, d: _Desc) -> Resolved | None:
    """``son entourage`` → ``entourage de Mounir Mahjoubi``: the noun and whose it is, the
    person named in the same sentence (``selon ses proches, Mounir Mahjoubi…``), else the
    latest person topic."""
    sent = st.doc.char_span(pos, pos + 1, alignment_mode="expand")
    owner: Entity | None = None
    if sent is not None:
        whole = sent_of(sent[0])
        s0, s1 = whole.start_char, whole.end_char
        near = [
            (abs(ms - pos), ent)
            for ms, _me, ent, kind in mentions_from(st, s0, s1)
            if s0 <= ms < s1 and ent.type == "PER" and kind == "name"
            and not in_pair(st.pairs, ms) and ms != pos
        ]  # fmt: skip
        if near:
            owner = min(near, key=lambda x: x[0])[1]
    if owner is None:
        topic = _topic(st, pos, lambda r: r.entity is not None and r.entity.type == "PER")
        owner = topic.entity if topic is not None else None
    if owner is None:
        return None
    noun = text.split(maxsplit=1)[1] if " " in text else ""
    if not noun:
        return None
    name = owner.name
    of = "d'" if fold.plain(name)[:1] in "aeiouy" else "de "
    return Resolved(Speaker(f"{noun} {of}{name}", None, None), 0.85)


def _last_source(st: State, pos: int) -> Resolved | None:
    """``la même source``, ``cette source``: the source of the latest attributed quote."""
    for f in reversed(st.found):
        if f.type == "according_to" and f.start < pos and f.speaker is not None:
            ent = next((x for x in st.entities if x.id == f.speaker.entity), None)
            return Resolved(Speaker(f.speaker.name, f.speaker.entity, None), 0.85, ent)
    return None


def _latest_medium(st: State, pos: int, kind: str | None = None) -> Entity | None:
    """The latest medium named before ``pos``: a known medium (organisations lexicon), one
    named after a media word (``le journal Vedomosti``), or a source already quoted; of the
    ``kind`` a description names (``l'hebdomadaire``: not a daily) where its kind is known.
    None when every medium named is of another kind."""
    media = _media_names()
    best: tuple[int, Entity] | None = None
    other = False
    quoted = {f.speaker.entity for f in st.found if f.speaker is not None and f.speaker.entity} | {
        f.via.entity for f in st.found if f.via is not None and f.via.entity
    }
    for ms, _me, ent, _kind in mentions_before(st, pos):
        if ms >= pos or ent.type != "ORG":
            continue
        if ent.id in st.media or fold.plain(ent.name) in media or ent.id in quoted:
            kinds = _medium_kinds(st, ent) if kind is not None else None
            if kinds and kind not in kinds:
                other = True
                continue
            best = (ms, ent)
    if best is None:
        # an article about the paper itself
        return None if other else most_salient(st, pos, None, ("ORG",))
    return best[1]


def _medium_kinds(st: State, ent: Entity) -> frozenset[str]:
    """What kinds of medium ``ent`` is: the media noun before one of its mentions
    (``l'hebdomadaire Le Canard enchaîné``), else ``media_kinds.tsv``; empty if unknown."""
    table = _media_kinds()
    for m in ent.mentions:
        before = st.plain[max(0, m.start - 25) : m.start].replace("'", "' ").split()
        if before[-1:] and before[-1] in _DEFINITE:
            before.pop()
        if before[-1:] and before[-1] in table:  # the noun right before the name
            return table[before[-1]]
    name = fold.plain(ent.name)
    bare = name.split(" ", 1)[1] if name.split(" ", 1)[0] in ("le", "la", "les") else name
    return table.get(name) or table.get(bare) or table.get("le " + name) or frozenset()


@cache
def _media_kinds() -> dict[str, frozenset[str]]:
    """``media_kinds.tsv``: media nouns and media names (plain) → their kinds, and the
    aliases of those media in the organisations lexicon (``AFP``: an agency)."""
    kinds = {
        fold.plain(row["words"]): frozenset(row["kind"].split("|"))
        for row in read_table("media_kinds.tsv")
    }
    for org in lexicon.organisations():
        known = kinds.get(fold.plain(org.name))
        for alias in org.aliases if known else ():
            kinds.setdefault(fold.plain(alias), known)
    return kinds


def _same_description(st: State, pos: int, text: str) -> str | None:
    """``le porte-parole`` after ``le porte-parole de l'exécutif allemand`` spoke: the
    same unresolved speaker, with its fuller description."""
    words = fold.plain(text).replace("'", "' ").split()
    if len(words) < 2:
        return None
    for p, r in reversed(st.history):
        if p >= pos or r.speaker is None or r.speaker.entity is not None:
            continue
        other = fold.plain(r.speaker.name).replace("'", "' ").split()
        if len(other) > len(words) and other[: len(words)] == words:
            return r.speaker.name
    return None


# ---------------------------------------------------------------------------------------------
# Helpers


def _of(st: State, ent: Entity) -> Resolved:
    ent = expansion(st, ent)
    return Resolved(Speaker(ent.name, ent.id, None), 0.9, ent)


def expansion(st: State, ent: Entity) -> Entity:
    """The entity an acronym stands for when the article spells it out: ``DSK`` is
    ``Dominique Strauss-Kahn``, ``LFI`` ``La France insoumise`` (same type, its initials)."""
    table = st.expansions
    if table is None:
        table = st.expansions = _expansions(st.entities)
    return table.get(ent.id, ent)


def _expansions(entities: list[Entity]) -> dict[str, Entity]:
    full: dict[str, Entity] = {}
    for ent in entities:
        if ent.type in ("PER", "ORG") and " " in ent.name.strip():
            for key in acronyms_of(ent.name):
                full.setdefault(key, ent)
    out: dict[str, Entity] = {}
    for ent in entities:
        name = ent.name.strip()
        if 2 <= len(name) <= 6 and name.isalpha() and name.isupper():
            other = full.get(name)
            if other is not None and other.type == ent.type and other.id != ent.id:
                out[ent.id] = other
    return out


_LINK_WORDS = frozenset(["de", "du", "des", "d", "et", "en", "a", "au", "aux", "pour", "sur"])


def acronyms_of(name: str) -> set[str]:
    """The acronyms a name may have: the initials of its words and of the parts of a
    hyphenated word (``Dominique Strauss-Kahn``: ``DSK``), with or without its articles and
    link words (``La France insoumise``: ``LFI``, ``FI``)."""
    words = [w for w in name.replace("'", " ").replace("-", " ").split() if w[:1].isalpha()]
    every = "".join(w[0] for w in words).upper()
    content = "".join(
        w[0] for w in words if fold.plain(w) not in _LINK_WORDS | _DEFINITE | {"l"}
    ).upper()
    return {every, content} - {""}


def _gender_ok(have: str | None, want: str | None) -> bool:
    return have is None or want is None or have == want


def can_speak(name: str) -> bool:
    """A description that can denote a speaker: a person or a role, an organisation, a
    medium, a document or a group that speaks (``les autorités``); not a thing (``des
    éléments``, ``les flammes``)."""
    d = _read(name)
    if d.role is not None or not d.head or (name[:1].isupper() and not d.det):
        return True
    classes = word_classes()
    kinds = ("person", "org_head", "media", "document", "collective", "relational")
    nouns = frozenset().union(*(classes[k] for k in kinds)) | role_heads()
    for w in fold.plain(name).replace("'", "' ").split():
        if {w, w.rstrip("sx"), w[:-3] + "al" if w.endswith("aux") else ""} & nouns:
            return True  # "deux élues", "la résolution 2254 du Conseil de sécurité"
    return False


def is_human(name: str) -> bool:
    """A description of a person (``le porte-parole de l'exécutif``, ``un habitant``)."""
    d = _read(name)
    return d.role is not None or d.head in word_classes()["person"]


def _party_of_person(st: State, s: int, ms: int, ent: Entity) -> bool:
    """A party named after a role or person noun (``le sénateur-maire PS de Lyon``, ``le
    président du parti Les Républicains``): the person's affiliation, not the speaker."""
    before = st.plain[s:ms].replace("'", "' ").split()
    party = _org_sector(st, ent) == "PTY" or before[-1:] == ["parti"]
    return party and _person_noun_before(st, s, ms)


_OF = frozenset(["de", "du", "des", "d'"])


def _role_holder_of(st: State, s: int, ms: int, me: int) -> bool:
    """The name at ``ms`` holds a role that is the complement of a person noun before it in
    ``s:ms``: ``le porte-parole du président Emmanuel Macron``, ``l'ancien mentor du Premier
    ministre Édouard Philippe`` denote someone else than the name (not ``le ministre de
    l'Intérieur Gérald Darmanin``, where what follows ``de`` is no role)."""
    words = st.plain[s:ms].replace("'", "' ").split()
    at = max((k for k, w in enumerate(words) if w in _OF), default=-1)
    if at <= 0:
        return False
    rest = words[at + 1 :]
    if rest[:1] and rest[0] in _DEFINITE:
        rest = rest[1:]
    role = " ".join(rest).rstrip(",").strip()
    if not role:  # the mention holds the role: "du [président Emmanuel Macron]"
        held = st.plain[ms:me]
        first = held.split(" ", 1)[0]
        role = next(
            (r for r in _roles_by_first_word().get(first, ()) if held.startswith(r + " ")), ""
        )
    if role not in _roles_and_persons():
        return False
    # any noun before: "le porte-parole du", "l'entourage du", "l'ancien mentor du"
    return any(w not in _DEFINITE | _DEMONSTRATIVE | _POSSESSIVE for w in words[:at])


def _person_noun_before(st: State, s: int, ms: int) -> bool:
    """A role or person noun among the words ``s:ms`` (or a part of a hyphenated one)."""
    nouns = _roles_and_persons()
    heads = _roles_by_first_word()
    for w in st.plain[s:ms].replace("'", "' ").split():
        for part in (w, *w.split("-")):
            if part in nouns or part in heads:
                return True
    return False


def _coordinated(st: State, per: list[tuple[int, int, Entity, str]]) -> bool:
    """``Vladimir Kouznetsov et Alexei Stoliarov``: names joined by ``et`` or commas."""
    for a, b in itertools.pairwise(per):
        between = fold.plain(st.text[a[1] : b[0]]).strip()
        if between not in ("et", ",") or a[2].id == b[2].id:
            return False
    return True


def _group(st: State, per: list[tuple[int, int, Entity, str]], mention: Span) -> Resolved:
    names = [p[2].name for p in per]
    name = ", ".join(names[:-1]) + " et " + names[-1]
    return Resolved(Speaker(name, None, mention), 0.9, plural=True)


@cache
def _roles() -> tuple[str, ...]:
    """Role words of the lexicon (plain), longest first."""
    out = {fold.plain(r.words) for r in lexicon.roles() if not r.honorific}
    return tuple(sorted(out, key=lambda r: (-len(r.split()), -len(r))))


@cache
def _roles_by_first_word() -> dict[str, tuple[str, ...]]:
    """:func:`_roles` by their first word (what precedes the first space), in the same order:
    a role that starts a text starts with the text's first word."""
    out: dict[str, list[str]] = {}
    for r in _roles():
        out.setdefault(r.split(" ", 1)[0], []).append(r)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _roles_and_persons() -> frozenset[str]:
    return frozenset(_roles()) | word_classes()["person"]


def _role_sector(role: str) -> str | None:
    """The sector of a role (plain words): its own, else that of its longest known start
    (``procureur de la republique d'angers``: ``procureur de la republique``)."""
    sectors = _role_sectors()
    words = role.split()
    for n in range(len(words), 0, -1):
        sec = sectors.get(" ".join(words[:n]))
        if sec is not None:
            return sec
    return None


@cache
def _role_sectors() -> dict[str, str]:
    return {fold.plain(r.words): r.sector for r in lexicon.roles() if r.sector and not r.honorific}


@cache
def _country_names() -> dict[str, str]:
    """Country names of ``countries.tsv`` (plain) → ISO alpha-2: ``etats-unis`` → US."""
    return {
        fold.plain(n): row["iso2"]
        for row in read_table("countries.tsv")
        for n in (row.get("names") or "").split("|")
        if n
    }


@cache
def _known_people() -> dict[str, str]:
    """Well-known political figures of ``actors.tsv`` (plain name → ISO alpha-2 country):
    ``le président français`` is not Donald Trump."""
    return {
        fold.plain(row["words"]): row["country"].upper()
        for row in read_table("actors.tsv")
        if row.get("kind") == "person" and row.get("country")
    }


@cache
def _media_names() -> frozenset[str]:
    """Media of the organisations lexicon (sector MED), names and aliases, plain, with and
    without their article (``au Figaro`` names ``Le Figaro``)."""
    names = {
        fold.plain(n)
        for org in lexicon.organisations()
        if org.sector == "MED"
        for n in (org.name, *org.aliases)
    }
    bare = {n.split(" ", 1)[1] for n in names if n.split(" ", 1)[0] in ("le", "la", "les")}
    bare |= {n[2:] for n in names if n.startswith("l'")}
    return frozenset(names | {n for n in bare if n})
