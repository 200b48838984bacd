"""The pages over the dev-set corpus: each answers in French, lists work without script
(plain HTML forms and links), the document page marks its analysis in the text."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def api(client, url: str) -> list[dict]:
    return client.get(url).json()["results"]


def test_home_counts_chart_latest_speakers_and_event_classes(client):
    stats = client.get("/api/stats").json()
    html = page(client, "/")
    assert '<html lang="fr">' in html and "Le corpus" in html
    assert f"<strong>{stats['documents']}</strong> documents" in html
    assert f"Du <time>{stats['first_date']}</time> au <time>{stats['last_date']}</time>" in html
    assert html.count('class="bar"') >= 10  # documents per day
    assert "Les plus cités cette semaine" in html and "/entities/PER:" in html
    assert "/events?plover=" in html and "coopération verbale" in html


def test_search_page_highlights_and_pages(client):
    html = page(client, "/search?q=Alep")
    assert "<mark>Alep</mark>" in html or "<mark>ALEP</mark>" in html
    hits = api(client, "/api/search?q=Alep&limit=100")
    assert html.count('class="hit"') == min(len(hits), 25)
    html = page(client, "/search?q=président")  # more than a page
    assert 'rel="next" href="/search?q=pr%C3%A9sident&amp;page=2"' in html
    second = page(client, "/search?q=président&page=2")
    assert 'rel="prev"' in second


def test_search_accents_and_case_ignored(client):
    assert (
        page(client, "/search?q=liberation").count('class="hit"')
        == page(client, "/search?q=LIBÉRATION").count('class="hit"')
        > 0
    )


def test_search_date_and_source_filters(client):
    html = page(client, "/search?q=président&source=Reuters&since=2016-12-05&until=2016-12-10")
    dates = re.findall(r'<p class="meta"><time>([\d-]+)</time> · (\w+)', html)
    assert dates and all("2016-12-05" <= d <= "2016-12-10" and s == "Reuters" for d, s in dates)


def test_empty_form_fields_are_no_filter(client):
    html = page(client, "/search?q=président&since=&until=&source=")
    assert 'class="hit"' in html
    page(client, "/events?actor=&recipient=&root=&plover=&modality=&since=&until=")


def test_document_page_marks_entities_quotes_events_and_layout(client):
    doc = next(d for d in api(client, "/api/documents?limit=100") if d["quotes"] and d["events"])
    analysis = client.get(f"/api/documents/{doc['id']}").json()["analysis"]
    html = page(client, f"/documents/{doc['id']}")
    text = re.search(r'<div class="text">(.*?)</div>', html, re.S).group(1)
    visible = re.sub(r"<sup[^>]*>.*?</sup>", "", text, flags=re.S)
    assert unescape(re.sub(r"<[^>]+>", "", visible)) == analysis["text"]  # every character
    assert text.count('class="quote"') >= len(analysis["quotes"])
    assert text.count('class="event') >= len(analysis["events"])
    mentions = sum(len(e["mentions"]) for e in analysis["entities"])
    assert text.count('class="ent ent-') >= mentions
    quote = analysis["quotes"][0]
    assert f'id="quote-{quote["id"]}"' in text
    if analysis.get("dateline"):
        assert '<span class="dateline">' in text
    assert f'href="/api/documents/{doc["id"]}"' in html
    event = analysis["events"][0]
    assert event["cameo"]["code"] in html and (event["plover"] or "") in html


def test_document_quote_links_to_its_speakers_page(client):
    row = api(client, "/api/quotes?speaker=Macron&limit=1")[0]
    html = page(client, f"/documents/{row['document_id']}")
    link = f'href="/entities/{quote(row["speaker_id"], safe=":")}"'
    assert link.replace(" ", "%20") in html


def test_entity_page(client):
    top = api(client, "/api/entities?type=PER&limit=1")[0]
    url = f"/entities/{quote(top['id'], safe=':')}"
    html = page(client, url)
    assert f"<h1>{top['name']}" in html
    assert "Noms et titres" in html and "Fonctions" in html and "Souvent nommés avec" in html
    assert "Mentions par jour" in html
    quotes = api(client, f"/api/quotes?speaker_id={quote(top['id'])}&limit=25")
    assert html.count('class="quote-item"') == len(quotes)
    dates = re.findall(r'class="quote-item".*?<time>([\d-]+)</time>', html, re.S)
    assert dates == sorted(dates, reverse=True)  # newest first
    filtered = page(client, url + "?about=europe")
    assert filtered.count('class="quote-item"') < html.count('class="quote-item"')
    assert "Événements dont il est l'acteur" in html


def test_quotes_page_filters(client):
    html = page(client, "/quotes?speaker=Macron&type=direct")
    assert html.count('class="quote-item"') == len(
        api(client, "/api/quotes?speaker=Macron&type=direct&limit=25")
    )
    assert 'class="speaker" href="/entities/PER:Emmanuel%20Macron"' in html


def test_events_page_table_map_chart(client):
    html = page(client, "/events")
    assert (
        html.count('class="marker"')
        == len([p for p in client.get("/api/events?limit=1000").json()["results"] if p["location"]])
        or html.count('class="marker"') > 5
    )
    assert 'href="/map/world.svg"' in html
    assert re.search(r'class="bar quad-[1-4]"', html)
    assert 'class="article" href="/documents/' in html
    filtered = page(client, "/events?actor=FRA&modality=asserted")
    rows = api(client, "/api/events?actor=FRA&modality=asserted&limit=25")
    assert filtered.count('class="event-row') == len(rows)


def test_places_page_map_links_to_entities(client):
    html = page(client, "/places")
    assert html.count('class="marker"') > 10
    assert re.search(r'<a href="/entities/LOC:[^"]+"><circle class="marker"', html)
    assert "Syria" in page(client, "/places?country=SY")


def test_world_map_is_served_from_the_package(client):
    r = client.get("/map/world.svg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.text.count("<path") > 150 and "<title>France</title>" in r.text


@pytest.mark.parametrize(
    "url",
    ["/", "/search?q=Alep", "/documents", "/quotes", "/events", "/places", "/entities"],
)
def test_list_pages_need_no_script(client, url):
    html = page(client, url)
    assert "<script>" not in html  # no inline script
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
