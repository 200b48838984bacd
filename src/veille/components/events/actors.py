"""Actor coding, GDELT-style (``lexicon/actors.tsv``, ``roles.tsv``, ``organisations.tsv``):
ISO-3 country + CAMEO sector (``RUSGOV``), ``IGO`` + code for international organisations,
the country alone for a country."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from spacy.tokens import Token

from veille import demonyms, lexicon
from veille.gazetteer import load_gazetteer
from veille.lexicon import LexiconError, read_table
from veille.model import Actor, Entity, Place, Quote
from veille.text.fold import lower
from veille.text.spans import sent_of

from .lookups import DocInfo, quote_at
from .syntax import fold_key, np_text
from .words import place_heads, word_class

# Sectors of actors that belong to no country by default (armed groups, criminals, refugees,
# international organisations and NGOs).
_STATELESS = frozenset(["REB", "UAF", "CRM", "REF", "IGO", "NGO"])


@dataclass(frozen=True)
class _ActorWord:
    sector: str
    country: str | None


@dataclass(frozen=True)
class _ActorWords:
    groups: dict[str, _ActorWord]
    portfolios: tuple[tuple[str, str], ...]  # (folded phrase, sector), longest first
    capitals: dict[str, _ActorWord]  # folded name → GOV + country
    people: dict[str, _ActorWord]  # folded name → the sector and country they are known by


@cache
def _actor_words() -> _ActorWords:
    groups: dict[str, _ActorWord] = {}
    portfolios: list[tuple[str, str]] = []
    capitals: dict[str, _ActorWord] = {}
    people: dict[str, _ActorWord] = {}
    surnames: dict[str, set[tuple[str, str | None]]] = {}
    for row in read_table("actors.tsv"):
        words, sector, country, kind = (
            row["words"],
            row["sector"],
            row["country"] or None,
            row["kind"],
        )
        where = f"actors.tsv: {words!r}"
        if sector not in lexicon.SECTORS:
            raise LexiconError(f"{where}: unknown sector {sector!r}")
        if country is not None and not (len(country) == 2 and country.isupper()):
            raise LexiconError(f"{where}: bad country {country!r}")
        if kind == "group":
            groups[fold_key(words)] = _ActorWord(sector, country)
        elif kind == "portfolio":
            portfolios.append((fold_key(words), sector))
        elif kind == "capital":
            capitals[fold_key(words)] = _ActorWord(sector, country)
        elif kind == "person":
            people[fold_key(words)] = _ActorWord(sector, country)
            surname = fold_key(words).split()[-1]
            if surname != fold_key(words):
                surnames.setdefault(surname, set()).add((sector, country))
        else:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
    portfolios.sort(key=lambda p: len(p[0]), reverse=True)
    for surname, known in surnames.items():  # "M. Macron": when the surname is unambiguous
        if len(known) == 1 and surname not in people:
            people[surname] = _ActorWord(*next(iter(known)))
    return _ActorWords(groups, tuple(portfolios), capitals, people)


@cache
def _roles() -> tuple[tuple[str, str | None], ...]:
    return tuple(
        sorted(
            ((fold_key(r.words), r.sector) for r in lexicon.roles() if not r.honorific),
            key=lambda r: len(r[0]),
            reverse=True,
        )
    )


@cache
def _orgs() -> dict[str, lexicon.Organisation]:
    out: dict[str, lexicon.Organisation] = {}
    for org in lexicon.organisations():
        for name in (org.name, *org.aliases):
            out.setdefault(fold_key(name), org)
    return out


def iso3_of(iso2: str | None, info: DocInfo) -> str | None:
    if not iso2:
        return None
    if iso2 not in info.iso3:
        info.iso3[iso2] = load_gazetteer().iso3(iso2)
    return info.iso3[iso2]


def _code(country: str | None, sector: str | None) -> str | None:
    if country is None and sector is None:
        return None
    return (country or "") + (sector or "")


def country_actor(iso2: str, info: DocInfo, name: str) -> Actor:
    c = iso3_of(iso2, info)
    place = load_gazetteer().country(iso2)
    return Actor(name=place.name if place else name, code=c, country=c, sector=None)


def others(recipients: list[Actor], actors: list[Actor]) -> list[Actor]:
    """Recipients that are not also the actors (one does not meet or warn oneself)."""
    return [r for r in recipients if not any(_same_actor(r, a) for a in actors)]


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.entity is not None or b.entity is not None:
        return a.entity == b.entity
    return (a.code, a.name) == (b.code, b.name)


def dedup(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for a in actors:
        key = (a.code, a.entity or a.name)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def place_token(t: Token, info: DocInfo) -> Place | None:
    """The place a complement names, when it is a city, region or feature (``la ville
    d'Alep``, ``Alep``: the heads with an ``event`` sentence in ``lexicon/places_heads.tsv``);
    countries are actors, not places, as complements."""
    e = info.entity_at.get(t.i)
    if e is None and t.lemma_.lower() in place_heads():
        for c in t.children:
            if c.dep_ in ("nmod", "appos", "flat:name") and (e2 := info.entity_at.get(c.i)):
                e = e2
                break
    if e is None or e.type != "LOC":
        return None
    p = info.place_of.get(e.id)
    if p is None or p.kind == "country":
        return None
    if fold_key(e.name) in _actor_words().capitals and t.dep_ in ("nsubj", "obj"):
        return None
    return p


def entity_actor(e: Entity, info: DocInfo, hint: str | None = None) -> Actor | None:
    """The actor an entity is; ``hint``: the country its noun phrase gives a person
    (``l'entrepreneur néerlandais Derk Sauer``), before the article's country."""
    known = _known_person(e)
    if e.type != "PER" and known is not None:  # "Erdogan" the NER took for a place
        c = iso3_of(known.country, info) if known.country else None
        return Actor(e.name, e.id, _code(c, known.sector), c, known.sector)
    if e.type == "LOC":
        return _place_actor(e, info)
    if e.type == "ORG":
        return _organisation_actor(e, info)
    return _person_actor(e, info, known, hint)


def _place_actor(e: Entity, info: DocInfo) -> Actor | None:
    """A country is an actor, and a capital stands for its government; other places are not."""
    cap = _actor_words().capitals.get(fold_key(e.name))
    p = info.place_of.get(e.id)
    if p is not None and p.kind == "country":
        c = iso3_of(p.country, info)
        return Actor(name=e.name, entity=e.id, code=c, country=c)
    if cap is not None:
        c = iso3_of(cap.country, info) if cap.country else None
        return Actor(e.name, e.id, _code(c, cap.sector), c, cap.sector)
    return None


def _organisation_actor(e: Entity, info: DocInfo) -> Actor:
    """An organisation of the lexicon by its name or a mention, else a group word in its
    name; its country is its own, else the article's (unless it belongs to none)."""
    org = _orgs().get(fold_key(e.name))
    if org is None:
        for m in e.mentions:
            org = _orgs().get(fold_key(m.text))
            if org is not None:
                break
    if org is not None:
        c = iso3_of(org.country, info) if org.country else None
        if c is None and org.sector == "IGO":
            return Actor(e.name, e.id, "IGO" + (org.code or ""), None, "IGO")
        if c is None and org.sector not in _STATELESS:
            c = iso3_of(_org_country(e, info), info)  # "le Sénat" of a French article
        return Actor(e.name, e.id, _code(c, org.sector), c, org.sector)
    sector = _group_sector(e.name)
    c = iso3_of(e.country or (None if sector in _STATELESS else _org_country(e, info)), info)
    return Actor(e.name, e.id, _code(c, sector), c, sector)


def _person_actor(e: Entity, info: DocInfo, known: _ActorWord | None, hint: str | None) -> Actor:
    """People: the country and sector of their role ("le président américain"), a known
    figure's country, else the country the article is about (a French article's "chef de
    l'Etat" is French)."""
    country = known.country if known is not None and known.country else e.country
    sector = None
    for r in e.roles:
        country = country or r.country
        sector = sector or _role_sector(r.text)
    for m in e.mentions:
        if m.kind == "title":
            sector = sector or _role_sector(m.text)
            if country is None and (refs := demonyms.find_country_refs(m.text)):
                country = refs[0][2]
    if known is not None:
        sector = sector or known.sector
        if known.country is None and sector == "IGO":
            return Actor(e.name, e.id, "IGO", None, "IGO")
    country = country or hint or _sentence_country(e, info) or info.focus
    c = iso3_of(country, info)
    return Actor(e.name, e.id, _code(c, sector), c, sector)


def _sentence_country(e: Entity, info: DocInfo) -> str | None:
    """The country a sentence opens on, before a person's first mention ("Aux Etats-Unis, la
    députée démocrate Alexandria Ocasio-Cortez a proposé…"): where the person is, which the
    sentence says before the article's country does."""
    if not e.mentions:
        return None
    i = info.index.token_at_char(e.mentions[0].start)
    if i is None:
        return None
    start = info.index.sent_bounds(i)[0]
    words = info.index.words
    found = {
        x
        for j in range(start + 1, i)
        if lower(words[j - 1]) in _IN_COUNTRY
        for x in [*info.refs_at.get(j, ()), _country_at(j, info)]
        if x
    }
    return found.pop() if len(found) == 1 else None


def _country_at(j: int, info: DocInfo) -> str | None:
    """The ISO2 of the country whose name starts at token ``j``, if one does."""
    e = info.entity_at.get(j)
    p = info.place_of.get(e.id) if e is not None and e.type == "LOC" else None
    return p.country if p is not None and p.kind == "country" else None


# The prepositions of being in a country: "en Russie", "aux Etats-Unis", "au Brésil".
_IN_COUNTRY = frozenset(["en", "aux", "au"])


def _org_country(e: Entity, info: DocInfo) -> str | None:
    """An organisation's country when the lexicon gives none: a nationality or country in its
    name (``Association des maires de France``), else the country the article is about."""
    refs = demonyms.find_country_refs(e.name)
    if refs:
        return refs[0][2]
    return info.focus


def _known_person(e: Entity) -> _ActorWord | None:
    people = _actor_words().people
    for name in (e.name, *(m.text for m in e.mentions if m.kind == "name")):
        if (p := people.get(_person_key(name))) is not None:
            return p
    return None


_HONORIFIC = re.compile(r"^(?:m\.|mme|mlle|mm\.)\s+")


@lru_cache(maxsize=4096)
def _person_key(name: str) -> str:
    """The key of a name in the table of known people: no honorific."""
    return _HONORIFIC.sub("", fold_key(name))


@lru_cache(maxsize=4096)
def _role_sector(text: str) -> str | None:
    f = fold_key(text)
    for phrase, sector in _actor_words().portfolios:
        # "ministre russe de la Défense": a nationality may stand inside the phrase
        first, _, rest = phrase.partition(" ")
        if phrase in f or (
            rest and re.search(rf"\b{re.escape(first)}\s+\S+\s+{re.escape(rest)}\b", f)
        ):
            return sector
    for words, sector in _roles():
        if f.startswith(words) or f" {words}" in f:
            return sector
    return None


def _group_sector(text: str) -> str | None:
    for w in lower(text).split():
        aw = _group(w) or _group(w.rstrip("s"))
        if aw is not None:
            return aw.sector
    return None


def actors_of(t: Token, info: DocInfo) -> list[Actor]:
    """The actors a token (head of a noun phrase, or pronoun) refers to: one, or several for
    a group noun with coordinated nationalities (``les dirigeants allemand, français et
    britannique``). The first of :data:`_ACTOR_STEPS` that applies answers."""
    for step in _ACTOR_STEPS:
        found = step(t, info)
        if found is not None:
            return found
    return []


def _named(t: Token, info: DocInfo) -> list[Actor] | None:
    """A word of a name or title mention: the entity's actor."""
    e = info.entity_at.get(t.i)
    if e is None:
        return None
    hint = None
    if t.dep_ in ("appos", "flat:name") and t.head.pos_ == "NOUN":
        hint = next(iter(_np_countries(t.head, info)), None)
    return listed(entity_actor(e, info, hint))


def _pronoun(t: Token, info: DocInfo) -> list[Actor] | None:
    """A pronoun: the speaker of the quote (``nous``), the antecedent of a relative (``qui``),
    the latest person or organisation named (``il``)."""
    if t.pos_ != "PRON":
        return None
    low = lower(t.text).lstrip("-").removeprefix("t-")  # "a-t-il", "estime-t-elle"
    if low in word_class("speaker-pronoun"):
        q = quote_at(t.idx, info)
        if q is not None and q.speaker is not None:
            e = info.look().entity(q.speaker.entity)
            if e is not None:
                return listed(entity_actor(e, info))
            return [described_actor(q.speaker.name, info)]
        return []
    if low in ("qui", "lequel", "laquelle"):
        if t.head.dep_ == "acl:relcl":
            return actors_of(t.head.head, info)
        prev = t.doc[t.i - 1] if t.i > sent_of(t).start else None
        if prev is not None and prev.i in info.entity_at:
            return actors_of(prev, info)
        return []
    if low in word_class("person-pronoun"):
        e = antecedent(t, info)
        return listed(entity_actor(e, info)) if e is not None else []
    return []


def _named_apposition(t: Token, info: DocInfo) -> list[Actor] | None:
    """A noun followed by a name: "le groupe Etat islamique"."""
    for c in t.children:
        named = c.dep_ in ("appos", "flat:name") or (
            c.dep_ in ("nmod", "amod") and c.i == t.i + 1 and c.text[:1].isupper()
        )
        if named and (e2 := info.entity_at.get(c.i)):
            hint = next(iter(_np_countries(t, info)), None)
            return listed(entity_actor(e2, info, hint))
    return None


def _ce_dernier(t: Token, info: DocInfo) -> list[Actor] | None:
    """ "ce dernier": the last person named."""
    if lower(t.text) not in ("dernier", "dernière") or not any(
        lower(c.text) in ("ce", "cette") for c in t.children
    ):
        return None
    e = antecedent(t, info, people_only=True)
    return listed(entity_actor(e, info)) if e is not None else []


def _their_country(t: Token, info: DocInfo) -> list[Actor] | None:
    """ "son pays", "notre pays": the country of the one it belongs to."""
    if lower(t.lemma_) != "pays":
        return None
    owner = next((c for c in t.children if c.dep_ == "det" and c.morph.get("Poss")), None)
    if owner is None:
        return None
    if lower(owner.text) in ("notre", "nos") and (q := quote_at(t.idx, info)):
        people = quote_speaker(q, info)
    else:
        e = antecedent(owner, info, people_only=True)
        people = listed(entity_actor(e, info)) if e is not None else []
    return [Actor(name=np_text(t), code=p.country, country=p.country) for p in people if p.country][
        :1
    ]


def _known_name(t: Token, info: DocInfo) -> list[Actor] | None:
    """A known figure's name the NER missed."""
    if t.pos_ != "PROPN" or not (known := _actor_words().people.get(fold_key(np_text(t)))):
        return None
    c3 = iso3_of(known.country, info) if known.country else None
    return [Actor(np_text(t), None, _code(c3, known.sector), c3, known.sector)]


def _state_of_affairs(t: Token, info: DocInfo) -> list[Actor] | None:
    """ "l'état d'urgence": a state of affairs, not the State."""
    return [] if lower(t.text).startswith("état") and t.text[:1].islower() else None


def _official_of(t: Token, info: DocInfo) -> list[Actor] | None:
    """ "le secrétaire général de l'ONU", "le porte-parole du Kremlin": the organisation."""
    for c in t.children:
        org = info.entity_at.get(c.i)
        if c.dep_ == "nmod" and org is not None and org.type == "ORG" and _role_sector(t.text):
            return listed(entity_actor(org, info))
    return None


def _group_of(t: Token) -> _ActorWord | None:
    """The group noun a phrase is ("les rebelles", "l'armée syrienne", "forces de l'ordre",
    "gilets jaunes"), else the sector of a role word ("le président turc")."""
    lemma = lower(t.lemma_)
    aw = None
    for c in t.children:
        if c.dep_ == "nmod":
            aw = _group(f"{lemma} de {lower(c.lemma_)}") or _group(
                f"{lemma} de l'{lower(c.lemma_)}"
            )
            if aw:
                return aw
    for c in t.children:
        if c.dep_ == "amod" and c.i == t.i + 1:
            aw = _group(f"{lemma} {lower(c.lemma_)}") or _group(
                f"{lower(t.text).rstrip('sx')} {lower(c.text).rstrip('sx')}"
            )
    if aw is None:
        aw = _group(lemma) or _group(lower(t.text).rstrip("sx"))
    if aw is None:
        sector = _role_sector(t.text) if t.pos_ == "NOUN" else None
        if sector is not None:
            aw = _ActorWord(sector, None)
    return aw


def _leader_country(t: Token, info: DocInfo) -> Actor | None:
    """ "le régime de Kim Jong-Un", "l'administration Trump": the leader, when he has a
    country."""
    return next(
        (
            x
            for c in t.children
            if c.dep_ == "nmod"
            and (e2 := info.entity_at.get(c.i)) is not None
            and e2.type == "PER"
            and (x := entity_actor(e2, info)) is not None
            and x.country
        ),
        None,
    )


def _nationals(t: Token, info: DocInfo) -> list[Actor] | None:
    """Any other noun with a nationality adjective stands for its country: "des intérêts
    américains" were targeted, "les exportations australiennes" were taxed."""
    if t.pos_ != "NOUN":
        return []
    countries = _np_countries(t, info)
    if not countries or not any(c.dep_ == "amod" and c.i in info.refs_at for c in t.children):
        return []
    out = []
    for iso2 in countries:
        c3 = iso3_of(iso2, info)
        out.append(Actor(name=np_text(t), code=c3, country=c3))
    return out


def _group_actors(t: Token, info: DocInfo) -> list[Actor] | None:
    """A group noun or a role word, with the countries of its nationality adjectives, else of
    a place in the phrase, else the article's country (for a group that has one)."""
    aw = _group_of(t)
    if aw is None:
        return _nationals(t, info)
    countries = _np_countries(t, info)
    if not countries and aw.sector == "GOV" and (leader := _leader_country(t, info)) is not None:
        return [Actor(np_text(t), None, _code(leader.country, "GOV"), leader.country, "GOV")]
    if not countries:
        country = aw.country
        for c in t.subtree:  # "le ministère des Affaires étrangères à Ankara"
            e2 = info.entity_at.get(c.i)
            if c.i > t.i and c.i <= t.i + 8 and e2 is not None and e2.type == "LOC":
                p = info.place_of.get(e2.id)
                country = p.country if p is not None else e2.country
                break
        if country is None and aw.sector not in _STATELESS:
            country = info.focus
        countries = [country] if country else []
    name = np_text(t)
    if not countries:
        return [Actor(name=name, code=aw.sector, sector=aw.sector)]
    out = []
    for iso2 in countries:
        c3 = iso3_of(iso2, info)
        out.append(Actor(name=name, code=_code(c3, aw.sector), country=c3, sector=aw.sector))
    return out


# What a token refers to, tried in order: each step answers (a list, maybe empty) or passes
# (None).
_ACTOR_STEPS: tuple[Callable[[Token, DocInfo], list[Actor] | None], ...] = (
    _named,
    _pronoun,
    _named_apposition,
    _ce_dernier,
    _their_country,
    _known_name,
    _state_of_affairs,
    _official_of,
    _group_actors,
)


@lru_cache(maxsize=4096)
def _group(words: str) -> _ActorWord | None:
    """The group noun entry for ``words`` (accents and a leading article aside)."""
    return _actor_words().groups.get(fold_key(words))


def _np_countries(t: Token, info: DocInfo) -> list[str]:
    """The countries of the nationality adjectives of a noun phrase, in order: one for "l'armée
    syrienne", three for "les dirigeants allemand, français et britannique"."""
    if not info.ref_words.any_between(t.left_edge.i, t.i + 9):
        return []  # no nationality word in reach
    out: list[str] = []
    for c in t.subtree:
        if c.i > t.i + 8:
            break
        if c.i in info.refs_at and (abs(c.i - t.i) <= 4 or (out and c.i > t.i)):
            out.extend(x for x in info.refs_at[c.i] if x not in out)
    return out


def listed(actor: Actor | None) -> list[Actor]:
    return [actor] if actor is not None else []


def antecedent(t: Token, info: DocInfo, people_only: bool = False) -> Entity | None:
    plural = "Plur" in t.morph.get("Number")
    # the latest mention before t of: a person (singular t), an organisation (unless
    # people_only), a place (plural t, unless people_only)
    types = tuple(
        x
        for x, ok in (
            ("PER", not plural),
            ("ORG", not people_only),
            ("LOC", plural and not people_only),
        )
        if ok
    )
    n = info.look().latest(types, t.idx)
    return info.mentions[n][1] if n is not None else None


def speaker_actor(q: Quote, info: DocInfo) -> Actor | None:
    if q.speaker is None:
        return None
    e = info.look().entity(q.speaker.entity)
    return entity_actor(e, info) if e is not None else described_actor(q.speaker.name, info)


def described_actor(text: str, info: DocInfo) -> Actor:
    """An actor known by a description (``le ministre turc de la Défense``): the sector of its
    role or group word, the country of its nationality, else the article's."""
    sector = _role_sector(text) or _group_sector(text)
    refs = demonyms.find_country_refs(text)
    country = refs[0][2] if refs else None
    if country is None and sector is not None and sector not in _STATELESS:
        country = info.focus
    c = iso3_of(country, info)
    return Actor(name=text, code=_code(c, sector), country=c, sector=sector)


def counterparts_apart(
    actors: list[Actor], recipients: list[Actor], info: DocInfo
) -> tuple[list[Actor], list[Actor]]:
    """An actor with no nationality of its own that took the country of a counterpart on the
    other side (``le ministre … son homologue allemand``) is from elsewhere: the article's
    home country, or none when that is the counterpart's too."""

    counterparts = word_class("counterpart")

    def counterpart(x: Actor) -> bool:
        return not counterparts.isdisjoint(lower(x.name).split())

    def apart(side: list[Actor], other: list[Actor]) -> list[Actor]:
        if not {x.country for x in side} & {x.country for x in other if x.country}:
            return list(side)  # no country of the other side's
        theirs = {x.country for x in other if x.country and counterpart(x)}
        out = []
        for x in side:
            if x.country in theirs and not (  # the counterpart's country, and none of its own
                x.entity is not None or counterpart(x) or demonyms.find_country_refs(x.name)
            ):
                home = iso3_of(info.home, info)
                c = home if home not in theirs else None
                x = replace(x, country=c, code=_code(c, x.sector))
            out.append(x)
        return out

    return apart(actors, recipients), apart(recipients, actors)


def quote_speaker(q: Quote, info: DocInfo) -> list[Actor]:
    return listed(speaker_actor(q, info))
