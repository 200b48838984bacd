"""Shared fixtures: one pipeline per test session, the example bulletin, the gold dev set, and
for the quotes tests an ``analyze`` function (text to quotes) and ``by_content`` (the one
quote whose content starts with given words)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEV_GOLD = ROOT.parent / "shared" / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from veille.pipeline import get_nlp

    return get_nlp()


@pytest.fixture(scope="session")
def alep_text() -> str:
    return (EXAMPLES / "alep.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def alep(alep_text, nlp):
    import veille

    return veille.analyze(alep_text, date="2016-12-23")


@pytest.fixture(scope="session")
def dev_gold() -> list[dict]:
    if not DEV_GOLD.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    return [json.loads(line) for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def analyze(nlp):
    """Text to its quotes, with the session pipeline."""
    import veille

    def run(text: str):
        return veille.analyze(text).quotes

    return run


def _by_content(quotes, start: str):
    found = [q for q in quotes if q.content.startswith(start)]
    assert len(found) == 1, [(q.type, q.content, q.speaker and q.speaker.name) for q in quotes]
    return found[0]


@pytest.fixture(scope="session")
def by_content():
    """The one quote whose content starts with ``start`` (fails listing them all otherwise)."""
    return _by_content
