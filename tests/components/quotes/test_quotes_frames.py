"""Reported speech found by its syntax (issue 13): a verb outside ``reporting_verbs.tsv``
with a ``que`` clause is a cue, unless it is a verb that takes ``que`` without reporting
speech (the ``not_saying`` class of ``quotes_words.tsv``). Sentences written for these tests
in the style of French wire copy."""

from __future__ import annotations

import pytest


def contents(quotes):
    return [(q.type, q.content) for q in quotes]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Le député a rétorqué mardi que la réforme était injuste.", "la réforme était injuste"),
        ("Le ministre s'alarme que les prix augmentent encore.", "les prix augmentent encore"),
        (
            "La porte-parole a renchéri, lundi, qu'aucune sanction ne serait levée.",
            "aucune sanction ne serait levée",
        ),
    ],
)
def test_unlisted_verb_with_a_que_clause_is_a_cue(analyze, text, content):
    assert contents(analyze(text)) == [("indirect", content)]


@pytest.mark.parametrize(
    "text",
    [
        "Il faut que la réforme passe avant l'été.",
        "Le gouvernement veut que la réforme passe avant l'été.",
        "Le maire a fait en sorte que les écoles restent ouvertes.",
        "Il a saisi la main que lui tendait le président.",
        "Les plus riches disposent d'autant d'argent que les plus pauvres.",
        "L'enquête permet de déterminer que les panneaux ont été exportés.",
    ],
)
def test_que_without_reported_speech_is_no_cue(analyze, text):
    assert analyze(text) == []


def test_opinion_verbs_are_cues_by_their_frame_not_their_infinitive(analyze):
    assert contents(analyze("Le syndicat pense que la grève durera une semaine.")) == [
        ("indirect", "la grève durera une semaine")
    ]
    # "penser" + infinitive is an intention, not speech
    text = "L'un d'eux a assuré qu'il pensait livrer du tabac et justifie la méthode par les taxes."
    # ("justifie", a verb of saying since issue 13, reports a second content)
    assert [c for _, c in contents(analyze(text))] == [
        "il pensait livrer du tabac",
        "la méthode par les taxes",
    ]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("L'entreprise a fait état d'une perte de 2 milliards d'euros.", "une perte"),
        ("Le Medef a fait part d'une vive inquiétude après l'annonce.", "une vive inquiétude"),
        ("Les économistes s'attendent au maintien des taux directeurs.", "maintien des taux"),
    ],
)
def test_fixed_words_ending_in_de_or_a_contract_with_the_article(analyze, text, content):
    """A cue's fixed words "faire état de", "s'attendre à" before "d'une", "du", "au"."""
    assert next(c for _, c in contents(analyze(text))).startswith(content)


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Le porte-parole a tenu à rappeler que la France restait engagée au Sahel.",
            "la France restait engagée au Sahel",
        ),
        ("Le ministre a tenu à saluer le travail des forces de l'ordre.", "le travail des forces"),
        ("Le rapport semble confirmer que les chiffres ont été sous-estimés.", "les chiffres ont"),
    ],
)
def test_reporting_infinitive_after_a_control_verb_is_a_cue(analyze, text, content):
    assert next(c for _, c in contents(analyze(text))).startswith(content)


def test_an_intention_is_no_controlled_cue(analyze):
    """The verb "vouloir" is not in the control class: "veut annoncer" is an intention."""
    assert analyze("Le ministre veut annoncer un plan de relance.") == []


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "L'ambassadeur a été convoqué, a annoncé le ministère des Affaires étrangères "
            "dans un communiqué.",
            "L'ambassadeur a été convoqué",
            "ministère des Affaires étrangères",
        ),
        (
            "Le suspect a été interpellé, a précisé le parquet lors d'une conférence de presse.",
            "Le suspect a été interpellé",
            "parquet",
        ),
        (
            "Le sommet est reporté, a annoncé mardi la présidence, sans donner de date.",
            "Le sommet est reporté",
            "présidence",
        ),
        (
            "Le bilan est de douze morts, a indiqué la police, précisant que deux personnes "
            "étaient portées disparues.",
            "Le bilan est de douze morts",
            "police",
        ),
    ],
)
def test_inverted_speaker_followed_by_where_or_a_clause_about_it(analyze, text, content, speaker):
    """The speaker of an inversion, then where it spoke ("dans un communiqué", "lors d'une
    conférence de presse") or a clause about it (", sans …", ", précisant que …")."""
    q = next(q for q in analyze(text) if q.content == content)
    assert q.type == "indirect" and speaker in q.speaker.name


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Ce bilan a été confirmé par une source militaire qui a fait état de nombreux "
            "prisonniers.",
            "Ce bilan",
            "une source militaire",
        ),
        (
            "Une information confirmée par la suite à l'AFP par le parti présidentiel.",
            "Une information",
            "le parti présidentiel",
        ),
        (
            "Ces primes, promises par Emmanuel Macron fin mars, seront exemptes d'impôts.",
            "Ces primes",
            "Emmanuel Macron",
        ),
    ],
)
def test_passive_of_a_reporting_verb_with_a_speaker_as_agent(analyze, text, content, speaker):
    """The agent of a passive of the ``by_agent`` class is the speaker, its subject what was
    said."""
    q = next(q for q in analyze(text) if q.content == content)
    assert q.type == "indirect" and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        # a verb whose object is a person, a clause of its own, an agent that says nothing
        "Le ministre a été accusé par l'opposition de mentir aux Français.",
        "Le prix avait fait polémique lorsque l'information avait été dévoilée par l'Express.",
        "La nouvelle a été confirmée par la suite.",
        "Le texte, présenté par le gouvernement en conseil des ministres, prévoit une taxe.",
    ],
)
def test_passive_without_a_speaking_agent_is_no_quote(analyze, text):
    assert analyze(text) == []


def test_inversion_after_a_whole_clause_for_a_verb_that_may_take_a_person(analyze):
    """The verb "dénoncer" may take a person as object, but after a whole clause and a comma the
    speaker that ends the sentence is its inverted subject."""
    text = (
        "Les inégalités se sont encore creusées en 2018, a dénoncé lundi l'ONG Oxfam, qui "
        "appelle les Etats à taxer les plus riches."
    )
    q = next(q for q in analyze(text) if q.cue.text == "a dénoncé")
    assert q.content == "Les inégalités se sont encore creusées en 2018"
    assert q.speaker.name == "Oxfam"


def test_juger_with_an_object_and_its_attribute_is_reported_speech(analyze):
    """The verb "juger" + object + attribute is a judgement said (object "yes")."""
    text = "Le ministre a jugé la situation très préoccupante."
    assert contents(analyze(text)) == [("indirect", "la situation très préoccupante")]
