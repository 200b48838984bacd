"""Features of a document: its words, entities, places, events and MinHash, and their JSON."""

from __future__ import annotations

from veille.model import Dateline, Dispatch, Entity, Mention, Place
from veille.stories import Features, StoryInput, features
from veille.stories.lexicon import idf, max_idf
from veille.stories.similarity import _name_idf
from veille.stories.summary import lead, words


def test_words_fold_drop_stop_words_and_plurals():
    assert words("Les pompiers ont lutté contre les flammes à Notre-Dame lundi") == [
        "pompier",
        "lutte",
        "flamme",
        "dame",
    ]


def test_title_words_weigh_more_than_text_words():
    d = Dispatch(id="x", text="Le robot Colossus a aidé les pompiers.")
    f = features(StoryInput("x", "2019-04-16", "Colossus, un robot-pompier", None, d))
    counts = dict(f.terms)
    assert counts["colossu"] > counts["aide"]


def test_the_lead_weighs_as_the_title_and_the_dateline_is_not_the_lead():
    text = (
        "PARIS, 16 avril 2019 (AFP) - Le coq de la flèche de Notre-Dame a été retrouvé dans "
        "les décombres. Les pompiers ont sauvé la structure. Le coq a été confié aux experts."
    )
    d = Dispatch(id="x", text=text, dateline=Dateline("PARIS, 16 avril 2019 (AFP) -", 0, 29))
    assert lead(d).startswith("Le coq de la flèche")
    assert lead(d).endswith("décombres.")
    counts = dict(features(StoryInput("x", "2019-04-16", None, None, d)).terms)
    assert counts["decombre"] > counts["pompier"]  # lead word, once, against a text word
    assert counts["fleche"] == counts["decombre"]


def test_a_specific_name_weighs_more_than_a_name_in_every_article():
    # the df table: "macron" in a quarter of the articles, "glucksmann" in a few; the
    # specific name's lead over the ubiquitous one is wider than their words'
    words_ratio = idf("glucksmann") / idf("macron")
    assert _name_idf("PER:raphael glucksmann") / _name_idf("PER:emmanuel macron") > words_ratio
    assert _name_idf("PER:raphael glucksmann") <= max_idf()


def test_entities_places_and_json_round_trip():
    d = Dispatch(
        id="x",
        text="Emmanuel Macron a parlé à Paris.",
        entities=[
            Entity("e1", "Emmanuel Macron", "PER", mentions=[Mention("Emmanuel Macron", 0, 15)]),
            Entity("e2", "Paris", "LOC", mentions=[Mention("Paris", 26, 31)]),
        ],
        places=[Place("e2", None, "Paris", "FR", 48.85, 2.35, 2988507, "city")],  # type: ignore[arg-type]
    )
    f = features(StoryInput("x", "2019-04-16", None, None, d))
    assert f.entities == (("PER:emmanuel macron", 4),)  # named in the lead: 1 + TITLE_WEIGHT
    assert f.places == (("g:2988507", 1),)
    assert len(f.minhash) == 64
    assert Features.from_json(f.to_json()) == f


def test_features_of_a_real_article(story_docs, story_features):
    f = story_features(story_docs["orangesum-2408"])  # Stéphane Bern on the Notre-Dame fire
    keys = {k for k, _ in f.entities}
    assert "PER:stephane bern" in keys
    assert any(k.startswith("g:") for k, _ in f.places)
    assert {"charpente", "dame"} <= set(dict(f.terms))
    assert "aujourd" not in dict(f.terms)  # aujourd'hui
    assert Features.from_json(f.to_json()) == f


def test_an_ordinary_word_of_a_new_window_is_not_weighed_as_a_rare_name():
    # the old table counted only the 356 dev documents: « revivez » (« Revivez l'acte 18 des
    # gilets jaunes ») never occurred there and weighed as much as a model name (GLB)
    assert idf("revivez") < idf("glb") == max_idf()
    assert idf("regain") < idf("glb")
    assert idf("macron") < idf("glucksmann") < max_idf()


def test_many_events_found_in_no_other_document_do_not_drown_its_words():
    from veille.stories import StorySettings
    from veille.stories.similarity import vector

    fire = ("incendie", "pompier", "flamme", "cathedrale", "charpente", "fleche")
    # twelve event link keys of one live page, none of them in any other article
    terms = tuple((w, 2) for w in fire)
    live = Features("2019-04-16", terms, events=tuple(f"{i:016x}" for i in range(12)))
    other = Features("2019-04-16", terms)
    a, b = vector(live, StorySettings()), vector(other, StorySettings())
    assert sum(w * b.get(k, 0.0) for k, w in a.items()) > 0.5


def test_a_multi_word_name_in_the_title_weighs_more_than_one_in_the_text_only():
    # gilets jaunes acte 18 split three ways: the name the headline carries was worth no
    # more than a name mentioned once in passing
    text = "Christophe Castaner a limogé le préfet. Michel Delpuech avait été critiqué."
    d = Dispatch(
        id="x",
        text=text,
        entities=[
            Entity(
                "e1", "Christophe Castaner", "PER", mentions=[Mention("Christophe Castaner", 0, 19)]
            ),
            Entity("e2", "Michel Delpuech", "PER", mentions=[Mention("Michel Delpuech", 40, 55)]),
        ],
    )
    f = features(StoryInput("x", "2019-03-18", "Christophe Castaner limoge le préfet", None, d))
    counts = dict(f.entities)
    assert counts["PER:christophe castaner"] > counts["PER:michel delpuech"]
