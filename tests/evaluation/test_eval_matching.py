"""The one matching helper: folding, names, sentences, the one-to-one assignment."""

from __future__ import annotations

import itertools
import random

import pytest
from alep_items import ALEP, SENT1_END, span_in

from veille.evaluation import fold, match, names_match, sentence_bounds
from veille.evaluation.matching import (
    Document,
    locate,
    name_weight,
    overlap_ratio,
    sentence_index,
    span_of,
)


def test_fold():
    assert fold("Sergueï  Choïgou") == "serguei choigou"
    assert fold("l’Agence de presse « Tass »") == "l agence de presse tass"
    assert fold("Bachar al-Assad") == "bachar al assad"
    assert fold(None) == ""


@pytest.mark.parametrize(
    ("predicted", "gold", "ok"),
    [
        ("Poutine", "Vladimir Poutine", True),
        ("Choïgou", "Sergueï Choïgou", True),
        ("SERGUEI CHOIGOU", "Sergueï Choïgou", True),
        ("le président Vladimir Poutine", "Vladimir Poutine", True),
        ("Macron", "Poutine", False),
        ("Vladimir", "Sergueï Choïgou", False),
        ("", "Vladimir Poutine", False),
    ],
)
def test_names_match(predicted, gold, ok):
    assert names_match(predicted, gold) is ok


def test_sentence_bounds_glued_and_closing_marks():
    text = "Les combats ont duré trois jours.Au total, 100.000 personnes ont fui."
    assert [text[s:e] for s, e in sentence_bounds(text)] == [
        "Les combats ont duré trois jours.",
        "Au total, 100.000 personnes ont fui.",
    ]
    text = "Il a dit : « La paix est proche. » M. Poutine a souligné l’importance du dialogue !"
    assert [text[s:e] for s, e in sentence_bounds(text)] == [
        "Il a dit : « La paix est proche. »",
        "M. Poutine a souligné l’importance du dialogue !",
    ]
    text = '« Pourquoi ? » a-t-il demandé. "Nous restons."Le ministre est parti'
    assert [text[s:e] for s, e in sentence_bounds(text)] == [
        "« Pourquoi ? » a-t-il demandé.",
        '"Nous restons."',
        "Le ministre est parti",
    ]


def test_sentence_bounds_alep():
    bounds = sentence_bounds(ALEP)
    assert len(bounds) == 3
    assert ALEP[bounds[0][0] : bounds[0][1]].endswith("en Syrie.")
    assert ALEP[bounds[1][0] : bounds[1][1]].endswith("« Tass ».")
    # a subheading without a full stop ends at its line break
    head = "Poutine : Il faut arrêter les combats\nPar ailleurs, Poutine a affirmé la nécessité."
    assert len(sentence_bounds(head)) == 2
    assert sentence_bounds("") == []


def _brute_force(weights: dict[tuple[int, int], float]) -> tuple[int, float]:
    edges = list(weights)
    best = (0, 0.0)
    for r in range(len(edges), 0, -1):
        for subset in itertools.combinations(edges, r):
            if len({i for i, _ in subset}) == r and len({j for _, j in subset}) == r:
                total = sum(weights[e] for e in subset)
                best = max(best, (r, round(total, 9)))
        if best[0]:
            return best
    return best


def test_match_is_maximum_cardinality_then_weight():
    rng = random.Random(7)
    for _ in range(150):
        n, m = rng.randint(1, 4), rng.randint(1, 4)
        weights = {
            (i, j): round(rng.random(), 3) for i in range(n) for j in range(m) if rng.random() < 0.5
        }
        pairs = match(weights)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert (len(pairs), round(sum(weights[p] for p in pairs), 9)) == _brute_force(weights)


def test_locate_counts_occurrences_from_one():
    first, second = span_in(ALEP, "libération"), span_in(ALEP, "libération", 2)
    assert locate(ALEP, "libération") == first
    assert locate(ALEP, "libération", 2) == second
    assert locate(ALEP, "libération", 3) is None
    assert locate(ALEP, "") is None


def test_span_of_and_overlap_ratio():
    assert span_of({"start": 3, "end": 9}) == (3, 9)
    assert span_of({"start": None, "end": 9}) is None
    assert span_of(None) is None
    assert overlap_ratio((300, 400), (350, 500)) == 0.5  # half the gold span is covered
    assert overlap_ratio((300, 300), (290, 310)) == 0.0  # an empty gold span


def test_name_weight_exact_then_subset():
    assert name_weight("Sergueï Choïgou", "SERGUEI CHOIGOU") == 1.0
    assert name_weight("Choïgou", "Sergueï Choïgou") == 0.5
    assert name_weight("Poutine", "Sergueï Choïgou") is None


def test_document_records_misses_with_their_sentences():
    doc = Document.of({"id": "alep", "text": ALEP}, {})
    assert len(doc.bounds) == 3
    assert doc.sentence_index(span_in(ALEP, "rencontre")) == 1
    assert doc.sentence_index(None) is None
    doc.miss("quote_fn", {"content": "x"}, (SENT1_END - 6, SENT1_END + 10), predicted=None)
    doc.miss("place_missing", {"mention": "Damas"}, None)
    across, nowhere = doc.misses
    assert across["doc"] == "alep"
    assert across["sentence"].startswith("Moscou")
    assert across["sentence"].endswith("« Tass ».")  # a span over two sentences gives both
    assert across["predicted"] is None
    assert nowhere["sentence"] is None


def test_document_text_from_the_prediction_without_gold_text():
    doc = Document.of({"id": "alep"}, {"id": "other", "text": ALEP})
    assert (doc.id, doc.text) == ("alep", ALEP)
    assert sentence_index([], 10) is None
