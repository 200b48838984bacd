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

A speech act its own speaker tells of (``« Nous avons convoqué l'ambassadeur », a déclaré le
ministre``, ``il s'est dit opposé à…``) is performed, not reported. A quote whose cue is an
event verb (``a dénoncé``, ``a appelé à``) is that event, with the quote's speaker as actor
when the parse gives none.

Not every matched word is an event an analyst wants; :func:`_not_an_event` turns down, by
named rule (the rejected events stay on ``doc._.events_rejected`` with the rule): a word
inside a name (``l'Office central de répression``), an idiom (``lexicon/events_stop.tsv``:
``photos à l'appui``, ``puissance de frappe``), background history (``en 2005``, more than a
year before publication), a meeting or an attack by no known actor on no party (``Microsoft
a reçu le message``, ``les pompiers combattent l'incendie``), a fight between politicians
(``des batailles, j'en ai mené``), a word with nobody attached and nowhere (``les
sanctions``), and the second mention of one event in a sentence (``14 attaques ont ciblé…``).
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille import cameo, dates, demonyms, lexicon
from veille.gazetteer import load_gazetteer
from veille.lexicon import LexiconError, read_table
from veille.model import Actor, Entity, Event, EventPlace, Place, Quote
from veille.model import Span as MSpan
from veille.normalize import APOSTROPHES, DASHES, fold, strip_accents
from veille.settings import EventConfidence
from veille.text.spans import Overlaps, doc_index, doc_text, sent_of, span_text

log = logging.getLogger(__name__)

# The events the precision rules turn down, with the rule's name, for studying the rules on
# an evaluation set: ``doc._.events_rejected`` = [(rule, Event), …].
if not Doc.has_extension("events_rejected"):
    Doc.set_extension("events_rejected", default=None)

__all__ = ["Entry", "EventCoder", "entries"]

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
# Prepositions of circumstance: what they introduce is not what a speech act is about.
_CIRCUMSTANCE = frozenset(
    ["lors", "après", "avant", "pendant", "durant", "depuis", "malgré", "dès", "au cours"]
)
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
# What an appeal (020), an intent (030) or a demand (100) becomes when it is about an event of
# this code/root: a call for a ceasefire is 0256, being ready to meet 036.
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
    "030": {
        "04": "036",
        "0871": "0356",
        "087": "0356",
        "0841": "0353",
        "085": "0354",
        "08": "035",
        "06": "031",
        "061": "0311",
        "062": "0312",
        "07": "033",
        "073": "0333",
        "057": "037",
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
_HOME = "FR"
_POSSESSIVES = frozenset(["son", "sa", "ses", "leur", "leurs"])
# Sectors of actors that belong to no country by default (armed groups, criminals, refugees,
# international organisations and NGOs).
_STATELESS = frozenset(["REB", "UAF", "CRM", "REF", "IGO", "NGO"])
_PERSON_PRONOUNS = frozenset(["il", "elle", "ils", "elles"])
_SPEAKER_PRONOUNS = frozenset(["je", "j'", "nous", "on"])
# The relations along which a speech act governs what it is about (up from the governed word).
_GOVERNED_DEPS = frozenset(
    [
        "xcomp",
        "ccomp",
        "obj",
        "iobj",
        "obl",
        "obl:arg",
        "obl:mod",
        "nmod",
        "acl",
        "acl:relcl",
        "advcl",
        "advmod",
        "mark",
        "dep",
        "conj",
    ]
)
_CLAUSE_DEPS = frozenset(["ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "conj", "xcomp"])
# Nouns of people by their ending (agent nouns: "secouristes", "geôliers", "ravisseurs",
# "habitants"): an agent the dictionaries do not list may still be named as an actor, where
# "les flammes" or "la note" may not.
_PEOPLE_NOUN = re.compile(
    r"(?:eur|euse|iste|ant|ante|ier|ière|ien|ienne|aire|ais|aise|ois|oise)s?$"
)
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


@lru_cache(maxsize=1 << 16)
def _norm(word: str) -> str:
    """Lowercase with typographic apostrophes and dashes folded (``normalize.fold``). Kept
    for words and names: a window of text goes through ``fold(...).lower()`` itself."""
    return fold(word).lower()


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
    people: dict[str, _ActorWord]  # folded name → the sector and country they are known by


_LEADING_ARTICLE = re.compile(r"^(?:l'|la |le |les )")


def _fold(text: str) -> str:
    folded = " ".join(strip_accents(_norm(text)).split())
    return _LEADING_ARTICLE.sub("", folded)


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
            groups[_fold(words)] = _ActorWord(sector, country)
        elif kind == "portfolio":
            portfolios.append((_fold(words), sector))
        elif kind == "capital":
            capitals[_fold(words)] = _ActorWord(sector, country)
        elif kind == "person":
            people[_fold(words)] = _ActorWord(sector, country)
            surname = _fold(words).split()[-1]
            if surname != _fold(words):
                surnames.setdefault(surname, set()).add((sector, country))
        else:
            raise LexiconError(f"{where}: unknown kind {kind!r}")
    portfolios.sort(key=lambda p: len(p[0]), reverse=True)
    for surname, known in surnames.items():  # "M. Macron": when the surname is unambiguous
        if len(known) == 1 and surname not in people:
            people[surname] = _ActorWord(*next(iter(known)))
    return _ActorWords(groups, tuple(portfolios), capitals, people)


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
    """The forms a lexicon word may take to match ``tok`` (the same set for the same word
    and lemma: callers must not change it)."""
    return _forms_of(tok.text, tok.lemma_)


@lru_cache(maxsize=1 << 16)
def _forms_of(word: str, lemma: str) -> set[str]:
    text = _norm(word)
    forms = {text, _norm(lemma)}
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
    for j in range(tok.i - 1, max(sent_of(tok).start, tok.i - 3) - 1, -1):
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
    for j in range(tok.i - 1, max(sent_of(tok).start, tok.i - 4) - 1, -1):
        t = doc[j]
        if _norm(t.text) in _REFLEXIVE and t.pos_ == "PRON" and not t.dep_.startswith("nsubj"):
            return True  # not the subject: "nous avons mobilisé 500 milliards"
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


def _has_det(tok: Token) -> bool:
    return any(c.dep_ == "det" for c in tok.children)


def _match_at(
    tok: Token,
    entry: Entry,
    end: int,
    has_det: bool | None = None,
    gaps: tuple[int, int] = (_MAX_GAP, _MAX_PREP_GAP),
) -> list[Token] | None:
    """The tokens of ``entry`` matched from ``tok`` (``has_det``: :func:`_has_det` of
    ``tok``, when the caller knows it), or None."""
    if has_det is None:
        has_det = _has_det(tok)
    if (
        tok.pos_ not in _POS[entry.pos]
        and not (entry.pos == "V" and _after_auxiliary(tok))
        and not (entry.pos == "N" and has_det)
    ):
        return None
    if entry.pos == "V" and has_det:
        return None  # "le démenti du ministère": a noun the tagger took for a participle
    if entry.pos == "A" and _has_avoir(tok):
        return None  # "des heurts ont opposé…": a verb, not "opposé à"
    if entry.reflexive and not _is_reflexive(tok):
        return None
    doc = tok.doc
    got = [tok]
    i = tok.i
    for word in entry.words[1:]:
        found = None
        for j in range(i + 1, min(end, i + 2 + (gaps[1] if word in _PREPS else gaps[0]))):
            t = doc[j]
            if _word_matches(word, t):
                found = t
                break
            if t.text in DASHES or t.text in APOSTROPHES:
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


def _find(doc: Doc, gaps: tuple[int, int] = (_MAX_GAP, _MAX_PREP_GAP)) -> list[_Match]:
    idx = _index()
    out: list[_Match] = []
    used: set[int] = set()
    index = doc_index(doc)
    words, lemmas = index.words, index.lemmas
    for i in range(len(doc)):  # the tokens of every sentence, in order
        if i in used:
            continue
        cands: list[Entry] = []
        for f in _forms_of(words[i], lemmas[i]):
            cands.extend(idx.get(f, ()))
        if not cands:
            continue
        tok = doc[i]
        if tok.is_punct or tok.is_space:
            continue
        cands.sort(key=_priority, reverse=True)
        has_det = _has_det(tok)
        for entry in cands:
            # not sent.end: the parser sometimes cuts at a hyphen ("attentat-suicide");
            # punctuation stops a match anyway
            got = _match_at(tok, entry, len(doc), has_det, gaps)
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
    in_name: frozenset[int] = frozenset()  # tokens inside a name or title mention
    iso3: dict[str, str | None] = field(default_factory=dict)
    lookups: _Lookups | None = None
    home: str = _HOME  # ISO2: the country of the press (settings.home_country)
    history_days: int = 365  # older is background (settings.history_days)
    confidence: EventConfidence = field(default_factory=EventConfidence)

    def look(self) -> _Lookups:
        """Lookups by offset and by id over the component's inputs, built on first use."""
        if self.lookups is None:
            self.lookups = _Lookups(self)
        return self.lookups


class _Lookups:
    """What the rules ask of every draft, answered without a scan of the whole document:
    entities by id, quotes and quote cues by offset, quote marks by offset, the latest
    mention of a type before an offset, quantities by offset."""

    def __init__(self, info: _DocInfo) -> None:
        doc = info.doc
        self.entities: list[Entity] = list(doc._.entities or [])
        self.by_id: dict[str, Entity] = {}
        for x in self.entities:
            self.by_id.setdefault(x.id, x)
        self.types = {x.id: x.type for x in self.entities}
        self.quotes = Overlaps((q.start, q.end, q) for q in info.quotes)
        self.cues = Overlaps((q.cue.start, q.cue.end, q) for q in info.quotes if q.cue is not None)
        self.marks = Overlaps((s, e, (s, e)) for s, e in info.quote_marks)
        self.spans = Overlaps((m.start, m.end, None) for x in self.entities for m in x.mentions)
        # latest mention of each type before an offset: (starts, positions in info.mentions)
        self.by_type: dict[str, tuple[list[int], list[int]]] = {}
        for n, (start, e) in enumerate(info.mentions):
            starts, ns = self.by_type.setdefault(e.type, ([], []))
            starts.append(start)
            ns.append(n)
        self.quantities = Overlaps(
            (q.start, q.end, q) for q in doc._.quantities or [] if q.start < q.end
        )
        self.empty_quantities = any(q.start >= q.end for q in doc._.quantities or [])

    def entity(self, eid: str | None) -> Entity | None:
        return self.by_id.get(eid) if eid is not None else None

    def cue_quotes(self, pos: int) -> list[Quote]:
        """The quotes whose cue holds ``pos``, in order."""
        return self.cues.at(pos)

    def latest(self, types: tuple[str, ...], pos: int) -> int | None:
        """The position in ``info.mentions`` of the latest mention of one of ``types`` that
        starts before ``pos``."""
        best = None
        for t in types:
            if t in self.by_type:
                starts, ns = self.by_type[t]
                k = bisect.bisect_left(starts, pos) - 1
                if k >= 0 and (best is None or ns[k] > best):
                    best = ns[k]
        return best


_COUNTERPARTS = frozenset(["homologue", "homologues"])


def _counterpart(t: Token) -> bool:
    """Whether a nationality word qualifies a counterpart (``son homologue allemand``)."""
    for _ in range(4):  # "ses homologues allemand et italien"
        if t.dep_ != "conj" or t.head == t:
            break
        t = t.head
    head = t.head if t.dep_ in ("amod", "nmod", "flat:name", "appos") else t
    return _norm(t.text) in _COUNTERPARTS or _norm(head.text) in _COUNTERPARTS


def _doc_info(doc: Doc, home: str = _HOME) -> _DocInfo:
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
    in_name = set()
    for e in ents:
        for m in e.mentions:
            if m.kind == "pronoun":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="contract")
            if span is None:
                continue
            if m.kind == "title" or (e.type == "MISC" and m.kind == "name"):
                # the role noun of a title, the first word of a named event ("le génocide
                # des Tutsi") are words of their own; what follows is part of a name
                in_name.update(t.i for t in span[1:] if t.i != span.root.i)
            elif m.kind == "name":
                in_name.update(t.i for t in span)
    places = {p.entity: p for p in doc._.places or []}
    refs_at: dict[int, list[str]] = {}
    for r in doc._.country_refs or []:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None:
            refs_at.setdefault(span[0].i, []).append(r.country)
    counts: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    for x in ents:
        by_id.setdefault(x.id, x)
    for p in places.values():
        if p.country:
            e = by_id.get(p.entity)
            counts[p.country] += len(e.mentions) if e else 1
    for r in doc._.country_refs or []:
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        if span is not None and _counterpart(span.root):
            continue  # "son homologue allemand": the other side's country, not the article's
        counts[r.country] += 1
    for e in ents:
        if e.type != "LOC" and e.country:
            counts[e.country] += 1
    counts[home] += 0.5  # type: ignore[assignment]  # French press: a tie goes to France
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
        quote_marks=[m.span() for m in _QUOTE_SPANS.finditer(doc_text(doc))],
        quotes=list(doc._.quotes or []),
        focus=focus,
        published=published,
        mentions=mentions,
        in_name=frozenset(in_name),
        home=home,
    )


class EventCoder:
    """Sets ``doc._.events`` to the :class:`veille.model.Event` list of the Doc. The
    parameters come from :class:`veille.settings.Settings` (defaults: the constants here)."""

    def __init__(
        self,
        home_country: str = _HOME,
        history_days: int = 365,
        trigger_gap: int = _MAX_GAP,
        trigger_prep_gap: int = _MAX_PREP_GAP,
        confidence: EventConfidence | None = None,
    ) -> None:
        self.home_country = home_country
        self.history_days = history_days
        self.gaps = (trigger_gap, trigger_prep_gap)
        self.confidence = confidence or EventConfidence()

    def __call__(self, doc: Doc) -> Doc:
        info = _doc_info(doc, self.home_country)
        info.history_days = self.history_days
        info.confidence = self.confidence
        matches = _find(doc, self.gaps)
        info.trigger_ids = frozenset(t.i for m in matches for t in m.tokens)
        drafts = [d for m in matches if (d := _draft(m, info)) is not None]
        drafts = _govern(drafts)
        drafts.sort(key=lambda d: d.trigger_start)
        finished = [(d, _finish(d, info, "")) for d in drafts]
        repeats = _repeats(finished)
        events = []
        rejected = []
        for d, e in finished:
            why = "said-twice" if id(d) in repeats else _not_an_event(d, e, info)
            if why is None:
                events.append(e)
            else:
                log.debug("not an event: %r (%s)", e.trigger.text, why)
                rejected.append((why, e))
        for i, e in enumerate(events, 1):
            e.id = f"v{i}"
        doc._.events = events
        doc._.events_rejected = rejected
        return doc


@Language.factory(
    "veille_events",
    assigns=["doc._.events"],
    requires=["doc._.entities", "doc._.places", "doc._.quantities"],
)
def make_event_coder(
    nlp: Language,
    name: str,
    home_country: str = _HOME,
    history_days: int = 365,
    trigger_gap: int = _MAX_GAP,
    trigger_prep_gap: int = _MAX_PREP_GAP,
    confidence: dict[str, float] | None = None,
) -> EventCoder:
    weights = EventConfidence(**confidence) if confidence else None
    return EventCoder(home_country, history_days, trigger_gap, trigger_prep_gap, weights)


# --------------------------------------------------------------------------- drafts


@dataclass
class _Draft:
    match: _Match
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


def _trigger_span(m: _Match) -> Span:
    content = [t for t in m.tokens if t.pos_ not in ("ADP", "DET", "PRON") or t == m.anchor]
    content = [
        t
        for t in content
        if not (t.pos_ in ("VERB", "AUX") and t != m.anchor and "Inf" in t.morph.get("VerbForm"))
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
                if c.dep_.startswith("obl") and _norm(c.lemma_) in _TIME_NOUNS
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
                    _norm(cc.text) in _PREPS[prep] and cc.dep_ in ("case", "mark")
                    for cc in c.children
                ):
                    out.append(c)
        return out

    heads = list(m.tokens)
    if entry.pos == "V":
        passive = _passive(a)
        # a past participle on a noun: "les fonctionnaires poignardés par un collègue"
        participle = a.dep_ == "acl" and a.head.pos_ in ("NOUN", "PROPN", "PRON")
        passive_participle = participle and "Past" in a.morph.get("Tense")
        subj = _subject(a) or _speaker_above(a)
        if participle and not passive_participle and subj == a.head and not _actors_of(subj, info):
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
                        if (c.dep_ in ("obj", "iobj") or _partitive(c)) and c.i not in skip
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
            and any(_norm(c.text) == "par" and c.dep_ == "case" for c in a.children)
            and _passive(a.head)
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
                    actors.append(_country_actor(iso2, info, t.text))
                    source = "adjective"
            elif not (t.text in DASHES or (t.pos_ in ("ADJ", "NOUN") and t.is_lower)):
                break
        pred = _predicate_of_subject(a)
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
            found = [c for c in agents if _actors_of(c, info)][:1]
            if not found and "de" not in entry.recipient:
                # "l'appel à l'aide du gouvernement haïtien": on any word of the pattern
                found = [c for c in prep_children(heads, "de") if _actors_of(c, info)][:1]
            actors_tok = found or [c for c in agents if c.pos_ in ("NOUN", "PROPN")][:1]
        possessive = next(
            (c for c in a.children if c.dep_ == "det" and _norm(c.lemma_) in _POSSESSIVES), None
        )
        if not actors and not actors_tok:
            # "lors de sa visite, M. Macron a plaidé…": the subject of the clause
            gov = _governing_subject(a, info.trigger_ids)
            if gov is not None and (possessive is None or _actors_of(gov, info)):
                actors_tok = [gov]
                source = "clause"
        if not actors and not actors_tok and possessive is None:
            actors_tok = _fronted_en_subject(a, info)
            source = "clause" if actors_tok else source
        if not actors and not actors_tok and possessive is not None:
            e = _antecedent(possessive, info)
            if e is not None and (act := _entity_actor(e, info)) is not None:
                actors.append(act)
                source = "possessive"
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
        found = _actors_of(t, info)
        if not found:
            # "évacuer des dizaines de milliers de civils", "saluer la prise de parole de M.
            # Lagarde": the people counted, the one whose act or work it is
            found = next(
                (x for c in _de_complements(t) if (x := _actors_of(c, info))),
                [],
            )
        recipients.extend(found)
    if entry.place_code and code == entry.place_code and entry.pos == "N":
        # "la libération de la ville d'Alep des terroristes": the other de-complement (the
        # parser often hangs it on the place)
        inside = [x for p in place_tokens for x in p.subtree if x != p]
        for c in prep_children([a, *inside], "de"):
            if c not in recip_tok and c not in place_tokens:
                recipients.extend(_actors_of(c, info))
    for t in _with_conj(actors_tok):
        actors.extend(_actors_of(t, info))
    uncoded = []
    if not actors and actors_tok and (entry.pos == "V" or source in ("agent", "between")):
        # an agent the dictionaries cannot code, named by a noun of people ("les secouristes
        # ont évacué…"): kept as written, without a code, when nothing better turns up
        uncoded = [
            Actor(name=_np_text(t))
            for t in _with_conj(actors_tok)[:3]
            if t.pos_ == "NOUN" and _PEOPLE_NOUN.search(_norm(t.lemma_))
        ]
    return _Draft(
        m,
        code,
        _dedup(actors),
        _dedup(recipients),
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
        if _norm(c.lemma_) in _AGENT_NOUNS and c.dep_ in ("obl", "obl:mod", "obl:arg", "nmod"):
            got = [
                x
                for x in c.children
                if x.dep_ == "nmod" and any(_norm(k.text) in _PREPS["de"] for k in x.children)
            ]
            if got:
                return got[:1]
    return []


def _partitive(c: Token) -> bool:
    """An indefinite plural object the parser took for a complement in ``de``: ``ont ciblé
    des intérêts américains``."""
    return (
        c.dep_ == "obl:arg"
        and c.i > c.head.i
        and any(k.dep_ == "case" and _norm(k.text) == "des" for k in c.children)
    )


def _de_complements(t: Token) -> list[Token]:
    """The ``de`` complements of a noun, nearest first, one level down and through a
    counting noun ("des dizaines de milliers de civils")."""
    out = []
    for c in t.children:
        if (
            c.dep_ == "nmod"
            and c.i > t.i
            and any(_norm(k.text) in _PREPS["de"] for k in c.children)
        ):
            out.append(c)
            out.extend(_de_complements(c) if c.pos_ in ("NOUN", "NUM") else [])
    return out


def _predicate_of_subject(a: Token) -> Token | None:
    """The verb a trigger noun is the subject of: ``un attentat a visé une église à
    Lahore``, ``la tuerie a fait quarante morts``."""
    if a.dep_ in ("nsubj", "nsubj:pass") and a.head != a and a.head.pos_ in _PREDICATES:
        return a.head
    return None


_PREDICATES = frozenset(["VERB", "AUX", "ADJ"])


def _with_conj(toks: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        out.append(t)
        out.extend(
            c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")
        )
    return out


def _passive(v: Token) -> bool:
    """A passive verb group: ``a été bombardé``, ``bombardé par``; not the parser's passive
    subject on a compound past (``a-t-il prévenu``)."""
    if any(c.dep_ in ("aux:pass", "obl:agent") for c in v.children):
        return True
    # nor a pronominal verb: "des centaines de personnes se sont réunies" (they gathered)
    return (
        any(c.dep_ == "nsubj:pass" for c in v.children)
        and not _has_avoir(v)
        and not _is_reflexive(v)
    )


def _has_avoir(v: Token) -> bool:
    return any(c.dep_.startswith("aux") and c.lemma_ == "avoir" for c in v.children)


def _subject(v: Token) -> Token | None:
    """The subject of a verb (or adjective), following xcomp/conj chains up."""
    t: Token | None = v
    for _ in range(4):
        if t is None:
            return None
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ != "SCONJ":
                if c.dep_ == "nsubj:pass" and t == v and _passive(v):
                    continue
                return c
        if t.dep_ in ("xcomp", "conj", "advcl", "acl") and t.head != t:
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
        if t.dep_ not in ("ccomp", "xcomp", "advcl", "parataxis") or t.head == t:
            return None
        t = t.head
        s = _subject(t)
        if s is not None:
            return s
    return None


def _fronted_en_subject(a: Token, info: _DocInfo) -> list[Token]:
    """``En visite à Prague, le ministre grec a affirmé…``: a bare noun after "en" fronted
    before a comma describes the subject that follows (the parser often makes that subject
    the root)."""
    if not any(_norm(c.text) == "en" and c.dep_ == "case" for c in a.children):
        return []
    if any(c.dep_ == "det" for c in a.children):
        return []
    doc = a.doc
    comma = next((t for t in doc[a.i : sent_of(a).end] if t.text == ","), None)
    if comma is None or comma.i - a.i > 8:
        return []
    for t in doc[comma.i + 1 : min(sent_of(a).end, comma.i + 6)]:
        if t.pos_ in ("NOUN", "PROPN") and _actors_of(t, info):
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
            or _norm(t.text) in _CIRCUMSTANCE
            or any(
                c.dep_ in ("case", "mark") and _norm(c.text) in _CIRCUMSTANCE for c in t.children
            )
        )
        if h == t or (h.i in triggers and not circumstance):
            return None  # "X a condamné l'attaque": X is not the attacker
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            s = _subject(h)
            if s is not None and s != t:
                return s
            if s is None and h.dep_ not in ("ROOT",):
                t = h
                continue
            return None
        t = h
    return None


def _govern(drafts: list[_Draft]) -> list[_Draft]:
    """Drop events that a speech-act event governs (the ceasefire called for is not an
    event); refine the appeal's code by what it calls for. An impersonal appeal (``il faut``,
    ``la nécessité de``) is an event only when it calls for one."""
    by_token = {d.anchor.i: d for d in drafts}
    for d in drafts:
        for t in d.match.tokens[1:]:
            by_token.setdefault(t.i, d)
    dropped: set[int] = set()
    governing: set[int] = set()
    for d in drafts:
        t = d.anchor
        for _ in range(7):
            if t.head == t:
                break
            rel = t.dep_
            if rel not in _GOVERNED_DEPS:
                break  # a subject, a parenthetical, an incise: not what a speech act is about
            if rel == "advcl" and "Inf" not in t.morph.get("VerbForm"):
                break  # "en dénonçant…", "après que…": beside the speech act, not its object
            if _norm(t.text) in _CIRCUMSTANCE or any(
                c.dep_ in ("case", "mark", "fixed") and _norm(c.text) in _CIRCUMSTANCE
                for c in t.children
            ):
                break  # "lors de sa visite, il a plaidé…": when, not what
            h = t.head
            g = by_token.get(h.i)
            if (
                rel == "conj"
                and g is not None
                and g.code[:2] in _GOVERNING_ROOTS
                and "Inf" not in t.morph.get("VerbForm")
            ):
                break  # "a appelé au calme et dénoncé…": two acts side by side
            t = h
            if g is None or g is d:
                if t.pos_ in ("VERB", "AUX") and _finite_group(t):
                    break  # another clause with its own assertion
                continue
            if g.code[:2] not in _GOVERNING_ROOTS:
                continue
            if id(g) not in dropped:
                dropped.add(id(d))
                governing.add(id(g))
                base = g.code
                g.code = _refined(base, d.code)
                if not g.recipients and base[:2] in (*_APPEAL_ROOTS, "03"):
                    # those called on to act; for an intent, those it is towards
                    mine = {(a.code, a.entity or a.name) for a in g.actors}
                    called = d.actors if base[:2] in _APPEAL_ROOTS else d.recipients
                    g.recipients = [a for a in called if (a.code, a.entity or a.name) not in mine]
            break
    for g in drafts:
        weak = _modality_words().get(_norm(g.anchor.lemma_)) == "appeal"
        if id(g) not in governing and g.code in _REFINE:
            # "l'importance de négocier", "prêt à rencontrer": the infinitive of the pattern
            # may be the event called for
            called = [
                e
                for t in g.match.tokens[1:]
                if "Inf" in t.morph.get("VerbForm")
                for e in _index().get(_norm(t.lemma_), ())
                if e.pos == "V"
            ]
            if called:
                g.code = _refined(g.code, called[0].code)
                governing.add(id(g))
        if (weak and id(g) not in governing) or _past_necessity(g.anchor):
            dropped.add(id(g))
    return [d for d in drafts if id(d) not in dropped]


def _refined(appeal: str, called: str) -> str:
    """The code of an appeal (020) or demand (100) for an event of code ``called``."""
    refine = _REFINE.get(appeal, {})
    for k in (called, called[:3], called[:2]):
        if k in refine:
            return refine[k]
    return appeal


def _infinitive(t: Token) -> bool:
    """An infinitive, simple or compound (``parler``, ``avoir parlé``)."""
    return "Inf" in t.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in t.children
    )


def _finite_group(t: Token) -> bool:
    """A finite verb, or a participle with its auxiliary: a clause of its own."""
    return "Fin" in t.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in t.children)


def _past_necessity(a: Token) -> bool:
    """``il a fallu``, ``il fallait`` (what was needed then), ``faut-il ?``, ``loin s'en
    faut``: no appeal."""
    if _norm(a.lemma_) != "falloir":
        return False
    if "Imp" in a.morph.get("Tense") or any(c.dep_ == "aux:tense" for c in a.children):
        return True
    doc = a.doc
    nxt = doc[a.i + 1] if a.i + 1 < len(doc) else None
    prev = doc[a.i - 1] if a.i > 0 else None
    if nxt is not None and _norm(nxt.text) in ("-il", "-t-il"):
        return True  # a question
    before = {_norm(t.text) for t in doc[max(sent_of(a).start, a.i - 2) : a.i]}
    return prev is not None and _norm(prev.text) == "en" and bool(before & {"s'", "se"})


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


def _others(recipients: list[Actor], actors: list[Actor]) -> list[Actor]:
    """Recipients that are not also the actors (one does not meet or warn oneself)."""
    return [r for r in recipients if not any(_same_actor(r, a) for a in actors)]


def _same_actor(a: Actor, b: Actor) -> bool:
    if a.entity is not None or b.entity is not None:
        return a.entity == b.entity
    return (a.code, a.name) == (b.code, b.name)


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
        "aéroport",
        "port",
        "base",
        "camp",
        "frontière",
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


def _entity_actor(e: Entity, info: _DocInfo, hint: str | None = None) -> Actor | None:
    """The actor an entity is; ``hint``: the country its noun phrase gives a person
    (``l'entrepreneur néerlandais Derk Sauer``), before the article's country."""
    words = _actor_words()
    known = _known_person(e)
    if e.type != "PER" and known is not None:  # "Erdogan" the NER took for a place
        c = _iso3(known.country, info) if known.country else None
        return Actor(e.name, e.id, _code(c, known.sector), c, known.sector)
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
            if c is None and org.sector not in _STATELESS:
                c = _iso3(_org_country(e, info), info)  # "le Sénat" of a French article
            return Actor(e.name, e.id, _code(c, org.sector), c, org.sector)
        sector = _group_sector(e.name)
        c = _iso3(e.country or (None if sector in _STATELESS else _org_country(e, info)), info)
        return Actor(e.name, e.id, _code(c, sector), c, sector)
    # people: the country and sector of their role ("le président américain"), a known
    # figure's country, else the country the article is about (a French article's "chef de
    # l'Etat" is French)
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
    country = country or hint or info.focus
    c = _iso3(country, info)
    return Actor(e.name, e.id, _code(c, sector), c, sector)


def _org_country(e: Entity, info: _DocInfo) -> str | None:
    """An organisation's country when the lexicon gives none: a nationality or country in its
    name (``Association des maires de France``), else the country the article is about."""
    refs = demonyms.find_country_refs(e.name)
    if refs:
        return refs[0][2]
    return info.focus


def _known_person(e: Entity) -> _ActorWord | None:
    people = _actor_words().people
    for name in (e.name, *(m.text for m in e.mentions if m.kind == "name")):
        folded = _HONORIFIC.sub("", _fold(name))
        if (p := people.get(folded)) is not None:
            return p
    return None


_HONORIFIC = re.compile(r"^(?:m\.|mme|mlle|mm\.)\s+")


@lru_cache(maxsize=4096)
def _role_sector(text: str) -> str | None:
    f = _fold(text)
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
    for w in _norm(text).split():
        aw = _group(w) or _group(w.rstrip("s"))
        if aw is not None:
            return aw.sector
    return None


def _np_text(t: Token) -> str:
    left = t.left_edge.i
    while left < t.i and (t.doc[left].pos_ in ("ADP", "PUNCT") or t.doc[left].dep_ == "case"):
        left += 1
    right = t.i
    for c in t.rights:
        if (c.dep_ in ("amod", "nmod", "flat:name", "fixed") and c.i == right + 1) or (
            c.dep_ == "amod" and c.i <= right + 2
        ):
            right = max(right, c.right_edge.i)
        else:
            break
    return t.doc[left : right + 1].text.strip(' ,"«»“”')


def _actors_of(t: Token, info: _DocInfo) -> list[Actor]:
    """The actors a token (head of a noun phrase, or pronoun) refers to: one, or several for
    a group noun with coordinated nationalities (``les dirigeants allemand, français et
    britannique``)."""
    low = _norm(t.text).lstrip("-").removeprefix("t-")  # "a-t-il", "estime-t-elle"
    e = info.entity_at.get(t.i)
    if e is not None:
        hint = None
        if t.dep_ in ("appos", "flat:name") and t.head.pos_ == "NOUN":
            hint = next(iter(_np_countries(t.head, info)), None)
        return _listed(_entity_actor(e, info, hint))
    if t.pos_ == "PRON":
        if low in _SPEAKER_PRONOUNS:
            q = _quote_at(t.idx, info)
            if q is not None and q.speaker is not None:
                e = info.look().entity(q.speaker.entity)
                if e is not None:
                    return _listed(_entity_actor(e, info))
                return [_described_actor(q.speaker.name, info)]
            return []
        if low in ("qui", "lequel", "laquelle"):
            if t.head.dep_ == "acl:relcl":
                return _actors_of(t.head.head, info)
            prev = t.doc[t.i - 1] if t.i > sent_of(t).start else None
            if prev is not None and prev.i in info.entity_at:
                return _actors_of(prev, info)
            return []
        if low in _PERSON_PRONOUNS:
            e = _antecedent(t, info)
            return _listed(_entity_actor(e, info)) if e is not None else []
        return []
    for c in t.children:
        named = c.dep_ in ("appos", "flat:name") or (
            c.dep_ in ("nmod", "amod") and c.i == t.i + 1 and c.text[:1].isupper()
        )
        if named and (e2 := info.entity_at.get(c.i)):  # "le groupe Etat islamique"
            hint = next(iter(_np_countries(t, info)), None)
            return _listed(_entity_actor(e2, info, hint))
    if _norm(t.text) in ("dernier", "dernière") and any(
        _norm(c.text) in ("ce", "cette") for c in t.children
    ):  # "ce dernier": the last person named
        e = _antecedent(t, info, people_only=True)
        return _listed(_entity_actor(e, info)) if e is not None else []
    owner = next((c for c in t.children if c.dep_ == "det" and c.morph.get("Poss")), None)
    if _norm(t.lemma_) == "pays" and owner is not None:
        # "son pays", "notre pays": the country of the one it belongs to
        if _norm(owner.text) in ("notre", "nos") and (q := _quote_at(t.idx, info)):
            people = _quote_speaker(q, info)
        else:
            e = _antecedent(owner, info, people_only=True)
            people = _listed(_entity_actor(e, info)) if e is not None else []
        return [
            Actor(name=_np_text(t), code=p.country, country=p.country) for p in people if p.country
        ][:1]
    if t.pos_ == "PROPN" and (known := _actor_words().people.get(_fold(_np_text(t)))):
        c3 = _iso3(known.country, info) if known.country else None  # a name the NER missed
        return [Actor(_np_text(t), None, _code(c3, known.sector), c3, known.sector)]
    if _norm(t.text).startswith("état") and t.text[:1].islower():
        return []  # "l'état d'urgence": a state of affairs, not the State
    for c in t.children:
        org = info.entity_at.get(c.i)
        if c.dep_ == "nmod" and org is not None and org.type == "ORG" and _role_sector(t.text):
            # "le secrétaire général de l'ONU", "le porte-parole du Kremlin": the organisation
            return _listed(_entity_actor(org, info))
    leader = next(
        (
            x
            for c in t.children
            if c.dep_ == "nmod"
            and (e2 := info.entity_at.get(c.i)) is not None
            and e2.type == "PER"
            and (x := _entity_actor(e2, info)) is not None
            and x.country
        ),
        None,
    )  # "le régime de Kim Jong-Un", "l'administration Trump": the leader's country
    # a group noun: "les rebelles", "l'armée syrienne", "forces de l'ordre", "gilets jaunes"
    lemma = _norm(t.lemma_)
    aw = None
    nxt = [c for c in t.children if c.dep_ == "nmod"]
    for c in nxt:
        phrase = f"{lemma} de {_norm(c.lemma_)}"
        phrase2 = f"{lemma} de l'{_norm(c.lemma_)}"
        aw = _group(phrase) or _group(phrase2)
        if aw:
            break
    if aw is None:
        for c in t.children:
            if c.dep_ == "amod" and c.i == t.i + 1:
                aw = _group(f"{lemma} {_norm(c.lemma_)}") or _group(
                    f"{_norm(t.text).rstrip('sx')} {_norm(c.text).rstrip('sx')}"
                )
    if aw is None:
        aw = _group(lemma) or _group(_norm(t.text).rstrip("sx"))
    if aw is None:  # "le président turc": a role word
        sector = _role_sector(t.text) if t.pos_ == "NOUN" else None
        if sector is not None:
            aw = _ActorWord(sector, None)
    countries = _np_countries(t, info)
    if aw is not None and not countries and leader is not None and aw.sector == "GOV":
        return [Actor(_np_text(t), None, _code(leader.country, "GOV"), leader.country, "GOV")]
    if aw is None:
        # any other noun with a nationality adjective stands for its country: "des intérêts
        # américains" were targeted, "les exportations australiennes" were taxed
        if (
            t.pos_ != "NOUN"
            or not countries
            or not any(c.dep_ == "amod" and c.i in info.refs_at for c in t.children)
        ):
            return []
        out = []
        for iso2 in countries:
            c3 = _iso3(iso2, info)
            out.append(Actor(name=_np_text(t), code=c3, country=c3))
        return out
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
    name = _np_text(t)
    if not countries:
        return [Actor(name=name, code=aw.sector, sector=aw.sector)]
    out = []
    for iso2 in countries:
        c3 = _iso3(iso2, info)
        out.append(Actor(name=name, code=_code(c3, aw.sector), country=c3, sector=aw.sector))
    return out


def _group(words: str) -> _ActorWord | None:
    """The group noun entry for ``words`` (accents and a leading article aside)."""
    return _actor_words().groups.get(_fold(words))


def _np_countries(t: Token, info: _DocInfo) -> list[str]:
    """The countries of the nationality adjectives of a noun phrase, in order: one for "l'armée
    syrienne", three for "les dirigeants allemand, français et britannique"."""
    out: list[str] = []
    for c in t.subtree:
        if c.i > t.i + 8:
            break
        if c.i in info.refs_at and (abs(c.i - t.i) <= 4 or (out and c.i > t.i)):
            out.extend(x for x in info.refs_at[c.i] if x not in out)
    return out


def _listed(actor: Actor | None) -> list[Actor]:
    return [actor] if actor is not None else []


def _antecedent(t: Token, info: _DocInfo, people_only: bool = False) -> Entity | None:
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


def _speaker_actor(q: Quote, info: _DocInfo) -> Actor | None:
    if q.speaker is None:
        return None
    e = info.look().entity(q.speaker.entity)
    return _entity_actor(e, info) if e is not None else _described_actor(q.speaker.name, info)


def _described_actor(text: str, info: _DocInfo) -> Actor:
    """An actor known by a description (``le ministre turc de la Défense``): the sector of its
    role or group word, the country of its nationality, else the article's."""
    sector = _role_sector(text) or _group_sector(text)
    refs = demonyms.find_country_refs(text)
    country = refs[0][2] if refs else None
    if country is None and sector is not None and sector not in _STATELESS:
        country = info.focus
    c = _iso3(country, info)
    return Actor(name=text, code=_code(c, sector), country=c, sector=sector)


def _quote_at(offset: int, info: _DocInfo) -> Quote | None:
    return info.look().quotes.first_at(offset)


# --------------------------------------------------------------------------- precision


@cache
def _stop_phrases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """``events_stop.tsv``: idioms in which an event word names no event, each with the
    literal text its matches start with ("" when it starts with any word)."""
    out = []
    for row in read_table("events_stop.tsv"):
        words = _norm(row["phrase"]).split()
        if not words:
            raise LexiconError("events_stop.tsv: empty phrase")
        parts = [
            r"\S+" if w == "_" else re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
            for w in words
        ]
        first = "" if words[0] == "_" else words[0].rstrip("*")
        out.append((first, re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")))
    return tuple(out)


def _in_stop_phrase(d: _Draft) -> bool:
    # a window of the text, not the sentence: the parser sometimes cuts one at a hyphen
    a = d.anchor
    start = max(sent_of(a).start_char, a.idx - 60)
    text = fold(doc_text(a.doc)[start : a.idx + 60]).lower()
    at = a.idx - start
    return any(
        m.start() <= at < m.end()
        for first, p in _stop_phrases()
        if first in text
        for m in p.finditer(text)
    )


def _not_an_event(d: _Draft, e: Event, info: _DocInfo) -> str | None:
    """Why a matched trigger is not an event worth a record, or None. Each rule is named
    after the kind of error it removes (tests/test_events.py has one sentence per kind)."""
    a = d.anchor
    if a.i in info.in_name:
        return "inside-a-name"  # "l'Office central de répression", "le journal Libération"
    if _in_stop_phrase(d):
        return "idiom"  # "photos à l'appui", "puissance de frappe"
    if (
        d.period is not None
        and info.published
        and _years_before(d.period[1], info.published, info.history_days)
    ):
        return "background-history"  # "en 2005, … de restituer sa pièce"
    if (
        (
            e.cameo.root_code == "04"
            or (e.cameo.root_code in _PARTY_OBJECT and not any(x.code for x in e.actors))
        )
        and d.match.entry.pos == "V"
        and d.recipient_tokens
        and not e.recipients
        and not d.place_tokens
        and d.anchor.dep_ != "acl"
        and e.location is None
        and not any(_PEOPLE_NOUN.search(_norm(t.lemma_)) for t in d.recipient_tokens)
        and all(t.pos_ == "NOUN" and t.i not in info.trigger_ids for t in d.recipient_tokens)
    ):
        # one meets or hosts someone ("Microsoft a reçu le message" is no meeting); a threat
        # or an attack by nobody known on no one ("les pompiers combattent l'incendie", "les
        # flammes menacent l'observatoire") is a figure of speech
        return "object-not-a-party"
    if e.cameo.root_code == "19" and _figurative_force(e, info):
        return "metaphor"  # "des batailles, j'en ai mené", "les candidats vont s'affronter"
    root = e.cameo.root_code
    if (
        e.cameo.code in ("050", "051", "052")
        and not (e.recipients and e.actors)
        and e.quote is not None
        and not d.match.entry.reflexive  # "s'est réjoui de l'accord" approves of it
    ):
        # support of no one (or by no one), told in or around a quote: "a salué sa
        # contribution", "a défendu sa formule", "saper le soutien au président" are words
        # about a stance, not one party backing another
        return "support-of-nobody"
    if (
        root == "19"
        and not e.recipients
        and e.modality != "asserted"
        and not d.match.entry.reflexive  # "les deux armées se sont affrontées"
        and not any(x.sector in _ARMED for x in e.actors)  # "l'armée aurait bombardé…"
    ):
        # force with no target in a claim, a plan or a wish: "combattre la menace", "prendre
        # le contrôle des milieux politiques", "son projet pour tirer quatre missiles"
        return "force-without-target"
    lemma = _norm(a.lemma_)
    if (
        lemma in ("menacer", "prévenir")
        and len(d.match.tokens) == 1
        and not e.recipients
        and (e.quote is None or e.modality == "reported")
    ):
        # a warning to no one that is not the speaker's own cue: "les menaces se multiplient"
        return "threat-to-nobody"
    if (
        root == "11"
        and e.recipients
        and not e.actors
        and not d.actor_tokens
        and (_passive(a) or a.dep_.startswith("acl"))
    ):
        # blamed by no one named: "les régimes spéciaux, souvent pointés du doigt"
        return "accuser-unknown"
    if (
        d.match.entry.words == ("proposer",)
        and not e.recipients
        and not d.recipient_tokens
        and not any(c.dep_ in ("ccomp", "xcomp") for c in a.children)
    ):
        # a proposal of measures to no one is policy, not an appeal: "proposer des mesures"
        return "proposal-to-nobody"
    if (
        lemma == "manifester"
        and len(d.match.tokens) == 1
        and any(c.dep_ == "obj" and c.pos_ == "NOUN" for c in a.children)
    ):
        return "show-not-march"  # "ont manifesté leur désapprobation": to show a feeling
    if d.match.entry.pos == "N" and any(
        c.dep_ == "det" and _norm(c.text) in _DEMONSTRATIVES for c in a.children
    ):
        # "ce bombardement intervient…", "aggravée par ces sanctions": a mention of an event
        # the article has already told (or assumes known), not a new one
        return "anaphoric-mention"
    sentence = fold(span_text(sent_of(a))).lower()
    if e.cameo.code == "0831" and not e.recipients and not _DEMANDED.search(sentence):
        # CAMEO 0831 is yielding to a demand for a change of leader; a resignation nobody
        # asked for ("l'annonce de sa démission du gouvernement") is no interaction
        return "resignation-unasked"
    if (
        root == "04"
        and a.dep_ == "acl"
        and a.head.pos_ == "NOUN"
        and a.head.i not in info.trigger_ids
        and not _PEOPLE_NOUN.search(_norm(a.head.lemma_))
        and not info.look().spans.at(a.head.idx)
    ):
        return "object-not-a-party"  # "les restrictions rencontrées par les médias"
    if e.cameo.code[:3] in ("042", "043") and not e.recipients:
        # a visit is to a country, a foreign city or someone: a trip at home ("se rendra dans
        # le Var", "s'est rendue à Auberry") or to nowhere named is no interaction
        here = _iso3(e.location.country, info) if e.location and e.location.country else None
        where = [
            c
            for c in a.children
            if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod")
            and any(_norm(x.text) in ("dans", "à", "au", "aux", "en") for x in c.children)
        ]
        # a destination named but not a place: "les visites dans les maisons de retraite"
        nowhere = e.location is None and bool(d.place_tokens or where)
        home = here is not None and here == _iso3(info.home, info)
        at_home = (
            here is not None
            and e.cameo.code[:3] == "042"
            and any(
                x.country == here and (home or x.entity or demonyms.find_country_refs(x.name))
                for x in e.actors
            )
        )  # an actor without a nationality of its own is only placed at home by default
        if nowhere or at_home:
            return "trip-at-home"
    if lemma in ("engagement", "engagements") and len(d.match.tokens) == 1 and not e.recipients:
        # a commitment to no one: "ils n'ont pas tenu leurs engagements", "l'engagement
        # français au Sahel" (a deployment) promise nothing to a party
        return "commitment-to-nobody"
    nobody = not e.actors and not e.recipients and e.location is None and e.size is None
    if nobody and (len(d.match.tokens) == 1 or e.modality != "asserted"):
        # with nobody attached and nowhere, a word is rarely an event an analyst wants ("les
        # sanctions", "l'aide" in a background sentence); a multi-word expression asserted as
        # fact ("a déposé une plainte") still is
        return "nobody-attached"
    return None


_TIME_NOUNS = frozenset(
    ["matinée", "matin", "soirée", "soir", "journée", "jour", "nuit", "après-midi", "semaine",
     "mois", "année", "an", "heure", "week-end", "veille", "lendemain"]
)  # fmt: skip
_DEMONSTRATIVES = frozenset(["ce", "cet", "cette", "ces"])
_DEMANDED = re.compile(r"pression|exig|réclam|demand|appel|pouss|contraint|forc")


# Roots whose verb takes a party as its object when the actor is not a known one (threaten,
# assault someone); a meeting (04) always does.
_PARTY_OBJECT = frozenset(["13", "18", "19", "20"])
# Actors that use force in earnest; a fight between other kinds of actors (politicians,
# parties, media) is a figure of speech.
_ARMED = frozenset(["MIL", "REB", "UAF", "CRM", "COP"])
_CIVILIAN_SIDES = frozenset(["PTY", "LEG", "OPP", "MED", "BUS", "JUD", "EDU"])


def _figurative_force(e: Event, info: _DocInfo) -> bool:
    """A fight (root 19) led by politicians, parties, assemblies or media — people or
    organisations named, or party and assembly groups — with no armed actor, no civilians,
    no country as such and no casualties: "des batailles, j'en ai mené au gouvernement"."""
    if not e.actors or e.size is not None:
        return False
    for x in [*e.actors, *e.recipients]:
        if x.sector in _ARMED or x.sector == "CVL" or (x.code is not None and x.sector is None):
            return False  # an armed actor, civilians, a country ("la Russie a bombardé…")
    types = info.look().types
    return all(
        x.sector in _CIVILIAN_SIDES or (x.sector == "GOV" and types.get(x.entity or "") == "PER")
        for x in e.actors
    )


# Prepositions that set an act in the frame of another ("lors d'une attaque", "dans un
# attentat", "par des frappes").
_SAME_ACT = frozenset(["lors", "pendant", "durant", "dans", "par", "au cours"])


def _repeats(finished: list[tuple[_Draft, Event]]) -> set[int]:
    """Drafts that repeat another event of the same category in their sentence, as its
    subject or complement: "14 attaques à la roquette ont ciblé…", "l'assassinat du général
    lors d'une attaque américaine" are one event each. The governing one stays and takes
    the participants it lacks."""
    at = {t.i: (d, e) for d, e in finished for t in d.match.tokens}
    out: set[int] = set()
    for d, e in finished:
        if e.plover is None or d.match.entry.pos == "V":
            continue
        t = d.anchor
        # the subject of the verb ("14 attaques ont ciblé…"), or the frame of the act ("lors
        # d'une attaque"); not its topic ("a interpellé le ministre sur l'enquête")
        frame = {_norm(c.text) for c in t.children if c.dep_ in ("case", "fixed", "advmod")}
        if t.dep_ not in ("nsubj", "nsubj:pass") and not frame & _SAME_ACT:
            continue
        for _ in range(3):
            if t.head == t or t.dep_ in ("conj", "parataxis", "ccomp", "advcl", "acl:relcl"):
                break
            t = t.head
            other = at.get(t.i)
            if other is None or other[0] is d:
                continue
            g, ge = other
            if ge.plover == e.plover and id(g) not in out:
                out.add(id(d))
                ge.actors = ge.actors or e.actors
                ge.recipients = ge.recipients or e.recipients
                ge.location = ge.location or e.location
                if _specificity(d, e) > _specificity(g, ge):
                    # "une frappe de drone a tué…": the noun says more than the verb
                    ge.cameo = e.cameo
                    ge.plover_mode = e.plover_mode
            break
    return out


def _specificity(d: _Draft, e: Event) -> tuple[bool, int]:
    """A multi-word noun ("frappe de drone", "gaz lacrymogène") names the act more precisely
    than a verb; then the longer code."""
    return (d.match.entry.pos != "V" and len(d.match.tokens) > 1, len(e.cameo.code))


def _years_before(day: str, published: str, days: int = 365) -> bool:
    """Whether ``day`` is more than ``days`` (a year) before the publication date."""
    try:
        then, pub = dt.date.fromisoformat(day), dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return (pub - then).days > days


# --------------------------------------------------------------------------- finishing


def _finish(d: _Draft, info: _DocInfo, event_id: str) -> Event:
    a = d.anchor
    code = d.code
    cinfo = cameo.info(code)
    modality, quote_id = _modality(d, info)
    actors = d.actors
    # an appeal inside a quote without its own subject ("il faut…"): the speaker's
    if not actors and d.code[:2] in _APPEAL_ROOTS and (q := _quote_at(a.idx, info)):
        actors = [x for x in [_speaker_actor(q, info)] if x is not None]
    # a quote whose cue is this trigger: its speaker is the actor
    for q in info.look().cue_quotes(a.idx):
        if q.cue is not None and q.cue.start <= a.idx < q.cue.end:
            quote_id = quote_id or q.id
            if not actors and q.speaker is not None:
                e = info.look().entity(q.speaker.entity)
                actors = [
                    _entity_actor(e, info)
                    if e is not None
                    else _described_actor(q.speaker.name, info)
                ]
                actors = [x for x in actors if x is not None]
    if not actors and d.match.entry.pos == "V" and a.dep_ == "xcomp" and _infinitive(a):
        # "a-t-il ajouté, mentionnant avoir parlé avec M. Macron": the one who mentions it
        # did it (the infinitive shares the subject of the cue it depends on)
        for q in info.look().cue_quotes(a.head.idx):
            if q.cue is not None and q.cue.start <= a.head.idx < q.cue.end:
                actors = _listed(_speaker_actor(q, info))
                break
    if not actors:
        actors = d.uncoded
    recipients = _others(d.recipients, actors)
    if not recipients and d.recipients and not _passive(a):
        # "…, a prévenu la Corée du Nord": an inverted subject the parser took for the object
        actors = actors or d.recipients
    actors, recipients = _counterparts_apart(actors, recipients, info)
    size, approx = _size(d, info)
    code = _recode(d, code, actors, size)
    cinfo = cameo.info(code)
    location = _location(d, info)
    if location is None and cinfo.quad_class in (1, 3) and actors:
        location = _dateline_place(info, actors)
    date_text, date = _date(d, info, modality)
    sent = sent_of(a)
    w = info.confidence
    conf = w.base + w.actor * bool(actors) + w.recipient * bool(d.recipients)
    conf += w.multiword * (len(d.match.tokens) > 1)
    conf += w.verb * (d.match.entry.pos == "V") - w.uncoded_actor * (
        bool(actors) and not actors[0].code
    )
    if d.match.entry.pos != "V" and len(d.match.tokens) == 1 and not (actors or d.recipients):
        # a lone trigger noun with nobody attached is often a generic mention ("l'aide",
        # "les sanctions" in a background sentence): keep it, flagged as doubtful
        conf = w.lone_noun + w.lone_noun_placed * bool(location or size)
    return Event(
        id=event_id,
        trigger=MSpan(d.trigger.text, d.trigger.start_char, d.trigger.end_char),
        cameo=cameo.to_model(code),  # type: ignore[arg-type]
        plover=cinfo.plover,
        plover_mode=cinfo.mode,
        actors=actors,
        recipients=recipients,
        modality=modality,  # type: ignore[arg-type]
        quote=quote_id,
        location=location,
        date=date,
        date_text=date_text,
        size=size,
        size_approximate=approx,
        sentence=MSpan(span_text(sent), sent.start_char, sent.end_char),
        confidence=round(min(conf, w.cap), 2),
    )


# Actors of street politics: their gatherings are rallies, their damage is rioting.
_STREET = frozenset(["CVL", "LAB", "HLH", "EDU"])


def _recode(d: _Draft, code: str, actors: list[Actor], size: float | None) -> str:
    """The code the participants call for: a crowd that gathers ("plusieurs centaines de
    personnes se sont réunies devant l'hôpital") rallies (141) rather than consults;
    protesters who destroy property ("des casseurs ont détruit des vitrines") riot (145); a
    politician who "interpelle" a minister criticises (111), only the police arrest."""
    street = bool(actors) and all(x.sector in _STREET for x in actors)
    lemma = _norm(d.anchor.lemma_)
    if code[:2] == "04" and lemma in ("réunir", "rassembler") and (size or street):
        return "141"
    if code == "1712" and street:
        return "145"
    arresting = any(x.sector in ("COP", "MIL", "JUD", "UAF", "REB") for x in actors)
    if code[:2] == "17" and lemma == "interpeller" and actors and not arresting:
        return "111"  # "l'élu a interpellé le ministre": taken to task, not arrested
    return code


def _modality(d: _Draft, info: _DocInfo) -> tuple[str, str | None]:
    a = d.anchor
    words = _modality_words()
    quote = _quote_at(a.idx, info)
    is_cue = bool(info.look().cue_quotes(a.idx))
    if d.code[:2] in _APPEAL_ROOTS:
        return "appeal", quote.id if quote and not is_cue else None
    # negation on the trigger (or its verb group)
    group = [a, *[c for c in a.children if c.dep_.startswith("aux")]]
    for c in a.children:
        negative = "negation" in (words.get(_norm(c.text)), words.get(_norm(c.lemma_)))
        if negative and (c.dep_ in ("advmod", "det", "nmod", "case") or c.pos_ == "ADV"):
            return "negated", quote.id if quote and not is_cue else None
    speech_act = cameo.quad_class(d.code[:2]) in (1, 3)
    quote_id = quote.id if quote is not None and not is_cue else None
    # "Nous avons convoqué l'ambassadeur", a dit le ministre: a speech act its own speaker
    # tells of is performed, not a claim
    own = quote_id is not None and (
        (speech_act and _said_by(d, _quote_speaker(quote, info), info))
        or (a.dep_ == "xcomp" and _is_reflexive(a.head) and _is_cue(a.head, info))
    )  # "il s'est dit opposé à…": the stance is the event
    # a trigger that is itself a quote's cue ("a-t-il déclaré, ironisant sur…", "des voix
    # critiques mettent en doute ces chiffres") is the speech act performed, not a claim
    own = own or any(
        q.cue is not None and q.cue.start <= a.idx < q.cue.end and not q.reported
        for q in info.look().cue_quotes(a.idx)
    )
    if quote_id is not None and not own:
        return "reported", quote_id
    if not own and info.look().marks.at(a.idx):
        return "reported", None
    moods = {m for t in group for m in t.morph.get("Mood")}
    # the chain of heads up to the clause root and the verbs above it
    t = a
    for _ in range(6):
        if t.head == t:
            break
        rel, t = t.dep_, t.head
        kind = words.get(_norm(t.lemma_))
        if kind == "report" and rel in ("ccomp", "xcomp", "obj", "nsubj", "parataxis"):
            if own:
                break
            if rel == "xcomp" and _is_reflexive(t):
                continue  # "il s'est dit opposé à…": the stance is the event
            if speech_act and _said_by(d, _actors_of(s, info) if (s := _subject(t)) else [], info):
                continue  # "Poutine a indiqué que la Russie est disposée à…": his own stance
            return "reported", quote_id
        if kind == "future" and rel in ("xcomp", "obj", "ccomp"):
            return "future", quote_id
        if kind == "hypothetical" and rel == "xcomp":
            return "hypothetical", quote_id
        if "Cnd" in t.morph.get("Mood") and rel in ("xcomp",):
            moods.add("Cnd")
    if "Cnd" in moods:
        past_cnd = any(
            "Cnd" in c.morph.get("Mood") and c.dep_.startswith("aux") for c in a.children
        )
        return ("reported" if past_cnd else "hypothetical"), quote_id
    if any(_norm(c.text) == "si" and c.dep_ == "mark" for c in a.children):
        return "hypothetical", quote_id
    if _attributed(a):
        return "reported", quote_id
    tenses = {m for t in group for m in t.morph.get("Tense")}
    if d.match.entry.pos != "V" and a.dep_ in ("obj", "nsubj", "nsubj:pass"):
        # "nous ferons une visioconférence": the tense of the verb a noun depends on
        tenses.update(m for t in (a.head, *_aux_of(a.head)) for m in t.morph.get("Tense"))
    if "Fut" in tenses or any(_future_form(t) for t in group):
        return "future", quote_id
    noun_of = d.match.entry.pos != "V" and a.dep_ in ("obj", "nsubj", "nsubj:pass")
    if noun_of and any(_future_form(t) for t in (a.head, *_aux_of(a.head))):
        return "future", quote_id  # "nous ferons une visioconférence"
    for c in a.children:
        if words.get(_norm(c.lemma_)) == "future" and c.dep_ in ("aux", "aux:tense", "amod"):
            return "future", quote_id
    if a.head != a and _norm(a.head.lemma_) == "aller" and a.dep_ == "xcomp":
        return "future", quote_id
    return "asserted", quote_id


_FUT_ENDINGS = ("rai", "ras", "ra", "rons", "rez", "ront")
# future stems that are not the infinitive: "ferons", "sera", "ira", "pourra", "viendra"…
_FUT_STEMS = {
    "être": "ser",
    "avoir": "aur",
    "aller": "ir",
    "faire": "fer",
    "pouvoir": "pourr",
    "voir": "verr",
    "envoyer": "enverr",
    "savoir": "saur",
    "vouloir": "voudr",
    "valoir": "vaudr",
    "falloir": "faudr",
    "courir": "courr",
    "mourir": "mourr",
    "venir": "viendr",
    "tenir": "tiendr",
}


def _future_form(t: Token) -> bool:
    """Whether ``t`` is a verb in the simple future (``rencontrera``, ``ferons``), from its
    form and lemma: the tagger often labels these forms present or imperfect."""
    if t.pos_ not in ("VERB", "AUX") or "Fut" in t.morph.get("Tense"):
        return "Fut" in t.morph.get("Tense")
    word, lemma = _norm(t.text), _norm(t.lemma_)
    stems = {_FUT_STEMS.get(lemma, "")}
    for base, suffix in (("venir", "viendr"), ("tenir", "tiendr")):
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


def _tense_of(a: Token) -> str | None:
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
    group = [v, *_aux_of(v)]
    if any(_future_form(t) for t in group):
        return "future"
    if _norm(v.head.lemma_) == "aller" and v.dep_ == "xcomp" and v.head.i < v.i:
        tense = v.head.morph.get("Tense")
        return "future" if "Pres" in tense else None  # "va rencontrer"
    has_aux = any(c.dep_ in ("aux:tense", "aux:pass") for c in v.children)
    if has_aux and "Part" in v.morph.get("VerbForm"):
        return "past"  # passé composé
    if "Past" in v.morph.get("Tense") and "Fin" in v.morph.get("VerbForm"):
        return "past"  # passé simple
    return None


def _counterparts_apart(
    actors: list[Actor], recipients: list[Actor], info: _DocInfo
) -> tuple[list[Actor], list[Actor]]:
    """An actor with no nationality of its own that took the country of a counterpart on the
    other side (``le ministre … son homologue allemand``) is from elsewhere: the article's
    home country, or none when that is the counterpart's too."""

    def counterpart(x: Actor) -> bool:
        return any(w in _COUNTERPARTS for w in _norm(x.name).split())

    def apart(side: list[Actor], other: list[Actor]) -> list[Actor]:
        theirs = {x.country for x in other if x.country and counterpart(x)}
        out = []
        for x in side:
            own = x.entity is not None or counterpart(x) or demonyms.find_country_refs(x.name)
            if x.country in theirs and not own:
                home = _iso3(info.home, info)
                c = home if home not in theirs else None
                x = replace(x, country=c, code=_code(c, x.sector))
            out.append(x)
        return out

    return apart(actors, recipients), apart(recipients, actors)


def _is_cue(t: Token, info: _DocInfo) -> bool:
    return bool(info.look().cue_quotes(t.idx))


def _aux_of(v: Token) -> list[Token]:
    return [c for c in v.children if c.dep_.startswith("aux")]


def _quote_speaker(q: Quote, info: _DocInfo) -> list[Actor]:
    return _listed(_speaker_actor(q, info))


def _said_by(d: _Draft, speaker: list[Actor], info: _DocInfo) -> bool:
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


def _attributed(a: Token) -> bool:
    """``selon X`` / ``d'après X`` attached to the trigger's clause."""
    clause = {t.i for t in _restricted_subtree(a)}
    head = a
    while head.dep_ not in ("ROOT", *_CLAUSE_DEPS) and head.head != head:
        head = head.head
    clause.update(t.i for t in _restricted_subtree(head))
    for t in sent_of(a):
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
    for extra in [*d.match.tokens[1:], *_subject_predicate(d)]:
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
        for j in range(last + 1, min(sent_of(d.anchor).end, last + 12)):
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


def _subject_predicate(d: _Draft) -> list[Token]:
    """For a trigger noun that is the subject of its clause, the clause's verb (where and how
    many are said there: "un attentat a visé une église à Lahore")."""
    if d.match.entry.pos == "V":
        return []
    pred = _predicate_of_subject(d.anchor)
    return [pred] if pred is not None and pred.i not in _trigger_token_ids(d) else []


def _trigger_token_ids(d: _Draft) -> set[int]:
    return {t.i for t in d.match.tokens}


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
    """The date words of the event's clause (resolved), else the publication date for a
    past event. Sets ``d.period``: the days those words can denote when they belong to the
    trigger's own clause (``en 2013``), for the background-history rule."""
    sent = sent_of(d.anchor)
    clause = {t.i for t in _restricted_subtree(d.anchor)}
    chain = _clause_chain(d.anchor)
    best = None
    for dm in _dates_in(span_text(sent)):
        start = sent.start_char + dm.start
        span = info.doc.char_span(start, start + len(dm.text), alignment_mode="expand")
        if span is None:
            continue
        if _attached(span.root, chain):
            rank = 0
        elif span[0].i in clause or span[0].head.i in clause:
            rank = 50
        else:
            rank = 100
        dist = rank + abs(span[0].i - d.anchor.i)
        # a date heading the sentence, or one close by in the trigger's clause, dates it
        scoped = rank == 0 and (dist <= 15 or span[0].i < sent.root.i)
        if best is None or dist < best[0]:
            best = (dist, MSpan(dm.text, start, start + len(dm.text)), scoped)
    if best is not None:
        text = best[1]
        tense = _tense_of(d.anchor)
        future = tense == "future" or (modality == "future" and tense != "past")
        if best[2]:
            d.period = dates.period(text.text, info.published, future=future)
        return text, dates.resolve(text.text, info.published, future=future)
    if modality in ("future", "hypothetical", "appeal"):
        return None, None
    return None, info.published[:10] if info.published else None


@lru_cache(maxsize=256)
def _dates_in(sentence: str) -> tuple[dates.DateMention, ...]:
    """``dates.find_dates`` of a sentence, once for the events of the same sentence."""
    return tuple(dates.find_dates(sentence))


def _clause_chain(a: Token) -> set[int]:
    """The trigger and its heads up to the first verb with its own tense (included)."""
    out = {a.i}
    t = a
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") and _finite_group(t):
            break
        if t.head == t:
            break
        t = t.head
        out.add(t.i)
    return out


def _attached(t: Token, chain: set[int]) -> bool:
    """Whether words headed by ``t`` modify the trigger's clause, not another verb's."""
    for _ in range(6):
        if t.i in chain:
            return True
        if t.pos_ in ("VERB", "AUX") or t.head == t:
            return False
        t = t.head
    return False


def _size(d: _Draft, info: _DocInfo) -> tuple[float | None, bool]:
    toks = _restricted_subtree(d.anchor)
    for extra in [*d.match.tokens[1:], *_subject_predicate(d)]:
        toks.extend(_restricted_subtree(extra))
    spans = [(t.idx, t.idx + len(t.text)) for t in toks]
    best = None
    look = info.look()
    if look.empty_quantities:
        near = list(info.doc._.quantities or [])
    elif spans:
        near = look.quantities.overlapping(min(s for s, _ in spans), max(e for _, e in spans))
    else:
        near = []
    for q in near:
        if q.unit is not None or not q.counts or not _PEOPLE_COUNTS.match(q.counts):
            continue
        inside = any(s <= q.start < e or s < q.end <= e for s, e in spans)
        if inside and (best is None or q.value > best.value):
            best = q
    return (best.value, best.approximate) if best is not None else (None, False)
