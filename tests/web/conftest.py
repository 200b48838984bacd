"""The web tests' corpus, built once per test session: the dev set ingested (with dates,
titles and sources) and three hostile documents; a TestClient on the app over it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from testkit import ROOT

# the shared dev set beside the project (as CI lays it), or where $VEILLE_DEV_GOLD says
DEV_GOLD = Path(os.environ.get("VEILLE_DEV_GOLD") or ROOT.parent / "shared" / "eval" / "dev.jsonl")


@pytest.fixture(scope="session")
def corpus_db(nlp, tmp_path_factory) -> Path:
    from veille.ingest.corpus import ingest
    from web.corpus import write_jsonl

    if not DEV_GOLD.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    tmp = tmp_path_factory.mktemp("web")
    records = write_jsonl(DEV_GOLD, tmp / "corpus.jsonl")
    db = tmp / "veille.db"
    report = ingest([records], db)
    assert report.failed == 0 and report.ingested >= 80, report
    return db


@pytest.fixture(scope="session")
def client(corpus_db):
    from fastapi.testclient import TestClient

    from veille.web.app import create_app

    with TestClient(create_app(corpus_db), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def analyze_client(corpus_db):
    from fastapi.testclient import TestClient

    from veille.web.app import create_app

    with TestClient(create_app(corpus_db, allow_analyze=True)) as c:
        yield c
