"""The verb cue steps of the quotes component (``veille.components.quotes.cues``): an ordered
table of named steps, the step that turns a word down named on real French sentences, and the
clause walks of ``quotes.clauses`` on hand-built Docs (no model needed)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from veille.components.quotes.base import Unit, build_state
from veille.components.quotes.clauses import infinitive_at, que_follows
from veille.components.quotes.cues import STEPS, read_verb_cue
from veille.components.quotes.vocab import lemma_forms, verb_index
from veille.text.spans import Intervals

NAMES = [s.name for s in STEPS]


def test_step_names_are_unique():
    assert len(NAMES) == len(set(NAMES))
    assert all(n and n == n.lower() and " " not in n for n in NAMES)


def test_steps_run_in_the_order_they_depend_on():
    at = NAMES.index
    # the entry is chosen knowing the reflexive pronoun, and then puts it in the group
    assert at("reflexive-pronoun") < at("lexicon-entry") < at("reflexive-group")
    # a word is turned down before any subject is looked for
    assert at("negated") < at("cue-words") < at("parsed-subject")
    # the mood is read on the group before the gerund's "en" joins it
    assert at("conditional") < at("gerund") == len(NAMES) - 1
    # a passive with a speaker as its agent is not turned down, and the agent is its speaker
    # whatever the inversion steps made of the subject
    assert at("passive-agent") < at("passive-participle") < at("passive-voice")
    assert at("inversion-without-comma") < at("agent-speaker")


def _read(nlp, text: str, word: str):
    """The cue reading of ``word`` in the one-sentence ``text``: (cue, name of the step that
    turned it down)."""
    doc = nlp(text)
    st = build_state(doc)
    u = Unit(0, len(text), 0, len(doc))
    pairs = Intervals(st.pairs.starting_in(u.start, u.end))
    i = next(t.i for t in doc if t.text == word)
    index = verb_index()
    entries = next(index[lem] for lem in lemma_forms(doc[i].lemma_, doc[i].text) if lem in index)
    return read_verb_cue(st, u, i, entries, pairs)


@pytest.mark.parametrize(
    ("step", "text", "word"),
    [
        ("passive-voice", "La décision a été annoncée mardi.", "annoncée"),
        ("passive-voice", "Le plan a été présenté mardi par le gouvernement.", "présenté"),
        ("negated", "Le ministre n'a pas dit que la réforme serait retirée.", "dit"),
        ("noun-after-determiner", "La critique du projet a été vive.", "critique"),
        ("bare-infinitive", "Il veut annoncer la réforme.", "annoncer"),
        ("inside-a-quotation", "« Nous avons dit que nous serions là », a-t-elle ajouté.", "dit"),
    ],
)
def test_the_step_that_turns_a_word_down_is_named(nlp, step, text, word):
    cue, name = _read(nlp, text, word)
    assert (cue, name) == (None, step)


def test_a_cue_with_its_subject_before(nlp):
    text = "Le président aurait affirmé que la réforme serait maintenue."
    cue, name = _read(nlp, text, "affirmé")
    assert name is None and cue is not None
    assert text[cue.cue[0] : cue.cue[1]] == "aurait affirmé"
    assert text[cue.subject[0] : cue.subject[1]] == "Le président"
    assert not cue.inverted and cue.reported  # the conditional


@pytest.mark.parametrize(
    ("after", "cue_text"), [("a-t-il déclaré", "a-t-il déclaré"), ("a déclaré Paul", "a déclaré")]
)
def test_an_inversion_after_a_quotation(nlp, after, cue_text):
    text = f"« La réforme sera maintenue », {after}."
    cue, _ = _read(nlp, text, "déclaré")
    assert cue is not None and cue.inverted and cue.after_quote and cue.subject is None
    assert text[cue.cue[0] : cue.cue[1]] == cue_text


def test_the_gerund_opens_the_cue(nlp):
    text = "Le ministre a répondu en soulignant que rien n'était décidé."
    cue, _ = _read(nlp, text, "soulignant")
    assert cue is not None and text[cue.cue[0] : cue.cue[1]] == "en soulignant"


def _doc(words: list[str], pos: list[str], morphs: list[str] | None = None) -> Doc:
    return Doc(Vocab(), words=words, pos=pos, morphs=morphs or [""] * len(words))


def test_infinitive_over_a_negation():
    # "assure ne rien savoir": reported content after any reporting verb
    doc = _doc(["assure", "ne", "rien", "savoir"], ["VERB", "ADV", "PRON", "VERB"],
               ["VerbForm=Fin", "", "", "VerbForm=Inf"])  # fmt: skip
    u = Unit(0, len(doc.text), 0, len(doc))
    assert infinitive_at(doc, 1, u)
    assert not infinitive_at(doc, 0, u)


def test_que_ahead_before_any_verb():
    doc = _doc(["a", "dit", "mardi", "qu'", "il", "partait"],
               ["AUX", "VERB", "NOUN", "SCONJ", "PRON", "VERB"])  # fmt: skip
    u = Unit(0, len(doc.text), 0, len(doc))
    assert que_follows(doc, 2, u)
    assert not que_follows(doc, 0, u)  # "dit" comes first
