"""What test modules in several folders share: paths, the CLI runners, files of the example.

``tests/`` is on ``sys.path`` through its ``conftest.py`` (pytest's default import mode), so any
test module, at any depth, imports this one as ``testkit``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
