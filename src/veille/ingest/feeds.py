"""RSS and Atom feeds: one document per item, with its link, date and title (feedparser)."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from typing import Any

from veille.ingest import MAX_BYTES, InputError, RawDocument, ReadError, check_text, failure_reason
from veille.ingest.meta import iso_date

log = logging.getLogger(__name__)

_DROP = re.compile(r"(?is)<(script|style|template)\b.*?</\1\s*>|<!--.*?-->")
_BREAK = re.compile(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>")
_TAG = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (feed item content): tags dropped, blocks on their own
    lines, entities decoded, runs of spaces folded."""
    s = _DROP.sub("", fragment)
    s = _BREAK.sub("\n", s)
    s = html.unescape(_TAG.sub("", s)).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in s.splitlines())
    return "\n".join(line for line in lines if line)


def read_feed(
    data: bytes, path: str, *, max_bytes: int = MAX_BYTES
) -> Iterator[RawDocument | ReadError]:
    """Documents from an RSS or Atom feed. A malformed or truncated feed yields the items that
    can be read, plus a :class:`ReadError` saying what is wrong with it; an item that cannot
    be read is an error for that item only."""
    import feedparser

    parsed = feedparser.parse(data)
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        yield ReadError(path, f"malformed feed ({exc}): kept the {len(parsed.entries)} items read")
    if not parsed.entries and not parsed.get("bozo"):
        yield ReadError(path, "feed without items")
    feed_title = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        where = f"item {i}"
        try:
            item = _item(entry, path, where, feed_title, max_bytes)
        except InputError as exc:
            item = ReadError(path, str(exc), where)
        except Exception as exc:  # one item's failure is that item's only
            log.debug("%r %s: cannot read", path, where, exc_info=True)
            item = ReadError(path, failure_reason(exc), where)
        yield item


def _item(entry: Any, path: str, where: str, feed_title: str | None, max_bytes: int) -> RawDocument:
    text = check_text(_entry_text(entry), max_bytes=max_bytes)
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    meta = {
        "path": path,
        "location": where,
        "title": html_to_text(entry.get("title", "")) or None,
        "date": iso_date(published) or iso_date(entry.get("published")),
        "url": entry.get("link"),
        "id": entry.get("id"),
        "author": entry.get("author"),
        "source": feed_title,
        "site": feed_title,
    }
    return RawDocument(text, {k: v for k, v in meta.items() if v})


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = html_to_text(content.get("value", ""))
        if value:
            return value
    return html_to_text(entry.get("summary", ""))
