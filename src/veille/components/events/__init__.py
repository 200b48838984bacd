"""Events: who did what to whom, where and when, coded in CAMEO and PLOVER.

Triggers come from the French lexicon ``lexicon/events.tsv`` (verbs, nouns, adjectives and
multi-word expressions by lemma, each with a CAMEO code and an argument frame), matched on the
parsed Doc; the longest entry at an anchor wins. Arguments come from the dependency parse:
the subject (or the passive agent) is the actor of a verb; a noun's actor is its nationality
adjectives (``la coopération russo-irano-turque``), its ``par``/``de`` complement, or the
subject of the verb that governs it (``lors de sa rencontre avec X, Poutine a dit``).
Recipients are the complements the entry names (object, ``avec``, ``contre``, ``sur``…).

Actors are coded GDELT-style (``lexicon/actors.tsv``, ``roles.tsv``, ``organisations.tsv``):
ISO-3 country + CAMEO sector (``RUSGOV``), ``IGO`` + code for international organisations,
the country alone for a country. Modality: appeals and demands (roots 02 and 10) are
``appeal`` and the action they call for is not an event of its own (it refines the appeal's
code: a call for a ceasefire is 0256); then negation, then ``reported`` (inside quote marks,
inside a quote of ``doc._.quotes``, in the complement of a reporting verb, attributed with
*selon*, or in the journalistic conditional), ``hypothetical`` (conditional), ``future``.

A speech act its own speaker tells of (``« Nous avons convoqué l'ambassadeur », a déclaré le
ministre``, ``il s'est dit opposé à…``) is performed, not reported. A quote whose cue is an
event verb (``a dénoncé``, ``a appelé à``) is that event, with the quote's speaker as actor
when the parse gives none.

Not every matched word is an event an analyst wants; the rules of ``rules.RULES``, a table
of named rules tried in order, turn it down (the rejected events stay on
``doc._.events_rejected`` with the rule's name): a word inside a name (``l'Office central de
répression``), an idiom (``lexicon/events_stop.tsv``: ``photos à l'appui``, ``puissance de
frappe``), background history (``en 2005``, more than a year before publication), a meeting
or an attack by no known actor on no party (``Microsoft a reçu le message``, ``les pompiers
combattent l'incendie``), a fight between politicians (``des batailles, j'en ai mené``), a
word with nobody attached and nowhere (``les sanctions``); and the second mention of one
event in a sentence (``14 attaques ont ciblé…``) is ``said-twice``.

The steps of :class:`EventCoder`, in order: per-document lookups (``lookups``), triggers
(``matching``), draft events with their arguments (``arguments``, with ``actors`` coding
them), obligations in someone's words (``governing``: « ils doivent cesser… », a dit X, is
X's appeal to them; told by the text, ``devoir`` is a plan and no event), speech acts and
what they govern (``governing``), finished events (``finish``: ``modality``, and place,
date and size from ``attributes``), the period the clause's own date words denote, the
repeats merged into the event they repeat, the rejection rules (``rules``), then the actor
implied by the place (``finish``: a protest, an arrest, an attack with nobody named doing
it is done by people of where it happened, else of the country the article is about).
``syntax`` holds the helpers that read the parse; ``words`` the word lists and the words of
word-specific rules, read from the lexicon (``events_words.tsv``, ``events_refine.tsv``,
``events_future.tsv``, the event heads of ``places_heads.tsv``).
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from veille.settings import EventConfidence

from .arguments import draft
from .attributes import clause_period
from .finish import finish, implied_actor
from .governing import govern, speech_obligations
from .lookups import HOME, doc_info
from .matching import MAX_GAP, MAX_PREP_GAP, Entry, entries, find_triggers
from .rules import not_an_event, repeated

log = logging.getLogger(__name__)


# The events the precision rules turn down, with the rule's name, for studying the rules on
# an evaluation set: ``doc._.events_rejected`` = [(rule, Event), …].
if not Doc.has_extension("events_rejected"):
    Doc.set_extension("events_rejected", default=None)


__all__ = ["Entry", "EventCoder", "entries"]


class EventCoder:
    """Sets ``doc._.events`` to the :class:`veille.model.Event` list of the Doc. The
    parameters come from :class:`veille.settings.Settings` (defaults: the constants here)."""

    def __init__(
        self,
        home_country: str = HOME,
        history_days: int = 365,
        trigger_gap: int = MAX_GAP,
        trigger_prep_gap: int = MAX_PREP_GAP,
        confidence: EventConfidence | None = None,
    ) -> None:
        self.home_country = home_country
        self.history_days = history_days
        self.gaps = (trigger_gap, trigger_prep_gap)
        self.confidence = confidence or EventConfidence()

    def __call__(self, doc: Doc) -> Doc:
        info = doc_info(doc, self.home_country)
        info.history_days = self.history_days
        info.confidence = self.confidence
        matches = find_triggers(doc, self.gaps)
        info.trigger_ids = frozenset(t.i for m in matches for t in m.tokens)
        drafts = [d for m in matches if (d := draft(m, info)) is not None]
        drafts = speech_obligations(drafts, info)  # "ils doivent…" in someone's words
        drafts = govern(drafts)  # what a speech act is about is no event of its own
        drafts.sort(key=lambda d: d.trigger_start)
        finished = [(d, finish(d, info, "")) for d in drafts]
        for d, e in finished:  # read by the background-history rule
            d.period = clause_period(d, info, e)
        # before the rules: the event a repeat belongs to takes the participants it lacks
        repeats = repeated(finished)
        events = []
        rejected = []
        for d, e in finished:
            why = "said-twice" if id(d) in repeats else not_an_event(d, e, info)
            if why is None:
                events.append(e)
            else:
                log.debug("not an event: %r (%s)", e.trigger.text, why)
                rejected.append((why, e))
        for e in events:
            implied_actor(e, info)
        for i, e in enumerate(events, 1):
            e.id = f"v{i}"
        doc._.events = events
        doc._.events_rejected = rejected
        return doc


@Language.factory(
    "veille_events",
    assigns=["doc._.events", "doc._.events_rejected"],
    requires=[
        "doc._.layout",  # the dateline (place, date): set by the tokenizer
        "doc._.date",  # the publication date: set by the caller
        "doc._.entities",
        "doc._.country_refs",
        "doc._.places",
        "doc._.quotes",
        "doc._.quantities",
        "token.dep",
        "token.pos",
        "token.lemma",
        "token.morph",
    ],
)
def make_event_coder(
    nlp: Language,
    name: str,
    home_country: str = HOME,
    history_days: int = 365,
    trigger_gap: int = MAX_GAP,
    trigger_prep_gap: int = MAX_PREP_GAP,
    confidence: dict[str, float] | None = None,
) -> EventCoder:
    weights = EventConfidence(**confidence) if confidence else None
    return EventCoder(home_country, history_days, trigger_gap, trigger_prep_gap, weights)
