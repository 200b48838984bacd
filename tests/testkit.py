"""What test modules in several folders share: paths, the CLI runners, files of the example.

``tests/`` is on ``sys.path`` through its ``conftest.py`` (pytest's default import mode), so any
test module, at any depth, imports this one as ``testkit``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab
from typer.testing import CliRunner

from veille.cli import app

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the project
DATA = TESTS / "data"
ALEP_TEXT = (ROOT / "examples" / "alep.txt").read_text(encoding="utf-8")
ALEP_LINES = ALEP_TEXT.splitlines()

runner = CliRunner()


def cli(*args: object):
    """``veille ARGS`` in this process (typer's runner)."""
    return runner.invoke(app, [str(a) for a in args])


def cli_json(*args: object):
    """The parsed output of ``veille ARGS --json``, which must succeed."""
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def run_cli(*args: object, **kwargs) -> subprocess.CompletedProcess:
    """``veille ARGS`` in a new process (``python -m veille.cli``)."""
    return subprocess.run(
        [sys.executable, "-m", "veille.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        **kwargs,
    )


def write_texts(folder: Path, *names: str) -> list[Path]:
    """One line of the Alep bulletin per file."""
    paths = []
    for name, line in zip(names, ALEP_LINES, strict=False):
        (folder / name).write_text(line + "\n", encoding="utf-8")
        paths.append(folder / name)
    return paths


_VOCAB = Vocab()


def parsed(*rows: tuple[str, int, str, str, str, str]) -> Doc:
    """A Doc as the parser gives it, built by hand for tests that need no model: one token per
    row, ``(word, head, dep, pos, lemma, morph)``, heads as token indices (UD French labels);
    no space after a word ending in an apostrophe."""
    words = [r[0] for r in rows]
    return Doc(
        _VOCAB,
        words=words,
        spaces=[not w.endswith("'") for w in words],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        morphs=[r[5] for r in rows],
    )
