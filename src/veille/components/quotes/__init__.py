"""Quotes: who said what, with the speaker resolved across the article.

Sets ``doc._.quotes`` to a list of :class:`veille.model.Quote` (ids ``q1``, ``q2``… in text
order), of the four types of the eval GUIDELINES:

- ``direct``: the words inside a pair of quotation marks, attributed by a cue before them
  (``a dit : « … »``), after them (``« … », a-t-il ajouté``, ``« … » a dit Poutine``), inside
  them (an incise ``« A, a-t-il ajouté, B »`` gives two quotes), or floating (a quotation alone
  in its sentence, spoken by the speaker named just before). A quotation may run over several
  sentences. The headline form ``X : « … »`` / ``X : statement`` is a quote of ``X``.
- ``indirect``: the complement of a reporting verb or phrase: after ``que``/``qu'``, after a
  colon, or the object or infinitive after the verb (``a souligné la nécessité de…``), to the
  end of the clause; or the clause before an inverted cue (``…, a affirmé le ministre``).
- ``mixed``: an indirect complement that contains quoted words.
- ``according_to``: the clause attributed with ``selon X``, ``d'après X``, ``de source X``,
  ``a-t-on appris auprès de X``, and ``Pour X, …`` opening a sentence with X a person.

Cues are data: ``lexicon/reporting_verbs.tsv`` lists lemmas and fixed phrases, matched by the
spaCy lemma or a regular conjugation rule (never by inflected forms); inversions and incises are
rules here. Closed word classes (days, negation words, media and document nouns) are in
``lexicon/quotes_words.tsv``.

A quoted phrase of five words or more worked into a sentence with no cue (``ont passé « leur
vie à protéger les autres »``) is a ``direct`` quote of the agent after it (``…, employée par
X``) or of the person the article is about there (low confidence). Inversions need no comma
when the verb never takes a person as object (``… précise Le Point``, ``… estiment les
experts``: ``inverts`` in ``quotes_words.tsv``); an object shared out with the verb said once
(``X (LR) a salué A, Y (PS) B et Z (RN) C``) gives one quote per speaker.

Not quotes: quoted names and terms (``l'agence « Tass »``, ``la mention « … »``) and short
quoted words with no cue, negated speech (``n'a pas dit que``), cues inside someone else's
quotation, a relative clause whose antecedent is a thing (``des éléments …, qui appellent``),
an object that is only a party (``a défendu le président``). Conditional reporting (``aurait
déclaré``) is kept with ``reported=True``.

Speakers (``speakers.py`` finds the words, ``resolve.py`` what they denote): the subject of
the cue (dependency parse, with surface rules for inversions, appositions and a name right
before the cue), or the antecedent of ``qui``, or for a participle the previous speaker of the
sentence, the noun it qualifies (``des sources confirmant que``) or the subject of its clause.
A name or a title mention of an entity (from ``doc._.entities``) gives the entity and its
canonical name; ``il``/``elle``/``ils`` go to the latest compatible *topic* (a main-clause
subject outside quotations and reported content, or a speaker), with gender from ``M.``/
``Mme``, first names (``lexicon/first_names.tsv``) and titles; a description goes to the person
it denotes (see ``resolve.py``); anything else keeps the description as written. ``via`` is the
medium relaying a quote (``à l'AFP``, ``sur France Inter``, ``…, selon l'agence « Tass »``).

Modules: ``vocab`` (the cue lexicon and lemma matching), ``marks`` (quotation marks),
``base`` (the per-document state, the tokens read once as arrays, small text helpers),
``cues`` (the cues of a unit: source words, and verbs read by a table of named steps),
``subjects`` (the subject of a verb cue), ``clauses`` (token walks inside a clause),
``speakers`` and ``resolve`` (speakers), ``extractor`` (the component: contents and types,
unit by unit).

Confidence: a base per form, times a factor for how the speaker was found.
Base: direct with a cue 0.9; mixed 0.8; indirect after ``que``/colon 0.8; according_to 0.75;
indirect with a plain object or infinitive 0.65; floating direct and headline forms 0.6.
Speaker factor: named entity 1.0; pronoun, relative or role resolved to an entity 0.9;
unresolved description 0.85; speaker taken from context (participle, floating) 0.8; none 0.5.
"""

from __future__ import annotations

from spacy.language import Language

from .extractor import QuoteExtractor
from .marks import quote_pairs
from .vocab import CueEntry, cue_entries, lemmas_of

__all__ = ["CueEntry", "QuoteExtractor", "cue_entries", "lemmas_of", "quote_pairs"]


@Language.factory(
    "veille_quotes",
    assigns=["doc._.quotes"],
    requires=["doc._.entities", "token.dep", "token.lemma"],
)
def make_quote_extractor(nlp: Language, name: str) -> QuoteExtractor:
    return QuoteExtractor()
