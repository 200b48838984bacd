"""French nationality adjectives and demonyms → ISO 3166-1 alpha-2 country codes.

``russe``, ``Russes``, ``syriennes``, ``Nord-Coréens`` name a country; so does each element of
a compound adjective (``russo-irano-turque`` → RU, IR, TR). The knowledge lives in
``lexicon/demonyms.tsv``: one row per country with its masculine singular adjectives, the
irregular inflections, the combining forms (``russo-``) and the idioms in which a form is no
reference to the country (``roulette russe``). Regular inflections come from the rules below;
the table is read once, inflected and validated at first use.

Matching is case-insensitive (the noun of inhabitants is the capitalised adjective). Accented
forms must be spelled as in the table, but an accentless word is also matched against the
table with its accents removed, as press copy often drops them (``israelien``, ``Egyptiens``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, compress

from babel import Locale

from veille.lexicon import LexiconError, read_table
from veille.text.fold import lower, plain

__all__ = [
    "Demonym",
    "country_of",
    "entries",
    "feminine_of",
    "find_country_refs",
    "plural_of",
    "split_compound",
]

_TABLE = "demonyms.tsv"
# CLDR territory codes that are no country: EU, eurozone, UN, outlying Oceania, pseudo-locales,
# unknown region.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_HYPHEN_CHARS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_FORM = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A word of running text: letters, possibly hyphenated. Apostrophes end a word, so the elided
# article stays out (l'Américain, d'Iraniens).
_WORD = re.compile(rf"[^\W\d_]+(?:[{_HYPHEN_CHARS}][^\W\d_]+)*")
# The same words as a group, for ``re.split``: words and what lies between them, alternately.
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_PART = re.compile(rf"[^{_HYPHEN_CHARS}]+")
# "en russe", "traduit en français": the language, not the country.
_EN_BEFORE = re.compile(r"(?<!\w)en\s+\Z", re.IGNORECASE)
# Endings whose feminine the rule cannot derive: turc/turque, grec/grecque, letton/lettonne,
# hébreu/hébraïque, lao/lao, burkinabè/burkinabè...
_IRREGULAR_ENDINGS = ("c", "on", "o", "eu", "er", "el", "et", "é", "è")


@dataclass(frozen=True)
class Demonym:
    """One row of ``demonyms.tsv`` with every inflected form spelled out."""

    country: str  # ISO 3166-1 alpha-2
    adjectives: tuple[str, ...]  # masculine singular, the usual one first
    forms: frozenset[str]  # every inflection, lowercase, without the ``?`` marker
    shared: frozenset[str]  # forms marked ``?``: shared with another row
    prefixes: tuple[str, ...]  # combining forms: russo, sino, anglo
    idioms: tuple[str, ...]  # phrases where a form is no reference to the country


# ---------------------------------------------------------------------------------------------
# Inflection rules


def feminine_of(adjective: str) -> str:
    """Feminine singular of a regular masculine singular adjective.

    ``russe`` → ``russe``, ``syrien`` → ``syrienne``, ``français`` → ``française``,
    ``afghan`` → ``afghane``. Raises :class:`ValueError` for endings the rule cannot inflect
    (``turc``, ``letton``, ``hébreu``): the table must spell those out.
    """
    if adjective.endswith("e"):
        return adjective
    if adjective.endswith("en"):
        return adjective + "ne"
    if adjective.endswith(_IRREGULAR_ENDINGS):
        raise ValueError(f"no regular feminine for {adjective!r}")
    return adjective + "e"


def plural_of(singular: str) -> str:
    """Plural of a singular adjective: ``-s``/``-x``/``-z`` unchanged, ``-al`` → ``-aux``,
    ``-eu``/``-au`` + ``x``, otherwise + ``s``."""
    if singular.endswith(("s", "x", "z")):
        return singular
    if singular.endswith("al"):
        return singular[:-2] + "aux"
    if singular.endswith(("eu", "au")):
        return singular + "x"
    return singular + "s"


# ---------------------------------------------------------------------------------------------
# Loading and validation


def entries() -> tuple[Demonym, ...]:
    """The rows of ``demonyms.tsv``, inflected and validated.

    The table is read once, on first use of this module. Raises
    :class:`~veille.lexicon.LexiconError` on an unknown or repeated country code, a malformed
    form or combining form, an adjective the rules cannot inflect without an explicit feminine,
    an idiom that holds no form of its row, or a form claimed by two rows without the ``?``
    marker (see :func:`_resolve`).
    """
    return _load()[0]


@cache
def _load() -> tuple[tuple[Demonym, ...], _Index]:
    codes = _country_codes()
    rows: dict[str, Demonym] = {}
    for row in read_table(_TABLE):
        country = row["country"]
        where = f"{_TABLE}: {country}"
        if country not in codes:
            raise LexiconError(f"{where}: not an ISO 3166-1 alpha-2 country code")
        if country in rows:
            raise LexiconError(f"{where}: second row for this country")
        rows[country] = _entry(row, where)
    return tuple(rows.values()), _build_index(rows.values())


def _index() -> _Index:
    return _load()[1]


def _entry(row: dict[str, str], where: str) -> Demonym:
    adjectives = _marked(row["adjective"], where)
    if not adjectives:
        raise LexiconError(f"{where}: no adjective")
    feminines = _marked(row["feminine"], where)
    plurals = _marked(row["plural"], where)
    try:
        if not feminines:
            feminines = [(feminine_of(a), m) for a, m in adjectives]
    except ValueError as err:
        raise LexiconError(f"{where}: {err}; give the feminine column") from None
    if not plurals:
        plurals = [(plural_of(a), m) for a, m in adjectives]
    invariable = {a for a, _ in adjectives} & {p for p, _ in plurals}  # lao, burkinabè
    fem_plurals = [(f if f in invariable else plural_of(f), m) for f, m in feminines]
    marked_forms = adjectives + feminines + plurals + fem_plurals
    forms = frozenset(f for f, _ in marked_forms)
    shared = frozenset(f for f, m in marked_forms if m)
    if shared & {f for f, m in marked_forms if not m}:
        raise LexiconError(f"{where}: a form is both marked ? and unmarked")
    prefixes = tuple(p for p, _ in _marked(row["prefix"], where))
    for p in prefixes:
        if not p.endswith("o"):
            raise LexiconError(f"{where}: combining form {p!r} does not end in -o")
    idioms = tuple(i.strip() for i in row["idioms"].split("|") if i.strip())
    for idiom in idioms:
        if idiom != idiom.lower() or not forms & set(re.split(r"[\s'’]+", idiom)):
            raise LexiconError(
                f"{where}: idiom {idiom!r} is not lowercase or has no form of the row"
            )
    country = row["country"]
    return Demonym(country, tuple(a for a, _ in adjectives), forms, shared, prefixes, idioms)


def _marked(cell: str, where: str) -> list[tuple[str, bool]]:
    """``a|?b`` → ``[("a", False), ("b", True)]``, each form checked."""
    out = []
    for item in cell.split("|"):
        item = item.strip()
        if not item:
            continue
        marked = item.startswith("?")
        form = item.removeprefix("?")
        if form != form.lower() or not _FORM.fullmatch(form):
            raise LexiconError(f"{where}: malformed form {item!r}")
        out.append((form, marked))
    return out


@cache
def _country_codes() -> frozenset[str]:
    territories = Locale("fr").territories
    return (
        frozenset(c for c in territories if len(c) == 2 and c.isalpha() and c.isupper())
        - _NOT_COUNTRIES
    )


def _resolve(claims: dict[str, set[tuple[str, bool]]], what: str) -> dict[str, str | None]:
    """One country per form. A form claimed by several rows must be marked ``?`` in all of them
    but at most one; the unmarked one wins, and with none unmarked the form is ambiguous
    (``None``). A ``?`` on a form no other row claims is an error."""
    out: dict[str, str | None] = {}
    for form, owners in claims.items():
        unmarked = sorted({c for c, m in owners if not m})
        marked = sorted({c for c, m in owners if m})
        if len(unmarked) > 1:
            raise LexiconError(f"{_TABLE}: {what} {form!r} claimed by {', '.join(unmarked)}")
        if unmarked:
            out[form] = unmarked[0]
        elif len(marked) > 1:
            out[form] = None
        else:
            raise LexiconError(f"{_TABLE}: {what} {form!r} marked ? but only {marked[0]} has it")
    return out


def _folded(table: dict[str, str | None]) -> dict[str, str | None]:
    """The same table keyed without accents; keys that merge two countries resolve to None."""
    groups: dict[str, set[str | None]] = defaultdict(set)
    for form, country in table.items():
        groups[plain(form)].add(country)
    return {k: next(iter(v)) if len(v) == 1 else None for k, v in groups.items()}


@dataclass(frozen=True)
class _Index:
    forms: dict[str, str | None]
    folded_forms: dict[str, str | None]
    prefixes: dict[str, str | None]
    folded_prefixes: dict[str, str | None]
    idioms: re.Pattern[str] | None
    names: dict[str, frozenset[str]]  # ISO2 → capitalised words of its French name, folded
    # word → its split_compound, filled as words are met
    compounds: dict[str, tuple[tuple[int, int, str], ...]] = field(
        default_factory=dict, compare=False
    )


def _build_index(rows: Iterable[Demonym]) -> _Index:
    form_claims: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    prefix_claims: dict[str, set[tuple[str, bool]]] = defaultdict(set)
    idioms: list[str] = []
    for d in rows:
        for f in d.forms:
            form_claims[f].add((d.country, f in d.shared))
        for p in d.prefixes:
            prefix_claims[p].add((d.country, False))
        idioms.extend(d.idioms)
    forms = _resolve(form_claims, "form")
    prefixes = _resolve(prefix_claims, "combining form")
    return _Index(
        forms=forms,
        folded_forms=_folded(forms),
        prefixes=prefixes,
        folded_prefixes=_folded(prefixes),
        idioms=_idiom_pattern(idioms),
        names=_name_words(),
    )


def _idiom_pattern(idioms: Iterable[str]) -> re.Pattern[str] | None:
    # The idioms grouped by what their first character matches, each group in the order of
    # the whole list (longest first): only one group is tried at a position (twice as fast as
    # the flat alternation of every idiom), and the alternative matching first is the one
    # the flat alternation would match first.
    groups: dict[str, list[str]] = {}
    for idiom in sorted(set(idioms), key=len, reverse=True):
        words = [re.escape(w) for w in idiom.split()]
        alt = r"\s+".join(words).replace("'", "['’]").replace(r"\-", "[-‐‑]")
        n = alt.index("]") + 1 if alt[0] == "[" else 2 if alt[0] == "\\" else 1
        groups.setdefault(alt[:n].lower(), []).append(alt[n:])
    if not groups:
        return None
    alts = "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in groups.items())
    return re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)", re.IGNORECASE)


def _name_words() -> dict[str, frozenset[str]]:
    """Capitalised words of each country's French name (CLDR), folded and lowercase.

    A capitalised demonym spelled like a word of its own country's name is that name, not the
    adjective: ``la Suisse``, ``l'Argentine``, ``les Philippines``, ``le Vatican``.
    """
    return {
        code: frozenset(plain(m.group()) for m in _WORD.finditer(name) if m[0][0].isupper())
        for code, name in Locale("fr").territories.items()
    }


# ---------------------------------------------------------------------------------------------
# Lookup


def _lookup(key: str, exact: dict[str, str | None], folded: dict[str, str | None]) -> str | None:
    if key in exact:
        return exact[key]
    if key.isascii():
        return folded.get(key)
    return None


def country_of(word: str) -> str | None:
    """ISO2 code of the country a single nationality adjective or demonym names.

    ``russe``, ``Russes``, ``syriennes``, ``Nord-Coréens`` → RU, RU, SY, KP. ``None`` for
    non-demonyms (``président``, ``arabe``, ``européen``), for combining forms and compounds
    (``russo``, ``russo-turc``: see :func:`split_compound`) and for ambiguous forms
    (``coréen``).
    """
    idx = _index()
    return _lookup(lower(unicodedata.normalize("NFC", word)), idx.forms, idx.folded_forms)


def split_compound(word: str) -> list[tuple[int, int, str]]:
    """Offsets within ``word`` and ISO2 code of each country element of a compound adjective.

    ``russo-irano-turque`` → ``[(0, 5, "RU"), (6, 11, "IR"), (12, 18, "TR")]``. Every element
    but the last must be a combining form (``russo``), the last a demonym (``turque``,
    ``nord-coréen``); leading or trailing hyphens are ignored (``-irano-turque``). A plain
    demonym is a compound of one element. A word with any element that is no country
    (``arabo-musulman``, ``pro-russe``) or an ambiguous one gives ``[]``.
    """
    return list(_compound(word))


def _compound(word: str) -> tuple[tuple[int, int, str], ...]:
    """:func:`split_compound` of one word, computed once per word (and table)."""
    idx = _index()
    got = idx.compounds.get(word)
    if got is None:
        if len(idx.compounds) >= _MAX_CACHED:
            idx.compounds.clear()
        got = idx.compounds[word] = _split(word, idx)
    return got


_MAX_CACHED = 1 << 16


def _split(word: str, idx: _Index) -> tuple[tuple[int, int, str], ...]:
    # keys composed (NFC): the table's forms are; offsets stay those of ``word``
    parts = [
        (m.start(), m.end(), lower(unicodedata.normalize("NFC", m.group())))
        for m in _PART.finditer(word)
    ]
    if not parts:
        return ()
    parsed = _parse(tuple(k for _, _, k in parts), 0, idx)
    if parsed is None:
        return ()
    return tuple((parts[i][0], parts[j - 1][1], c) for i, j, c in parsed)


def _parse(keys: tuple[str, ...], i: int, idx: _Index) -> list[tuple[int, int, str]] | None:
    """Parts ``keys[i:]`` as combining forms then one demonym, as ``(first, end, country)``
    part ranges; ``None`` when they are not."""
    last = _lookup("-".join(keys[i:]), idx.forms, idx.folded_forms)
    if last is not None:
        return [(i, len(keys), last)]
    for j in range(i + 1, len(keys)):
        country = _lookup("-".join(keys[i:j]), idx.prefixes, idx.folded_prefixes)
        if country is None:
            continue
        rest = _parse(keys, j, idx)
        if rest is not None:
            return [(i, j, country), *rest]
    return None


def find_country_refs(text: str) -> list[tuple[int, int, str]]:
    """Every nationality adjective, demonym and compound element in ``text``, as
    ``(start, end, ISO2)`` with offsets into ``text``, in text order.

    ``le président russe`` → the span of ``russe``; ``russo-irano-turque`` → three spans.
    Skipped: country names spelled like a demonym (``la Suisse``), a lowercase demonym after
    ``en`` (``en russe``: the language) and the idioms of the table (``roulette russe``,
    ``l'océan Indien``). Elided articles stay out of spans (``l'Américain``).
    """
    idx = _index()
    # The words and the text between them, split at C speed: ``parts`` alternates what lies
    # between two words and a word (the matches of ``_WORD``, as ``finditer`` gives them), so
    # word ``k`` is ``parts[2k + 1]`` and starts where ``parts[:2k + 1]`` ends. Each distinct
    # word is split once; only the words that name a country are visited in Python.
    parts = _WORD_SPLIT.split(text)
    words = parts[1::2]
    refs_of = {w: _compound(w) for w in set(words)}
    hits = list(compress(range(len(words)), map(refs_of.__getitem__, words)))
    if not hits:
        return []
    ends = list(accumulate(map(len, parts)))
    idioms = [m.span() for m in idx.idioms.finditer(text)] if idx.idioms else []
    out: list[tuple[int, int, str]] = []
    for k in hits:
        word, start = words[k], ends[2 * k]
        refs = refs_of[word]
        if len(refs) == 1:
            names = idx.names.get(refs[0][2], frozenset())
            if word[0].isupper() and plain(word) in names:
                continue
            if word.islower() and _EN_BEFORE.search(text, max(0, start - 8), start):
                continue
        for s, e, country in refs:
            s, e = s + start, e + start
            if not any(a <= s and e <= b for a, b in idioms):
                out.append((s, e, country))
    return out
