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


def iso_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime, RFC 822 (feeds), ``DD/MM/YYYY`` (French
    use) or a ``time.struct_time``; None when the value is not a date."""
    if value is None or value == "":
        return None
    if isinstance(value, time.struct_time):
        return date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).strip()
    try:
        return date.fromisoformat(s[:10]).isoformat()
    except ValueError:
        pass
    m = _DMY.fullmatch(s)
    if m:
        try:
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        log.info("not a date, ignored: %r", s)
        return None


def clean_meta(record: dict[str, Any]) -> dict[str, Any]:
    """The known metadata fields of a record, as trimmed strings (date as ISO); empty dropped."""
    meta: dict[str, Any] = {}
    for key in META_FIELDS:
        value = record.get(key)
        if value is None:
            continue
        value = iso_date(value) if key == "date" else str(value).strip()
        if value:
            meta[key] = value
    return meta
