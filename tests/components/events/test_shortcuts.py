"""The event coder's shortcuts give the answers of the slow way they replace: a date scan
skipped for a text without date words, determiners read from the arrays of the parse, the
morphological features parsed once, the stop phrases looked for by their words, the
complements of a word read once. Hand-built Docs: no model, milliseconds.
"""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from testkit import parsed
from veille import dates
from veille.components.events import lookups, rules
from veille.components.events.matching import _with_det
from veille.text.fold import lower

# "Selon la police, les manifestants auraient attaqué le commissariat de Lyon"
ATTACKED = parsed(
    ("Selon", 2, "case", "ADP", "selon", ""),
    ("la", 2, "det", "DET", "le", "Definite=Def|Gender=Fem|Number=Sing|PronType=Art"),
    ("police", 7, "obl:mod", "NOUN", "police", "Gender=Fem|Number=Sing"),
    (",", 2, "punct", "PUNCT", ",", ""),
    ("les", 5, "det", "DET", "le", "Definite=Def|Number=Plur|PronType=Art"),
    ("manifestants", 7, "nsubj", "NOUN", "manifestant", "Gender=Masc|Number=Plur"),
    ("auraient", 7, "aux:tense", "AUX", "avoir", "Mood=Cnd|Number=Plur|Person=3|Tense=Pres"),
    ("attaqué", 7, "ROOT", "VERB", "attaquer", "Gender=Masc|Number=Sing|Tense=Past|VerbForm=Part"),
    ("le", 9, "det", "DET", "le", "Definite=Def|Gender=Masc|Number=Sing|PronType=Art"),
    ("commissariat", 7, "obj", "NOUN", "commissariat", "Gender=Masc|Number=Sing"),
    ("de", 11, "case", "ADP", "de", ""),
    ("Lyon", 9, "nmod", "PROPN", "Lyon", ""),
)


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre a parlé jeudi avec son homologue.",
        "LE MINISTRE A PARLÉ JEUDI, LE 12 MARS 2019.",
        "Il y a trois ans, en 2016, dans les années 1990.",
        "La ſemaine dernière, hİer, avant-hıer.",  # letters the pattern takes for s and i
        "Aujourd’hui et demain, le mois prochain.",
        "Les manifestants ont attaqué le commissariat.",
        "2000 personnes, 1850 euros, 19 blessés.",
        "",
    ],
)
def test_a_text_scanned_or_not_gives_the_dates_the_pattern_finds(text: str):
    found = [(m.group(), m.start(), m.end()) for m in dates._PATTERN.finditer(text)]
    assert [(d.text, d.start, d.end) for d in dates.find_dates(text)] == found
    assert dates._may_hold_dates(text) or not found


def test_the_tokens_with_a_determiner_are_read_from_the_arrays():
    with_det = _with_det(ATTACKED)
    assert with_det == {t.i for t in ATTACKED if any(c.dep_ == "det" for c in t.children)}
    assert with_det == {2, 5, 9}
    assert _with_det(Doc(parsed().vocab, words=[])) == frozenset()


@pytest.mark.parametrize("name", ["Mood", "Tense", "VerbForm", "Number", "PronType", "Poss"])
def test_the_features_of_a_token_are_those_of_its_analysis(name: str):
    info = lookups.DocInfo(ATTACKED, {}, {}, {}, [], [], None, None, [])
    for t in ATTACKED:
        assert info.feature(t, name) == tuple(t.morph.get(name))
    assert info.feature(ATTACKED[6], "Mood") == ("Cnd",)


def test_the_words_of_a_sentence_are_found_by_their_folded_form():
    info = lookups.DocInfo(ATTACKED, {}, {}, {}, [], [], None, None, [])
    assert info.in_sentence(frozenset(["selon", "d'après"]), 7) == [0]
    assert info.in_sentence(frozenset(["lyon"]), 0) == [11]
    assert info.in_sentence(frozenset(["paris"]), 0) == []


def test_every_stop_phrase_holds_its_pieces():
    """A text that matches a phrase of ``events_stop.tsv`` holds each of its pieces, folded
    or not: a window without one of them is not scanned."""
    for phrase in rules._stop_phrases():
        pattern = phrase.pattern.pattern
        assert phrase.pieces, pattern
        # the phrase written out: any word for "_", a plural for "*"
        words = re.sub(r"\\S\+", "mot", pattern.removeprefix(r"(?<!\w)").removesuffix(r"(?!\w)"))
        sample = re.sub(r"\\w\*", "s", words.replace(r"\s+", " ")).replace("\\", "")
        assert phrase.pattern.search(lower(sample)), (pattern, sample)
        assert all(p in sample.lower() for p in phrase.pieces), (pattern, sample)


def test_a_window_with_a_typographic_apostrophe_still_meets_its_phrase():
    window = "preuves à l’appui, le ministre a répondu"
    low = window.lower()
    phrase = next(x for key, x in rules._stop_keys() if key == "appui")
    assert all(p in low for p in phrase.pieces)
    assert phrase.pattern.search(lower(window))
