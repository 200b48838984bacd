"""One dataset written by ``veille batch`` on a local Dask cluster of 2 worker processes
(the dev set, and dispatches reporting the same events), and beside it the SQLite store of
the same documents analysed by ``analyze_many`` in this process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from batchkit import DEV_GOLD

from testkit import DATA


@dataclass
class Corpus:
    inputs: list[str]
    dataset: Path
    db: Path
    report: object
    n: int  # documents


def reference_store(inputs: list[str], db: Path) -> int:
    """``inputs`` analysed by ``analyze_many`` in this process, stored in ``db`` in input
    order: what ``veille ingest`` would store."""
    from veille.batch.inputs import read_inputs
    from veille.ingest import RawDocument
    from veille.ingest.corpus import pipeline_version
    from veille.pipeline import analyze_many
    from veille.store import connect
    from veille.store.writer import StoredDocument, write_batch

    docs = [d for d in read_inputs(inputs) if isinstance(d, RawDocument)]
    dispatches = analyze_many([d.text for d in docs], dates=[d.meta.get("date") for d in docs])
    version = pipeline_version()
    stored = [StoredDocument(x, d.meta, version) for d, x in zip(docs, dispatches, strict=True)]
    conn = connect(db)
    write_batch(conn, stored)
    conn.close()
    return len(stored)


@pytest.fixture(scope="session")
def corpus(nlp, tmp_path_factory) -> Corpus:
    from veille.batch import run_batch

    if not DEV_GOLD.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    tmp = tmp_path_factory.mktemp("batch")
    inputs = [str(DEV_GOLD), str(DATA / "events")]
    report = run_batch(inputs, tmp / "dataset", workers=2, partition_size=20)
    n = reference_store(inputs, tmp / "reference.db")
    return Corpus(inputs, tmp / "dataset", tmp / "reference.db", report, n)
