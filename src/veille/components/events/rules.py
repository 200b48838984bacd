"""Precision: the matched triggers that are no event worth a record, each turned down by a
named rule (the rejected events stay on ``doc._.events_rejected`` with the rule's name)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from veille import demonyms
from veille.lexicon import LexiconError, read_table
from veille.model import Event
from veille.text.fold import lower
from veille.text.spans import sent_of, span_text

from .actors import iso3_of
from .arguments import Draft
from .lookups import DocInfo
from .syntax import PEOPLE_NOUN, is_infinitive, is_passive, is_reflexive
from .words import beginnings, word_class


@dataclass(frozen=True)
class _StopPhrase:
    """A phrase of ``events_stop.tsv``: its pattern, and the pieces of its words (between
    apostrophes and hyphens) that any text it matches holds, folded or not."""

    pattern: re.Pattern[str]
    pieces: tuple[str, ...]  # longest first


@cache
def _stop_phrases() -> tuple[_StopPhrase, ...]:
    """``events_stop.tsv``: idioms in which an event word names no event."""
    out = []
    for row in read_table("events_stop.tsv"):
        words = lower(row["phrase"]).split()
        if not words:
            raise LexiconError("events_stop.tsv: empty phrase")
        parts = [
            r"\S+" if w == "_" else re.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "")
            for w in words
        ]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")
        pieces = {x for w in words if w != "_" for x in _FOLDED.split(w.rstrip("*")) if x}
        out.append(_StopPhrase(pattern, tuple(sorted(pieces, key=len, reverse=True))))
    return tuple(out)


@cache
def _stop_keys() -> tuple[tuple[str, _StopPhrase], ...]:
    """Each phrase of :func:`_stop_phrases` with its longest piece, looked for first."""
    return tuple((x.pieces[0], x) for x in _stop_phrases())


# What ``typography`` writes (apostrophes, quotes, dashes, spaces in ASCII): a piece of a phrase
# without them is in the text as it is in the folded text.
_FOLDED = re.compile(r"['\"\s-]+")


def _in_stop_phrase(d: Draft, info: DocInfo) -> bool:
    # a window of the text, not the sentence: the parser sometimes cuts one at a hyphen
    a = d.anchor
    start = max(info.index.sent(a.i).start_char, a.idx - 60)
    window = info.index.text[start : a.idx + 60]
    low = window.lower()  # the phrases that may match: those whose pieces are all there
    phrases = [x for key, x in _stop_keys() if key in low and all(p in low for p in x.pieces)]
    if not phrases:
        return False
    text = lower(window)
    at = a.idx - start
    return any(m.start() <= at < m.end() for x in phrases for m in x.pattern.finditer(text))


@dataclass(frozen=True)
class Rule:
    """A rejection rule: its name (recorded with the events it turns down, on
    ``doc._.events_rejected``) and its test."""

    name: str
    rejects: Callable[[Draft, Event, DocInfo], bool]


def _inside_a_name(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "l'Office central de répression", "le journal Libération"."""
    return d.anchor.i in info.in_name


def _idiom(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "photos à l'appui", "puissance de frappe" (``lexicon/events_stop.tsv``)."""
    return _in_stop_phrase(d, info)


def _background_history(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "en 2005, … de restituer sa pièce": the clause's own date is over ``history_days``
    before publication (``d.period``, set by the period step before the rules)."""
    return bool(
        d.period is not None
        and info.published
        and _years_before(d.period[1], info.published, info.history_days)
    )


def _object_not_a_party(d: Draft, e: Event, info: DocInfo) -> bool:
    """One meets or hosts someone ("Microsoft a reçu le message" is no meeting); a threat or
    an attack by nobody known on no one ("les pompiers combattent l'incendie", "les flammes
    menacent l'observatoire") is a figure of speech."""
    return (
        (
            e.cameo.root_code == "04"
            or (e.cameo.root_code in _PARTY_OBJECT and not any(x.code for x in e.actors))
        )
        and d.match.entry.pos == "V"
        and bool(d.recipient_tokens)
        and not e.recipients
        and not d.place_tokens
        and d.anchor.dep_ != "acl"
        and e.location is None
        and not any(PEOPLE_NOUN.search(lower(t.lemma_)) for t in d.recipient_tokens)
        and all(t.pos_ == "NOUN" and t.i not in info.trigger_ids for t in d.recipient_tokens)
    )


def _metaphor(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "des batailles, j'en ai mené", "les candidats vont s'affronter"."""
    return e.cameo.root_code == "19" and _figurative_force(e, info)


def _support_of_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """Support of no one (or by no one), told in or around a quote: "a salué sa
    contribution", "a défendu sa formule", "saper le soutien au président" are words about a
    stance, not one party backing another ("s'est réjoui de l'accord" approves of it, "s'est
    félicité le procureur" approves of nothing)."""
    return (
        e.cameo.code in ("050", "051", "052")
        and not (e.recipients and e.actors)
        and e.quote is not None
        and (not d.match.entry.reflexive or not d.recipient_tokens)
    )


def _force_without_target(d: Draft, e: Event, info: DocInfo) -> bool:
    """Force with no target in a claim, a plan or a wish: "combattre la menace", "prendre le
    contrôle des milieux politiques", "son projet pour tirer quatre missiles" (not "les deux
    armées se sont affrontées", nor "l'armée aurait bombardé…")."""
    return (
        e.cameo.root_code == "19"
        and not e.recipients
        and e.modality != "asserted"
        and not d.match.entry.reflexive
        and not any(x.sector in _ARMED for x in e.actors)
    )


def _threat_to_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """A warning to no one that is not the speaker's own cue: "les rebelles menacent depuis
    des semaines" (the verbs of ``lexicon/events_words.tsv``)."""
    return (
        lower(d.anchor.lemma_) in word_class("threat-to-nobody")
        and len(d.match.tokens) == 1
        and not e.recipients
        and (e.quote is None or e.modality == "reported")
    )


def _accuser_unknown(d: Draft, e: Event, info: DocInfo) -> bool:
    """Blamed by no one named: "les régimes spéciaux, souvent pointés du doigt"."""
    a = d.anchor
    return (
        e.cameo.root_code == "11"
        and bool(e.recipients)
        and not e.actors
        and not d.actor_tokens
        and (is_passive(a) or a.dep_.startswith("acl"))
    )


def _proposal_to_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """A proposal of measures to no one, in the infinitive, is a task or a wish, not an appeal:
    "sera chargé de proposer des mesures", "je veux proposer" (the one-word entries of
    ``lexicon/events_words.tsv``). Made in a finite verb it is a demand for those measures
    ("le syndicat propose la création d'un fichier")."""
    entry_words = d.match.entry.words
    return (
        len(entry_words) == 1
        and entry_words[0] in word_class("proposal-to-nobody")
        and not e.recipients
        and not d.recipient_tokens
        and not any(c.dep_ in ("ccomp", "xcomp") for c in d.anchor.children)
        and is_infinitive(d.anchor)
    )


def _show_not_march(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "ont manifesté leur désapprobation": to show a feeling (the verbs of
    ``lexicon/events_words.tsv``)."""
    a = d.anchor
    return (
        lower(a.lemma_) in word_class("show-not-march")
        and len(d.match.tokens) == 1
        and any(c.dep_ == "obj" and c.pos_ == "NOUN" for c in a.children)
    )


def _anaphoric_mention(d: Draft, e: Event, info: DocInfo) -> bool:
    """ "ce bombardement intervient…", "aggravée par ces sanctions": a mention of an event the
    article has already told (or assumes known), not a new one."""
    demonstratives = word_class("demonstrative")
    return d.match.entry.pos == "N" and any(
        c.dep_ == "det" and lower(c.text) in demonstratives for c in d.anchor.children
    )


def _resignation_unasked(d: Draft, e: Event, info: DocInfo) -> bool:
    """CAMEO 0831 is yielding to a demand for a change of leader; a resignation nobody asked
    for ("l'annonce de sa démission du gouvernement") is no interaction (a word of demand:
    ``demand`` in ``lexicon/events_words.tsv``)."""
    if e.cameo.code != "0831" or e.recipients:
        return False
    return not beginnings("demand").search(lower(span_text(sent_of(d.anchor))))


def _participle_on_a_thing(d: Draft, e: Event, info: DocInfo) -> bool:
    """A meeting participle on a thing: "les restrictions rencontrées par les médias"."""
    a = d.anchor
    return (
        e.cameo.root_code == "04"
        and a.dep_ == "acl"
        and a.head.pos_ == "NOUN"
        and a.head.i not in info.trigger_ids
        and not PEOPLE_NOUN.search(lower(a.head.lemma_))
        and not info.look().spans.at(a.head.idx)
    )


def _trip_at_home(d: Draft, e: Event, info: DocInfo) -> bool:
    """A visit is to a country, a foreign city or someone: a trip at home ("se rendra dans le
    Var", "s'est rendue à Auberry") or to nowhere named is no interaction."""
    if e.cameo.code[:3] not in ("042", "043") or e.recipients:
        return False
    here = iso3_of(e.location.country, info) if e.location and e.location.country else None
    where = [
        c
        for c in d.anchor.children
        if c.dep_ in ("nmod", "obl", "obl:arg", "obl:mod")
        and any(lower(x.text) in ("dans", "à", "au", "aux", "en") for x in c.children)
    ]
    # a destination named but not a place: "les visites dans les maisons de retraite"
    nowhere = e.location is None and bool(d.place_tokens or where)
    home = here is not None and here == iso3_of(info.home, info)
    at_home = (
        here is not None
        and e.cameo.code[:3] == "042"
        and any(
            x.country == here and (home or x.entity or demonyms.find_country_refs(x.name))
            for x in e.actors
        )
    )  # an actor without a nationality of its own is only placed at home by default
    return nowhere or at_home


def _commitment_to_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """A commitment to no one: "ils n'ont pas tenu leurs engagements", "l'engagement français
    au Sahel" (a deployment) promise nothing to a party (the nouns of
    ``lexicon/events_words.tsv``)."""
    return (
        lower(d.anchor.lemma_) in word_class("commitment-to-nobody")
        and len(d.match.tokens) == 1
        and not e.recipients
    )


def _idle_necessity(d: Draft, e: Event, info: DocInfo) -> bool:
    """An impersonal necessity that calls for no act: "il faut regarder la faisabilité",
    "il faut être très clair", "il faudra qu'il y ait une revalorisation" (the called verb is
    of ``idle-verb`` in ``lexicon/events_words.tsv``: being, seeing, thinking, going on),
    "il ne faut pas y voir le signe" (negated), "pour savoir s'il faut durcir les textes"
    (a question)."""
    a = d.anchor
    if e.cameo.root_code != "02" or not any(c.dep_ == "expl:subj" for c in a.children):
        return False
    if e.modality == "negated" or _negated_word(a):
        return True
    if any(c.dep_ == "mark" and lower(c.text) in ("si", "s'") for c in a.children):
        return True
    idle = word_class("idle-verb")
    called = [c for c in a.children if c.dep_ in ("xcomp", "ccomp")]
    return bool(called) and all(lower(c.lemma_) in idle for c in called)


def _negated_word(a: Token) -> bool:
    """A negation adverb on ``a`` ("il ne faut pas")."""
    return any(c.dep_ == "advmod" and lower(c.text) in ("pas", "jamais") for c in a.children)


def _not_happened(d: Draft, e: Event, info: DocInfo) -> bool:
    """What did not happen is no interaction: "n'avait plus jamais critiqué le président",
    "aucune attaque contre nos forces de l'ordre n'est acceptable" (negated; a refusal is an
    event of its own, REJECT, not a negated one)."""
    return e.modality == "negated"


def _habitual_claim(d: Draft, e: Event, info: DocInfo) -> bool:
    """A claim in the present in someone's words tells what is done, not what was done: "la
    Chine menace, harcèle et expulse des journalistes", "moins de 200 personnes se mobilisent
    chaque jour" (reported, a finite verb in the present indicative with no auxiliary)."""
    a = d.anchor
    return (
        e.modality == "reported"
        and d.match.entry.pos == "V"
        and a.pos_ == "VERB"
        and "Fin" in info.feature(a, "VerbForm")
        and "Pres" in info.feature(a, "Tense")
        and "Ind" in info.feature(a, "Mood")
        and not any(c.dep_.startswith("aux") for c in a.children)
    )


def _media_interview(d: Draft, e: Event, info: DocInfo) -> bool:
    """An interview given to the press is no meeting between parties: "lors de son entretien
    accordé au JDD", "répondra aux questions de deux journalistes lors d'un entretien télévisé"
    (a medium on one side and no other party on the other, or a broadcast word of
    ``broadcast`` in ``lexicon/events_words.tsv`` on the noun)."""
    if e.cameo.root_code != "04":
        return False
    sides = [*e.actors, *e.recipients]
    media = [x for x in sides if x.sector == "MED"]
    if media and len(media) >= len(sides) - 1 and all(x.sector == "MED" for x in e.recipients):
        return True
    broadcast = word_class("broadcast")
    return any(c.dep_ == "amod" and lower(c.lemma_) in broadcast for c in d.anchor.children)


def _promise_to_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """A promise or an acceptance to no one, of nothing that is an act: "a promis d'être
    d'une détermination absolue", "pas forcément, promet le syndicaliste" (an intent, 03, by
    one verb with no recipient, no object and no act promised: an infinitive or a clause
    whose verb is not of ``idle-verb``)."""
    if (
        e.cameo.root_code != "03"
        or d.match.entry.pos != "V"
        or len(d.match.tokens) > 1
        or e.recipients
        or d.recipient_tokens
    ):
        return False
    idle = word_class("idle-verb")
    return all(
        lower(c.lemma_) in idle for c in d.anchor.children if c.dep_ in ("xcomp", "ccomp", "obj")
    )


def _meeting_with_nobody(d: Draft, e: Event, info: DocInfo) -> bool:
    """A meeting with no one, nowhere: "ils se sont rencontrés alors qu'il n'avait que 15
    ans" (a one-word verb of meeting, 04, with no recipient, no place, one side, and no "avec"
    the parse may have hung elsewhere)."""
    return (
        e.cameo.root_code == "04"
        and d.match.entry.pos == "V"
        and len(d.match.tokens) == 1
        and not d.match.entry.reflexive  # "les ministres se sont concertés": among themselves
        and not e.recipients
        and not d.recipient_tokens
        and e.location is None
        and len(e.actors) < 2
        and not any(lower(t.text) == "avec" for t in d.anchor.subtree)
    )


def _asking_not_demanding(d: Draft, e: Event, info: DocInfo) -> bool:
    """To ask a question is no demand: "on se demande ce qu'il nous reste", "le journaliste
    lui demande s'il voulait révéler son choix" (``demander`` reflexive, or with a clause of
    "si" or of a question word: ``question-word`` in ``lexicon/events_words.tsv``)."""
    a = d.anchor
    if d.match.entry.words != ("demander",):
        return False
    if is_reflexive(a):
        return True
    asks = word_class("question-word")
    return any(
        c.dep_ in ("ccomp", "obj", "xcomp")
        and (
            lower(c.text) in asks
            or any(k.dep_ in ("mark", "obj", "nsubj") and lower(k.text) in asks for k in c.children)
        )
        for c in a.children
    )


def _nobody_attached(d: Draft, e: Event, info: DocInfo) -> bool:
    """With nobody attached and nowhere, a word is rarely an event an analyst wants ("les
    sanctions", "l'aide" in a background sentence); a multi-word expression asserted as fact
    ("a déposé une plainte") still is."""
    nobody = not e.actors and not e.recipients and e.location is None and e.size is None
    return nobody and (len(d.match.tokens) == 1 or e.modality != "asserted")


# The rejection rules, in the order they are tried: the first that applies names why a
# matched trigger is no event (tests/test_events_rules.py has one sentence per rule).
RULES: tuple[Rule, ...] = (
    Rule("inside-a-name", _inside_a_name),
    Rule("idiom", _idiom),
    Rule("background-history", _background_history),
    Rule("object-not-a-party", _object_not_a_party),
    Rule("metaphor", _metaphor),
    Rule("support-of-nobody", _support_of_nobody),
    Rule("force-without-target", _force_without_target),
    Rule("threat-to-nobody", _threat_to_nobody),
    Rule("accuser-unknown", _accuser_unknown),
    Rule("proposal-to-nobody", _proposal_to_nobody),
    Rule("show-not-march", _show_not_march),
    Rule("anaphoric-mention", _anaphoric_mention),
    Rule("resignation-unasked", _resignation_unasked),
    Rule("participle-on-a-thing", _participle_on_a_thing),
    Rule("trip-at-home", _trip_at_home),
    Rule("commitment-to-nobody", _commitment_to_nobody),
    Rule("idle-necessity", _idle_necessity),
    Rule("not-happened", _not_happened),
    Rule("habitual-claim", _habitual_claim),
    Rule("media-interview", _media_interview),
    Rule("promise-to-nobody", _promise_to_nobody),
    Rule("meeting-with-nobody", _meeting_with_nobody),
    Rule("asking-not-demanding", _asking_not_demanding),
    Rule("nobody-attached", _nobody_attached),
)


def not_an_event(d: Draft, e: Event, info: DocInfo) -> str | None:
    """The name of the first rule of :data:`RULES` that turns the event down, or None."""
    return next((r.name for r in RULES if r.rejects(d, e, info)), None)


# Roots whose verb takes a party as its object when the actor is not a known one (threaten,
# assault someone); a meeting (04) always does.
_PARTY_OBJECT = frozenset(["13", "18", "19", "20"])


# Actors that use force in earnest; a fight between other kinds of actors (politicians,
# parties, media) is a figure of speech.
_ARMED = frozenset(["MIL", "REB", "UAF", "CRM", "COP"])


_CIVILIAN_SIDES = frozenset(["PTY", "LEG", "OPP", "MED", "BUS", "JUD", "EDU"])


def _figurative_force(e: Event, info: DocInfo) -> bool:
    """A fight (root 19) led by politicians, parties, assemblies or media — people or
    organisations named, or party and assembly groups — with no armed actor, no civilians,
    no country as such and no casualties: "des batailles, j'en ai mené au gouvernement"."""
    if not e.actors or e.size is not None:
        return False
    for x in [*e.actors, *e.recipients]:
        if x.sector in _ARMED or x.sector == "CVL" or (x.code is not None and x.sector is None):
            return False  # an armed actor, civilians, a country ("la Russie a bombardé…")
    types = info.look().types
    return all(
        x.sector in _CIVILIAN_SIDES or (x.sector == "GOV" and types.get(x.entity or "") == "PER")
        for x in e.actors
    )


def repeated(finished: list[tuple[Draft, Event]]) -> set[int]:
    """Drafts that repeat another event of the same category in their sentence, as its
    subject or complement: "14 attaques à la roquette ont ciblé…", "l'assassinat du général
    lors d'une attaque américaine" are one event each. The governing one stays and takes
    the participants it lacks."""
    at = {t.i: (d, e) for d, e in finished for t in d.match.tokens}
    out: set[int] = set()
    for d, e in finished:
        if e.plover is None or d.match.entry.pos == "V":
            continue
        t = d.anchor
        # the subject of the verb ("14 attaques ont ciblé…"), or the frame of the act ("dans
        # un attentat": ``same-act`` in lexicon/events_words.tsv); not its topic ("a
        # interpellé le ministre sur l'enquête")
        frame = {lower(c.text) for c in t.children if c.dep_ in ("case", "fixed", "advmod")}
        if t.dep_ not in ("nsubj", "nsubj:pass") and not frame & word_class("same-act"):
            continue
        for _ in range(3):
            if t.head == t or t.dep_ in ("conj", "parataxis", "ccomp", "advcl", "acl:relcl"):
                break
            t = t.head
            other = at.get(t.i)
            if other is None or other[0] is d:
                continue
            g, ge = other
            if ge.plover == e.plover and id(g) not in out:
                out.add(id(d))
                ge.actors = ge.actors or e.actors
                ge.recipients = ge.recipients or e.recipients
                ge.location = ge.location or e.location
                if _specificity(d, e) > _specificity(g, ge):
                    # "une frappe de drone a tué…": the noun says more than the verb
                    ge.cameo = e.cameo
                    ge.plover_mode = e.plover_mode
            break
    return out


def _specificity(d: Draft, e: Event) -> tuple[bool, int]:
    """A multi-word noun ("frappe de drone", "gaz lacrymogène") names the act more precisely
    than a verb; then the longer code."""
    return (d.match.entry.pos != "V" and len(d.match.tokens) > 1, len(e.cameo.code))


def _years_before(day: str, published: str, days: int = 365) -> bool:
    """Whether ``day`` is more than ``days`` (a year) before the publication date."""
    try:
        then, pub = dt.date.fromisoformat(day), dt.date.fromisoformat(published[:10])
    except ValueError:
        return False
    return (pub - then).days > days
