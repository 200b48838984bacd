"""Stories: every document belongs to one story, assigned online in date order.

:func:`features` summarises an analysed document (:class:`StoryInput`) as :class:`Features`
(JSON, stored with its assignment); :class:`Clusterer` assigns each new document to the most
similar active story or starts a new one (:class:`Assignment`), and :meth:`Clusterer.restore`
rebuilds its state from the stored members, so online == restart + continue == rebuild.
"""

from __future__ import annotations

from veille.stories.clusterer import Assignment, Clusterer
from veille.stories.settings import StorySettings
from veille.stories.summary import Features, StoryInput, features

__all__ = ["Assignment", "Clusterer", "Features", "StoryInput", "StorySettings", "features"]
