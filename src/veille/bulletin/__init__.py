"""The daily bulletin (issue 16): the day's stories ranked, each summarised with sentences
of its articles, who said what, its events and places; a section per region of the world;
the day's most quoted people. :func:`build` gathers it from the store, :func:`render`
writes it as one self-contained HTML file or Markdown."""

from veille.bulletin.build import build
from veille.bulletin.render import FORMATS, render

__all__ = ["FORMATS", "build", "render"]
