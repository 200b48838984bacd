"""veille.normalize: typography folding, French number parsing, quantities with offsets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from veille.lexicon import read_table
from veille.normalize import (
    APOSTROPHES,
    CLOSE_QUOTES,
    OPEN_QUOTES,
    QUOTE_CHARS,
    SPACES,
    _patterns,
    find_quantities,
    fold,
    parse_number,
)

# ---------------------------------------------------------------------------------------------
# fold


def test_fold_maps_typography_to_ascii_one_char_for_one():
    text = "«\u00a0Nous l’avons dit\u202f», a-t-il déclaré — “c’est fini”… 100\u2009000 – 3 −2"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == '" Nous l\'avons dit ", a-t-il déclaré - "c\'est fini"… 100 000 - 3 -2'


@pytest.mark.parametrize(
    "char, expected",
    [
        ("«", '"'),
        ("»", '"'),
        ("“", '"'),
        ("”", '"'),
        ("„", '"'),
        ("‟", '"'),
        ("’", "'"),
        ("‘", "'"),
        ("‚", "'"),
        ("‛", "'"),
        ("´", "'"),
        ("`", "'"),
        ("\u00a0", " "),
        ("\u202f", " "),
        ("\u2009", " "),
        ("\u2007", " "),
        ("–", "-"),
        ("—", "-"),
        ("\u2212", "-"),
        ("…", "…"),
        ("\n", "\n"),
        ("é", "é"),
    ],
)
def test_fold_each_char(char, expected):
    assert fold(f"a{char}b") == f"a{expected}b"


def test_fold_keeps_length_on_mixed_unicode():
    text = "L’ONU évoque « 4\u202f700 morts » à Alep — İstanbul, Straße, ﬁn\u2028.\t"
    assert len(fold(text)) == len(text)
    assert fold("plain ascii") == "plain ascii"


def test_character_sets_agree_with_fold():
    assert OPEN_QUOTES | CLOSE_QUOTES == QUOTE_CHARS
    assert {"«", "“"} <= OPEN_QUOTES
    assert {"»", "”"} <= CLOSE_QUOTES
    assert {fold(c) for c in QUOTE_CHARS} == {'"'}
    assert {fold(c) for c in APOSTROPHES} == {"'"}
    assert {fold(c) for c in SPACES} == {" "}
    assert "\u00a0" in SPACES and "\u202f" in SPACES and "\n" not in SPACES


# ---------------------------------------------------------------------------------------------
# parse_number


@pytest.mark.parametrize(
    "s, value",
    [
        ("100, 000", 100_000),
        ("100 000", 100_000),
        ("100\u202f000", 100_000),
        ("100\u00a0000", 100_000),
        ("1 500", 1_500),
        ("1 500 000", 1_500_000),
        ("4.700", 4_700),
        ("18.638", 18_638),
        ("1.234.567", 1_234_567),
        ("3,3", 3.3),
        ("0,5", 0.5),
        ("12", 12),
        ("1,5 million", 1_500_000),
        ("2 milliards", 2e9),
        ("un million", 1e6),
        ("deux", 2),
        ("vingt", 20),
        ("trente", 30),
        ("cent", 100),
        ("mille", 1000),
        ("vingt-deux", 22),
        ("vingt et un", 21),
        ("soixante-dix", 70),
        ("soixante et onze", 71),
        ("quatre-vingts", 80),
        ("quatre-vingt-dix-neuf", 99),
        ("deux cent cinquante", 250),
        ("trois mille", 3000),
        ("deux millions", 2e6),
        ("dizaine", 10),
        ("dizaines", 10),
        ("centaine", 100),
        ("centaines", 100),
        ("millier", 1000),
        ("milliers", 1000),
        ("une dizaine", 10),
        ("des dizaines de milliers", 10_000),
        ("des centaines de milliers", 100_000),
    ],
)
def test_parse_number(s, value):
    assert parse_number(s) == pytest.approx(value)


@pytest.mark.parametrize("s", ["", "accord", "deux trois", "2016-12-23", "G20", "1er", "abc 12"])
def test_parse_number_rejects_non_numbers(s):
    assert parse_number(s) is None


# ---------------------------------------------------------------------------------------------
# find_quantities


def only(text: str):
    """The single quantity of ``text``, checking its offsets."""
    qs = find_quantities(text)
    for q in qs:
        assert text[q.start : q.end] == q.text
    assert len(qs) == 1, [q.text for q in qs]
    return qs[0]


def test_malformed_thousands_with_modifier_and_counted_noun():
    text = "Le ministre a salué l’évacuation de plus de 100, 000 personnes d’Alep-Est."
    q = only(text)
    assert q.text == "plus de 100, 000"
    assert q.value == 100_000
    assert q.approximate is True
    assert q.counts == "personnes"
    assert q.unit is None


def test_tens_of_thousands_is_approximate_lower_bound():
    text = "Les bombardements ont jeté sur les routes des dizaines de milliers de civils."
    q = only(text)
    assert q.text == "des dizaines de milliers"
    assert q.value == 10_000
    assert q.approximate is True
    assert q.counts == "civils"


def test_percent_glued_and_spaced():
    q = only("La croissance a atteint 3,3% au troisième trimestre.")
    assert (q.text, q.value, q.unit, q.approximate) == ("3,3%", 3.3, "percent", False)
    q = only("Le candidat a recueilli 52,1\u00a0% des suffrages exprimés.")
    assert (q.text, q.value, q.unit) == ("52,1\u00a0%", 52.1, "percent")
    q = only("Le chômage a reculé de 2 pour cent.")
    assert (q.text, q.unit) == ("2 pour cent", "percent")


def test_million_multiplier_and_counted_noun():
    q = only("Le pays accueille désormais 1,5 million de réfugiés syriens.")
    assert q.text == "1,5 million"
    assert q.value == 1_500_000
    assert q.counts == "réfugiés"


def test_dot_thousands():
    q = only("Quelque 4.700 soldats ont été déployés dans la région.")
    assert (q.text, q.value, q.approximate, q.counts) == ("Quelque 4.700", 4700, True, "soldats")
    q = only("Le conflit a fait 18.638 morts selon l'organisation.")
    assert (q.text, q.value, q.counts) == ("18.638", 18_638, "morts")


def test_space_thousands_with_narrow_nbsp():
    text = "Environ 250\u202f000 habitants sont privés d'eau et 1 500 000 autres sont menacés."
    qs = find_quantities(text)
    assert [(q.text, q.value, q.counts, q.approximate) for q in qs] == [
        ("Environ 250\u202f000", 250_000, "habitants", True),
        ("1 500 000", 1_500_000, None, False),
    ]


def test_year_before_comma_does_not_merge_with_next_number():
    text = "En 2016, 300 personnes ont été arrêtées."
    q = only(text)
    assert (q.text, q.value, q.counts) == ("300", 300, "personnes")


def test_currency_units_and_multipliers():
    text = (
        "Le plan prévoit 1,3 milliard d'euros d'économies, une prime de 500 euros "
        "et une aide de 2 milliards de dollars, soit 10 M€ par région et $5 par habitant."
    )
    qs = find_quantities(text)
    assert [(q.text, q.value, q.unit) for q in qs] == [
        ("1,3 milliard d'euros", 1.3e9, "euro"),
        ("500 euros", 500, "euro"),
        ("2 milliards de dollars", 2e9, "dollar"),
        ("10 M€", 1e7, "euro"),
        ("$5", 5, "dollar"),
    ]


def test_distance_units_and_approximate_modifiers():
    text = "Le village, situé à environ 25 km de la frontière, a perdu près de 16.000 hectares."
    qs = find_quantities(text)
    assert [(q.text, q.value, q.unit, q.approximate) for q in qs] == [
        ("environ 25 km", 25, "km", True),
        ("près de 16.000 hectares", 16_000, "hectare", True),
    ]


@pytest.mark.parametrize(
    "text, span, value, counts",
    [
        ("L'explosion a fait au moins 154 morts.", "au moins 154", 154, "morts"),
        ("Une dizaine de manifestants ont été interpellés.", "Une dizaine", 10, "manifestants"),
        ("Des milliers de déplacés attendent à la frontière.", "Des milliers", 1000, "déplacés"),
        ("Des centaines de blessés ont afflué.", "Des centaines", 100, "blessés"),
        (
            "Plusieurs milliers de combattants ont rendu les armes.",
            "Plusieurs milliers",
            1000,
            "combattants",
        ),
        ("Plus d'un million d'enfants sont déscolarisés.", "Plus d'un million", 1e6, "enfants"),
        ("Le camp abrite quelque 60.000 déplacés.", "quelque 60.000", 60_000, "déplacés"),
        (
            "La mort de centaines de milliers d'oiseaux inquiète.",
            "centaines de milliers",
            1e5,
            "oiseaux",
        ),
    ],
)
def test_approximate_quantities(text, span, value, counts):
    q = only(text)
    assert (q.text, q.value, q.counts) == (span, value, counts)
    assert q.approximate is True


@pytest.mark.parametrize(
    "text, span, value, counts",
    [
        ("Les deux présidents se sont entretenus par téléphone.", "deux", 2, "présidents"),
        ("L'attaque a fait trois morts et plusieurs blessés.", "trois", 3, "morts"),
        ("Treize militaires ont péri dans la collision.", "Treize", 13, "militaires"),
        ("Vingt-deux soldats ont été tués.", "Vingt-deux", 22, "soldats"),
        ("On compte vingt et un blessés.", "vingt et un", 21, "blessés"),
        ("Les deux autres victimes étaient des policiers.", "deux", 2, "victimes"),
        ("Mère de deux jeunes enfants, elle habitait Lyon.", "deux", 2, "enfants"),
        ("Une trentaine d'hommes armés ont attaqué le poste.", "Une trentaine", 30, "hommes armés"),
        ("Le virus a touché 4.000 cas supplémentaires.", "4.000", 4000, "cas"),
        ("Un cortège de 20-30 manifestants a défilé.", "20-30", 20, "manifestants"),
    ],
)
def test_counted_nouns(text, span, value, counts):
    q = only(text)
    assert (q.text, q.value, q.counts) == (span, value, counts)


def test_durations_carry_a_unit_not_a_counted_noun():
    q = only("Il a passé 27 ans à la Cour suprême.")
    assert (q.text, q.unit, q.counts) == ("27 ans", "year", None)
    q = only("Il reste moins de six semaines avant le scrutin.")
    assert (q.text, q.value, q.unit, q.approximate) == ("moins de six semaines", 6, "week", True)


def test_unit_glued_to_next_sentence():
    q = only("Jean Dupont, 38 ansIl était entré dans la police en 2008.")
    assert (q.text, q.unit) == ("38 ans", "year")


@pytest.mark.parametrize(
    "text",
    [
        "La réunion s'est tenue le 23 décembre 2016 à Moscou.",
        "Les combats ont repris en 2016 dans le nord du pays.",
        "Le site est classé depuis 1846.",
        "Il a été élu en mai 2017.",
        "Dans les années 2000, une enquête a été ouverte.",
        "Pendant la guerre d'Algérie (1954-1962), rien n'a filtré.",
        "Le sommet aura lieu les 24 et 25 septembre à Bruxelles.",
        "L'avion a atterri à 21H00 locales (18H00 GMT).",
        "Le rendez-vous est fixé à 18h30, puis à 9:45 demain.",
        "Il a voté pour lui au 1er tour, le 2e tour est prévu.",
        "Au XXe siècle, la 3ème République est tombée.",
        "Le sommet du G20 a évoqué le COVID-19 et les F-16.",
        "L'armée a reçu un A400M et un logiciel Office365.",
        "Un accord a été signé et une trêve décrétée.",
        "Appelez le 01 42 34 56 78 pour plus d'informations.",
        "Le texte sera adopté grâce au 49.3.",
        "Il l'a dit au micro d'Europe 1, lors de l'acte 17.",
        "La résolution 2254 du Conseil de sécurité reste lettre morte.",
        "Les insiders (1/2): le budget - 11/07.",
        "Le siège est au 12 rue de la Paix.",
        "Le 14, il a quitté la ville.",
        "Il a été nommé pour un mandat à l'horizon 2050.",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == [], [q.text for q in find_quantities(text)]


def test_un_only_as_quantity_before_a_count_word():
    qs = find_quantities("Un accord prévoit un million d'euros et une centaine de postes.")
    assert [(q.text, q.value) for q in qs] == [("un million d'euros", 1e6), ("une centaine", 100)]


def test_four_digit_number_that_counts_is_not_a_year():
    q = only("Il y a eu 2000 postes supprimés cette année.")
    assert (q.value, q.counts) == (2000, "postes")


def test_offsets_on_a_full_dispatch_with_typography():
    text = (
        "ALEP, 15 décembre 2016 (AFP) \u2014 «\u00a0Plus de 100, 000 personnes\u00a0» ont "
        "quitté la ville, selon l’ONU, qui évoque aussi 4.700 blessés et une hausse de 3,3\u202f%"
        " des prix.\nLes deux convois sont arrivés à 21H00."
    )
    qs = find_quantities(text)
    for q in qs:
        assert text[q.start : q.end] == q.text
    assert [(q.text, q.value, q.unit, q.counts) for q in qs] == [
        ("Plus de 100, 000", 100_000, None, "personnes"),
        ("4.700", 4700, None, "blessés"),
        ("3,3\u202f%", 3.3, "percent", None),
        ("deux", 2, None, "convois"),
    ]


def test_quantities_do_not_cross_lines():
    qs = find_quantities("Le bilan est de 12\nmorts selon la police.")
    assert [(q.text, q.counts) for q in qs] == [("12", None)]


def test_example_bulletin(alep_text):
    by_text = {q.text: q for q in find_quantities(alep_text)}
    q = by_text["plus de 100, 000"]
    assert (q.value, q.approximate, q.counts) == (100_000, True, "personnes")
    q = by_text["des dizaines de milliers"]
    assert (q.value, q.approximate, q.counts) == (10_000, True, "civils")
    for q in by_text.values():
        assert alep_text[q.start : q.end] == q.text
    assert not any("2016" in t for t in by_text)


def test_to_dict_round_trip():
    from veille.model import Quantity

    q = only("Près de 300 personnes se sont rassemblées.")
    assert Quantity.from_dict(q.to_dict()) == q


def test_lexicon_files_load_and_have_headers():
    for name in ("quantities_words.tsv", "quantities_units.tsv", "quantities_context.tsv"):
        rows = read_table(name)
        assert rows, name
        assert all(row["form"] for row in rows), name


# ---------------------------------------------------------------------------------------------
# Prefiltered patterns: the same matches as the bare alternatives

_PREFILTER = re.compile(r"^(?:\\b)?\(\?=\[[^\]]*\]\)\(\?:(?P<body>.*)\)$", re.S)

_EDGES = [
    "Deux, DEUX et deux-trois ; vingt-deux, quatre-vingt-dix, mille cinq cents.",
    "DES CENTAINES de manifestants, des dizaines de milliers, quelques milliers.",
    "Plusieurs centaines, une dizaine, un million, un et une, trente et un jours.",
    "\u017fix, \u212aelvin, \u0130stanbul: 12 \u00e0 14 ; -5 ; a-5 ; F-16 ; 1/2 ; 1.2.3.",
    "à 21H00, 18h30, 9:45, le 1er et 2 mai, 2024-01-05, les 24 et 25 septembre.",
    "Tél. : +33 (0)1 42 34 56 78, 06.12.34.56.78, 01 42 34 56 78.",
    "Voir www.exemple.fr, xhttp://a.b/c, https://x.y/12 et WWW.EXEMPLE.COM/20.",
    "n° 5, no. 7, #12, 100, 000 personnes, 4.700 blessés, 3,3 %, 1,5 milliard.",
    "pour cent, cent pour cent, _12, 12_, é12, ½, ٣ et 12\nmorts.",
]


def _unfiltered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    m = _PREFILTER.match(pattern.pattern)
    assert m is not None, pattern.pattern[:60]
    return re.compile(m["body"], pattern.flags)


def _texts(alep_text: str) -> list[str]:
    corpus = Path(__file__).parent / "data" / "corpus" / "depeches.jsonl"
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    return [alep_text, *_EDGES, *(r["text"] for r in records)]


def test_prefiltered_patterns_match_like_their_bare_alternatives(alep_text):
    p = _patterns()
    for text in map(fold, _texts(alep_text)):
        for pattern in (p.core, p.blocked_no_mail):
            bare = _unfiltered(pattern)
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in bare.finditer(text)
            ], text
        assert "@" in text or [m.span() for m in p.blocked_no_mail.finditer(text)] == [
            m.span() for m in p.blocked.finditer(text)
        ], text


def test_mail_addresses_are_not_quantities():
    qs = find_quantities("Écrire à contact2024@exemple.fr ou à 3 adresses.")
    assert [(q.text, q.value) for q in qs] == [("3", 3)]
