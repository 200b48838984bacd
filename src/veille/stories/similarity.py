"""A document as one weighted, unit-length vector over its words, entities, places and
events, and a story as the sum of its documents' vectors.

A word weighs (1 + log count) × idf; an entity by the idf of its rarest name word raised to
``SPECIFICITY`` (as a share of the idf of a word never seen, so a rare name keeps its weight
and a name in every article, Macron, France, weighs less than its word would), times
``entity_weight``; a place (below country level) half the weight of a word never seen, a
country the weight of the commonest word, times ``place_weight``; the event keys the weight
of a word never seen, times ``event_weight``, shared among them (divided by the square root of
their number: a document of fifteen events, none of them found in another document, is not
drowned by them). A document's similarity to a story is the
cosine of its vector with the story's sum: close to its mean similarity to the members,
as average linkage.
"""

from __future__ import annotations

import math
from functools import lru_cache

from veille.stories.lexicon import idf, max_idf
from veille.stories.settings import StorySettings
from veille.stories.summary import Features

Vector = dict[str, float]
SPECIFICITY = 1.5


@lru_cache(maxsize=1 << 16)
def _name_idf(key: str) -> float:
    name = key.split(":", 1)[1]
    top = max_idf()
    rarest = max((idf(w) for w in name.split() if len(w) > 2), default=top)
    return top * (rarest / top) ** SPECIFICITY


def vector(f: Features, s: StorySettings) -> Vector:
    """The unit vector of a document (keys prefixed by kind: ``w`` ``e`` ``p`` ``v``)."""
    top = max_idf()
    v: Vector = {}
    for term, n in f.terms:
        v["w" + term] = (1 + math.log(n)) * idf(term)
    for key, n in f.entities:
        v["e" + key] = (1 + math.log(n)) * _name_idf(key) * s.entity_weight
    for key, n in f.places:
        base = 1.0 if key.startswith("c:") else top / 2
        v["p" + key] = (1 + math.log(n)) * base * s.place_weight
    per_event = top * s.event_weight / math.sqrt(max(1, len(f.events)))
    for key in f.events:
        v["v" + key] = per_event
    norm = math.sqrt(sum(w * w for w in v.values()))
    return {k: w / norm for k, w in v.items()} if norm else v


def top_keys(v: Vector, n: int) -> list[str]:
    """The ``n`` heaviest keys of a vector (ties by key): what finds its candidates."""
    return [k for k, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


class Centroid:
    """The sum of the unit vectors of a story's documents, with its squared norm."""

    __slots__ = ("norm2", "sums")

    def __init__(self) -> None:
        self.sums: Vector = {}
        self.norm2 = 0.0

    def add(self, v: Vector) -> None:
        dot = self.dot(v)
        self.norm2 += 2 * dot + sum(w * w for w in v.values())
        for k, w in v.items():
            self.sums[k] = self.sums.get(k, 0.0) + w

    def dot(self, v: Vector) -> float:
        sums = self.sums
        return sum([w * sums[k] for k, w in v.items() if k in sums])

    def cosine(self, v: Vector) -> float:
        return min(1.0, self.dot(v) / math.sqrt(self.norm2)) if self.norm2 > 0 else 0.0
