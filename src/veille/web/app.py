"""The web application: pages in French and a JSON API under ``/api/`` over one corpus
database, opened read-only (a running ``veille ingest`` keeps writing; each request sees what
it has committed). Both call :mod:`veille.store.queries`, as the CLI's ``--json`` does.

Security: every stored string is escaped by Jinja2's autoescaping; a Content-Security-Policy
allows scripts and styles from this server only (no inline script); ``nosniff``; static files
are served from the package's folder only.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille import __version__
from veille.store import StoreError, open_read

STATIC = Path(str(files("veille.web").joinpath("static")))
TEMPLATES = Path(str(files("veille.web").joinpath("templates")))
MAX_BODY = 1_000_000  # bytes a POST /api/analyze may send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# Swagger UI sets style attributes: its page alone allows inline styles (never scripts).
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# The bulletin is one self-contained file: its style inline (never a script).
BULLETIN_CSP = DOCS_CSP
HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


# What the database holds, cheaply: it changes with every commit of an ingest (documents
# are written with all their results in one transaction; errors alone too) and of a
# `veille stories --rebuild` (its assignments take positions after all the earlier ones).
_STATE = """SELECT (SELECT max(n) FROM documents), (SELECT count(*) FROM documents),
                   (SELECT max(id) FROM errors), (SELECT count(*) FROM errors),
                   (SELECT max(position) FROM story_documents)"""


class Corpus:
    """The database, one read-only connection per thread (SQLite connections are not shared
    across threads; the server's worker threads each keep theirs), and the answers to the
    latest questions, kept while the database stays as it was: a query is run again as
    soon as an ingest has committed anything."""

    CACHE_SIZE = 512

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        open_read(self.path).close()  # refuse a missing or foreign database now
        self._local = threading.local()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = open_read(self.path)
        yield conn

    def query(self, fn: Callable[..., Any], **kwargs: Any) -> Any:
        """``fn(connection, **kwargs)``, or its answer from before if the database has not
        changed since. Answers are shared: callers must not modify them."""
        with self.connect() as conn:
            state = tuple(conn.execute(_STATE).fetchone())
            key = (fn.__module__, fn.__qualname__, tuple(sorted(kwargs.items())), state)
            with self._lock:
                if key in self._cache:
                    self._cache.move_to_end(key)
                    return self._cache[key]
            value = fn(conn, **kwargs)
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return value


class SecurityHeaders:
    """An ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP
        if scope["path"].startswith("/bulletin/"):
            csp = BULLETIN_CSP

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [*HEADERS, (b"content-security-policy", csp.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", "invalid"))
    return "; ".join(parts) or "invalid request"


def _install_errors(app: FastAPI, templates: Jinja2Templates) -> None:
    """Errors as JSON ``{"error": message}`` under ``/api/``, as French pages elsewhere."""

    def page(request: Request, status: int, message: str) -> Response:
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "erreur"
        if _is_api(request):
            return JSONResponse({"error": message}, status_code=exc.status_code)
        if exc.status_code == 404 and message == "Not Found":
            message = "Cette page n'existe pas."
        return page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        message = _validation_message(exc)
        if _is_api(request):
            detail = [{k: e.get(k) for k in ("loc", "msg", "type")} for e in exc.errors()]
            return JSONResponse({"error": message, "detail": detail}, status_code=422)
        return page(request, 400, f"Paramètre invalide : {message}")

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        if _is_api(request):
            return JSONResponse({"error": str(exc)}, status_code=400)
        return page(request, 400, f"Requête refusée : {exc}")

    @app.exception_handler(sqlite3.Error)
    async def db_error(request: Request, exc: sqlite3.Error) -> Response:
        message = f"database error: {exc}"
        if _is_api(request):
            return JSONResponse({"error": message}, status_code=503)
        return page(request, 503, "La base de données ne répond pas ; réessayez.")


def create_app(
    db: str | Path, *, allow_analyze: bool = False, home_country: str = "FR"
) -> FastAPI:
    """The application over the corpus database ``db`` (:class:`StoreError` if it is not
    one). ``allow_analyze`` turns on ``POST /api/analyze`` (it loads the spaCy model);
    ``home_country`` is the settings' (the bulletin's home region)."""
    from veille.web import api, pages

    corpus = Corpus(db)
    app = FastAPI(
        title="veille API",
        version=__version__,
        description="Le corpus de veille : recherche, citations, entités, lieux, événements. "
        "Mêmes filtres et résultats que `veille … --json`.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.corpus = corpus
    app.state.allow_analyze = allow_analyze
    app.state.home_country = home_country
    templates = pages.make_templates(TEMPLATES)
    app.state.templates = templates
    swagger = _swagger_dir()
    if swagger is not None:  # before /static, which would take its paths
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    _install_errors(app, templates)
    app.add_middleware(SecurityHeaders)
    return app


def _swagger_dir() -> Path | None:
    """Swagger UI's files, from the swagger-ui-bundle package (no CDN)."""
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    return Path(swagger_ui_bundle.swagger_ui_path)
