"""The extractive summary of a story: two or three sentences of its articles, chosen by
centrality (a sentence that shares its words with the sentences of the other articles tells
what they all report) and coverage (each next sentence the most central of those that do not
repeat the ones chosen). Never a word of our own: every sentence is a slice of an article's
stored text, given with the article's key and its offsets, ``text[start:end] == sentence``.

Sentences are found by a cheap rule (end punctuation, then a space and a capital, a digit or
an opening quote; not after an initial or an abbreviation of ``layout_words.tsv``): no model
runs again to write a bulletin.
"""

from __future__ import annotations

import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from veille.lexicon import read_table
from veille.text.fold import plain

# a sentence end: . ! ? or … (and closing quotes or brackets), then a space and what opens
# one, or glued to a capital (``médecine.L'enveloppe``: pages pasted without their breaks);
# a line break; a bullet (``►``)
_CAP = "A-ZÀ-ÖØ-Þ"
_END = re.compile(
    rf"([.!?…]+)((?:[»”’)\]]|\"(?![{_CAP}]))*)(?=\s+[«\"“(\[►♦•]?\s*[{_CAP}0-9]|[«\"“►♦•]?[{_CAP}])"
    r"|\n+|\s*[►♦•]\s*"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
MIN_WORDS, MAX_WORDS = 8, 70
LEAD = 3  # an article's first sentences: where a news writer says what happened
LEAD_BONUS = 0.25
MAX_OVERLAP = 0.5  # a candidate this similar to a chosen sentence repeats it (a reprint)
MAX_SHARED = 0.8  # or one that shares this share of the shorter's words (a reprint cut short)
QUOTED = 0.5  # a sentence opening on a quote: words of a speaker, for the quotes section
ANAPHORIC = 0.6  # a sentence opening on « Il », « Cette »…: it leans on the one before
TITLED = 1.0  # the weight of a sentence's similarity to the story's titles


@dataclass(frozen=True)
class Sentence:
    document: str  # the article's key (documents.id)
    start: int
    end: int
    text: str
    position: int  # its rank in the article


@cache
def _abbreviations() -> frozenset[str]:
    rows = read_table("layout_words.tsv")
    return frozenset(r["word"] for r in rows if r["kind"] == "abbreviation")


@cache
def _anaphoric() -> frozenset[str]:
    rows = read_table("bulletin_words.tsv")
    return frozenset(r["word"] for r in rows if r["kind"] == "anaphoric")


def _weight(s: Sentence) -> float:
    """How much a sentence's position and first word make it fit to open a summary."""
    first = _WORD.match(s.text)
    weight = 1 + LEAD_BONUS * (s.position < LEAD)
    if s.text[0] in "«\"“":
        weight *= QUOTED
    elif first is not None and first.group() in _anaphoric():
        weight *= ANAPHORIC
    return weight


@cache
def _stop_words() -> frozenset[str]:
    """spaCy's French stop words, read from their module's file: importing ``spacy.lang.fr``
    would load its tokenizer exceptions (seconds) for a word list."""
    spec = importlib.util.find_spec("spacy")
    assert spec is not None and spec.submodule_search_locations
    path = Path(spec.submodule_search_locations[0]) / "lang" / "fr" / "stop_words.py"
    words = importlib.util.spec_from_file_location("_veille_fr_stop_words", path)
    assert words is not None and words.loader is not None
    module = importlib.util.module_from_spec(words)
    words.loader.exec_module(module)
    return frozenset(plain(w) for w in module.STOP_WORDS)


def _no_end(text: str, at: int) -> bool:
    """Whether the dot at ``at`` closes an initial (``J. Dupont``) or an abbreviation."""
    m = re.search(r"([^\W\d_]+)$", text[max(0, at - 12) : at])
    if m is None:
        return False
    word = m.group(1)
    return len(word) == 1 or word in _abbreviations()


def sentences(key: str, text: str) -> Iterator[Sentence]:
    """The sentences of an article, with their offsets in ``text`` (spaces trimmed)."""
    start, position = 0, 0
    for m in _END.finditer(text):
        if m.group(1) == "." and _no_end(text, m.start()):
            continue
        end = m.end(2) if m.group(1) else m.start()
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            s, e = start + lead, start + len(piece.rstrip())
            yield Sentence(key, s, e, text[s:e], position)
            position += 1
        start = m.end() if not m.group(1) else end
    piece = text[start:]
    if piece.strip():
        s = start + len(piece) - len(piece.lstrip())
        e = start + len(piece.rstrip())
        yield Sentence(key, s, e, text[s:e], position)


def _candidate(s: Sentence) -> bool:
    """A sentence a summary can take: long enough to say something, not a question, not a
    fragment of a quote (a sentence opening lowercase or on a closing quote continues one)."""
    n = len(_WORD.findall(s.text))
    first = s.text[:1]
    return (
        MIN_WORDS <= n <= MAX_WORDS
        and not s.text.endswith("?")
        and not first.islower()
        and first not in "»”)-–—"
        and s.text.count("«") == s.text.count("»")
        and s.text.count('"') % 2 == 0
    )


def _terms(text: str) -> Counter[str]:
    stop = _stop_words()
    return Counter(
        w for w in (plain(t) for t in _WORD.findall(text)) if len(w) > 2 and w not in stop
    )


def _vectors(bags: list[Counter[str]]) -> list[dict[str, float]]:
    """TF-IDF vectors (unit length) of the sentences, the IDF over these sentences."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    n = len(bags)
    out = []
    for bag in bags:
        vec = {w: (1 + math.log(c)) * math.log((1 + n) / (1 + df[w])) for w, c in bag.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        out.append({w: v / norm for w, v in vec.items() if v > 0})
    return out


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def _centrality(cands: list[Sentence], vecs: list[dict[str, float]]) -> list[float]:
    """Each sentence's mean similarity to the sentences of the other articles (to the
    other sentences of its own when the story has one article)."""
    several = len({s.document for s in cands}) > 1
    scores = []
    for i, (s, v) in enumerate(zip(cands, vecs, strict=True)):
        others = [
            w
            for j, (t, w) in enumerate(zip(cands, vecs, strict=True))
            if j != i and (t.document != s.document or not several)
        ]
        mean = sum(_cosine(v, w) for w in others) / len(others) if others else 0.0
        weight = (1 + LEAD_BONUS * (s.position < LEAD)) * (QUOTED if s.text[0] in '«"“' else 1)
        scores.append(mean * weight)
    return scores


def summarise(
    articles: Iterable[tuple[str, str]],
    *,
    titles: Iterable[str] = (),
    size: int = 3,
    per_article: int = 12,
) -> list[Sentence]:
    """Up to ``size`` sentences of the ``(key, text)`` articles, the most central first,
    none repeating another; a sentence close to the articles' ``titles`` (what their
    editors said the story is) counts more, one that opens on a quote or leans on the
    sentence before less, one of an article's lead more. ``per_article`` bounds the
    sentences read in each article: the cost stays quadratic in a bounded number."""
    cands = [
        s
        for key, text in articles
        for s in _first(filter(_candidate, sentences(key, text or "")), per_article)
    ]
    if not cands:
        return []
    bags = [_terms(s.text) for s in cands]
    *vecs, heading = _vectors([*bags, _terms(" ".join(titles))])
    score = [
        c * _weight(s) * (1 + TITLED * _cosine(v, heading))
        for c, s, v in zip(_centrality(cands, vecs), cands, vecs, strict=True)
    ]
    order = sorted(range(len(cands)), key=lambda i: (-score[i], cands[i].document, cands[i].start))
    chosen: list[int] = []
    for i in order:
        if len(chosen) == size:
            break
        if any(_repeats(bags[i], bags[j], vecs[i], vecs[j]) for j in chosen):
            continue
        chosen.append(i)
    return [cands[i] for i in chosen]


def _repeats(a: Counter[str], b: Counter[str], va: dict, vb: dict) -> bool:
    """Whether two sentences say the same: close vectors, or the words of the shorter
    nearly all in the longer (« Trois d'entre eux ont été mis en examen pour violences en
    réunion. » and the same sentence with « par personne dépositaire… » after it)."""
    if _cosine(va, vb) > MAX_OVERLAP:
        return True
    shorter = min(len(a), len(b))
    return shorter > 0 and len(a.keys() & b.keys()) >= MAX_SHARED * shorter


def _first(items: Iterable[Sentence], n: int) -> Iterator[Sentence]:
    for i, item in enumerate(items):
        if i == n:
            return
        yield item
