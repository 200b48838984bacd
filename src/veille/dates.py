"""Relative and partial French dates resolved against a publication date.

``jeudi``, ``hier``, ``avant-hier``, ``aujourd'hui``, ``demain``, ``le 23 décembre``,
``le 6 août 2019``, ``la semaine prochaine``, ``mardi dernier``, ``lundi prochain``,
``le mois dernier``. :func:`find_dates` finds them in a text with their offsets;
:func:`resolve` turns one into an ISO date given the publication date.

A bare weekday means the last such day on or before the publication date (news reports the
past), or the next one when the verb is in the future (``future=True``). A day and month
without a year takes the year that puts it nearest the publication date, in the past unless
``future``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["DateMention", "find_dates", "resolve"]

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

_PATTERN = re.compile(
    rf"""(?<!\w)(?:
        (?P<dm>(?:(?:{_WD})\s+)?(?P<day>1er|[12]\d|3[01]|0?[1-9])\s+(?P<month>{_MO})(?:\s+(?P<year>(?:19|20)\d\d))?)
      | (?P<rel>avant-hier|après-demain|aujourd['’]hui|hier|demain)
      | (?P<week>(?:la|cette)\s+semaine(?:\s+(?P<wmod>prochaine|dernière|passée))?)
      | (?P<month_rel>(?:le\s+)?mois\s+(?P<mmod>prochain|dernier|passé))
      | (?P<wd>(?:{_WD}))(?:\s+(?P<wdmod>prochain|dernier|passé))?
    )(?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int


def find_dates(text: str) -> list[DateMention]:
    """Date expressions in ``text`` (offsets into it), in text order."""
    return [DateMention(m.group(), m.start(), m.end()) for m in _PATTERN.finditer(text)]


def resolve(
    expression: str, published: str | dt.date | None, *, future: bool = False
) -> str | None:
    """ISO date of ``expression`` relative to ``published`` (ISO string or date), or None.

    >>> resolve("jeudi", "2016-12-23")  # a Friday
    '2016-12-22'
    >>> resolve("le 23 décembre", "2017-01-03")
    '2016-12-23'
    """
    if published is None:
        m = _PATTERN.fullmatch(expression.strip())
        if m and m.group("dm") and m.group("year"):
            return _ymd(int(m.group("year")), m.group("month"), m.group("day"))
        return None
    pub = published if isinstance(published, dt.date) else _parse_iso(published)
    if pub is None:
        return None
    text = expression.strip()
    text = re.sub(r"^(?:le|l['’])\s*", "", text, flags=re.IGNORECASE)
    m = _PATTERN.fullmatch(text)
    if m is None:
        return None
    if m.group("dm"):
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
    if rel := m.group("rel"):
        offsets = {"avant-hier": -2, "hier": -1, "demain": 1, "après-demain": 2}
        key = rel.lower().replace("’", "'")
        return (pub + dt.timedelta(days=offsets.get(key, 0))).isoformat()
    if m.group("week"):
        mod = (m.group("wmod") or "").lower()
        monday = pub - dt.timedelta(days=pub.weekday())
        if mod == "prochaine":
            return (monday + dt.timedelta(days=7)).isoformat()
        if mod in ("dernière", "passée"):
            return (monday - dt.timedelta(days=7)).isoformat()
        return pub.isoformat()
    if m.group("month_rel"):
        mod = m.group("mmod").lower()
        y, mo = (pub.year, pub.month + 1) if mod == "prochain" else (pub.year, pub.month - 1)
        y, mo = (y + 1, 1) if mo == 13 else (y - 1, 12) if mo == 0 else (y, mo)
        return dt.date(y, mo, 1).isoformat()
    if wd := m.group("wd"):
        target = WEEKDAYS.index(wd.lower())
        mod = (m.group("wdmod") or "").lower()
        if mod == "prochain" or (future and not mod):
            ahead = (target - pub.weekday()) % 7 or 7
            return (pub + dt.timedelta(days=ahead)).isoformat()
        back = (pub.weekday() - target) % 7
        if mod in ("dernier", "passé") and back == 0:
            back = 7
        return (pub - dt.timedelta(days=back)).isoformat()
    return None


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
