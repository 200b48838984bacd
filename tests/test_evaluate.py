"""The scorer against hand-made gold/prediction pairs with known answers, on real French text."""

from __future__ import annotations

import copy
import itertools
import json
import random
import sys
from typing import Any

import pytest

import veille
from veille import evaluate as ev
from veille.evaluate import (
    details,
    fold,
    format_report,
    haversine_km,
    jaccard,
    match,
    names_match,
    score,
    sentence_bounds,
)

# The opening of examples/alep.txt, offsets as in the file.
ALEP = (
    "Moscou / Le président russe, Vladimir Poutine, a affirmé que la libération de la ville "
    "d’Alep des terroristes constitue un pas important vers le règlement de la crise en Syrie.\n"
    "Lors de sa rencontre avec le ministre russe de la Défense, Sergueï Choïgou, Poutine a dit : "
    "« La libération de la ville d’Alep des extrémistes constitue un facteur fondamental pour le "
    "retour à la situation normale en Syrie et dans la région entière », selon l’Agence de presse "
    "russe « Tass ».\n"
    "Poutine a souligné la nécessité de poursuivre le travail par son pays et les pays intéressés "
    "afin de parvenir à une trêve définitive.\n"
)
SENT1_END = ALEP.index("Syrie.") + len("Syrie.")


def _span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def _gold_quote(
    start: int, end: int, type_: str = "direct", speaker: str = "Vladimir Poutine"
) -> dict[str, Any]:
    return {
        "type": type_,
        "content": ALEP[start:end],
        "speaker": speaker,
        "speaker_mention": "Poutine",
        "cue": "a dit",
        "start": start,
        "end": end,
    }


def _pred_quote(
    start: int, end: int, type_: str = "direct", speaker: str | None = "Vladimir Poutine"
) -> dict[str, Any]:
    return {
        "type": type_,
        "content": ALEP[start:end],
        "start": start,
        "end": end,
        "cue": None,
        "speaker": None if speaker is None else {"entity": None, "name": speaker, "mention": None},
        "confidence": 1.0,
    }


def _gold(**parts: Any) -> dict[str, Any]:
    return {
        "id": "alep",
        "text": ALEP,
        "quotes": [],
        "entities": [],
        "places": [],
        "events": [],
    } | parts


def _pred(**parts: Any) -> dict[str, Any]:
    return {
        "id": "alep",
        "text": ALEP,
        "quotes": [],
        "entities": [],
        "places": [],
        "events": [],
    } | parts


def _entity(name: str, type_: str) -> dict[str, Any]:
    start, end = _span(ALEP, name)
    return {
        "id": name,
        "name": name,
        "type": type_,
        "mentions": [{"text": name, "start": start, "end": end, "kind": "name"}],
    }


def _place(mention: str, country: str | None, lat: float, lon: float, kind: str = "city") -> dict:
    start, end = _span(ALEP, mention)
    return {
        "entity": mention,
        "mention": {"text": mention, "start": start, "end": end},
        "name": mention,
        "country": country,
        "lat": lat,
        "lon": lon,
        "geonames_id": None,
        "kind": kind,
    }


def _pred_event(category: str, trigger: str, occurrence: int = 1, **kw: Any) -> dict[str, Any]:
    start, end = _span(ALEP, trigger, occurrence)
    return {
        "plover": category,
        "cameo": {"code": "", "root_code": ""},
        "trigger": {"text": trigger, "start": start, "end": end},
        "actors": kw.get("actors", [{"name": "Vladimir Poutine", "country": "RUS"}]),
        "recipients": [],
        "modality": kw.get("modality", "asserted"),
    }


def _gold_event(category: str, trigger: str, **kw: Any) -> dict[str, Any]:
    return {
        "category": category,
        "cameo_root": "04",
        "trigger": trigger,
        **({"occurrence": kw["occurrence"]} if "occurrence" in kw else {}),
        "actors": kw.get("actors", [{"name": "Vladimir Poutine", "country": "RUS"}]),
        "recipients": [],
        "location": None,
        "modality": kw.get("modality", "asserted"),
    }


DIRECT = _span(ALEP, "La libération de la ville d’Alep des extrémistes")[0], ALEP.index(" »")
INDIRECT = ALEP.index("la libération"), SENT1_END - 1


# ---------------------------------------------------------------------------------------------
# Quotes


def test_perfect_prediction_scores_one():
    gold = _gold(
        quotes=[_gold_quote(*INDIRECT, "indirect"), _gold_quote(*DIRECT)],
        entities=[
            {"name": "Vladimir Poutine", "type": "PER", "mentions": ["Poutine"]},
            {"name": "Alep", "type": "LOC", "mentions": ["Alep"]},
            {"name": "Tass", "type": "ORG", "mentions": ["Tass"]},
        ],
        places=[{"mention": "Alep", "name": "Aleppo", "country": "SY", "kind": "city",
                 "lat": 36.2, "lon": 37.16}],
        events=[_gold_event("CONSULT", "rencontre")],
    )  # fmt: skip
    pred = _pred(
        quotes=[_pred_quote(*INDIRECT, "indirect"), _pred_quote(*DIRECT)],
        entities=[
            _entity("Vladimir Poutine", "PER"),
            _entity("Alep", "LOC"),
            _entity("Tass", "ORG"),
        ],
        places=[_place("Alep", "SY", 36.2, 37.16)],
        events=[_pred_event("CONSULT", "rencontre")],
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


def test_span_jaccard_threshold():
    gold = _gold(quotes=[_gold_quote(300, 400)])
    shifted_06 = _pred_quote(325, 425)  # 75 / 125
    shifted_04 = _pred_quote(343, 443)  # 57 / 143
    assert jaccard((300, 400), (325, 425)) == pytest.approx(0.6)
    assert jaccard((300, 400), (343, 443)) == pytest.approx(0.399, abs=1e-3)
    assert score([gold], [_pred(quotes=[shifted_06])])["quotes"]["tp"] == 1
    s = score([gold], [_pred(quotes=[shifted_04])])["quotes"]
    assert (s["tp"], s["fp"], s["fn"], s["f1"]) == (0, 1, 1, 0.0)


def test_lenient_variant_uses_overlap_over_gold_length():
    gold = _gold(quotes=[_gold_quote(300, 400)])
    inside_04 = _pred(quotes=[_pred_quote(300, 340)])  # Jaccard 0.4, overlap/gold 0.4
    inside_02 = _pred(quotes=[_pred_quote(300, 320)])  # overlap/gold 0.2
    s = score([gold], [inside_04])["quotes"]
    assert s["f1"] == 0.0
    assert s["lenient_f1"] == 1.0
    assert score([gold], [inside_02])["quotes"]["lenient_f1"] == 0.0


def test_each_gold_quote_matches_one_prediction():
    gold = _gold(quotes=[_gold_quote(*DIRECT)])
    pred = _pred(quotes=[_pred_quote(*DIRECT), _pred_quote(DIRECT[0] + 2, DIRECT[1])])
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
    gold = _gold(quotes=[_gold_quote(300, 400), _gold_quote(330, 440)])
    pred = _pred(quotes=[_pred_quote(310, 410), _pred_quote(290, 390)])
    assert jaccard((300, 400), (290, 390)) >= 0.5
    assert jaccard((330, 440), (290, 390)) < 0.5
    assert jaccard((330, 440), (310, 410)) >= 0.5
    assert score([gold], [pred])["quotes"]["tp"] == 2


def test_by_type_recall_per_gold_type_precision_per_predicted_type():
    gold = _gold(quotes=[_gold_quote(*DIRECT, "direct"), _gold_quote(*INDIRECT, "indirect")])
    pred = _pred(quotes=[_pred_quote(*DIRECT, "mixed"), _pred_quote(*INDIRECT, "indirect")])
    by_type = score([gold], [pred])["quotes"]["by_type"]
    assert by_type["direct"]["recall"] == 1.0  # found, whatever its predicted type
    assert by_type["direct"]["precision"] is None
    assert by_type["mixed"]["precision"] == 1.0  # a correct prediction, whatever the gold type
    assert by_type["mixed"]["recall"] is None
    assert (by_type["mixed"]["gold"], by_type["mixed"]["predicted"]) == (0, 1)
    assert by_type["indirect"]["f1"] == 1.0


# ---------------------------------------------------------------------------------------------
# Speakers and names


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


def test_speaker_accuracy_over_matched_quotes():
    gold = _gold(
        quotes=[
            _gold_quote(*INDIRECT, "indirect"),
            _gold_quote(*DIRECT),
            _gold_quote(300, 400, speaker="Sergueï Choïgou"),
            _gold_quote(500, 600, speaker="Sergueï Choïgou"),
        ]
    )
    pred = _pred(
        quotes=[
            _pred_quote(*INDIRECT, "indirect", speaker="Poutine"),
            _pred_quote(*DIRECT, speaker="Macron"),
            _pred_quote(300, 400, speaker="Choïgou"),
            _pred_quote(500, 600, speaker=None),  # missing: wrong
        ]
    )
    assert score([gold], [pred])["speaker_accuracy"] == 0.5
    wrong = [d for d in details([gold], [pred]) if d["kind"] == "speaker_wrong"]
    assert [d["predicted"] for d in wrong] == ["Macron", None]
    assert wrong[0]["sentence"].startswith("Lors de sa rencontre")


# ---------------------------------------------------------------------------------------------
# Entities


def test_entities_subset_rule_same_type_one_to_one():
    gold = _gold(
        entities=[
            {"name": "Vladimir Poutine", "type": "PER", "mentions": ["Vladimir Poutine"]},
            {"name": "Sergueï Choïgou", "type": "PER", "mentions": ["Sergueï Choïgou"]},
            {"name": "Tass", "type": "ORG", "mentions": ["Tass"]},
        ]
    )
    pred = _pred(
        entities=[
            _entity("Poutine", "PER"),  # subset of a gold name
            _entity("Vladimir Poutine", "PER"),  # the same gold entity again: false positive
            _entity("Tass", "LOC"),  # right name, wrong type
            _entity("Syrie", "MISC"),  # not scored
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


# ---------------------------------------------------------------------------------------------
# Places


ALEP_GOLD = {"mention": "Alep", "name": "Aleppo", "country": "SY", "kind": "city",
             "lat": 36.2, "lon": 37.16}  # fmt: skip
SYRIE_GOLD = {"mention": "Syrie", "name": "Syria", "country": "SY", "kind": "country",
              "lat": 35.0, "lon": 38.0}  # fmt: skip


def test_haversine():
    assert haversine_km(36.2, 37.16, 36.21, 37.15) < 2
    assert 300 < haversine_km(36.2, 37.16, 33.51, 36.29) < 320  # Aleppo–Damascus


def test_places_city_within_50km():
    gold = _gold(places=[ALEP_GOLD, SYRIE_GOLD])
    near = _pred(
        places=[_place("Alep", "SY", 36.21, 37.15), _place("Syrie", "SY", 35, 38, "country")]
    )
    s = score([gold], [near])["places"]
    assert s == {"country_accuracy": 1.0, "city_within_50km": 1.0, "gold": 2, "gold_cities": 1}

    damascus = _pred(places=[_place("Alep", "SY", 33.51, 36.29)])  # right country, wrong city
    s = score([gold], [damascus])["places"]
    assert s["country_accuracy"] == 0.5  # Syrie is missing: wrong
    assert s["city_within_50km"] == 0.0
    kinds = {d["kind"]: d for d in details([gold], [damascus])}
    assert set(kinds) == {"place_wrong", "place_missing"}
    assert kinds["place_wrong"]["distance_km"] > 300
    assert kinds["place_missing"]["item"]["mention"] == "Syrie"


def test_places_wrong_country_and_null_country_ignored():
    sahel = {"mention": "région", "name": "Sahel", "country": None, "kind": "region",
             "lat": 15.0, "lon": 0.0}  # fmt: skip
    gold = _gold(places=[ALEP_GOLD, sahel])
    pred = _pred(places=[_place("Alep", "TR", 36.2, 37.16)])
    s = score([gold], [pred])["places"]
    assert s == {"country_accuracy": 0.0, "city_within_50km": 1.0, "gold": 1, "gold_cities": 1}


# ---------------------------------------------------------------------------------------------
# Events


def test_events_same_sentence_and_category():
    gold = _gold(events=[_gold_event("CONSULT", "rencontre")])
    # trigger elsewhere in the same sentence: matches
    same = _pred(events=[_pred_event("CONSULT", "a dit")])
    assert score([gold], [same])["events"]["f1"] == 1.0
    # same category, next sentence: no match
    other = _pred(events=[_pred_event("CONSULT", "nécessité")])
    e = score([gold], [other])["events"]
    assert (e["tp"], e["fp"], e["fn"], e["detection_f1"]) == (0, 1, 1, 0.0)
    # same sentence, another category: detected only
    wrong_cat = _pred(events=[_pred_event("ASSAULT", "rencontre")])
    e = score([gold], [wrong_cat])["events"]
    assert (e["f1"], e["detection_f1"]) == (0.0, 1.0)
    assert e["actor_country_accuracy"] is None


def test_sanction_is_coerce():
    gold = _gold(events=[_gold_event("SANCTION", "terroristes")])
    pred = _pred(events=[_pred_event("COERCE", "libération")])
    assert score([gold], [pred])["events"]["tp"] == 1


def test_statements_without_plover_category_are_not_scored_as_events():
    # GUIDELINES §4: plain statements are quotes, not events; veille still records them
    # as CAMEO 01 events with no PLOVER category, and they must not count as false events
    gold = _gold(events=[_gold_event("CONSULT", "rencontre")])
    statement = _pred_event("CONSULT", "a dit")
    statement["plover"] = None
    e = score([gold], [_pred(events=[statement, _pred_event("CONSULT", "rencontre")])])["events"]
    assert (e["tp"], e["fp"], e["fn"]) == (1, 0, 0)


def test_event_attributes_over_matched_events():
    gold = _gold(
        events=[
            _gold_event("ASSAULT", "libération", occurrence=2, modality="reported",
                        actors=[{"name": "forces syriennes", "country": "SYR"}]),
            _gold_event("COOPERATE", "travail",
                        actors=[{"name": "Russie", "country": "RUS"},
                                {"name": "Iran", "country": "IRN"}]),
        ]
    )  # fmt: skip
    pred = _pred(
        events=[
            _pred_event("ASSAULT", "libération", 2, modality="reported",
                        actors=[{"name": "Syrie", "country": "SYR"}]),
            _pred_event("COOPERATE", "travail", modality="future",
                        actors=[{"name": "Iran", "country": "IRN"},
                                {"name": "Moscou", "country": "RUS"}]),
        ]
    )  # fmt: skip
    e = score([gold], [pred])["events"]
    assert e["tp"] == 2
    assert e["actor_country_accuracy"] == 1.0  # sets: order does not matter
    assert e["modality_accuracy"] == 0.5

    # the string trigger's occurrence decides the sentence: the first "libération" is sentence 1
    first = copy.deepcopy(gold)
    first["events"][0]["occurrence"] = 1
    assert score([first], [pred])["events"]["tp"] == 1


def test_gold_trigger_as_span_dict():
    start, end = _span(ALEP, "rencontre")
    gold = _gold(
        events=[_gold_event("CONSULT", "x") | {"trigger": {"text": "rencontre", "start": start,
                                                            "end": end}}]
    )  # fmt: skip
    assert score([gold], [_pred(events=[_pred_event("CONSULT", "rencontre")])])["events"]["tp"] == 1


# ---------------------------------------------------------------------------------------------
# Sentences


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


# ---------------------------------------------------------------------------------------------
# Empty parts, alignment


def test_none_when_nothing_gold_and_nothing_predicted():
    s = score([_gold()], [_pred()])
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
    gold = _gold(quotes=[_gold_quote(*DIRECT)], events=[_gold_event("CONSULT", "rencontre")])
    s = score([gold], [{"text": ALEP}])  # missing keys mean nothing predicted
    assert (s["quotes"]["f1"], s["quotes"]["recall"], s["quotes"]["precision"]) == (0.0, 0.0, None)
    assert s["events"]["f1"] == 0.0
    assert s["speaker_accuracy"] is None


def test_misaligned_inputs_raise():
    with pytest.raises(ValueError, match="aligned"):
        score([_gold()], [])


# ---------------------------------------------------------------------------------------------
# Matching


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


# ---------------------------------------------------------------------------------------------
# The gold file against itself


def _as_prediction(record: dict[str, Any]) -> dict[str, Any]:
    """A gold record in the shape of ``Dispatch.to_dict()``."""
    return {
        "id": record["id"],
        "text": record["text"],
        "quotes": [
            {
                "type": q["type"],
                "content": q["content"],
                "start": q["start"],
                "end": q["end"],
                "cue": None,
                "speaker": {"entity": None, "name": q["speaker"], "mention": None},
                "confidence": 1.0,
            }
            for q in record["quotes"]
        ],
        "entities": [
            {"id": f"e{i}", "name": e["name"], "type": e["type"], "mentions": []}
            for i, e in enumerate(record["entities"])
        ],
        "places": [
            {
                "entity": None,
                "mention": {"text": p["mention"], "start": 0, "end": 0},
                "name": p["name"],
                "country": p["country"],
                "lat": p["lat"],
                "lon": p["lon"],
                "geonames_id": None,
                "kind": p["kind"],
            }
            for p in record["places"]
        ],
        "events": [
            {
                "plover": e["category"],
                "trigger": e["trigger"],
                "actors": e["actors"],
                "recipients": e["recipients"],
                "modality": e["modality"],
            }
            for e in record.get("events") or []
        ],
    }


def test_gold_against_itself_is_perfect(dev_gold):
    s = score(dev_gold, [_as_prediction(r) for r in dev_gold])
    assert s["docs"] == len(dev_gold)
    assert s["quotes"]["f1"] == 1.0
    assert s["quotes"]["tp"] == sum(len(r["quotes"]) for r in dev_gold)
    assert s["speaker_accuracy"] == 1.0
    assert s["entities"]["all"]["f1"] == 1.0
    assert s["places"]["country_accuracy"] == 1.0
    assert s["places"]["city_within_50km"] == 1.0
    assert s["events"]["f1"] == 1.0
    assert details(dev_gold, [_as_prediction(r) for r in dev_gold]) == []


def test_gold_against_degraded_copy(dev_gold):
    """Dropping every other quote halves recall and leaves precision at 1."""
    preds = [_as_prediction(r) for r in dev_gold]
    for p in preds:
        p["quotes"] = p["quotes"][::2]
    q = score(dev_gold, preds)["quotes"]
    assert q["precision"] == 1.0
    assert q["fn"] == sum(len(r["quotes"]) // 2 for r in dev_gold)


# ---------------------------------------------------------------------------------------------
# evaluate(), report, baseline


def test_evaluate_runs_analyze_many_and_writes_details(tmp_path, monkeypatch):
    gold_path = tmp_path / "gold.jsonl"
    gold = _gold(date="2016-12-23", quotes=[_gold_quote(*DIRECT)])
    gold_path.write_text(json.dumps(gold, ensure_ascii=False) + "\n\n", encoding="utf-8")
    seen = {}

    def fake_analyze_many(texts, *, dates=None):
        seen["texts"], seen["dates"] = list(texts), list(dates)
        return iter([_pred(quotes=[_pred_quote(*INDIRECT, "indirect")])])

    monkeypatch.setattr(veille, "analyze_many", fake_analyze_many)
    out = tmp_path / "details.jsonl"
    s = ev.evaluate(gold_path, details_path=out)
    assert seen == {"texts": [ALEP], "dates": ["2016-12-23"]}
    assert (s["quotes"]["tp"], s["quotes"]["fp"], s["quotes"]["fn"]) == (0, 1, 1)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["kind"] for r in rows) == ["quote_fn", "quote_fp"]
    assert all(r["doc"] == "alep" for r in rows)


def test_evaluate_rejects_unknown_baseline(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(_gold()) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown baseline"):
        ev.evaluate(path, baseline="nope")


def test_format_report_renders():
    from rich.console import Console

    gold = _gold(quotes=[_gold_quote(*DIRECT)])
    console = Console(width=120, record=True)
    console.print(format_report(score([gold], [_pred()])))
    out = console.export_text()
    assert "Quotes" in out
    assert "according_to" in out
    assert "Events" in out
    assert "—" in out  # undefined precision


def test_textacy_baseline_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "textacy", None)
    with pytest.raises(ImportError, match=r"pip install '\.\[baselines\]'"):
        ev.textacy_predictions([ALEP])


def test_textacy_baseline_finds_the_direct_quote():
    pytest.importorskip("textacy")
    from textacy import constants

    before = set(constants.REPORTING_VERBS["fr"])
    (prediction,) = ev.textacy_predictions([ALEP])
    assert set(constants.REPORTING_VERBS["fr"]) == before  # the patch is undone
    (quote,) = prediction["quotes"]
    assert quote["type"] == "direct"
    assert ALEP[quote["start"] : quote["end"]] == quote["content"]
    assert quote["content"].startswith("La libération de la ville d’Alep des extrémistes")
    assert names_match(quote["speaker"]["name"], "Vladimir Poutine")
    gold = _gold(quotes=[_gold_quote(*DIRECT)])
    assert score([gold], [prediction])["quotes"]["f1"] == 1.0
