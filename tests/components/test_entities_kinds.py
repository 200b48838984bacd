"""Entity error kinds found on the dev set (issue 13), each pinned on a French sentence."""

from __future__ import annotations

import pytest

import veille


@pytest.fixture(scope="module")
def analyze(nlp):
    return veille.analyze


def _entity(d, name):
    found = [e for e in d.entities if e.name == name]
    assert len(found) == 1, (name, [(e.name, e.type) for e in d.entities])
    return found[0]


def test_acronym_after_its_expansion_is_one_entity(analyze):
    d = analyze(
        "Mercredi, l'agence régionale de santé (ARS) recensait 234 nouveaux cas. "
        "L'ARS a ensuite publié un bilan."
    )
    ars = _entity(d, "agence régionale de santé")
    assert ars.type == "ORG"
    assert [m.text for m in ars.mentions if m.kind == "name"].count("ARS") == 2


def test_acronym_before_its_expansion_is_one_entity(analyze):
    d = analyze(
        "Six Français travaillant pour l'ONG française Acted (Agence d'aide à la coopération "
        "technique et au développement) ont été tués dimanche."
    )
    acted = _entity(d, "Agence d'aide à la coopération technique et au développement")
    assert acted.type == "ORG"
    assert "Acted" in [m.text for m in acted.mentions]


def test_acronym_of_a_hyphenated_name_with_a_comma(analyze):
    d = analyze(
        "Une manifestation a eu lieu devant le siège de l'Assistance publique-Hôpitaux de Paris "
        "(AP-HP), puis au Conseil économique, social et environnemental (Cese)."
    )
    assert "AP-HP" in [m.text for m in _entity(d, "Assistance publique-Hôpitaux de Paris").mentions]
    assert "Cese" in [
        m.text for m in _entity(d, "Conseil économique, social et environnemental").mentions
    ]


def test_parenthesised_word_that_spells_nothing_stays_apart(analyze):
    d = analyze("Le maire de Bordeaux (Gironde) a reçu Gérard Collomb (LR) mardi.")
    names = {e.name for e in d.entities}
    assert {"Bordeaux", "Gironde", "Gérard Collomb"} <= names
