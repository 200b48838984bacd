"""Speech acts and what they govern: the event an appeal, an intent or a demand is about is
not an event of its own; it refines the speech act's code (a call for a ceasefire is 0256)."""

from __future__ import annotations

from spacy.tokens import Token

from veille.text.fold import lower
from veille.text.spans import sent_of

from .arguments import Draft
from .lookups import DocInfo, quote_at
from .matching import trigger_index
from .modality import APPEAL_ROOTS, modality_words
from .syntax import CIRCUMSTANCE, is_finite_group
from .words import refinements

_GOVERNING_ROOTS = frozenset(["02", "03", "10", "12", "13"])


# The relations along which a speech act governs what it is about (up from the governed word).
_GOVERNED_DEPS = frozenset(
    [
        "xcomp",
        "ccomp",
        "obj",
        "iobj",
        "obl",
        "obl:arg",
        "obl:mod",
        "nmod",
        "acl",
        "acl:relcl",
        "advcl",
        "advmod",
        "mark",
        "dep",
        "conj",
    ]
)


def govern(drafts: list[Draft]) -> list[Draft]:
    """Drop events that a speech-act event governs (the ceasefire called for is not an
    event); refine the appeal's code by what it calls for. An impersonal appeal (``il faut``,
    ``la nécessité de``) is an event only when it calls for one."""
    by_token = {d.anchor.i: d for d in drafts}
    for d in drafts:
        for t in d.match.tokens[1:]:
            by_token.setdefault(t.i, d)
    dropped: set[int] = set()
    governing: set[int] = set()
    for d in drafts:
        g = _governor(d, by_token)
        if g is not None and id(g) not in dropped:
            dropped.add(id(d))
            governing.add(id(g))
            _called_for(g, d)
    for g in drafts:
        weak = modality_words().get(lower(g.anchor.lemma_)) == "appeal" or _is_deontic(g)
        if id(g) not in governing and _called_infinitive(g):
            governing.add(id(g))
        if (weak and id(g) not in governing) or _past_necessity(g.anchor):
            dropped.add(id(g))
    return [d for d in drafts if id(d) not in dropped]


def _is_deontic(d: Draft) -> bool:
    """A ``devoir`` trigger (``lexicon/events.tsv``) with an infinitive: "ils doivent
    cesser…"."""
    return d.match.entry.words == ("devoir",)


def speech_obligations(drafts: list[Draft], info: DocInfo) -> list[Draft]:
    """``devoir`` + infinitive is an appeal only in someone's words (« les belligérants
    doivent cesser les combats », a déclaré le médiateur; "il a affirmé que l'Italie devait
    prendre en charge le navire"): the speaker calls on the subject, who is the recipient.
    Told by the text ("il doit se rendre demain à Paris") it is a plan: no appeal, and what
    it governs stays an event of its own."""
    out = []
    for d in drafts:
        if _is_deontic(d):
            called = any(
                c.dep_ == "xcomp" and "Inf" in c.morph.get("VerbForm") for c in d.anchor.children
            )
            if not called or quote_at(d.anchor.idx, info) is None:
                continue
            d.recipients, d.actors = d.recipients or d.actors, []
            d.recipient_tokens, d.actor_tokens = d.recipient_tokens or d.actor_tokens, []
        out.append(d)
    return out


def _governor(d: Draft, by_token: dict[int, Draft]) -> Draft | None:
    """The speech-act event whose object ``d`` is, up the chain of heads, or None."""
    t = d.anchor
    for _ in range(7):
        if t.head == t:
            return None
        rel = t.dep_
        if rel not in _GOVERNED_DEPS:
            return None  # a subject, a parenthetical, an incise: not what a speech act is about
        if rel == "advcl" and "Inf" not in t.morph.get("VerbForm"):
            return None  # "en dénonçant…", "après que…": beside the speech act, not its object
        if lower(t.text) in CIRCUMSTANCE or any(
            c.dep_ in ("case", "mark", "fixed") and lower(c.text) in CIRCUMSTANCE
            for c in t.children
        ):
            return None  # "lors de sa visite, il a plaidé…": when, not what
        h = t.head
        g = by_token.get(h.i)
        if (
            rel == "conj"
            and g is not None
            and g.code[:2] in _GOVERNING_ROOTS
            and "Inf" not in t.morph.get("VerbForm")
        ):
            return None  # "a appelé au calme et dénoncé…": two acts side by side
        t = h
        if g is None or g is d:
            if t.pos_ in ("VERB", "AUX") and is_finite_group(t):
                return None  # another clause with its own assertion
            continue
        if g.code[:2] in _GOVERNING_ROOTS:
            return g
    return None


def _called_for(g: Draft, d: Draft) -> None:
    """The speech act ``g`` takes the code of what it is about (``d``); an appeal with no
    recipient is made to those called on to act, an intent to those it is towards."""
    base = g.code
    g.code = _refined(base, d.code)
    if not g.recipients and base[:2] in (*APPEAL_ROOTS, "03"):
        mine = {(a.code, a.entity or a.name) for a in g.actors}
        called = d.actors if base[:2] in APPEAL_ROOTS else d.recipients
        g.recipients = [a for a in called if (a.code, a.entity or a.name) not in mine]


def _called_infinitive(g: Draft) -> bool:
    """ "l'importance de négocier", "prêt à rencontrer": the infinitive of the pattern may be
    the event called for (then the code is refined by it)."""
    if g.code not in refinements():
        return False
    called = [
        e
        for t in g.match.tokens[1:]
        if "Inf" in t.morph.get("VerbForm")
        for e in trigger_index().get(lower(t.lemma_), ())
        if e.pos == "V"
    ]
    if called:
        g.code = _refined(g.code, called[0].code)
    return bool(called)


def _refined(appeal: str, called: str) -> str:
    """The code of an appeal (020), intent (030) or demand (100) for an event of code
    ``called`` (``lexicon/events_refine.tsv``)."""
    refine = refinements().get(appeal, {})
    for k in (called, called[:3], called[:2]):
        if k in refine:
            return refine[k]
    return appeal


def _past_necessity(a: Token) -> bool:
    """``il a fallu``, ``il fallait`` (what was needed then), ``faut-il ?``, ``loin s'en
    faut``: no appeal."""
    if lower(a.lemma_) != "falloir":
        return False
    if "Imp" in a.morph.get("Tense") or any(c.dep_ == "aux:tense" for c in a.children):
        return True
    doc = a.doc
    nxt = doc[a.i + 1] if a.i + 1 < len(doc) else None
    prev = doc[a.i - 1] if a.i > 0 else None
    if nxt is not None and lower(nxt.text) in ("-il", "-t-il"):
        return True  # a question
    before = {lower(t.text) for t in doc[max(sent_of(a).start, a.i - 2) : a.i]}
    return prev is not None and lower(prev.text) == "en" and bool(before & {"s'", "se"})
