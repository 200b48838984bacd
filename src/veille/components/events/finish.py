"""Finishing: a draft becomes a :class:`veille.model.Event` (actors from quotes, code,
modality, place, date, size, confidence)."""

from __future__ import annotations

from veille import cameo
from veille.model import Actor, Event
from veille.model import Span as MSpan
from veille.text.fold import lower

from .actors import (
    counterparts_apart,
    country_actor,
    described_actor,
    entity_actor,
    iso3_of,
    listed,
    others,
    speaker_actor,
)
from .arguments import Draft
from .attributes import dateline_place, event_date, event_location, event_size
from .lookups import DocInfo, quote_at
from .modality import APPEAL_ROOTS, event_modality
from .syntax import is_infinitive, is_passive
from .words import word_class


def finish(d: Draft, info: DocInfo, event_id: str) -> Event:
    """The event of a draft: its actors (the speaker of a quote when the parse gives none),
    code, modality, quote, place, date, size and confidence."""
    a = d.anchor
    modality, quote_id = event_modality(d, info)
    actors, quote_id = _speaker_actors(d, info, quote_id)
    if not actors:
        actors = d.uncoded
    recipients = others(d.recipients, actors)
    if not recipients and d.recipients and not is_passive(a):
        # "…, a prévenu la Corée du Nord": an inverted subject the parser took for the object
        actors = actors or d.recipients
    actors, recipients = counterparts_apart(actors, recipients, info)
    size, approx = event_size(d, info)
    code = _recode(d, d.code, actors, size)
    cinfo = cameo.info(code)
    location = event_location(d, info)
    if location is None and cinfo.quad_class in (1, 3) and actors:
        location = dateline_place(info, actors)
    date_text, date = event_date(d, info, modality)
    sent = info.index.sent(a.i)
    text = info.index.text  # a span's text is its characters
    return Event(
        id=event_id,
        trigger=MSpan(
            text[d.trigger.start_char : d.trigger.end_char],
            d.trigger.start_char,
            d.trigger.end_char,
        ),
        cameo=cameo.to_model(code),  # type: ignore[arg-type]
        plover=cinfo.plover,
        plover_mode=cinfo.mode,
        actors=actors,
        recipients=recipients,
        modality=modality,  # type: ignore[arg-type]
        quote=quote_id,
        location=location,
        date=date,
        date_text=date_text,
        size=size,
        size_approximate=approx,
        sentence=MSpan(text[sent.start_char : sent.end_char], sent.start_char, sent.end_char),
        confidence=_confidence(d, info, actors, bool(location or size)),
    )


def _speaker_actors(
    d: Draft, info: DocInfo, quote_id: str | None
) -> tuple[list[Actor], str | None]:
    """The draft's actors, else the speaker of the quote that tells it; and the quote (the
    one the trigger is the cue of, when it is in none)."""
    a = d.anchor
    actors = d.actors
    # an appeal inside a quote without its own subject ("il faut…"): the speaker's
    if not actors and d.code[:2] in APPEAL_ROOTS and (q := quote_at(a.idx, info)):
        actors = [x for x in [speaker_actor(q, info)] if x is not None]
    # a quote whose cue is this trigger: its speaker is the actor
    for q in info.look().cue_quotes(a.idx):
        if q.cue is not None and q.cue.start <= a.idx < q.cue.end:
            quote_id = quote_id or q.id
            if not actors and q.speaker is not None:
                e = info.look().entity(q.speaker.entity)
                actors = [
                    entity_actor(e, info)
                    if e is not None
                    else described_actor(q.speaker.name, info)
                ]
                actors = [x for x in actors if x is not None]
    if not actors and d.match.entry.pos == "V" and a.dep_ == "xcomp" and is_infinitive(a):
        # "a-t-il ajouté, mentionnant avoir parlé avec M. Macron": the one who mentions it
        # did it (the infinitive shares the subject of the cue it depends on)
        for q in info.look().cue_quotes(a.head.idx):
            if q.cue is not None and q.cue.start <= a.head.idx < q.cue.end:
                actors = listed(speaker_actor(q, info))
                break
    return actors, quote_id


def _confidence(d: Draft, info: DocInfo, actors: list[Actor], placed: bool) -> float:
    """The weights of :class:`veille.settings.EventConfidence` for what the event has."""
    w = info.confidence
    conf = w.base + w.actor * bool(actors) + w.recipient * bool(d.recipients)
    conf += w.multiword * (len(d.match.tokens) > 1)
    conf += w.verb * (d.match.entry.pos == "V") - w.uncoded_actor * (
        bool(actors) and not actors[0].code
    )
    if d.match.entry.pos != "V" and len(d.match.tokens) == 1 and not (actors or d.recipients):
        # a lone trigger noun with nobody attached is often a generic mention ("l'aide",
        # "les sanctions" in a background sentence): keep it, flagged as doubtful
        conf = w.lone_noun + w.lone_noun_placed * placed
    return round(min(conf, w.cap), 2)


# Actors of street politics: their gatherings are rallies, their damage is rioting.
_STREET = frozenset(["CVL", "LAB", "HLH", "EDU"])


def _recode(d: Draft, code: str, actors: list[Actor], size: float | None) -> str:
    """The code the participants call for: a crowd that gathers ("plusieurs centaines de
    personnes se sont réunies devant l'hôpital") rallies (141) rather than consults;
    protesters who destroy property ("des casseurs ont détruit des vitrines") riot (145); a
    politician who "interpelle" a minister criticises (111), only the police arrest (the
    ``rally`` and ``taken-to-task`` verbs of ``lexicon/events_words.tsv``)."""
    street = bool(actors) and all(x.sector in _STREET for x in actors)
    lemma = lower(d.anchor.lemma_)
    if code[:2] == "04" and lemma in word_class("rally") and (size or street):
        return "141"
    if code == "1712" and street:
        return "145"
    arresting = any(x.sector in ("COP", "MIL", "JUD", "UAF", "REB") for x in actors)
    if code[:2] == "17" and lemma in word_class("taken-to-task") and actors and not arresting:
        return "111"  # "l'élu a interpellé le ministre": taken to task, not arrested
    return code


# The PLOVER categories of acts done at a place (not said): a protest, an arrest, an attack,
# a deployment with nobody named doing it is done by people of that place.
_MATERIAL = frozenset(["PROTEST", "COERCE", "ASSAULT", "MOBILIZE"])


def implied_actor(e: Event, info: DocInfo) -> None:
    """An act done at a place with nobody named doing it ("six hommes ont été interpellés",
    "plusieurs rassemblements ont eu lieu devant l'hôpital", "une permanence a été
    vandalisée") is done by people of that place: the country of where it happened, else of
    what the article is about, as the actor (coded as that country, GDELT-style); an actor
    named but uncodable ("des manifestants") takes that country too."""
    if e.plover not in _MATERIAL:
        return
    where = e.location.country if e.location is not None and e.location.country else info.focus
    if not where:
        return
    if not e.actors:
        e.actors = [country_actor(where, info, where)]
        return
    c = iso3_of(where, info)
    for x in e.actors:
        if x.code is None and x.country is None and x.entity is None:
            x.country = c
