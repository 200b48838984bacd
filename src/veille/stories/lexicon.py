"""The word data of story clustering: stop words and the document-frequency table."""

from __future__ import annotations

import math
from functools import cache, lru_cache

from veille.lexicon import read_table


@cache
def stopwords() -> frozenset[str]:
    """Words that tell no story from another (``stories_stopwords.tsv``), folded."""
    return frozenset(row["word"] for row in read_table("stories_stopwords.tsv"))


@cache
def _df() -> tuple[int, dict[str, int]]:
    rows = read_table("stories_df.tsv")
    table = {row["term"]: int(row["df"]) for row in rows}
    total = table.pop("_docs")
    return total, table


@lru_cache(maxsize=1 << 16)
def idf(term: str) -> float:
    """Smoothed inverse document frequency of a folded word in French news (the table
    ``stories_df.tsv``, built by ``benchmarks/stories_df.py``); a word the table does not
    hold is as rare as its rarest (the row ``_rare``)."""
    total, table = _df()
    return math.log((total + 1) / (table.get(term, table.get("_rare", 0)) + 1)) + 1.0


def max_idf() -> float:
    """The idf of a word the table does not hold."""
    return idf("_rare")
