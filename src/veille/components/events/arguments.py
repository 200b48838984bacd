"""Arguments from the dependency parse: a draft event's actors, recipients and place words."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from veille.model import Actor
from veille.text.fold import DASHES, lower
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
    np_text,
    predicate_of_subject,
    restricted_subtree,
    subject_of,
    with_conj,
)
from .words import word_class


@dataclass
class Draft:
    """A matched trigger with the arguments the parse gives it, before it is finished into an
    :class:`veille.model.Event`."""

    match: Match
    code: str
    actors: list[Actor]
    recipients: list[Actor]
    place_tokens: list[Token]
    trigger: Span
    actor_tokens: list[Token] = field(default_factory=list)  # what the parse gave as actor
    recipient_tokens: list[Token] = field(default_factory=list)
    # the days the clause's own date words can denote: set by the coder's period step
    period: tuple[str, str] | None = None
    source: str = ""  # how the actor was found: subject, agent, adjective, between, clause…
    uncoded: list[Actor] = field(default_factory=list)  # agents named but not codable
    # token index → its restricted subtree, read by several steps: see :meth:`subtree`
    _subtrees: dict[int, list[Token]] = field(default_factory=dict, repr=False, compare=False)
    # what the date steps read twice (``attributes``): the clause chain, the tense
    chain: set[int] | None = field(default=None, repr=False, compare=False)
    tense: tuple[str | None] | None = field(default=None, repr=False, compare=False)  # (tense,)
    anchor: Token = field(init=False, repr=False, compare=False)  # the match's first token

    def __post_init__(self) -> None:
        self.anchor = self.match.anchor

    def subtree(self, t: Token) -> list[Token]:
        """:func:`syntax.restricted_subtree` of ``t``, computed once for the draft (shared:
        copy it before changing it)."""
        got = self._subtrees.get(t.i)
        if got is None:
            got = self._subtrees[t.i] = restricted_subtree(t)
        return got

    @property
    def trigger_start(self) -> int:
        return self.trigger.start_char


def _trigger_span(m: Match) -> Span:
    content = [t for t in m.tokens if t.pos_ not in ("ADP", "DET", "PRON") or t == m.anchor]
    content = [
        t
        for t in content
        if not (t.pos_ in ("VERB", "AUX") and t != m.anchor and "Inf" in t.morph.get("VerbForm"))
    ] or [m.anchor]
    first = min(t.i for t in content)
    last = max(t.i for t in content)
    return Span(m.anchor.doc, first, last + 1)


_COMPLEMENT_DEPS = frozenset(["obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "obj"])


def _prep_children(
    heads: Iterable[Token], prep: str, skip: Collection[int], info: DocInfo
) -> list[Token]:
    """The complements of ``heads`` introduced by the preposition ``prep`` (not the trigger's
    own words, ``skip``)."""
    forms = PREPS[prep]
    return [
        c
        for h in heads
        for c, words in _complements(h, info)
        if c.i not in skip and not forms.isdisjoint(words)
    ]


def _complements(h: Token, info: DocInfo) -> list[tuple[Token, frozenset[str]]]:
    """The complements of ``h``, each with the words of its ``case`` and ``mark`` children
    (its prepositions), read once per Doc."""
    got = info.complements.get(h.i)
    if got is None:
        # "a parlé dans la matinée avec le président": the parser hangs the complement
        # on the time noun between them (``time-noun`` in lexicon/events_words.tsv)
        kids = [*h.children]
        kids += [
            cc
            for c in h.children
            if c.dep_.startswith("obl") and lower(c.lemma_) in word_class("time-noun")
            for cc in c.children
            if cc.dep_ == "nmod"
        ]
        got = info.complements[h.i] = [
            (c, frozenset(lower(cc.text) for cc in c.children if cc.dep_ in ("case", "mark")))
            for c in kids
            if c.dep_ in _COMPLEMENT_DEPS
        ]
    return got


@dataclass
class _Args:
    """What the parse gives a matched trigger, filled in by the steps of :func:`draft`."""

    m: Match
    info: DocInfo
    actor_tokens: list[Token] = field(default_factory=list)
    recipient_tokens: list[Token] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)  # actors found without a token
    source: str = ""

    @property
    def anchor(self) -> Token:
        return self.m.anchor

    @property
    def skip(self) -> set[int]:
        return {t.i for t in self.m.tokens}

    def prep_children(self, heads: Iterable[Token], prep: str) -> list[Token]:
        return _prep_children(heads, prep, self.skip, self.info)


def draft(m: Match, info: DocInfo) -> Draft | None:
    """The draft event of a matched trigger: its actors, recipients and place words from the
    parse (a verb's subject and complements, a noun's adjectives and complements)."""
    args = _Args(m, info)
    if m.entry.pos == "V":
        _verb_arguments(args)
    else:
        _noun_arguments(args)
    return _drafted(args)


def _verb_arguments(args: _Args) -> None:
    """A verb's actor is its subject (or the passive agent); its recipients, the first
    complement slot of the entry that is filled."""
    a, info = args.anchor, args.info
    args.source = "subject"
    passive = is_passive(a)
    # a past participle on a noun: "les fonctionnaires poignardés par un collègue"
    participle = a.dep_ == "acl" and a.head.pos_ in ("NOUN", "PROPN", "PRON")
    passive_participle = participle and "Past" in a.morph.get("Tense")
    if passive or passive_participle:
        args.actor_tokens = args.prep_children([a], "par") or _agent_phrase(a)
        args.recipient_tokens = [c for c in a.children if c.dep_ == "nsubj:pass"]
        if passive_participle:
            args.recipient_tokens = args.recipient_tokens or [a.head]
        return
    subj = subject_of(a) or _speaker_above(a)
    if participle and subj == a.head and not actors_of(subj, info):
        # "un décret interdisant…": the one who signed the decree
        subj = _governing_subject(a.head, info.trigger_ids) or subj
    if subj is not None:
        args.actor_tokens = [subj]
    args.recipient_tokens = _slot_complements(args, verb=True)


def _slot_complements(args: _Args, verb: bool) -> list[Token]:
    """The complements of the first recipient slot of the entry that the parse fills."""
    a, skip = args.anchor, args.skip
    for slot in args.m.entry.recipient:
        if slot != "obj":
            got = args.prep_children(args.m.tokens, slot)
        elif verb:
            got = [
                c
                for h in args.m.tokens
                for c in h.children
                if (c.dep_ in ("obj", "iobj") or is_partitive(c)) and c.i not in skip
            ]
        else:
            got = [c for c in a.children if c.dep_ in ("obj", "nmod") and c.i not in skip]
        if got:
            return got
    return []


def _noun_arguments(args: _Args) -> None:
    """A noun's recipients are its complements; its actors, its nationality adjectives, else
    the first of the actor steps that finds one."""
    args.source = "agent"
    args.recipient_tokens = _slot_complements(args, verb=False) or _hit_by_passive(args.anchor)
    _nationality_adjectives(args)
    if args.actors:
        return
    for source, step in _NOUN_ACTOR_STEPS:
        if step(args):
            args.source = source
            return


def _hit_by_passive(a: Token) -> list[Token]:
    """ "des organisations sont visées par une cyberattaque": the passive subject is hit."""
    if (
        a.dep_.startswith("obl")
        and any(lower(c.text) == "par" and c.dep_ == "case" for c in a.children)
        and is_passive(a.head)
    ):
        return [c for c in a.head.children if c.dep_ == "nsubj:pass"]
    return []


def _nationality_adjectives(args: _Args) -> None:
    """Nationality adjectives right after the trigger noun: "frappes russes", "la coopération
    tripartite russo-irano-turque" (read linearly: the parse of compounds is unreliable)."""
    a, info, last = args.anchor, args.info, args.m.tokens[-1].i
    doc = a.doc
    for j in range(last + 1, min(info.index.sent_bounds(a.i)[1], last + 8)):
        t = doc[j]
        if j in info.refs_at:
            for iso2 in info.refs_at[j]:
                args.actors.append(country_actor(iso2, info, t.text))
                args.source = "adjective"
        elif not (t.text in DASHES or (t.pos_ in ("ADJ", "NOUN") and t.is_lower)):
            break


def _between(args: _Args) -> bool:
    """ "les combats entre l'armée et les rebelles", "des consultations ont eu lieu entre Paris
    et Berlin": both sides act."""
    if "entre" in args.m.entry.recipient:
        return False
    a = args.anchor
    pred = predicate_of_subject(a)
    args.actor_tokens = args.prep_children([a] + ([pred] if pred is not None else []), "entre")[:1]
    return bool(args.actor_tokens)


def _opposed(args: _Args) -> bool:
    """ "des heurts ont opposé manifestants et policiers" (the ``opposing`` verbs of
    ``lexicon/events_words.tsv``)."""
    pred = predicate_of_subject(args.anchor)
    if pred is None or pred.lemma_ not in word_class("opposing"):
        return False
    args.actor_tokens = [c for c in pred.children if c.dep_ == "obj"][:1]
    args.actor_tokens += args.prep_children([pred], "à")[:1]
    return bool(args.actor_tokens)


def _noun_subject(args: _Args) -> bool:
    """A noun the tagger made the predicate: "le parquet enquête sur…"."""
    args.actor_tokens = [c for c in args.anchor.children if c.dep_ == "nsubj"][:1]
    return bool(args.actor_tokens)


def _noun_agent(args: _Args) -> bool:
    """ "des frappes par l'aviation", "le rejet du texte par le Sénat", "l'enquête ouverte par
    le parquet", "des mesures de rétorsion de la part de Pékin"."""
    a, info = args.anchor, args.info
    inner = [
        c
        for c in a.subtree
        if a.i < c.i <= a.i + 8 and c.dep_ in ("nmod", "acl") and c.head.i < c.i
    ]
    agents = args.prep_children([a, *inner], "par") + [
        x for h in args.m.tokens for x in _agent_phrase(h)
    ]
    if a.dep_ == "nsubj:pass":
        # "une manifestation a été organisée à l'appel de la CGT"
        agents += args.prep_children([a.head], "par") + _agent_phrase(a.head)
    found = [c for c in agents if actors_of(c, info)][:1]
    if not found and "de" not in args.m.entry.recipient:
        # "l'appel à l'aide du gouvernement haïtien": on any word of the pattern
        found = [c for c in args.prep_children(args.m.tokens, "de") if actors_of(c, info)][:1]
    args.actor_tokens = found or [c for c in agents if c.pos_ in ("NOUN", "PROPN")][:1]
    return bool(args.actor_tokens)


def _possessive(a: Token) -> Token | None:
    possessives = word_class("possessive")
    return next((c for c in a.children if c.dep_ == "det" and lower(c.lemma_) in possessives), None)


def _clause_subject(args: _Args) -> bool:
    """ "lors de sa visite, M. Macron a plaidé…": the subject of the clause."""
    a, info = args.anchor, args.info
    gov = _governing_subject(a, info.trigger_ids)
    if gov is not None and (_possessive(a) is None or actors_of(gov, info)):
        args.actor_tokens = [gov]
        return True
    return False


def _fronted_subject(args: _Args) -> bool:
    """``En visite à Prague, le ministre grec…`` (see :func:`_fronted_en_subject`)."""
    if _possessive(args.anchor) is not None:
        return False
    args.actor_tokens = _fronted_en_subject(args.anchor, args.info)
    return bool(args.actor_tokens)


def _possessor(args: _Args) -> bool:
    """ "sa visite": the one the possessive stands for."""
    possessive = _possessive(args.anchor)
    if possessive is None:
        return False
    e = antecedent(possessive, args.info)
    if e is not None and (act := entity_actor(e, args.info)) is not None:
        args.actors.append(act)
        return True
    return False


def _adjective_subject(args: _Args) -> bool:
    """An adjective's subject: "la Turquie est opposée à…"."""
    if args.m.entry.pos != "A":
        return False
    s = subject_of(args.anchor)
    if s is not None:
        args.actor_tokens = [s]
    return s is not None


# The actor of a trigger noun or adjective: the first step that finds one, with how it was
# found (read by the uncoded-agent fallback of :func:`_uncoded`).
_NOUN_ACTOR_STEPS: tuple[tuple[str, Callable[[_Args], bool]], ...] = (
    ("between", _between),
    ("between", _opposed),
    ("agent", _noun_subject),
    ("agent", _noun_agent),
    ("clause", _clause_subject),
    ("clause", _fronted_subject),
    ("possessive", _possessor),
    ("agent", _adjective_subject),
)


def _drafted(args: _Args) -> Draft:
    m, info = args.m, args.info
    code, recipients, place_tokens = _recipients_and_places(args)
    actors = list(args.actors)
    for t in with_conj(args.actor_tokens):
        actors.extend(actors_of(t, info))
    return Draft(
        m,
        code,
        dedup(actors),
        dedup(recipients),
        place_tokens,
        _trigger_span(m),
        list(args.actor_tokens),
        [t for t in args.recipient_tokens if t not in place_tokens],
        source=args.source,
        uncoded=_uncoded(args, actors),
    )


def _recipients_and_places(args: _Args) -> tuple[str, list[Actor], list[Token]]:
    """The code (an entry's place code when a recipient is a place), the recipients, and the
    place words among the complements: the place where it happened (la libération d'Alep)."""
    a, info, entry = args.anchor, args.info, args.m.entry
    code = entry.code
    recipients: list[Actor] = []
    place_tokens: list[Token] = []
    for t in with_conj(args.recipient_tokens):
        if place_token(t, info) is not None:
            place_tokens.append(t)
            if entry.place_code:
                code = entry.place_code
            continue
        # "évacuer des dizaines de milliers de civils", "saluer la prise de parole de M.
        # Lagarde": the people counted, the one whose act or work it is
        found = actors_of(t, info) or next(
            (x for c in de_complements(t) if (x := actors_of(c, info))), []
        )
        recipients.extend(found)
    if not recipients and code[:2] == "05" and entry.pos == "V":
        recipients = _named_after(args)
    if entry.place_code and code == entry.place_code and entry.pos == "N":
        # "la libération de la ville d'Alep des terroristes": the other de-complement (the
        # parser often hangs it on the place)
        inside = [x for p in place_tokens for x in p.subtree if x != p]
        for c in args.prep_children([a, *inside], "de"):
            if c not in args.recipient_tokens and c not in place_tokens:
                recipients.extend(actors_of(c, info))
    return code, recipients, place_tokens


def _named_after(args: _Args) -> list[Actor]:
    """The first party named in the dozen words after a verb of praise or backing, in its
    sentence and before any other verb ("a salué jeudi la bonne nouvelle de la suspension par
    la Turquie…" when the parse loses the object)."""
    a, info = args.m.tokens[-1], args.info
    end = min(info.index.sent_bounds(a.i)[1], a.i + 13)
    for t in a.doc[a.i + 1 : end]:
        if t.pos_ in ("VERB", "AUX") or t.text in (";", ":"):
            return []
        e = info.entity_at.get(t.i)
        if e is not None and e.type in ("PER", "ORG", "LOC"):
            found = actors_of(t, info)
            if found:
                return found
    return []


def _uncoded(args: _Args, actors: list[Actor]) -> list[Actor]:
    """An agent the dictionaries cannot code, named by a noun of people ("les secouristes ont
    évacué…"): kept as written, without a code, when nothing better turns up."""
    verb = args.m.entry.pos == "V"
    if actors or not args.actor_tokens or not (verb or args.source in ("agent", "between")):
        return []
    return [
        Actor(name=np_text(t))
        for t in with_conj(args.actor_tokens)[:3]
        if t.pos_ == "NOUN" and PEOPLE_NOUN.search(lower(t.lemma_))
    ]


def _agent_phrase(h: Token) -> list[Token]:
    """X in "de la part de X", "à l'appel de X"… attached to ``h`` (the phrases naming who is
    behind an action: the ``agent-noun`` words of ``lexicon/events_words.tsv``)."""
    agent_nouns = word_class("agent-noun")
    for c in h.children:
        if lower(c.lemma_) in agent_nouns and c.dep_ in ("obl", "obl:mod", "obl:arg", "nmod"):
            got = [
                x
                for x in c.children
                if x.dep_ == "nmod" and any(lower(k.text) in PREPS["de"] for k in x.children)
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
    if not any(lower(c.text) == "en" and c.dep_ == "case" for c in a.children):
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
            or lower(t.text) in CIRCUMSTANCE
            or any(c.dep_ in ("case", "mark") and lower(c.text) in CIRCUMSTANCE for c in t.children)
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
