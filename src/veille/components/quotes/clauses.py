"""Token walks inside a clause, shared by the cue steps (``cues``) and the contents
(``extractor``): past adjuncts after a verb, an infinitive, a ``que`` ahead, content words
between an auxiliary and its verb."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from veille.text import fold
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import doc_text

from .base import STRONG_PUNCT, Unit, plain_word
from .vocab import word_classes

NEGATION_WORDS = frozenset(["ne", "n'", "pas", "rien", "jamais", "plus"])
# fixed adverbials between a verb and its object: "salue au passage la prise de parole de…"
ADVERBIALS = re.compile(
    r"(?:au passage|a nouveau|de nouveau|par ailleurs|en outre|pour sa part|pour leur part"
    r"|de son cote|de leur cote|quant a (?:lui|elle|eux)|une nouvelle fois|a son tour"
    r"|en effet|lui aussi|elle aussi|pour sa part|au meme moment|dans la foulee)\b"
)
# adverbs that are part of what follows ("plus de", "pas seulement"), not an adjunct to skip
_KEPT_ADVERBS = frozenset(["plus", "pas", "moins", "tres", "si", "aussi", "tout", "ne", "n'"])
_TIME_DETERMINERS = frozenset(["ce", "cette", "le"])
_TIME_SPANS = frozenset(["semaine", "mois", "annee", "week-end"])


def _adjunct_word(doc: Doc, j: int, u: Unit, time: frozenset[str]) -> bool:
    """An adverb, a day or time word, a comma or a space at ``j``, or a number before a time
    word (``samedi 27 avril``: a date)."""
    t = doc[j]
    low = plain_word(t.text)
    return (
        (t.pos_ == "ADV" and low not in _KEPT_ADVERBS)
        or low in time
        or t.text == ","
        or t.is_space
        # "a confirmé samedi 27 avril, la promesse…": a date
        or (
            t.like_num
            and j + 1 < u.tok_end
            and plain_word(doc[j + 1].text) in time
            and not doc[j + 1].text[:1].isupper()
        )
    )


def skip_adjuncts(doc: Doc, j: int, u: Unit) -> int:
    """Past adverbs, days and times (``mardi``, ``cette semaine``) and commas."""
    time = word_classes()["time"]
    text = doc_text(doc)
    while j < u.tok_end:
        t = doc[j]
        if _adjunct_word(doc, j, u, time):
            j += 1
        elif (m := ADVERBIALS.match(fold.plain(text[t.idx : t.idx + 24]))) is not None:
            end = t.idx + m.end()
            while j < u.tok_end and doc[j].idx < end:
                j += 1
        elif (
            plain_word(t.text) in _TIME_DETERMINERS
            and j + 1 < u.tok_end
            and plain_word(doc[j + 1].text) in (time | _TIME_SPANS)
        ):
            j += 2
        else:
            break
    return j


_REFLEXIVE = frozenset(["se", "s'"])


def infinitive_at(doc: Doc, j: int, u: Unit) -> bool:
    """An infinitive at ``j``, over a negation (``ne rien savoir``) or an auxiliary
    (``avoir informé``): reported content after any reporting verb."""
    k = j
    while k < u.tok_end and plain_word(doc[k].text) in NEGATION_WORDS | _REFLEXIVE:
        k += 1  # "ne rien savoir", "s'attendre à ce que"
    return (
        k < u.tok_end
        and doc[k].pos_ in ("VERB", "AUX")
        and "Inf" in doc[k].morph.get("VerbForm")
        and doc[k].text.islower()
    )


def que_follows(doc: Doc, k: int, u: Unit, window: int = 4) -> bool:
    """``que``, ``qu'`` or a colon within ``window`` tokens after ``k``, before any verb."""
    for j in range(k, min(u.tok_end, k + window)):
        if plain_word(doc[j].text) in ("que", "qu'", ":"):
            return True
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].text in STRONG_PUNCT:
            return False
    return False


def words_between(doc: Doc, s: int, e: int) -> bool:
    """Content words between an auxiliary and its verb (nouns, verbs, quotation marks, an
    adjective not in an adverbial like "de nouveau"): the parse joined two clauses."""
    if s < e:
        between = fold.plain(doc_text(doc)[doc[s].idx : doc[e - 1].idx + len(doc[e - 1].text)])
        if ADVERBIALS.fullmatch(between.strip(" ,")):
            return False  # "a de son côté accusé", "a, de son côté, fait part"
    for j in range(s, e):
        t = doc[j]
        if t.pos_ in ("PROPN", "VERB") or t.text in OPEN_QUOTES | CLOSE_QUOTES:
            return True
        if t.pos_ in ("NOUN", "ADJ") and (j == s or doc[j - 1].pos_ != "ADP"):
            return True  # not "par exemple", "de nouveau", "en effet"
    return False
