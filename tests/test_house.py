"""The house rules that ruff cannot check: every function in ``src/`` fits on a screen.

Complexity (C901, at most 15) and statements (PLR0915, at most 50) are ruff's, configured in
``pyproject.toml`` and run by ``.ci/run``; ruff has no rule for a function's length in lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "veille"
MAX_LINES = 80


def long_functions(root: Path, limit: int) -> list[str]:
    """``path:line name (n lines)`` for every function under ``root`` longer than ``limit``
    lines, decorators excluded, docstring included."""
    out = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    out.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({n} lines)")
    return out


def test_no_function_in_src_is_longer_than_80_lines():
    assert long_functions(SRC, MAX_LINES) == []


def test_long_functions_finds_a_long_function(tmp_path: Path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "m.py").write_text(f"def short():\n    return 1\n\n\ndef long():\n{body}\n")
    assert long_functions(tmp_path, MAX_LINES) == [f"m.py:5 long ({MAX_LINES + 1} lines)"]


@pytest.mark.parametrize("rule", ["C901", "PLR0915"])
def test_ruff_enforces_complexity_and_statements(rule: str):
    import tomllib

    config = tomllib.loads((SRC.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    assert rule in lint["select"]
    assert lint["mccabe"]["max-complexity"] == 15
    assert lint["pylint"]["max-statements"] == 50
