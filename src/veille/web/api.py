"""The JSON API: the CLI's query commands over HTTP, the same functions of
:mod:`veille.store.queries` with the same filters, so ``/api/quotes?speaker=Poutine`` gives
the rows of ``veille quotes --speaker Poutine --json``. Lists are pages:
``{"results": [...], "offset": 0, "limit": 20, "next": "/api/…&offset=20" or null}``."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse

from veille.store import queries
from veille.store.queries import MAX_PATTERN_CHARS, MAX_QUERY_CHARS

router = APIRouter(prefix="/api", tags=["api"])

MAX_PAGE = 1000  # rows in one page of the API
DATE = r"^\d{4}-\d{2}-\d{2}$"

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows in this page.")]
Offset = Annotated[
    int, Query(ge=0, le=queries.MAX_OFFSET, description="Rows skipped (pagination).")
]
Since = Annotated[str | None, Query(pattern=DATE, description="From this date on, YYYY-MM-DD.")]
Until = Annotated[str | None, Query(pattern=DATE, description="Up to this date, YYYY-MM-DD.")]
Text = Annotated[str | None, Query(max_length=MAX_PATTERN_CHARS)]
Search = Annotated[
    str,
    Query(
        max_length=MAX_QUERY_CHARS,
        description='Words (all must match), "a phrase", OR, NOT or -word, prefix*; '
        "accents and case ignored.",
    ),
]
Fts = Annotated[bool, Query(description="The query is a raw SQLite FTS5 expression.")]


def run(request: Request, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """``fn(connection, **kwargs)`` on the corpus (a :class:`StoreError` becomes a 400)."""
    return request.app.state.corpus.query(fn, **kwargs)


def one(request: Request, fn: Callable[..., Any], missing: str, **kwargs: Any) -> JSONResponse:
    """What ``fn`` finds, as JSON, or a 404 saying ``missing``."""
    found = run(request, fn, **kwargs)
    if found is None:
        raise HTTPException(404, missing)
    return JSONResponse(found)


def page(
    request: Request, fn: Callable[..., Any], limit: int, offset: int, **kw: Any
) -> JSONResponse:
    """One page of ``fn``'s rows; one row more is asked to know if there is a next page."""
    rows = run(request, fn, **kw, **{_limit_name(fn): limit + 1}, offset=offset)
    more = len(rows) > limit
    following = None
    if more:
        params = dict(request.query_params) | {"offset": str(offset + limit)}
        following = request.url.path + "?" + urlencode(params)
    body = {"results": rows[:limit], "offset": offset, "limit": limit, "next": following}
    return JSONResponse(body)


def _limit_name(fn: Callable[..., Any]) -> str:
    return "top" if fn in (queries.entities, queries.places) else "limit"


@router.get("/search", summary="Full-text search of the documents (veille search)")
def api_search(
    request: Request,
    q: Search,
    since: Since = None,
    until: Until = None,
    source: Text = None,
    fts: Fts = False,
    limit: Limit = 20,
    offset: Offset = 0,
) -> JSONResponse:
    filters = {"query": q, "since": since, "until": until, "source": source, "fts": fts}
    return page(request, queries.search, limit, offset, **filters)


@router.get("/documents", summary="Documents, newest first")
def api_documents(
    request: Request,
    since: Since = None,
    until: Until = None,
    source: Text = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> JSONResponse:
    filters = {"since": since, "until": until, "source": source}
    return page(request, queries.documents, limit, offset, **filters)


@router.get("/documents/{id}", summary="One document: metadata and its full analysis")
def api_document(request: Request, id: str) -> JSONResponse:
    return one(request, queries.document, f"no document {id[:80]!r}", id=id)


@router.get("/entities", summary="The most mentioned entities (veille entities)")
def api_entities(
    request: Request,
    type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC|MISC)$")] = None,
    name: Text = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> JSONResponse:
    return page(request, queries.entities, limit, offset, type=type, name=name)


@router.get("/entities/{id:path}", summary="One entity: aliases, roles, mentions by date")
def api_entity(request: Request, id: str) -> JSONResponse:
    return one(request, queries.entity, f"no entity {id[:80]!r}", id=id)


@router.get("/quotes", summary="Quotes, newest first (veille quotes)")
def api_quotes(
    request: Request,
    speaker: Text = None,
    about: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None,
    since: Since = None,
    until: Until = None,
    type: Annotated[str | None, Query(pattern="^(direct|indirect|mixed|according_to)$")] = None,
    speaker_id: Text = None,
    fts: Fts = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    filters = {"speaker": speaker, "about": about, "since": since, "until": until}
    filters |= {"type": type, "speaker_id": speaker_id, "fts": fts}
    return page(request, queries.quotes, limit, offset, **filters)


Root = Annotated[str | None, Query(pattern="^(0?[1-9]|1[0-9]|20)$", description="CAMEO root.")]


@router.get("/events", summary="Events, each once, newest first (veille events)")
def api_events(
    request: Request,
    actor: Text = None,
    recipient: Text = None,
    root: Root = None,
    plover: Annotated[str | None, Query(max_length=40)] = None,
    modality: Annotated[
        str | None, Query(pattern="^(" + "|".join(queries.MODALITIES) + ")$")
    ] = None,
    since: Since = None,
    until: Until = None,
    actor_id: Text = None,
    recipient_id: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    filters = {"actor": actor, "recipient": recipient, "root": root, "plover": plover}
    filters |= {"modality": modality, "since": since, "until": until}
    filters |= {"actor_id": actor_id, "recipient_id": recipient_id}
    return page(request, queries.events, limit, offset, **filters)


@router.get("/places", summary="Places with coordinates and counts (veille places)")
def api_places(
    request: Request,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> JSONResponse:
    return page(request, queries.places, limit, offset, country=country)


@router.get("/stories", summary="Stories by size and novelty (veille stories --json)")
def api_stories(
    request: Request,
    since: Since = None,
    until: Until = None,
    top: Annotated[
        int | None,
        Query(ge=1, le=queries.MAX_LIMIT, description="The N best stories (default: all)."),
    ] = None,
) -> JSONResponse:
    """Every story seen in the range (its first and last days meet it), best first, each
    with its documents; ``top``: the N best only."""
    return JSONResponse(run(request, queries.stories, since=since, until=until, top=top))


@router.get("/stories/{id}", summary="One story: documents, entities, quotes, events, places")
def api_story(
    request: Request, id: Annotated[int, Path(ge=1, le=queries.MAX_STORY_ID)]
) -> JSONResponse:
    return one(request, queries.story, f"no story {id}", id=id)


@router.get("/stats", summary="What the corpus holds (veille stats)")
def api_stats(request: Request) -> JSONResponse:
    return JSONResponse(run(request, queries.stats))


_ANALYZE_LOCK = threading.Lock()  # one analysis at a time: the pipeline is shared


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past ``limit`` bytes (by its declared length, or
    as it arrives when it declares none)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise HTTPException(413, f"body too large: at most {limit:,} bytes")
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            raise HTTPException(413, f"body too large: at most {limit:,} bytes")
    return bytes(data)


@router.post(
    "/analyze",
    summary="Analyse a text (only with veille serve --allow-analyze); at most 1 MB",
    responses={413: {"description": "Body over 1 MB"}, 403: {"description": "Analysis off"}},
)
async def api_analyze(
    request: Request, date: Annotated[str | None, Query(pattern=DATE)] = None
) -> JSONResponse:
    """The body is the text (``text/plain``, UTF-8), or JSON ``{"text": …, "date": …}``."""
    from veille.web.app import MAX_BODY

    if not request.app.state.allow_analyze:
        raise HTTPException(
            403, "analysis is off: start the server with veille serve --allow-analyze"
        )
    raw = await _body(request, MAX_BODY)
    text, date = _analysis_input(raw, request.headers.get("content-type", ""), date)
    dispatch = await asyncio.to_thread(_analyse, text, date)
    return JSONResponse(dispatch)


def _analysis_input(raw: bytes, content_type: str, date: str | None) -> tuple[str, str | None]:
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPException(400, "the body is not UTF-8 text") from None
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body)
        except ValueError:
            raise HTTPException(400, "the body is not valid JSON") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise HTTPException(400, 'give {"text": "…"} (and optionally "date")')
        body, date = data["text"], data.get("date", date)
        if date is not None and not (isinstance(date, str) and _is_date(date)):
            raise HTTPException(400, "date: use the form YYYY-MM-DD")
    if not body.strip():
        raise HTTPException(400, "empty text: nothing to analyse")
    return body, date


def _is_date(value: str) -> bool:
    import re
    from datetime import date

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _analyse(text: str, date: str | None) -> dict:
    import veille

    with _ANALYZE_LOCK:
        return veille.analyze(text, date=date).to_dict()
