"""The JSON API over the dev-set corpus: the same rows as the CLI's --json (one query layer),
pagination, and 4xx JSON errors for bad parameters."""

from __future__ import annotations

import pytest

import veille
from testkit import cli_json


def results(client, url: str) -> list[dict]:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return r.json()["results"]


@pytest.mark.parametrize(
    ("url", "args"),
    [
        ("/api/quotes?speaker=Macron&limit=30", ["quotes", "--speaker", "Macron", "--limit", 30]),
        ("/api/quotes?about=Syrie&limit=10", ["quotes", "--about", "Syrie", "--limit", 10]),
        ("/api/search?q=Alep&limit=10", ["search", "Alep", "--limit", 10]),
        (
            "/api/search?q=liberation&since=2016-12-05",
            ["search", "liberation", "--since", "2016-12-05"],
        ),
        ("/api/events?actor=FRA&limit=20", ["events", "--actor", "FRA", "--limit", 20]),
        ("/api/events?root=4", ["events", "--root", "4"]),
        ("/api/entities?type=PER&limit=15", ["entities", "--type", "PER", "--top", 15]),
        ("/api/places?country=SY", ["places", "--country", "SY"]),
    ],
)
def test_api_gives_the_rows_of_the_cli_json(client, corpus_db, url, args):
    rows = results(client, url)
    assert rows, url
    assert rows == cli_json(*args, "--db", corpus_db)


def test_api_stats_is_veille_stats(client, corpus_db):
    assert client.get("/api/stats").json() == cli_json("stats", "--db", corpus_db)


def test_pages_of_a_list_follow_each_other(client):
    first = client.get("/api/quotes?limit=7").json()
    assert first["offset"] == 0 and first["limit"] == 7 and len(first["results"]) == 7
    assert first["next"] == "/api/quotes?limit=7&offset=7"
    second = client.get(first["next"]).json()
    both = results(client, "/api/quotes?limit=14")
    assert first["results"] + second["results"] == both


def test_last_page_has_no_next(client):
    total = client.get("/api/stats").json()["documents"]
    page = client.get(f"/api/documents?limit=10&offset={total - 3}").json()
    assert len(page["results"]) == 3 and page["next"] is None


def test_document_json_is_the_stored_analysis(client):
    doc_id = results(client, "/api/documents?limit=1")[0]["id"]
    doc = client.get(f"/api/documents/{doc_id}").json()
    assert doc["id"] == doc_id and doc["analysis"]["id"] == doc_id
    assert doc["analysis"]["text"] and "entities" in doc["analysis"]


def test_entity_json(client):
    top = results(client, "/api/entities?type=PER&limit=1")[0]
    found = client.get(f"/api/entities/{top['id']}").json()
    assert found["name"] == top["name"] and found["documents"] == top["documents"]
    assert found["aliases"] and found["cooccurring"]


def test_quotes_of_an_entity_are_its_own(client):
    top = results(client, "/api/entities?type=PER&limit=1")[0]
    rows = results(client, f"/api/quotes?speaker_id={top['id']}&limit=100")
    assert rows and {r["speaker_id"] for r in rows} == {top["id"]}


def test_quote_type_filter(client):
    rows = results(client, "/api/quotes?type=direct&limit=100")
    assert rows and {r["type"] for r in rows} == {"direct"}


def test_events_modality_filter(client):
    rows = results(client, "/api/events?modality=appeal&limit=100")
    assert rows and {r["modality"] for r in rows} == {"appeal"}


def test_search_source_filter(client):
    rows = results(client, "/api/search?q=président&source=Reuters&limit=100")
    assert rows and {r["source"] for r in rows} == {"Reuters"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/quotes?limit=0",
        "/api/quotes?limit=100000",
        "/api/quotes?offset=-1",
        "/api/quotes?since=hier",
        "/api/quotes?type=whispered",
        "/api/events?root=99",
        "/api/events?modality=perhaps",
        "/api/entities?type=ANIMAL",
        "/api/places?country=SYR",
        "/api/search",
        "/api/search?q=" + "x" * 501,
        "/api/quotes?speaker=" + "x" * 201,
        "/api/quotes?limit=abc",
        "/api/stories?since=hier",
        "/api/stories?until=2019-13-45x",
        "/api/stories?top=0",
        "/api/stories?top=" + "9" * 30,
        "/api/stories/abc",
        "/api/stories/0",
        "/api/stories/" + "9" * 40,
    ],
)
def test_bad_parameters_are_a_4xx_json_error_with_a_message(client, url):
    r = client.get(url)
    assert r.status_code in (400, 422), (url, r.status_code)
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/search?q=*",
        "/api/search?q=-",
        "/api/search?q=NOT%20Alep",
        "/api/search?q=ab*%20cd*%20ef*%20gh*%20ij*%20kl*",
    ],
)
def test_refused_searches_are_400_with_a_message(client, url):
    r = client.get(url)
    assert r.status_code == 400 and r.json()["error"]


def test_unknown_ids_are_404_json(client):
    for url in ("/api/documents/0000", "/api/entities/PER:Personne Inconnue", "/api/nothing"):
        r = client.get(url)
        assert r.status_code == 404 and r.json()["error"], url
    assert client.get("/api/entities/not-an-id").status_code == 400


def test_api_stories_are_veille_stories_json(client, corpus_db):
    for url, args in (
        ("/api/stories", []),
        ("/api/stories?top=5", ["--top", 5]),
        (
            "/api/stories?since=2016-12-05&until=2016-12-20",
            ["--since", "2016-12-05", "--until", "2016-12-20"],
        ),
    ):
        r = client.get(url)
        assert r.status_code == 200, r.text
        assert r.json() == cli_json("stories", *args, "--db", corpus_db), url
    every = client.get("/api/stories").json()
    assert (
        sum(len(s["documents"]) for s in every) == cli_json("stats", "--db", corpus_db)["documents"]
    )


def test_api_one_story_and_a_missing_one(client, corpus_db):
    best = client.get("/api/stories?top=1").json()[0]
    r = client.get(f"/api/stories/{best['id']}")
    assert r.status_code == 200
    found = r.json()
    assert found == cli_json("stories", "show", best["id"], "--db", corpus_db)
    for key in ("entities", "quotes", "events", "places", "documents"):
        assert isinstance(found[key], list), key
    r = client.get("/api/stories/999999")
    assert r.status_code == 404 and r.json()["error"] == "no story 999999"


def test_openapi_lists_the_api(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/documents",
        "/api/documents/{id}",
        "/api/entities",
        "/api/quotes",
        "/api/events",
        "/api/places",
        "/api/stats",
        "/api/analyze",
        "/api/stories",
        "/api/stories/{id}",
    ):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/swagger/swagger-ui-bundle.js" in docs.text
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


# ── POST /api/analyze ───────────────────────────────────────────────────────────────────

TEXT = "Moscou / Vladimir Poutine a déclaré : « Il faut arrêter les combats en Syrie »."


def test_analyze_is_off_unless_allowed(client):
    r = client.post("/api/analyze", content=TEXT.encode())
    assert r.status_code == 403 and "--allow-analyze" in r.json()["error"]


def test_analyze_text_and_json(analyze_client):
    r = analyze_client.post("/api/analyze?date=2016-12-23", content=TEXT.encode("utf-8"))
    assert r.status_code == 200, r.text
    assert r.json() == veille.analyze(TEXT, date="2016-12-23").to_dict()
    assert "Poutine" in r.json()["quotes"][0]["speaker"]["name"]
    r = analyze_client.post("/api/analyze", json={"text": TEXT, "date": "2016-12-23"})
    assert r.status_code == 200 and r.json()["date"] == "2016-12-23"


def test_analyze_refuses_over_1_mb_with_413(analyze_client):
    r = analyze_client.post("/api/analyze", content=b"a" * 1_000_001)
    assert r.status_code == 413 and r.json()["error"]

    def chunks():  # no Content-Length: refused as it arrives
        for _ in range(20):
            yield b"b" * 100_000

    r = analyze_client.post("/api/analyze", content=chunks())
    assert r.status_code == 413


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"", {}),
        (b"\xff\xfe\x00", {}),
        (b"{not json", {"content-type": "application/json"}),
        (b'{"text": 3}', {"content-type": "application/json"}),
        (b'{"text": "x", "date": "demain"}', {"content-type": "application/json"}),
    ],
)
def test_analyze_bad_bodies_are_400(analyze_client, body, headers):
    r = analyze_client.post("/api/analyze", content=body, headers=headers)
    assert r.status_code == 400 and r.json()["error"]
