"""The bulletin of one day as plain data: the top stories of the day ranked, each with its
extractive summary, who said what, its events in words and its places; every story of the
day under its region of the world; the day's most quoted people. Every question goes to
:mod:`veille.store.queries` (a few batched queries for the day, one :func:`~veille.store.
queries.story` per top story); :mod:`veille.bulletin.render` writes it as HTML or Markdown."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from veille.bulletin import words
from veille.bulletin.summary import summarise
from veille.store import queries
from veille.web import geo

TOP = 8  # stories told in full
QUOTES = 4  # speakers quoted per story
EVENTS = 5  # events per story
PLACES = 12  # places drawn on a story's map
SPEAKERS = 10  # the day's most quoted people
QUOTE_CHARS = (20, 320)  # a quote shown whole: neither a fragment nor a page


def build(
    conn: sqlite3.Connection, day: str, *, top: int = TOP, home_country: str = "FR"
) -> dict[str, Any]:
    """The bulletin of ``day`` (YYYY-MM-DD) from the store ``conn``."""
    found = [s for s in queries.stories(conn, since=day, until=day) if _today(s, day)]
    found.sort(key=lambda s: (-_rank_score(s, day), -(s.get("score") or 0), s["id"]))
    keys = [d["key"] for s in found for d in _today(s, day)]
    countries = queries.document_countries(conn, keys)
    told = [_story(conn, s, day, rank) for rank, s in enumerate(found[:top], 1)]
    return {
        "date": day,
        "documents": queries.day_documents(conn, since=day, until=day),
        "stories": len(found),
        "top": [s for s in told if s is not None],
        "regions": _regions(found, countries, day, home_country),
        "speakers": queries.quoted_people(conn, since=day, until=day, top=SPEAKERS),
    }


def _today(story: dict[str, Any], day: str) -> list[dict[str, Any]]:
    return [d for d in story.get("documents", []) if d.get("date") == day]


def _rank_score(story: dict[str, Any], day: str) -> float:
    """Size and novelty on the day: its articles of the day, half a point for each other
    source among them, one point more when the story began that day."""
    today = _today(story, day)
    sources = {d.get("source") for d in today if d.get("source")}
    return len(today) + 0.5 * max(0, len(sources) - 1) + (story.get("first_seen") == day)


def _story(conn: sqlite3.Connection, row: dict[str, Any], day: str, rank: int) -> dict | None:
    full = queries.story(conn, row["id"])
    if full is None:  # gone since the list was read
        return None
    docs = full.get("documents", [])
    today = [d for d in docs if d.get("date") == day] or docs
    titles = {d["key"]: d.get("title") for d in docs}
    originals = [d for d in today if not d.get("duplicate_of")] or today
    summary = summarise(
        [(d["key"], d.get("text") or "") for d in originals],
        titles=[d.get("title") or "" for d in originals],
    )
    return {
        "id": full["id"],
        "rank": rank,
        "headline": full.get("headline") or next((t for t in titles.values() if t), None),
        "articles": full.get("articles", len(docs)),
        "articles_today": len(today),
        "sources": full.get("sources"),
        "first_seen": full.get("first_seen"),
        "last_seen": full.get("last_seen"),
        "new": full.get("first_seen") == day,
        "summary": [
            {
                "text": s.text,
                "document": s.document,
                "start": s.start,
                "end": s.end,
                "title": titles.get(s.document),
                "ref": _ref(today, s.document),
            }
            for s in summary
        ],
        "quotes": salient_quotes(full.get("quotes", []), titles),
        "events": described_events(full.get("events", [])),
        "map": story_map(full.get("places", [])),
        "documents": [_document(d) for d in today],
    }


def _ref(docs: list[dict[str, Any]], key: str) -> int | None:
    """The number of the article ``key`` in the story's list (1-based)."""
    return next((i for i, d in enumerate(docs, 1) if d["key"] == key), None)


def _document(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d.get(k) for k in ("id", "key", "title", "date", "source", "duplicate_of")}


def salient_quotes(groups: list[dict[str, Any]], titles: dict[str, Any]) -> list[dict]:
    """Who said what: the speakers named by an entity first, most quoted first, each with
    the quote that says the most (direct, confident, a sentence rather than a word)."""
    named = sorted(
        (g for g in groups if g.get("speaker") and g.get("quotes")),
        key=lambda g: (g.get("speaker_entity_id") is None, -g.get("count", 0), g["speaker"]),
    )
    out = []
    for g in named:
        best = max(g["quotes"], key=_quote_value)
        if not QUOTE_CHARS[0] <= len(best.get("content") or "") <= QUOTE_CHARS[1]:
            continue
        out.append(
            {
                "speaker": g["speaker"],
                "speaker_id": g.get("speaker_entity_id"),
                "count": g.get("count", 1),
                "content": best["content"],
                "cue": best.get("cue"),
                "type": best.get("type"),
                "document": best.get("document"),
                "start": best.get("start"),
                "end": best.get("end"),
                "title": best.get("title") or titles.get(best.get("document")),
            }
        )
        if len(out) == QUOTES:
            break
    return out


def _quote_value(q: dict[str, Any]) -> tuple:
    size = len(q.get("content") or "")
    fits = QUOTE_CHARS[0] <= size <= QUOTE_CHARS[1]
    return (fits, q.get("type") == "direct", round(q.get("confidence") or 0, 1), size)


def described_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The story's events in words (actor — action — recipient), those with an actor first,
    the most reported first: the French verb of the CAMEO code from ``events.tsv``, the
    trigger as the article wrote it."""
    ranked = sorted(
        events,
        key=lambda e: (
            not e.get("actor"),
            -(e.get("num_articles") or 0),
            -(e.get("num_mentions") or 0),
        ),
    )
    return [
        {
            "actor": e.get("actor"),
            "action": words.action(e.get("cameo_code") or "") or e.get("trigger"),
            "trigger": e.get("trigger"),
            "recipient": e.get("recipient"),
            "cameo_code": e.get("cameo_code"),
            "cameo_name": e.get("cameo_name"),
            "modality": e.get("modality"),
            "num_mentions": e.get("num_mentions"),
            "num_articles": e.get("num_articles"),
        }
        for e in ranked[:EVENTS]
    ]


def story_map(places: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The story's places as map markers, and the part of the world that frames them (a
    view of at least 40° of longitude, twice as wide as high, inside the world map). A
    marker's radius is a share of the view's width: the same on the page whatever the zoom,
    larger for a place named more."""
    marks = geo.markers(places[:PLACES], count="mentions")
    if not marks:
        return None
    x0, y0, width, height = geo.VIEWBOX
    xs, ys = [m["x"] for m in marks], [m["y"] for m in marks]
    w = min(width, max(40.0, (max(xs) - min(xs)) * 1.4, (max(ys) - min(ys)) * 2.8))
    h = w / 2
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    left = min(max(x0, cx - w / 2), x0 + width - w)
    top = min(max(y0, cy - h / 2), y0 + height - h)
    return {
        "viewbox": f"{left:g} {top:g} {w:g} {h:g}",
        "markers": [
            {
                "x": m["x"],
                "y": m["y"],
                "r": round(
                    w * min(0.035, 0.008 + 0.004 * (m["row"].get("mentions") or 1) ** 0.5), 3
                ),
                "name": words.place_name(
                    m["row"].get("name"), m["row"].get("country"), m["row"].get("written")
                ),
                "mentions": m["row"].get("mentions"),
            }
            for m in marks
        ],
    }


def _regions(
    found: list[dict[str, Any]], countries: dict[str, dict[str, float]], day: str, home: str
) -> list[dict[str, Any]]:
    """Every story of the day under the region of the country its articles of the day name
    most, and first (:func:`~veille.store.queries.document_countries`); the home country a
    section of its own, the stories naming no place under « Sans lieu »."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for s in found:
        counts: Counter[str] = Counter()
        for d in _today(s, day):
            counts.update(countries.get(d["key"], {}))
        country = max(counts, key=lambda c: (counts[c], c)) if counts else None
        region = words.region(country, home)
        sections.setdefault(region, []).append(
            {
                "id": s["id"],
                "headline": s.get("headline"),
                "articles_today": len(_today(s, day)),
                "country": None if region == home.upper() else words.country_name(country),
            }
        )
    order = words.region_order(home)
    return [
        {"key": key, "title": title, "stories": sections[key]}
        for key, title in order
        if key in sections
    ]
