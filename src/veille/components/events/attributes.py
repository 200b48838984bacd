"""Attributes of an event: its place, its date and its size."""

from __future__ import annotations

from spacy.tokens import Span, Token

from veille import dates
from veille.model import Actor, Event, EventPlace, Place
from veille.model import Span as MSpan
from veille.text.fold import lower
from veille.text.spans import sent_of

from .actors import iso3_of
from .arguments import Draft
from .lookups import DocInfo, people_count
from .modality import tense_of
from .syntax import finite_or_inf, is_finite_group, predicate_of_subject


def _event_place(p: Place, info: DocInfo) -> EventPlace:
    return EventPlace(
        name=p.name,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        geonames_id=p.geonames_id,
        entity=p.entity,
        mention=p.mention,
    )


def event_location(d: Draft, info: DocInfo) -> EventPlace | None:
    actor_entities = {x.entity for x in d.actors + d.recipients if x.entity}
    rank = {"city": 0, "region": 1, "feature": 2, "country": 3}
    best: tuple[int, int, Place, Token] | None = None
    toks: list[Token] = []
    if _place_in_reach(d, info):
        toks = [*d.subtree(d.anchor), *d.place_tokens]
        for extra in [*d.match.tokens[1:], *_subject_predicate(d)]:
            toks.extend(d.subtree(extra))
    for t in toks:
        e = info.entity_at.get(t.i)
        if e is None or e.type != "LOC" or e.id in actor_entities:
            continue
        p = info.place_of.get(e.id)
        if p is None:
            continue
        key = (rank.get(p.kind, 4), abs(t.i - d.anchor.i))
        if best is None or key < best[:2]:
            best = (*key, p, t)
    found = (best[2], best[3]) if best is not None else _place_after(d, info, actor_entities)
    if found is None:
        return None
    p, t = found
    out = _event_place(p, info)
    out.mention = MSpan(t.text, t.idx, t.idx + len(t.text))
    return out


def _place_in_reach(d: Draft, info: DocInfo) -> bool:
    """Whether a word of a place's mention is among the place words or in the subtree of
    the trigger's words (and of the verb of a trigger subject): where
    :func:`event_location` looks."""
    places = info.place_words
    if any(places.first_at(t.i) is not None for t in d.place_tokens):
        return True
    heads = [d.anchor, *d.match.tokens[1:], *_subject_predicate(d)]
    return any(places.any_between(t.left_edge.i, t.right_edge.i + 1) for t in heads)


def _place_after(d: Draft, info: DocInfo, actor_entities: set[str]) -> tuple[Place, Token] | None:
    """A city, region or feature named by ``de``, ``à``, ``en``, ``dans`` a few words after
    the trigger, before the next verb: the parse often loses "de X" after numbers."""
    doc = d.anchor.doc
    last = d.match.tokens[-1].i
    end = min(info.index.sent_bounds(d.anchor.i)[1], last + 12)
    if not info.place_words.any_between(last + 1, end):
        return None  # no place named after the trigger
    for j in range(last + 1, end):
        t = doc[j]
        if (t.pos_ in ("VERB", "AUX") and finite_or_inf(t)) or t.text in (";", ":", "«", "»"):
            break
        e = info.entity_at.get(j)
        if e is None or e.type != "LOC" or e.id in actor_entities:
            continue
        p = info.place_of.get(e.id)
        prev = lower(doc[j - 1].text)
        if p is not None and p.kind != "country" and prev in ("de", "d'", "à", "en", "dans"):
            return p, t
    return None


def _subject_predicate(d: Draft) -> list[Token]:
    """For a trigger noun that is the subject of its clause, the clause's verb (where and how
    many are said there: "un attentat a visé une église à Lahore")."""
    if d.match.entry.pos == "V":
        return []
    pred = predicate_of_subject(d.anchor)
    return [pred] if pred is not None and pred.i not in _trigger_token_ids(d) else []


def _trigger_token_ids(d: Draft) -> set[int]:
    return {t.i for t in d.match.tokens}


def dateline_place(info: DocInfo, actors: list[Actor]) -> EventPlace | None:
    dl = info.dateline
    if dl is None:
        return None
    for p in info.place_of.values():
        inside = dl.start <= p.mention.start < dl.end
        if inside and p.country and any(a.country == iso3_of(p.country, info) for a in actors):
            return _event_place(p, info)
    return None


def event_date(d: Draft, info: DocInfo, modality: str) -> tuple[MSpan | None, str | None]:
    """The date words of the event's clause (resolved), else the publication date for a
    past event."""
    text = _date_words(d, info)
    if text is not None:
        return text, dates.resolve(text.text, info.published, future=_future(d, info, modality))
    if modality in ("future", "hypothetical", "appeal"):
        return None, None
    return None, info.published[:10] if info.published else None


def clause_period(d: Draft, info: DocInfo, e: Event) -> tuple[str, str] | None:
    """The days the event's date words (``e.date_text``) can denote when they date the
    trigger's own clause (``en 2013``), for the background-history rule; else None."""
    text = e.date_text
    if text is None:
        return None
    span = info.doc.char_span(text.start, text.end, alignment_mode="expand")
    if span is None or not _dates_the_clause(d, span, _clause_chain(d)):
        return None
    return dates.period(text.text, info.published, future=_future(d, info, e.modality))


def _future(d: Draft, info: DocInfo, modality: str) -> bool:
    """Whether date words are read forward: a future tense, or a future modality with no
    past tense."""
    if d.tense is None:
        d.tense = (tense_of(d.anchor, info),)
    tense = d.tense[0]
    return tense == "future" or (modality == "future" and tense != "past")


def _date_words(d: Draft, info: DocInfo) -> MSpan | None:
    """The date words nearest the trigger in its sentence, those attached to its clause
    first."""
    found = _sentence_dates(d.anchor.i, info)
    if not found:
        return None
    clause = {t.i for t in d.subtree(d.anchor)}
    chain = _clause_chain(d)
    best = None
    for text, start, span in found:
        if _attached(span.root, chain):
            rank = 0
        elif span[0].i in clause or span[0].head.i in clause:
            rank = 50
        else:
            rank = 100
        dist = rank + abs(span[0].i - d.anchor.i)
        if best is None or dist < best[0]:
            best = (dist, MSpan(text, start, start + len(text)))
    return best[1] if best is not None else None


def _sentence_dates(i: int, info: DocInfo) -> list[tuple[str, int, Span]]:
    """The date words (``dates.find_dates``) of the sentence of token ``i``: their text,
    offset and tokens, found once for the events of the same sentence."""
    k = info.index.sentence_of_token(i)
    found = info.sentence_dates.get(k)
    if found is None:
        sent = info.index.sentence(k)
        found = info.sentence_dates[k] = []
        for dm in dates.find_dates(info.index.text[sent.start_char : sent.end_char]):
            start = sent.start_char + dm.start
            span = info.doc.char_span(start, start + len(dm.text), alignment_mode="expand")
            if span is not None:
                found.append((dm.text, start, span))
    return found


def _dates_the_clause(d: Draft, span: Span, chain: set[int]) -> bool:
    """A date heading the sentence, or one close by in the trigger's clause, dates it."""
    if not _attached(span.root, chain):
        return False
    return abs(span[0].i - d.anchor.i) <= 15 or span[0].i < sent_of(d.anchor).root.i


def _clause_chain(d: Draft) -> set[int]:
    """The trigger and its heads up to the first verb with its own tense (included)."""
    if d.chain is None:
        d.chain = _chain(d.anchor)
    return d.chain


def _chain(a: Token) -> set[int]:
    out = {a.i}
    t = a
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") and is_finite_group(t):
            break
        if t.head == t:
            break
        t = t.head
        out.add(t.i)
    return out


def _attached(t: Token, chain: set[int]) -> bool:
    """Whether words headed by ``t`` modify the trigger's clause, not another verb's."""
    for _ in range(6):
        if t.i in chain:
            return True
        if t.pos_ in ("VERB", "AUX") or t.head == t:
            return False
        t = t.head
    return False


def event_size(d: Draft, info: DocInfo) -> tuple[float | None, bool]:
    look = info.look()
    if not look.people_counts:
        return None, False  # no count of people in the text
    toks = [*d.subtree(d.anchor)]
    for extra in [*d.match.tokens[1:], *_subject_predicate(d)]:
        toks.extend(d.subtree(extra))
    starts, words = info.index.tok_idx, info.index.words
    spans = [(starts[i], starts[i] + len(words[i])) for i in [t.i for t in toks]]
    best = None
    if look.empty_quantities:
        near = list(info.doc._.quantities or [])
    elif spans:
        near = look.quantities.overlapping(min(s for s, _ in spans), max(e for _, e in spans))
    else:
        near = []
    for q in near:
        if not people_count(q):
            continue
        inside = any(s <= q.start < e or s < q.end <= e for s, e in spans)
        if inside and (best is None or q.value > best.value):
            best = q
    return (best.value, best.approximate) if best is not None else (None, False)
