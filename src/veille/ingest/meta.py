"""Document metadata from the containers: dates to ISO, fields cleaned."""

from __future__ import annotations

import logging
import re
import time
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

log = logging.getLogger(__name__)

META_FIELDS = ("title", "date", "url", "source", "author", "site", "id")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")


# A news date outside these years is a wrong field, not a date (and the date arithmetic of the
# pipeline has no room before year 1 or after 9999).
YEARS = range(1800, 2200)


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime, RFC 822 (feeds), ``DD/MM/YYYY`` (French
    use) or a ``time.struct_time``; None when the value is not a date, or not a plausible
    one (years 1800 to 2199): garbage never raises."""
    try:
        found = _to_date(value)
    except (TypeError, ValueError, IndexError, OverflowError, AttributeError):
        found = None
    if found is None:
        if value not in (None, ""):
            log.info("not a date, ignored: %.80r", value)
        return None
    if found.year not in YEARS:
        log.info("implausible date, ignored: %.80r", value)
        return None
    return found.isoformat()


def _to_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()[:200]
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    m = _DMY.fullmatch(s)
    if m:
        return date(int(m[3]), int(m[2]), int(m[1]))
    return parsedate_to_datetime(s).date()


def clean_meta(record: dict[str, Any]) -> dict[str, Any]:
    """The known metadata fields of a record, as trimmed strings (date as ISO); empty dropped.
    Invalid Unicode (lone surrogates, which the store cannot encode) becomes ``?``."""
    meta: dict[str, Any] = {}
    for key in META_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        value = iso_date(value) if key == "date" else _valid(str(value).strip())
        if value:
            meta[key] = value
    return meta


def _valid(s: str) -> str:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return s.encode("utf-8", "replace").decode("utf-8")
    return s
