"""Load benchmark of ``veille serve`` (issue 14): requests per second and p50/p95 latency for
``/api/quotes?speaker=…``, ``/api/search?q=…`` and a document page, on a corpus of 1,000
documents (the dev set repeated, each copy made distinct by a suffix line), while a
``veille ingest`` writes more documents into the same database. Loopback only; bounded in
requests and in seconds; it stops by itself.

    python benchmarks/web_load.py ../shared/eval/dev.jsonl --work /tmp/veille-load

The corpus is built once into WORK/corpus.db (kept for the next run; the ingest during the
load writes into a copy of it, WORK/run.db, made anew each run).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

SUFFIX = "\nCopie {n} pour la mesure de charge."


def _records(dev: Path, n: int, start: int = 0) -> list[dict]:
    base = [json.loads(x) for x in dev.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = []
    for i in range(start, start + n):
        gold = base[i % len(base)]
        copy = i // len(base)
        out.append(
            {
                "id": f"{gold['id']}-{copy}",
                "text": gold["text"] + SUFFIX.format(n=copy),
                "title": gold["text"].strip().splitlines()[0][:90],
                "date": f"2016-12-{1 + i % 28:02d}",
                "source": ("AFP", "Reuters", "Bulletin")[i % 3],
            }
        )
    return out


def _write(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _veille(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "veille.cli", *args], **kw)


def build(dev: Path, work: Path, n: int, workers: int) -> Path:
    db = work / "corpus.db"
    if db.exists():
        have = sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0]
        if have >= n:
            return db
    source = _write(_records(dev, n), work / "corpus.jsonl")
    print(f"building the corpus: {n:,} documents into {db} …", flush=True)
    started = time.monotonic()
    proc = _veille("ingest", str(source), "--db", str(db), "--workers", str(workers))
    if proc.wait() not in (0,):
        raise SystemExit("the corpus ingest failed")
    print(f"built in {time.monotonic() - started:.0f} s", flush=True)
    return db


class Client:
    """One keep-alive HTTP/1.1 connection over loopback (little client CPU, so the server
    is what is measured)."""

    def __init__(self, port: int):
        self.port = port

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def get(self, path: str) -> int:
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = chunked = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
            elif name.lower() == b"transfer-encoding":
                chunked = True
        if length is not None:
            await self.reader.readexactly(length)
        elif chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        return status


async def _worker(port, paths, deadline, budget, results):
    client = Client(port)
    await client.open()
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        name, path = random.choice(paths)
        started = time.perf_counter()
        status = await client.get(path)
        results.append((name, time.perf_counter() - started, status))
    client.writer.close()


async def load(port, paths, *, seconds, requests, concurrency) -> tuple[list, float]:
    results: list = []
    budget = [requests]
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(_worker(port, paths, deadline, budget, results) for _ in range(concurrency))
    )
    return results, time.monotonic() - started


def _targets(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    speakers = [
        r[0]
        for r in conn.execute(
            "SELECT speaker FROM quotes WHERE speaker_entity IS NOT NULL GROUP BY speaker "
            "ORDER BY count(*) DESC LIMIT 10"
        )
    ]
    docs = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY random() LIMIT 50")]
    words = ["Syrie", "président", "Alep", "manifestation", "ministre", "police", "accord"]
    paths = []
    for s in speakers:
        paths.append(("/api/quotes?speaker=…", "/api/quotes?speaker=" + quote(s.split()[-1])))
    for w in words:
        paths.append(("/api/search?q=…", "/api/search?q=" + quote(w)))
    for d in docs[:10]:
        paths.append(("/documents/{id}", "/documents/" + d))
    return paths


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("the server stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def _wait_writing(db: Path, before: int, ingest: subprocess.Popen, timeout: float = 300) -> None:
    """Until the ingest has committed its first batch (its model loaded, it is writing)."""
    deadline = time.monotonic() + timeout
    while _count(db) == before:
        if ingest.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("the ingest did not start writing")
        time.sleep(0.5)


def _report(results: list, elapsed: float, ingested: int) -> dict:
    table = {}
    for name in sorted({r[0] for r in results}):
        times = sorted(r[1] for r in results if r[0] == name)
        errors = sum(1 for r in results if r[0] == name and r[2] != 200)
        table[name] = {
            "requests": len(times),
            "rps": round(len(times) / elapsed, 1),
            "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
            "errors": errors,
        }
    times = sorted(r[1] for r in results)
    table["all"] = {
        "requests": len(results),
        "rps": round(len(results) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(times), 1),
        "p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
        "errors": sum(1 for r in results if r[2] != 200),
    }
    table["ingested_during_load"] = ingested
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dev", type=Path, help="the dev set (JSONL with text)")
    ap.add_argument("--work", type=Path, default=Path("/tmp/veille-load"))
    ap.add_argument("--documents", type=int, default=1000)
    ap.add_argument("--extra", type=int, default=400, help="documents to ingest during the load")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--requests", type=int, default=20_000)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--build-workers", type=int, default=2)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = build(args.dev, args.work, args.documents, args.build_workers)
    run_db = args.work / "run.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(run_db) + suffix).unlink(missing_ok=True)
    with sqlite3.connect(corpus) as src, sqlite3.connect(run_db) as dst:
        src.backup(dst)
    extra = _write(_records(args.dev, args.extra, start=args.documents), args.work / "extra.jsonl")
    server = _veille("serve", "--db", str(run_db), "--port", str(args.port))
    ingest = None
    try:
        _wait_port(args.port, server)
        paths = _targets(run_db)
        before = _count(run_db)
        ingest = _veille("ingest", str(extra), "--db", str(run_db), stdout=subprocess.DEVNULL)
        _wait_writing(run_db, before, ingest)  # the load starts once the ingest commits
        during = _count(run_db)
        results, elapsed = asyncio.run(
            load(
                args.port,
                paths,
                seconds=args.seconds,
                requests=args.requests,
                concurrency=args.concurrency,
            )
        )
        ingested = _count(run_db) - during  # committed while the load ran
        still_writing = ingest.poll() is None
    finally:
        for proc in (ingest, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    report = _report(results, elapsed, ingested)
    report["ingest_still_running_at_the_end"] = still_writing
    report["seconds"] = round(elapsed, 1)
    report["documents_at_start"] = during
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
