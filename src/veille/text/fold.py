"""The one folding of text: typography, a plain key for words, a key for names.

Every module that compares words or names folds both sides with one of these functions, so a
lexicon entry matches the same text whichever module looks it up. From the least to the most
folded:

=====================  ==========================================  ===================  ======
function               what it does                                ``L’Île-de-France``  length
=====================  ==========================================  ===================  ======
:func:`typography`     quotes, apostrophes, spaces, dashes in      ``L'Île-de-France``  same
                       ASCII; case and accents kept
:func:`lower`          typography, lowercase                       ``l'île-de-france``  same
:func:`plain`          typography, lowercase, accents off: the     ``l'ile-de-france``  same
                       lookup key of a word
:func:`name_key`       plain, ligatures spelt out, every run of    ``l ile de france``  other
                       punctuation a single space, ``St`` spelt
                       ``saint``: the key of a name
:func:`bare_name_key`  name_key without a leading French article   ``ile de france``    other
                       (le, la, les, l'): places, lexicon names
=====================  ==========================================  ===================  ======

The first three keep offsets: ``text[i]`` and ``typography(text)[i]`` are the same character,
folded, so a match in the folded text is a span of the original. :func:`strip_accents` is
their accent step alone.

:func:`search_key` is apart: the fold of the store (the ``fold()`` SQL function, link keys).
Link keys stored in existing databases are hashes of it, so it stays as it was.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "APOSTROPHES",
    "CLOSE_QUOTES",
    "DASHES",
    "OPEN_QUOTES",
    "QUOTE_CHARS",
    "SPACES",
    "bare_name_key",
    "lower",
    "name_key",
    "plain",
    "search_key",
    "strip_accents",
    "typography",
]

#: Characters that open a quotation (all fold to ``"``; ``"`` itself both opens and closes).
OPEN_QUOTES = frozenset('«“„‟‹"')
#: Characters that close a quotation (all fold to ``"``).
CLOSE_QUOTES = frozenset('»”›"')
QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES
#: Apostrophes and single quotes, all folded to ``'``.
APOSTROPHES = frozenset("'’‘‚‛´`ʼ")
#: Space characters, all folded to ``" "`` (newlines and tabs are left alone).
SPACES = frozenset(" \u00a0\u1680\u202f\u205f\u3000") | {chr(c) for c in range(0x2000, 0x200B)}
#: Hyphens, dashes and the minus sign, all folded to ``-``.
DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")

_TYPOGRAPHY = str.maketrans(
    {
        **dict.fromkeys(QUOTE_CHARS, '"'),
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(SPACES, " "),
        **dict.fromkeys(DASHES, "-"),
    }
)

#: The characters :func:`typography` changes, each with its ASCII fold.
_TYPOGRAPHY_PAIRS = tuple((chr(k), v) for k, v in _TYPOGRAPHY.items() if chr(k) != v)
#: Below this length, ``str.translate`` is faster than a scan per special character.
_SHORT_TRANSLATE = 24


def typography(text: str) -> str:
    """``text`` with quotes, apostrophes, spaces and dashes in ASCII, case and accents kept;
    same length, same offsets.

    ``« L’Île-de-France »`` (no-break spaces) → ``" L'Île-de-France "``;
    ``Kim Jong‑Un`` (a no-break hyphen) → ``Kim Jong-Un``. Newlines and tabs stay.
    """
    if text.isascii() and "`" not in text:  # the only ASCII character that changes
        return text
    if len(text) < _SHORT_TRANSLATE:
        return text.translate(_TYPOGRAPHY)
    # a document: one fast scan per special character (none of them is the fold of another)
    # costs far less than translate's dict lookup for every character
    for char, ascii_char in _TYPOGRAPHY_PAIRS:
        if char in text:
            text = text.replace(char, ascii_char)
    return text


def lower(text: str) -> str:
    """:func:`typography`, then lowercase, accents kept (``L’Œuvre`` → ``l'œuvre``); same
    length: the form lexicons that spell words with their accents are keyed by."""
    if len(text) <= _SHORT:
        return _lower_short(text)
    return _lower(text)


def _lower(text: str) -> str:
    low = typography(text).lower()
    if len(low) != len(text):  # "İ" lowercases to two characters: keep the first
        low = "".join(c.lower()[0] for c in typography(text))
    return low


_SHORT = 40  # words and short phrases are folded once each; a whole text is not kept
_lower_short = lru_cache(maxsize=1 << 16)(_lower)


class _BaseChars(dict[int, str]):
    """``ord(c)`` → the first character of ``c`` decomposed (NFD), filled on first use: a
    ``str.translate`` table for :func:`strip_accents`."""

    def __missing__(self, code: int) -> str:
        base = self[code] = unicodedata.normalize("NFD", chr(code))[0]
        return base


_BASE_CHARS = _BaseChars()


def strip_accents(text: str) -> str:
    """Accents off, char for char, case kept (``Défense`` → ``Defense``, ``Œuvre`` stays:
    a ligature is a letter of its own); same length."""
    if text.isascii():
        return text
    return text.translate(_BASE_CHARS)


def plain(text: str) -> str:
    """:func:`lower`, accents off: the lookup key of a word or phrase; same length.

    ``Défense`` → ``defense``; ``L’Île-de-France`` → ``l'ile-de-france``; ``Œuvre`` →
    ``œuvre``; ``Kim Jong-Un`` → ``kim jong-un``. Hyphens and apostrophes stay: a word keeps
    its shape (``aujourd'hui``, ``porte-parole``).
    """
    if len(text) <= _SHORT:
        return _plain_short(text)
    return strip_accents(lower(text))


@lru_cache(maxsize=1 << 16)
def _plain_short(text: str) -> str:
    return strip_accents(lower(text))


# Applied after casefold: apostrophes unified (for the article), letters NFKD leaves whole
# spelt in ASCII.
_NAME_TABLE = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES | {"ʻ", "ʿ", "ʾ"}, "'"),
        "œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    }
)  # fmt: skip
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_ARTICLE = re.compile(r"^(?:les?\s+|la\s+|l')")
_ARTICLE_STARTS = ("le", "la", "l'")
_NON_WORD = re.compile(r"[\W_]+")
_SAINT = re.compile(r"\b(st|ste)\b")


def _name_key(text: str, *, keep_article: bool) -> str:
    s = text.casefold()
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s.translate(_NAME_TABLE)))
    elif "`" in s:
        s = s.replace("`", "'")
    s = s.lstrip()
    if not keep_article and s.startswith(_ARTICLE_STARTS):
        s = _ARTICLE.sub("", s, count=1)
    s = " ".join(s.split()) if s.replace(" ", "").isalnum() else _NON_WORD.sub(" ", s).strip()
    if "st" in s:
        s = _SAINT.sub(lambda m: "saint" if m[1] == "st" else "sainte", s)
    return s


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The key two spellings of one name share: :func:`plain`, ligatures spelt out, accents
    off even on letters NFKD composes (``ﬁ``, full-width), every run of punctuation
    (hyphens, apostrophes, dots, quotes) and spaces one space, ``St``/``Ste`` spelt out.

    ``Kim Jong-Un``, ``Kim Jong Un``, ``KIM Jong-un`` → ``kim jong un``;
    ``L’Île-de-France`` → ``l ile de france``; ``Œuvre d'Orient`` → ``oeuvre d orient``;
    ``St-Étienne``, ``Saint-Étienne`` → ``saint etienne``; ``M. Macron`` → ``m macron``.
    """
    return _name_key(text, keep_article=True)


def bare_name_key(text: str) -> str:
    """:func:`name_key` without a leading French article (``le``, ``la``, ``les``, ``l'``):
    the key of a name that may be written with or without it (places, lexicon entries).

    ``L’Île-de-France``, ``Île-de-France`` → ``ile de france``; ``les États-Unis`` →
    ``etats unis``; ``Laos`` stays ``laos`` (``la`` only as a word).
    """
    return _name_key(text, keep_article=False)


def search_key(text: str) -> str:
    """The store's fold: casefold, accents off (NFKD), runs of spaces one space;
    punctuation and typography kept (``Sergueï  CHOÏGOU`` → ``serguei choigou``).

    Stored link keys are hashes of it (:mod:`veille.store.links`): changing it would stop
    new reports of an event from linking to those already stored.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
