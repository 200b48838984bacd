"""The output model: plain dataclasses, JSON-ready, the contract of everything after the pipeline.

Every span carries ``start``/``end`` character offsets into the text exactly as the user gave
it (``text[start:end] == span.text``). ``Dispatch.to_dict()`` gives the documented JSON shape
(see ``docs/schema.md``); ``Dispatch.from_dict()`` reads it back.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, Union

SCHEMA_VERSION = "1.0"

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
# "approximate": a place the gazetteer does not know (a village, a street), known only to be
# in its country: its point is the country's centre, not the place's
PlaceKind = Literal["country", "city", "region", "feature", "approximate"]

T = TypeVar("T", bound="Record")


class Record:
    """Mixin giving dataclasses a JSON round-trip (``to_dict`` / ``from_dict``)."""

    def to_dict(self) -> dict[str, Any]:
        """``dataclasses.asdict(self)``, without its deep copy of every string and number."""
        return _as_plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        kwargs = {name: build(data[name]) for name, build in _builders(cls) if name in data}
        return cls(**kwargs)


_ATOMS = frozenset([str, int, float, bool, type(None)])


def _as_plain(obj: Any) -> Any:
    """What ``dataclasses.asdict`` gives for ``obj`` (the same values, the same types): its
    ``copy.deepcopy`` of immutable atoms is skipped, as Python 3.12's ``asdict`` does."""
    kind = type(obj)
    if kind in _ATOMS:
        return obj
    if kind is list:
        return [_as_plain(v) for v in obj]
    names = _field_names(kind) if dataclasses.is_dataclass(kind) else None
    if names is not None:
        return {name: _as_plain(getattr(obj, name)) for name in names}
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return kind(*[_as_plain(v) for v in obj])
    if isinstance(obj, (list, tuple)):
        return kind(_as_plain(v) for v in obj)
    if isinstance(obj, dict):
        return kind((_as_plain(k), _as_plain(v)) for k, v in obj.items())
    return copy.deepcopy(obj)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's field names with their resolved types, once per class: resolving
    the string annotations is most of the cost of reading a stored dispatch back."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


@functools.cache
def _builders(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """Each field of a dataclass with the function rebuilding its value (:func:`_builder`
    of its type)."""
    return tuple((name, _builder(tp)) for name, tp in _fields(cls))


def _same(value: Any) -> Any:
    return value


@functools.cache
def _builder(tp: Any) -> Callable[[Any], Any]:
    """The function rebuilding a value (decoded JSON) as an instance of the annotated type
    ``tp`` (None stays None), with the questions about ``tp`` asked once per type."""
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _builder(args[0]) if len(args) == 1 else _same
    if origin is list:
        (item,) = typing.get_args(tp)
        inner = _builder(item)
        return lambda value: None if value is None else [inner(v) for v in value]
    if origin is dict:
        _, item = typing.get_args(tp)
        inner = _builder(item)
        return lambda value: None if value is None else {k: inner(v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, Record):
        return lambda value: None if value is None else tp.from_dict(value)
    return _same


@dataclass
class Span(Record):
    """A stretch of the original text."""

    text: str
    start: int
    end: int


@dataclass
class Dateline(Record):
    """The place (and date, and agency) that opens a dispatch: ``BEYROUTH, 5 mars 2017 (AFP) -``."""

    text: str
    start: int
    end: int
    place: Span | None = None
    date: Span | None = None
    date_value: str | None = None  # ISO date when the dateline gives a full or resolvable date
    source: Span | None = None


@dataclass
class Source(Record):
    """The agency or bulletin the dispatch comes from, and where the text names it."""

    name: str
    start: int
    end: int
    kind: Literal["dateline", "signature", "credit"] = "signature"


@dataclass
class Section(Record):
    """A part of the dispatch: its subheading (None for the opening part) and its body."""

    title: Span | None
    start: int
    end: int


@dataclass
class Mention(Record):
    text: str
    start: int
    end: int
    kind: Literal["name", "title", "pronoun"] = "name"


@dataclass
class Role(Record):
    """A role or title given to an entity: ``ministre russe de la Défense``."""

    text: str
    start: int
    end: int
    country: str | None = None  # ISO 3166-1 alpha-2 when the role names one


@dataclass
class Entity(Record):
    id: str
    name: str
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2: the country it belongs to or is


@dataclass
class CountryRef(Record):
    """A nationality adjective or compound element: ``russe`` → RU, ``-irano-`` → IR."""

    text: str
    start: int
    end: int
    country: str


@dataclass
class Place(Record):
    entity: str  # Entity.id
    mention: Span
    name: str  # English GeoNames name
    country: str | None  # ISO 3166-1 alpha-2; None for continents, oceans, vague areas
    lat: float
    lon: float
    geonames_id: int | None
    kind: PlaceKind


@dataclass
class Quantity(Record):
    text: str
    start: int
    end: int
    value: float
    unit: str | None = None  # "percent", "euro", "dollar", "km", ... when the text says
    approximate: bool = False
    counts: str | None = None  # the noun counted: "personnes", "morts", "civils"


QuoteType = Literal["direct", "indirect", "mixed", "according_to"]


@dataclass
class Speaker(Record):
    """Who a quote is attributed to (or, for ``Quote.via``, the medium that relays it)."""

    name: str  # the entity's canonical name, or the description as written when unresolved
    entity: str | None = None  # Entity.id when resolved
    mention: Span | None = None  # the words nearest the cue (``Il``, ``Poutine``, ``qui``)


@dataclass
class Quote(Record):
    """Who said what: see the eval GUIDELINES for what each type's ``content`` covers."""

    id: str  # q1, q2, … in text order; events refer to the quote they come from by it
    type: QuoteType
    content: str
    start: int
    end: int
    cue: Span | None = None  # the reporting verb or phrase (``a dit``, ``selon``); None if floating
    speaker: Speaker | None = None
    confidence: float = 0.5
    reported: bool = False  # conditional reporting (``aurait déclaré``): a claim, not a fact
    via: Speaker | None = None  # the medium relaying it (``selon l'agence « Tass »``)


Modality = Literal["asserted", "negated", "future", "hypothetical", "appeal", "reported"]


@dataclass
class Actor(Record):
    """One side of an event, coded GDELT-style."""

    name: str  # the entity's canonical name, or the description as written
    entity: str | None = None  # Entity.id when it is one
    code: str | None = None  # CAMEO actor code: "RUSGOV", "SYRREB", "IGO", "CVL"
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # CAMEO actor type: GOV, MIL, REB, IGO, CVL, MED...


@dataclass
class Cameo(Record):
    code: str  # most specific code the text supports: "0256", "043", "19"
    root_code: str  # "01".."20"
    name: str
    goldstein: float | None
    quad_class: int  # 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict


@dataclass
class EventPlace(Record):
    """Where an event happened (not the dateline, unless it happened there)."""

    name: str  # English GeoNames name
    country: str | None  # ISO alpha-2
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    entity: str | None = None
    mention: Span | None = None


@dataclass
class Event(Record):
    """Who did what to whom, where and when."""

    id: str  # v1, v2, … in text order
    trigger: Span
    cameo: Cameo
    plover: str | None  # PLOVER category: AGREE, CONSULT, … ASSAULT; None for 01 statements
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    modality: Modality = "asserted"
    plover_mode: str | None = None
    quote: str | None = None  # Quote.id when the event is a claim inside (or is) a quote
    location: EventPlace | None = None
    date: str | None = None  # ISO date resolved from the publication date
    date_text: Span | None = None  # the words that gave it ("jeudi", "le 23 décembre")
    size: float | None = None  # people involved, from quantities
    size_approximate: bool = False
    sentence: Span | None = None
    confidence: float = 0.5

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        # earlier output wrote ``"plover": ""`` for 01 statements: read it as None
        if data.get("plover") == "":
            data = {**data, "plover": None}
        return super().from_dict(data)


@dataclass
class Dispatch(Record):
    id: str
    text: str
    date: str | None = None
    dateline: Dateline | None = None
    source: Source | None = None
    sections: list[Section] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    country_refs: list[CountryRef] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        d = super().to_dict()
        # schema_version first, then id: the order a reader of the JSON expects
        return {"schema_version": d.pop("schema_version"), "id": d.pop("id"), **d}

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
