"""score(), details(), evaluate(): every task together, undefined ratios, alignment."""

from __future__ import annotations

import copy
import json

import pytest
from alep_items import (
    ALEP,
    DIRECT,
    INDIRECT,
    as_prediction,
    entity,
    gold_doc,
    gold_event,
    gold_quote,
    place,
    pred_doc,
    pred_event,
    pred_quote,
)

import veille
from veille.evaluation import (
    check_floors,
    details,
    evaluate,
    evaluate_many,
    floors_by_file,
    read_gold,
    score,
)


def test_perfect_prediction_scores_one():
    gold = gold_doc(
        quotes=[gold_quote(*INDIRECT, "indirect"), gold_quote(*DIRECT)],
        entities=[
            {"name": "Vladimir Poutine", "type": "PER", "mentions": ["Poutine"]},
            {"name": "Alep", "type": "LOC", "mentions": ["Alep"]},
            {"name": "Tass", "type": "ORG", "mentions": ["Tass"]},
        ],
        places=[{"mention": "Alep", "name": "Aleppo", "country": "SY", "kind": "city",
                 "lat": 36.2, "lon": 37.16}],
        events=[gold_event("CONSULT", "rencontre")],
    )  # fmt: skip
    pred = pred_doc(
        quotes=[pred_quote(*INDIRECT, "indirect"), pred_quote(*DIRECT)],
        entities=[
            entity("Vladimir Poutine", "PER"),
            entity("Alep", "LOC"),
            entity("Tass", "ORG"),
        ],
        places=[place("Alep", "SY", 36.2, 37.16)],
        events=[pred_event("CONSULT", "rencontre")],
    )
    s = score([gold], [pred])
    assert s["docs"] == 1
    q = s["quotes"]
    assert (q["precision"], q["recall"], q["f1"], q["lenient_f1"]) == (1.0, 1.0, 1.0, 1.0)
    assert (q["tp"], q["fp"], q["fn"]) == (2, 0, 0)
    assert q["by_type"]["direct"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "gold": 1,
        "predicted": 1,
    }
    assert q["by_type"]["mixed"] == {
        "precision": None,
        "recall": None,
        "f1": None,
        "gold": 0,
        "predicted": 0,
    }
    assert s["speaker_accuracy"] == 1.0
    assert all(s["entities"][t]["f1"] == 1.0 for t in ("PER", "ORG", "LOC", "all"))
    assert s["places"] == {
        "country_accuracy": 1.0,
        "city_within_50km": 1.0,
        "gold": 1,
        "gold_cities": 1,
    }
    e = s["events"]
    assert (e["f1"], e["detection_f1"], e["actor_country_accuracy"], e["modality_accuracy"]) == (
        1.0,
        1.0,
        1.0,
        1.0,
    )
    assert details([gold], [pred]) == []


def test_none_when_nothing_gold_and_nothing_predicted():
    s = score([gold_doc()], [pred_doc()])
    assert s["quotes"]["precision"] is None
    assert s["quotes"]["recall"] is None
    assert s["quotes"]["f1"] is None
    assert s["quotes"]["lenient_f1"] is None
    assert s["speaker_accuracy"] is None
    assert s["entities"]["all"] == {"precision": None, "recall": None, "f1": None}
    assert s["places"]["country_accuracy"] is None
    assert s["places"]["city_within_50km"] is None
    assert s["events"]["f1"] is None
    assert s["events"]["modality_accuracy"] is None


def test_nothing_predicted_for_gold_gives_zero_f1():
    gold = gold_doc(quotes=[gold_quote(*DIRECT)], events=[gold_event("CONSULT", "rencontre")])
    s = score([gold], [{"text": ALEP}])  # missing keys mean nothing predicted
    assert (s["quotes"]["f1"], s["quotes"]["recall"], s["quotes"]["precision"]) == (0.0, 0.0, None)
    assert s["events"]["f1"] == 0.0
    assert s["speaker_accuracy"] is None


def test_misaligned_inputs_raise():
    with pytest.raises(ValueError, match="aligned"):
        score([gold_doc()], [])


def test_gold_against_itself_is_perfect(dev_gold):
    s = score(dev_gold, [as_prediction(r) for r in dev_gold])
    assert s["docs"] == len(dev_gold)
    assert s["quotes"]["f1"] == 1.0
    assert s["quotes"]["tp"] == sum(len(r["quotes"]) for r in dev_gold)
    assert s["speaker_accuracy"] == 1.0
    assert s["entities"]["all"]["f1"] == 1.0
    assert s["places"]["country_accuracy"] == 1.0
    assert s["places"]["city_within_50km"] == 1.0
    assert s["events"]["f1"] == 1.0
    assert details(dev_gold, [as_prediction(r) for r in dev_gold]) == []


def test_gold_against_degraded_copy(dev_gold):
    """Dropping every other quote halves recall and leaves precision at 1."""
    preds = [as_prediction(r) for r in dev_gold]
    for p in preds:
        p["quotes"] = p["quotes"][::2]
    q = score(dev_gold, preds)["quotes"]
    assert q["precision"] == 1.0
    assert q["fn"] == sum(len(r["quotes"]) // 2 for r in dev_gold)


def test_evaluate_runs_analyze_many_and_writes_details(tmp_path, monkeypatch):
    gold_path = tmp_path / "gold.jsonl"
    gold = gold_doc(date="2016-12-23", quotes=[gold_quote(*DIRECT)])
    gold_path.write_text(json.dumps(gold, ensure_ascii=False) + "\n\n", encoding="utf-8")
    seen = {}

    def fake_analyze_many(texts, *, dates=None):
        seen["texts"], seen["dates"] = list(texts), list(dates)
        return iter([pred_doc(quotes=[pred_quote(*INDIRECT, "indirect")])])

    monkeypatch.setattr(veille, "analyze_many", fake_analyze_many)
    out = tmp_path / "details.jsonl"
    s = evaluate(gold_path, details_path=out)
    assert seen == {"texts": [ALEP], "dates": ["2016-12-23"]}
    assert (s["quotes"]["tp"], s["quotes"]["fp"], s["quotes"]["fn"]) == (0, 1, 1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["kind"] for r in rows) == ["quote_fn", "quote_fp"]
    assert all(r["doc"] == "alep" for r in rows)


def test_evaluate_rejects_unknown_baseline(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_doc()) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown baseline"):
        evaluate(path, baseline="nope")


def _fake_analyze_many(monkeypatch, predictions_by_text):
    """veille.analyze_many replaced by the given predictions (no model loaded)."""

    def fake(texts, *, dates=None):
        return iter([copy.deepcopy(predictions_by_text[t]) for t in texts])

    monkeypatch.setattr(veille, "analyze_many", fake)


def _write(path, *records):
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_evaluate_many_scores_each_file_and_names_it_in_the_details(tmp_path, monkeypatch):
    first_sentence = ALEP[: ALEP.index("\n") + 1]
    found = gold_doc(quotes=[gold_quote(*DIRECT)])
    missed = gold_doc(id="alep-1", text=first_sentence, quotes=[gold_quote(*INDIRECT, "indirect")])
    _fake_analyze_many(
        monkeypatch,
        {ALEP: pred_doc(quotes=[pred_quote(*DIRECT)]), first_sentence: pred_doc(id=None)},
    )
    dev, check = _write(tmp_path / "dev.jsonl", found), _write(tmp_path / "check.jsonl", missed)
    out = tmp_path / "details.jsonl"
    results = evaluate_many([dev, check], details_path=out)
    assert list(results) == [str(dev), str(check)]
    assert results[str(dev)]["quotes"]["f1"] == 1.0
    assert results[str(check)]["quotes"]["recall"] == 0.0
    assert results[str(dev)] == evaluate(dev)  # one file alone scores the same
    # the details are the first file's only: check's miss is scored, never shown
    assert out.read_text(encoding="utf-8") == ""
    evaluate_many([check, dev], details_path=out)
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert (row["gold"], row["doc"], row["kind"]) == (str(check), "alep-1", "quote_fn")
    assert row["sentence"].startswith("Moscou / Le président russe")


def test_evaluate_many_refuses_a_file_given_twice(tmp_path):
    path = _write(tmp_path / "gold.jsonl", gold_doc())
    with pytest.raises(ValueError, match="twice"):
        evaluate_many([path, str(path)])


def test_read_gold_says_which_line_is_broken(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_doc()) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"gold\.jsonl:3: not a JSON object"):
        read_gold(path)


def test_check_floors():
    s = score([gold_doc(quotes=[gold_quote(*DIRECT)])], [pred_doc(quotes=[pred_quote(*DIRECT)])])
    assert check_floors(s, {"quotes.f1": 0.9, "entities.all.f1": 0}) == []
    assert check_floors(s, {"quotes.f1": 1.01}) == ["quotes.f1: 1.0000 < floor 1.01"]
    assert check_floors(s, {"events.f1": 0.5}) == ["events.f1: no score (floor 0.5)"]
    assert check_floors(s, {"quotes.nope.f1": 0.1}) == ["quotes.nope.f1: no score (floor 0.1)"]


def test_floors_gate_the_first_file_unless_they_name_files():
    names = ["../shared/eval/dev.jsonl", "../shared/eval/check.jsonl"]
    flat = {"about": "dev floors", "floors": {"quotes.f1": 0.88}}
    assert floors_by_file(flat, names) == {names[0]: {"quotes.f1": 0.88}}
    assert floors_by_file({"quotes.f1": 0.88}, names[1:]) == {names[1]: {"quotes.f1": 0.88}}
    by_file = {
        "floors": {
            "check.jsonl": {"about": "check floors", "floors": {"quotes.f1": 0.81}},
            "../shared/eval/dev.jsonl": {"quotes.f1": 0.88},
        }
    }
    assert floors_by_file(by_file, names) == {
        names[0]: {"quotes.f1": 0.88},
        names[1]: {"quotes.f1": 0.81},
    }
    assert floors_by_file({"check.jsonl": {"quotes.f1": 0.81}}, names) == {
        names[1]: {"quotes.f1": 0.81}  # dev is not gated
    }
    with pytest.raises(ValueError, match=r"stories\.jsonl"):
        floors_by_file({"stories.jsonl": {"quotes.f1": 0.5}}, names)
    with pytest.raises(ValueError, match="JSON object"):
        floors_by_file([0.5], names)  # type: ignore[arg-type]


def test_veille_evaluate_still_imports():
    from veille import evaluate as compat

    assert compat.score is score
    assert compat.jaccard((0, 10), (5, 15)) == pytest.approx(1 / 3)
