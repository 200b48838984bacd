"""The settings of story clustering (``[stories]`` in a config file)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StorySettings:
    """How documents are grouped into stories.

    ``dormant_days``: a story with no new document for more than this many days is dormant,
    no longer a candidate (its index entries are dropped). ``threshold``: the least similarity
    (cosine of the weighted feature vectors, see :mod:`veille.stories.similarity`) for a
    document to join a story. ``entity_weight``, ``place_weight``, ``event_weight``: the weight
    of a shared entity, place, event key against a word of the same rarity. ``decay`` and
    ``size_boost``: a story's similarity is multiplied by exp(-decay × the days since its
    latest document) (close in time, more likely the same story) and by 1 + size_boost ×
    ln(its documents) (a story many articles tell takes a follow-up that shares only its
    core; this also makes the best threshold much less sharp). ``duplicate``: the least
    estimated Jaccard similarity of word shingles for a near-duplicate. ``candidates``: how
    many of a document's heaviest features find its candidate stories in the index.

    The defaults are those of the best B-cubed + pairwise F1 on ``stories-dev.jsonl`` (0.225, with
    the decays 0 and 0.1 tied), with the idf of general French frequencies
    (``stories_df.tsv``: no word of the dev windows counted) and an event's weight shared among
    the document's events (``python benchmarks/stories_tune.py
    ../shared/eval/stories-dev.jsonl --weights``).
    """

    dormant_days: int = 3
    threshold: float = 0.225
    entity_weight: float = 1.0
    place_weight: float = 1.0
    event_weight: float = 1.0
    decay: float = 0.1
    size_boost: float = 0.2
    duplicate: float = 0.7
    candidates: int = 12
