"""Quote contents and cues: regressions named after the error kinds found on the dev set
(issue 4): where a content ends, which cues are not reporting, which forms were missed."""

from __future__ import annotations

import pytest

import veille
from veille.model import Quote


@pytest.fixture(scope="module")
def analyze(nlp):
    def run(text: str) -> list[Quote]:
        return veille.analyze(text).quotes

    return run


def by_content(quotes: list[Quote], start: str) -> Quote:
    found = [q for q in quotes if q.content.startswith(start)]
    assert len(found) == 1, [(q.type, q.content, q.speaker and q.speaker.name) for q in quotes]
    return found[0]


# -- content boundaries -------------------------------------------------------------------------


def test_regression_according_to_content_ends_with_its_sentence(analyze):
    text = (
        "Selon lui, le mouvement « n'existe plus dans la réalité quotidienne ». "
        "« Là, ils ont décidé de venir attaquer Paris », a-t-il ajouté."
    )
    q = by_content(analyze(text), "le mouvement")
    assert q.type == "according_to"
    assert q.content == "le mouvement « n'existe plus dans la réalité quotidienne »"


def test_regression_glued_sentence_ends_the_complement(analyze):
    text = (
        "Les maires estiment que le vrai enjeu ne concerne pas la fermeture des écoles."
        "Le ministre a répondu mardi."
    )
    q = by_content(analyze(text), "le vrai enjeu")
    assert q.content == "le vrai enjeu ne concerne pas la fermeture des écoles"


def test_regression_coordinated_cue_ends_the_content_before_it(analyze):
    text = (
        "Jim Mattis a défendu la diplomatie, soulignant que « l'effort américain est porté par "
        "la diplomatie » et mettant en garde contre le scénario « catastrophique » d'une guerre."
    )
    q = by_content(analyze(text), "l'effort")
    assert (q.type, q.content) == ("direct", "l'effort américain est porté par la diplomatie")


def test_regression_gerund_after_comma_ends_the_object(analyze):
    text = (
        "Le professeur rappelle au président de la République son rôle de rassembleur, tout en "
        "fustigeant une communication qui criminalise les mouvements sociaux."
    )
    q = by_content(analyze(text), "au président")
    assert q.content == "au président de la République son rôle de rassembleur"


def test_regression_quotation_after_a_clause_and_comma_is_direct(analyze):
    text = (
        "Bien que les dirigeants aient signé cette convention il y a trente ans, « ils n'ont pas "
        "tenu leurs engagements », a-t-elle dénoncé."
    )
    q = by_content(analyze(text), "ils n'ont pas")
    assert (q.type, q.content) == ("direct", "ils n'ont pas tenu leurs engagements")


def test_regression_hyphenated_word_split_by_the_parser_is_one_sentence(analyze):
    text = (
        "Pour cet expert, ces plate-formes ne représentent pas un risque particulier tant que "
        "les utilisateurs sont prudents."
    )
    q = by_content(analyze(text), "ces plate-formes")
    assert q.type == "according_to" and q.content.endswith("sont prudents")


# -- cues ---------------------------------------------------------------------------------------


def test_regression_infinitive_after_a_verb_without_object(analyze):
    q = by_content(
        analyze("L'antiquaire assure ne rien savoir de l'histoire mouvementée des œuvres."),
        "ne rien savoir",
    )
    assert q.content == "ne rien savoir de l'histoire mouvementée des œuvres"


def test_regression_medium_before_the_object_is_skipped(analyze):
    text = "Alain Juppé a redit sur BFMTV son soutien aux idées européennes du chef de l'État."
    q = by_content(analyze(text), "son soutien")
    assert q.content == "son soutien aux idées européennes du chef de l'État"
    assert q.speaker is not None and q.speaker.name == "Alain Juppé"


def test_regression_subject_pronoun_is_not_a_reflexive_in_an_incise(analyze):
    text = (
        "« C'est pour cela qu'avec les syndicats et le patronat, nous avons lancé une "
        "négociation », annonce Emmanuel Macron."
    )
    quotes = [q for q in analyze(text) if q.type == "direct"]
    assert len(quotes) == 1 and quotes[0].content.startswith("C'est pour cela")


def test_regression_reflexive_form_of_a_cue_verb_is_another_verb(analyze):
    assert (
        analyze("Le ministre s'est exprimé à plusieurs reprises sur le dossier des retraites.")
        == []
    )


def test_regression_passive_is_not_a_quote(analyze):
    assert (
        analyze("La Chine avait alors été pointée du doigt par plusieurs pays occidentaux.") == []
    )


def test_regression_pour_is_a_source_only_opening_a_clause(analyze):
    text = (
        "Interrogée sur cette séquence inédite pour un président américain, Kayleigh McEnany, "
        "porte-parole de la Maison Blanche, a dénoncé une réaction « consternante »."
    )
    assert [q.type for q in analyze(text)] == ["mixed"]


def test_regression_place_after_preposition_is_not_content(analyze):
    assert analyze("Les infirmières ont exprimé samedi à Paris.") == []
