"""Entities: same type, folded names and the subset rule, one to one."""

from __future__ import annotations

import pytest
from alep_items import ALEP, entity, gold_doc, pred_doc, span_in

from veille.evaluation import details, score
from veille.evaluation.entities import entity_span


def test_entities_subset_rule_same_type_one_to_one():
    gold = gold_doc(
        entities=[
            {"name": "Vladimir Poutine", "type": "PER", "mentions": ["Vladimir Poutine"]},
            {"name": "Sergueï Choïgou", "type": "PER", "mentions": ["Sergueï Choïgou"]},
            {"name": "Tass", "type": "ORG", "mentions": ["Tass"]},
        ]
    )
    pred = pred_doc(
        entities=[
            entity("Poutine", "PER"),  # subset of a gold name
            entity("Vladimir Poutine", "PER"),  # the same gold entity again: false positive
            entity("Tass", "LOC"),  # right name, wrong type
            entity("Syrie", "MISC"),  # not scored
        ]
    )
    s = score([gold], [pred])["entities"]
    assert s["PER"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert s["ORG"] == {"precision": None, "recall": 0.0, "f1": 0.0}
    assert s["LOC"] == {"precision": 0.0, "recall": None, "f1": 0.0}
    assert s["all"]["precision"] == pytest.approx(1 / 3)
    assert s["all"]["recall"] == pytest.approx(1 / 3)
    kinds = sorted(d["kind"] for d in details([gold], [pred]))
    assert kinds == ["entity_fn", "entity_fn", "entity_fp", "entity_fp"]


def test_entity_span_first_located_mention_then_name():
    tass = span_in(ALEP, "Tass")
    assert entity_span(entity("Tass", "ORG"), ALEP) == tass  # a mention with offsets
    assert entity_span({"name": "Agence", "mentions": ["Damas", "Tass"]}, ALEP) == tass
    assert entity_span({"name": "Tass", "mentions": []}, ALEP) == tass
    assert entity_span({"name": "Damas", "mentions": ["Damas"]}, ALEP) is None


def test_entity_misses_sit_in_their_sentence():
    gold = gold_doc(entities=[{"name": "Sergueï Choïgou", "type": "PER", "mentions": ["Choïgou"]}])
    (miss,) = details([gold], [pred_doc()])
    assert miss["kind"] == "entity_fn"
    assert miss["sentence"].startswith("Lors de sa rencontre avec le ministre russe")
