"""Knowledge as data: the lexicon files shipped in this folder and their loaders.

Every data file is UTF-8 TSV. Lines starting with ``#`` are comments: the header comment of
each file says what it holds, its source and its licence. The first non-comment line names
the columns. Loaders validate at load time and raise :class:`LexiconError` naming the file
and line, so a bad one-line data change fails loudly in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources


class LexiconError(ValueError):
    """A lexicon data file is malformed."""


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``veille/lexicon/<name>`` as dicts keyed by the header's column names.

    Empty trailing columns read as ``""``. Rows with more cells than the header are an error.
    """
    return tuple(_rows(name))


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    header: list[str] | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header):
            raise LexiconError(f"{name}:{lineno}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        yield dict(zip(header, cells, strict=True))
    if header is None:
        raise LexiconError(f"{name}: no header line")
