"""Bar charts as SVG geometry, drawn by the templates (no script needed): one bar a day,
stacked when a day has several series (events by quad class)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

HEIGHT = 100.0


def _days(first: str, last: str, most: int = 400) -> list[str]:
    """Every day from ``first`` to ``last`` (at most ``most``: the last ones)."""
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    n = min((end - start).days + 1, most)
    return [(end - timedelta(days=n - 1 - i)).isoformat() for i in range(max(n, 0))]


def daily(rows: list[dict[str, Any]], value: str, series: str | None = None) -> dict[str, Any]:
    """Bars for rows of ``date`` and ``value`` (and a ``series`` column to stack): each bar
    ``x``, ``y``, ``height``, its date, count and series; the chart's width and maximum."""
    rows = [r for r in rows if _is_date(r.get("date"))]
    if not rows:
        return {"bars": [], "width": 0, "max": 0, "first": None, "last": None}
    days = _days(min(r["date"] for r in rows), max(r["date"] for r in rows))
    index = {d: i for i, d in enumerate(days)}
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["date"]] = totals.get(r["date"], 0) + r[value]
    top = max(totals.values()) or 1
    stacked: dict[str, float] = {}
    bars = []
    for r in sorted(rows, key=lambda r: (r["date"], str(r.get(series) or ""))):
        if r["date"] not in index:
            continue
        h = HEIGHT * r[value] / top
        base = stacked.get(r["date"], 0.0)
        stacked[r["date"]] = base + h
        bars.append(
            {
                "x": index[r["date"]] * 4,
                "y": round(HEIGHT - base - h, 2),
                "height": round(h, 2),
                "date": r["date"],
                "count": r[value],
                "series": r.get(series) if series else None,
            }
        )
    return {"bars": bars, "width": len(days) * 4, "max": top, "first": days[0], "last": days[-1]}


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
