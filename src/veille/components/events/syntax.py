"""Syntax helpers of the event coder: words folded for lookup, and the few questions asked
of the dependency parse (subject, passive, infinitive, clause, noun phrase)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Token

from veille.text.fold import lower, plain
from veille.text.spans import sent_of

PREPS: dict[str, frozenset[str]] = {
    "à": frozenset(["à", "au", "aux"]),
    "de": frozenset(["de", "d'", "du", "des"]),
    "avec": frozenset(["avec"]),
    "contre": frozenset(["contre"]),
    "sur": frozenset(["sur"]),
    "entre": frozenset(["entre"]),
    "envers": frozenset(["envers"]),
    "auprès": frozenset(["auprès"]),
    "pour": frozenset(["pour"]),
    "par": frozenset(["par"]),
    "derrière": frozenset(["derrière"]),
}


EQUIV: dict[str, frozenset[str]] = {
    "à": PREPS["à"],
    "de": PREPS["de"],
    "le": frozenset(["le", "la", "l'", "les"]),
}


# Prepositions of circumstance: what they introduce is not what a speech act is about.
CIRCUMSTANCE = frozenset(
    ["lors", "après", "avant", "pendant", "durant", "depuis", "malgré", "dès", "au cours"]
)


_REFLEXIVE = frozenset(["se", "s'", "me", "m'", "te", "t'", "nous", "vous"])


CLAUSE_DEPS = frozenset(["ccomp", "advcl", "acl:relcl", "parataxis", "csubj", "conj", "xcomp"])


# Nouns of people by their ending (agent nouns: "secouristes", "geôliers", "ravisseurs",
# "habitants"): an agent the dictionaries do not list may still be named as an actor, where
# "les flammes" or "la note" may not.
PEOPLE_NOUN = re.compile(r"(?:eur|euse|iste|ant|ante|ier|ière|ien|ienne|aire|ais|aise|ois|oise)s?$")


_LEADING_ARTICLE = re.compile(r"^(?:l'|la |le |les )")


def fold_key(text: str) -> str:
    """The key of the actor tables (``actors.tsv``, roles, organisations): :func:`plain`,
    spaces collapsed, a leading article off (``l'Élysée`` → ``elysee``, ``M. Macron`` →
    ``m. macron``). Punctuation stays: the honorifics the actor coder strips end in a dot."""
    return _LEADING_ARTICLE.sub("", " ".join(plain(text).split()))


def after_auxiliary(tok: Token) -> bool:
    """A participle the tagger took for a noun or adverb: ``a téléphoné``, ``ont violé``."""
    doc = tok.doc
    for j in range(tok.i - 1, max(sent_of(tok).start, tok.i - 3) - 1, -1):
        t = doc[j]
        if t.lemma_ in ("avoir", "être") and t.pos_ in ("AUX", "VERB"):
            return True
        if t.pos_ not in ("ADV", "PART"):
            return False
    return False


def is_reflexive(tok: Token) -> bool:
    if any(
        lower(c.text) in _REFLEXIVE and c.dep_.startswith(("expl", "obj", "iobj"))
        for c in tok.children
    ):
        return True
    # "s'est entretenu", "se sont retirés": the clitic just before the verb group
    doc = tok.doc
    for j in range(tok.i - 1, max(sent_of(tok).start, tok.i - 4) - 1, -1):
        t = doc[j]
        if lower(t.text) in _REFLEXIVE and t.pos_ == "PRON" and not t.dep_.startswith("nsubj"):
            return True  # not the subject: "nous avons mobilisé 500 milliards"
        if t.pos_ not in ("AUX", "PRON", "ADV", "PART"):
            break
    return False


def finite_or_inf(t: Token) -> bool:
    forms = t.morph.get("VerbForm")
    return not forms or "Fin" in forms or "Inf" in forms


def is_partitive(c: Token) -> bool:
    """An indefinite plural object the parser took for a complement in ``de``: ``ont ciblé
    des intérêts américains``."""
    return (
        c.dep_ == "obl:arg"
        and c.i > c.head.i
        and any(k.dep_ == "case" and lower(k.text) == "des" for k in c.children)
    )


def de_complements(t: Token) -> list[Token]:
    """The ``de`` complements of a noun, nearest first, one level down and through a
    counting noun ("des dizaines de milliers de civils")."""
    out = []
    for c in t.children:
        if c.dep_ == "nmod" and c.i > t.i and any(lower(k.text) in PREPS["de"] for k in c.children):
            out.append(c)
            out.extend(de_complements(c) if c.pos_ in ("NOUN", "NUM") else [])
    return out


def predicate_of_subject(a: Token) -> Token | None:
    """The verb a trigger noun is the subject of: ``un attentat a visé une église à
    Lahore``, ``la tuerie a fait quarante morts``."""
    if a.dep_ in ("nsubj", "nsubj:pass") and a.head != a and a.head.pos_ in _PREDICATES:
        return a.head
    return None


_PREDICATES = frozenset(["VERB", "AUX", "ADJ"])


def with_conj(toks: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for t in toks:
        out.append(t)
        out.extend(
            c for c in t.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON")
        )
    return out


def is_passive(v: Token) -> bool:
    """A passive verb group: ``a été bombardé``, ``bombardé par``; not the parser's passive
    subject on a compound past (``a-t-il prévenu``)."""
    if any(c.dep_ in ("aux:pass", "obl:agent") for c in v.children):
        return True
    # nor a pronominal verb: "des centaines de personnes se sont réunies" (they gathered)
    return (
        any(c.dep_ == "nsubj:pass" for c in v.children) and not has_avoir(v) and not is_reflexive(v)
    )


def has_avoir(v: Token) -> bool:
    return any(c.dep_.startswith("aux") and c.lemma_ == "avoir" for c in v.children)


# The euphonic "t" of an inverted subject, when the tokenizer splits it ("a", "-t", "-il").
_EUPHONIC_T = frozenset(["-t", "t", "-t-", "t-"])


def subject_of(v: Token) -> Token | None:
    """The subject of a verb (or adjective), following xcomp/conj chains up."""
    t: Token | None = v
    for _ in range(4):
        if t is None:
            return None
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubj:pass") and c.pos_ != "SCONJ":
                if c.dep_ == "nsubj:pass" and t == v and is_passive(v):
                    continue
                if lower(c.text) in _EUPHONIC_T:
                    continue  # "a-t-il salué": the pronoun after the "t", not the "t"
                return c
        if (counted := _counted_subject(t)) is not None:
            return counted
        if t.dep_ in ("xcomp", "conj", "advcl", "acl") and t.head != t:
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                return t.head
            t = t.head
            continue
        if t.dep_ == "acl:relcl":
            return t.head
        return None
    return None


def _counted_subject(v: Token) -> Token | None:
    """A counted group before the verb that the parser took for a complement: "Près de 10.000
    protestataires se sont rassemblés", "Plus de 200 personnes ont manifesté" (a noun with a
    number, no preposition of its own, before a finite verb)."""
    if not is_finite_group(v):
        return None
    for c in v.children:
        if c.i > v.i:
            break
        if (
            c.pos_ == "NOUN"
            and c.dep_.startswith("obl")
            and any(k.dep_ == "nummod" for k in c.children)
            and not any(k.dep_ == "case" for k in c.children)
        ):
            return c
    return None


def is_infinitive(t: Token) -> bool:
    """An infinitive, simple or compound (``parler``, ``avoir parlé``)."""
    return "Inf" in t.morph.get("VerbForm") or any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in t.children
    )


def is_finite_group(t: Token) -> bool:
    """A finite verb, or a participle with its auxiliary: a clause of its own."""
    return "Fin" in t.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in t.children)


def np_text(t: Token) -> str:
    left = t.left_edge.i
    while left < t.i and (t.doc[left].pos_ in ("ADP", "PUNCT") or t.doc[left].dep_ == "case"):
        left += 1
    right = t.i
    for c in t.rights:
        if (c.dep_ in ("amod", "nmod", "flat:name", "fixed") and c.i == right + 1) or (
            c.dep_ == "amod" and c.i <= right + 2
        ):
            right = max(right, c.right_edge.i)
        else:
            break
    return t.doc[left : right + 1].text.strip(' ,"«»“”')


def aux_of(v: Token) -> list[Token]:
    return [c for c in v.children if c.dep_.startswith("aux")]


def restricted_subtree(t: Token) -> list[Token]:
    out = []
    stack = [t]
    while stack:
        x = stack.pop()
        out.append(x)
        for c in x.children:
            if c.dep_ not in CLAUSE_DEPS:
                stack.append(c)
    return out
