"""The word lists and word rules of the event coder, as data (``veille.components.events.words``):
each row of ``events_words.tsv`` that ties a rule to a word, of ``events_refine.tsv``, of
``events_future.tsv`` and each event head of ``places_heads.tsv`` is run on its own sentence
through the pipeline, and does there what the row says."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Token

from veille.components.events.actors import place_token
from veille.components.events.lookups import doc_info
from veille.components.events.matching import find_triggers, trigger_index
from veille.components.events.modality import future_by_form
from veille.components.events.words import (
    LIST_CLASSES,
    RULE_CLASSES,
    FutureStem,
    Refinement,
    WordRow,
    future_stem_rows,
    place_head_rows,
    refinement_rows,
    refinements,
    word_class,
    word_rows,
)
from veille.model import Event
from veille.text.fold import lower

PUB = "2019-03-15"


def _doc(nlp, text: str) -> Doc:
    doc = nlp.tokenizer(text)
    doc._.date = PUB
    return nlp(doc)


def _anchor(doc: Doc, e: Event) -> Token:
    """The first token of an event's trigger."""
    return next(t for t in doc if t.idx == e.trigger.start)


def _is(t: Token, word: str) -> bool:
    return word in (lower(t.lemma_), lower(t.text))


def _entry_code(doc: Doc, t: Token) -> str | None:
    """The code of the events.tsv entry matched at ``t``."""
    return next((m.entry.code for m in find_triggers(doc) if m.anchor.i == t.i), None)


def _rejected_by(doc: Doc, row: WordRow) -> bool:
    return any(
        rule == row.cls and _is(_anchor(doc, e), row.word) for rule, e in doc._.events_rejected
    )


def _recoded(doc: Doc, row: WordRow, code: str, root: str) -> bool:
    """An event of the row's verb coded ``code``, matched as an entry of ``root``."""
    return any(
        e.cameo.code == code
        and _is(t := _anchor(doc, e), row.word)
        and (_entry_code(doc, t) or "").startswith(root)
        for e in doc._.events
    )


def _two_sides(doc: Doc, row: WordRow) -> bool:
    """A noun event with two actors, the subject of the row's verb."""
    return any(
        len(e.actors) >= 2 and lower(_anchor(doc, e).head.lemma_) == row.word for e in doc._.events
    )


_CHECKS = {
    "threat-to-nobody": _rejected_by,
    "proposal-to-nobody": _rejected_by,
    "show-not-march": _rejected_by,
    "commitment-to-nobody": _rejected_by,
    "rally": lambda doc, row: _recoded(doc, row, "141", "04"),
    "taken-to-task": lambda doc, row: _recoded(doc, row, "111", "17"),
    "opposing": _two_sides,
}


def test_every_rule_class_has_a_check():
    assert set(_CHECKS) == RULE_CLASSES


@pytest.mark.parametrize("cls", sorted(RULE_CLASSES | LIST_CLASSES))
def test_every_class_has_words(cls):
    assert word_class(cls)


@pytest.mark.parametrize(
    "row", [r for r in word_rows() if r.cls in RULE_CLASSES], ids=lambda r: f"{r.cls}:{r.word}"
)
def test_word_rule_applies_in_its_sentence(nlp, row: WordRow):
    doc = _doc(nlp, row.sentence)
    assert _CHECKS[row.cls](doc, row), (
        [(e.trigger.text, e.cameo.code, [a.name for a in e.actors]) for e in doc._.events],
        [(rule, e.trigger.text) for rule, e in doc._.events_rejected],
    )


def _about_key(act: str, code: str) -> str | None:
    """The ``about`` of ``events_refine.tsv`` that an event of ``code`` refines ``act`` by."""
    table = refinements()[act]
    return next((k for k in (code, code[:3], code[:2]) if k in table), None)


@pytest.mark.parametrize("row", refinement_rows(), ids=lambda r: f"{r.act}:{r.about}")
def test_refinement_applies_in_its_sentence(nlp, row: Refinement):
    doc = _doc(nlp, row.sentence)
    matches = find_triggers(doc)
    acts = [m for m in matches if m.entry.code == row.act]
    about = [m.entry.code for m in matches if m.entry.code != row.act]
    # "prêt à rencontrer": the infinitive of the act's own pattern
    about += [
        e.code
        for m in acts
        for t in m.tokens[1:]
        if "Inf" in t.morph.get("VerbForm")
        for e in trigger_index().get(lower(t.lemma_), ())
        if e.pos == "V"
    ]
    assert acts, [(m.entry.pattern, m.entry.code) for m in matches]
    assert row.about in {_about_key(row.act, c) for c in about}, about
    assert row.code in {e.cameo.code for e in doc._.events}, [
        (e.trigger.text, e.cameo.code) for e in doc._.events
    ]


@pytest.mark.parametrize("row", future_stem_rows(), ids=lambda r: r.verb)
def test_future_stem_read_in_its_sentence(nlp, row: FutureStem):
    found = []
    for t in nlp(row.sentence):
        word, lemma = lower(t.text), lower(t.lemma_)
        if lemma == row.verb or (row.compounds and lemma.endswith(row.verb)):
            stem = lemma[: len(lemma) - len(row.verb)] + row.stem
            found.append((word, word.startswith(stem[:-1]) and future_by_form(word, lemma)))
    assert found and all(ok for _, ok in found), found


@pytest.mark.parametrize(
    ("head", "sentence"), place_head_rows(), ids=[h for h, _ in place_head_rows()]
)
def test_place_head_names_a_place_in_its_sentence(nlp, head: str, sentence: str):
    doc = _doc(nlp, sentence)
    info = doc_info(doc)
    heads = [t for t in doc if t.lemma_.lower() == head]
    assert heads
    for t in heads:
        assert t.i not in info.entity_at  # the place is found through the head, not its own
        p = place_token(t, info)
        assert p is not None and p.kind != "country", (t.text, p)
