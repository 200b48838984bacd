"""Trigger matching: the event lexicon (``lexicon/events.tsv``) loaded and validated, and its
entries matched on the parsed Doc (the longest entry at an anchor wins)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Doc, Token

from veille import cameo
from veille.lexicon import LexiconError, read_table
from veille.normalize import APOSTROPHES, DASHES
from veille.text.spans import doc_index

from .syntax import EQUIV, PREPS, after_auxiliary, finite_or_inf, has_avoir, is_reflexive, norm

_POS = {"V": ("VERB", "AUX", "ADJ"), "N": ("NOUN", "PROPN", "X"), "A": ("ADJ", "VERB", "NOUN")}


_SLOTS = frozenset(["obj", *PREPS])


_GAP_POS = frozenset(["DET", "ADJ", "ADV", "AUX", "PRON", "NUM", "ADP", "NOUN", "PROPN", "CCONJ"])


MAX_GAP = 3


MAX_PREP_GAP = 6  # "a appelé jeudi Israël et le Hamas à la retenue"


_DEFAULT_RECIPIENTS = {
    "V": ("obj", "à"),
    "N": ("avec", "contre", "sur", "envers", "à"),
    "A": ("à",),
}


@dataclass(frozen=True)
class Entry:
    """One row of ``events.tsv``."""

    words: tuple[str, ...]  # anchor first; "+inf" for an infinitive
    reflexive: bool
    pos: str  # V, N, A
    code: str
    recipient: tuple[str, ...]
    place_code: str | None
    sentence: str

    @property
    def pattern(self) -> str:
        return ("se " if self.reflexive else "") + " ".join(self.words)


@cache
def entries() -> tuple[Entry, ...]:
    """``events.tsv``, validated: known CAMEO codes, positions and frames, no duplicates."""
    out: list[Entry] = []
    seen: set[tuple[str, str]] = set()
    for row in read_table("events.tsv"):
        words = norm(row["pattern"]).split()
        where = f"events.tsv: {row['pattern']!r}"
        reflexive = len(words) > 1 and words[0] == "se"
        if reflexive:
            words = words[1:]
        if not words or words[0] == "+inf":
            raise LexiconError(f"{where}: no anchor word")
        pos, code = row["pos"], row["code"]
        if pos not in _POS:
            raise LexiconError(f"{where}: pos {pos!r} is not V, N or A")
        for c in (code, row["place"]):
            if c and not cameo.is_code(c):
                raise LexiconError(f"{where}: {c!r} is not a CAMEO code")
        recipient = tuple(r for r in row["recipient"].split("|") if r)
        if any(r not in _SLOTS for r in recipient):
            raise LexiconError(f"{where}: unknown recipient slot in {row['recipient']!r}")
        if not row["sentence"]:
            raise LexiconError(f"{where}: no test sentence")
        key = (" ".join(words) + (" (se)" if reflexive else ""), pos)
        if key in seen:
            raise LexiconError(f"{where}: duplicate entry")
        seen.add(key)
        out.append(
            Entry(
                tuple(words),
                reflexive,
                pos,
                code,
                recipient or _DEFAULT_RECIPIENTS[pos],
                row["place"] or None,
                row["sentence"],
            )
        )
    return tuple(out)


@cache
def trigger_index() -> dict[str, tuple[Entry, ...]]:
    idx: dict[str, list[Entry]] = {}
    for e in entries():
        idx.setdefault(e.words[0], []).append(e)
    return {k: tuple(sorted(v, key=_priority, reverse=True)) for k, v in idx.items()}


def _priority(e: Entry) -> tuple[int, int, bool]:
    """Longest first; among equals, more content words (``opposer veto`` before ``opposé à``)."""
    content = sum(1 for w in e.words if w not in PREPS and w not in EQUIV and w != "+inf")
    return (len(e.words), content, e.reflexive)


def _forms(tok: Token) -> set[str]:
    """The forms a lexicon word may take to match ``tok`` (the same set for the same word
    and lemma: callers must not change it)."""
    return _forms_of(tok.text, tok.lemma_)


@lru_cache(maxsize=1 << 16)
def _forms_of(word: str, lemma: str) -> set[str]:
    text = norm(word)
    forms = {text, norm(lemma)}
    for suffix in ("es", "s", "e"):
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)])
    for suffix in ("ées", "és", "ée", "é"):  # participles the tagger missed: "téléphoné"
        if text.endswith(suffix) and len(text) > len(suffix) + 2:
            forms.add(text[: -len(suffix)] + "er")
            break
    return forms


def _word_matches(word: str, tok: Token) -> bool:
    if word == "+inf":
        return tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm")
    text = norm(tok.text)
    if word in EQUIV:
        return text in EQUIV[word] or norm(tok.lemma_) in EQUIV[word]
    return word in _forms(tok)


@dataclass
class Match:
    entry: Entry
    tokens: list[Token]  # matched tokens, anchor first

    @property
    def anchor(self) -> Token:
        return self.tokens[0]


def _has_det(tok: Token) -> bool:
    return any(c.dep_ == "det" for c in tok.children)


def _match_at(
    tok: Token,
    entry: Entry,
    end: int,
    has_det: bool | None = None,
    gaps: tuple[int, int] = (MAX_GAP, MAX_PREP_GAP),
) -> list[Token] | None:
    """The tokens of ``entry`` matched from ``tok`` (``has_det``: :func:`_has_det` of
    ``tok``, when the caller knows it), or None."""
    if has_det is None:
        has_det = _has_det(tok)
    if (
        tok.pos_ not in _POS[entry.pos]
        and not (entry.pos == "V" and after_auxiliary(tok))
        and not (entry.pos == "N" and has_det)
    ):
        return None
    if entry.pos == "V" and has_det:
        return None  # "le démenti du ministère": a noun the tagger took for a participle
    if entry.pos == "A" and has_avoir(tok):
        return None  # "des heurts ont opposé…": a verb, not "opposé à"
    if entry.reflexive and not is_reflexive(tok):
        return None
    doc = tok.doc
    got = [tok]
    i = tok.i
    for word in entry.words[1:]:
        found = None
        for j in range(i + 1, min(end, i + 2 + (gaps[1] if word in PREPS else gaps[0]))):
            t = doc[j]
            if _word_matches(word, t):
                found = t
                break
            if t.text in DASHES or t.text in APOSTROPHES:
                continue
            if t.is_punct or (t.pos_ not in _GAP_POS and finite_or_inf(t)):
                break
        if found is None and word in PREPS:
            found = _dependent_prep(got[-1], word)
        if found is None:
            return None
        got.append(found)
        i = found.i
    return got


def _dependent_prep(head: Token, word: str) -> Token | None:
    """The preposition ``word`` introducing a complement of ``head`` (or of the clause it
    heads), when too many words stand between them for the linear match: ``a appelé le
    samedi 4 janvier les soldats irakiens à s'éloigner``."""
    forms = PREPS[word]
    for c in head.children:
        if c.i <= head.i or c.dep_ not in (
            "xcomp",
            "obl",
            "obl:arg",
            "obl:mod",
            "nmod",
            "iobj",
            "acl",
        ):
            continue
        for cc in c.children:
            if cc.dep_ in ("case", "mark") and norm(cc.text) in forms and cc.i > head.i:
                return cc
    return None


def find_triggers(doc: Doc, gaps: tuple[int, int] = (MAX_GAP, MAX_PREP_GAP)) -> list[Match]:
    idx = trigger_index()
    out: list[Match] = []
    used: set[int] = set()
    index = doc_index(doc)
    words, lemmas = index.words, index.lemmas
    for i in range(len(doc)):  # the tokens of every sentence, in order
        if i in used:
            continue
        cands: list[Entry] = []
        for f in _forms_of(words[i], lemmas[i]):
            cands.extend(idx.get(f, ()))
        if not cands:
            continue
        tok = doc[i]
        if tok.is_punct or tok.is_space:
            continue
        cands.sort(key=_priority, reverse=True)
        has_det = _has_det(tok)
        for entry in cands:
            # not sent.end: the parser sometimes cuts at a hyphen ("attentat-suicide");
            # punctuation stops a match anyway
            got = _match_at(tok, entry, len(doc), has_det, gaps)
            if got is not None:
                out.append(Match(entry, got))
                used.update(t.i for t in got)
                break
    return out
