"""Quotes: strict and lenient span matching, types, speakers, on real French text."""

from __future__ import annotations

import pytest
from alep_items import DIRECT, INDIRECT, gold_doc, gold_quote, pred_doc, pred_quote

from veille.evaluation import details, jaccard, score
from veille.evaluation.matching import Document
from veille.evaluation.quotes import compare, speaker_name


def test_span_jaccard_threshold():
    gold = gold_doc(quotes=[gold_quote(300, 400)])
    shifted_06 = pred_quote(325, 425)  # 75 / 125
    shifted_04 = pred_quote(343, 443)  # 57 / 143
    assert jaccard((300, 400), (325, 425)) == pytest.approx(0.6)
    assert jaccard((300, 400), (343, 443)) == pytest.approx(0.399, abs=1e-3)
    assert score([gold], [pred_doc(quotes=[shifted_06])])["quotes"]["tp"] == 1
    s = score([gold], [pred_doc(quotes=[shifted_04])])["quotes"]
    assert (s["tp"], s["fp"], s["fn"], s["f1"]) == (0, 1, 1, 0.0)


def test_lenient_variant_uses_overlap_over_gold_length():
    gold = gold_doc(quotes=[gold_quote(300, 400)])
    inside_04 = pred_doc(quotes=[pred_quote(300, 340)])  # Jaccard 0.4, overlap/gold 0.4
    inside_02 = pred_doc(quotes=[pred_quote(300, 320)])  # overlap/gold 0.2
    s = score([gold], [inside_04])["quotes"]
    assert s["f1"] == 0.0
    assert s["lenient_f1"] == 1.0
    assert score([gold], [inside_02])["quotes"]["lenient_f1"] == 0.0


def test_each_gold_quote_matches_one_prediction():
    gold = gold_doc(quotes=[gold_quote(*DIRECT)])
    pred = pred_doc(quotes=[pred_quote(*DIRECT), pred_quote(DIRECT[0] + 2, DIRECT[1])])
    q = score([gold], [pred])["quotes"]
    assert (q["tp"], q["fp"], q["fn"]) == (1, 1, 0)
    assert q["precision"] == 0.5
    assert q["recall"] == 1.0
    assert q["lenient_f1"] == pytest.approx(2 / 3)
    kinds = [d["kind"] for d in details([gold], [pred])]
    assert kinds == ["quote_fp"]


def test_matching_prefers_more_matches_over_better_overlap():
    # pred 0 overlaps both gold quotes, best with gold 0; pred 1 only gold 0.
    # Greedy-by-best-Jaccard would pair (g0, p0) and leave g1 unmatched.
    gold = gold_doc(quotes=[gold_quote(300, 400), gold_quote(330, 440)])
    pred = pred_doc(quotes=[pred_quote(310, 410), pred_quote(290, 390)])
    assert jaccard((300, 400), (290, 390)) >= 0.5
    assert jaccard((330, 440), (290, 390)) < 0.5
    assert jaccard((330, 440), (310, 410)) >= 0.5
    assert score([gold], [pred])["quotes"]["tp"] == 2


def test_by_type_recall_per_gold_type_precision_per_predicted_type():
    gold = gold_doc(quotes=[gold_quote(*DIRECT, "direct"), gold_quote(*INDIRECT, "indirect")])
    pred = pred_doc(quotes=[pred_quote(*DIRECT, "mixed"), pred_quote(*INDIRECT, "indirect")])
    by_type = score([gold], [pred])["quotes"]["by_type"]
    assert by_type["direct"]["recall"] == 1.0  # found, whatever its predicted type
    assert by_type["direct"]["precision"] is None
    assert by_type["mixed"]["precision"] == 1.0  # a correct prediction, whatever the gold type
    assert by_type["mixed"]["recall"] is None
    assert (by_type["mixed"]["gold"], by_type["mixed"]["predicted"]) == (0, 1)
    assert by_type["indirect"]["f1"] == 1.0


def test_speaker_accuracy_over_matched_quotes():
    gold = gold_doc(
        quotes=[
            gold_quote(*INDIRECT, "indirect"),
            gold_quote(*DIRECT),
            gold_quote(300, 400, speaker="Sergueï Choïgou"),
            gold_quote(500, 600, speaker="Sergueï Choïgou"),
        ]
    )
    pred = pred_doc(
        quotes=[
            pred_quote(*INDIRECT, "indirect", speaker="Poutine"),
            pred_quote(*DIRECT, speaker="Macron"),
            pred_quote(300, 400, speaker="Choïgou"),
            pred_quote(500, 600, speaker=None),  # missing: wrong
        ]
    )
    assert score([gold], [pred])["speaker_accuracy"] == 0.5
    wrong = [d for d in details([gold], [pred]) if d["kind"] == "speaker_wrong"]
    assert [d["predicted"] for d in wrong] == ["Macron", None]
    assert wrong[0]["sentence"].startswith("Lors de sa rencontre")


@pytest.mark.parametrize(
    ("speaker", "name"),
    [
        ("Vladimir Poutine", "Vladimir Poutine"),
        ({"entity": "e1", "name": "Vladimir Poutine", "mention": None}, "Vladimir Poutine"),
        ({"entity": None, "name": None, "mention": {"text": "le président russe"}},
         "le président russe"),
        ({"entity": None, "name": "", "mention": None}, None),
        (None, None),
    ],
)  # fmt: skip
def test_speaker_name_falls_back_to_the_mention(speaker, name):
    assert speaker_name({"speaker": speaker}) == name


def test_compare_one_document_counts_and_misses():
    gold = gold_doc(quotes=[gold_quote(*DIRECT), gold_quote(*INDIRECT, "indirect")])
    pred = pred_doc(quotes=[pred_quote(*DIRECT, "mixed", speaker="le président russe")])
    doc = Document.of(gold, pred)
    c = compare(gold, pred, doc)
    assert (c.tp, c.pred, c.gold, c.lenient_tp, c.speaker_ok) == (1, 1, 2, 1, 0)
    assert c.gold_by_type == {"direct": 1, "indirect": 1}
    assert (c.found_by_type, c.pred_by_type, c.correct_by_type) == (
        {"direct": 1},
        {"mixed": 1},
        {"mixed": 1},
    )
    assert [m["kind"] for m in doc.misses] == ["quote_fn", "speaker_wrong"]
