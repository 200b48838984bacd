"""Relative and partial French dates resolved against a publication date.

``jeudi``, ``hier``, ``avant-hier``, ``aujourd'hui``, ``demain``, ``le 23 décembre``,
``le 6 août 2019``, ``la semaine prochaine``, ``mardi dernier``, ``lundi prochain``,
``le mois dernier``, ``il y a trois jours``; and periods: ``en janvier 2013``, ``en 2005``,
``l'année 2019``, ``dans les années 2000``, ``il y a trente ans``. :func:`find_dates` finds them
in a text with their offsets; :func:`resolve` turns one into an ISO date given the publication
date (None for a period longer than a day); :func:`period` gives the first and last day it can
denote (the events coder leaves out background history with it).

A bare weekday means the last such day on or before the publication date (news reports the
past), or the next one when the verb is in the future (``future=True``). A day and month
without a year takes the year that puts it nearest the publication date, in the past unless
``future``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "period", "resolve"]

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_MONTH_ALT = {"fevrier": 2, "aout": 8, "decembre": 12}
_MONTH_NUM = {m: i for i, m in enumerate(MONTHS, 1)} | _MONTH_ALT
_WD = "|".join(WEEKDAYS)
_MO = "|".join([*MONTHS, *_MONTH_ALT])

_COUNT = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "quinze": 15,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "cent": 100,
}
_YEAR = r"(?:1[89]|20)\d\d"
# Every alternative starts at a word start (``(?<!\w)`` then a letter or a digit) with one of
# the characters of ``\b(?=[…])``: the regex tries them only there.
_PATTERN = re.compile(
    rf"""\b(?=[\dacdefhijlmnosv])(?<!\w)(?:
        (?P<dm>(?:(?:{_WD})\s+)?(?P<day>1er|[12]\d|3[01]|0?[1-9])\s+(?P<month>{_MO})(?:\s+(?P<year>{_YEAR}))?)
      | (?P<my>(?:en\s+|d['’]|de\s+)?(?P<my_month>{_MO})\s+(?P<my_year>{_YEAR}))
      | (?P<y>(?:en|l['’]an|l['’]année)\s+(?P<y_year>{_YEAR}))
      | (?P<decade>(?:dans\s+)?les\s+années\s+(?P<dec>(?:19|20)?\d0))
      | (?P<ago>il\s+y\s+a\s+(?:plus\s+de\s+|près\s+de\s+|environ\s+)?
            (?P<ago_n>\d{{1,3}}|{"|".join(_COUNT)})\s+(?P<ago_unit>ans?|années?|mois|semaines?|jours?))
      | (?P<rel>avant-hier|après-demain|aujourd['’]hui|hier|demain)
      | (?P<week>(?:la|cette)\s+semaine(?:\s+(?P<wmod>prochaine|dernière|passée))?)
      | (?P<month_rel>(?:le\s+)?mois\s+(?P<mmod>prochain|dernier|passé))
      | (?P<wd>(?:{_WD}))(?:\s+(?P<wdmod>prochain|dernier|passé))?
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)


_ARTICLE = re.compile(r"^(?:le\s+|l['’](?!an))", re.IGNORECASE)  # not "l'année 2019"


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int


# Every date expression holds a word of day or week (a weekday, ``hier``, ``semaine``,
# ``mois``…), ``il y a``, or a number with a month, ``années`` or a year (a day before a month,
# a year after it): a text without any holds none (most sentences) and is not scanned. The
# words are looked for in the text lowercased, as the pattern (which ignores case) finds
# them, unless the text has one of the letters the pattern takes for "i" or "s" that
# lowercase does not make one.
_DAY_WORDS = (*WEEKDAYS, "hier", "demain", "aujourd", "semaine", "mois")
_NUMBER_WORDS = (*MONTHS, *_MONTH_ALT, "années")
_DIGIT = re.compile(r"\d")
_ANY_YEAR = re.compile(_YEAR)
_AGO = re.compile(r"il\s+y\s+a")
_CASE_FOLDS = "ıİſ"  # dotless i, dotted capital I, long s


def _may_hold_dates(text: str) -> bool:
    if any(c in text for c in _CASE_FOLDS):
        return True
    low = text.lower()
    if any(w in low for w in _DAY_WORDS) or _AGO.search(low):
        return True
    if not _DIGIT.search(text):
        return False
    return any(w in low for w in _NUMBER_WORDS) or _ANY_YEAR.search(text) is not None


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text`` (offsets into it), in text order."""
    if not _may_hold_dates(text):
        return []
    return [DateMention(m.group(), m.start(), m.end()) for m in _PATTERN.finditer(text)]


def resolve(
    expression: str, published: str | dt.date | None, *, future: bool = False
) -> str | None:
    """ISO date of ``expression`` relative to ``published`` (ISO string or date), or None
    (also when the date would fall outside the calendar, e.g. ``hier`` on 0001-01-01).

    >>> resolve("jeudi", "2016-12-23")  # a Friday
    '2016-12-22'
    >>> resolve("le 23 décembre", "2017-01-03")
    '2016-12-23'
    """
    try:
        return _resolve(expression, published, future=future)
    except (OverflowError, ValueError):
        return None


def _resolve(
    expression: str, published: str | dt.date | None, *, future: bool = False
) -> str | None:
    """:func:`resolve` without its guard: the day of the first of :data:`_DAY_OF` whose kind
    of expression matches."""
    if published is None:
        return _absolute_day(expression)
    pub = published if isinstance(published, dt.date) else _parse_iso(published)
    if pub is None:
        return None
    text = _ARTICLE.sub("", expression.strip())
    m = _PATTERN.fullmatch(text)
    if m is None:
        return None
    if m.group("my") or m.group("y") or m.group("decade"):
        return None  # a month, a year, a decade: no day to give
    for group, day_of in _DAY_OF:
        if m.group(group):
            return day_of(m, pub, future)
    return None


def _absolute_day(expression: str) -> str | None:
    """With no publication date, only a full date has a day: "le 6 août 2019"."""
    m = _PATTERN.fullmatch(expression.strip())
    if m and m.group("dm") and m.group("year"):
        return _ymd(int(m.group("year")), m.group("month"), m.group("day"))
    return None


def _ago_day(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "il y a trois jours", "il y a deux semaines": that day; "il y a six mois" is no day."""
    start, end = _ago(m, pub)
    return start.isoformat() if start == end else None


def _day_month(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "le 6 août 2019": that day; "le 23 décembre": in the year that puts it nearest the
    publication date, never more than a week after it (never before it if ``future``)."""
    month = _MONTH_NUM[m.group("month").lower()]
    day = 1 if m.group("day").lower() == "1er" else int(m.group("day"))
    if m.group("year"):
        return _safe(int(m.group("year")), month, day)
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        d = _safe_date(year, month, day)
        if d is None:
            continue
        delta = (d - pub).days
        if (delta > 0 and not future and delta > 7) or (delta < 0 and future):
            continue
        if best is None or abs((d - pub).days) < abs((best - pub).days):
            best = d
    return best.isoformat() if best else None


def _relative_day(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "avant-hier", "hier", "aujourd'hui", "demain", "après-demain"."""
    offsets = {"avant-hier": -2, "hier": -1, "demain": 1, "après-demain": 2}
    key = m.group("rel").lower().replace("’", "'")
    return (pub + dt.timedelta(days=offsets.get(key, 0))).isoformat()


def _week_day(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "la semaine prochaine", "la semaine dernière": the Monday of that week; "cette
    semaine": the publication day."""
    mod = (m.group("wmod") or "").lower()
    monday = pub - dt.timedelta(days=pub.weekday())
    if mod == "prochaine":
        return (monday + dt.timedelta(days=7)).isoformat()
    if mod in ("dernière", "passée"):
        return (monday - dt.timedelta(days=7)).isoformat()
    return pub.isoformat()


def _month_day(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "le mois prochain", "le mois dernier": the first day of that month."""
    mod = m.group("mmod").lower()
    y, mo = (pub.year, pub.month + 1) if mod == "prochain" else (pub.year, pub.month - 1)
    y, mo = (y + 1, 1) if mo == 13 else (y - 1, 12) if mo == 0 else (y, mo)
    return dt.date(y, mo, 1).isoformat()


def _weekday(m: re.Match[str], pub: dt.date, future: bool) -> str | None:
    """ "jeudi": the last Thursday on or before publication, the next one when ``future``;
    "jeudi dernier": the last before publication; "jeudi prochain": the next after it."""
    target = WEEKDAYS.index(m.group("wd").lower())
    mod = (m.group("wdmod") or "").lower()
    if mod == "prochain" or (future and not mod):
        ahead = (target - pub.weekday()) % 7 or 7
        return (pub + dt.timedelta(days=ahead)).isoformat()
    back = (pub.weekday() - target) % 7
    if mod in ("dernier", "passé") and back == 0:
        back = 7
    return (pub - dt.timedelta(days=back)).isoformat()


_DAY_OF: tuple[tuple[str, Callable[[re.Match[str], dt.date, bool], str | None]], ...] = (
    ("ago", _ago_day),
    ("dm", _day_month),
    ("rel", _relative_day),
    ("week", _week_day),
    ("month_rel", _month_day),
    ("wd", _weekday),
)


def period(
    expression: str, published: str | dt.date | None, *, future: bool = False
) -> tuple[str, str] | None:
    """The first and last ISO day that ``expression`` can denote (the same day twice for a
    day), or None. ``en 2013`` → 2013-01-01…2013-12-31, ``il y a trente ans`` → that year,
    ``les années 2000`` → 2000-01-01…2009-12-31.

    >>> period("en janvier 2013", "2019-03-15")
    ('2013-01-01', '2013-01-31')
    """
    try:
        return _period(expression, published, future=future)
    except (OverflowError, ValueError):  # a day before 0001-01-01 or after 9999-12-31
        return None


def _period(
    expression: str, published: str | dt.date | None, *, future: bool = False
) -> tuple[str, str] | None:
    pub = None
    if published is not None:
        pub = published if isinstance(published, dt.date) else _parse_iso(published)
    text = _ARTICLE.sub("", expression.strip())
    m = _PATTERN.fullmatch(text)
    if m is None:
        return None
    if m.group("my"):
        year, month = int(m.group("my_year")), _MONTH_NUM[m.group("my_month").lower()]
        return _iso(dt.date(year, month, 1), _month_end(year, month))
    if m.group("y"):
        year = int(m.group("y_year"))
        return _iso(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if m.group("decade"):
        dec = m.group("dec")
        if len(dec) == 2:  # "les années 80": the last such decade before publication
            century = (pub.year // 100 * 100) if pub else 1900
            dec = str(century + int(dec) - (100 if pub and century + int(dec) > pub.year else 0))
        start = int(dec)
        return _iso(dt.date(start, 1, 1), dt.date(start + 9, 12, 31))
    if pub is None:
        day = resolve(expression, None)
        return (day, day) if day else None
    if m.group("ago"):
        return _iso(*_ago(m, pub))
    day = resolve(expression, pub, future=future)
    if day is None:
        return None
    first = dt.date.fromisoformat(day)
    if m.group("week"):
        return _iso(first, first + dt.timedelta(days=6 - first.weekday()))
    if m.group("month_rel"):
        return _iso(first, _month_end(first.year, first.month))
    return day, day


def _ago(m: re.Match[str], pub: dt.date) -> tuple[dt.date, dt.date]:
    """``il y a trois jours`` (a day), ``il y a deux semaines`` (a day), ``il y a trente ans``
    (that year), ``il y a six mois`` (that month)."""
    raw = m.group("ago_n").lower()
    n = int(raw) if raw.isdigit() else _COUNT[raw]
    unit = m.group("ago_unit").lower()
    if unit.startswith("jour"):
        day = pub - dt.timedelta(days=n)
        return day, day
    if unit.startswith("semaine"):
        day = pub - dt.timedelta(weeks=n)
        return day, day
    if unit == "mois":
        total = pub.year * 12 + pub.month - 1 - n
        year, month = divmod(total, 12)
        return dt.date(year, month + 1, 1), _month_end(year, month + 1)
    return dt.date(pub.year - n, 1, 1), dt.date(pub.year - n, 12, 31)


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _iso(a: dt.date, b: dt.date) -> tuple[str, str]:
    return a.isoformat(), b.isoformat()


def _parse_iso(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _safe(year: int, month: int, day: int) -> str | None:
    d = _safe_date(year, month, day)
    return d.isoformat() if d else None


def _ymd(year: int, month: str, day: str) -> str | None:
    return _safe(year, _MONTH_NUM[month.lower()], 1 if day.lower() == "1er" else int(day))
