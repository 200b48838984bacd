"""The pages, in French, each at a stable URL: home, search, documents, entities, quotes,
events, places. Lists are plain HTML (forms and links, no script needed); the charts and
maps are SVG drawn here. Every query goes through :mod:`veille.store.queries`, as the API
and the CLI do."""

from __future__ import annotations

import re
from datetime import date as date_cls
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from veille.store import queries
from veille.web import charts, geo, marks

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
PageNumber = Annotated[int, Query(ge=1, le=10_000)]


def make_templates(folder: Path) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(folder))  # autoescape on for .html
    env = templates.env
    env.globals |= {
        "entity_url": marks.entity_url,
        "ENTITY_LABELS": marks.ENTITY_LABELS,
        "MODALITIES": marks.MODALITIES,
        "QUOTE_TYPES": marks.QUOTE_TYPES,
        "QUAD_CLASSES": marks.QUAD_CLASSES,
        "VIEWBOX": " ".join(f"{v:g}" for v in geo.VIEWBOX),
    }
    env.filters["snippet"] = marks.snippet
    env.filters["thousands"] = lambda n: f"{n or 0:,}".replace(",", "\u202f")
    return templates


def _render(request: Request, name: str, **context: Any) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, name, context)


def _run(request: Request, fn: Any, **kwargs: Any) -> Any:
    return request.app.state.corpus.query(fn, **kwargs)


def _found(request: Request, fn: Any, missing: str, **kwargs: Any) -> Any:
    """What ``fn`` finds, or a 404 page saying ``missing`` (also for an id it refuses)."""
    try:
        found = _run(request, fn, **kwargs)
    except queries.StoreError:
        found = None
    if found is None:
        raise HTTPException(404, missing)
    return found


def _text(value: str | None, most: int = queries.MAX_QUERY_CHARS) -> str | None:
    """A form field: stripped, None when empty; a 400 page when too long."""
    value = (value or "").strip()
    if len(value) > most:
        raise HTTPException(400, f"Champ trop long : {len(value):,} caractères, au plus {most}.")
    return value or None


def _date(value: str | None) -> str | None:
    value = _text(value, 10)
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        date_cls.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"Date invalide : {value!r} (AAAA-MM-JJ).") from None
    return value


def _pages(request: Request, number: int, rows: list, size: int = PAGE_SIZE) -> dict[str, Any]:
    """Links to the previous and next pages (``rows`` holds one row more than a page when
    there is a next one), the other parameters kept."""
    params = {k: v for k, v in request.query_params.items() if v and k != "page"}

    def link(n: int) -> str:
        return request.url.path + "?" + urlencode(params | {"page": n})

    return {
        "number": number,
        "previous": link(number - 1) if number > 1 else None,
        "next": link(number + 1) if len(rows) > size else None,
    }


def _paged(request: Request, fn: Any, number: int, size: int = PAGE_SIZE, **kw: Any):
    limit = "top" if fn in (queries.entities, queries.places) else "limit"
    rows = _run(request, fn, **kw, **{limit: size + 1}, offset=(number - 1) * size)
    return rows[:size], _pages(request, number, rows, size)


# ── pages ────────────────────────────────────────────────────────────────────────────────


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    stats = _run(request, queries.stats)
    overview = _run(request, queries.overview)
    latest = _run(request, queries.documents, limit=10)
    chart = charts.daily(overview["days"], "documents")
    top = _run(request, queries.stories, top=5)
    return _render(
        request,
        "home.html",
        stats=stats,
        overview=overview,
        latest=latest,
        chart=chart,
        stories=top,
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str = "",
    since: str = "",
    until: str = "",
    source: str = "",
    page: PageNumber = 1,
) -> HTMLResponse:
    form = {"q": _text(q), "since": _date(since), "until": _date(until), "source": _text(source)}
    hits, pager, error = [], None, None
    if form["q"]:
        filters = {k: form[k] for k in ("since", "until", "source")}
        try:
            hits, pager = _paged(request, queries.search, page, query=form["q"], **filters)
        except queries.StoreError as exc:
            error = str(exc)
    sources = _run(request, queries.sources)
    return _render(
        request, "search.html", form=form, hits=hits, pages=pager, error=error, sources=sources
    )


@router.get("/documents", response_class=HTMLResponse)
def documents(
    request: Request, since: str = "", until: str = "", source: str = "", page: PageNumber = 1
) -> HTMLResponse:
    form = {"since": _date(since), "until": _date(until), "source": _text(source)}
    rows, pager = _paged(request, queries.documents, page, **form)
    sources = _run(request, queries.sources)
    return _render(request, "documents.html", form=form, rows=rows, pages=pager, sources=sources)


@router.get("/documents/{id}", response_class=HTMLResponse)
def document(request: Request, id: str) -> HTMLResponse:
    html = _run(request, _document, id=id, templates=request.app.state.templates)
    if html is None:
        raise HTTPException(404, "Aucun document n'a cet identifiant.")
    return HTMLResponse(html)


def _document(conn: Any, id: str, templates: Jinja2Templates) -> str | None:
    """The page of a stored document (kept by the corpus's cache until the next commit: a
    long text with its marks takes milliseconds to render)."""
    doc = queries.document(conn, id)
    if doc is None:
        return None
    analysis = doc["analysis"]
    return templates.get_template("document.html").render(
        doc=doc,
        analysis=analysis,
        marked=marks.marked_text(analysis),
        entities_by_id={e["id"]: e for e in analysis.get("entities", [])},
    )


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request, type: str = "", name: str = "", page: PageNumber = 1
) -> HTMLResponse:
    kind = _text(type, 4)
    if kind and kind.upper() not in marks.ENTITY_LABELS:
        raise HTTPException(400, "Type inconnu : PER, ORG, LOC ou MISC.")
    form = {"type": kind and kind.upper(), "name": _text(name, queries.MAX_PATTERN_CHARS)}
    rows, pager = _paged(request, queries.entities, page, **form)
    return _render(request, "entities.html", form=form, rows=rows, pages=pager)


@router.get("/entities/{id:path}", response_class=HTMLResponse)
def entity(request: Request, id: str, about: str = "", page: PageNumber = 1) -> HTMLResponse:
    found = _found(request, queries.entity, "Aucune entité n'a cet identifiant.", id=id)
    about_q = _text(about)
    error = None
    try:
        said, pager = _paged(request, queries.quotes, page, speaker_id=id, about=about_q)
    except queries.StoreError as exc:
        said, pager, error = [], None, str(exc)
    acts = _run(request, queries.events, actor_id=id, limit=50)
    undergoes = _run(request, queries.events, recipient_id=id, limit=50)
    return _render(
        request,
        "entity.html",
        entity=found,
        chart=charts.daily(found["days"], "mentions"),
        quotes=said,
        pages=pager,
        about=about_q,
        error=error,
        acts=acts,
        undergoes=undergoes,
    )


@router.get("/quotes", response_class=HTMLResponse)
def quotes(
    request: Request,
    speaker: str = "",
    about: str = "",
    since: str = "",
    until: str = "",
    type: str = "",
    page: PageNumber = 1,
) -> HTMLResponse:
    kind = _text(type, 20)
    if kind and kind not in marks.QUOTE_TYPES:
        raise HTTPException(400, "Type de citation inconnu.")
    form = {
        "speaker": _text(speaker, queries.MAX_PATTERN_CHARS),
        "about": _text(about),
        "since": _date(since),
        "until": _date(until),
        "type": kind,
    }
    error = None
    try:
        rows, pager = _paged(request, queries.quotes, page, **form)
    except queries.StoreError as exc:
        rows, pager, error = [], None, str(exc)
    return _render(request, "quotes.html", form=form, rows=rows, pages=pager, error=error)


_EVENT_FIELDS = ("actor", "recipient", "root", "plover", "modality", "since", "until")


def _event_form(values: dict[str, str]) -> dict[str, str | None]:
    form = {k: _text(values.get(k), queries.MAX_PATTERN_CHARS) for k in _EVENT_FIELDS}
    form["since"], form["until"] = _date(values.get("since")), _date(values.get("until"))
    root = form["root"]
    if root and not (root.isdigit() and 1 <= int(root) <= 20):
        raise HTTPException(400, "Code CAMEO racine : un nombre de 01 à 20.")
    if form["modality"] and form["modality"] not in marks.MODALITIES:
        raise HTTPException(400, "Modalité inconnue.")
    return form


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, page: PageNumber = 1) -> HTMLResponse:
    form = _event_form(dict(request.query_params))
    rows, pager = _paged(request, queries.events, page, **form)
    days = _run(request, queries.event_days, **form)
    spots = _run(request, queries.event_places, **form)
    return _render(
        request,
        "events.html",
        form=form,
        rows=rows,
        pages=pager,
        chart=charts.daily(days, "events", "quad_class"),
        markers=geo.markers(spots, count="events"),
        placed=sum(s["events"] for s in spots),
        event_place_link=_country_link,
    )


@router.get("/places", response_class=HTMLResponse)
def places(request: Request, country: str = "", page: PageNumber = 1) -> HTMLResponse:
    code = _text(country, 2)
    if code and not code.isalpha():
        raise HTTPException(400, "Pays : un code ISO à deux lettres (SY, FR).")
    rows, pager = _paged(request, queries.places, page, size=100, country=code)
    every = _run(request, queries.places, country=code, top=2000)
    return _render(
        request,
        "places.html",
        form={"country": code},
        rows=rows,
        pages=pager,
        markers=geo.markers(every, count="mentions"),
        place_link=lambda row: marks.entity_url(row.get("entity_id")) or "#",
    )


def _country_link(row: dict[str, Any]) -> str:
    """Where an event's marker leads: the places of its country."""
    return "/places?" + urlencode({"country": row.get("country") or ""})


STORIES_SHOWN = 100


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, since: str = "", until: str = "") -> HTMLResponse:
    form = {"since": _date(since), "until": _date(until)}
    rows = _run(request, queries.stories, **form, top=STORIES_SHOWN)
    return _render(request, "stories.html", form=form, rows=rows, shown=STORIES_SHOWN)


@router.get("/stories/{id}", response_class=HTMLResponse)
def story(request: Request, id: str) -> HTMLResponse:
    found = _found(request, queries.story, "Aucun sujet n'a cet identifiant.", id=id)
    return _render(
        request,
        "story.html",
        story=found,
        markers=geo.markers(found["places"], count="mentions"),
        place_link=lambda row: "/places?" + urlencode({"country": row.get("country") or ""}),
    )


@router.get("/bulletin", response_class=HTMLResponse)
def bulletin_latest(request: Request) -> Response:
    """The bulletin of the newest day of the corpus."""
    from fastapi.responses import RedirectResponse

    last = _run(request, queries.stats)["last_date"]
    if last is None:
        raise HTTPException(404, "Aucun document daté : pas de bulletin.")
    return RedirectResponse(f"/bulletin/{last}", status_code=307)


@router.get("/bulletin/{day}", response_class=HTMLResponse)
def bulletin(request: Request, day: str) -> HTMLResponse:
    """The day's bulletin, as ``veille bulletin --date DAY`` writes it, its stories and
    articles linked to their pages."""
    from veille.bulletin import build, render

    checked = _date(day)
    home = getattr(request.app.state, "home_country", "FR")
    data = _run(request, build, day=checked, home_country=home)
    return HTMLResponse(render(data, "html", links=True))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return _render(request, "docs.html")


@router.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for it whatever the page says: the SVG icon."""
    from veille.web.app import STATIC

    return Response(
        (STATIC / "favicon.svg").read_bytes(),
        media_type="image/svg+xml",
        headers={"cache-control": "public, max-age=86400"},
    )


@router.get("/map/world.svg")
def world_map() -> Response:
    return Response(
        geo.world_svg(),
        media_type="image/svg+xml",
        headers={"cache-control": "public, max-age=86400"},
    )
