"""Speaker resolution: regressions named after the error kinds found on the dev set (issue 4).

Pronouns go to the latest compatible topic (subject or speaker), descriptions to the person
they denote, relational and indefinite descriptions stay as written. Sentences are written in
the style of French wire copy.
"""

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


def speaker(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


def test_regression_pronoun_takes_the_latest_subject_not_the_most_quoted(analyze):
    text = (
        "« C'est comme pour un propriétaire et un locataire », avait expliqué Donald Trump lundi. "
        "« Nous sommes le bail, en quelque sorte », a-t-il ajouté. "
        "L'ancien procureur Michael Bromwich a même assimilé la demande de Donald Trump à du "
        "racket. « Quand l'extorsion devient un art de vivre... », a-t-il tweeté lundi."
    )
    assert speaker(by_content(analyze(text), "Quand l'extorsion")) == "Michael Bromwich"


def test_regression_elle_agrees_with_the_first_name(analyze):
    text = (
        "Emmanuel Macron pose en couverture de Paris-Match. Brigitte Macron revient sur leur "
        "histoire d'amour. « J'ai senti que je glissais », raconte-t-elle."
    )
    assert speaker(by_content(analyze(text), "J'ai senti")) == "Brigitte Macron"


def test_regression_description_resolves_to_the_subject_before(analyze):
    text = (
        "Donald Trump a redoublé de virulence mardi contre la Corée du Nord. Le secrétaire "
        "américain à la Défense Jim Mattis a insisté sur la diplomatie. Accusé par Pyongyang "
        "d'avoir perdu la raison, le président américain a défendu sa formule sur « le feu et la "
        "colère », estimant qu'elle n'était « peut-être pas assez dure »."
    )
    q = by_content(analyze(text), "elle n'était")
    assert speaker(q) == "Donald Trump"


def test_regression_description_in_the_lead_names_the_person_after(analyze):
    text = (
        "Damas ne se « soumettra » pas aux demandes de Washington, a affirmé mardi le ministre "
        "syrien des Affaires étrangères. « Cela n'arrivera jamais », a affirmé Walid Mouallem "
        "lors d'une conférence de presse à Damas."
    )
    q = by_content(analyze(text), "Damas ne se")
    assert speaker(q) == "Walid Mouallem"


def test_regression_relational_description_stays_as_written(analyze):
    text = (
        "Evguéni Mikrine, directeur général adjoint de RKK Energia, a été hospitalisé. "
        "Le porte-parole du Premier ministre a affirmé mardi que Mikhaïl Michoustine se sentait "
        "« bien »."
    )
    q = by_content(analyze(text), "Mikhaïl Michoustine")
    assert speaker(q) == "Le porte-parole du Premier ministre"
    assert q.speaker is not None and q.speaker.entity is None


def test_regression_possessive_description_names_its_owner(analyze):
    text = "Mais selon ses proches, Mounir Mahjoubi n'aurait « pas pris sa décision »."
    q = by_content(analyze(text), "Mounir Mahjoubi")
    assert q.type == "according_to"
    assert speaker(q) == "proches de Mounir Mahjoubi"


def test_regression_speaker_of_a_relative_clause_is_not_the_topic(analyze):
    text = (
        "Emmanuel Macron était l'invité de France 2 dimanche. Il salue au passage la prise de "
        "parole de Jean-Christophe Lagarde, président de l'UDI, qui a réaffirmé samedi des "
        "« points de convergence » avec l'ex-ministre. « Sa voix est courageuse », juge-t-il."
    )
    assert speaker(by_content(analyze(text), "Sa voix")) == "Emmanuel Macron"


def test_regression_plural_pronoun_takes_the_plural_subject(analyze):
    text = (
        "Des personnes présentes sur place ont exprimé leur colère. "
        "« Sortons-le par les urnes ! », ont-ils scandé."
    )
    name = speaker(by_content(analyze(text), "Sortons-le"))
    assert name is not None and name.startswith("Des personnes")


def test_regression_fronted_infinitive_takes_the_main_subject(analyze):
    text = (
        "« Je ne sais pas », a répondu Larry Kudlow, conseiller économique du président. "
        "Après avoir déclaré qu'il bannissait TikTok, Donald Trump s'est finalement déclaré "
        "favorable à une acquisition par Microsoft."
    )
    assert speaker(by_content(analyze(text), "il bannissait")) == "Donald Trump"


def test_regression_inversion_after_comma_with_a_name(analyze):
    text = (
        "L'objectif réel de ces sanctions est « d'influencer l'élection présidentielle », a "
        "assuré M. Mouallem, suggérant que Washington tentait d'affaiblir le régime."
    )
    quotes = analyze(text)
    assert speaker(by_content(quotes, "L'objectif")) == "Mouallem"
    assert speaker(by_content(quotes, "Washington tentait")) == "Mouallem"


def test_regression_name_right_before_the_cue_is_the_subject(analyze):
    text = (
        "De son côté le patron des sénateurs LR Bruno Retailleau a redit que « si on veut "
        "rembourser nos dettes, il faudra travailler plus »."
    )
    q = by_content(analyze(text), "si on veut")
    assert speaker(q) == "Bruno Retailleau"


def test_regression_government_of_a_person_is_not_the_person(analyze):
    text = (
        "Scott Morrison a dénoncé des cyberattaques. Le gouvernement de M. Morrison a appelé à "
        "une enquête internationale indépendante."
    )
    q = by_content(analyze(text), "une enquête")
    assert speaker(q) == "Le gouvernement de M. Morrison"


def test_regression_unresolved_description_keeps_its_fuller_form(analyze):
    text = (
        "« Il faut réduire les tensions », a déclaré le porte-parole de l'exécutif allemand. "
        "Les trois dirigeants « sont d'accord », a ajouté le porte-parole."
    )
    q = by_content(analyze(text), "Les trois dirigeants")
    assert speaker(q) == "le porte-parole de l'exécutif allemand"
