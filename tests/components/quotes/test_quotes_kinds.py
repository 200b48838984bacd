"""Quotes: regressions named after the error kinds of issue 13 found on the dev set (reported
speech found by its frame, attribution phrases, speakers that are no one). Sentences are
written in the style of French wire copy, none copied from the gold files."""

from __future__ import annotations

from veille.model import Quote


def speaker(q: Quote) -> str | None:
    return q.speaker.name if q.speaker else None


def test_kind_inversion_with_a_subject_parsed_in_the_clause_before(analyze, by_content):
    # the parse makes "Trois" the subject of "a précisé": the speaker ends the sentence
    text = (
        "Trois ont été relâchés dans la soirée, tandis que les autres restaient en garde à vue, "
        "a précisé la gendarmerie samedi."
    )
    q = by_content(analyze(text), "Trois ont été relâchés")
    assert q.type == "indirect"
    assert speaker(q) == "la gendarmerie"


def test_kind_inversion_with_a_date_and_a_medium_before_the_speaker(analyze, by_content):
    text = (
        "La fermeture des écoles était inévitable dans les trois départements, a estimé "
        "mardi 4 février sur RTL la ministre de la Santé Agnès Buzyn."
    )
    q = by_content(analyze(text), "La fermeture des écoles")
    assert speaker(q) == "Agnès Buzyn"


def test_kind_prosecution_office_is_an_organisation_speaker(analyze, by_content):
    text = "Le suspect a été placé en détention provisoire dimanche, a indiqué le parquet."
    assert speaker(by_content(analyze(text), "Le suspect")) == "le parquet"


def test_kind_speaker_is_no_adverbial_or_time_fragment(analyze, by_content):
    # "de son côté", "ce mercredi" between the cue and the speaker are no speaker
    quotes = analyze(
        "« Nous ne lâcherons rien », a indiqué de son côté à l'AFP le commissaire Jean Dupuis. "
        "« Je me rassure », a ironisé ce mercredi Nicolas Sarkozy lors d'une réunion."
    )
    assert speaker(by_content(quotes, "Nous ne lâcherons")) == "Jean Dupuis"
    assert speaker(by_content(quotes, "Je me rassure")) == "Nicolas Sarkozy"
