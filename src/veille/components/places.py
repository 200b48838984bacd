"""Places: every LOC entity resolved offline to a GeoNames place.

Disambiguation context, strongest first: the dateline's country, then the countries the article
talks about (countries named as places, nationality adjectives, entity countries). Countries
are resolved first so that cities can use them (``Tripoli`` next to ``Liban`` is in Lebanon).
"""

from __future__ import annotations

import logging
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from veille.gazetteer import GeoEntry, load_gazetteer
from veille.model import Entity, Place, Span

log = logging.getLogger(__name__)


class PlaceResolver:
    """Sets ``doc._.places`` and fills ``Entity.country`` for resolved LOC entities.
    ``home_country``: the country an ambiguous place name prefers (settings.home_country)."""

    def __init__(self, home_country: str = "FR") -> None:
        self.home_country = home_country

    def __call__(self, doc: Doc) -> Doc:
        gaz = load_gazetteer()
        entities: list[Entity] = [e for e in (doc._.entities or []) if e.type == "LOC"]
        context: Counter[str] = Counter(r.country for r in doc._.country_refs or [])
        for e in doc._.entities or []:
            if e.country:
                context[e.country] += 1
        dateline_country = None
        lay = doc._.layout
        dateline_place = lay.dateline.place if lay and lay.dateline else None

        resolved: dict[str, GeoEntry] = {}
        # Pass 1: countries (they give context to everything else).
        for e in entities:
            code = gaz.country_code(e.name)
            if code is not None and (entry := gaz.country(code)) is not None:
                resolved[e.id] = entry
                context[code] += len(e.mentions)
        # The dateline place, with the countries seen so far.
        if dateline_place is not None:
            entry = gaz.resolve(
                dateline_place.text, context_countries=set(context), home_country=self.home_country
            )
            if entry is not None and entry.country:
                dateline_country = entry.country
        # Pass 2: everything else.
        for e in entities:
            if e.id in resolved:
                continue
            entry = gaz.resolve(
                e.name,
                context_countries=set(context),
                dateline_country=dateline_country,
                home_country=self.home_country,
            )
            if entry is None:
                for m in e.mentions:  # a shorter or other form may be known
                    if m.kind == "name" and m.text != e.name:
                        entry = gaz.resolve(
                            m.text,
                            context_countries=set(context),
                            dateline_country=dateline_country,
                            home_country=self.home_country,
                        )
                        if entry is not None:
                            break
            if entry is not None:
                resolved[e.id] = entry
                if entry.country:
                    context[entry.country] += 1
            else:
                log.debug("no place for %r", e.name)

        places = []
        for e in entities:
            entry = resolved.get(e.id)
            if entry is None:
                continue
            e.country = entry.country
            m = next((m for m in e.mentions if m.text == e.name), e.mentions[0])
            places.append(
                Place(
                    entity=e.id,
                    mention=Span(m.text, m.start, m.end),
                    name=entry.name,
                    country=entry.country,
                    lat=round(entry.lat, 5),
                    lon=round(entry.lon, 5),
                    geonames_id=entry.geonames_id,
                    kind=entry.kind,  # type: ignore[arg-type]
                )
            )
        doc._.places = places
        return doc


@Language.factory("veille_places", assigns=["doc._.places"], requires=["doc._.entities"])
def make_place_resolver(nlp: Language, name: str, home_country: str = "FR") -> PlaceResolver:
    return PlaceResolver(home_country)
