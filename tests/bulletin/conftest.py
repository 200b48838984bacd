"""A corpus of one day of real French news (stories-dev.jsonl, 24 September 2019: seven
stories, one of them begun that day and continued the next), with one article whose title
and text carry markup; its stories written as the hand-made gold groups them, so the
bulletin is tested whatever the clusterer decides."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from testkit import ROOT

# beside the project (as CI lays it), or where $VEILLE_STORIES_GOLD says, or beside the file
# $VEILLE_DEV_GOLD names
_DEV = os.environ.get("VEILLE_DEV_GOLD")
STORIES_GOLD = Path(
    os.environ.get("VEILLE_STORIES_GOLD")
    or (Path(_DEV).parent if _DEV else ROOT.parent / "shared" / "eval") / "stories-dev.jsonl"
)
DAY = "2019-09-24"
WINDOW = "2019-09-24-2019-09-25"
LABELS = (  # the stories of the day kept (by the start of their gold label)
    "Recul du gouvernement",
    "Discours d'Emmanuel Macron",
    "Greta Thunberg",
    "Attaques en Arabie saoudite",
    "Bolsonaro attaque Macron",
    "Cas de dengue",
    "Premier conseil municipal",
)
XSS_TITLE = "Alerte <script>alert(1)</script> à Lyon"
XSS = {
    "id": "xss-1",
    "date": DAY,
    "title": XSS_TITLE,
    "source": "Agence <b>grasse</b>",
    "text": "Lyon / Le préfet Jean Dupont a déclaré : « Le <script>alert(1)</script> ne passera "
    "pas », mardi devant la presse réunie à la préfecture du Rhône.\nIl a ajouté que la "
    "situation <img src=x onerror=alert(1)> était désormais sous contrôle dans toute la ville.",
}


def gold_window() -> tuple[list[dict], list[dict]]:
    """The documents and the gold stories kept of the window."""
    if not STORIES_GOLD.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    windows = [json.loads(line) for line in STORIES_GOLD.read_text("utf-8").splitlines() if line]
    window = next(w for w in windows if w["window"] == WINDOW)
    stories = [s for s in window["stories"] if s["label"].startswith(LABELS)]
    keep = {i for s in stories for i in s["ids"]}
    docs = [d for d in window["docs"] if d["id"] in keep]
    return docs, stories


def write_stories(db: Path, groups: list[list[str]]) -> None:
    """The stories table and story_documents as the store keeps them, from groups of
    external ids (the first document of each its central one)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM story_documents")
        conn.execute("DELETE FROM stories")
        key = dict(conn.execute("SELECT external_id, id FROM documents"))
        position = 0
        for story, ids in enumerate(groups, 1):
            rows = conn.execute(
                "SELECT id, title, date, source FROM documents"
                " WHERE id IN (SELECT value FROM json_each(?)) ORDER BY date",
                (json.dumps([key[i] for i in ids]),),
            ).fetchall()
            conn.execute(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (
                    story,
                    rows[0][1],
                    rows[0][0],
                    min(r[2] for r in rows),
                    max(r[2] for r in rows),
                    len(rows),
                    len({r[3] for r in rows}),
                ),
            )
            for r in rows:
                position += 1
                conn.execute(
                    "INSERT INTO story_documents VALUES (?, ?, ?, 1.0, NULL, '{}')",
                    (r[0], story, position),
                )
    conn.close()


@pytest.fixture(scope="session")
def day_db(nlp, tmp_path_factory) -> Path:
    from veille.ingest.corpus import ingest

    docs, stories = gold_window()
    tmp = tmp_path_factory.mktemp("bulletin")
    records = tmp / "day.jsonl"
    rows = [
        {k: d[k] for k in ("id", "date", "title", "text")} | {"source": "Orange Actu"}
        for d in docs
    ]
    records.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*rows, XSS]), "utf-8"
    )
    db = tmp / "veille.db"
    report = ingest([records], db)
    assert report.failed == 0 and report.ingested == len(rows) + 1, report
    write_stories(db, [s["ids"] for s in stories] + [[XSS["id"]]])
    return db


@pytest.fixture(scope="session")
def day_conn(day_db):
    from veille.store import open_read

    conn = open_read(day_db)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def day_bulletin(day_conn) -> dict:
    from veille.bulletin import build

    return build(day_conn, DAY)


@pytest.fixture(scope="session")
def day_texts(day_conn) -> dict[str, str]:
    return dict(day_conn.execute("SELECT id, text FROM documents"))
