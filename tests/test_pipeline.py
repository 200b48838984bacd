"""The pipeline: glued sentences split for analysis without moving offsets; batches."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import SENT_START

import veille
from veille.pipeline import _bound_sentences, _mark_sentence_starts, analyze_many, get_nlp


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


# ---------------------------------------------------------------------------------------------
# Sentence marks set in arrays: the same as the token walks they replaced (issue 11)


def _walk_marks(doc, starts, limit):
    """The token walks ``_mark_sentence_starts`` and ``_bound_sentences`` replaced."""
    marks = [0] * len(doc)
    after_newline = False
    for tok in doc[1:]:
        if tok.is_space:
            after_newline = after_newline or "\n" in tok.text
            continue
        if tok.idx in starts or after_newline:
            marks[tok.i] = 1
        after_newline = False
    run = 0
    for tok in doc:
        end = tok.text in {".", "!", "?", "…", ";"} or "\n" in tok.text
        if tok.i == 0 or marks[tok.i] == 1 or end:
            run = 0
        else:
            run += 1
            if run >= limit:
                marks[tok.i], run = 1, 0
    return marks


_MARK_TEXTS = [
    "\n\nPoutine a parlé\n\nLe ministre a répondu . Fin",
    "Un titre sans point\nUne ligne  \n  une autre ligne ; et puis un mot de plus encore",
    "Le président a dit que la guerre durerait longtemps et que rien ne changerait jamais",
    "\n",
    "Mot",
    "Il dit . \n \n Elle part",
    "Un deux trois quatre . cinq six",  # runs of exactly 3 and 2 words
]


@pytest.mark.parametrize("limit", [2, 3, 5, 250])
@pytest.mark.parametrize("text", _MARK_TEXTS)
def test_sentence_marks_are_those_of_the_token_walks(text, limit):
    doc = spacy.blank("fr").make_doc(text)
    starts = {tok.idx for tok in doc if tok.text in ("Le", "une", "Elle")}
    marks = doc.to_array([SENT_START])
    marks[1:] = 0
    _mark_sentence_starts(doc, starts, marks)
    _bound_sentences(doc, marks, limit)
    assert [int(m) for m in marks[1:]] == _walk_marks(doc, starts, limit)[1:]


def test_a_line_with_no_sentence_end_is_cut_every_limit_tokens():
    doc = spacy.blank("fr").make_doc("un deux trois quatre cinq six sept . huit neuf")
    marks = doc.to_array([SENT_START])
    _bound_sentences(doc, marks, 3)
    assert [t.text for t, m in zip(doc, marks, strict=True) if m == 1][1:] == ["quatre", "sept"]


def test_lemmatizer_scanned_its_word_lists_for_every_new_word(nlp):
    """Regression: spaCy's French lemmatizer asks ``word in index`` of lists of up to 66,000
    verbs for each word it has not met, once per suffix rule: a quarter of the time on new
    text. veille's pipeline holds them as sets; the lemmas are the same."""
    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert index and all(isinstance(words, frozenset) for words in index.values())
    stock = spacy.load("fr_core_news_md", exclude=["ner"])
    text = "Les manifestants réclamaient la démission des ministres qu'ils accusaient de mentir."
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in stock(text)]


def test_elided_word_before_a_quote_mark_is_split(nlp):
    # "d'\"énorme" stayed one token: no "qualifier de" was found, and the quoted word was lost
    # to the parse (issue 13)
    text = 'L\'opposant a qualifié ce vote d\'"énorme mensonge", et l\'«arrêt» de l\'enquête.'
    words = [t.text for t in nlp.tokenizer(text)]
    assert words[6:9] == ["d'", '"', "énorme"]
    assert words[13:16] == ["l'", "«", "arrêt"]
    assert "l'enquête" not in words and "l'" in words[17:]
    doc = nlp(text)
    assert [e.cameo.code for e in doc._.events if e.trigger.text.startswith("qualifié")] == ["110"]


def test_elided_word_before_a_spaced_guillemet_was_cut_from_its_apostrophe(nlp):
    # French typography puts a space inside guillemets: "d'« énorme mensonge »" became "d",
    # "'", and no "qualifier de" was found; "1'\"000" is no elision (no letter before "'")
    text = "L'opposant a qualifié ce vote d'« énorme mensonge », jusqu'\u00a0« au bout »."
    words = [t.text for t in nlp.tokenizer(text)]
    assert words[6:8] == ["d'", "«"] and "jusqu'" in words
    doc = nlp(text)
    assert [e.cameo.code for e in doc._.events if e.trigger.text.startswith("qualifié")] == ["110"]
    assert "1'\"000" in [t.text for t in nlp.tokenizer("un total de 1'\"000 voix")]
