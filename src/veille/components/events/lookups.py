"""Per-document lookups: what the event rules ask of the other components' results
(entities, places, country references, quotes, quantities, layout), built once per Doc."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from spacy.tokens import Doc, Span, Token

from veille.components.quotes.marks import quote_pairs
from veille.model import CountryRef, Dateline, Entity, Mention, Place, Quantity, Quote
from veille.settings import EventConfidence
from veille.text.fold import lower
from veille.text.spans import DocIndex, Overlaps, Starts, doc_index, doc_text

from .words import beginnings, word_class

HOME = "FR"


@dataclass
class DocInfo:
    """Per-document lookups, built once per Doc."""

    doc: Doc
    entity_at: dict[int, Entity]  # token index → entity whose mention covers it
    place_of: dict[str, Place]  # entity id → place
    refs_at: dict[int, list[str]]  # token index → ISO2 of the country refs in it
    quote_marks: list[tuple[int, int]]  # [open, close + 1) of each pair, as quotes pairs them
    quotes: list[Quote]
    focus: str | None  # ISO2: the country the article is about
    published: str | None
    mentions: list[tuple[int, Entity]]  # (start, entity) of name/title mentions, sorted
    trigger_ids: frozenset[int] = frozenset()  # token indices of every matched trigger
    in_name: frozenset[int] = frozenset()  # tokens inside a name or title mention
    iso3: dict[str, str | None] = field(default_factory=dict)
    lookups: _Lookups | None = None
    home: str = HOME  # ISO2: the country of the press (settings.home_country)
    history_days: int = 365  # older is background (settings.history_days)
    confidence: EventConfidence = field(default_factory=EventConfidence)
    dateline: Dateline | None = None  # of the layout
    # computed on first use, once per Doc (and the cached properties below)
    _positions: dict[tuple[frozenset[str], int], list[int]] = field(
        default_factory=dict, repr=False
    )
    _features: dict[int, dict[str, tuple[str, ...]]] = field(default_factory=dict, repr=False)
    # token index → its complements with their prepositions (``arguments``)
    complements: dict[int, list[tuple[Token, frozenset[str]]]] = field(
        default_factory=dict, repr=False
    )
    # sentence number → its date words: (text, start offset, tokens), ``attributes`` reads them
    sentence_dates: dict[int, list[tuple[str, int, Span]]] = field(default_factory=dict, repr=False)

    def feature(self, t: Token, name: str) -> tuple[str, ...]:
        """``t.morph.get(name)``, from the analysis of the token parsed once."""
        feats = self._features.get(t.i)
        if feats is None:
            feats = self._features[t.i] = _features(str(t.morph))
        return feats.get(name, ())

    @cached_property
    def index(self) -> DocIndex:
        """The sentences and token arrays of the Doc (:func:`veille.text.spans.doc_index`)."""
        return doc_index(self.doc)

    @cached_property
    def place_words(self) -> Starts[int]:
        """The tokens of the mentions of places (of entities of type LOC with a place)."""
        return Starts(
            (i, i) for i, e in self.entity_at.items() if e.type == "LOC" and e.id in self.place_of
        )

    @cached_property
    def ref_words(self) -> Starts[int]:
        """The tokens country references start at (:attr:`refs_at`)."""
        return Starts((i, i) for i in self.refs_at)

    def in_sentence(self, words: frozenset[str], i: int) -> list[int]:
        """The tokens of the sentence of token ``i`` whose :func:`syntax.norm` is one of
        ``words``, in order (read once for each sentence)."""
        k = self.index.sentence_of_token(i)
        at = self._positions.get((words, k))
        if at is None:
            tokens = self.index.words
            lengths = {len(w) for w in words}  # norm keeps the length of a word
            at = self._positions[words, k] = [
                j
                for j in range(self.index.sent_starts[k], self.index.sent_ends[k])
                if len(tokens[j]) in lengths and lower(tokens[j]) in words
            ]
        return at

    def look(self) -> _Lookups:
        """Lookups by offset and by id over the component's inputs, built on first use."""
        if self.lookups is None:
            self.lookups = _Lookups(self)
        return self.lookups


@lru_cache(maxsize=1024)
def _features(morph: str) -> dict[str, tuple[str, ...]]:
    """The values of each field of a morphological analysis (``Mood=Cnd|Number=Sing``), as
    ``MorphAnalysis.get`` gives them."""
    out = {}
    for feat in morph.split("|") if morph not in ("", "_") else ():
        name, _, values = feat.partition("=")
        out[name] = tuple(values.split(","))
    return out


class _Lookups:
    """What the rules ask of every draft, answered without a scan of the whole document:
    entities by id, quotes and quote cues by offset, quote marks by offset, the latest
    mention of a type before an offset, quantities by offset."""

    def __init__(self, info: DocInfo) -> None:
        doc = self.doc = info.doc
        self.entities: list[Entity] = list(doc._.entities or [])
        self.by_id: dict[str, Entity] = {}
        for x in self.entities:
            self.by_id.setdefault(x.id, x)
        self.types = {x.id: x.type for x in self.entities}
        self.quotes = Overlaps((q.start, q.end, q) for q in info.quotes)
        self.cues = Overlaps((q.cue.start, q.cue.end, q) for q in info.quotes if q.cue is not None)
        self.marks = Overlaps((s, e, (s, e)) for s, e in info.quote_marks)
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

    @cached_property
    def people_counts(self) -> list[Quantity]:
        """The quantities that count people (:func:`people_count`)."""
        return [q for q in self.doc._.quantities or [] if people_count(q)]

    @cached_property
    def spans(self) -> Overlaps[None]:
        """The mentions of the entities (one rule asks, of few events)."""
        return Overlaps((m.start, m.end, None) for x in self.entities for m in x.mentions)

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


def _counterpart(t: Token) -> bool:
    """Whether a nationality word qualifies a counterpart (``son homologue allemand``)."""
    for _ in range(4):  # "ses homologues allemand et italien"
        if t.dep_ != "conj" or t.head == t:
            break
        t = t.head
    head = t.head if t.dep_ in ("amod", "nmod", "flat:name", "appos") else t
    counterparts = word_class("counterpart")
    return lower(t.text) in counterparts or lower(head.text) in counterparts


def doc_info(doc: Doc, home: str = HOME) -> DocInfo:
    """The lookups of a Doc, from ``doc._.entities``, ``places``, ``country_refs``,
    ``quotes``, ``layout`` and ``date`` (the quantities are read on first use)."""
    ents: list[Entity] = list(doc._.entities or [])
    entity_at, mentions, in_name = _mentions(doc, ents)
    places = {p.entity: p for p in doc._.places or []}
    refs = [
        (r, doc.char_span(r.start, r.end, alignment_mode="expand"))
        for r in doc._.country_refs or []
    ]
    lay = doc._.layout
    dateline = lay.dateline if lay is not None else None
    published = doc._.date or (dateline.date_value if dateline is not None else None)
    return DocInfo(
        doc=doc,
        entity_at=entity_at,
        place_of=places,
        refs_at=_refs_at(refs),
        quote_marks=[(start, end + 1) for start, end in quote_pairs(doc_text(doc))],
        quotes=list(doc._.quotes or []),
        focus=_focus(doc, ents, places, refs, home),
        published=published,
        mentions=mentions,
        in_name=in_name,
        home=home,
        dateline=dateline,
    )


def _mentions(
    doc: Doc, ents: list[Entity]
) -> tuple[dict[int, Entity], list[tuple[int, Entity]], frozenset[int]]:
    """The entity whose mention covers each token (not the article of a title), the
    mentions by start, and the tokens inside a name or title mention."""
    entity_at: dict[int, Entity] = {}
    mentions: list[tuple[int, Entity]] = []
    in_name: set[int] = set()
    for e in ents:
        for m in e.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                mentions.append((m.start, e))
                if m.kind == "title":  # not its article
                    covered = [t.i for t in span if t.dep_ != "det"]
                else:
                    covered = range(span.start, span.end)
                for i in covered:
                    entity_at.setdefault(i, e)
            if m.kind != "pronoun":
                in_name.update(_in_name(doc, e, m, span))
    mentions.sort(key=lambda x: x[0])
    return entity_at, mentions, frozenset(in_name)


def _in_name(doc: Doc, e: Entity, m: Mention, expanded: Span | None) -> Iterable[int]:
    """The tokens of a name or title mention that are inside the name (``expanded``: the
    tokens the mention covers at least in part, the same as those it covers in full when
    it starts and ends at token boundaries)."""
    aligned = (
        expanded is not None
        and len(expanded) > 0
        and (expanded.start_char, expanded.end_char) == (m.start, m.end)
    )
    span = expanded if aligned else doc.char_span(m.start, m.end, alignment_mode="contract")
    if span is None:
        return ()
    if m.kind == "title" or (e.type == "MISC" and m.kind == "name"):
        # the role noun of a title, the first word of a named event ("le génocide des
        # Tutsi") are words of their own; what follows is part of a name
        if len(span) < 2:
            return ()
        root = span.root.i
        return [i for i in range(span.start + 1, span.end) if i != root]
    return range(span.start, span.end) if m.kind == "name" else ()


def _refs_at(refs: list[tuple[CountryRef, Span | None]]) -> dict[int, list[str]]:
    """The countries of the country references starting at each token."""
    refs_at: dict[int, list[str]] = {}
    for r, span in refs:
        if span is not None:
            refs_at.setdefault(span[0].i, []).append(r.country)
    return refs_at


def _focus(
    doc: Doc,
    ents: list[Entity],
    places: dict[str, Place],
    refs: list[tuple[CountryRef, Span | None]],
    home: str,
) -> str:
    """The country the article is about: the most mentioned (places by their mentions,
    country references, entities of a country), the dateline's place counting thrice; a tie
    goes to the home country."""
    counts: Counter[str] = Counter()
    by_id: dict[str, Entity] = {}
    for x in ents:
        by_id.setdefault(x.id, x)
    for p in places.values():
        if p.country:
            e = by_id.get(p.entity)
            counts[p.country] += len(e.mentions) if e else 1
    for r, span in refs:
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
    return counts.most_common(1)[0][0]


def people_count(q: Quantity) -> bool:
    """A number of people: no unit, a noun of people counted (``people-count`` in
    ``lexicon/events_words.tsv``)."""
    people = beginnings("people-count", re.IGNORECASE)
    return q.unit is None and bool(q.counts) and people.match(q.counts) is not None


def quote_at(offset: int, info: DocInfo) -> Quote | None:
    return info.look().quotes.first_at(offset)
