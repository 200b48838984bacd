"""Places: every LOC entity resolved offline to a GeoNames place; those the gazetteer does not
know (``doc._.places_located``) only placed in the article's country.

Disambiguation context, strongest first: the dateline's country, then the countries the article
talks about (countries named as places, nationality adjectives, entity countries). Countries
are resolved first so that cities can use them (``Tripoli`` next to ``Liban`` is in Lebanon).
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from veille.gazetteer import Gazetteer, GeoEntry, load_gazetteer
from veille.model import Entity, Place, Span
from veille.text.fold import name_key

log = logging.getLogger(__name__)


class PlaceResolver:
    """Sets ``doc._.places`` and fills ``Entity.country`` for resolved LOC entities.
    ``home_country``: the country an ambiguous place name prefers (settings.home_country)."""

    def __init__(self, home_country: str = "FR") -> None:
        self.home_country = home_country

    def __call__(self, doc: Doc) -> Doc:
        gaz = load_gazetteer()
        entities: list[Entity] = [e for e in (doc._.entities or []) if e.type == "LOC"]
        context = _context_countries(doc)
        resolved = _countries(gaz, entities, context)
        dateline_country = self._dateline_country(doc, gaz, context)
        for e in entities:
            if e.id in resolved:
                continue
            entry = self._resolve(gaz, e, context, dateline_country)
            if entry is not None:
                resolved[e.id] = entry
                if entry.country:
                    context[entry.country] += 1
            else:
                log.debug("no place for %r", e.name)
        located = _locate_unknown(gaz, entities, resolved, context, dateline_country)
        places = []
        for e in entities:
            entry = resolved.get(e.id)
            if entry is not None:
                e.country = entry.country
                places.append(_place(e, entry))
        doc._.places = places
        # The places only located in a country are kept apart: their entities keep no
        # country and events take no guessed place (the Dispatch lists them after the others).
        doc._.places_located = [_place(e, located[e.id]) for e in entities if e.id in located]
        doc._.places_located += self._places_in_names(doc, gaz, context, dateline_country)
        return doc

    def _places_in_names(
        self, doc: Doc, gaz: Gazetteer, context: Counter[str], dateline_country: str | None
    ) -> list[Place]:
        """The places that end organisations' names and are named nowhere else (``mairie de
        Paris``, ``université de Californie``, ``école anglaise de Nottingham``), each once,
        at its first such mention. The organisation stays one entity: the place is no entity
        of its own, it is only listed, under the organisation, among the places the article
        names (kept apart from the events, like the places only located in a country)."""
        ents: list[Entity] = list(doc._.entities or [])
        seen = {name_key(m.text) for e in ents if e.type == "LOC" for m in e.mentions}
        out = []
        for e in ents:
            if e.type != "ORG":
                continue
            for m in e.mentions:
                found = _PLACE_ENDING_NAME.search(m.text) if m.kind == "name" else None
                if found is None or name_key(found.group(1)) in seen:
                    continue
                text = found.group(1)
                entry = _notable(gaz, text, context, dateline_country, self.home_country)
                if entry is None:
                    continue
                seen.add(name_key(text))
                start = m.start + found.start(1)
                out.append(_place_at(e.id, Span(text, start, start + len(text)), entry))
        return out

    def _dateline_country(self, doc: Doc, gaz: Gazetteer, context: Counter[str]) -> str | None:
        """The country of the dateline's place ("TRIPOLI (AFP) -"), read with the countries
        the article names."""
        lay = doc._.layout
        dateline_place = lay.dateline.place if lay and lay.dateline else None
        if dateline_place is None:
            return None
        entry = gaz.resolve(
            dateline_place.text, context_countries=set(context), home_country=self.home_country
        )
        return entry.country if entry is not None and entry.country else None

    def _resolve(
        self, gaz: Gazetteer, e: Entity, context: Counter[str], dateline_country: str | None
    ) -> GeoEntry | None:
        """A place for a LOC entity that is no country: its name, else the first of its other
        name forms the gazetteer knows (a shorter or other form may be known)."""
        forms = [e.name] + [m.text for m in e.mentions if m.kind == "name" and m.text != e.name]
        for form in forms:
            entry = gaz.resolve(
                form,
                context_countries=set(context),
                dateline_country=dateline_country,
                home_country=self.home_country,
            )
            if entry is not None:
                return entry
        return None


def _context_countries(doc: Doc) -> Counter[str]:
    """How often the article refers to each country before places are resolved: nationality
    adjectives and other country references ("les frappes russes"), and entities' countries."""
    context: Counter[str] = Counter(r.country for r in doc._.country_refs or [])
    for e in doc._.entities or []:
        if e.country:
            context[e.country] += 1
    return context


def _countries(
    gaz: Gazetteer, entities: list[Entity], context: Counter[str]
) -> dict[str, GeoEntry]:
    """The LOC entities that name a country ("la Syrie", "Liban"), resolved first: each adds
    its mentions to ``context``, so that "Tripoli" next to "Liban" is in Lebanon."""
    resolved: dict[str, GeoEntry] = {}
    for e in entities:
        code = gaz.country_code(e.name)
        if code is not None and (entry := gaz.country(code)) is not None:
            resolved[e.id] = entry
            context[code] += len(e.mentions)
    return resolved


def _locate_unknown(
    gaz: Gazetteer,
    entities: list[Entity],
    resolved: dict[str, GeoEntry],
    context: Counter[str],
    dateline_country: str | None,
) -> dict[str, GeoEntry]:
    """LOC entities the gazetteer does not know (a village, a street, a site: ``Camopi``,
    ``rue Jean Jaurès``, ``chapelle Saint-Joseph``), placed in the article's country: the
    dateline's, else the one the article refers to most once its known places are resolved.
    Each keeps its own name, no GeoNames id, and the country's centre as its point, with
    the kind ``approximate`` so that no map or user takes that point for the place's. (The
    country of the nearest resolved place was tried instead: no better on dev, worse on
    check.)"""
    code = dateline_country or next(iter(c for c, _ in context.most_common(1)), None)
    country = gaz.country(code) if code else None
    if country is None:
        return {}
    return {
        e.id: GeoEntry(None, e.name, country.country, country.lat, country.lon, "approximate")
        for e in entities
        if e.id not in resolved
    }


# "de Paris", "du Texas", "de la Californie", "d'Angers", "à Washington" ending a name, in
# capitalised words (past a glued hyphen: "Saint-Denis")
_PLACE_ENDING_NAME = re.compile(
    r"(?:\s(?:de|du|des|à|au|aux)\s+(?:la\s+|les\s+|l['’]\s*)?|\sd['’]\s*)"
    r"((?:[A-ZÀ-Ý][\w'’-]*)(?:\s+[A-ZÀ-Ý][\w'’-]*){0,3})$"
)
_TOWN = 15_000  # the smallest city named inside an organisation's name that is taken as one


def _notable(
    gaz: Gazetteer, text: str, context: Counter[str], dateline: str | None, home: str
) -> GeoEntry | None:
    """The place ``text`` names when it is a country, a region or feature, or a city of
    :data:`_TOWN` inhabitants or more (not ``Sécurité``, a hamlet somewhere)."""
    entry = gaz.resolve(
        text, context_countries=set(context), dateline_country=dateline, home_country=home
    )
    if entry is None or (entry.kind == "city" and entry.population < _TOWN):
        return None
    return entry


def _place(e: Entity, entry: GeoEntry) -> Place:
    """The place of a resolved entity, at the mention that spells its name (else its first)."""
    m = next((m for m in e.mentions if m.text == e.name), e.mentions[0])
    return _place_at(e.id, Span(m.text, m.start, m.end), entry)


def _place_at(entity: str, mention: Span, entry: GeoEntry) -> Place:
    return Place(
        entity=entity,
        mention=mention,
        name=entry.name,
        country=entry.country,
        lat=round(entry.lat, 5),
        lon=round(entry.lon, 5),
        geonames_id=entry.geonames_id,
        kind=entry.kind,  # type: ignore[arg-type]
    )


@Language.factory(
    "veille_places",
    assigns=["doc._.places", "doc._.places_located"],
    requires=["doc._.entities"],
)
def make_place_resolver(nlp: Language, name: str, home_country: str = "FR") -> PlaceResolver:
    return PlaceResolver(home_country)
