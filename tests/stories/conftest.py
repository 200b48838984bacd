"""Real French articles of the shared story gold file, analysed once per session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# beside the shared dev set (as CI lays it out), or beside where $VEILLE_DEV_GOLD says it is
_DEV = Path(os.environ.get("VEILLE_DEV_GOLD") or ROOT.parent / "shared" / "eval" / "dev.jsonl")
STORIES_GOLD = _DEV.parent / "stories-dev.jsonl"


@pytest.fixture(scope="session")
def story_windows() -> list[dict]:
    if not STORIES_GOLD.exists():
        pytest.skip("shared/eval/stories-dev.jsonl is not beside the project")
    lines = STORIES_GOLD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def story_docs(story_windows) -> dict[str, dict]:
    """Every article of the story gold file by id."""
    return {d["id"]: d for w in story_windows for d in w["docs"]}


@pytest.fixture(scope="session")
def story_features(nlp):
    """``(record, date=None) -> Features`` of a record ``{id, title, date, text}``, analysed
    as ingest does (the text, dated; the title as metadata)."""
    import veille
    from veille.stories import StoryInput, features

    cache: dict[tuple[str, str | None], object] = {}

    def run(record: dict, date: str | None = None):
        date = date or record.get("date")
        key = (record["text"], date)
        if key not in cache:
            dispatch = veille.analyze(record["text"], date=date)
            doc = StoryInput(record["id"], date, record.get("title"), None, dispatch)
            cache[key] = features(doc)
        return cache[key]

    return run


@pytest.fixture(scope="session")
def dev_records() -> dict[str, dict]:
    """The records of the shared dev.jsonl by id."""
    if not _DEV.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    lines = _DEV.read_text(encoding="utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, filter(None, lines))}
