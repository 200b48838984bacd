"""The vectorised attribute ruler: the same tags, parts of speech, morphology, dependencies,
lemmas and entities as spaCy's ``attribute_ruler`` it replaces, on real French text and on
Docs built to exercise every rule; spaCy's ruler kept for patterns it cannot apply."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

from veille.components.attributes import VectorRuler, compile_rules
from veille.pipeline import _vectorise_attribute_ruler

# Whitespace tokens on purpose: double spaces, a blank line, a tab.
TEXT = (
    "PARIS, 12 mars 2024 (AFP) -  Le président  Emmanuel Macron a déclaré mardi :\n"
    "« Nous ne céderons pas. »\n\n"
    "Le ministre des Affaires étrangères, \t Jean-Noël Barrot, s'est rendu à Kiev.\n"
    "  Selon lui, 3 000 soldats ukrainiens sont arrivés."
)

_BEFORE = ("tok2vec", "morphologizer", "parser")
_AFTER = ("lemmatizer", "ner")


def _spacy_ruler(vocab: Vocab, patterns: list) -> AttributeRuler:
    ruler = AttributeRuler(vocab)
    ruler.add_patterns(patterns)
    return ruler


def _arrays(doc: Doc):
    return doc.to_array(list(Doc._get_array_attrs()))


def _analysis(doc: Doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in doc]


def test_pipeline_uses_the_vectorised_ruler_built_from_the_model_patterns(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, VectorRuler)
    assert ruler.patterns == spacy.load("fr_core_news_md").get_pipe("attribute_ruler").patterns


def test_vectorised_ruler_same_analysis_as_spacy_ruler_on_french_text_with_spaces(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    theirs = _spacy_ruler(nlp.vocab, ruler.patterns)
    for doc in (nlp.make_doc(TEXT), nlp.tokenizer.tokenizer(TEXT)):
        assert any(t.is_space for t in doc) and "  " in TEXT
        for name in _BEFORE:
            doc = nlp.get_pipe(name)(doc)
        a, b = theirs(doc.copy()), ruler(doc.copy())
        for name in _AFTER:
            a, b = nlp.get_pipe(name)(a), nlp.get_pipe(name)(b)
        assert numpy.array_equal(_arrays(a), _arrays(b))
        assert _analysis(a) == _analysis(b)
        assert {t.tag_ for t in b if t.is_space} == {"SPACE"}


def test_vectorised_ruler_fixes_space_tokens_the_model_got_wrong(nlp):
    """The whitespace rules do nothing on the model's own output (it tags spaces SPACE):
    a Doc whose space tokens are mis-tagged, and a word tagged SPACE, exercise them."""
    ruler = nlp.get_pipe("attribute_ruler")
    words = ["Le", "  ", "ministre", "\n\n", "parle", "."]
    spaces = [True, False, True, False, False, False]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=spaces,
        pos=["DET", "NOUN", "SPACE", "PROPN", "VERB", "PUNCT"],
        morphs=["Gender=Masc", "Number=Sing", "", "Gender=Fem", "Mood=Ind", ""],
        heads=[2, 2, 4, 4, 4, 4],
        deps=["det", "nsubj", "nsubj", "punct", "ROOT", "punct"],
    )
    a, b = _spacy_ruler(nlp.vocab, ruler.patterns)(doc.copy()), ruler(doc.copy())
    assert numpy.array_equal(_arrays(a), _arrays(b))
    assert [(t.pos_, t.tag_, t.dep_, str(t.morph)) for t in b] == [
        ("DET", "DET", "det", "Gender=Masc"),
        ("SPACE", "SPACE", "dep", ""),
        ("X", "X", "nsubj", ""),
        ("SPACE", "SPACE", "dep", ""),
        ("VERB", "VERB", "ROOT", "Mood=Ind"),
        ("PUNCT", "PUNCT", "punct", ""),
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        {"patterns": [[{"POS": "NOUN"}, {"POS": "ADJ"}]], "attrs": {"TAG": "N"}},  # two tokens
        {"patterns": [[{"POS": "NOUN", "OP": "?"}]], "attrs": {"TAG": "N"}},
        {"patterns": [[{"LOWER": {"REGEX": "^l"}}]], "attrs": {"TAG": "N"}},
        {"patterns": [[{"_": {"x": 1}}]], "attrs": {"TAG": "N"}},
        {"patterns": [[{"ORTH": "le"}]], "attrs": {"LEMMA": "le"}},  # not a set attribute
        {"patterns": [[{"ORTH": "le"}]], "attrs": {"NORM": "le"}},
        {"patterns": [[{"ORTH": "le"}]], "attrs": {"TAG": "D"}, "index": 1},
        {"patterns": [[{"MORPH": {"IS_SUBSET": ["Gender=Masc"]}}]], "attrs": {"TAG": "N"}},
    ],
)
def test_pattern_of_another_shape_keeps_spacy_ruler(pattern):
    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"POS": "ADJ"}]], "attrs": {"TAG": "ADJ"}}, pattern])
    assert compile_rules(nlp.vocab, ruler.patterns) is None
    _vectorise_attribute_ruler(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_rules_apply_in_order_on_the_doc_as_it_came_and_later_ones_win():
    """As spaCy's: every pattern tested before any is applied (``la`` is not retagged by the
    rule on TAG DET that the first rule made it), the later of two matching rules wins,
    also among rules applied as one table."""
    vocab = Vocab()
    patterns = [
        {"patterns": [[{"POS": "DET"}]], "attrs": {"TAG": "DET"}},
        {"patterns": [[{"TAG": "DET"}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"ORTH": {"IN": ["maison", "route"]}}]], "attrs": {"TAG": "N1"}},
        {"patterns": [[{"ORTH": "route", "POS": {"NOT_IN": ["VERB"]}}]], "attrs": {"TAG": "N2"}},
        {"patterns": [[{"POS": "CCONJ"}]], "attrs": {"TAG": "C1"}},  # a table of two
        {"patterns": [[{"POS": "CCONJ"}]], "attrs": {"TAG": "C2"}},
    ]
    words = ["la", "maison", "et", "la", "route"]
    doc = Doc(vocab, words=words, pos=["DET", "NOUN", "CCONJ", "DET", "NOUN"])
    ours = VectorRuler(patterns, compile_rules(vocab, patterns))
    a, b = _spacy_ruler(vocab, patterns)(doc.copy()), ours(doc.copy())
    assert numpy.array_equal(_arrays(a), _arrays(b))
    assert [(t.pos_, t.tag_) for t in b] == [
        ("DET", "DET"), ("NOUN", "N1"), ("CCONJ", "C2"), ("DET", "DET"), ("NOUN", "N2"),
    ]  # fmt: skip


def test_vectorised_ruler_reading_one_attribute_crashed():
    """Rules that test a single attribute made ``Doc.to_array`` return one dimension, and
    the ruler failed on ``cols[:, j]`` (IndexError): the compiled shape was accepted, then
    crashed on every Doc."""
    vocab = Vocab()
    patterns = [{"patterns": [[{"TAG": "ADJ"}]], "attrs": {"TAG": "X"}}]
    doc = Doc(vocab, words=["une", "réforme", "juste"], tags=["DET", "NOUN", "ADJ"])
    ours = VectorRuler(patterns, compile_rules(vocab, patterns))
    a, b = _spacy_ruler(vocab, patterns)(doc.copy()), ours(doc.copy())
    assert numpy.array_equal(_arrays(a), _arrays(b))
    assert [t.tag_ for t in b] == ["DET", "NOUN", "X"]
