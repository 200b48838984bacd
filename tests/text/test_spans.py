"""The per-document index of ``veille.text.spans`` (hand-built Docs, no model), and the
regression that made it: the components asked spaCy for ``Doc.text`` / ``Doc.sents`` and
scanned every mention, pair and quote once per candidate, so their cost grew with the square
of the document's length (a 200 kB text did not finish in 600 s)."""

from __future__ import annotations

import cProfile
import pstats

import pytest
import spacy
from spacy.tokens import Doc

from veille.text.fold import typography
from veille.text.spans import (
    Intervals,
    Overlaps,
    Starts,
    doc_index,
    doc_text,
    indexed_text,
    invalidate,
    keep_text,
    sent_of,
)

WORDS = ["Poutine", "a", "dit", ".", "Le", "ministre", "a", "répondu", ".", "Fin"]
STARTS = [True, False, False, False, True, False, False, False, False, True]


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("fr").vocab


def _doc(vocab) -> Doc:
    return Doc(vocab, words=WORDS, sent_starts=STARTS)


def test_sentences_are_those_of_doc_sents(vocab):
    doc = _doc(vocab)
    index = doc_index(doc)
    assert [s.text for s in index.sentences()] == [s.text for s in doc.sents]
    assert index.sent_starts == [0, 4, 9]
    assert index.sent_ends == [4, 9, 10]
    assert index.sent_start_chars == [s.start_char for s in doc.sents]
    assert index.sent_end_chars == [s.end_char for s in doc.sents]


def test_sentence_of_every_token_is_token_sent(vocab):
    doc = _doc(vocab)
    for tok in doc:
        assert sent_of(tok) == tok.sent
        assert doc_index(doc).sent_bounds(tok) == (tok.sent.start, tok.sent.end)


def test_sentence_of_a_char_offset(vocab):
    doc = _doc(vocab)
    index = doc_index(doc)
    text = doc.text
    assert index.sentence_of_char(0) == 0
    assert index.sentence_of_char(text.index("ministre")) == 1
    assert index.sentence_of_char(text.index("Fin")) == 2
    # the space after "dit ." is after the end of sentence 0 and before sentence 1
    assert index.sentence_of_char(text.index(". Le") + 1) is None
    assert index.sentence_of_char(len(text) + 5) is None


def test_token_at_char(vocab):
    doc = _doc(vocab)
    index = doc_index(doc)
    for tok in doc:
        assert index.token_at_char(tok.idx) == tok.i
        assert index.token_at_char(tok.idx + len(tok.text) - 1) == tok.i
    assert index.token_at_char(len(doc.text)) is None


def test_index_is_built_once_and_text_is_the_doc_text(vocab):
    doc = _doc(vocab)
    assert doc_text(doc) == doc.text
    assert doc_index(doc) is doc_index(doc)


def test_index_is_rebuilt_when_the_doc_changed(vocab):
    doc = _doc(vocab)
    first = doc_index(doc)
    with doc.retokenize() as retok:
        retok.merge(doc[4:6])  # "Le ministre": one token fewer
    second = doc_index(doc)
    assert second is not first
    assert [t.text for t in second.sentence(1)] == ["Le ministre", "a", "répondu", "."]
    invalidate(doc)
    assert doc_index(doc) is not second


def test_index_before_the_parse_is_not_kept_after_it(vocab):
    doc = Doc(
        vocab,
        words=["Il", "dit", ".", "Elle", "part"],
        sent_starts=[True, False, False, False, False],
    )
    before = doc_index(doc)
    assert len(before) == 1
    # what the parser does: sentence starts and dependencies arrive
    doc[3].is_sent_start = True
    for tok in doc:
        tok.dep_ = "dep"
    after = doc_index(doc)
    assert after is not before
    assert [s.text for s in after.sentences()] == ["Il dit .", "Elle part"]


def test_a_doc_without_sentence_boundaries_is_refused(vocab):
    doc = Doc(vocab, words=["un", "mot"])
    with pytest.raises(ValueError, match="sentence boundaries"):
        doc_index(doc)


def test_empty_doc(vocab):
    doc = Doc(vocab, words=[])
    index = doc_index(doc)
    assert len(index) == 0
    assert index.sentence_of_char(0) is None


def test_starts_lookups():
    s = Starts([(5, "b"), (1, "a"), (5, "c"), (9, "d")])
    assert s.at(5) == ["b", "c"]
    assert s.first_at(5) == "b"
    assert s.first_at(4) is None
    assert s.between(1, 9) == ["a", "b", "c"]
    assert s.any_between(6, 10)
    assert not s.any_between(6, 9)


def test_intervals_lookups():
    pairs = Intervals([(2, 8), (10, 20)])
    assert pairs.strictly_inside(2) is None
    assert pairs.strictly_inside(3) == (2, 8)
    assert pairs.strictly_inside(8) is None
    assert pairs.containing(2) == (2, 8)
    assert pairs.containing(9) is None
    assert pairs.ending_at(20) == (10, 20)
    assert pairs.ending_at(19) is None
    assert pairs.starting_in(0, 10) == [(2, 8)]
    assert pairs.first_from(9) == (10, 20)
    assert list(pairs) == [(2, 8), (10, 20)] and len(pairs) == 2
    with pytest.raises(ValueError):
        Intervals([(0, 5), (3, 9)])


def test_overlaps_keep_the_given_order():
    # a long span given last, two short ones inside it given first
    ov = Overlaps([(10, 12, "x"), (14, 16, "y"), (0, 100, "long"), (50, 60, "z")])
    assert ov.at(11) == ["x", "long"]
    assert ov.first_at(55) == "long"
    assert ov.at(100) == []
    assert ov.overlapping(12, 14) == ["long"]
    assert ov.overlapping(11, 15) == ["x", "y", "long"]
    brute = [(10, 12, "x"), (14, 16, "y"), (0, 100, "long"), (50, 60, "z")]
    for pos in range(-2, 105):
        assert ov.at(pos) == [v for s, e, v in brute if s <= pos < e]


# --------------------------------------------------------------------------------------------
# The regression: the components' work grows with the length of the text, not its square.


def _component_calls(nlp, text: str) -> int:
    """Python function calls (spaCy's Cython ones included: Token creation, ``Doc.text``)
    made by veille's components on ``text``, the spaCy part of the pipeline done before."""
    from veille.pipeline import VEILLE_COMPONENTS

    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name not in VEILLE_COMPONENTS:
            doc = proc(doc)
    prof = cProfile.Profile()
    prof.enable()
    for name, proc in nlp.pipeline:
        if name in VEILLE_COMPONENTS:
            doc = proc(doc)
    prof.disable()
    return pstats.Stats(prof).total_calls  # type: ignore[attr-defined]


def test_entities_repair_does_not_rescan_sentences_per_candidate(nlp, alep_text):
    """Four times the text: about four times the work (it was sixteen and more, each name,
    role and quote candidate asking for the whole text or scanning every mention)."""
    short = "\n\n".join([alep_text] * 2)
    long = "\n\n".join([alep_text] * 8)
    for text in (short, long):  # warm: lexicons loaded, word caches filled for both
        _component_calls(nlp, text)
    ratio = _component_calls(nlp, long) / _component_calls(nlp, short)
    assert ratio < 6, f"the components' work grew {ratio:.1f} times for a text 4 times longer"


def test_index_takes_the_text_the_tokenizer_kept(vocab):
    doc = _doc(vocab)
    text = doc.text
    kept = "".join(text)  # an equal text, another object: the index must take this one
    keep_text(doc, kept, typography(kept))
    assert indexed_text(doc) is kept
    index = doc_index(doc)
    assert index.text is kept
    assert index.folded is doc.user_data["veille.text"][1]


def test_a_kept_text_that_does_not_fit_the_doc_is_ignored(vocab):
    doc = _doc(vocab)
    keep_text(doc, doc.text[:-1] + "X")  # same length, another last token
    assert doc_index(doc).text == doc.text
    doc = _doc(vocab)
    keep_text(doc, doc.text + " de plus")
    assert doc_index(doc).text == doc.text


def test_folded_text_is_the_typography_fold(vocab):
    doc = Doc(vocab, words=["«", "Non", "»", ",", "dit-il", "’"], sent_starts=[True] + [False] * 5)
    assert doc_index(doc).folded == typography(doc.text)
