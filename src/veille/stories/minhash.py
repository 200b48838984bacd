"""Near-duplicates: MinHash signatures of word shingles (``datasketch``) and an LSH index
of the documents of the active stories."""

from __future__ import annotations

import re

from datasketch import LeanMinHash, MinHash, MinHashLSH

from veille.text.fold import plain

PERMUTATIONS = 64
SHINGLE = 4
_SEED = 1
_SCHEME = "affine32"  # datasketch 2: the hash scheme is part of a stored signature
_TOKEN = re.compile(r"\w+")


def signature(text: str) -> tuple[int, ...]:
    """The MinHash of the text's runs of ``SHINGLE`` folded words (all words kept)."""
    words = _TOKEN.findall(plain(text))
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=PERMUTATIONS, seed=_SEED, scheme=_SCHEME)
    m.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return tuple(int(v) for v in m.hashvalues)


class Duplicates:
    """The documents of the active stories in an LSH index: which earlier one a document
    nearly repeats."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
        self.hashes: dict[str, LeanMinHash] = {}
        self.order: dict[str, int] = {}

    def _hash(self, values: tuple[int, ...]) -> LeanMinHash | None:
        if len(values) != PERMUTATIONS:
            return None
        return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)

    def find(self, values: tuple[int, ...]) -> str | None:
        """The earliest indexed document at least ``threshold`` similar, or None."""
        m = self._hash(values)
        if m is None:
            return None
        found = [k for k in self.lsh.query(m) if self.hashes[k].jaccard(m) >= self.threshold]
        return min(found, key=self.order.__getitem__) if found else None

    def add(self, key: str, values: tuple[int, ...], position: int) -> None:
        m = self._hash(values)
        if m is None or key in self.hashes:
            return
        self.lsh.insert(key, m)
        self.hashes[key] = m
        self.order[key] = position

    def remove(self, key: str) -> None:
        if key in self.hashes:
            self.lsh.remove(key)
            del self.hashes[key]
            del self.order[key]
