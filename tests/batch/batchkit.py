"""Paths for the batch tests."""

from __future__ import annotations

from pathlib import Path

# shared/ beside the project (CI), or beside the folder of worktrees
_ROOT = Path(__file__).resolve().parents[2]
SRC = _ROOT / "src"
DEV_GOLD = (
    next(
        (p for p in (_ROOT.parent, _ROOT.parent.parent) if (p / "shared/eval/dev.jsonl").exists()),
        _ROOT.parent,
    )
    / "shared/eval/dev.jsonl"
)
