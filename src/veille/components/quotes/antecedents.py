"""Antecedents as a scored ranking: whom a pronoun (``il``, ``elle``) or a definite description
of a person (``le ministre``, ``le président américain``) refers to.

Every candidate (a person or organisation named or talked about before, or an unnamed
description that was a topic: ``le ministre de l'Économie a écarté…``) gets a score, the sum of
named features (:data:`FEATURES`); a feature may veto a candidate (a feminine pronoun and a man,
``le ministre`` and a union leader, ``le président américain`` and a Turkish president). The
best candidate at or above :attr:`Weights.threshold` wins; none, and the words stay as written.

The weights are data (:class:`Weights`, one instance :data:`WEIGHTS`); the features read only
plain records (:class:`Query`, :class:`Candidate`), so that each is tested on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    """What each feature is worth. Recency features are ``weight × exp(-distance / decay)``
    with the distance in characters from the latest time the candidate was seen that way."""

    speaker: float = 1.5  # recency as a speaker (a quote attributed to it)
    subject: float = 1.6  # recency as the subject of a main clause outside quotations
    mention: float = 0.4  # recency of a name mention outside quotations
    frequency: float = 0.05  # × log(1 + times seen before): the article's protagonists
    role_match: float = 2.0  # the description repeats a role the candidate holds
    country_match: float = 1.0  # the description's country is the candidate's
    gender_match: float = 0.1  # gender known on both sides and the same
    apposition: float = 3.0  # the description's very words were apposed to the candidate
    complement: float = 1.5  # the description's complement ends a role of the candidate
    organisation: float = -1.0  # an organisation for a personal pronoun ("il" = le ministère)
    medium: float = -2.5  # a medium for a personal pronoun (a source, rarely "il")
    decay: float = 400.0  # characters
    threshold: float = 0.25  # below this, no antecedent


WEIGHTS = Weights()


@dataclass
class Query:
    """What the words to resolve say of their referent."""

    pos: int  # where the words are
    pronoun: bool  # "il"/"elle" (else a definite description of a person)
    gender: str | None = None  # "m", "f"
    plural: bool = False
    role: str | None = None  # the role the description names, plain ("ministre", "magistrat")
    sector: str | None = None  # its CAMEO sector (roles.tsv): "JUD" for "magistrat"
    country: str | None = None  # ISO alpha-2 the description names ("le président américain")
    words: str = ""  # the description, plain, without its determiner ("ministre de l'interieur")
    complement: str = ""  # what it is of, plain ("de la cgt" in "le patron de la CGT")


@dataclass
class Candidate:
    """Someone the article talked about before the words (or, in the lead, after them)."""

    key: str  # entity id, or the plain description of an unnamed topic
    name: str
    type: str  # "PER", "ORG", "LOC", "MISC", or "DESC" (an unnamed description)
    entity: object | None = None  # the Entity, when named
    human: bool = True  # a DESC that describes a person ("le ministre"), not a thing
    medium: bool = False
    gender: str | None = None
    plural: bool = False
    roles: tuple[str, ...] = ()  # plain roles known for it ("ministre de l'interieur")
    sectors: tuple[str, ...] = ()  # their sectors (roles.tsv)
    country: str | None = None
    speaker_at: int | None = None  # latest position as a speaker
    subject_at: int | None = None  # latest position as a main-clause subject
    mention_at: int | None = None  # latest name mention outside quotations
    seen: int = 0  # how many times seen before (mentions, subjects, turns)
    ref: object | None = None  # what an unnamed DESC resolves to (the caller's record)


Feature = Callable[[Query, Candidate, Weights], float | None]  # None: vetoed


def number(q: Query, c: Candidate, w: Weights) -> float | None:
    """Number agrees: ``il`` is not ``les manifestants``."""
    return None if q.plural != c.plural else 0.0


def gender(q: Query, c: Candidate, w: Weights) -> float | None:
    """Gender agrees where both are known: ``elle`` is not ``M. Castaner``."""
    if q.gender is None or c.gender is None:
        return 0.0
    return w.gender_match if q.gender == c.gender else None


def kind(q: Query, c: Candidate, w: Weights) -> float | None:
    """What can be referred to: a place never (``il`` is not ``la Corse``); for a
    description of a person, a person, or an unnamed description that repeats its words
    (``le porte-parole`` after ``le porte-parole de l'exécutif allemand``); for a pronoun,
    an organisation at a cost, a medium at a higher one."""
    if c.type in ("LOC", "MISC"):
        return None
    if c.type == "DESC" and not c.human:
        return None
    if not q.pronoun:
        if c.type == "DESC":  # an unnamed speaker only by the same words, fuller
            return 0.0 if q.words and any(r.startswith(q.words) for r in c.roles) else None
        return 0.0 if c.type == "PER" else None
    if c.type == "ORG":
        return w.medium if c.medium else w.organisation
    return 0.0


# Roles that name the same office under another word: a "secrétaire d'État" is "la ministre",
# the "chef de l'État" "le président" (plain words; a role starting with the first is read as
# the second).
ROLE_FAMILIES: tuple[tuple[str, str], ...] = (
    ("secretaire d'etat", "ministre"),
    ("garde des sceaux", "ministre"),
    ("chef de la diplomatie", "ministre"),
    ("chef de l'etat", "president"),
    ("cheffe de l'etat", "president"),
    ("presidente", "president"),
    ("chef du gouvernement", "premier ministre"),
    ("cheffe du gouvernement", "premier ministre"),
    ("cheffe de la diplomatie", "ministre"),
    ("premier ministre", "premier ministre"),
    ("premiere ministre", "premier ministre"),
)

# Roles that name a kind of office, not an office: "le magistrat" may be the procureur, "l'élu"
# the député; they agree with any role of the same sector.
GENERIC_ROLES = frozenset(
    ["magistrat", "magistrate", "elu", "elue", "responsable", "dirigeant", "dirigeante",
     "parlementaire", "edile", "haut fonctionnaire", "haute fonctionnaire"]
)  # fmt: skip


# The sectors a generic role agrees with beyond its own: an "élu" is a député (LEG) or a
# maire (GOV); "le responsable", "le dirigeant" may hold any office (they say nothing).
GENERIC_SECTORS: dict[str, frozenset[str] | None] = {
    "elu": frozenset(["LEG", "GOV"]),
    "elue": frozenset(["LEG", "GOV"]),
    "edile": frozenset(["LEG", "GOV"]),
    "parlementaire": frozenset(["LEG"]),
    "responsable": None,
    "dirigeant": None,
    "dirigeante": None,
}


def role_key(role: str) -> str:
    """The office a role names: its family (:data:`ROLE_FAMILIES`), else its first word."""
    for prefix, key in ROLE_FAMILIES:
        if role == prefix or role.startswith(prefix + " "):
            return key
    return role.split(" ", 1)[0]


def role(q: Query, c: Candidate, w: Weights) -> float | None:
    """The role the description names against the roles known for the candidate: the same
    office (``le ministre`` and ``ministre de l'Intérieur``, ``la ministre`` and ``secrétaire
    d'État à la transition écologique``) counts; a generic role (``le magistrat``) of the same
    sector as one of them (``procureur``) counts half; another office (``le ministre`` and
    ``secrétaire général de la CGT``) vetoes; unknown roles say nothing."""
    if q.role is None or not c.roles:
        return 0.0
    if role_key(q.role) in {role_key(r) for r in c.roles if r}:
        return w.role_match
    if q.role in GENERIC_ROLES:
        if q.role in GENERIC_SECTORS and GENERIC_SECTORS[q.role] is None:
            return 0.0  # "le responsable": any office
        sectors = GENERIC_SECTORS.get(q.role) or frozenset([q.sector] if q.sector else [])
        if sectors & set(c.sectors):
            return w.role_match / 2
    if complement(q, c, w):
        return 0.0  # another word for an office of the same body: "le patron de la CGT"
    return None


def country(q: Query, c: Candidate, w: Weights) -> float | None:
    """The description's country against the candidate's: ``le président américain`` is not
    a Turkish president."""
    if q.country is None or c.country is None:
        return 0.0
    return w.country_match if q.country == c.country else None


def apposition(q: Query, c: Candidate, w: Weights) -> float | None:
    """The description repeats words apposed to the candidate earlier (``le porte-parole``
    after ``Benjamin Griveaux, porte-parole du gouvernement``)."""
    if not q.words or not c.roles:
        return 0.0
    return w.apposition if any(r.startswith(q.words) for r in c.roles) else 0.0


def complement(q: Query, c: Candidate, w: Weights) -> float | None:
    """The description is of what a role of the candidate is of: ``le patron de la CGT``
    and ``secrétaire général de la CGT``, ``le locataire de Bercy``… and nothing else."""
    if not q.complement or not c.roles:
        return 0.0
    return w.complement if any(_of_part(r) == q.complement for r in c.roles) else 0.0


def _of_part(role: str) -> str:
    """What a role is of: ``de la cgt`` for ``secretaire general de la cgt`` (not the
    minister's for ``secretaire d'etat aupres du ministre de l'interieur``)."""
    words = role.split()
    at = next((k for k, x in enumerate(words) if x in ("de", "du", "des")), None)
    return " ".join(words[at:]) if at else ""


def _recent(at: int | None, pos: int, weight: float, decay: float) -> float:
    if at is None or at > pos:
        return 0.0
    return weight * math.exp(-(pos - at) / decay)


def speaker_recency(q: Query, c: Candidate, w: Weights) -> float:
    """Recency as a speaker: who was just quoted is who goes on talking."""
    return _recent(c.speaker_at, q.pos, w.speaker, w.decay)


def subject_recency(q: Query, c: Candidate, w: Weights) -> float:
    """Recency as the subject of a main clause: what the article is about there."""
    return _recent(c.subject_at, q.pos, w.subject, w.decay)


def mention_recency(q: Query, c: Candidate, w: Weights) -> float:
    """Recency of a plain name mention (an object, a complement): weaker than a subject."""
    return _recent(c.mention_at, q.pos, w.mention, w.decay)


def recency(q: Query, c: Candidate, w: Weights) -> float | None:
    """The best of the three recencies (speaker, subject, name mention): one clause that
    makes someone speaker, subject and mention at once counts once."""
    return max(speaker_recency(q, c, w), subject_recency(q, c, w), mention_recency(q, c, w))


def frequency(q: Query, c: Candidate, w: Weights) -> float | None:
    """How much the article has talked about the candidate: its protagonist outweighs a
    name met once in passing."""
    return w.frequency * math.log1p(c.seen)


FEATURES: tuple[Feature, ...] = (
    number,
    gender,
    kind,
    role,
    country,
    apposition,
    complement,
    recency,
    frequency,
)


def score(q: Query, c: Candidate, w: Weights = WEIGHTS) -> float | None:
    """The candidate's score, or None when a feature vetoes it."""
    total = 0.0
    for f in FEATURES:
        v = f(q, c, w)
        if v is None:
            return None
        total += v
    return total


def rank(
    q: Query, candidates: Iterable[Candidate], w: Weights = WEIGHTS
) -> list[tuple[float, Candidate]]:
    """The candidates that pass every feature, best first (ties: the latest seen first)."""
    out = []
    for c in candidates:
        s = score(q, c, w)
        if s is not None:
            out.append((s, c))
    out.sort(key=lambda x: (-x[0], -_last_seen(x[1])))
    return out


def best(q: Query, candidates: Iterable[Candidate], w: Weights = WEIGHTS) -> Candidate | None:
    """The top candidate, if its score reaches the threshold."""
    ranked = rank(q, candidates, w)
    if ranked and ranked[0][0] >= w.threshold:
        return ranked[0][1]
    return None


def _last_seen(c: Candidate) -> int:
    return max((p for p in (c.speaker_at, c.subject_at, c.mention_at) if p is not None), default=-1)
