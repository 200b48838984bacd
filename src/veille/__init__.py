"""veille: French news dispatches to structured knowledge.

>>> import veille
>>> d = veille.analyze(text, date="2016-12-23")   # doctest: +SKIP
>>> d.to_dict()["entities"][0]["name"]             # doctest: +SKIP
'Vladimir Poutine'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from veille.model import SCHEMA_VERSION, Dispatch

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "Dispatch", "__version__", "analyze", "analyze_many", "load"]


def analyze(text: str, *, date: str | None = None) -> Dispatch:
    """Analyse one French dispatch; ``date`` is its publication date (YYYY-MM-DD)."""
    from veille.pipeline import analyze as _analyze

    return _analyze(text, date=date)


def analyze_many(
    texts: Iterable[str], *, dates: Iterable[str | None] | None = None, n_process: int = 1
) -> Iterator[Dispatch]:
    """Analyse many dispatches, streaming, in input order."""
    from veille.pipeline import analyze_many as _analyze_many

    return _analyze_many(texts, dates=dates, n_process=n_process)


def load(source: str | Path | dict[str, Any]) -> Dispatch:
    """A :class:`Dispatch` from its JSON: a dict, a JSON string, or a path to a ``.json`` file."""
    if isinstance(source, dict):
        data = source
    elif isinstance(source, Path) or not str(source).lstrip().startswith("{"):
        data = json.loads(Path(source).read_text(encoding="utf-8"))
    else:
        data = json.loads(source)
    return Dispatch.from_dict(data)
