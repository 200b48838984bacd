"""Snapshot veille's analysis of the evaluation documents, and compare two snapshots.

Used to check that a change which should not alter what veille computes (a speed-up, a
refactoring) leaves the analysis JSON of every document byte-identical.

Snapshot (one JSON line per document: ``{"file", "id", "analysis"}``)::

    python benchmarks/compare_analyses.py snapshot /tmp/snap-before.jsonl
    PYTHONPATH=/tmp/veille-base/src python benchmarks/compare_analyses.py snapshot /tmp/a.jsonl

Compare (prints the documents that differ and the first differing key path; exit code 1 when
any document differs or is missing)::

    python benchmarks/compare_analyses.py compare /tmp/snap-before.jsonl /tmp/snap-after.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DEFAULT_CORPORA = ("/work/shared/eval/dev.jsonl", "/work/shared/eval/check.jsonl")


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def snapshot(out: Path, corpora: list[str]) -> int:
    """Analyse every record of ``corpora`` and write one line per document to ``out``."""
    import veille

    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for corpus in corpora:
            for rec in _records(Path(corpus)):
                analysis = veille.analyze(rec["text"], date=rec.get("date")).to_dict()
                line = {"file": Path(corpus).name, "id": rec["id"], "analysis": analysis}
                fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
    print(f"{n} documents analysed with veille from {veille.__file__} -> {out}")
    return 0


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The first key path where ``a`` and ``b`` differ, or None when they are equal."""
    if type(a) is not type(b):
        return f"{path or '/'} (type {type(a).__name__} != {type(b).__name__})"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{path}/{key} (missing on {'left' if key not in a else 'right'})"
            diff = first_difference(a[key], b[key], f"{path}/{key}")
            if diff:
                return diff
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            diff = first_difference(x, y, f"{path}[{i}]")
            if diff:
                return diff
        if len(a) != len(b):
            return f"{path} (length {len(a)} != {len(b)})"
        return None
    if a != b:
        return f"{path or '/'} ({a!r} != {b!r})"
    return None


def compare(left: Path, right: Path) -> int:
    """Print the documents whose analysis differs between two snapshots; 1 if any does."""
    raw_a = {(r["file"], r["id"]): r for r in _records(left)}
    raw_b = {(r["file"], r["id"]): r for r in _records(right)}
    lines_a = {k: json.dumps(v, ensure_ascii=False, sort_keys=True) for k, v in raw_a.items()}
    lines_b = {k: json.dumps(v, ensure_ascii=False, sort_keys=True) for k, v in raw_b.items()}
    same = 0
    bad = 0
    for key in sorted(set(lines_a) | set(lines_b)):
        if key not in lines_a or key not in lines_b:
            print(f"{key[0]} {key[1]}: only in {'right' if key not in lines_a else 'left'}")
            bad += 1
        elif lines_a[key] == lines_b[key]:
            same += 1
        else:
            diff = first_difference(raw_a[key]["analysis"], raw_b[key]["analysis"])
            print(f"{key[0]} {key[1]}: differs at {diff}")
            bad += 1
    print(f"{same + bad} documents compared, {same} identical, {bad} different or missing")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    snap = sub.add_parser("snapshot", help="analyse the corpora and write a snapshot")
    snap.add_argument("out", type=Path)
    snap.add_argument("--corpus", action="append", help="JSONL corpora (default: dev, check)")
    cmp_ = sub.add_parser("compare", help="compare two snapshots")
    cmp_.add_argument("left", type=Path)
    cmp_.add_argument("right", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "snapshot":
        return snapshot(args.out, args.corpus or list(DEFAULT_CORPORA))
    return compare(args.left, args.right)


if __name__ == "__main__":
    sys.exit(main())
