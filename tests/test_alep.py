"""The example bulletin end to end: every part of the foundation asserted on real text."""

from __future__ import annotations

import json
import math

import veille
from veille.model import Dispatch


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _entity(d: Dispatch, name: str):
    found = [e for e in d.entities if e.name == name]
    assert len(found) == 1, f"{name!r}: {[e.name for e in d.entities]}"
    return found[0]


def test_every_span_points_into_the_original_text(alep, alep_text):
    assert alep.text == alep_text
    spans = []
    if alep.dateline:
        spans.append(alep.dateline)
        spans += [s for s in (alep.dateline.place, alep.dateline.date, alep.dateline.source) if s]
    for e in alep.entities:
        spans += e.mentions + e.roles
    spans += [p.mention for p in alep.places] + alep.quantities + alep.country_refs
    spans += [s.title for s in alep.sections if s.title]
    assert spans
    for s in spans:
        assert alep_text[s.start : s.end] == s.text, s


def test_dateline_is_moscou(alep, alep_text):
    assert alep.dateline is not None
    assert alep.dateline.place.text == "Moscou"
    assert alep.dateline.start == 0
    assert alep_text[alep.dateline.end :].startswith("Le président russe")


def test_source_is_the_signature(alep, alep_text):
    assert alep.source is not None
    assert alep.source.name == "Bulletin Français"
    assert alep.source.kind == "signature"
    assert alep_text[alep.source.start : alep.source.end] == "Bulletin Français"


def test_sections_untitled_then_the_subheading(alep, alep_text):
    assert len(alep.sections) == 2
    first, second = alep.sections
    assert first.title is None
    assert second.title.text == (
        "Poutine : Il faut arrêter les combats sur tous les territoires syriens"
    )
    assert alep_text[first.start : first.end].startswith("Le président russe")
    assert alep_text[second.start : second.end].startswith("Par ailleurs")
    assert "Bulletin Français" not in alep_text[second.start : second.end]


def test_poutine_is_one_entity_with_three_forms(alep):
    poutine = _entity(alep, "Vladimir Poutine")
    assert poutine.type == "PER"
    forms = {m.text.lower() for m in poutine.mentions}
    assert {"vladimir poutine", "poutine", "le président russe"} <= forms
    assert sum(m.text == "Poutine" for m in poutine.mentions) >= 8
    assert poutine.country == "RU"
    # No other entity is a piece of him.
    assert not [e for e in alep.entities if e is not poutine and "Poutine" in e.name]


def test_choigou_role_is_defence_minister_of_russia(alep):
    choigou = _entity(alep, "Sergueï Choïgou")
    assert choigou.type == "PER"
    assert [r.text for r in choigou.roles] == ["ministre russe de la Défense"]
    assert choigou.roles[0].country == "RU"
    assert choigou.country == "RU"


def test_assad_role_is_stripped_from_his_name(alep):
    assad = _entity(alep, "Bachar al-Assad")
    assert assad.type == "PER"
    assert [r.text for r in assad.roles] == ["président"]


def test_no_entity_carries_quote_marks_or_is_a_nationality(alep):
    for e in alep.entities:
        for m in e.mentions:
            assert not m.text.endswith(("»", "«", '"')), m
            assert "«" not in m.text or m.kind == "title", m
    names = {e.name for e in alep.entities}
    assert not {n for n in names if "irano" in n or "turque" in n or n == "russe"}


def test_tass_and_signature_are_organisations(alep):
    tass = _entity(alep, "Tass")
    assert tass.type == "ORG"
    assert any(m.text.startswith("Agence de presse russe") for m in tass.mentions)
    assert _entity(alep, "Bulletin Français").type == "ORG"


def test_nationality_adjectives_are_country_references(alep, alep_text):
    refs = {(r.text, r.country) for r in alep.country_refs}
    assert ("russe", "RU") in refs
    countries = {r.country for r in alep.country_refs}
    assert {"RU", "IR", "TR", "SY"} <= countries
    compound = alep_text.index("russo-irano-turque")
    in_compound = sorted(
        r.country for r in alep.country_refs if compound <= r.start < compound + 18
    )
    assert in_compound == ["IR", "RU", "TR"]


def test_places_resolved_with_coordinates(alep):
    by_mention = {p.mention.text: p for p in alep.places}
    assert set(by_mention) >= {"Moscou", "Alep", "Syrie", "Turquie", "Iran", "Russie"}
    alep_p = by_mention["Alep"]
    assert (alep_p.name, alep_p.country, alep_p.kind) == ("Aleppo", "SY", "city")
    assert _km(alep_p.lat, alep_p.lon, 36.20, 37.16) < 50
    assert alep_p.geonames_id
    moscou = by_mention["Moscou"]
    assert (moscou.name, moscou.country, moscou.kind) == ("Moscow", "RU", "city")
    assert _km(moscou.lat, moscou.lon, 55.75, 37.62) < 50
    syrie = by_mention["Syrie"]
    assert (syrie.name, syrie.country, syrie.kind) == ("Syria", "SY", "country")
    assert by_mention["Turquie"].country == "TR"
    assert by_mention["Iran"].country == "IR"
    assert by_mention["Russie"].country == "RU"
    for p in alep.places:
        assert alep.entity(p.entity).type == "LOC"


def test_malformed_number_is_one_hundred_thousand_people(alep):
    q = [q for q in alep.quantities if q.value == 100000]
    assert len(q) == 1
    assert "100, 000" in q[0].text
    assert q[0].counts == "personnes"
    assert q[0].approximate  # "plus de"
    approx = [q for q in alep.quantities if q.counts == "civils"]
    assert approx and approx[0].approximate


def test_date_given_is_kept(alep):
    assert alep.date == "2016-12-23"


def test_json_round_trip(alep):
    data = alep.to_dict()
    assert list(data)[:2] == ["schema_version", "id"]
    for k in (
        "text",
        "date",
        "dateline",
        "source",
        "sections",
        "entities",
        "places",
        "quantities",
        "quotes",
        "events",
    ):
        assert k in data
    again = Dispatch.from_dict(json.loads(json.dumps(data)))
    assert again == alep
    assert veille.load(json.dumps(data)) == alep


def test_content_id_ignores_spacing(alep_text):
    from veille.pipeline import content_id

    assert content_id(alep_text) == content_id(alep_text.replace("\n", "\n\n  "))
    assert content_id(alep_text) != content_id(alep_text.replace("Alep", "Homs"))
