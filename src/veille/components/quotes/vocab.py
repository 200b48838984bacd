"""The cue lexicon (``lexicon/reporting_verbs.tsv``) and the closed word classes
(``lexicon/quotes_words.tsv``) the quotes component reads, and the lemma matching of cues:
spaCy's lemma, else a regular conjugation rule of the verb's group (never inflected forms)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from spacy.tokens import Token

from veille import lexicon
from veille.lexicon import LexiconError, read_table
from veille.text.fold import plain


@dataclass(frozen=True)
class CueEntry:
    """One row of ``reporting_verbs.tsv``."""

    cue: str  # as written in the file
    kind: Literal["verb", "source"]
    object: bool  # a plain object / infinitive is reported content
    example: str
    lemma: str  # the verb lemma (accents off), "" for a preposition
    tail: str  # fixed words after the verb ("l'accent sur"), "" if none
    pronominal: bool


@cache
def cue_entries() -> tuple[CueEntry, ...]:
    """``reporting_verbs.tsv``, validated at load time."""
    name = "reporting_verbs.tsv"
    out: dict[str, CueEntry] = {}
    for row in read_table(name):
        cue = " ".join(row["cue"].replace("’", "'").lower().split())
        kind, obj = row["kind"], row["object"]
        if kind not in ("verb", "source"):
            raise LexiconError(f"{name}: {cue!r}: unknown kind {kind!r}")
        if obj not in ("yes", "no"):
            raise LexiconError(f"{name}: {cue!r}: object must be yes or no, not {obj!r}")
        if not row["example"]:
            raise LexiconError(f"{name}: {cue!r} has no example sentence")
        if cue in out:
            raise LexiconError(f"{name}: duplicate cue {cue!r}")
        words = cue.split()
        pronominal = words[0] in ("se", "s'") or cue.startswith("s'")
        if cue.startswith("s'") and words[0] != "s'":
            words = ["s'", words[0][2:], *words[1:]]
        if pronominal:
            words = words[1:]
        lemma, tail = "", ""
        if kind == "verb" or (len(words) > 1 and words[0].endswith(("er", "ir", "re"))):
            lemma, tail = plain(words[0]), " ".join(words[1:])
        out[cue] = CueEntry(cue, kind, obj == "yes", row["example"], lemma, tail, pronominal)  # type: ignore[arg-type]
    return tuple(out.values())


@cache
def verb_index() -> dict[str, tuple[CueEntry, ...]]:
    index: dict[str, list[CueEntry]] = {}
    for e in cue_entries():
        if e.lemma:
            index.setdefault(e.lemma, []).append(e)
    # fixed phrases and pronominal forms first, then the plain verb
    return {
        k: tuple(sorted(v, key=lambda e: (-len(e.tail), not e.pronominal)))
        for k, v in index.items()
    }


@cache
def source_cues() -> frozenset[str]:
    return frozenset(e.cue for e in cue_entries() if e.kind == "source" and not e.lemma)


@cache
def source_phrases() -> tuple[tuple[str, ...], ...]:
    """The source words of the lexicon as token words, longest first: ``("selon",)``,
    ``("d'", "apres")``, ``("aux", "yeux", "de")``."""
    phrases = {
        tuple(w for w in plain(e.cue).replace("'", "' ").split())
        for e in cue_entries()
        if e.kind == "source" and not e.lemma
    }
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


@cache
def word_classes() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {
        k: set()
        for k in (
            "time",
            "negation",
            "media",
            "document",
            "term",
            "org_head",
            "person",
            "partisan",
            "relational",
            "inverts",
            "collective",
            "not_saying",
            "control",
            "by_agent",
        )
    }
    for row in read_table("quotes_words.tsv"):
        if row["kind"] not in kinds:
            raise LexiconError(f"quotes_words.tsv: {row['word']!r}: bad kind {row['kind']!r}")
        kinds[row["kind"]].add(plain(row["word"]))
    return {k: frozenset(v) for k, v in kinds.items()}


@cache
def role_heads() -> frozenset[str]:
    """First words of the roles lexicon (``ministre``, ``porte-parole``): human descriptions."""
    return frozenset(plain(r.words.split()[0]) for r in lexicon.roles() if not r.honorific)


_ER = [
    "e",
    "es",
    "ent",
    "ons",
    "ez",
    "e",
    "ee",
    "es",
    "ees",
    "er",
    "ant",
    "ait",
    "aient",
    "ais",
    "a",
    "ai",
    "as",
    "erent",
    "era",
    "eras",
    "erai",
    "eront",
    "erait",
    "eraient",
    "erez",
    "erons",
    "iez",
    "ions",
    "eant",
    "eait",
    "eaient",
    "eons",
    "le",
    "les",
    "lent",
]


_IR = [
    "i",
    "is",
    "it",
    "ie",
    "ies",
    "ir",
    "issent",
    "issant",
    "issait",
    "issaient",
    "ira",
    "irait",
    "iront",
]


_IRE = [
    "it",
    "is",
    "ite",
    "ites",
    "isent",
    "isait",
    "isaient",
    "isant",
    "ivent",
    "ivait",
    "ivaient",
    "ivant",
    "ire",
]


_ENDINGS = sorted(
    {(e, "er") for e in _ER} | {(e, "ir") for e in _IR} | {(e, "ire") for e in _IRE},
    key=lambda p: -len(p[0]),
)


def lemmas_of(tok: Token) -> list[str]:
    """Candidate lemmas of ``tok`` (accents off): spaCy's, then the regular conjugations."""
    return list(lemma_forms(tok.lemma_, tok.text))


@lru_cache(maxsize=1 << 16)
def lemma_forms(lemma: str, text: str) -> tuple[str, ...]:
    """:func:`lemmas_of` a token of text ``text`` and spaCy lemma ``lemma``, computed once."""
    out = [plain(lemma)]
    word = plain(text)
    for ending, group in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= (1 if group == "ire" else 3):
            out.append(word[: len(word) - len(ending)] + group)
    return tuple(out)


def generic_entry(tok: Token, frame: bool = False) -> CueEntry:
    """An entry for a verb outside the lexicon: a cue when inverted after a quotation, or
    (``frame``) when a ``que`` clause follows it (``a rétorqué que``), with the example
    ``"(frame)"``."""
    lemma = plain(tok.lemma_)
    return CueEntry(lemma, "verb", False, "(frame)" if frame else "", lemma, "", False)
