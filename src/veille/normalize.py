"""Typography and French numbers, without losing the way back to the original text.

:func:`~veille.text.fold.typography` (re-exported here as ``fold`` with its character sets)
maps typographic variants (guillemets, curly apostrophes, no-break and thin spaces, dashes) to
their ASCII form one character for one character, so offsets into the folded text are offsets
into the original. :func:`parse_number` reads one French number ("100 000",
"4.700", "3,3", "1,5 million", "trois", "des dizaines de milliers"); :func:`find_quantities`
finds every quantity in a text, with its unit, whether it is approximate and the noun it counts.

Conventions of :func:`find_quantities`:

- The span covers the approximation modifier, the number, its multiplier and its unit:
  ``plus de 100, 000``, ``des dizaines de milliers``, ``1,5 million``, ``3,3%``,
  ``1,3 milliard d'euros``, ``$5``. The counted noun is *not* in the span; it is in
  ``Quantity.counts`` as written (``personnes``, ``hommes armés``).
- An approximate count word has its nominal value, the lower bound of the estimate:
  ``une dizaine`` → 10, ``des centaines`` → 100, ``des dizaines de milliers`` → 10 000.
  A range ``20-30`` has the value of its lower end. All of these are ``approximate``, as is a
  number after a modifier (``plus de``, ``près de``, ``environ``, ``au moins``...), whose value
  is the number as written.
- Percentages keep the number as written (``3,3%`` → 3.3, unit ``percent``).
- A comma before exactly three digits is a thousands separator (``100,000``, ``100, 000``),
  except after ``0`` or before ``%`` (``0,500``, ``3,125%`` are decimals). A dot before exactly
  three digits is a thousands separator (``4.700``); any other dotted number (``49.3``, ``1.5``)
  is kept only when a unit or multiplier follows, since French writes decimals with a comma.
- Not quantities: dates (``23 décembre``, ``les 24 et 25 septembre``, ``en 2016``, and a bare
  year 1800–2100 that counts nothing), times (``21H00``, ``18h30``, ``9:30``), ordinals
  (``1er``, ``2e``), numbers inside identifiers (``G20``, ``COVID-19``, ``A400M``, ``1/2``),
  numbers naming things (``acte 17``, ``article 5``, ``Europe 1``, ``12 rue``, ``le 14``),
  phone numbers, and ``un``/``une`` unless they open ``un million``, ``une dizaine``...

The word lists live in ``veille/lexicon/quantities_*.tsv``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from veille.lexicon import LexiconError, read_table
from veille.model import Quantity
from veille.text.fold import (
    APOSTROPHES,
    CLOSE_QUOTES,
    DASHES,
    OPEN_QUOTES,
    QUOTE_CHARS,
    SPACES,
    typography,
)

logger = logging.getLogger(__name__)

__all__ = [
    "APOSTROPHES",
    "CLOSE_QUOTES",
    "DASHES",
    "OPEN_QUOTES",
    "QUOTE_CHARS",
    "SPACES",
    "find_quantities",
    "fold",
    "parse_number",
    "straight_quote_opens",
]

# ---------------------------------------------------------------------------------------------
# Typography

#: Kept for the modules that still import it from here: :func:`veille.text.fold.typography`.
fold = typography


# ---------------------------------------------------------------------------------------------
# Word lists


def straight_quote_opens(
    text: str,
    i: int,
    previous: bool | None,
    *,
    open_after: str = "([",
    close_before: str = ",;:.!?)]…",
) -> bool:
    """Whether the straight ``"`` at ``text[i]`` opens a quotation (it cannot say itself).

    A space or one of ``open_after`` before it: it opens; a space or one of ``close_before``
    after it: it closes; glued on both sides (``armée."Nous``): the opposite of the previous
    straight quote (``previous``, None if there was none: it opens).
    """
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() or before in open_after:
        return True
    if after.isspace() or after in close_before:
        return False
    return not previous if previous is not None else True


_SP = r"[^\S\n]"  # a space that is not a line break: quantities never cross lines


def _phrase(form: str) -> str:
    """Regex for a lexicon form: its words separated by any run of spaces."""
    return (_SP + "+").join(re.escape(w) for w in form.split())


def _alternation(forms: Iterable[str]) -> str:
    """Regex alternation of lexicon forms, longest first so that "millions" beats "million"."""
    return "|".join(_phrase(f) for f in sorted(set(forms), key=len, reverse=True))


def _float(name: str, form: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise LexiconError(f"{name}: {form!r} has value {value!r}, not a number") from None


@dataclass(frozen=True)
class _Lexicon:
    numbers: dict[str, float]
    multipliers: dict[str, float]
    approx: dict[str, float]
    determiners: frozenset[str]
    modifiers: dict[str, bool]
    units: dict[str, tuple[str, float]]
    glued_units: frozenset[str]
    context: dict[str, frozenset[str]]


_WORD_KINDS = {"number", "multiplier", "approx", "determiner", "modifier"}
_CONTEXT_KINDS = {"noun", "adjective", "stop", "month", "date", "label", "address"}


@cache
def _lexicon() -> _Lexicon:
    numbers: dict[str, float] = {}
    multipliers: dict[str, float] = {}
    approx: dict[str, float] = {}
    determiners: set[str] = set()
    modifiers: dict[str, bool] = {}
    name = "quantities_words.tsv"
    for row in read_table(name):
        form, kind, value = row["form"].lower(), row["kind"], row["value"]
        if kind not in _WORD_KINDS:
            raise LexiconError(f"{name}: {form!r} has unknown kind {kind!r}")
        if kind == "determiner":
            determiners.add(form)
        elif kind == "modifier":
            modifiers[form] = value != "0"
        else:
            {"number": numbers, "multiplier": multipliers, "approx": approx}[kind][form] = _float(
                name, form, value
            )

    units: dict[str, tuple[str, float]] = {}
    glued: set[str] = set()
    name = "quantities_units.tsv"
    for row in read_table(name):
        form = row["form"]
        if not form or not row["unit"]:
            raise LexiconError(f"{name}: row {row} needs a form and a unit")
        units[form] = (row["unit"], _float(name, form, row["factor"] or "1"))
        if row["glue"] == "1":
            glued.add(form)

    context: dict[str, set[str]] = {kind: set() for kind in _CONTEXT_KINDS}
    name = "quantities_context.tsv"
    for row in read_table(name):
        if row["kind"] not in _CONTEXT_KINDS:
            raise LexiconError(f"{name}: {row['form']!r} has unknown kind {row['kind']!r}")
        context[row["kind"]].add(" ".join(row["form"].lower().split()))
    logger.debug("quantity lexicon: %d number words, %d units", len(numbers), len(units))
    return _Lexicon(
        numbers=numbers,
        multipliers=multipliers,
        approx=approx,
        determiners=frozenset(determiners),
        modifiers=modifiers,
        units=units,
        glued_units=frozenset(glued),
        context={k: frozenset(v) for k, v in context.items()},
    )


# ---------------------------------------------------------------------------------------------
# Patterns, compiled once

# Digits as French writes them (after fold, so every space is " "). Order matters: the
# grouped forms are tried before the plain one.
_DIGITS = r"""
    \d{1,3}(?:\.\d{3})+(?!\d)            # 4.700, 1.234.567
  | \d{1,3}(?:,\ \d{3})+(?![\d])         # 100, 000 (a comma and one space: wire copy)
  | \d{1,3}(?:\ \d{3})+(?:,\d+)?(?!\d)   # 1 500, 1 500 000, 1 500,5
  | \d{1,3}(?:,\d{3}){2,}(?!\d)          # 1,234,567
  | \d+(?:[.,]\d+)?                      # 12, 3,3, 0,5, 100,000, 49.3
"""
_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+")
_RANGE_END = re.compile(r"-\d+(?:,\d+)?(?![\w.,]\d)")
_NUMERO = re.compile(rf"(?i)(?:\bn°|\bnº|\bno\.?|#){_SP}*$")
# A number starts where no word, no "/", no "1." or "1,", no "F-" and no "12-" is before it.
_DIGITS_BEFORE = r"(?<![\w/])(?<!\d[.,])(?<![^\W\d_]-)(?<!\d-)"


@dataclass(frozen=True)
class _Patterns:
    core: re.Pattern[str]
    digits_full: re.Pattern[str]
    words_full: re.Pattern[str]
    approx_full: re.Pattern[str]
    word_token: re.Pattern[str]
    multiplier: re.Pattern[str]
    unit_after: re.Pattern[str]
    unit_after_de: re.Pattern[str]
    modifier: re.Pattern[str]
    counted: re.Pattern[str]
    blocked: re.Pattern[str]
    blocked_no_mail: re.Pattern[str]
    prev_word: re.Pattern[str]


def _first_chars(forms: Iterable[str]) -> str:
    """The first characters of lexicon ``forms`` (lowercase: the patterns ignore case), all
    letters: a pattern behind :func:`_starting_with` matches only at a word start."""
    first = "".join(sorted({f.split()[0][0].lower() for f in forms if f.strip()}))
    if not first.isalpha():
        raise LexiconError(f"quantity words must start with a letter, not one of {first!r}")
    return first


def _starting_with(first: str, alternatives: str, *, word_start: bool = True) -> str:
    """``alternatives`` (a regex) behind a prefilter that says no at once where none of them
    can start: a word start (``\\b``) whose character is a digit or one of ``first``.

    Every match of ``alternatives`` must start with such a character (and, with
    ``word_start``, at a word start): the prefilter then only skips positions where the
    regex would fail, so the matches are the same, found without trying every alternative
    (each behind its lookbehind) at every position of the text.
    """
    start = r"\b" if word_start else ""
    return rf"{start}(?=[\d{re.escape(first)}])(?:{alternatives})"


def _word_numbers(lex: _Lexicon) -> str:
    """Regex of a number in words: ``vingt-deux``, ``deux cent mille``, ``vingt et un``;
    ``un``/``une`` only before a multiplier (``un million``) or after ``et``; ``cent`` not in
    ``pour cent``."""
    number_words = _alternation(w for w in lex.numbers if w not in {"un", "une"})
    big = _alternation(m for m in lex.multipliers if m != "mille")
    sep = rf"(?:-|{_SP}+)"
    return (
        rf"(?:(?<!pour\ )(?:{number_words})|(?:un|une)(?={_SP}+(?:{big})\b))"
        rf"(?:{sep}(?:{number_words})|{sep}et{sep}(?:un|une|onze))*"
    )


def _number_patterns(lex: _Lexicon) -> dict[str, re.Pattern[str]]:
    """Where a quantity starts (``core``: a count word, digits or words) and how far its
    number reaches (``digits_full``, ``words_full``, ``approx_full``, ``multiplier``)."""
    big = _alternation(m for m in lex.multipliers if m != "mille")
    approx = _alternation(lex.approx)
    chain = _alternation(w for w in lex.approx if w.endswith(("milliers", "millions", "milliards")))
    determiners = _alternation(lex.determiners)
    words = _word_numbers(lex)
    # "des dizaines", "une centaine"; a plural count word may go without its determiner
    # when "de" follows: "la mort de centaines de milliers d'oiseaux"
    plural_approx = _alternation(
        w for w in lex.approx if w.endswith("s") and not w.startswith(("million", "milliard"))
    )
    approx_phrase = (
        rf"(?:(?:{determiners}){_SP}+(?:{approx})"
        rf"|(?:{plural_approx})(?={_SP}+de{_SP}|{_SP}+d'))"
        rf"(?:{_SP}+(?:de{_SP}+|d')(?:{chain}))?"
    )
    multipliers = _alternation(lex.multipliers)
    return {
        "core": re.compile(
            _starting_with(
                _first_chars([*lex.determiners, *lex.approx, *lex.numbers]),
                rf"(?<![\w-])(?P<approx>{approx_phrase})(?![\w-])"
                rf"|{_DIGITS_BEFORE}(?P<digits>{_DIGITS})"
                rf"|(?<![\w-])(?P<words>{words})(?![\w-])",
            ),
            re.IGNORECASE | re.VERBOSE,
        ),
        "digits_full": re.compile(
            rf"(?P<digits>{_DIGITS})(?:{_SP}+(?P<mult>{multipliers}))?",
            re.IGNORECASE | re.VERBOSE,
        ),
        "words_full": re.compile(
            rf"(?P<words>{words})(?:{_SP}+(?P<mult>{big}))?", re.IGNORECASE | re.VERBOSE
        ),
        "approx_full": re.compile(
            rf"(?:(?:{determiners}){_SP}+)?(?:{approx})(?:{_SP}+(?:de{_SP}+|d')(?:{chain}))?",
            re.IGNORECASE,
        ),
        "multiplier": re.compile(rf"{_SP}+(?P<mult>{multipliers})(?![\w-])", re.I),
    }


def _unit_patterns(lex: _Lexicon) -> dict[str, re.Pattern[str]]:
    """The unit after a number: glued or spaced (``unit_after``), or after ``de``
    (``unit_after_de``). Units are case-sensitive: "20 Minutes" is a newspaper, "3 M. Dupont"
    is not 3 m. A unit ends where no lowercase letter or digit follows: "ansGardienne" is a
    unit glued to the next sentence, "mai" is not "m"."""
    glued = _alternation(lex.glued_units)
    all_units = _alternation(lex.units)
    word_units = _alternation(u for u in lex.units if u[0].isalpha())
    unit_end = r"(?![a-zß-öø-ÿœæ\d])"
    return {
        "unit_after": re.compile(
            rf"(?:(?P<glued>{glued})|{_SP}+(?P<spaced>{all_units})){unit_end}"
        ),
        "unit_after_de": re.compile(rf"{_SP}+(?:de{_SP}+|d')(?P<spaced>{word_units}){unit_end}"),
    }


def _context_patterns(lex: _Lexicon) -> dict[str, re.Pattern[str]]:
    """The words around a quantity: the approximation ``modifier`` before it (``plus de``,
    ``d'environ``), the noun it ``counted`` after it (with an adjective before the noun)."""
    apostrophe_mods = _alternation(m for m in lex.modifiers if m.endswith("'"))
    spaced_mods = _alternation(m for m in lex.modifiers if not m.endswith("'"))
    nouns = _alternation(n for n in lex.context["noun"] if " " in n)
    adjectives = _alternation(lex.context["adjective"])
    return {
        "modifier": re.compile(
            rf"(?<![\w'-])(?:(?P<mod>{apostrophe_mods})|(?P<mod2>{spaced_mods}){_SP}+)$",
            re.IGNORECASE,
        ),
        "counted": re.compile(
            rf"{_SP}+(?:de{_SP}+|d')?(?:(?P<adj>{adjectives}){_SP}+)?"
            rf"(?P<noun>(?:{nouns})(?![\w-])|[^\W\d_]+(?:-[^\W\d_]+)*(?![\w'-]))"
        ),
    }


def _blocked_patterns(lex: _Lexicon) -> dict[str, re.Pattern[str]]:
    """Numbers that are not quantities: times, phone numbers, ISO dates, day-month dates,
    web and mail addresses (``blocked``); the same for a text with no ``@``
    (``blocked_no_mail``), where every match starts with a digit, ``+``, ``h`` or ``w``."""
    months = _alternation(lex.context["month"])
    alternatives = rf"""
        (?<![\w.,])\d{{1,2}}{_SP}?[hH](?:{_SP}?\d{{2}})?(?!\w)       # 21H00, 18h30, 11h
      | (?<![\w.,])\d{{1,2}}:\d{{2}}(?!\d)                             # 21:30
      | (?<![\w+])(?:\+\d{{2,3}}{_SP}?(?:\(0\))?{_SP}?\d|0\d)(?:[ .-]?\d{{2}}){{4}}(?!\d)
      | \b\d{{4}}-\d{{2}}-\d{{2}}\b                                     # ISO dates
      | (?<!\w)(?:\d{{1,2}}|1er)(?:{_SP}*(?:,|et|au|à|-){_SP}*(?:\d{{1,2}}|1er))*
        {_SP}+(?:{months})(?!\w)                                        # 24 et 25 septembre
      | https?://\S+ | www\.\S+                                         # web addresses
        """
    flags = re.IGNORECASE | re.VERBOSE
    return {
        "blocked": re.compile(rf"{alternatives} | \S+@\S+\.\w+", flags),  # and mail
        "blocked_no_mail": re.compile(_starting_with("+hw", alternatives, word_start=False), flags),
    }


@cache
def _patterns() -> _Patterns:
    lex = _lexicon()
    return _Patterns(
        **_number_patterns(lex),
        **_unit_patterns(lex),
        **_context_patterns(lex),
        **_blocked_patterns(lex),
        word_token=re.compile(r"[^\W\d_]+"),
        prev_word=re.compile(rf"(?P<word>[^\W\d_]+)(?P<sp>{_SP}*)$"),
    )


# ---------------------------------------------------------------------------------------------
# Values


def _digits_value(s: str) -> tuple[float, str]:
    """Value of a digit string matched by ``_DIGITS`` and how it was written.

    The form is ``int``, ``grouped`` (thousands separators), ``comma3`` (``2,500``: read as
    thousands, a decimal before ``%``), ``decimal`` (comma) or ``dot`` (``49.3``, ``1.5``).
    """
    if ", " in s or " " in s:
        return float(s.replace(", ", "").replace(" ", "").replace(",", ".")), "grouped"
    if _DOT_GROUPED.fullmatch(s):
        return float(s.replace(".", "")), "grouped"
    if s.count(",") >= 2:
        return float(s.replace(",", "")), "grouped"
    if "," in s:
        left, right = s.split(",")
        if len(right) == 3 and left != "0" and len(left) <= 3:
            return float(left + right), "comma3"
        return float(f"{left}.{right}"), "decimal"
    if "." in s:
        return float(s), "dot"
    return float(s), "int"


def _words_value(words: list[str], numbers: dict[str, float]) -> tuple[float, int]:
    """Value of the longest valid prefix of French number ``words`` and its length.

    A valid sequence adds smaller numbers after larger ones ("vingt-deux", "soixante-douze")
    and multiplies by "cent", "mille" and the "vingt" of "quatre-vingt"; "deux trois" stops
    after "deux".
    """
    total, current, last, used = 0.0, 0.0, None, 0
    for i, word in enumerate(words):
        w = word.lower()
        v = numbers[w]
        if w in ("cent", "cents"):
            if current >= 100:
                break
            current = max(current, 1) * 100
            last = 100.0
        elif w == "mille":
            if total:
                break
            total, current, last = max(current, 1) * 1000, 0.0, 1000.0
        elif w in ("vingt", "vingts") and last == 4:
            current += 76  # quatre-vingt(s): the 4 already counted becomes 80
            last = 80.0
        else:
            allowed = (
                last is None
                or last in (100, 1000)
                or (last == 10 and v in (7, 8, 9))
                or (last in (20, 30, 40, 50) and 1 <= v <= 9)
                or (last in (60, 80) and 1 <= v <= 16)
            )
            if not allowed or (w == "zéro" and i):
                break
            current += v
            last = v
        used = i + 1
    return total + current, used


def parse_number(s: str) -> float | None:
    """The value of one French number, or None when ``s`` is not one.

    ``"100 000"``, ``"100, 000"``, ``"4.700"`` → 100000, 100000, 4700; ``"3,3"`` → 3.3;
    ``"1,5 million"`` → 1500000; ``"deux"``, ``"quatre-vingt-dix"`` → 2, 90; count words
    have their nominal value: ``"dizaine"`` → 10, ``"des dizaines de milliers"`` → 10000.
    ``"un"`` and ``"une"`` read as 1 here; :func:`find_quantities` takes them only before a
    multiplier or a count word (``un million``, ``une dizaine``), never as the article.
    """
    p, lex = _patterns(), _lexicon()
    t = " ".join(typography(s).split())
    if not t:
        return None
    if m := p.digits_full.fullmatch(t):
        value, _ = _digits_value(m["digits"])
        return value * (lex.multipliers[m["mult"].lower()] if m["mult"] else 1)
    if m := p.words_full.fullmatch(t):
        tokens = [w for w in p.word_token.findall(m["words"]) if w.lower() != "et"]
        value, used = _words_value(tokens, lex.numbers)
        if used != len(tokens):
            return None
        return value * (lex.multipliers[m["mult"].lower()] if m["mult"] else 1)
    if t.lower() in ("un", "une"):
        return 1.0
    if p.approx_full.fullmatch(t):
        return _approx_value(t, lex)
    return None


def _approx_value(phrase: str, lex: _Lexicon) -> float:
    value = 1.0
    for w in phrase.lower().replace("'", " ").split():
        value *= lex.approx.get(w, 1.0) if w not in lex.determiners else 1.0
    return value


# ---------------------------------------------------------------------------------------------
# Finding quantities


@dataclass
class _Found:
    start: int
    end: int
    value: float
    approximate: bool = False
    unit: str | None = None
    counts: str | None = None
    modifier: bool = False


def find_quantities(text: str, *, folded: str | None = None) -> list[Quantity]:
    """Every quantity in ``text``, in order, with offsets into ``text`` (see module doc);
    ``folded`` is ``typography(text)`` when the caller has it."""
    p = _patterns()
    if folded is None:
        folded = typography(text)
    mask = bytearray(len(folded))
    blocked = p.blocked if "@" in folded else p.blocked_no_mail
    for m in blocked.finditer(folded):
        mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found: list[Quantity] = []
    last_end = 0
    for m in p.core.finditer(folded):
        if m.start() < last_end or 1 in mask[m.start() : m.end()]:
            continue
        if m["approx"] is not None:
            q = _from_approx(folded, m, p)
        elif m["digits"] is not None:
            q = _from_digits(folded, m, p)
        else:
            q = _from_words(folded, m, p)
        if q is None:
            continue
        found.append(
            Quantity(
                text=text[q.start : q.end],
                start=q.start,
                end=q.end,
                value=q.value,
                unit=q.unit,
                approximate=q.approximate,
                counts=q.counts,
            )
        )
        last_end = q.end
    return found


def _from_approx(folded: str, m: re.Match[str], p: _Patterns) -> _Found:
    q = _Found(m.start(), m.end(), _approx_value(m["approx"], _lexicon()), approximate=True)
    _extend_right(folded, q, p, after_count_word=True)
    _extend_left(folded, q, p)
    return q


def _from_words(folded: str, m: re.Match[str], p: _Patterns) -> _Found | None:
    lex = _lexicon()
    tokens = [t for t in p.word_token.finditer(m["words"]) if t.group().lower() != "et"]
    value, used = _words_value([t.group() for t in tokens], lex.numbers)
    if not used:
        return None
    q = _Found(m.start("words"), m.start("words") + tokens[used - 1].end(), value)
    if used < len(tokens) and folded[q.end] == "-":
        return None  # "deux-trois": a colloquial range, not one number
    multiplied = _multiply(folded, q, p)
    _extend_right(folded, q, p, after_count_word=multiplied)
    # "neuf" alone is more often "new" than nine; "un"/"une" need their multiplier
    if used == 1 and tokens[0].group().lower() == "neuf" and not (q.unit or q.counts):
        return None
    if value == 1 and not multiplied:
        return None
    _extend_left(folded, q, p)
    return q


def _from_digits(folded: str, m: re.Match[str], p: _Patterns) -> _Found | None:
    lex = _lexicon()
    s = m["digits"]
    start, end = m.span("digits")
    if len(s) > 1 and s[0] == "0" and s[1].isdigit():
        return None  # 01, 0612...: codes and phone numbers
    value, form = _digits_value(s)
    q = _Found(start, end, value)
    nxt = folded[end : end + 2]
    if nxt[:1].isalpha() and not p.unit_after.match(folded, end):
        return None  # 1er, 2e, 3ème, 4x4: glued letters that are not a unit
    if nxt[:1] == "/" or (nxt[:1] in ".," and nxt[1:].isdigit()):
        return None  # 1/2, 11/07, 1.2.3
    if nxt[:1] == "-":
        if nxt[1:].isdigit():  # a range, 20-30: its lower end
            r = _RANGE_END.match(folded, end)
            if r is None:
                return None
            q.end, q.approximate = r.end(), True
        elif nxt[1:].isalpha():
            return None  # 19-ans, 4-x4...
    if _NUMERO.search(folded, max(0, start - 5), start):
        return None
    if start and folded[start - 1] in "$€£":
        q.start -= 1
        q.unit = lex.units[folded[start - 1]][0]
    multiplied = _multiply(folded, q, p)
    if form == "dot" and not multiplied and not q.unit:
        _extend_right(folded, q, p, after_count_word=False)
        if not q.unit:
            return None  # 49.3, 3.2: names and versions, French decimals take a comma
    elif not q.unit:
        _extend_right(folded, q, p, after_count_word=multiplied)
    if form == "comma3" and q.unit == "percent":
        left, right = s.split(",")
        q.value = float(f"{left}.{right}")
    _extend_left(folded, q, p)
    if _names_rather_than_counts(folded, q, s, form, start, p):
        return None
    return q


def _multiply(folded: str, q: _Found, p: _Patterns) -> bool:
    if mm := p.multiplier.match(folded, q.end):
        q.value *= _lexicon().multipliers[mm["mult"].lower()]
        q.end = mm.end()
        return True
    return False


def _extend_right(folded: str, q: _Found, p: _Patterns, *, after_count_word: bool) -> None:
    """Take the unit written after the number, or else the noun it counts."""
    lex = _lexicon()
    u = p.unit_after.match(folded, q.end)
    if u is None and after_count_word:  # "1,3 milliard d'euros", "des milliers de dollars"
        u = p.unit_after_de.match(folded, q.end)
    if u is not None:
        form = " ".join((u.groupdict().get("glued") or u["spaced"]).split())
        unit, factor = lex.units[form]
        q.unit, q.value, q.end = unit, q.value * factor, u.end()
        return
    _find_counted(folded, q, p)


def _find_counted(folded: str, q: _Found, p: _Patterns) -> None:
    c = p.counted.match(folded, q.end)
    if c is None:
        return
    noun = c["noun"]
    lex = _lexicon()
    ctx = lex.context
    low = " ".join(noun.lower().split())
    if not noun[0].islower() or low in lex.units:
        return
    if any(low in ctx[k] for k in ("stop", "month", "label", "address")):
        return
    if low in ctx["adjective"] and not c["adj"]:
        return  # "deux autres", but "quinze autres jeunes"
    if low in lex.numbers or low in lex.multipliers or low in lex.approx:
        return
    # past one, a counted noun is plural: "deux présidents", not "deux sont"; the lexicon
    # lists the invariable ones ("sans-abri")
    if (q.value > 1 or q.approximate) and low not in ctx["noun"] and low[-1] not in "sxz":
        return
    q.counts = noun


def _extend_left(folded: str, q: _Found, p: _Patterns) -> None:
    m = p.modifier.search(folded, max(0, q.start - 40), q.start)
    if m is not None:
        form = " ".join((m["mod"] or m["mod2"]).lower().split())
        q.start = m.start()
        q.modifier = True
        q.approximate = q.approximate or _lexicon().modifiers.get(form, True)


def _names_rather_than_counts(
    folded: str, q: _Found, s: str, form: str, start: int, p: _Patterns
) -> bool:
    """True when the number names a year, an act, a street number or a station, not a count."""
    ctx = _lexicon().context
    pw = p.prev_word.search(folded, max(0, start - 40), start)
    prev = pw["word"] if pw is not None else ""
    prev_low = prev.lower()
    counted = bool(q.unit or q.counts or q.modifier)
    year_like = form == "int" and len(s) == 4 and 1800 <= q.value <= 2100 and q.start == start
    if year_like and (prev_low in ctx["date"] or prev_low in ctx["month"] or not counted):
        return True
    if prev_low in ctx["label"] and pw is not None and pw["sp"]:
        return True
    a = p.counted.match(folded, q.end)
    if a is not None and a["noun"].lower() in ctx["address"] and not q.counts:
        return True
    if counted:
        return False
    if prev_low in ("le", "du", "au") and q.value != 1:
        return True  # "le 14", "au 49": a day or a number that names, not a count
    # "Europe 1", "CAC 40", "Boeing 737": a name followed by a number that counts nothing
    return bool(
        pw is not None
        and pw["sp"]
        and any(c.isupper() for c in prev)
        and prev_low not in ctx["stop"]
        and prev_low not in _lexicon().modifiers
    )
