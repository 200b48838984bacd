"""What every task adds up over documents, and the ratios made from it.

- **Undefined ratios**: precision is None without predictions, recall None without gold, F1
  None when both are empty and 0.0 when only one side is (0 predictions for gold > 0 → 0.0).
  Accuracies are None when there is nothing to score.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Counts:
    """A task's counts (dataclass fields: ints, or dicts of ints by type), summed over documents."""

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(value, int):
                setattr(self, name, mine + value)
            else:
                for key, v in value.items():
                    mine[key] = mine.get(key, 0) + v


def tally(counter: dict[Any, int], keys: Iterable[Any]) -> None:
    """Add one to ``counter`` for each key."""
    for key in keys:
        counter[key] = counter.get(key, 0) + 1


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | None]:
    """Precision, recall and F1."""
    precision = tp / n_pred if n_pred else None
    recall = tp / n_gold if n_gold else None
    return {"precision": precision, "recall": recall, "f1": f1(precision, recall, n_pred, n_gold)}


def f1(precision: float | None, recall: float | None, n_pred: int, n_gold: int) -> float | None:
    if not n_pred and not n_gold:
        return None
    if precision is None or recall is None or precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None
