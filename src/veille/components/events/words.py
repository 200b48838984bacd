"""The words the event coder's rules read, from the lexicon: ``events_words.tsv`` (words by
class, the words of rules tied to particular words with their test sentences),
``events_refine.tsv`` (what an appeal, an intent or a demand becomes by what it is about),
``events_future.tsv`` (future stems) and the heads of ``places_heads.tsv`` that name the place
of an event's complement. Each is loaded once and validated at load time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from veille import cameo
from veille.lexicon import LexiconError, read_table
from veille.text.fold import lower

# The classes of ``events_words.tsv``: those of rules tied to particular words (each row with
# its test sentence), then the closed word classes.
RULE_CLASSES = frozenset(
    [
        "threat-to-nobody",
        "proposal-to-nobody",
        "show-not-march",
        "commitment-to-nobody",
        "rally",
        "taken-to-task",
        "opposing",
    ]
)
LIST_CLASSES = frozenset(
    [
        "time-noun",
        "agent-noun",
        "possessive",
        "person-pronoun",
        "speaker-pronoun",
        "counterpart",
        "demonstrative",
        "same-act",
        "people-count",
        "demand",
        "idle-verb",
        "broadcast",
        "question-word",
    ]
)


@dataclass(frozen=True)
class WordRow:
    """One row of ``events_words.tsv``."""

    word: str  # lowercase, as :func:`syntax.norm` gives it
    cls: str
    sentence: str


@cache
def word_rows() -> tuple[WordRow, ...]:
    """``events_words.tsv``, validated: known classes, a sentence for each word of a rule,
    no duplicates."""
    out: list[WordRow] = []
    seen: set[tuple[str, str]] = set()
    for row in read_table("events_words.tsv"):
        word, cls, sentence = lower(row["word"]), row["class"], row["sentence"]
        where = f"events_words.tsv: {row['word']!r}"
        if not word:
            raise LexiconError(f"{where}: no word")
        if cls not in RULE_CLASSES | LIST_CLASSES:
            raise LexiconError(f"{where}: unknown class {cls!r}")
        if cls in RULE_CLASSES and not sentence:
            raise LexiconError(f"{where}: no test sentence for a word of rule {cls!r}")
        if (word, cls) in seen:
            raise LexiconError(f"{where}: duplicate in class {cls!r}")
        seen.add((word, cls))
        out.append(WordRow(word, cls, sentence))
    return tuple(out)


@cache
def word_class(cls: str) -> frozenset[str]:
    """The words of class ``cls`` of ``events_words.tsv``."""
    if cls not in RULE_CLASSES | LIST_CLASSES:
        raise KeyError(cls)
    return frozenset(r.word for r in word_rows() if r.cls == cls)


@cache
def beginnings(cls: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern for any of the words of class ``cls`` (``people-count``, ``demand``: the
    beginnings of words)."""
    return re.compile("|".join(re.escape(w) for w in sorted(word_class(cls))), flags)


@dataclass(frozen=True)
class Refinement:
    """One row of ``events_refine.tsv``."""

    act: str  # 020, 030 or 100
    about: str  # the code or root of what the act is about
    code: str  # what the act becomes
    sentence: str


_ACTS = ("020", "030", "100")


@cache
def refinement_rows() -> tuple[Refinement, ...]:
    """``events_refine.tsv``, validated: known acts and CAMEO codes, the code of the act's
    root, a test sentence, no duplicates."""
    out: list[Refinement] = []
    seen: set[tuple[str, str]] = set()
    for row in read_table("events_refine.tsv"):
        act, about, code = row["act"], row["about"], row["code"]
        where = f"events_refine.tsv: {act} {about!r}"
        if act not in _ACTS:
            raise LexiconError(f"{where}: the act is not one of {', '.join(_ACTS)}")
        for c in (about, code):
            if not cameo.is_code(c):
                raise LexiconError(f"{where}: {c!r} is not a CAMEO code")
        if code[:2] != act[:2]:
            raise LexiconError(f"{where}: {code!r} is not of the root of {act}")
        if not row["sentence"]:
            raise LexiconError(f"{where}: no test sentence")
        if (act, about) in seen:
            raise LexiconError(f"{where}: duplicate")
        seen.add((act, about))
        out.append(Refinement(act, about, code, row["sentence"]))
    return tuple(out)


@cache
def refinements() -> dict[str, dict[str, str]]:
    """act → (code or root of what it is about → the act's code)."""
    out: dict[str, dict[str, str]] = {}
    for r in refinement_rows():
        out.setdefault(r.act, {})[r.about] = r.code
    return out


@dataclass(frozen=True)
class FutureStem:
    """One row of ``events_future.tsv``."""

    verb: str
    stem: str  # ends in "r"
    compounds: bool  # "devenir", "obtenir" share the stem of "venir", "tenir"
    sentence: str


@cache
def future_stem_rows() -> tuple[FutureStem, ...]:
    """``events_future.tsv``, validated: stems ending in "r", a test sentence, no
    duplicates."""
    out: list[FutureStem] = []
    seen: set[str] = set()
    for row in read_table("events_future.tsv"):
        verb, stem = lower(row["verb"]), lower(row["stem"])
        where = f"events_future.tsv: {row['verb']!r}"
        if not verb or not stem.endswith("r"):
            raise LexiconError(f"{where}: the stem {row['stem']!r} does not end in 'r'")
        if row["compounds"] not in ("", "yes"):
            raise LexiconError(f"{where}: compounds is {row['compounds']!r}, not 'yes' or empty")
        if not row["sentence"]:
            raise LexiconError(f"{where}: no test sentence")
        if verb in seen:
            raise LexiconError(f"{where}: duplicate")
        seen.add(verb)
        out.append(FutureStem(verb, stem, row["compounds"] == "yes", row["sentence"]))
    return tuple(out)


@cache
def future_stems() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """The future stem of each verb of ``events_future.tsv``, and (verb, stem) of those whose
    compounds share it."""
    rows = future_stem_rows()
    return {r.verb: r.stem for r in rows}, tuple((r.verb, r.stem) for r in rows if r.compounds)


@cache
def place_head_rows() -> tuple[tuple[str, str], ...]:
    """(head, sentence) of the heads of ``places_heads.tsv`` that the event coder reads
    (those with an ``event`` sentence)."""
    return tuple((r["head"], r["event"]) for r in read_table("places_heads.tsv") if r["event"])


@cache
def place_heads() -> frozenset[str]:
    """Nouns whose name complement is the place an event's complement names (``la ville
    d'Alep``)."""
    return frozenset(h for h, _ in place_head_rows())
