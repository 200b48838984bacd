"""veille.text.fold: the one folding every module compares words and names by."""

from __future__ import annotations

import pytest

from veille.text.fold import (
    bare_name_key,
    lower,
    name_key,
    plain,
    search_key,
    strip_accents,
    typography,
)

NBSP, NNBSP, NBHYPHEN = "\u00a0", "\u202f", "\u2011"

# ---------------------------------------------------------------------------------------------
# The offset-keeping folds


def test_typography_is_ascii_punctuation_one_char_for_one():
    text = f"«{NBSP}L’Île-de-France{NNBSP}», a dit Kim Jong{NBHYPHEN}Un — “c’est l‘Œuvre”"
    folded = typography(text)
    assert len(folded) == len(text)
    assert folded == '" L\'Île-de-France ", a dit Kim Jong-Un - "c\'est l\'Œuvre"'


def test_typography_keeps_newlines_and_tabs():
    assert typography("Alep\n\tSyrie") == "Alep\n\tSyrie"


def test_typography_of_a_long_text_folds_like_the_short_one():
    """A whole dispatch is folded by one scan per special character, a word by
    ``str.translate``: both give the same text."""
    from veille.text.fold import APOSTROPHES, DASHES, QUOTE_CHARS, SPACES

    specials = sorted(QUOTE_CHARS | APOSTROPHES | SPACES | DASHES)
    sentence = f"«{NBSP}L’Île-de-France{NNBSP}», a dit Kim Jong{NBHYPHEN}Un — “c’est l‘Œuvre”"
    text = f"{sentence}\n" * 3 + "a".join(specials) + "\t`"
    folded = typography(text)
    assert len(folded) == len(text)
    assert folded.split("\n")[:3] == [typography(sentence)] * 3
    assert folded == "".join(typography(c) for c in text)
    assert set(folded) - set(text) <= set("\"' -")
    assert not set(folded) & (set(specials) - set("\"' -"))


@pytest.mark.parametrize(
    ("text", "low", "key"),
    [
        ("Kim Jong-Un", "kim jong-un", "kim jong-un"),
        ("L’Île-de-France", "l'île-de-france", "l'ile-de-france"),
        ("Œuvre", "œuvre", "œuvre"),  # a ligature is a letter: no accent to take off
        ("Saint-Étienne", "saint-étienne", "saint-etienne"),
        (f"Côte{NBSP}d’Ivoire", "côte d'ivoire", "cote d'ivoire"),
        ("Sergueï Choïgou", "sergueï choïgou", "serguei choigou"),
    ],
)
def test_lower_and_plain(text: str, low: str, key: str):
    assert lower(text) == low
    assert plain(text) == key
    assert len(low) == len(key) == len(text)


def test_lower_keeps_the_length_of_a_dotted_capital_i():
    # "İ".lower() is two characters: offsets into the folded text would drift
    assert lower("İstanbul") == "istanbul"
    assert plain("Le président turc à İzmir") == "le president turc a izmir"


def test_plain_of_a_long_text_is_not_kept_but_is_the_same():
    text = "Le ministre de la Défense, Sergueï Choïgou, s’est rendu à Alep. " * 3
    assert plain(text) == strip_accents(lower(text))
    assert len(plain(text)) == len(text)


def test_strip_accents_keeps_case_and_length():
    text = "Sergueï Choïgou, ministre de la Défense, à Alep — œuvre"
    out = strip_accents(text)
    assert len(out) == len(text)
    assert out == "Serguei Choigou, ministre de la Defense, a Alep — œuvre"


# ---------------------------------------------------------------------------------------------
# Name keys


@pytest.mark.parametrize(
    "spelling",
    ["Kim Jong-Un", "Kim Jong Un", "KIM Jong-un", f"Kim Jong{NBHYPHEN}Un", "Kim Jong–Un"],
)
def test_kim_jong_un_has_one_name_key(spelling: str):
    assert name_key(spelling) == "kim jong un"


@pytest.mark.parametrize(
    "spelling",
    ["L'Île-de-France", "L’Île-de-France", "l'Ile de France", "L`ÎLE-DE-FRANCE", "L’Île‑de‑France"],
)
def test_ile_de_france_has_one_name_key(spelling: str):
    assert name_key(spelling) == "l ile de france"
    assert bare_name_key(spelling) == "ile de france"
    assert bare_name_key("Île-de-France") == "ile de france"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Œuvre d’Orient", "oeuvre d orient"),
        ("Lætitia Casta", "laetitia casta"),
        ("Søren Kierkegaard", "soren kierkegaard"),
        ("Łódź", "lodz"),
        ("ﬁnancial Times", "financial times"),  # a typographic ligature (NFKD)
        ("Saint-Étienne", "saint etienne"),
        ("St-Étienne", "saint etienne"),
        ("Ste-Foy", "sainte foy"),
        ("M. Macron", "m macron"),
        ("Straße", "strasse"),
        ("Bachar al-Assad", "bachar al assad"),
        ("  Vladimir\n Poutine ", "vladimir poutine"),
    ],
)
def test_name_key(name: str, key: str):
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("la Russie", "russie"),
        ("Les Etats-Unis", "etats unis"),
        ("le Caire", "caire"),
        ("l’Élysée", "elysee"),
        ("Laos", "laos"),  # "la" only as a word
        ("Lesotho", "lesotho"),
        ("Côte d’Ivoire", "cote d ivoire"),  # only a leading article goes
    ],
)
def test_bare_name_key_drops_a_leading_article_only(name: str, key: str):
    assert bare_name_key(name) == key


def test_search_key_is_the_stores_fold_kept_as_it_was():
    assert search_key("Sergueï  CHOÏGOU") == "serguei choigou"
    assert search_key("Kim Jong-Un") == "kim jong-un"  # punctuation kept: see the link keys
    assert search_key("L’Élysée") == "l’elysee"


def test_regression_link_keys_of_stored_databases_do_not_change():
    """Stored link keys hash names folded by the store's fold: moving that fold into
    veille.text.fold must give the same keys (computed with the code before the move)."""
    from veille.store.links import link_key

    key = link_key(
        document_id="d1",
        root="19",
        actors=[(None, "Kim  Jong\u2011Un"), ("RUS", "Vladimir Poutine")],
        recipients=[(None, "L’Île-de-France")],
        location="Saint-Étienne",
        geonames_id=None,
        date="2020-01-02",
        modality="asserted",
    )
    assert key == "0fcfe0043192b41f"


# ---------------------------------------------------------------------------------------------
# Every module folds the same way


def test_regression_kim_jong_un_had_another_key_in_entities_than_in_the_gazetteer():
    """``Kim Jong-Un`` was ``kim jong-un`` in one module and ``kim jong un`` in another; the
    entity words, the evaluation's name matching and the gazetteer now share one key."""
    from veille.components.entities import _Cand
    from veille.evaluation import fold as eval_fold

    for text in ("Kim Jong-Un", "Kim Jong‑Un", "KIM Jong Un"):
        assert _Cand(0, len(text), "PER", text, 0, 2).words == ("kim", "jong", "un")
        assert eval_fold(text) == "kim jong un"


def test_regression_ile_de_france_had_four_keys():
    """Four spellings, one place: the gazetteer, the entity words and the evaluation agree."""
    from veille.components.entities import _Cand
    from veille.evaluation import fold as eval_fold
    from veille.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    spellings = ["L'Île-de-France", "L’Île-de-France", "l'Ile de France", "Île-de-France"]
    places = {gaz.resolve(s) for s in spellings}
    assert len(places) == 1 and None not in places
    (place,) = places
    assert place.country == "FR"
    assert {_Cand(0, 1, "LOC", s, 0, 1).words[-3:] for s in spellings} == {("ile", "de", "france")}
    assert {eval_fold(s).removeprefix("l ") for s in spellings} == {"ile de france"}


def test_lexicon_entries_are_found_in_any_typography():
    """Tables are keyed with a fold at load time and looked up with the same fold: an
    organisation, a first name and a demonym match whatever the apostrophes and dashes."""
    from veille import demonyms
    from veille.components.entities import _org_index, first_name_gender

    assert (
        _org_index()[name_key("Maison-Blanche")].name
        == _org_index()[name_key("Maison Blanche")].name
    )
    assert first_name_gender("Jean‑Marie Le Pen") == first_name_gender("Jean-Marie Le Pen") == "m"
    assert demonyms.country_of("nord‑coréens") == demonyms.country_of("nord-coréens") == "KP"
