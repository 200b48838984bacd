"""The online story clusterer: each new document joins the most similar active story or
starts a new one.

Candidates come from an inverted index (a document's heaviest feature keys → the active
stories holding them), so the cost of a document is bounded by its candidates, not by the
corpus; a candidate's similarity fades with the days since its latest document (``decay``)
and grows with the log of its size (``size_boost``: an established story takes a follow-up
that shares only its core);
a story with no new document for more than ``dormant_days`` is dropped from the index, the
near-duplicate index and memory. A near-duplicate of an active document joins
that document's story. Everything is a function of the documents added and their order:
:meth:`Clusterer.restore` replays stored members into the same state.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from veille.stories.minhash import Duplicates
from veille.stories.settings import StorySettings
from veille.stories.similarity import Centroid, Vector, top_keys, vector
from veille.stories.summary import Features


@dataclass(frozen=True)
class Assignment:
    key: str  # the document
    story: int  # story id (1, 2, 3… in order of creation)
    new: bool  # True when this document started the story
    similarity: float  # to the story it joined (1.0 when new)
    duplicate_of: str | None = None  # the earlier near-duplicate in the same story


@dataclass
class _Story:
    last: int  # day ordinal of its latest document
    centroid: Centroid = field(default_factory=Centroid)
    members: list[str] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # its index entries


def _day(date: str | None) -> int | None:
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10]).toordinal()
    except ValueError:
        return None


class Clusterer:
    """Online, deterministic: the same documents in the same order give the same stories."""

    def __init__(self, settings: StorySettings | None = None, next_id: int = 1) -> None:
        self.settings = settings or StorySettings()
        self._next = next_id
        self._stories: OrderedDict[int, _Story] = OrderedDict()  # least recently joined first
        self._index: dict[str, set[int]] = {}
        self._story_of: dict[str, int] = {}
        self._dups = Duplicates(self.settings.duplicate)
        self._clock: int | None = None
        self._position = 0

    def active(self) -> int:
        """The number of active stories (memory is bounded by these)."""
        return len(self._stories)

    def add(self, key: str, f: Features) -> Assignment:
        """Assign one new document (documents come in date order)."""
        day = self._tick(f.date)
        self._evict()
        v = vector(f, self.settings)
        top = top_keys(v, self.settings.candidates)
        dup = self._dups.find(f.minhash)
        if dup is not None:
            sid = self._story_of[dup]
            sim = self._stories[sid].centroid.cosine(v)
        else:
            sid, sim = self._best(v, top)
        new = sid is None or (dup is None and sim < self.settings.threshold)
        if new:
            sid, sim = self._next, 1.0
        assert sid is not None
        self._join(sid, key, f, v, top, day)
        return Assignment(key=key, story=sid, new=new, similarity=sim, duplicate_of=dup)

    def restore(self, members: Iterable[tuple[int, str, Features]]) -> None:
        """Rebuild the active state from stored members (story id, key, features), in their
        original assignment order: the members of the stories that may still be active
        (those seen within ``dormant_days`` of the latest date; any more are dropped here as
        :meth:`add` would have). New stories are numbered from ``next_id`` given to the
        constructor (the store's highest story id + 1: dormant stories keep their ids) or
        after the highest restored id."""
        for sid, key, f in members:
            day = self._tick(f.date)
            v = vector(f, self.settings)
            self._join(sid, key, f, v, top_keys(v, self.settings.candidates), day)
        self._evict()

    def _tick(self, date: str | None) -> int | None:
        day = _day(date)
        if day is None:
            return self._clock
        if self._clock is None or day > self._clock:
            self._clock = day
        return day

    def _best(self, v: Vector, top: list[str]) -> tuple[int | None, float]:
        found: set[int] = set()
        for k in top:
            found |= self._index.get(k, set())
        best, best_sim = None, -1.0
        now, decay, boost = self._clock or 0, self.settings.decay, self.settings.size_boost
        for sid in sorted(found):
            story = self._stories[sid]
            sim = story.centroid.cosine(v) * math.exp(-decay * (now - story.last))
            sim *= 1 + boost * math.log(len(story.members))
            if sim > best_sim:
                best, best_sim = sid, sim
        return best, min(1.0, best_sim)

    def _join(
        self, sid: int, key: str, f: Features, v: Vector, top: list[str], day: int | None
    ) -> None:
        story = self._stories.get(sid)
        if story is None:
            story = self._stories[sid] = _Story(last=day if day is not None else 0)
            self._next = max(self._next, sid + 1)
        elif day is not None and day > story.last:
            story.last = day
        self._stories.move_to_end(sid)
        story.centroid.add(v)
        story.members.append(key)
        for k in top:
            if k not in story.keys:
                story.keys.add(k)
                self._index.setdefault(k, set()).add(sid)
        self._story_of[key] = sid
        self._dups.add(key, f.minhash, self._position)
        self._position += 1

    def _evict(self) -> None:
        """Drop the stories dormant as of the clock."""
        if self._clock is None:
            return
        horizon = self._clock - self.settings.dormant_days
        while self._stories:
            sid, story = next(iter(self._stories.items()))
            if story.last >= horizon:
                break
            del self._stories[sid]
            for k in story.keys:
                postings = self._index[k]
                postings.discard(sid)
                if not postings:
                    del self._index[k]
            for key in story.members:
                self._story_of.pop(key, None)
                self._dups.remove(key)
