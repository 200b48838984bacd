"""The bulletin in a real browser (Debian's Chromium driven by Playwright, as the web tests):
the file opened alone asks for nothing beyond itself, its maps draw, it fits a phone's
width; served by ``veille serve`` at /bulletin/DATE it opens without a console error (a
blocked inline style would be one) and its links lead to the story pages. The screenshot
is saved as docs/screenshots/bulletin.png."""

from __future__ import annotations

import pytest

from bulletin.conftest import DAY
from web.test_browser import SHOTS, launching, serving


@pytest.fixture(scope="module")
def browser():
    yield from launching()


@pytest.fixture(scope="module")
def server(day_db):
    yield from serving(day_db)


def _watch(page) -> tuple[list[str], list[str]]:
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    return requests, errors


def test_the_bulletin_file_renders_alone(browser, day_bulletin, tmp_path):
    from veille.bulletin import render

    path = tmp_path / "bulletin.html"
    path.write_text(render(day_bulletin, "html"), "utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 1500}, locale="fr-FR")
    page = context.new_page()
    requests, errors = _watch(page)
    page.goto(path.as_uri(), wait_until="load")
    assert requests == [path.as_uri()], requests  # no font, image, style or script fetched
    assert not errors, errors
    assert page.locator("h1").inner_text().startswith("Bulletin du mardi 24 septembre 2019")
    assert page.locator("article.story").count() == len(day_bulletin["top"])
    marker = page.locator("figure.map circle.marker").first
    box = marker.bounding_box()
    assert box and box["width"] > 0
    assert page.locator("figure.map svg").first.bounding_box()["width"] > 150
    # the title's markup is text, shown as written
    assert page.get_by_text("Alerte <script>alert(1)</script> à Lyon").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "bulletin.png"), full_page=False)
    # a phone: nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_served_bulletin_opens_and_links_to_the_stories(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    requests, errors = _watch(page)
    response = page.goto(f"{server}/bulletin/{DAY}", wait_until="load")
    assert response is not None and response.status == 200
    assert all(r.startswith(server) for r in requests), requests
    assert page.locator("article.story").count() >= 5
    assert not errors, errors  # an inline style refused by the CSP is a console error
    link = page.locator("article.story h2 a").first
    headline = link.inner_text()
    link.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("h1").inner_text() == headline
    assert page.locator("ol.documents li").count() >= 1
    page.goto(f"{server}/", wait_until="load")
    page.click("a.bulletin-link")
    page.wait_for_url("**/bulletin/*")
    assert not errors, errors
    context.close()
