"""The online clusterer: reprints, two fires on one day, online == restore + continue ==
rebuild, dormancy, the index bounded by the active stories."""

from __future__ import annotations

import pytest

from veille.stories import Clusterer, Features, StorySettings


def _run(clusterer, items):
    return [clusterer.add(key, f) for key, f in items]


def test_two_reprints_of_one_dispatch_are_one_story_and_near_duplicates(story_docs, story_features):
    # the same AFP dispatch on the Mexican rehab centre attack, published twice on 2 July 2020
    first = story_features(story_docs["orangesum-81"])
    second = story_features(story_docs["orangesum-371"])
    c = Clusterer()
    a, b = _run(c, [("first", first), ("second", second)])
    assert a.new and not b.new
    assert b.story == a.story
    assert b.duplicate_of == "first"
    assert a.duplicate_of is None


def test_a_reprint_with_an_edited_ending_is_still_a_near_duplicate(story_docs, story_features):
    record = story_docs["orangesum-81"]
    edited = {**record, "id": "edited", "text": record["text"] + " (Avec AFP)"}
    c = Clusterer()
    a, b = _run(c, [("a", story_features(record)), ("b", story_features(edited))])
    assert (b.story, b.duplicate_of) == (a.story, "a")


def test_two_different_fires_on_the_same_day_are_two_stories(
    story_docs, dev_records, story_features
):
    notre_dame = story_docs["orangesum-2408"]  # Stéphane Bern on the Notre-Dame fire
    bobcat = dev_records["orangesum-32273"]  # the Bobcat Fire near Los Angeles
    c = Clusterer()
    a, b = _run(
        c,
        [
            ("notre-dame", story_features(notre_dame, "2019-04-16")),
            ("bobcat", story_features(bobcat, "2019-04-16")),
        ],
    )
    assert a.new and b.new and a.story != b.story
    assert b.duplicate_of is None


@pytest.fixture(scope="module")
def window(story_windows, story_features):
    """16 articles of the Notre-Dame window, in date order, with their features: the first 16
    of the fire's story (the window's first 16 articles are car launches and others, all
    stories of their own, where nothing would join)."""
    fire = set(max(story_windows[0]["stories"], key=lambda s: len(s["ids"]))["ids"])
    docs = [d for d in story_windows[0]["docs"] if d["id"] in fire][:16]
    docs.sort(key=lambda d: d["date"])
    return [(d["id"], story_features(d)) for d in docs]


def test_online_equals_restore_and_continue_equals_rebuild(window):
    online = _run(Clusterer(), window)
    assert len({a.story for a in online}) < len(window)  # some articles joined a story
    rebuilt = _run(Clusterer(), window)
    assert rebuilt == online
    for cut in (1, 7, 12):
        restarted = Clusterer(next_id=max(a.story for a in online[:cut]) + 1)
        stored = [(a.story, key, Features.from_json(f.to_json()))
                  for a, (key, f) in zip(online[:cut], window[:cut], strict=True)]  # fmt: skip
        restarted.restore(stored)
        assert _run(restarted, window[cut:]) == online[cut:]


def _doc(date: str, words: tuple[str, ...]) -> Features:
    return Features(date=date, terms=tuple((w, 2) for w in words))


FIRE = ("incendie", "pompier", "flamme", "cathedrale")
VOTE = ("scrutin", "depute", "amendement", "assemblee")


def test_a_story_quiet_for_longer_than_dormant_days_takes_no_new_document():
    c = Clusterer(StorySettings(dormant_days=3))
    a = c.add("a", _doc("2020-01-01", FIRE))
    b = c.add("b", _doc("2020-01-04", FIRE))  # 3 days later: still active
    assert (b.story, b.new) == (a.story, False)
    c.add("v", _doc("2020-01-05", VOTE))
    d = c.add("d", _doc("2020-01-08", FIRE))  # 4 days after the last fire article: dormant
    assert d.new and d.story != a.story
    assert c.active() == 2  # the first fire story is gone; the vote and the new fire stay


def test_dormant_stories_leave_the_index():
    c = Clusterer(StorySettings(dormant_days=1))
    for day in range(1, 29):
        c.add(f"d{day}", _doc(f"2020-02-{day:02d}", (f"sujet{day}", f"lieu{day}")))
    assert c.active() == 2  # yesterday's and today's
    assert set().union(*c._index.values()) == {27, 28}


def test_a_document_without_a_date_takes_the_date_of_the_previous_one():
    c = Clusterer(StorySettings(dormant_days=1))
    a = c.add("a", _doc("2020-03-01", FIRE))
    b = c.add("b", _doc(None, FIRE))  # type: ignore[arg-type]
    assert b.story == a.story


@pytest.mark.parametrize(("decay", "joins"), [(0.1, "today"), (0.0, "yesterday")])
def test_between_two_stories_as_similar_the_more_recent_one_wins(decay, joins):
    # words the df table never saw weigh the same: the last document is as close to both
    c = Clusterer(StorySettings(decay=decay))
    old = c.add("old", _doc("2020-04-01", ("qwxa", "qwxb")))
    new = c.add("new", _doc("2020-04-02", ("qwxc", "qwxd")))
    d = c.add("d", _doc("2020-04-02", ("qwxa", "qwxb", "qwxc", "qwxd")))
    assert d.story == {"today": new, "yesterday": old}[joins].story
    if decay:
        assert d.similarity < 1.0


@pytest.mark.parametrize(("boost", "joins"), [(0.2, "large"), (0.0, "first")])
def test_between_two_stories_as_similar_the_larger_one_wins(boost, joins):
    c = Clusterer(StorySettings(size_boost=boost))
    first = c.add("first", _doc("2020-04-02", ("qwxc", "qwxd")))
    large = [c.add(f"l{i}", _doc("2020-04-02", ("qwxa", "qwxb"))) for i in range(3)]
    assert len({a.story for a in large}) == 1
    d = c.add("d", _doc("2020-04-02", ("qwxa", "qwxb", "qwxc", "qwxd")))
    assert d.story == {"large": large[0], "first": first}[joins].story
    assert d.similarity <= 1.0


def test_car_launches_at_one_motor_show_are_separate_stories(story_docs, story_features):
    # six concept cars shown at the Shanghai motor show in April 2019, six stories (GUIDELINES
    # §5: separate product launches at one trade show are separate stories); they share
    # « salon », « Shanghai », « concept », « modèle », words the old df table (356 dev
    # documents) called rare
    ids = ["orangesum-6782", "orangesum-6833", "orangesum-6728", "orangesum-6785",
           "orangesum-6786", "orangesum-6787"]  # fmt: skip
    docs = sorted((story_docs[i] for i in ids), key=lambda d: d["date"])
    assigned = _run(Clusterer(), [(d["id"], story_features(d)) for d in docs])
    assert all(a.new for a in assigned)
