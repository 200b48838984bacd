"""Events: same sentence and category, attributes over matched events."""

from __future__ import annotations

import copy

from alep_items import ALEP, gold_doc, gold_event, pred_doc, pred_event, span_in

from veille.evaluation import details, score
from veille.evaluation.events import actor_countries, category, trigger_span


def test_events_same_sentence_and_category():
    gold = gold_doc(events=[gold_event("CONSULT", "rencontre")])
    # trigger elsewhere in the same sentence: matches
    same = pred_doc(events=[pred_event("CONSULT", "a dit")])
    assert score([gold], [same])["events"]["f1"] == 1.0
    # same category, next sentence: no match
    other = pred_doc(events=[pred_event("CONSULT", "nécessité")])
    e = score([gold], [other])["events"]
    assert (e["tp"], e["fp"], e["fn"], e["detection_f1"]) == (0, 1, 1, 0.0)
    # same sentence, another category: detected only
    wrong_cat = pred_doc(events=[pred_event("ASSAULT", "rencontre")])
    e = score([gold], [wrong_cat])["events"]
    assert (e["f1"], e["detection_f1"]) == (0.0, 1.0)
    assert e["actor_country_accuracy"] is None


def test_sanction_is_coerce():
    gold = gold_doc(events=[gold_event("SANCTION", "terroristes")])
    pred = pred_doc(events=[pred_event("COERCE", "libération")])
    assert score([gold], [pred])["events"]["tp"] == 1


def test_statements_without_plover_category_are_not_scored_as_events():
    # GUIDELINES §4: plain statements are quotes, not events; veille still records them
    # as CAMEO 01 events with no PLOVER category, and they must not count as false events
    gold = gold_doc(events=[gold_event("CONSULT", "rencontre")])
    statement = pred_event("CONSULT", "a dit")
    statement["plover"] = None
    e = score([gold], [pred_doc(events=[statement, pred_event("CONSULT", "rencontre")])])["events"]
    assert (e["tp"], e["fp"], e["fn"]) == (1, 0, 0)


def test_event_attributes_over_matched_events():
    gold = gold_doc(
        events=[
            gold_event("ASSAULT", "libération", occurrence=2, modality="reported",
                        actors=[{"name": "forces syriennes", "country": "SYR"}]),
            gold_event("COOPERATE", "travail",
                        actors=[{"name": "Russie", "country": "RUS"},
                                {"name": "Iran", "country": "IRN"}]),
        ]
    )  # fmt: skip
    pred = pred_doc(
        events=[
            pred_event("ASSAULT", "libération", 2, modality="reported",
                        actors=[{"name": "Syrie", "country": "SYR"}]),
            pred_event("COOPERATE", "travail", modality="future",
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
    start, end = span_in(ALEP, "rencontre")
    gold = gold_doc(
        events=[gold_event("CONSULT", "x") | {"trigger": {"text": "rencontre", "start": start,
                                                            "end": end}}]
    )  # fmt: skip
    assert (
        score([gold], [pred_doc(events=[pred_event("CONSULT", "rencontre")])])["events"]["tp"] == 1
    )


def test_category_and_trigger_readings():
    assert category({"plover": "sanction"}) == "COERCE"
    assert category({"plover": {"category": "ASSAULT"}}) == "ASSAULT"
    assert category({"category": "CONSULT"}) == "CONSULT"
    assert category({"plover": None}) is None
    second = span_in(ALEP, "libération", 2)
    assert trigger_span({"trigger": {"text": "libération", "occurrence": 2}}, ALEP) == second
    assert trigger_span({"trigger": {"text": "libération"}, "occurrence": 2}, ALEP) == second
    assert trigger_span({"trigger": "libération", "occurrence": 2}, ALEP) == second
    assert trigger_span({"trigger": None}, ALEP) is None


def test_actor_countries_ignore_null_and_case():
    event = {"actors": [{"name": "Russie", "country": "rus"}, {"name": "les rebelles"}, "x"]}
    assert actor_countries(event) == {"RUS"}
    assert actor_countries({"actors": None}) == frozenset()


def test_event_misses_name_their_sentence():
    gold = gold_doc(events=[gold_event("CONSULT", "rencontre")])
    pred = pred_doc(events=[pred_event("REQUEST", "nécessité")])
    fn, fp = details([gold], [pred])
    assert (fn["kind"], fp["kind"]) == ("event_fn", "event_fp")
    assert fn["sentence"].startswith("Lors de sa rencontre")
    assert fp["sentence"].startswith("Poutine a souligné la nécessité")
