"""Documents per second of ``veille batch`` on 1 and 2 Dask workers, beside ``veille ingest
--workers 1/2`` and the bare spaCy model, on the same documents, one run each (issue 15).

    python benchmarks/batch_bench.py ../shared/eval/dev.jsonl --n 500 [--json out.json]

The corpus is cycled to ``--n`` documents, each copy made unique by a reference line at its
end (ingest and batch analyse a repeated text once). Two rates per run: ``steady`` once the
model is loaded (ingest: from its first result; batch: from the moment every worker has
loaded the model) and ``overall`` (start-up included). Bare spaCy: ``nlp.pipe`` in this
process, the model loaded beforehand. Partitions of 50 documents, so that 2 workers share
the 500.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def corpus(path: Path, n: int, out: Path) -> list[dict]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    docs = []
    for i in range(n):
        r = records[i % len(records)]
        text = r["text"] + ("" if i < len(records) else f"\n\n(Réf. {i})")
        docs.append({"text": text, **({"date": r["date"]} if r.get("date") else {})})
    out.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n")
    return docs


def bare_spacy(texts: list[str], model: str) -> dict:
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    seconds = time.perf_counter() - started
    return {"run": "bare spaCy, 1 process", "docs": len(texts), "steady": len(texts) / seconds}


def ingest(path: Path, workers: int, tmp: Path) -> dict:
    from veille.ingest.corpus import ingest as run

    r = run([path], tmp / f"ingest{workers}.db", workers=workers)
    busy = r.seconds - r.startup_seconds
    return {
        "run": f"veille ingest --workers {workers}",
        "docs": r.analysed,
        "steady": r.analysed / busy,
        "overall": r.rate,
    }


def batch(path: Path, workers: int, tmp: Path) -> dict:
    from veille.batch import run_batch

    r = run_batch([str(path)], tmp / f"dataset{workers}", workers=workers, partition_size=50)
    return {
        "run": f"veille batch --workers {workers} (Dask)",
        "docs": r.documents,
        "steady": r.steady_rate,
        "overall": r.rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from veille.settings import Settings

    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        path = tmp / "corpus.jsonl"
        docs = corpus(args.corpus, args.n, path)
        runs = [bare_spacy([d["text"] for d in docs], Settings().model)]
        for workers in (1, 2):
            runs.append(ingest(path, workers, tmp))
        for workers in (1, 2):
            runs.append(batch(path, workers, tmp))
    result = {
        "docs": args.n,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "runs": runs,
        "batch_2_over_1": runs[4]["steady"] / runs[3]["steady"],
    }
    for r in runs:
        overall = f"{r['overall']:6.1f}" if "overall" in r else "     -"
        print(f"{r['run']:<36} {r['docs']:>5} docs  {r['steady']:6.1f} docs/s  ({overall} overall)")
    print(f"batch, 2 workers over 1: x{result['batch_2_over_1']:.2f}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
