"""How long the bulletin of a busy day takes once its articles are analysed (issue 16:
under 5 s for 500 articles).

The day: the 142 articles of 2 July 2020 in ``stories-dev.jsonl`` (a real busy day of a
French news site), ingested once into ``WORK/base.db``; then their stored analyses copied
(every row of every table, under new document ids) until the day holds ``--articles``
documents, each copy's articles grouped into stories as the gold file groups them. The
time measured is :func:`veille.bulletin.build` then :func:`~veille.bulletin.render`, on a
fresh read-only connection, the best and the median of ``--runs``.

    PYTHONPATH=src python benchmarks/bulletin_bench.py --work /tmp/bulletin-bench
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "eval" / "stories-dev.jsonl"
WINDOW = "2020-07-02"
SKIP = {"migrations", "errors", "stories", "story_documents"}


def _window(gold: Path) -> dict:
    for line in gold.read_text("utf-8").splitlines():
        if line.strip() and json.loads(line)["window"] == WINDOW:
            return json.loads(line)
    raise SystemExit(f"{gold}: no window {WINDOW}")


def ingest_base(work: Path, window: dict) -> Path:
    """The window's articles analysed and stored, once."""
    base = work / "base.db"
    if base.exists():
        return base
    from veille.ingest.corpus import ingest

    records = work / "day.jsonl"
    records.write_text(
        "".join(
            json.dumps({k: d[k] for k in ("id", "date", "title", "text")}, ensure_ascii=False)
            + "\n"
            for d in window["docs"]
        ),
        "utf-8",
    )
    report = ingest([records], work / "base.tmp.db")
    print(f"ingested {report.ingested} articles", file=sys.stderr)
    (work / "base.tmp.db").rename(base)
    return base


def _tables(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [
        r[0]
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if r[0] not in SKIP and "_fts" not in r[0]
    ]
    return {t: [c[1] for c in conn.execute(f"PRAGMA table_info({t})")] for t in names}


def _copy(conn: sqlite3.Connection, tables: dict[str, list[str]], suffix: str, keys: str) -> None:
    """Every row of the documents ``keys`` (a SQL list) copied under ids ending in
    ``suffix``; the rowid columns (``n``) left to SQLite."""
    for table, columns in tables.items():
        where = "id" if table == "documents" else "document_id"
        if where not in columns:
            continue
        cols = [c for c in columns if c != "n"]
        values = [f"{c} || '{suffix}'" if c in (where, "external_id") else c for c in cols]
        conn.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(values)} "
            f"FROM {table} WHERE {where} IN ({keys})"
        )


def make_day(base: Path, out: Path, window: dict, articles: int) -> None:
    """``out``: ``articles`` documents of the day, in stories."""
    shutil.copy(base, out)
    conn = sqlite3.connect(out)
    tables = _tables(conn)
    key = dict(conn.execute("SELECT external_id, id FROM documents"))
    originals = list(key.values())
    copies = -(-articles // len(originals))
    with conn:
        conn.execute("DELETE FROM story_documents")
        conn.execute("DELETE FROM stories")
        for k in range(1, copies):
            need = min(len(originals), articles - k * len(originals))
            keys = ",".join(f"'{i}'" for i in originals[:need])
            _copy(conn, tables, f"-{k}", keys)
        _stories(conn, window, copies)
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    print(f"{out}: {n} documents on {WINDOW}", file=sys.stderr)


def _stories(conn: sqlite3.Connection, window: dict, copies: int) -> None:
    present = {r[0]: r[1:] for r in conn.execute("SELECT external_id, id, title FROM documents")}
    story = position = 0
    for k in range(copies):
        suffix = f"-{k}" if k else ""
        for gold in window["stories"]:
            members = [present[i + suffix] for i in gold["ids"] if i + suffix in present]
            if not members:
                continue
            story += 1
            conn.execute(
                "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, 1, 0)",
                (story, members[0][1], members[0][0], WINDOW, WINDOW, len(members)),
            )
            for doc, _ in members:
                position += 1
                conn.execute(
                    "INSERT INTO story_documents VALUES (?, ?, ?, 1.0, NULL, '{}')",
                    (doc, story, position),
                )


def measure(db: Path, runs: int) -> list[float]:
    from veille.bulletin import build, render
    from veille.store import open_read

    times = []
    for _ in range(runs):
        conn = open_read(db)
        start = time.perf_counter()
        data = build(conn, WINDOW)
        page = render(data, "html")
        times.append(time.perf_counter() - start)
        conn.close()
    size = f"{len(page) / 1e3:.0f} kB of HTML"
    print(f"{data['documents']} articles, {data['stories']} stories, {size}", file=sys.stderr)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/bulletin-bench"))
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    window = _window(args.gold)
    base = ingest_base(args.work, window)
    day = args.work / f"day{args.articles}.db"
    if not day.exists():
        make_day(base, day, window, args.articles)
    times = measure(day, args.runs)
    print(
        f"bulletin of {args.articles} articles: best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s over {len(times)} runs"
    )


if __name__ == "__main__":
    main()
