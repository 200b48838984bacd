"""The pages in a real browser: Debian's Chromium driven by Playwright (no browser of
Playwright's own is downloaded). Each page opens without a console error, a quote leads to
its speaker's page, the events filter, the maps draw their markers, no markup in the
corpus runs. A screenshot of each page is saved under docs/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from testkit import ROOT

CHROMIUM = os.environ.get("VEILLE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "docs" / "screenshots"


def _missing(reason: str):
    if os.environ.get("CI"):  # CI installs the browser: missing there is a failure
        pytest.fail(reason)
    pytest.skip(reason)


def serving(db):
    """``veille serve`` of ``db`` on a free local port, in a thread: yields its address."""
    import uvicorn

    from veille.web.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def server(corpus_db):
    yield from serving(corpus_db)


def launching():
    """Debian's Chromium through Playwright (a failure in CI when missing, else a skip)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser():
    yield from launching()


class Watched:
    """A page whose console errors, uncaught exceptions, failed requests and dialogs are
    recorded: a test fails on any."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on(
            "console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}")
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", self._failed)

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)

    def _failed(self, request) -> None:
        if "ERR_ABORTED" not in (request.failure or ""):  # not a request cut by navigating on
            self.errors.append(f"request failed: {request.url} {request.failure}")

    def open(self, path: str, status: int = 200):
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.status == status, (path, response.status)
        return self.page

    def check(self):
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs


@pytest.fixture
def tab(browser, server):
    watched = Watched(browser, server)
    yield watched
    watched.context.close()
    watched.check()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _document_with_everything(client) -> str:
    rows = client.get("/api/documents?limit=100").json()["results"]
    return max(rows, key=lambda d: (min(d["quotes"], 4) + min(d["events"], 4), d["id"]))["id"]


def test_every_page_opens_without_a_console_error(tab, client):
    doc = _document_with_everything(client)
    who = client.get("/api/entities?type=PER&limit=1").json()["results"][0]["id"]
    for name, path in [
        ("home", "/"),
        ("search", "/search?q=président"),
        ("documents", "/documents"),
        ("document", f"/documents/{doc}"),
        ("entity", "/entities/" + who),
        ("quotes", "/quotes"),
        ("events", "/events"),
        ("places", "/places"),
        ("entities", "/entities"),
    ]:
        page = tab.open(path)
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("h1").first.is_visible()
        _shot(page, name)
    tab.open("/documents/nope", status=404)
    assert "Introuvable" in tab.page.locator("h1").inner_text()
    tab.errors = [e for e in tab.errors if "404" not in e]  # the 404 itself is logged


def test_api_docs_page_renders_swagger_ui(tab):
    page = tab.open("/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/quotes" in p for p in paths), paths
    _shot(page, "api-docs")


def test_click_from_a_quote_to_its_speakers_page(tab):
    page = tab.open("/quotes?speaker=Macron")
    link = page.locator("a.speaker").first
    name = link.inner_text()
    link.click()
    page.wait_for_url("**/entities/PER:*")
    assert page.locator("h1").inner_text().startswith(name)
    assert page.locator(".quote-item").count() > 0


def test_filter_events(tab, client):
    page = tab.open("/events")
    before = page.locator("tr.event-row").count()
    page.fill("input[name=actor]", "FRA")
    page.select_option("select[name=modality]", "asserted")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/events?*actor=FRA*")
    rows = client.get("/api/events?actor=FRA&modality=asserted&limit=25").json()["results"]
    assert 0 < page.locator("tr.event-row").count() == len(rows) <= before
    assert page.locator("select[name=modality]").input_value() == "asserted"


def test_maps_draw_their_markers(tab):
    for path in ("/events", "/places"):
        page = tab.open(path)
        markers = page.locator("circle.marker")
        assert markers.count() > 3, path
        box = markers.first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        world = page.locator("figure.map image")
        assert world.bounding_box()["width"] > 600
        box = markers.last.bounding_box()  # the smallest, drawn last, on top
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert page.locator(".map-info").inner_text().strip()  # named under the pointer


def test_quote_filter_as_you_type(tab):
    page = tab.open("/quotes")
    shown = page.locator(".quote-item:not(.hidden)").count()
    page.fill("input[name=about]", "zzzz-nothing")
    assert page.locator(".quote-item:not(.hidden)").count() == 0 < shown
    page.fill("input[name=about]", "")
    assert page.locator(".quote-item:not(.hidden)").count() == shown


def test_no_markup_from_the_corpus_runs(tab, client):
    from web.corpus import XSS

    docs = [
        d["id"]
        for d in client.get("/api/documents?limit=100").json()["results"]
        if (d["title"] or "").startswith("Attaque")
    ]
    assert len(docs) == 3
    for doc in docs:
        page = tab.open(f"/documents/{doc}")
        title = page.locator("h1").inner_text()
        assert any(f"Attaque {attack} titre" == title for attack in XSS), title  # as text
    tab.open("/")
    tab.open("/documents")
    for attack in XSS:
        tab.page.goto(tab.base + "/search?q=" + attack)
        tab.page.goto(tab.base + "/quotes?speaker=" + attack)
    _shot(tab.open(f"/documents/{docs[0]}"), "document-xss")
    assert tab.dialogs == []


def test_raw_traversal_requests_get_404(server):
    host, port = server.removeprefix("http://").split(":")
    for path in (
        "/static/../pyproject.toml",
        "/static/../../veille/web/app.py",
        "/static/%2e%2e/app.py",
    ):
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        status = data.split(b"\r\n", 1)[0]
        assert b" 404 " in status, (path, status)
        assert b"create_app" not in data
