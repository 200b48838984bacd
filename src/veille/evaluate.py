"""Kept for imports of ``veille.evaluate``: the evaluation lives in :mod:`veille.evaluation`."""

from veille.evaluation import *  # noqa: F403
from veille.evaluation import __all__  # noqa: F401
