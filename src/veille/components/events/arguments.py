"""Arguments from the dependency parse: a draft event's actors, recipients and place words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from veille.model import Actor
from veille.normalize import DASHES
from veille.text.spans import sent_of

from .actors import actors_of, antecedent, country_actor, dedup, entity_actor, place_token
from .lookups import DocInfo
from .matching import Match
from .syntax import (
    CIRCUMSTANCE,
    PEOPLE_NOUN,
    PREPS,
    de_complements,
    is_partitive,
    is_passive,
    norm,
    np_text,
    predicate_of_subject,
    subject_of,
    with_conj,
)

_POSSESSIVES = frozenset(["son", "sa", "ses", "leur", "leurs"])


@dataclass
class Draft:
    match: Match
    code: str
    actors: list[Actor]
    recipients: list[Actor]
    place_tokens: list[Token]
    trigger: Span
    actor_tokens: list[Token] = field(default_factory=list)  # what the parse gave as actor
    recipient_tokens: list[Token] = field(default_factory=list)
    period: tuple[str, str] | None = None  # the days the clause's own date words can denote
    source: str = ""  # how the actor was found: subject, agent, adjective, possessive, clause
    uncoded: list[Actor] = field(default_factory=list)  # agents named but not codable

    @property
    def trigger_start(self) -> int:
        return self.trigger.start_char

    @property
    def anchor(self) -> Token:
        return self.match.anchor


def _trigger_span(m: Match) -> Span:
    content = [t for t in m.tokens if t.pos_ not in ("ADP", "DET", "PRON") or t == m.anchor]
    content = [
        t
        for t in content
        if not (t.pos_ in ("VERB", "AUX") and t != m.anchor and "Inf" in t.morph.get("VerbForm"))
    ] or [m.anchor]
    first = min(t.i for t in content)
    last = max(t.i for t in content)
    return m.anchor.doc[first : last + 1]


def draft(m: Match, info: DocInfo) -> Draft | None:
    a = m.anchor
    entry = m.entry
    code = entry.code
    actors_tok: list[Token] = []
    recip_tok: list[Token] = []
    place_tokens: list[Token] = []
    actors: list[Actor] = []
    skip = {t.i for t in m.tokens}
    source = "subject" if entry.pos == "V" else "agent"

    def prep_children(heads: Iterable[Token], prep: str) -> list[Token]:
        out = []
        for h in heads:
            # "a parlé dans la matinée avec le président": the parser hangs the complement
            # on the time noun between them
            kids = [*h.children]
            kids += [
                cc
                for c in h.children
                if c.dep_.startswith("obl") and norm(c.lemma_) in _TIME_NOUNS
                for cc in c.children
                if cc.dep_ == "nmod"
            ]
            for c in kids:
                if c.i in skip or c.dep_ not in (
                    "obl",
                    "obl:arg",
                    "obl:mod",
                    "obl:agent",
                    "nmod",
                    "iobj",
                    "obj",
                ):
                    continue
                if any(
                    norm(cc.text) in PREPS[prep] and cc.dep_ in ("case", "mark")
                    for cc in c.children
                ):
                    out.append(c)
        return out

    heads = list(m.tokens)
    if entry.pos == "V":
        passive = is_passive(a)
        # a past participle on a noun: "les fonctionnaires poignardés par un collègue"
        participle = a.dep_ == "acl" and a.head.pos_ in ("NOUN", "PROPN", "PRON")
        passive_participle = participle and "Past" in a.morph.get("Tense")
        subj = subject_of(a) or _speaker_above(a)
        if participle and not passive_participle and subj == a.head and not actors_of(subj, info):
            # "un décret interdisant…": the one who signed the decree
            subj = _governing_subject(a.head, info.trigger_ids) or subj
        if passive or passive_participle:
            actors_tok = prep_children([a], "par") or _agent_phrase(a)
            recip_tok = [c for c in a.children if c.dep_ == "nsubj:pass"]
            if passive_participle:
                recip_tok = recip_tok or [a.head]
        else:
            if subj is not None:
                actors_tok = [subj]
            for slot in entry.recipient:
                if slot == "obj":
                    got = [
                        c
                        for h in heads
                        for c in h.children
                        if (c.dep_ in ("obj", "iobj") or is_partitive(c)) and c.i not in skip
                    ]
                else:
                    got = prep_children(heads, slot)
                if got:
                    recip_tok = got
                    break
    else:
        for slot in entry.recipient:
            got = (
                [c for c in a.children if c.dep_ in ("obj", "nmod") and c.i not in skip]
                if slot == "obj"
                else prep_children(heads, slot)
            )
            if got:
                recip_tok = got
                break
        if (
            not recip_tok
            and a.dep_.startswith("obl")
            and any(norm(c.text) == "par" and c.dep_ == "case" for c in a.children)
            and is_passive(a.head)
        ):
            # "des organisations sont visées par une cyberattaque": the passive subject is hit
            recip_tok = [c for c in a.head.children if c.dep_ == "nsubj:pass"]
        # nationality adjectives right after the trigger noun: "frappes russes",
        # "la coopération tripartite russo-irano-turque" (read linearly: the parse of
        # compounds is unreliable)
        doc = a.doc
        for j in range(m.tokens[-1].i + 1, min(sent_of(a).end, m.tokens[-1].i + 8)):
            t = doc[j]
            if j in info.refs_at:
                for iso2 in info.refs_at[j]:
                    actors.append(country_actor(iso2, info, t.text))
                    source = "adjective"
            elif not (t.text in DASHES or (t.pos_ in ("ADJ", "NOUN") and t.is_lower)):
                break
        pred = predicate_of_subject(a)
        if not actors and "entre" not in entry.recipient:
            # "les combats entre l'armée et les rebelles", "des consultations ont eu lieu entre
            # Paris et Berlin": both sides act
            actors_tok = prep_children([a] + ([pred] if pred is not None else []), "entre")[:1]
            source = "between"
        if not actors and not actors_tok and pred is not None and pred.lemma_ == "opposer":
            # "des heurts ont opposé manifestants et policiers"
            actors_tok = [c for c in pred.children if c.dep_ == "obj"][:1]
            actors_tok += prep_children([pred], "à")[:1]
            source = "between"
        if not actors and not actors_tok:
            # a noun the tagger made the predicate: "le parquet enquête sur…"
            actors_tok = [c for c in a.children if c.dep_ == "nsubj"][:1]
            source = "agent"
        if not actors and not actors_tok:
            # "des frappes par l'aviation", "le rejet du texte par le Sénat", "l'enquête ouverte
            # par le parquet", "des mesures de rétorsion de la part de Pékin"
            inner = [
                c
                for c in a.subtree
                if a.i < c.i <= a.i + 8 and c.dep_ in ("nmod", "acl") and c.head.i < c.i
            ]
            agents = prep_children([a, *inner], "par") + [
                x for h in heads for x in _agent_phrase(h)
            ]
            if a.dep_ == "nsubj:pass":
                # "une manifestation a été organisée à l'appel de la CGT"
                agents += prep_children([a.head], "par") + _agent_phrase(a.head)
            found = [c for c in agents if actors_of(c, info)][:1]
            if not found and "de" not in entry.recipient:
                # "l'appel à l'aide du gouvernement haïtien": on any word of the pattern
                found = [c for c in prep_children(heads, "de") if actors_of(c, info)][:1]
            actors_tok = found or [c for c in agents if c.pos_ in ("NOUN", "PROPN")][:1]
        possessive = next(
            (c for c in a.children if c.dep_ == "det" and norm(c.lemma_) in _POSSESSIVES), None
        )
        if not actors and not actors_tok:
            # "lors de sa visite, M. Macron a plaidé…": the subject of the clause
            gov = _governing_subject(a, info.trigger_ids)
            if gov is not None and (possessive is None or actors_of(gov, info)):
                actors_tok = [gov]
                source = "clause"
        if not actors and not actors_tok and possessive is None:
            actors_tok = _fronted_en_subject(a, info)
            source = "clause" if actors_tok else source
        if not actors and not actors_tok and possessive is not None:
            e = antecedent(possessive, info)
            if e is not None and (act := entity_actor(e, info)) is not None:
                actors.append(act)
                source = "possessive"
        if entry.pos == "A" and not actors_tok and not actors:
            s = subject_of(a)
            if s is not None:
                actors_tok = [s]

    # places among recipients: the place where it happened (la libération d'Alep)
    recipients: list[Actor] = []
    for t in with_conj(recip_tok):
        place = place_token(t, info)
        if place is not None:
            place_tokens.append(t)
            if entry.place_code:
                code = entry.place_code
            continue
        found = actors_of(t, info)
        if not found:
            # "évacuer des dizaines de milliers de civils", "saluer la prise de parole de M.
            # Lagarde": the people counted, the one whose act or work it is
            found = next(
                (x for c in de_complements(t) if (x := actors_of(c, info))),
                [],
            )
        recipients.extend(found)
    if entry.place_code and code == entry.place_code and entry.pos == "N":
        # "la libération de la ville d'Alep des terroristes": the other de-complement (the
        # parser often hangs it on the place)
        inside = [x for p in place_tokens for x in p.subtree if x != p]
        for c in prep_children([a, *inside], "de"):
            if c not in recip_tok and c not in place_tokens:
                recipients.extend(actors_of(c, info))
    for t in with_conj(actors_tok):
        actors.extend(actors_of(t, info))
    uncoded = []
    if not actors and actors_tok and (entry.pos == "V" or source in ("agent", "between")):
        # an agent the dictionaries cannot code, named by a noun of people ("les secouristes
        # ont évacué…"): kept as written, without a code, when nothing better turns up
        uncoded = [
            Actor(name=np_text(t))
            for t in with_conj(actors_tok)[:3]
            if t.pos_ == "NOUN" and PEOPLE_NOUN.search(norm(t.lemma_))
        ]
    return Draft(
        m,
        code,
        dedup(actors),
        dedup(recipients),
        place_tokens,
        _trigger_span(m),
        list(actors_tok),
        [t for t in recip_tok if t not in place_tokens],
        source=source,
        uncoded=uncoded,
    )


# Phrases naming who is behind an action: "de la part de X", "à l'appel de X", "à
# l'initiative de X", "sous l'égide de X".
_AGENT_NOUNS = frozenset(["part", "appel", "initiative", "égide", "instigation"])


def _agent_phrase(h: Token) -> list[Token]:
    """X in "de la part de X", "à l'appel de X"… attached to ``h``."""
    for c in h.children:
        if norm(c.lemma_) in _AGENT_NOUNS and c.dep_ in ("obl", "obl:mod", "obl:arg", "nmod"):
            got = [
                x
                for x in c.children
                if x.dep_ == "nmod" and any(norm(k.text) in PREPS["de"] for k in x.children)
            ]
            if got:
                return got[:1]
    return []


def _speaker_above(v: Token) -> Token | None:
    """For a verb without subject (``il faut…``): who says it — the subject of the verb
    whose complement it is, or a name before a colon (``Poutine : Il faut…``)."""
    for c in v.children:
        if c.dep_ == "dep" and c.pos_ in ("PROPN", "NOUN", "PRON") and c.i < v.i:
            return c
    t = v
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "parataxis") or t.head == t:
            return None
        t = t.head
        s = subject_of(t)
        if s is not None:
            return s
    return None


def _fronted_en_subject(a: Token, info: DocInfo) -> list[Token]:
    """``En visite à Prague, le ministre grec a affirmé…``: a bare noun after "en" fronted
    before a comma describes the subject that follows (the parser often makes that subject
    the root)."""
    if not any(norm(c.text) == "en" and c.dep_ == "case" for c in a.children):
        return []
    if any(c.dep_ == "det" for c in a.children):
        return []
    doc = a.doc
    comma = next((t for t in doc[a.i : sent_of(a).end] if t.text == ","), None)
    if comma is None or comma.i - a.i > 8:
        return []
    for t in doc[comma.i + 1 : min(sent_of(a).end, comma.i + 6)]:
        if t.pos_ in ("NOUN", "PROPN") and actors_of(t, info):
            return [t]
        if t.pos_ in ("VERB", "AUX"):
            break
    return []


def _governing_subject(n: Token, triggers: frozenset[int] = frozenset()) -> Token | None:
    """For a trigger noun: the subject of the verb it depends on, unless the noun is that
    subject itself (``la libération d'Alep constitue…``: no actor)."""
    t = n
    circumstance = False
    for _ in range(5):
        if t.dep_ in ("nsubj", "nsubj:pass", "csubj"):
            return None
        h = t.head
        circumstance = (
            circumstance
            or norm(t.text) in CIRCUMSTANCE
            or any(c.dep_ in ("case", "mark") and norm(c.text) in CIRCUMSTANCE for c in t.children)
        )
        if h == t or (h.i in triggers and not circumstance):
            return None  # "X a condamné l'attaque": X is not the attacker
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            s = subject_of(h)
            if s is not None and s != t:
                return s
            if s is None and h.dep_ not in ("ROOT",):
                t = h
                continue
            return None
        t = h
    return None


_TIME_NOUNS = frozenset(
    ["matinée", "matin", "soirée", "soir", "journée", "jour", "nuit", "après-midi", "semaine",
     "mois", "année", "an", "heure", "week-end", "veille", "lendemain"]
)  # fmt: skip
