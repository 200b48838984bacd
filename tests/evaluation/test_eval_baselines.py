"""The textacy baseline."""

from __future__ import annotations

import sys

import pytest
from alep_items import ALEP, DIRECT, gold_doc, gold_quote

from veille.evaluation import names_match, score, textacy_predictions


def test_textacy_baseline_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "textacy", None)
    with pytest.raises(ImportError, match=r"pip install '\.\[baselines\]'"):
        textacy_predictions([ALEP])


def test_textacy_baseline_finds_the_direct_quote():
    pytest.importorskip("textacy")
    from textacy import constants

    before = set(constants.REPORTING_VERBS["fr"])
    (prediction,) = textacy_predictions([ALEP])
    assert set(constants.REPORTING_VERBS["fr"]) == before  # the patch is undone
    (quote,) = prediction["quotes"]
    assert quote["type"] == "direct"
    assert ALEP[quote["start"] : quote["end"]] == quote["content"]
    assert quote["content"].startswith("La libération de la ville d’Alep des extrémistes")
    assert names_match(quote["speaker"]["name"], "Vladimir Poutine")
    gold = gold_doc(quotes=[gold_quote(*DIRECT)])
    assert score([gold], [prediction])["quotes"]["f1"] == 1.0
