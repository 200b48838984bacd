"""The per-document arrays the quotes component reads instead of spaCy Token objects
(``quotes.base.Tokens``, ``plain_document``) and the cue candidates (``quotes.cues``): the same
answers as the spaCy attributes, ``veille.text.fold.plain`` and a scan of every token."""

from __future__ import annotations

import random

import pytest

from veille.components.quotes.base import Tokens, Unit, build_state, plain_document
from veille.components.quotes.cues import _cue_at, cue_candidates, find_cues, read_verb_cue
from veille.components.quotes.vocab import generic_entry
from veille.text.fold import plain as plain_text
from veille.text.spans import Intervals, doc_index

TEXTS = [
    "« La réforme sera maintenue », a-t-il déclaré mardi à l'AFP, ironisant sur l'opposition.",
    "Selon le quotidien, le ministre aurait affirmé que rien n'était décidé. D'après X, non.",
    "Le rapporteur juge que « le texte est prêt » ; de source militaire, on s'est félicité.",
    "Pour le ministre, « il faut agir », estime-t-il. Les « gilets jaunes » ont manifesté.",
    "« C'est une erreur », ironise le député, qui n'a pas dit que la loi serait retirée.",
]


@pytest.mark.parametrize(
    "text",
    [
        "ΑΣ B ΣΑΣ",  # the capital sigma lowercases by its neighbours
        "İstanbul et ǅemal",  # lowercased to two characters, titlecase digraph
        "L’ŒUVRE « x » — y’z ` ﬁn Straße\u00a0Ä\u202fé",
        "x\x00y\n\tZ",
        "",
    ],
)
def test_plain_document_is_plain_text(text):
    assert plain_document(text) == plain_text(text)


def test_plain_document_on_random_text():
    rng = random.Random(7)
    chars = [chr(c) for c in range(0x20, 0x2100) if not 0xD800 <= c < 0xE000]
    for _ in range(3000):
        text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 50)))
        assert plain_document(text) == plain_text(text), text


def test_tokens_read_what_the_token_objects_give(nlp):
    doc = nlp(" ".join(TEXTS))
    toks = Tokens(doc)
    for t in doc:
        i = t.i
        assert (toks.words[i], toks.lemmas[i], toks.idx[i]) == (t.text, t.lemma_, t.idx)
        assert (toks.pos[i], toks.dep[i], toks.head(i)) == (t.pos_, t.dep_, t.head.i)
        assert toks.plain[i] == plain_text(t.text)
        assert toks.children(i) == [c.i for c in t.children]
        assert toks.end(i) == t.idx + len(t.text)
        for field in ("VerbForm", "Tense", "Mood", "Number"):
            assert list(toks.morph(i, field)) == t.morph.get(field)


@pytest.mark.parametrize("text", TEXTS)
def test_the_candidates_miss_no_cue(nlp, text):
    """Every token read, as before the candidates: the same cues."""
    doc = nlp(text)
    st = build_state(doc)
    index = doc_index(doc)
    n = 0
    for k in range(len(index)):
        u = Unit(index.sent_start_chars[k], index.sent_end_chars[k], index.sent_starts[k],
                 index.sent_ends[k])  # fmt: skip
        pairs = Intervals(st.pairs.starting_in(u.start, u.end))
        every: list = []
        i = u.tok_start
        while i < u.tok_end:
            cue = _cue_at(st, u, i, pairs)
            if cue is not None:
                every.append(cue)
            i = max(i + 1, cue.verb_end) if cue is not None else i + 1
        assert find_cues(st, u, pairs) == every
        n += len(every)
    assert n > 0
    assert cue_candidates(st) == sorted(set(cue_candidates(st)))


def test_a_verb_outside_the_lexicon_is_a_cue_only_after_a_quotation(nlp):
    text = "Il ironise sur le projet. « C'est une erreur », ironise le député."
    doc = nlp(text)
    st = build_state(doc)
    u = Unit(0, len(text), 0, len(doc))
    pairs = Intervals(st.pairs.starting_in(u.start, u.end))
    first, second = (t.i for t in doc if t.text == "ironise")
    cue, name = read_verb_cue(st, u, first, (generic_entry(doc[first]),), pairs)
    assert (cue, name) == (None, "unlisted-verb-not-after-quote")
    cue, name = read_verb_cue(st, u, second, (generic_entry(doc[second]),), pairs)
    assert name is None and cue is not None and cue.after_quote
