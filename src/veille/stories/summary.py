"""What the clusterer reads of one analysed document: :class:`Features`, JSON-serialisable.

Words: the folded content words of the title and of the lead (the text's first sentence,
after the dateline: the summary a news writer puts first), both counted ``TITLE_WEIGHT``
times, and of the text, stop words off, a final plural ``s``/``x`` off, the ``TERMS``
heaviest by count × idf.
Entities: ``PER:``/``ORG:``/``MISC:`` and the bare name key, counted by mentions, plus
``TITLE_WEIGHT`` for a multi-word name written in the title or the lead (the story's actor). Places:
``g:`` and the GeoNames id (``n:`` and the name without one), ``c:`` and the country for a
country. Events: the cross-article link key of :mod:`veille.store.links` when the event is
dated and coded (the same event reported twice), and ``r:`` root code ``@`` place when it is
placed (the same kind of event at the same place). Near-duplicates: the MinHash of the
text's word shingles.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from veille.model import Dispatch
from veille.store.links import event_key
from veille.stories.lexicon import idf, stopwords
from veille.stories.minhash import signature
from veille.text.fold import bare_name_key, plain

TITLE_WEIGHT = 3
TERMS = 40
LEAD_CHARS = 400  # a lead longer than this is cut (a text without a sentence end)
_WORD = re.compile(r"[^\W\d_]{3,}")
_SENTENCE_END = re.compile(r"(?<=[.!?…»\"])\s+(?=[A-ZÀ-Ý«\"])")


@dataclass(frozen=True)
class StoryInput:
    """What the clusterer reads of one analysed document."""

    key: str  # documents.id (the content hash), unique
    date: str | None  # YYYY-MM-DD
    title: str | None
    source: str | None
    dispatch: Dispatch


Counts = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Features:
    """A JSON-serialisable summary of one document: see the module docstring."""

    date: str | None
    terms: Counts
    entities: Counts = ()
    places: Counts = ()
    events: tuple[str, ...] = ()
    minhash: tuple[int, ...] = ()

    def to_json(self) -> str:
        return json.dumps(
            {
                "date": self.date,
                "terms": [list(p) for p in self.terms],
                "entities": [list(p) for p in self.entities],
                "places": [list(p) for p in self.places],
                "events": list(self.events),
                "minhash": list(self.minhash),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, s: str) -> Features:
        data: dict[str, Any] = json.loads(s)
        return cls(
            date=data.get("date"),
            terms=_pairs(data.get("terms", [])),
            entities=_pairs(data.get("entities", [])),
            places=_pairs(data.get("places", [])),
            events=tuple(data.get("events", [])),
            minhash=tuple(int(v) for v in data.get("minhash", [])),
        )


def _pairs(rows: list[Any]) -> Counts:
    return tuple((str(k), int(n)) for k, n in rows)


def words(text: str) -> list[str]:
    """The folded content words of ``text``, stop words off, a plural ``s``/``x`` off."""
    stop = stopwords()
    out = []
    for w in _WORD.findall(plain(text)):
        if w in stop:
            continue
        if len(w) > 4 and w[-1] in "sx":
            w = w[:-1]
        out.append(w)
    return out


def lead(d: Dispatch) -> str:
    """The first sentence of a dispatch's text, after its dateline (at most ``LEAD_CHARS``)."""
    text = d.text[d.dateline.end :] if d.dateline is not None else d.text
    text = text.strip()[: LEAD_CHARS + 1]
    return _SENTENCE_END.split(text, maxsplit=1)[0][:LEAD_CHARS]


def _terms(title: str | None, text: str, first: str = "") -> Counts:
    counts: dict[str, int] = {}
    for w in words(text):
        counts[w] = counts.get(w, 0) + 1
    for w in words(title or "") + words(first):
        counts[w] = counts.get(w, 0) + TITLE_WEIGHT
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1] * idf(kv[0]), kv[0]))[:TERMS]
    return tuple(sorted(ranked))


def _count(keys: list[str]) -> Counts:
    counts: dict[str, int] = {}
    for k in keys:
        counts[k] = counts.get(k, 0) + 1
    return tuple(sorted(counts.items()))


def _entities(d: Dispatch, head: str = "") -> Counts:
    keys: list[str] = []
    for e in d.entities:
        name = bare_name_key(e.name)
        if e.type != "LOC" and name:
            extra = TITLE_WEIGHT if " " in e.name and e.name in head else 0
            keys += [f"{e.type}:{name}"] * (max(1, len(e.mentions)) + extra)
    return _count(keys)


def _places(d: Dispatch) -> Counts:
    keys = []
    for p in d.places:
        if p.kind == "country":
            keys.append(f"c:{p.country}")
        elif p.geonames_id:
            keys.append(f"g:{p.geonames_id}")
        else:
            keys.append(f"n:{bare_name_key(p.name)}")
    return _count(keys)


def _events(d: Dispatch) -> tuple[str, ...]:
    keys = set()
    for ev in d.events:
        coded = any(a.code for a in ev.actors + ev.recipients)
        if coded and (ev.date or d.date) and ev.modality not in ("negated", "hypothetical"):
            keys.add(event_key(ev, d))
        loc = ev.location
        if loc is not None and (loc.geonames_id or loc.name):
            place = loc.geonames_id or bare_name_key(loc.name)
            keys.add(f"r:{ev.cameo.root_code}@{place}")
    return tuple(sorted(keys))


def features(doc: StoryInput) -> Features:
    """The :class:`Features` of one analysed document."""
    d = doc.dispatch
    return Features(
        date=doc.date or d.date,
        terms=_terms(doc.title, d.text, lead(d)),
        entities=_entities(d, f"{doc.title or ''} {lead(d)}"),
        places=_places(d),
        events=_events(d),
        minhash=signature(d.text),
    )
