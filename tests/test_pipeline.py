"""The pipeline: glued sentences split for analysis without moving offsets; batches."""

from __future__ import annotations

import veille
from veille.pipeline import analyze_many, get_nlp


def _sentences(text: str) -> list[str]:
    return [s.text for s in get_nlp()(text).sents]


def test_glued_after_full_stop_is_two_sentences(nlp):
    text = "Le bilan s'élève à 300 morts sur les sept derniers jours.Au total, 18.638 morts."
    doc = nlp(text)
    assert doc.text == text
    assert [s.text for s in doc.sents] == [
        "Le bilan s'élève à 300 morts sur les sept derniers jours.",
        "Au total, 18.638 morts.",
    ]


def test_glued_lowercase_uppercase_is_two_sentences_without_moving_offsets(nlp):
    text = (
        "Les deux délégations ont repris les discussionsLes groupes armés ont quitté "
        "la ville jeudi soir."
    )
    doc = nlp(text)
    assert doc.text == text
    sents = [s.text for s in doc.sents]
    assert sents[0].endswith("discussions")
    assert sents[1].startswith("Les groupes armés")
    d = veille.analyze(text)
    assert d.text == text


def test_glued_closing_then_opening_quote_is_two_sentences(nlp):
    text = (
        '"Je ne pense pas que ce soit constitutionnel.""Nous n\'avons jamais rien vu de tel", '
        "a remarqué le journaliste."
    )
    doc = nlp(text)
    assert doc.text == text
    starts = [s.start_char for s in doc.sents]
    assert text.index('"Nous') in starts


def test_each_line_starts_a_sentence(nlp):
    text = (
        "Poutine : Il faut arrêter les combats sur tous les territoires syriens\n"
        "Par ailleurs, Poutine a affirmé la nécessité de lancer le dialogue politique."
    )
    doc = nlp(text)
    assert [s.text.strip() for s in doc.sents][:2] == [
        "Poutine : Il faut arrêter les combats sur tous les territoires syriens",
        "Par ailleurs, Poutine a affirmé la nécessité de lancer le dialogue politique.",
    ]


def test_analyze_many_keeps_order_and_dates(nlp):
    texts = [
        "Damas, 23 déc. (SANA) - L'armée syrienne a repris le contrôle d'Alep.",
        "PARIS (AFP) - Le président français a reçu son homologue libanais.",
    ]
    out = list(analyze_many(texts, dates=["2016-12-23", None]))
    assert [d.text for d in out] == texts
    assert out[0].date == "2016-12-23"
    assert out[1].date is None
    assert out[1].source.name == "AFP"


def test_two_processes_give_the_same_result_as_one(nlp):
    texts = [
        "Moscou / Le président russe, Vladimir Poutine, a reçu le ministre de la Défense.",
        "BEYROUTH, 5 mars 2017 (AFP) - Des milliers de manifestants ont défilé à Beyrouth.",
        "Le bilan atteint 3,3% de la population, soit 1,5 million de personnes.",
    ]
    one = [d.to_dict() for d in analyze_many(texts)]
    two = [d.to_dict() for d in analyze_many(texts, n_process=2)]
    assert one == two


def test_dateline_date_is_the_date_when_none_is_given(nlp):
    d = veille.analyze("BEYROUTH, 5 mars 2017 (AFP) - Des milliers de manifestants ont défilé.")
    assert d.date == "2017-03-05"
    assert d.dateline.place.text == "BEYROUTH"
    assert [p.name for p in d.places if p.mention.text == "BEYROUTH"] == ["Beirut"]
