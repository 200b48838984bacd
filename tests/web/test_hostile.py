"""The web app attacked: markup in stored text, full-text syntax, huge and wrong
parameters, unknown ids, path traversal; its headers; its read-only database."""

from __future__ import annotations

import json
import sqlite3
from urllib.parse import quote

import pytest

from testkit import ALEP_TEXT, cli
from web.corpus import XSS

PAGES = ["/", "/search?q=Attaque", "/documents", "/quotes", "/events", "/entities", "/places"]


def _xss_docs(client) -> list[dict]:
    rows = client.get("/api/documents?limit=100").json()["results"]
    return [d for d in rows if d["title"] and d["title"].startswith("Attaque")]


def _assert_inert(html: str) -> None:
    for attack in XSS:
        assert attack not in html
    assert "<script>alert" not in html and "<svg onload" not in html and "<img src=x" not in html


def test_markup_in_titles_text_and_sources_renders_as_text(client):
    docs = _xss_docs(client)
    assert len(docs) == 3
    for url in [*PAGES, *(f"/documents/{d['id']}" for d in docs)]:
        html = client.get(url).text
        _assert_inert(html)
    html = client.get(f"/documents/{docs[0]['id']}").text
    assert "&lt;" in html and "Attaque" in html


def test_markup_in_a_search_query_is_escaped(client):
    for attack in XSS:
        html = client.get("/search", params={"q": attack}).text
        _assert_inert(html)
        html = client.get("/quotes", params={"speaker": attack, "about": "x"}).text
        _assert_inert(html)


def test_markup_in_an_entity_id_is_escaped(client):
    for attack in XSS:
        r = client.get("/entities/" + quote("PER:" + attack))
        assert r.status_code == 404
        _assert_inert(r.text)


FTS = [
    '"',
    '""',
    "AND",
    "OR",
    "NOT",
    "*",
    "NEAR(",
    "NEAR(Alep Syrie, 3)",
    "col:x",
    "title:Alep",
    "-",
    "- -",
    "Alep AND",
    "((Alep",
    '"unclosed phrase',
    "Alep*",
    "^Alep",
    "'; DROP TABLE documents; --",
    "\x00",
    "🙂",
    "%",
    "_",
    "\\",
]


@pytest.mark.parametrize("q", FTS)
def test_full_text_syntax_is_never_a_500(client, q):
    for url, params in (
        ("/search", {"q": q}),
        ("/api/search", {"q": q}),
        ("/quotes", {"about": q, "speaker": q}),
        ("/api/quotes", {"about": q, "speaker": q}),
        ("/api/search", {"q": q, "fts": "true"}),
        ("/api/events", {"actor": q, "recipient": q, "plover": q}),
        ("/events", {"actor": q, "recipient": q}),
    ):
        r = client.get(url, params=params)
        assert r.status_code in (200, 400, 422), (url, params, r.status_code, r.text[:300])
        if url.startswith("/api/") and r.status_code != 200:
            assert r.json()["error"]


@pytest.mark.parametrize(
    "url",
    [
        "/search?q=" + "Alep " * 3_000,
        "/search?q=Alep&page=99999999999",
        "/search?q=Alep&page=-1",
        "/search?q=Alep&since=2016-13-45",
        "/quotes?speaker=" + "x" * 20_000,
        "/events?root=999",
        "/events?modality=<b>",
        "/places?country=%3Cscript%3E",
        "/entities?type=ANIMAL",
        "/quotes?type=whisper",
    ],
)
def test_huge_or_wrong_parameters_are_a_4xx_page(client, url):
    r = client.get(url)
    assert 400 <= r.status_code < 500, (url[:80], r.status_code)
    assert r.headers["content-type"].startswith("text/html")
    _assert_inert(r.text)


def test_huge_api_parameters_are_4xx_json(client):
    for url in ("/api/search?q=" + "a" * 20_000, "/api/quotes?offset=" + "9" * 40):
        r = client.get(url)
        assert 400 <= r.status_code < 500 and r.json()["error"]


def test_deep_pages_are_empty_not_errors(client):
    html = client.get("/quotes?page=9000").text
    assert "Aucune citation." in html
    assert client.get("/api/quotes?offset=1000000").json()["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/documents/does-not-exist",
        "/documents/" + "0" * 5000,
        "/entities/PER:Personne Inconnue",
        "/entities/not-an-id",
        "/entities/" + "PER:" + "x" * 5000,
        "/nowhere",
    ],
)
def test_unknown_ids_are_a_404_page_in_french(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Introuvable" in r.text


@pytest.mark.parametrize(
    "path",
    [
        "/static/../pyproject.toml",
        "/static/%2e%2e/app.py",
        "/static/%2e%2e/%2e%2e/store/__init__.py",
        "/static/..%2fapp.py",
        "/static/..%5capp.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/swagger/../../app.py",
        "/static/swagger/%2e%2e/index.j2",
    ],
)
def test_static_files_cannot_leave_their_folder(client, path):
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code)
    assert "root:" not in r.text and "create_app" not in r.text


def test_security_headers_everywhere(client):
    doc = _xss_docs(client)[0]["id"]
    for url in ("/", "/api/stats", "/static/style.css", "/nowhere", f"/documents/{doc}", "/docs"):
        r = client.get(url)
        assert r.headers["x-content-type-options"] == "nosniff", url
        csp = r.headers["content-security-policy"]
        script = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
        assert script.split() == ["script-src", "'self'"], url
        assert "default-src 'self'" in csp and "object-src 'none'" in csp


def test_static_assets_ship_in_the_package(client):
    for path in ("/static/style.css", "/static/app.js", "/static/countries-110m.json"):
        assert client.get(path).status_code == 200, path
    for url in ("/", "/events", "/docs"):
        html = client.get(url).text
        assert "http://" not in html.replace("http://www.w3.org", "")
        assert "https://" not in html


# ── the database: read-only, while an ingest writes ──────────────────────────────────────


@pytest.fixture
def copy_db(corpus_db, tmp_path):
    path = tmp_path / "copy.db"
    with sqlite3.connect(corpus_db) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    return path


def test_app_reads_only_and_sees_what_an_ingest_commits(copy_db, tmp_path, nlp):
    from fastapi.testclient import TestClient

    from veille.web.app import create_app

    app = create_app(copy_db)
    with TestClient(app) as client:
        before = client.get("/api/stats").json()["documents"]
        with app.state.corpus.connect() as conn, pytest.raises(sqlite3.OperationalError):
            conn.execute("DELETE FROM documents")
        text = ALEP_TEXT + "\nUne ligne de plus, pour un texte que le corpus n'a pas.\n"
        record = {"id": "nouveau", "date": "2016-12-30", "title": "Nouvelle", "text": text}
        extra = tmp_path / "new.jsonl"
        extra.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        result = cli("ingest", extra, "--db", copy_db)  # another writer, the app still open
        assert result.exit_code == 0, result.output
        assert client.get("/api/stats").json()["documents"] == before + 1
        html = client.get("/").text
        assert "Nouvelle" in html


def test_serve_binds_loopback_unless_told(monkeypatch, corpus_db):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    assert cli("serve", "--db", corpus_db).exit_code == 0
    assert calls[-1]["host"] == "127.0.0.1" and calls[-1]["port"] == 8000
    assert cli("serve", "--db", corpus_db, "--host", "0.0.0.0", "--port", 9001).exit_code == 0
    assert calls[-1]["host"] == "0.0.0.0" and calls[-1]["port"] == 9001


def test_serve_refuses_a_missing_or_foreign_database(tmp_path):
    result = cli("serve", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no such database" in result.output
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = cli("serve", "--db", other)
    assert result.exit_code == 1 and "not a veille one" in result.output


def test_answers_are_kept_until_the_database_changes(copy_db, tmp_path):
    from veille.store import connect
    from veille.web.app import Corpus

    corpus = Corpus(copy_db)
    calls = []

    def count(conn, *, table: str) -> int:
        calls.append(table)
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    first = corpus.query(count, table="documents")
    assert corpus.query(count, table="documents") == first and len(calls) == 1
    corpus.query(count, table="quotes")
    assert len(calls) == 2  # another question is asked
    writer = connect(copy_db)
    writer.execute(
        "INSERT INTO errors (path, stage, reason, first_seen, last_seen)"
        " VALUES ('x', 'read', 'test', '2016-12-01', '2016-12-01')"
    )  # a commit by another connection
    writer.close()
    assert corpus.query(count, table="documents") == first and len(calls) == 3  # asked again
