"""The stories in the web app: the list and its date filters, a story page (documents,
entities, quotes by speaker, events with their counts, a map), the home page's top stories,
/bulletin/DATE; every title escaped."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from bulletin.conftest import DAY, XSS_TITLE


@pytest.fixture(scope="module")
def client(day_db):
    from fastapi.testclient import TestClient

    from veille.web.app import create_app

    with TestClient(create_app(day_db), raise_server_exceptions=False) as c:
        yield c


def _story_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/stories/(\d+)"', page)]


def test_stories_page_lists_and_filters(client):
    page = client.get("/stories").text
    assert len(set(_story_ids(page))) == 8
    later = client.get("/stories?since=2019-09-25").text
    assert set(_story_ids(later)) < set(_story_ids(page)) and _story_ids(later)
    assert client.get("/stories?since=2019-99-01").status_code == 400


def test_story_page_shows_everything_of_the_story(client, day_conn):
    from veille.store import queries

    full = [queries.story(day_conn, s["id"]) for s in queries.stories(day_conn)]
    big = max(full, key=lambda s: (s["articles"], len(s["quotes"]), -s["id"]))
    assert big["articles"] == 2 and big["quotes"] and big["places"] and big["events"]
    page = client.get(f"/stories/{big['id']}").text
    assert f"<h1>{escape(big['headline'])!s}</h1>" in page
    for d in big["documents"]:
        assert f'href="/documents/{d["key"]}"' in page
    for group in big["quotes"]:
        assert str(escape(group["speaker"] or "Sans locuteur")) in page
    assert page.count('class="speaker-group"') == len(big["quotes"])
    assert page.count('class="event-row"') == len(big["events"])
    assert "NumMentions" in page and "NumArticles" in page
    assert page.count('circle class="marker"') == len(
        [p for p in big["places"] if p["lat"] is not None]
    )
    assert client.get("/stories/999999").status_code == 404
    assert client.get("/stories/abc").status_code == 404


def test_story_page_and_bulletin_escape_every_title(client, day_conn):
    from veille.store import queries

    xss = next(s for s in queries.stories(day_conn) if s["headline"] == XSS_TITLE)
    for path in (f"/stories/{xss['id']}", f"/bulletin/{DAY}", "/stories", "/"):
        page = client.get(path).text
        assert "<script>alert(1)</script>" not in page, path
        assert "<img src=x" not in page, path
        assert str(escape(XSS_TITLE)) in page, path


def test_home_shows_top_stories_and_the_bulletin_link(client):
    page = client.get("/").text
    assert "Les sujets du moment" in page and _story_ids(page)
    assert 'class="bulletin-link" href="/bulletin/2019-09-25"' in page


def test_bulletin_page(client):
    response = client.get(f"/bulletin/{DAY}")
    assert response.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert 'href="/documents/' in response.text and 'href="/stories/' in response.text
    empty = client.get("/bulletin/2001-01-01")
    assert empty.status_code == 200 and "Aucun sujet ce jour" in empty.text
    assert client.get("/bulletin/2019-02-30").status_code == 400
    assert client.get("/bulletin", follow_redirects=False).headers["location"] == (
        "/bulletin/2019-09-25"
    )


def test_web_bulletin_ignored_the_home_country_setting(day_db):
    """/bulletin/DATE always filed the stories as seen from France: it takes the settings'
    home country, as `veille bulletin` does."""
    from fastapi.testclient import TestClient

    from veille.web.app import create_app

    with TestClient(create_app(day_db, home_country="BE")) as c:
        page = c.get(f"/bulletin/{DAY}").text
    with TestClient(create_app(day_db)) as c:
        french = c.get(f"/bulletin/{DAY}").text
    assert "<h3>France</h3>" in french and "<h3>France</h3>" not in page
    assert "<span class=\"count\">· France</span>" in page
