"""HTML pages: the article's main text and metadata, boilerplate removed (trafilatura)."""

from __future__ import annotations

import logging

from veille.ingest import MAX_BYTES, InputError, RawDocument, decode
from veille.ingest.meta import iso_date

log = logging.getLogger(__name__)


def read_html(data: bytes, path: str, *, max_bytes: int = MAX_BYTES) -> RawDocument:
    """One article from a saved web page: main text (navigation, cookie banners, footers
    removed), title, date, author, site and canonical URL. Raises :class:`InputError` when the
    page has no article text."""
    import trafilatura  # slow to import: only when a page is read

    html = decode(data, path, max_bytes=max_bytes)
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"{path}: cannot parse the HTML page: {exc}") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        raise InputError(f"{path}: no article text found in the HTML page")
    title = (doc.title or "").strip() or None
    text = _drop_repeated_title(text, title)
    meta = {
        "path": path,
        "title": title,
        "date": iso_date(doc.date),
        "url": doc.url,
        "author": doc.author,
        "site": doc.sitename,
        "source": doc.sitename,
    }
    return RawDocument(text, {k: v for k, v in meta.items() if v})


def _drop_repeated_title(text: str, title: str | None) -> str:
    """The page's <h1> usually opens the extracted text; it is metadata, not the dispatch."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if first.strip() == title and rest.strip():
        return rest.lstrip("\n")
    return text
