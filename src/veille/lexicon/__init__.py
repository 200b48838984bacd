"""Knowledge as data: the lexicon files shipped in this folder and their loaders.

Every data file is UTF-8 TSV. Lines starting with ``#`` are comments: the header comment of
each file says what it holds, its source and its licence. The first non-comment line names
the columns. Loaders validate at load time and raise :class:`LexiconError` naming the file
and line, so a bad one-line data change fails loudly in the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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


SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "REB",
        "OPP",
        "PTY",
        "COP",
        "JUD",
        "LEG",
        "CVL",
        "MED",
        "IGO",
        "NGO",
        "BUS",
        "LAB",
        "EDU",
        "HLH",
        "REL",
        "REF",
        "CRM",
        "UAF",
    ]
)


@dataclass(frozen=True)
class RoleWord:
    """A role or title (``ministre``, ``chef de l'état``) or a courtesy title (``M.``)."""

    words: str  # lowercase, apostrophes as '
    sector: str | None
    honorific: bool


@dataclass(frozen=True)
class Organisation:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    code: str | None


@cache
def roles() -> tuple[RoleWord, ...]:
    """``roles.tsv``, validated: known sector codes, no duplicates."""
    out: dict[str, RoleWord] = {}
    for row in read_table("roles.tsv"):
        words = row["role"].replace("’", "'")
        honorific = row["honorific"] == "1"
        words = words if honorific else words.lower()
        sector = row["sector"] or None
        if sector is not None and sector not in SECTORS:
            raise LexiconError(f"roles.tsv: {words!r}: unknown sector {sector!r}")
        if words in out:
            raise LexiconError(f"roles.tsv: duplicate role {words!r}")
        out[words] = RoleWord(words, sector, honorific)
    return tuple(out.values())


@cache
def organisations() -> tuple[Organisation, ...]:
    """``organisations.tsv``, validated: known sectors, ISO2-shaped countries."""
    out = []
    for row in read_table("organisations.tsv"):
        sector, country = row["sector"], row["country"] or None
        if sector not in SECTORS:
            raise LexiconError(f"organisations.tsv: {row['name']!r}: unknown sector {sector!r}")
        if country is not None and not (len(country) == 2 and country.isupper()):
            raise LexiconError(f"organisations.tsv: {row['name']!r}: bad country {country!r}")
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        out.append(Organisation(row["name"], aliases, country, sector, row["code"] or None))
    return tuple(out)
