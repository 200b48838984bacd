"""The CAMEO event code table, Goldstein scores, QuadClass and the CAMEO → PLOVER mapping.

Data: ``lexicon/cameo_codes.tsv`` (andybega/icews, MIT) and ``lexicon/cameo_plover.tsv``
(openeventdata/PLOVER ``CAMEO2PLOVER-2021.txt``, CC BY-SA 4.0), both read once and validated.

>>> info("0256").name
'Appeal to de-escalate military engagement'
>>> plover("0256")
('REQUEST', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from veille.lexicon import LexiconError, read_table

__all__ = ["CameoCode", "codes", "info", "is_code", "plover", "quad_class", "to_model"]

PLOVER_CATEGORIES = frozenset(
    [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
)


@dataclass(frozen=True)
class CameoCode:
    code: str  # "0256"
    root: str  # "02"
    name: str
    goldstein: float | None
    plover: str | None  # PLOVER category, None for 01 statements
    mode: str | None  # PLOVER mode where the table gives one ("ceasefire", "demo")

    @property
    def quad_class(self) -> int:
        return quad_class(self.root)


def quad_class(root: str) -> int:
    """GDELT QuadClass of a root code: 1 verbal coop., 2 material coop., 3 verbal conflict,
    4 material conflict."""
    r = int(root)
    if not 1 <= r <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


@cache
def codes() -> dict[str, CameoCode]:
    """Every CAMEO code, keyed by code, with its PLOVER category (inherited from the nearest
    coded ancestor when the PLOVER table has no row for it)."""
    mapping: dict[str, tuple[str, str | None]] = {}
    for row in read_table("cameo_plover.tsv"):
        cat = row["plover"]
        if cat not in PLOVER_CATEGORIES:
            raise LexiconError(f"cameo_plover.tsv: {row['code']}: unknown category {cat!r}")
        mapping[row["code"]] = (cat, row["mode"] or None)
    out: dict[str, CameoCode] = {}
    for row in read_table("cameo_codes.tsv"):
        code, root = row["code"], row["root"]
        if not code.isdigit() or not code.startswith(root) or len(root) != 2:
            raise LexiconError(f"cameo_codes.tsv: bad code/root {code!r}/{root!r}")
        g = row["goldstein"]
        try:
            goldstein = float(g) if g else None
        except ValueError:
            raise LexiconError(f"cameo_codes.tsv: {code}: bad Goldstein {g!r}") from None
        cat, mode = None, None
        for k in range(len(code), 1, -1):  # 0871 → 087 → 08
            if code[:k] in mapping:
                cat, mode = mapping[code[:k]]
                if k < len(code):
                    mode = None  # a parent's mode is not necessarily the child's
                break
        out[code] = CameoCode(code, root, row["name"], goldstein, cat, mode)
    roots = {c.root for c in out.values()}
    if roots != {f"{i:02d}" for i in range(1, 21)}:
        raise LexiconError("cameo_codes.tsv: the 20 roots are not all there")
    return out


def is_code(code: str) -> bool:
    return code in codes()


def info(code: str) -> CameoCode:
    """The table row of ``code``; :class:`KeyError` for an unknown code."""
    return codes()[code]


def plover(code: str) -> tuple[str | None, str | None]:
    """(PLOVER category, mode) of a CAMEO code."""
    c = codes()[code]
    return c.plover, c.mode


def to_model(code: str) -> object:
    """``veille.model.Cameo`` for a code."""
    from veille.model import Cameo

    c = codes()[code]
    return Cameo(
        code=c.code,
        root_code=c.root,
        name=c.name,
        goldstein=c.goldstein,
        quad_class=c.quad_class,
    )
