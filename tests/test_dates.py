"""Relative French dates resolved against the publication date."""

from __future__ import annotations

import pytest

from veille.dates import find_dates, period, resolve

PUB = "2016-12-23"  # a Friday


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("jeudi", "2016-12-22"),
        ("vendredi", "2016-12-23"),
        ("lundi", "2016-12-19"),
        ("hier", "2016-12-22"),
        ("avant-hier", "2016-12-21"),
        ("aujourd'hui", "2016-12-23"),
        ("aujourd’hui", "2016-12-23"),
        ("demain", "2016-12-24"),
        ("le 23 décembre", "2016-12-23"),
        ("le 20 décembre", "2016-12-20"),
        ("1er décembre", "2016-12-01"),
        ("le 6 août 2019", "2019-08-06"),
        ("la semaine prochaine", "2016-12-26"),
        ("la semaine dernière", "2016-12-12"),
        ("mardi dernier", "2016-12-20"),
        ("vendredi dernier", "2016-12-16"),
        ("lundi prochain", "2016-12-26"),
        ("le mois dernier", "2016-11-01"),
    ],
)
def test_resolve(expr, expected):
    assert resolve(expr, PUB) == expected


def test_future_weekday_is_ahead():
    assert resolve("lundi", PUB, future=True) == "2016-12-26"


def test_day_month_takes_the_nearest_past_year():
    assert resolve("le 28 décembre", "2017-01-03") == "2016-12-28"
    assert resolve("le 2 janvier", "2016-12-30", future=True) == "2017-01-02"


def test_without_publication_date_only_full_dates():
    assert resolve("jeudi", None) is None
    assert resolve("6 août 2019", None) == "2019-08-06"


def test_find_dates_offsets():
    text = "Le président a reçu jeudi son homologue, qui repartira le 23 décembre."
    found = find_dates(text)
    assert [f.text for f in found] == ["jeudi", "23 décembre"]
    for f in found:
        assert text[f.start : f.end] == f.text


def test_no_date_in_plain_words():
    assert find_dates("Les marches de l'Elysée ont été repeintes.") == []


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("il y a trois jours", "2016-12-20"),
        ("il y a deux semaines", "2016-12-09"),
        ("en 2013", None),  # a year has no day
        ("en janvier 2013", None),
        ("dans les années 2000", None),
    ],
)
def test_resolve_ago_and_periods(expr, expected):
    assert resolve(expr, PUB) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("en 2013", ("2013-01-01", "2013-12-31")),
        ("En janvier 2013", ("2013-01-01", "2013-01-31")),
        ("l'année 2019", ("2019-01-01", "2019-12-31")),
        ("dans les années 2000", ("2000-01-01", "2009-12-31")),
        ("les années 80", ("1980-01-01", "1989-12-31")),
        ("il y a 30 ans", ("1986-01-01", "1986-12-31")),
        ("il y a six mois", ("2016-06-01", "2016-06-30")),
        ("jeudi", ("2016-12-22", "2016-12-22")),
        ("la semaine prochaine", ("2016-12-26", "2017-01-01")),
        ("le mois dernier", ("2016-11-01", "2016-11-30")),
        ("le 13 novembre 2015", ("2015-11-13", "2015-11-13")),
    ],
)
def test_period(expr, expected):
    assert period(expr, PUB) == expected


def test_find_dates_years_and_ago():
    text = "Dix ans après, en 2005, un livre paraît ; il y a 30 ans, rien. Dans les années 2000, …"
    assert [f.text for f in find_dates(text)] == [
        "en 2005",
        "il y a 30 ans",
        "Dans les années 2000",
    ]


def test_a_bare_year_is_no_date():
    # "en 2013" is; a number that counts is not ("2013 manifestants")
    assert find_dates("Plus de 2013 manifestants ont défilé.") == []


def test_date_resolution_ignores_tense_weekday():
    # a future verb resolves a bare weekday forward, a past one (or none) backward;
    # "prochain" / "dernier" win whatever the tense
    assert resolve("dimanche", PUB, future=True) == "2016-12-25"
    assert resolve("dimanche", PUB) == "2016-12-18"
    assert resolve("dimanche prochain", PUB) == "2016-12-25"
    assert resolve("mardi dernier", PUB, future=True) == "2016-12-20"
    assert resolve("vendredi prochain", PUB) == "2016-12-30"


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "expression",
    [
        "hier",
        "demain",
        "il y a trois ans",
        "la semaine dernière",
        "la semaine prochaine",
        "le mois dernier",
        "le mois prochain",
        "lundi",
        "l'an prochain",
    ],
)
def test_date_0001_01_01_overflow_is_no_date(expression, published):
    """Regression: `veille analyze --date 0001-01-01` raised OverflowError in dates.py
    (``hier`` before the first day of the calendar); a date out of the calendar is None."""
    for future in (False, True):
        day = resolve(expression, published, future=future)
        span = period(expression, published, future=future)
        assert day is None or "0001-01-01" <= day <= "9999-12-31"
        assert span is None or span[0] <= span[1]


def test_analyze_with_publication_date_0001_01_01(nlp):
    """Regression: the whole analysis with the earliest calendar date as publication date."""
    import veille

    text = (
        "Moscou / Vladimir Poutine a rencontré hier le ministre de la Défense, Sergueï Choïgou, "
        "et l'a appelé à arrêter les combats à Alep la semaine prochaine."
    )
    d = veille.analyze(text, date="0001-01-01")
    assert d.date == "0001-01-01"
    assert all(e.date is None or e.date >= "0001-01-01" for e in d.events)


_DATE_TEXTS = [
    "Le président a reçu jeudi son homologue, qui repartira le 23 décembre.",
    "Dix ans après, en 2005, un livre paraît ; il y a 30 ans, rien. Dans les années 2000, …",
    "HIER, AUJOURD'HUI, DEMAIN ; Avant-hier et après-demain ; LUNDI 1er MARS 2021.",
    "Cette semaine, la semaine dernière, le mois passé, d'avril 2019, l'an 2000, l'année 1999.",
    "\u0130l y a deux ans, \u0131l y a trois jours, le 5 ſeptembre, jeudi prochain, mardi passé.",
    "_lundi, xmardi, 12mars 2019, 3 mai, 31 août 2020, 0 mai, en 1788 et en 2016 ou 2099.",
]


def test_the_prefiltered_date_pattern_matches_like_the_bare_one():
    """``_PATTERN`` opens on ``\\b(?=[…])`` so that the regex tries its alternatives only at
    the word starts where one of them can start: the same matches as without it."""
    import re

    from veille.dates import _PATTERN

    prefix = r"\b(?=[\dacdefhijlmnosv])"
    assert _PATTERN.pattern.startswith(prefix)
    bare = re.compile(_PATTERN.pattern[len(prefix) :], _PATTERN.flags)
    for text in _DATE_TEXTS:
        assert [m.span() for m in _PATTERN.finditer(text)] == [
            m.span() for m in bare.finditer(text)
        ], text
        assert _PATTERN.search(text) is not None
