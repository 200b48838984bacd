"""The event coder's syntax helpers on hand-built Docs: no model, milliseconds.

Each Doc is written as the parser gives it (UD French labels), one token per row:
``(word, head, dep, pos, lemma, morph)``, heads as token indices.
"""

from __future__ import annotations

from testkit import parsed
from veille.components.events.syntax import (
    after_auxiliary,
    de_complements,
    fold_key,
    has_avoir,
    is_finite_group,
    is_infinitive,
    is_partitive,
    is_passive,
    np_text,
    predicate_of_subject,
    restricted_subtree,
    subject_of,
    with_conj,
)

# "Des civils ont été bombardés par l'armée"
BOMBED = parsed(
    ("Des", 1, "det", "DET", "un", ""),
    ("civils", 4, "nsubj:pass", "NOUN", "civil", ""),
    ("ont", 4, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
    ("été", 4, "aux:pass", "AUX", "être", "VerbForm=Part"),
    ("bombardés", 4, "ROOT", "VERB", "bombarder", "VerbForm=Part"),
    ("par", 7, "case", "ADP", "par", ""),
    ("l'", 7, "det", "DET", "le", ""),
    ("armée", 4, "obl:agent", "NOUN", "armée", ""),
)

# "Les manifestants se sont réunis": a pronominal verb the parser gives a passive subject
GATHERED = parsed(
    ("Les", 1, "det", "DET", "le", ""),
    ("manifestants", 4, "nsubj:pass", "NOUN", "manifestant", ""),
    ("se", 4, "expl:comp", "PRON", "se", ""),
    ("sont", 4, "aux:tense", "AUX", "être", "VerbForm=Fin"),
    ("réunis", 4, "ROOT", "VERB", "réunir", "VerbForm=Part"),
)

# "Il a prévenu": a compound past the parser gives a passive subject
WARNED = parsed(
    ("Il", 2, "nsubj:pass", "PRON", "il", ""),
    ("a", 2, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
    ("prévenu", 2, "ROOT", "VERB", "prévenir", "VerbForm=Part"),
)


def test_passive_with_agent_and_aux_pass():
    assert is_passive(BOMBED[4])


def test_passive_subject_is_not_the_agent():
    # the passive subject is the one hit, not the one acting
    assert subject_of(BOMBED[4]) is None


def test_pronominal_verb_is_not_passive():
    assert not is_passive(GATHERED[4])


def test_compound_past_with_avoir_is_not_passive():
    assert has_avoir(WARNED[2])
    assert not is_passive(WARNED[2])
    assert subject_of(WARNED[2]) == WARNED[0]


def test_subject_through_an_xcomp_chain():
    # "Le gouvernement veut négocier": who negotiates is who wants to
    doc = parsed(
        ("Le", 1, "det", "DET", "le", ""),
        ("gouvernement", 2, "nsubj", "NOUN", "gouvernement", ""),
        ("veut", 2, "ROOT", "VERB", "vouloir", "VerbForm=Fin"),
        ("négocier", 2, "xcomp", "VERB", "négocier", "VerbForm=Inf"),
    )
    assert subject_of(doc[3]) == doc[1]


def test_trigger_noun_subject_of_its_predicate():
    # "un attentat a visé une église"
    doc = parsed(
        ("un", 1, "det", "DET", "un", ""),
        ("attentat", 3, "nsubj", "NOUN", "attentat", ""),
        ("a", 3, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
        ("visé", 3, "ROOT", "VERB", "viser", "VerbForm=Part"),
    )
    assert predicate_of_subject(doc[1]) == doc[3]
    assert predicate_of_subject(doc[3]) is None


def test_partitive_object_taken_for_a_de_complement():
    # "ont ciblé des intérêts"
    doc = parsed(
        ("ont", 1, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
        ("ciblé", 1, "ROOT", "VERB", "cibler", "VerbForm=Part"),
        ("des", 3, "case", "ADP", "de", ""),
        ("intérêts", 1, "obl:arg", "NOUN", "intérêt", ""),
    )
    assert is_partitive(doc[3])
    assert not is_partitive(doc[1])


def test_de_complements_through_counting_nouns():
    # "des dizaines de milliers de civils"
    doc = parsed(
        ("des", 1, "det", "DET", "un", ""),
        ("dizaines", 1, "ROOT", "NOUN", "dizaine", ""),
        ("de", 3, "case", "ADP", "de", ""),
        ("milliers", 1, "nmod", "NOUN", "millier", ""),
        ("de", 5, "case", "ADP", "de", ""),
        ("civils", 3, "nmod", "NOUN", "civil", ""),
    )
    assert de_complements(doc[1]) == [doc[3], doc[5]]


def test_conjoined_parties():
    # "la Russie et la Turquie"
    doc = parsed(
        ("la", 1, "det", "DET", "le", ""),
        ("Russie", 1, "ROOT", "PROPN", "Russie", ""),
        ("et", 4, "cc", "CCONJ", "et", ""),
        ("la", 4, "det", "DET", "le", ""),
        ("Turquie", 1, "conj", "PROPN", "Turquie", ""),
    )
    assert with_conj([doc[1]]) == [doc[1], doc[4]]


def test_restricted_subtree_stops_at_a_clause():
    # "Il a dit qu'il viendrait": the reported clause is not part of the saying
    doc = parsed(
        ("Il", 2, "nsubj", "PRON", "il", ""),
        ("a", 2, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
        ("dit", 2, "ROOT", "VERB", "dire", "VerbForm=Part"),
        ("qu'", 5, "mark", "SCONJ", "que", ""),
        ("il", 5, "nsubj", "PRON", "il", ""),
        ("viendrait", 2, "ccomp", "VERB", "venir", "VerbForm=Fin"),
    )
    assert sorted(t.i for t in restricted_subtree(doc[2])) == [0, 1, 2]


def test_infinitive_simple_and_compound_and_finite_groups():
    doc = parsed(
        ("avoir", 1, "aux:tense", "AUX", "avoir", "VerbForm=Inf"),
        ("parlé", 1, "ROOT", "VERB", "parler", "VerbForm=Part"),
    )
    assert is_infinitive(doc[1])
    assert is_finite_group(doc[1])  # a participle with its auxiliary
    assert not is_finite_group(BOMBED[0])
    assert not is_infinitive(WARNED[2])


def test_participle_tagged_as_a_noun_after_its_auxiliary():
    # "Il a téléphoné": the tagger made "téléphoné" a noun
    doc = parsed(
        ("Il", 2, "nsubj", "PRON", "il", ""),
        ("a", 2, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
        ("téléphoné", 2, "ROOT", "NOUN", "téléphoné", ""),
    )
    assert after_auxiliary(doc[2])
    assert not after_auxiliary(doc[0])


def test_np_text_drops_the_preposition_keeps_the_adjective():
    # "à l'armée russe"
    doc = parsed(
        ("à", 2, "case", "ADP", "à", ""),
        ("l'", 2, "det", "DET", "le", ""),
        ("armée", 2, "ROOT", "NOUN", "armée", ""),
        ("russe", 2, "amod", "ADJ", "russe", ""),
    )
    assert np_text(doc[2]) == "l'armée russe"


def test_fold_key_of_the_actor_tables():
    assert fold_key("l'Élysée") == "elysee"
    assert fold_key("M.  Macron") == "m. macron"
    assert fold_key("La  Maison-Blanche") == "maison-blanche"


def test_euphonic_t_taken_as_the_subject() -> None:
    """Regression: the tokenizer splits « a-t-il salué » into « a », « -t », « -il », and the
    parser may make « -t » a subject: the event's actor was the letter t. The pronoun after
    the « t » is the subject."""
    doc = parsed(
        ("«", 7, "punct", "PUNCT", "«", ""),
        ("Bravo", 7, "obj", "NOUN", "bravo", ""),
        ("»", 7, "punct", "PUNCT", "»", ""),
        (",", 7, "punct", "PUNCT", ",", ""),
        ("a", 7, "aux:tense", "AUX", "avoir", "VerbForm=Fin"),
        ("-t", 7, "nsubj", "PRON", "-t", ""),
        ("-il", 7, "nsubj", "PRON", "il", ""),
        ("salué", 7, "ROOT", "VERB", "saluer", "VerbForm=Part"),
    )
    subject = subject_of(doc[7])
    assert subject is not None and subject.text == "-il"
