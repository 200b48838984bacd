"""The bulletin written out: one self-contained HTML file (inline CSS, the world map inline
once and each story's map a view of it, no script, no request of any kind) or Markdown.
Jinja templates in ``bulletin/templates``; HTML autoescaped, Markdown through :func:`md`
(every character Markdown reads as syntax escaped), so an article's title is text."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2

from veille.web import geo

FORMATS = ("html", "md")
_MD_SYNTAX = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: Any) -> str:
    """``text`` for Markdown: its syntax characters escaped, on one line."""
    return _MD_SYNTAX.sub(r"\\\1", " ".join(str(text or "").split()))


@cache
def _env(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(files("veille.bulletin").joinpath("templates"))),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md
    env.filters["plural"] = lambda n, word: f"{n} {word}{'s' if (n or 0) > 1 else ''}"
    env.globals["french_date"] = french_date
    return env


def french_date(day: str) -> str:
    """``2019-04-16`` as ``mardi 16 avril 2019`` (CLDR, by Babel); the first of the month as
    French writes it, ``mercredi 1er janvier 2020`` (CLDR has no ordinal day)."""
    from datetime import date

    from babel.dates import format_date

    d = date.fromisoformat(day)
    if d.day == 1:
        return format_date(d, format="EEEE '1er' MMMM y", locale="fr")
    return format_date(d, format="full", locale="fr")


def render(data: dict[str, Any], fmt: str = "html", *, links: bool = False) -> str:
    """The bulletin ``data`` of :func:`veille.bulletin.build` as ``fmt`` (html or md).
    ``links``: the articles and stories linked to the pages of ``veille serve``
    (``/documents/…``, ``/stories/…``); without, the file stands alone and each article is
    named by its id."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown bulletin format {fmt!r}: html or md")
    if fmt == "md":
        return _env(False).get_template("bulletin.md").render(b=data, links=links)
    world = geo.countries() if any(s["map"] for s in data["top"]) else []
    return (
        _env(True)
        .get_template("bulletin.html")
        .render(b=data, links=links, world=world, VIEWBOX=" ".join(f"{v:g}" for v in geo.VIEWBOX))
    )
