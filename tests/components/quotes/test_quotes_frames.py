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
    assert [c for _, c in contents(analyze(text))] == [
        "il pensait livrer du tabac et justifie la méthode par les taxes"
    ]
