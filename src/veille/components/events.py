"""Events: who did what to whom, where and when, coded in CAMEO and PLOVER.

Triggers come from the French lexicon ``lexicon/events.tsv`` (verbs, nouns, adjectives and
multi-word expressions by lemma, each with a CAMEO code and an argument frame), matched on the
parsed Doc; the longest entry at an anchor wins. Arguments come from the dependency parse:
the subject (or the passive agent) is the actor of a verb; a noun's actor is its nationality
adjectives (``la coopération russo-irano-turque``), its ``par``/``de`` complement, or the
subject of the verb that governs it (``lors de sa rencontre avec X, Poutine a dit``).
Recipients are the complements the entry names (object, ``avec``, ``contre``, ``sur``…).

Actors are coded GDELT-style (``lexicon/actors.tsv``, ``roles.tsv``, ``organisations.tsv``):
ISO-3 country + CAMEO sector (``RUSGOV``), ``IGO`` + code for international organisations,
the country alone for a country. Modality: appeals and demands (roots 02 and 10) are
``appeal`` and the action they call for is not an event of its own (it refines the appeal's
code: a call for a ceasefire is 0256); then negation, then ``reported`` (inside quote marks,
inside a quote of ``doc._.quotes``, in the complement of a reporting verb, attributed with
*selon*, or in the journalistic conditional), ``hypothetical`` (conditional), ``future``.

A quote whose cue is an event verb (``a dénoncé``, ``a appelé à``) is that event, with the
quote's speaker as actor when the parse gives none.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille import cameo, dates, demonyms, lexicon
from veille.gazetteer import load_gazetteer
from veille.lexicon import LexiconError, read_table
from veille.model import Actor, Entity, Event, EventPlace, Place, Quote
from veille.model import Span as MSpan
from veille.normalize import strip_accents

log = logging.getLogger(__name__)

__all__ = ["Entry", "EventCoder", "entries", "format_event"]

_POS = {"V": ("VERB", "AUX", "ADJ"), "N": ("NOUN", "PROPN", "X"), "A": ("ADJ", "VERB", "NOUN")}
_PREPS: dict[str, frozenset[str]] = {
    "à": frozenset(["à", "au", "aux"]),
    "de": frozenset(["de", "d'", "du", "des"]),
    "avec": frozenset(["avec"]),
    "contre": frozenset(["contre"]),
    "sur": frozenset(["sur"]),
    "entre": frozenset(["entre"]),
    "envers": frozenset(["envers"]),
    "auprès": frozenset(["auprès"]),
    "pour": frozenset(["pour"]),
    "par": frozenset(["par"]),
    "derrière": frozenset(["derrière"]),
}
_SLOTS = frozenset(["obj", *_PREPS])
_EQUIV: dict[str, frozenset[str]] = {
    "à": _PREPS["à"],
    "de": _PREPS["de"],
    "le": frozenset(["le", "la", "l'", "les"]),
}
_REFLEXIVE = frozenset(["se", "s'", "me", "m'", "te", "t'", "nous", "vous"])
_GAP_POS = frozenset(["DET", "ADJ", "ADV", "AUX", "PRON", "NUM", "ADP", "NOUN", "PROPN", "CCONJ"])
_MAX_GAP = 3
_MAX_PREP_GAP = 6  # "a appelé jeudi Israël et le Hamas à la retenue"
_DEFAULT_RECIPIENTS = {
    "V": ("obj", "à"),
    "N": ("avec", "contre", "sur", "envers", "à"),
    "A": ("à",),
}
# The roots whose events are speech acts that can govern the action they are about.
_APPEAL_ROOTS = frozenset(["02", "10"])
_GOVERNING_ROOTS = frozenset(["02", "03", "10", "12", "13"])
# What an appeal (020) or a demand (100) becomes when it calls for an event of this code/root.
_REFINE = {
    "020": {
        "0871": "0256",
        "087": "0256",
        "0874": "0256",
        "0872": "0256",
        "0841": "0253",
        "085": "0254",
        "0831": "0241",
        "08": "025",
        "04": "026",
        "057": "027",
        "03": "027",
        "07": "023",
        "073": "0233",
        "06": "021",
        "05": "022",
    },
    "100": {
        "0871": "1056",
        "087": "1056",
        "0874": "1056",
        "0841": "1053",
        "085": "1054",
        "0831": "1041",
        "08": "105",
        "04": "106",
        "057": "107",
        "07": "103",
        "06": "101",
        "05": "102",
    },
}
_QUOTE_SPANS = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
_SELON = re.compile(r"(?<!\w)(?:selon|d['’]après)(?!\w)", re.IGNORECASE)
_HOME = "FR"
_POSSESSIVES = frozenset(["son", "sa", "ses", "leur", "leurs"])
_PERSON_PRONOUNS = frozenset(["il", "elle", "ils", "elles"])
_SPEAKER_PRONOUNS = frozenset(["je", "j'", "nous", "on"])
_COMPLEMENT_DEPS = frozenset(
    ["xcomp", "ccomp", "obj", "iobj", "obl", "obl:arg", "obl:mod", "nmod", "acl", "conj"]
)
_CLAUSE_DEPS = frozenset(["ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "conj", "xcomp"])
_PEOPLE_COUNTS = re.compile(
    r"^(?:personne|civil|habitant|manifestant|mort|tué|blessé|victime|réfugié|migrant|déplacé|"
    r"soldat|militaire|combattant|rebelle|jihadiste|djihadiste|policier|enfant|femme|homme|"
    r"otage|détenu|prisonnier|membre|partisan|étudiant|salarié|gréviste)",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Entry:
    """One row of ``events.tsv``."""

    words: tuple[str, ...]  # anchor first; "+inf" for an infinitive
    reflexive: bool
    pos: str  # V, N, A
    code: str
    recipient: tuple[str, ...]
    place_code: str | None
    sentence: str

    @property
    def pattern(self) -> str:
        return ("se " if self.reflexive else "") + " ".join(self.words)


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@cache
def entries() -> tuple[Entry, ...]:
    """``events.tsv``, validated: known CAMEO codes, positions and frames, no duplicates."""
    out: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for row in read_table("events.tsv"):
        words = _norm(row["pattern"]).split()
        where = f"events.tsv: {row['pattern']!r}"
        reflexive = len(words) > 1 and words[0] == "se"
        if reflexive:
            words = words[1:]
        if not words or words[0] == "+inf":
            raise LexiconError(f"{where}: no anchor word")
        pos, code = row["pos"], row["code"]
        if pos not in _POS:
            raise LexiconError(f"{where}: pos {pos!r} is not V, N or A")
        for c in (code, row["place"]):
            if c and not cameo.is_code(c):
                raise LexiconError(f"{where}: {c!r} is not a CAMEO code")
        recipient = tuple(r for r in row["recipient"].split("|") if r)
        if any(r not in _SLOTS for r in recipient):
            raise LexiconError(f"{where}: unknown recipient slot in {row['recipient']!r}")
        if not row["sentence"]:
            raise LexiconError(f"{where}: no test sentence")
        key = (" ".join(words) + (" (se)" if reflexive else ""), pos)
        if key in seen:
            raise LexiconError(f"{where}: duplicate entry")
        seen.add(key)
        out.append(
            Entry(
                tuple(words),
                reflexive,
                pos,
                code,
                recipient or _DEFAULT_RECIPIENTS[pos],
                row["place"] or None,
                row["sentence"],
            )
        )
    return tuple(out)


@cache
def _index() -> dict[str, tuple[Entry, ...]]:
    idx: dict[str, list[Entry]] = {}
    for e in entries():
        idx.setdefault(e.words[0], []).append(e)
    return {k: tuple(sorted(v, key=_priority, reverse=True)) for k, v in idx.items()}


def _priority(e: Entry) -> tuple[int, int, bool]:
    """Longest first; among equals, more content words (``opposer veto`` before ``opposé à``)."""
    content = sum(1 for w in e.words if w not in _PREPS and w not in _EQUIV and w != "+inf")
    return (len(e.words), content, e.reflexive)


@dataclass(frozen=True)
class _ActorWord:
    sector: str
    country: str | None


@dataclass(frozen=True)
class _ActorWords:
    groups: dict[str, _ActorWord]
    portfolios: tuple[tuple[str, str], ...]  # (folded phrase, sector), longest first
    capitals: dict[str, _ActorWord]  # folded name → GOV + country


_LEADING_ARTICLE = re.compile(r"^(?:l'|la |le |les )")


def _fold(text: str) -> str:
    folded = " ".join(strip_accents(text.lower().replace("’", "'")).split())
    return _LEADING_ARTICLE.sub("", folded)


@cache
def _actor_words() -> _ActorWords:
    groups: dict[str, _ActorWord] = {}
    portfolios: list[tuple[str, str]] = []
    capitals: dict[str, _ActorWord] = {}
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
            groups[_norm(words)] = _ActorWord(sector, country)
        elif kind == "portfolio":
            portfolios.append((_fold(words), sector))
        elif kind == "capital":
            capitals[_fold(words)] = _ActorWord(sector, country)
        else:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
    portfolios.sort(key=lambda p: len(p[0]), reverse=True)
    return _ActorWords(groups, tuple(portfolios), capitals)


@cache
def _modality_words() -> dict[str, str]:
    out: dict[str, str] = {}
    kinds = {"report", "future", "hypothetical", "appeal", "negation"}
    for row in read_table("events_modality.tsv"):
        if row["kind"] not in kinds:
            raise LexiconError(f"events_modality.tsv: {row['words']!r}: bad kind {row['kind']!r}")
        out[_norm(row["words"])] = row["kind"]
    return out


@cache
def _roles() -> tuple[tuple[str, str | None], ...]:
    return tuple(
        sorted(
            ((_fold(r.words), r.sector) for r in lexicon.roles() if not r.honorific),
            key=lambda r: len(r[0]),
            reverse=True,
        )
    )


@cache
def _orgs() -> dict[str, lexicon.Organisation]:
    out: dict[str, lexicon.Organisation] = {}
    for org in lexicon.organisations():
        for name in (org.name, *org.aliases):
            out.setdefault(_fold(name), org)
    return out


# --------------------------------------------------------------------------- matching


def _forms(tok: Token) -> set[str]:
    text = _norm(tok.text)
    forms = {text, _norm(tok.lemma_)}
    for suffix in ("es", "s", "e"):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)])
    for suffix in ("ées", "és", "ée", "é"):  # participles the tagger missed: "téléphoné"
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)] + "er")
            break
    return forms


def _after_auxiliary(tok: Token) -> bool:
    """A participle the tagger took for a noun or adverb: ``a téléphoné``, ``ont violé``."""
    doc = tok.doc
    for j in range(tok.i - 1, max(tok.sent.start, tok.i - 3) - 1, -1):
        t = doc[j]
        if t.lemma_ in ("avoir", "être") and t.pos_ in ("AUX", "VERB"):
            return True
        if t.pos_ not in ("ADV", "PART"):
            return False
    return False


def _word_matches(word: str, tok: Token) -> bool:
    if word == "+inf":
        return tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm")
    text = _norm(tok.text)
    if word in _EQUIV:
        return text in _EQUIV[word] or _norm(tok.lemma_) in _EQUIV[word]
    return word in _forms(tok)


def _is_reflexive(tok: Token) -> bool:
    if any(
        _norm(c.text) in _REFLEXIVE and c.dep_.startswith(("expl", "obj", "iobj"))
        for c in tok.children
    ):
        return True
    # "s'est entretenu", "se sont retirés": the clitic just before the verb group
    doc = tok.doc
    for j in range(tok.i - 1, max(tok.sent.start, tok.i - 4) - 1, -1):
        t = doc[j]
        if _norm(t.text) in _REFLEXIVE and t.pos_ == "PRON":
            return True
        if t.pos_ not in ("AUX", "PRON", "ADV", "PART"):
            break
    return False


@dataclass
class _Match:
    entry: Entry
    tokens: list[Token]  # matched tokens, anchor first

    @property
    def anchor(self) -> Token:
        return self.tokens[0]


def _match_at(tok: Token, entry: Entry, end: int) -> list[Token] | None:
    if tok.pos_ not in _POS[entry.pos] and not (entry.pos == "V" and _after_auxiliary(tok)):
        return None
    if entry.reflexive and not _is_reflexive(tok):
        return None
    doc = tok.doc
    got = [tok]
    i = tok.i
    for word in entry.words[1:]:
        found = None
        for j in range(i + 1, min(end, i + 2 + (_MAX_PREP_GAP if word in _PREPS else _MAX_GAP))):
            t = doc[j]
            if _word_matches(word, t):
                found = t
                break
            if t.text in ("-", "‐", "‑", "'", "’"):
                continue
            if t.is_punct or (t.pos_ not in _GAP_POS and _finite_or_inf(t)):
                break
        if found is None and word in _PREPS:
            found = _dependent_prep(got[-1], word)
        if found is None:
            return None
        got.append(found)
        i = found.i
    return got


def _dependent_prep(head: Token, word: str) -> Token | None:
    """The preposition ``word`` introducing a complement of ``head`` (or of the clause it
    heads), when too many words stand between them for the linear match: ``a appelé le
    samedi 4 janvier les soldats irakiens à s'éloigner``."""
    forms = _PREPS[word]
    for c in head.children:
        if c.i <= head.i or c.dep_ not in (
            "xcomp",
            "obl",
            "obl:arg",
            "obl:mod",
            "nmod",
            "iobj",
            "acl",
        ):
            continue
        for cc in c.children:
            if cc.dep_ in ("case", "mark") and _norm(cc.text) in forms and cc.i > head.i:
                return cc
    return None


def _finite_or_inf(t: Token) -> bool:
    forms = t.morph.get("VerbForm")
    return not forms or "Fin" in forms or "Inf" in forms


def _find(doc: Doc) -> list[_Match]:
    idx = _index()
    out: list[_Match] = []
    used: set[int] = set()
    for sent in doc.sents:
        for tok in sent:
            if tok.i in used or tok.is_punct or tok.is_space:
                continue
            cands: list[Entry] = []
            for f in _forms(tok):
                cands.extend(idx.get(f, ()))
            if not cands:
                continue
            cands.sort(key=_priority, reverse=True)
            for entry in cands:
                # not sent.end: the parser sometimes cuts at a hyphen ("attentat-suicide");
                # punctuation stops a match anyway
                got = _match_at(tok, entry, len(doc))
                if got is not None:
                    out.append(_Match(entry, got))
                    used.update(t.i for t in got)
                    break
    return out


# --------------------------------------------------------------------------- the component


@dataclass
class _DocInfo:
    """Per-document lookups, built once per Doc."""

    doc: Doc
    entity_at: dict[int, Entity]  # token index → entity whose mention covers it
    place_of: dict[str, Place]  # entity id → place
    refs_at: dict[int, list[str]]  # token index → ISO2 of the country refs in it
    quote_marks: list[tuple[int, int]]
    quotes: list[Quote]
    focus: str | None  # ISO2: the country the article is about
    published: str | None
    mentions: list[tuple[int, Entity]]  # (start, entity) of name/title mentions, sorted
    trigger_ids: frozenset[int] = frozenset()  # token indices of every matched trigger
    iso3: dict[str, str | None] = field(default_factory=dict)


def _doc_info(doc: Doc) -> _DocInfo:
    ents: list[Entity] = list(doc._.entities or [])
    entity_at: dict[int, Entity] = {}
    mentions: list[tuple[int, Entity]] = []
    for e in ents:
        for m in e.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            mentions.append((m.start, e))
            for t in span:
                if t.dep_ == "det" and m.kind == "title":
                    continue
                entity_at.setdefault(t.i, e)
    mentions.sort(key=lambda x: x[0])
    places = {p.entity: p for p in doc._.places or []}
    refs_at: dict[int, list[str]] = {}
    for r in doc._.country_refs or []:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None:
            refs_at.setdefault(span[0].i, []).append(r.country)
    counts: Counter[str] = Counter()
    for p in places.values():
        if p.country:
            e = next((x for x in ents if x.id == p.entity), None)
            counts[p.country] += len(e.mentions) if e else 1
    for r in doc._.country_refs or []:
        counts[r.country] += 1
    for e in ents:
        if e.type != "LOC" and e.country:
            counts[e.country] += 1
    counts[_HOME] += 0.5  # type: ignore[assignment]  # French press: a tie goes to France
    lay = doc._.layout
    dateline = lay.dateline if lay is not None else None
    if dateline is not None and dateline.place is not None:
        for p in places.values():
            if dateline.start <= p.mention.start < dateline.end and p.country:
                counts[p.country] += 3
    focus = counts.most_common(1)[0][0]
    published = doc._.date or (dateline.date_value if dateline is not None else None)
    return _DocInfo(
        doc=doc,
        entity_at=entity_at,
        place_of=places,
        refs_at=refs_at,
        quote_marks=[m.span() for m in _QUOTE_SPANS.finditer(doc.text)],
        quotes=list(doc._.quotes or []),
        focus=focus,
        published=published,
        mentions=mentions,
    )


class EventCoder:
    """Sets ``doc._.events`` to the :class:`veille.model.Event` list of the Doc."""

    def __call__(self, doc: Doc) -> Doc:
        info = _doc_info(doc)
        matches = _find(doc)
        info.trigger_ids = frozenset(t.i for m in matches for t in m.tokens)
        drafts = [d for m in matches if (d := _draft(m, info)) is not None]
        drafts = _govern(drafts)
        drafts.sort(key=lambda d: d.trigger_start)
        events = [_finish(d, info, "") for d in drafts]
        for i, e in enumerate(events, 1):
            e.id = f"v{i}"
        doc._.events = events
        return doc


@Language.factory(
    "veille_events",
    assigns=["doc._.events"],
    requires=["doc._.entities", "doc._.places", "doc._.quantities"],
)
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    return EventCoder()


# --------------------------------------------------------------------------- drafts


@dataclass
class _Draft:
    match: _Match
    code: str
    actors: list[Actor]
    recipients: list[Actor]
    place_tokens: list[Token]
    trigger: Span

    @property
    def trigger_start(self) -> int:
        return self.trigger.start_char

    @property
    def anchor(self) -> Token:
        return self.match.anchor


def _trigger_span(m: _Match) -> Span:
    content = [t for t in m.tokens if t.pos_ not in ("ADP", "DET", "PRON") or t is m.anchor]
    content = [
        t
        for t in content
        if not (
            t.pos_ in ("VERB", "AUX") and t is not m.anchor and "Inf" in t.morph.get("VerbForm")
        )
    ] or [m.anchor]
    first = min(t.i for t in content)
    last = max(t.i for t in content)
    return m.anchor.doc[first : last + 1]


def _draft(m: _Match, info: _DocInfo) -> _Draft | None:
    a = m.anchor
    entry = m.entry
    code = entry.code
    actors_tok: list[Token] = []
    recip_tok: list[Token] = []
    place_tokens: list[Token] = []
    actors: list[Actor] = []
    skip = {t.i for t in m.tokens}

    def prep_children(heads: Iterable[Token], prep: str) -> list[Token]:
        out = []
        for h in heads:
            for c in h.children:
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
                    _norm(cc.text) in _PREPS[prep] and cc.dep_ in ("case", "mark")
                    for cc in c.children
                ):
                    out.append(c)
        return out

    heads = list(m.tokens)
    if entry.pos == "V":
        passive = any(c.dep_ in ("aux:pass", "nsubj:pass", "obl:agent") for c in a.children)
        subj = _subject(a) or _speaker_above(a)
        if passive:
            actors_tok = prep_children([a], "par")
            recip_tok = [c for c in a.children if c.dep_ == "nsubj:pass"]
        else:
            if subj is not None:
                actors_tok = [subj]
            for slot in entry.recipient:
                if slot == "obj":
                    got = [
                        c
                        for h in heads
                        for c in h.children
                        if c.dep_ in ("obj", "iobj") and c.i not in skip
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
        # nationality adjectives right after the trigger noun: "frappes russes",
        # "la coopération tripartite russo-irano-turque" (read linearly: the parse of
        # compounds is unreliable)
        doc = a.doc
        for j in range(m.tokens[-1].i + 1, min(a.sent.end, m.tokens[-1].i + 8)):
            t = doc[j]
            if j in info.refs_at:
                for iso2 in info.refs_at[j]:
                    actors.append(_country_actor(iso2, info, t.text))
            elif not (t.text in ("-", "‐", "‑") or (t.pos_ in ("ADJ", "NOUN") and t.is_lower)):
                break
        if not actors:
            actors_tok = prep_children([a], "par")
            if not actors_tok and "de" not in entry.recipient:
                actors_tok = [
                    c for c in prep_children([a], "de") if _actor_of(c, info) is not None
                ][:1]
        possessive = next(
            (c for c in a.children if c.dep_ == "det" and _norm(c.lemma_) in _POSSESSIVES), None
        )
        if not actors and not actors_tok and possessive is not None:
            e = _antecedent(possessive, info)
            if e is not None and (act := _entity_actor(e, info)) is not None:
                actors.append(act)
        if not actors and not actors_tok:
            gov = _governing_subject(a, info.trigger_ids)
            if gov is not None:
                actors_tok = [gov]
        if entry.pos == "A" and not actors_tok and not actors:
            s = _subject(a)
            if s is not None:
                actors_tok = [s]

    # places among recipients: the place where it happened (la libération d'Alep)
    recipients: list[Actor] = []
    for t in _with_conj(recip_tok):
        place = _place_token(t, info)
        if place is not None:
            place_tokens.append(t)
            if entry.place_code:
                code = entry.place_code
            continue
        act = _actor_of(t, info)
        if act is not None:
            recipients.append(act)
    if entry.place_code and code == entry.place_code and entry.pos == "N":
        # "la libération de la ville d'Alep des terroristes": the other de-complement
        for c in prep_children([a], "de"):
            if c not in recip_tok and (act := _actor_of(c, info)) is not None:
                recipients.append(act)
    for t in _with_conj(actors_tok):
        act = _actor_of(t, info)
        if act is not None:
            actors.append(act)
    return _Draft(m, code, _dedup(actors), _dedup(recipients), place_tokens, _trigger_span(m))


def _with_conj(toks: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        out.append(t)
        out.extend(
            c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")
        )
    return out


def _subject(v: Token) -> Token | None:
    """The subject of a verb (or adjective), following xcomp/conj chains up."""
    t: Token | None = v
    for _ in range(4):
        if t is None:
            return None
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ != "SCONJ":
                if c.dep_ == "nsubj:pass" and t is v:
                    continue
                return c
        if t.dep_ in ("xcomp", "conj", "advcl", "acl") and t.head is not t:
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                return t.head
            t = t.head
            continue
        if t.dep_ == "acl:relcl":
            return t.head
        return None
    return None


def _speaker_above(v: Token) -> Token | None:
    """For a verb without subject (``il faut…``): who says it — the subject of the verb
    whose complement it is, or a name before a colon (``Poutine : Il faut…``)."""
    for c in v.children:
        if c.dep_ == "dep" and c.pos_ in ("PROPN", "NOUN", "PRON") and c.i < v.i:
            return c
    t = v
    for _ in range(3):
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "parataxis") or t.head is t:
            return None
        t = t.head
        s = _subject(t)
        if s is not None:
            return s
    return None


def _governing_subject(n: Token, triggers: frozenset[int] = frozenset()) -> Token | None:
    """For a trigger noun: the subject of the verb it depends on, unless the noun is that
    subject itself (``la libération d'Alep constitue…``: no actor)."""
    t = n
    for _ in range(5):
        if t.dep_ in ("nsubj", "nsubj:pass", "csubj"):
            return None
        h = t.head
        if h is t or h.i in triggers:
            return None  # "X a condamné l'attaque": X is not the attacker
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            s = _subject(h)
            if s is not None and s is not t:
                return s
            if s is None and h.dep_ not in ("ROOT",):
                t = h
                continue
            return None
        t = h
    return None


def _govern(drafts: list[_Draft]) -> list[_Draft]:
    """Drop events that a speech-act event governs (the ceasefire called for is not an
    event); refine the appeal's code by what it calls for."""
    by_token = {d.anchor.i: d for d in drafts}
    for d in drafts:
        for t in d.match.tokens[1:]:
            by_token.setdefault(t.i, d)
    dropped: set[int] = set()
    for d in drafts:
        t = d.anchor
        for _ in range(6):
            if t.head is t:
                break
            rel = t.dep_
            if rel not in _COMPLEMENT_DEPS:
                break  # a subject, a parenthetical, an incise: not what a speech act is about
            t = t.head
            g = by_token.get(t.i)
            if g is None or g is d:
                if rel in ("ccomp", "parataxis") and t.pos_ == "VERB":
                    break
                continue
            if g.code[:2] not in _GOVERNING_ROOTS:
                continue
            if id(g) not in dropped:
                dropped.add(id(d))
                base = g.code
                refine = _REFINE.get(base)
                if refine:
                    for k in (d.code, d.code[:3], d.code[:2]):
                        if k in refine:
                            g.code = refine[k]
                            break
                if not g.recipients and d.actors and base[:2] in _APPEAL_ROOTS:
                    g.recipients = list(d.actors)
            break
    return [d for d in drafts if id(d) not in dropped]


# --------------------------------------------------------------------------- actors


def _iso3(iso2: str | None, info: _DocInfo) -> str | None:
    if not iso2:
        return None
    if iso2 not in info.iso3:
        info.iso3[iso2] = load_gazetteer().iso3(iso2)
    return info.iso3[iso2]


def _code(country: str | None, sector: str | None) -> str | None:
    if country is None and sector is None:
        return None
    return (country or "") + (sector or "")


def _country_actor(iso2: str, info: _DocInfo, name: str) -> Actor:
    c = _iso3(iso2, info)
    place = load_gazetteer().country(iso2)
    return Actor(name=place.name if place else name, code=c, country=c, sector=None)


def _dedup(actors: list[Actor]) -> list[Actor]:
    seen: set[tuple[str | None, str]] = set()
    out = []
    for a in actors:
        key = (a.code, a.entity or a.name)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _place_token(t: Token, info: _DocInfo) -> Place | None:
    """The place a complement names, when it is a city, region or feature (``la ville
    d'Alep``, ``Alep``); countries are actors, not places, as complements."""
    e = info.entity_at.get(t.i)
    if e is None and t.lemma_.lower() in (
        "ville",
        "localité",
        "quartier",
        "région",
        "province",
        "village",
    ):
        for c in t.children:
            if c.dep_ in ("nmod", "appos", "flat:name") and (e2 := info.entity_at.get(c.i)):
                e = e2
                break
    if e is None or e.type != "LOC":
        return None
    p = info.place_of.get(e.id)
    if p is None or p.kind == "country":
        return None
    if _fold(e.name) in _actor_words().capitals and t.dep_ in ("nsubj", "obj"):
        return None
    return p


def _entity_actor(e: Entity, info: _DocInfo) -> Actor | None:
    words = _actor_words()
    if e.type == "LOC":
        cap = words.capitals.get(_fold(e.name))
        p = info.place_of.get(e.id)
        if p is not None and p.kind == "country":
            c = _iso3(p.country, info)
            return Actor(name=e.name, entity=e.id, code=c, country=c)
        if cap is not None:
            c = _iso3(cap.country, info) if cap.country else None
            return Actor(e.name, e.id, _code(c, cap.sector), c, cap.sector)
        return None
    if e.type == "ORG":
        org = _orgs().get(_fold(e.name))
        if org is None:
            for m in e.mentions:
                org = _orgs().get(_fold(m.text))
                if org is not None:
                    break
        if org is not None:
            c = _iso3(org.country, info) if org.country else None
            if c is None and org.sector == "IGO":
                return Actor(e.name, e.id, "IGO" + (org.code or ""), None, "IGO")
            return Actor(e.name, e.id, _code(c, org.sector), c, org.sector)
        c = _iso3(e.country, info)
        sector = _group_sector(e.name)
        return Actor(e.name, e.id, _code(c, sector), c, sector)
    # people: the country and sector of their role ("le président américain"), else the
    # country the article is about (a French article's "chef de l'Etat" is French)
    country = e.country
    sector = None
    for r in e.roles:
        country = country or r.country
        sector = sector or _role_sector(r.text)
    for m in e.mentions:
        if m.kind == "title":
            sector = sector or _role_sector(m.text)
            if country is None and (refs := demonyms.find_country_refs(m.text)):
                country = refs[0][2]
    country = country or info.focus
    c = _iso3(country, info)
    return Actor(e.name, e.id, _code(c, sector), c, sector)


def _role_sector(text: str) -> str | None:
    f = _fold(text)
    for phrase, sector in _actor_words().portfolios:
        if phrase in f:
            return sector
    for words, sector in _roles():
        if f.startswith(words) or f" {words}" in f:
            return sector
    return None


def _group_sector(text: str) -> str | None:
    for w in _norm(text).split():
        aw = _actor_words().groups.get(w) or _actor_words().groups.get(w.rstrip("s"))
        if aw is not None:
            return aw.sector
    return None


def _np_text(t: Token) -> str:
    left = t.left_edge.i
    right = t.i
    for c in t.rights:
        if (c.dep_ in ("amod", "nmod", "flat:name", "fixed") and c.i == right + 1) or (
            c.dep_ == "amod" and c.i <= right + 2
        ):
            right = max(right, c.right_edge.i)
        else:
            break
    return t.doc[left : right + 1].text.strip(" ,")


def _actor_of(t: Token, info: _DocInfo) -> Actor | None:
    """The actor a token (head of a noun phrase, or pronoun) refers to."""
    low = _norm(t.text)
    e = info.entity_at.get(t.i)
    if e is not None:
        return _entity_actor(e, info)
    if t.pos_ == "PRON":
        if low in _SPEAKER_PRONOUNS:
            q = _quote_at(t.idx, info)
            if q is not None and q.speaker is not None:
                e = next((x for x in t.doc._.entities or [] if x.id == q.speaker.entity), None)
                if e is not None:
                    return _entity_actor(e, info)
                return Actor(name=q.speaker.name)
            return None
        if low in ("qui", "lequel", "laquelle"):
            if t.head.dep_ == "acl:relcl":
                return _actor_of(t.head.head, info)
            prev = t.doc[t.i - 1] if t.i > t.sent.start else None
            if prev is not None and prev.i in info.entity_at:
                return _actor_of(prev, info)
            return None
        if low in _PERSON_PRONOUNS:
            e = _antecedent(t, info)
            return _entity_actor(e, info) if e is not None else None
        return None
    e = info.entity_at.get(t.i)
    if e is None:
        for c in t.children:
            if c.dep_ in ("appos", "flat:name") and (e2 := info.entity_at.get(c.i)):
                e = e2
                break
    if e is not None:
        return _entity_actor(e, info)
    # a group noun: "les rebelles", "l'armée syrienne", "forces de l'ordre"
    lemma = _norm(t.lemma_)
    words = _actor_words()
    aw = None
    nxt = [c for c in t.children if c.dep_ == "nmod"]
    for c in nxt:
        phrase = f"{lemma} de {_norm(c.lemma_)}"
        phrase2 = f"{lemma} de l'{_norm(c.lemma_)}"
        aw = words.groups.get(phrase) or words.groups.get(phrase2)
        if aw:
            break
    if aw is None:
        aw = words.groups.get(lemma) or words.groups.get(_norm(t.text).rstrip("sx"))
    if aw is None:  # "le président turc": a role word
        sector = _role_sector(t.text) if t.pos_ == "NOUN" else None
        if sector is None:
            return None
        aw = _ActorWord(sector, None)
    country = aw.country
    for c in t.subtree:
        if c.i in info.refs_at and abs(c.i - t.i) <= 4:
            country = info.refs_at[c.i][0]
            break
    if country is None:
        for c in nxt:
            e2 = info.entity_at.get(c.i)
            if e2 is not None and e2.type == "LOC":
                p = info.place_of.get(e2.id)
                country = p.country if p is not None else e2.country
                break
    if country is None and aw.sector not in ("REB", "UAF", "CRM", "REF", "IGO", "NGO"):
        country = info.focus
    c3 = _iso3(country, info)
    return Actor(name=_np_text(t), code=_code(c3, aw.sector), country=c3, sector=aw.sector)


def _antecedent(t: Token, info: _DocInfo) -> Entity | None:
    best = None
    plural = "Plur" in t.morph.get("Number")
    for start, e in info.mentions:
        if start >= t.idx:
            break
        if (e.type == "PER" and not plural) or e.type == "ORG" or (plural and e.type == "LOC"):
            best = e
    return best


def _speaker_actor(q: Quote, info: _DocInfo) -> Actor | None:
    if q.speaker is None:
        return None
    e = next((x for x in info.doc._.entities or [] if x.id == q.speaker.entity), None)
    return _entity_actor(e, info) if e is not None else Actor(name=q.speaker.name)


def _quote_at(offset: int, info: _DocInfo) -> Quote | None:
    for q in info.quotes:
        if q.start <= offset < q.end:
            return q
    return None


# --------------------------------------------------------------------------- finishing


def _finish(d: _Draft, info: _DocInfo, event_id: str) -> Event:
    doc = info.doc
    a = d.anchor
    code = d.code
    cinfo = cameo.info(code)
    modality, quote_id = _modality(d, info)
    actors = d.actors
    # an appeal inside a quote without its own subject ("il faut…"): the speaker's
    if not actors and d.code[:2] in _APPEAL_ROOTS and (q := _quote_at(a.idx, info)):
        actors = [x for x in [_speaker_actor(q, info)] if x is not None]
    # a quote whose cue is this trigger: its speaker is the actor
    for q in info.quotes:
        if q.cue is not None and q.cue.start <= a.idx < q.cue.end:
            quote_id = quote_id or q.id
            if not actors and q.speaker is not None:
                e = next((x for x in doc._.entities or [] if x.id == q.speaker.entity), None)
                actors = [_entity_actor(e, info) if e is not None else Actor(name=q.speaker.name)]
                actors = [x for x in actors if x is not None]
    location = _location(d, info)
    if location is None and cinfo.quad_class in (1, 3) and actors:
        location = _dateline_place(info, actors)
    date_text, date = _date(d, info, modality)
    size, approx = _size(d, info)
    sent = a.sent
    conf = 0.4 + 0.2 * bool(actors) + 0.1 * bool(d.recipients) + 0.1 * (len(d.match.tokens) > 1)
    conf += 0.1 * (d.match.entry.pos == "V")
    if d.match.entry.pos != "V" and len(d.match.tokens) == 1 and not (actors or d.recipients):
        # a lone trigger noun with nobody attached is often a generic mention ("l'aide",
        # "les sanctions" in a background sentence): keep it, flagged as doubtful
        conf = 0.3 + 0.1 * bool(location or size)
    return Event(
        id=event_id,
        trigger=MSpan(d.trigger.text, d.trigger.start_char, d.trigger.end_char),
        cameo=cameo.to_model(code),  # type: ignore[arg-type]
        plover=cinfo.plover or "",
        plover_mode=cinfo.mode,
        actors=actors,
        recipients=d.recipients,
        modality=modality,  # type: ignore[arg-type]
        quote=quote_id,
        location=location,
        date=date,
        date_text=date_text,
        size=size,
        size_approximate=approx,
        sentence=MSpan(sent.text, sent.start_char, sent.end_char),
        confidence=round(min(conf, 0.9), 2),
    )


def _modality(d: _Draft, info: _DocInfo) -> tuple[str, str | None]:
    a = d.anchor
    words = _modality_words()
    quote = _quote_at(a.idx, info)
    is_cue = any(q.cue is not None and q.cue.start <= a.idx < q.cue.end for q in info.quotes)
    if d.code[:2] in _APPEAL_ROOTS:
        return "appeal", quote.id if quote and not is_cue else None
    # negation on the trigger (or its verb group)
    group = [a, *[c for c in a.children if c.dep_.startswith("aux")]]
    for c in a.children:
        negative = "negation" in (words.get(_norm(c.text)), words.get(_norm(c.lemma_)))
        if negative and (c.dep_ in ("advmod", "det", "nmod", "case") or c.pos_ == "ADV"):
            return "negated", None
    if quote is not None and not is_cue:
        return "reported", quote.id
    if any(s <= a.idx < e for s, e in info.quote_marks):
        return "reported", None
    moods = {m for t in group for m in t.morph.get("Mood")}
    # the chain of heads up to the clause root and the verbs above it
    t = a
    for _ in range(6):
        if t.head is t:
            break
        rel, t = t.dep_, t.head
        kind = words.get(_norm(t.lemma_))
        if kind == "report" and rel in ("ccomp", "xcomp", "obj", "nsubj", "parataxis", "advcl"):
            return "reported", None
        if kind == "future" and rel in ("xcomp", "obj", "ccomp"):
            return "future", None
        if kind == "hypothetical" and rel == "xcomp":
            return "hypothetical", None
        if "Cnd" in t.morph.get("Mood") and rel in ("xcomp",):
            moods.add("Cnd")
    if "Cnd" in moods:
        past_cnd = any(
            "Cnd" in c.morph.get("Mood") and c.dep_.startswith("aux") for c in a.children
        )
        return ("reported" if past_cnd else "hypothetical"), None
    if any(_norm(c.text) == "si" and c.dep_ == "mark" for c in a.children):
        return "hypothetical", None
    if _attributed(a):
        return "reported", None
    tenses = {m for t in group for m in t.morph.get("Tense")}
    if "Fut" in tenses:
        return "future", None
    for c in a.children:
        if words.get(_norm(c.lemma_)) == "future" and c.dep_ in ("aux", "aux:tense", "amod"):
            return "future", None
    if a.head is not a and _norm(a.head.lemma_) == "aller" and a.dep_ == "xcomp":
        return "future", None
    return "asserted", None


def _attributed(a: Token) -> bool:
    """``selon X`` / ``d'après X`` attached to the trigger's clause."""
    clause = {t.i for t in _restricted_subtree(a)}
    head = a
    while head.dep_ not in ("ROOT", *_CLAUSE_DEPS) and head.head is not head:
        head = head.head
    clause.update(t.i for t in _restricted_subtree(head))
    for t in a.sent:
        if _norm(t.text) in ("selon", "d'après") and t.head.i in clause and t.i not in clause:
            return True
        if _norm(t.text) in ("selon", "d'après") and t.head.head.i in clause:
            return True
    return False


def _restricted_subtree(t: Token) -> list[Token]:
    out = []
    stack = [t]
    while stack:
        x = stack.pop()
        out.append(x)
        for c in x.children:
            if c.dep_ not in _CLAUSE_DEPS:
                stack.append(c)
    return out


def _event_place(p: Place, info: _DocInfo) -> EventPlace:
    return EventPlace(
        name=p.name,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        geonames_id=p.geonames_id,
        entity=p.entity,
        mention=p.mention,
    )


def _location(d: _Draft, info: _DocInfo) -> EventPlace | None:
    actor_entities = {x.entity for x in d.actors + d.recipients if x.entity}
    rank = {"city": 0, "region": 1, "feature": 2, "country": 3}
    best: tuple[int, int, Place, Token] | None = None
    toks = [*_restricted_subtree(d.anchor), *d.place_tokens]
    for extra in d.match.tokens[1:]:
        toks.extend(_restricted_subtree(extra))
    for t in toks:
        e = info.entity_at.get(t.i)
        if e is None or e.type != "LOC" or e.id in actor_entities:
            continue
        p = info.place_of.get(e.id)
        if p is None:
            continue
        key = (rank.get(p.kind, 4), abs(t.i - d.anchor.i))
        if best is None or key < best[:2]:
            best = (*key, p, t)
    if best is None:
        # the parse often loses "de X" after numbers: read on linearly from the trigger
        doc = d.anchor.doc
        last = d.match.tokens[-1].i
        for j in range(last + 1, min(d.anchor.sent.end, last + 12)):
            t = doc[j]
            if (t.pos_ in ("VERB", "AUX") and _finite_or_inf(t)) or t.text in (";", ":", "«", "»"):
                break
            e = info.entity_at.get(j)
            if e is None or e.type != "LOC" or e.id in actor_entities:
                continue
            p = info.place_of.get(e.id)
            prev = _norm(doc[j - 1].text)
            if p is not None and p.kind != "country" and prev in ("de", "d'", "à", "en", "dans"):
                best = (0, 0, p, t)
                break
    if best is None:
        return None
    p, t = best[2], best[3]
    out = _event_place(p, info)
    out.mention = MSpan(t.text, t.idx, t.idx + len(t.text))
    return out


def _dateline_place(info: _DocInfo, actors: list[Actor]) -> EventPlace | None:
    lay = info.doc._.layout
    if lay is None or lay.dateline is None:
        return None
    dl = lay.dateline
    for p in info.place_of.values():
        inside = dl.start <= p.mention.start < dl.end
        if inside and p.country and any(a.country == _iso3(p.country, info) for a in actors):
            return _event_place(p, info)
    return None


def _date(d: _Draft, info: _DocInfo, modality: str) -> tuple[MSpan | None, str | None]:
    sent = d.anchor.sent
    clause = {t.i for t in _restricted_subtree(d.anchor)}
    best = None
    for dm in dates.find_dates(sent.text):
        start = sent.start_char + dm.start
        span = info.doc.char_span(start, start + len(dm.text), alignment_mode="expand")
        if span is None:
            continue
        near = span[0].i in clause or span[0].head.i == d.anchor.i or span[0].head.i in clause
        dist = (0 if near else 100) + abs(span[0].i - d.anchor.i)
        if best is None or dist < best[0]:
            best = (dist, MSpan(dm.text, start, start + len(dm.text)))
    if best is not None:
        text = best[1]
        return text, dates.resolve(text.text, info.published, future=modality == "future")
    if modality in ("future", "hypothetical", "appeal"):
        return None, None
    return None, info.published[:10] if info.published else None


def _size(d: _Draft, info: _DocInfo) -> tuple[float | None, bool]:
    toks = _restricted_subtree(d.anchor)
    for extra in d.match.tokens[1:]:
        toks.extend(_restricted_subtree(extra))
    spans = [(t.idx, t.idx + len(t.text)) for t in toks]
    best = None
    for q in info.doc._.quantities or []:
        if q.unit is not None or not q.counts or not _PEOPLE_COUNTS.match(q.counts):
            continue
        inside = any(s <= q.start < e or s < q.end <= e for s, e in spans)
        if inside and (best is None or q.value > best.value):
            best = q
    return (best.value, best.approximate) if best is not None else (None, False)


# --------------------------------------------------------------------------- display


def format_event(event: Event, dispatch: object | None = None) -> str:
    """One readable line: ``2016-12-23 Moscou — RUSGOV (Vladimir Poutine) → SYR: 0256 appeal
    to de-escalate [REQUEST]``."""
    where = ""
    if event.location is not None:
        where = event.location.mention.text if event.location.mention else event.location.name
    date = event.date or getattr(dispatch, "date", None) or "????-??-??"

    def side(actors: list[Actor]) -> str:
        parts = []
        for x in actors:
            code = x.code or "?"
            parts.append(f"{code} ({x.name})" if x.name and x.name != code else code)
        return ", ".join(parts) or "?"

    lhs = f"{date} {where} — " if where else f"{date} — "
    rhs = f" → {side(event.recipients)}" if event.recipients else ""
    extra = "" if event.modality == "asserted" else f" ({event.modality})"
    plover = event.plover or "-"
    return (
        f"{lhs}{side(event.actors)}{rhs}: {event.cameo.code} {event.cameo.name.lower()} "
        f"[{plover}]{extra} «{event.trigger.text}»"
    )
