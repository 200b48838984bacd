"""Online story assignment: documents per second on one core and memory against active
stories, on synthetic-date documents built from the dev sets (issue 16).

    python benchmarks/stories_bench.py /work/shared/eval/stories-dev.jsonl \\
        /work/shared/eval/dev.jsonl /work/shared/eval/check.jsonl --n 100000 [--json out.json]

Every document of the files (story gold windows or plain gold records) is analysed once and
its :class:`~veille.stories.Features` computed once (not timed). They are then replicated:
copy ``r`` (one per ``per_day`` documents, one synthetic day each) has its date shifted to day
``r``, its word, entity, place and event keys suffixed with ``#r`` and its MinHash values
masked with a hash of ``r``, so each day is a new day of news (its own stories, near-duplicates
only among its own documents) and stories go dormant. Only ``Clusterer.add`` is timed. Every
``--every`` documents: the rate so far, the active stories, the index size and the process's
resident memory, which stays flat when memory is bounded by the active stories.
``--features F`` keeps the analysed features in ``F`` (read back on the next run).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

from veille.stories import Clusterer, Features, StoryInput, StorySettings, features


def _records(path: str) -> list[dict]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            out += record.get("docs", [record])
    return out


def base_features(paths: list[str]) -> list[Features]:
    from veille import analyze_many

    records = [r for p in paths for r in _records(p)]
    dispatches = analyze_many([r["text"] for r in records], dates=[r.get("date") for r in records])
    return [
        features(StoryInput(str(i), r.get("date"), r.get("title"), None, d))
        for i, (r, d) in enumerate(zip(records, dispatches, strict=True))
    ]


def _mask(r: int) -> int:
    return int.from_bytes(hashlib.sha256(str(r).encode()).digest()[:4], "big")


def replica(f: Features, r: int, start: dt.date) -> Features:
    """Copy ``r`` of a document: day ``r``, its keys its own, its MinHash masked."""
    tag, mask = f"#{r}", _mask(r)
    return dataclasses.replace(
        f,
        date=(start + dt.timedelta(days=r)).isoformat(),
        terms=tuple((k + tag, n) for k, n in f.terms),
        entities=tuple((k + tag, n) for k, n in f.entities),
        places=tuple((k + tag, n) for k, n in f.places),
        events=tuple(k + tag for k in f.events),
        minhash=tuple(v ^ mask for v in f.minhash),
    )


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(base: list[Features], n: int, every: int, settings: StorySettings) -> dict:
    start = dt.date(2020, 1, 1)
    clusterer = Clusterer(settings)
    per_day = len(base)
    elapsed, rows, stories, dups = 0.0, [], 0, 0
    for r in range(0, (n + per_day - 1) // per_day):
        batch = [replica(f, r, start) for f in base[: n - r * per_day]]
        t0 = time.perf_counter()
        for i, f in enumerate(batch):
            a = clusterer.add(f"{r}/{i}", f)
            stories += a.new
            dups += a.duplicate_of is not None
        elapsed += time.perf_counter() - t0
        done = r * per_day + len(batch)
        if done // every != (done - len(batch)) // every or done == n:
            rows.append(
                {
                    "documents": done,
                    "docs_per_s": round(done / elapsed, 1),
                    "active_stories": clusterer.active(),
                    "index_keys": len(clusterer._index),
                    "rss_mb": round(rss_mb(), 1),
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    return {
        "documents": n,
        "documents_per_day": per_day,
        "seconds": round(elapsed, 2),
        "docs_per_s": round(n / elapsed, 1),
        "stories": stories,
        "duplicates": dups,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "progress": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--features", type=Path, help="read/write the analysed features here")
    args = parser.parse_args()
    t0 = time.perf_counter()
    if args.features and args.features.exists():
        lines = args.features.read_text(encoding="utf-8").splitlines()
        base = [Features.from_json(line) for line in lines]
    else:
        base = base_features(args.gold)
        if args.features:
            args.features.write_text("".join(f.to_json() + "\n" for f in base), encoding="utf-8")
    print(f"{len(base)} documents analysed in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    result = {"base_documents": len(base), **run(base, args.n, args.every, StorySettings())}
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
