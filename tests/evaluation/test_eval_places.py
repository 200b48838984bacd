"""Places: the right country, and cities within 50 km."""

from __future__ import annotations

from alep_items import gold_doc, place, pred_doc

from veille.evaluation import details, haversine_km, score

ALEP_GOLD = {"mention": "Alep", "name": "Aleppo", "country": "SY", "kind": "city",
             "lat": 36.2, "lon": 37.16}  # fmt: skip

SYRIE_GOLD = {"mention": "Syrie", "name": "Syria", "country": "SY", "kind": "country",
              "lat": 35.0, "lon": 38.0}  # fmt: skip


def test_haversine():
    assert haversine_km(36.2, 37.16, 36.21, 37.15) < 2
    assert 300 < haversine_km(36.2, 37.16, 33.51, 36.29) < 320  # Aleppo–Damascus


def test_places_city_within_50km():
    gold = gold_doc(places=[ALEP_GOLD, SYRIE_GOLD])
    near = pred_doc(
        places=[place("Alep", "SY", 36.21, 37.15), place("Syrie", "SY", 35, 38, "country")]
    )
    s = score([gold], [near])["places"]
    assert s == {"country_accuracy": 1.0, "city_within_50km": 1.0, "gold": 2, "gold_cities": 1}

    damascus = pred_doc(places=[place("Alep", "SY", 33.51, 36.29)])  # right country, wrong city
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
    gold = gold_doc(places=[ALEP_GOLD, sahel])
    pred = pred_doc(places=[place("Alep", "TR", 36.2, 37.16)])
    s = score([gold], [pred])["places"]
    assert s == {"country_accuracy": 0.0, "city_within_50km": 1.0, "gold": 1, "gold_cities": 1}


def test_exact_mention_preferred_over_subset_then_first():
    gold = gold_doc(places=[ALEP_GOLD])
    # "ville d'Alep" only contains the gold mention: the exact "Alep" wins, though listed later
    wide = place("ville d’Alep", "TR", 39.0, 35.0)
    exact = place("Alep", "SY", 36.2, 37.16)
    assert score([gold], [pred_doc(places=[wide, exact])])["places"]["country_accuracy"] == 1.0
    # two subset matches: the first one in the list
    s = score([gold], [pred_doc(places=[wide, place("la ville d’Alep", "SY", 36.2, 37.16)])])
    assert s["places"]["country_accuracy"] == 0.0


def test_city_without_coordinates_is_wrong():
    gold = gold_doc(places=[ALEP_GOLD])
    pred = pred_doc(places=[place("Alep", "SY", 36.2, 37.16) | {"lat": None}])
    s = score([gold], [pred])["places"]
    assert (s["country_accuracy"], s["city_within_50km"]) == (1.0, 0.0)
    (wrong,) = details([gold], [pred])
    assert (wrong["kind"], wrong["distance_km"]) == ("place_wrong", None)
    assert wrong["predicted"]["country"] == "SY"
