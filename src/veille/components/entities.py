"""Entities: spaCy's NER repaired, clustered into one entity per real-world referent.

Repairs: quote marks and punctuation off span edges (``Tass »`` → ``Tass``), lowercase
determiners and courtesy titles off names, role words off person names (``président Bachar
al-Assad`` → role + ``Bachar al-Assad``), nationality adjectives and compounds dropped
(``-irano-turque`` is three country references, not a person), the closing signature and the
dateline agency typed ORG, the dateline place typed LOC, known institutions typed from the
organisations lexicon (``Maison Blanche`` is ORG).

Clustering: person names join the entity whose full name contains their words (``Poutine`` →
``Vladimir Poutine``); organisations join their aliases and acronyms (``ONU`` → ``Organisation
des Nations unies``); a name given in quotes after a description (``l'Agence de presse russe
« Tass »``) gets the description as a title mention. Role phrases in apposition (``le ministre
russe de la Défense, Sergueï Choïgou``) become roles of the person (with the country they
name) and title mentions; a later bare role phrase that repeats a known role (``le président
russe``) is a title mention of that person.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from veille import demonyms, lexicon
from veille.model import CountryRef, Entity, Mention, Role
from veille.text.fold import lower, name_key, plain, typography
from veille.text.spans import DocIndex, doc_index, doc_text

LABELS = ("PER", "ORG", "LOC", "MISC")
_EDGE_JUNK = "\"'«»“”„‘’()[]{},;:.!?-–—/ \t\n\u00a0\u202f"
_DETERMINERS = frozenset(
    ["le", "la", "les", "l'", "du", "des", "de", "d'", "au", "aux", "un", "une"]
)
_PREPOSITIONS = frozenset(["de", "du", "des", "d'", "à", "au", "aux"])
_ARTICLES = frozenset(["la", "le", "l'", "les"])
_ROLE_MODIFIERS = frozenset(
    [
        "adjoint",
        "adjointe",
        "délégué",
        "déléguée",
        "général",
        "générale",
        "spécial",
        "spéciale",
        "chargé",
        "chargée",
        "intérimaire",
        "sortant",
        "sortante",
        "actuel",
        "actuelle",
        "ancien",
        "ancienne",
        "nouveau",
        "nouvel",
        "nouvelle",
        "haut",
        "haute",
        "principal",
        "principale",
    ]
)
_MAX_ROLE_TOKENS = 12


@dataclass
class _Cand:
    """A name mention before clustering."""

    start: int  # char offsets
    end: int
    label: str
    text: str
    tok_start: int
    tok_end: int
    gender: str | None = None  # "m" / "f" from a courtesy title before the name (M., Mme)
    alias_of: str | None = None  # an acronym's expansion, spelt next to it

    @cached_property
    def words(self) -> tuple[str, ...]:
        """The words of the name key of :attr:`text` (which never changes), split once."""
        return tuple(name_key(self.text).split())


@dataclass
class _Cluster:
    label: str
    mentions: list[_Cand] = field(default_factory=list)
    titles: list[Mention] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    country: str | None = None
    org: lexicon.Organisation | None = None

    @property
    def canonical(self) -> _Cand:
        """The mention naming the cluster: the fullest name (:func:`_canonical_key`), in the
        spelling most of its mentions of that name use, else the first (``Vedomosti``, not a
        later ``+Vedomosti+`` whose marks its name key ignores; ``Cour suprême`` twice over
        one ``Cour Suprême``)."""
        best = max(self.mentions, key=_canonical_key)
        same = [m for m in self.mentions if m.words == best.words]
        uses = Counter(m.text for m in same)
        return max(same, key=lambda m: (uses[m.text], -m.start))

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


def _canonical_key(m: _Cand) -> tuple[int, int, int]:
    """The order :attr:`_Cluster.canonical` picks the fullest name of a cluster by."""
    return (len(m.words), len(m.text), -m.start)


class _People:
    """The person clusters met so far while clustering, indexed by the words of their
    canonical name, so that finding the full name a short form abbreviates looks at the
    persons sharing a word with it, not at every cluster (a long document has thousands).

    While clustering, mentions are only appended, so a cluster's canonical name is the
    running maximum of :func:`_canonical_key` (the first of equals, as ``max`` keeps).
    """

    def __init__(self) -> None:
        self.canonical: dict[int, _Cand] = {}
        self.order: dict[int, int] = {}  # creation order, as the clusters list has them
        self.by_word: dict[str, list[_Cluster]] = defaultdict(list)

    def added(self, cl: _Cluster, c: _Cand) -> None:
        """``c`` was appended to the mentions of ``cl``."""
        if cl.label != "PER":
            return
        self.order.setdefault(id(cl), len(self.order))
        old = self.canonical.get(id(cl))
        if old is None or _canonical_key(c) > _canonical_key(old):
            self.canonical[id(cl)] = c
            for w in set(c.words):
                self.by_word[w].append(cl)

    def person_for(self, c: _Cand) -> _Cluster | None:
        """The person whose longer name contains all the words of ``c`` (nearest to it)."""
        if not c.words:
            return None
        words = set(c.words)
        found = {id(cl): cl for cl in self.by_word.get(c.words[0], ())}
        best: _Cluster | None = None
        best_dist = None
        for cl in sorted(found.values(), key=lambda cl: self.order[id(cl)]):
            full = self.canonical[id(cl)]
            if len(full.words) <= len(words) or not words <= set(full.words):
                continue
            # A short form contains the last name, or is the first name alone ("Brigitte").
            if full.words[-1] not in words and not (
                len(words) == 1 and (len(full.words) > 2 or c.words[0] == full.words[0])
            ):
                continue
            # "Mme Macron" is not "Emmanuel Macron" when "Brigitte Macron" is there too
            known = first_name_gender(full.text)
            if c.gender is not None and known is not None and known != c.gender:
                continue
            dist = min(abs(c.start - m.start) for m in cl.mentions)
            if best_dist is None or dist < best_dist:
                best, best_dist = cl, dist
        return best


@dataclass(frozen=True)
class _RolePhrase:
    start: int  # char offsets of the role phrase (role head + modifiers)
    end: int
    tok_start: int
    tok_end: int
    head: str  # the lexicon role matched
    country: str | None
    det_start: int  # char start including a leading determiner (le, la, l')


@cache
def _role_index() -> dict[str, list[lexicon.RoleWord]]:
    index: dict[str, list[lexicon.RoleWord]] = defaultdict(list)
    for r in lexicon.roles():
        first = r.words.split()[0] if r.honorific else plain(r.words.split()[0])
        index[first].append(r)
    for entries in index.values():
        entries.sort(key=lambda r: -len(r.words))
    return dict(index)


@cache
def _org_index() -> dict[str, lexicon.Organisation]:
    index: dict[str, lexicon.Organisation] = {}
    for org in lexicon.organisations():
        for name in (org.name, *org.aliases):
            index.setdefault(name_key(name), org)
    return index


@lru_cache(maxsize=1 << 12)
def _is_demonym_span(text: str) -> bool:
    """Nationality words only (``russe``, ``-irano-turque``); once per name (names repeat)."""
    words = [w for w in re.split(r"[\s]+", text.strip(_EDGE_JUNK)) if w]
    return bool(words) and all(
        demonyms.country_of(w) or demonyms.split_compound(w.strip("-")) for w in words
    )


_PREFIXED = re.compile(r"^(?:anti|pro)-[A-Z]")  # "anti-Macron", "pro-Trump": adjectives

# "trois prochains mois"On se demande": two glued sentences, no name
_GLUED_QUOTE = re.compile(r"[^\W\d_][\"«»“”][^\W\d_]")


def _trim_edges(doc: Doc, i: int, j: int) -> tuple[int, int]:
    """``doc[i:j]`` without the punctuation, quote marks and spaces at its edges."""
    while i < j and (doc[i].is_punct or doc[i].is_space or doc[i].text in _EDGE_JUNK):
        i += 1
    while j > i and (doc[j - 1].is_punct or doc[j - 1].is_space or doc[j - 1].text in _EDGE_JUNK):
        j -= 1
    return i, j


def _name_text(doc: Doc, i: int, j: int, index: DocIndex) -> tuple[str, int] | None:
    """The text of ``doc[i:j]`` without edge junk, and its start; None when it is no name:
    shorter than two characters, without a capital, an adjective of a prefix and a name
    (``anti-Macron``), nationality words only (``russe``, ``-irano-turque``) or a common
    noun (``État``). ``index``: the Doc's."""
    start, end = index.tok_idx[i], index.tok_idx[j - 1] + len(index.words[j - 1])
    text = index.text[start:end].strip(_EDGE_JUNK)
    if not text or len(text) < 2 or not any(c.isupper() for c in text):
        return None
    if _PREFIXED.match(text):
        return None
    if _is_demonym_span(text) or _is_generic(text) or _GLUED_QUOTE.search(text):
        return None
    return text, index.text.index(text, start)


class EntityRecognizer:
    """Sets ``doc._.entities`` (list of :class:`Entity`) and ``doc._.country_refs``.

    ``home_country`` (``settings.home_country``): the country a name of two countries, or of
    a country and a place, prefers when the recognizer asks whether it names a country."""

    def __init__(self, home_country: str = "FR") -> None:
        self.home_country = home_country

    def __call__(self, doc: Doc) -> Doc:
        cands = self._candidates(doc)
        phrases = self._role_phrases(doc, cands)
        # "ministre des Solidarités et de la Santé": a portfolio named inside a minister's role
        # is part of the role, not an organisation. Places, known organisations and acronyms
        # stay ("ministre de la Défense de la France", "ministre à la Maison Blanche").
        cands = [
            c
            for c in cands
            if c.label in ("PER", "LOC")
            or c.text.isupper()
            or name_key(c.text) in _org_index()
            or not any(
                p.tok_start < c.tok_start and c.tok_end <= p.tok_end and _is_portfolio_role(p.head)
                for p in phrases
            )
        ]
        clusters = self._cluster(cands)
        self._attach_roles(doc, clusters, phrases)
        self._quoted_aliases(doc, clusters)
        for cl in clusters:
            if _person_is_a_town(cl, self.home_country):
                cl.label = "LOC"
        text = doc_text(doc)
        clusters = [cl for cl in clusters if not _quoted_word(text, cl, self.home_country)]
        doc._.entities = self._entities(clusters)
        names = [(m.start, m.end) for c in clusters for m in c.mentions]
        # "Bulletin Français" is a name, not a reference to France; "russe" in "Agence de
        # presse russe" (a description) still is.
        doc._.country_refs = [
            CountryRef(doc_text(doc)[s:e], s, e, c)
            for s, e, c in demonyms.find_country_refs(doc_text(doc))
            if not any(a <= s and e <= b for a, b in names)
        ]
        return doc

    # -- candidates ---------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[_Cand]:
        lay = doc._.layout
        forced: list[tuple[int, int, str]] = []
        if lay is not None:
            if lay.source is not None:
                forced.append((lay.source.start, lay.source.end, "ORG"))
            p = lay.dateline.place if lay.dateline is not None else None
            if p is not None and _is_place_name(p.text):
                # not a rubric read as a dateline ("POLITIQUE - Le député…")
                forced.append((p.start, p.end, "LOC"))
        out: list[_Cand] = []
        index = doc_index(doc)
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e, _ in forced):
                continue
            cand = self._repair(doc, ent.start, ent.end, ent.label_, index)
            if cand is not None:
                out.append(cand)
        for s, e, label in forced:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                out.append(_Cand(s, e, label, doc_text(doc)[s:e], span.start, span.end))
        out = _with_institutions(doc, out)
        out += _described_names(doc, out)
        known = _lexicon_organisations(doc)
        out = _override(self._split_around(doc, out, known), known)
        out = _with_acronyms(doc, out)
        out += _countries_missed(doc, out, self.home_country)
        out.sort(key=lambda c: c.start)
        return out

    def _split_around(self, doc: Doc, cands: list[_Cand], known: list[_Cand]) -> list[_Cand]:
        """A span the NER ran past a known organisation is cut around it: ``Mediapart et le
        Canard enchaîné``, ``Mediapart lundi``, ``Facebook M. Borissov``. The rest is
        repaired as names of their own, of the organisation's type after ``et`` (a
        coordination), untyped (MISC) otherwise. An organisation's name whose complement the
        known one is stays whole (``Haut commissariat de l'ONU pour les réfugiés``)."""
        if not known:
            return cands
        out = []
        for c in cands:
            inside = [
                f
                for f in known
                if c.start <= f.start and f.end <= c.end and (f.start, f.end) != (c.start, c.end)
            ]
            if not inside or (c.label == "ORG" and _is_complement(doc, inside[0], c)):
                out.append(c)
                continue
            cuts = [c.tok_start] + [t for f in inside for t in (f.tok_start, f.tok_end)]
            cuts.append(c.tok_end)
            for a, b in zip(cuts[::2], cuts[1::2], strict=True):
                out += self._rest(doc, a, b)
        return out

    def _rest(self, doc: Doc, i: int, j: int) -> list[_Cand]:
        """The name in ``doc[i:j]``, a piece of a span cut around a known organisation."""
        label = "MISC"
        while i < j and (doc[i].is_punct or lower(doc[i].text) in ("et", "ou")):
            if lower(doc[i].text) == "et":
                label = "ORG"  # "Mediapart et le Canard enchaîné"
            i += 1
        if i >= j:
            return []
        cand = self._repair(doc, i, j, label, doc_index(doc))
        return [] if cand is None else [cand]

    def _repair(self, doc: Doc, i: int, j: int, label: str, index: DocIndex) -> _Cand | None:
        """The name in the NER span ``doc[i:j]``, repaired, or None when it holds none: its
        edges trimmed, what leads it taken off (:meth:`_lead`), then its text checked
        (:func:`_name_text`) and its label corrected (:meth:`_relabel`). ``index``: the
        Doc's."""
        i, j = _trim_edges(doc, i, j)
        lead = self._lead(doc, i, j, label, index)
        if lead is None:
            return None
        i, gender = lead
        if j - i > 1 and doc[i].text.islower() and (kind := _descriptors().get(plain(doc[i].text))):
            i, label = i + 1, kind  # "la chaîne France 2": the descriptor is no part of it
        if label == "MISC" and doc[i].text.islower() and (k := _place_at_end(doc, i, j)):
            i, label = k, "LOC"  # "c'est au tour de Paris", "la désescalade au Moyen-Orient"
        if (
            label != "PER"
            and self._after_role(doc, i, index)
            and (k := _place_at_end(doc, i, j)) is not None
        ):
            i, label = k, "LOC"  # "ministre du Tourisme du Botswana": the country
        if label != "PER" and (k := self._person_at_end(doc, i, j, index)) is not None:
            i, label = k, "PER"  # "ministre du Travail Muriel Pénicaud": the person
        found = _name_text(doc, i, j, index)
        if found is None:
            return None
        text, start = found
        if j - i == 1 and _is_common_word_at_start(doc, i):
            return None
        if j - i == 1 and i > 0 and doc[i - 1].like_num and len(text) <= 3:
            return None  # "400 Nm de couple": a unit
        if _ROMAN_ORDINAL.match(text) and not _ordinal_of_a_place(doc, j):
            return None  # "au XXe siècle", "la Ve République"
        if (
            text.isupper()
            and not _ACRONYM_LIKE.match(text)
            and _shouted(doc, i, j)
            and name_key(text) not in _org_index()
        ):
            return None  # "PORTS FERMES, CŒURS OUVERTS": a heading in capitals
        if label == "LOC" and (i == 0 or doc[i].is_sent_start or doc[i - 1].is_punct):
            text, start = _strip_capital_article(text, start, self.home_country)
        label = self._relabel(text, label)
        if label != "ORG" and (label != "PER" or j - i == 1):
            label = _described_as(doc, i) or label
        if label == "LOC" and j - i == 1 and _names_inhabitants(text):
            return None  # "les Parisiens": people, like the nationality words
        while i < j - 1 and doc[i].idx + len(doc[i].text) <= start:
            i += 1  # the article went
        return _Cand(start, start + len(text), label, text, i, j, gender)

    def _lead(
        self, doc: Doc, i: int, j: int, label: str, index: DocIndex
    ) -> tuple[int, str | None] | None:
        """The first token of the name in ``doc[i:j]`` past lowercase determiners, courtesy
        titles (their gender kept: ``Mme``) and, in a person's span, role words; None when
        nothing but those is left. In a person's span only adjectives extend a role, since
        "de X" may be part of the name (Charles de Gaulle); a role ending the span of
        another label is no name either ("ministre des Affaires étrangères")."""
        gender = None
        words = index.words
        while i < j:
            if words[i].islower() and lower(words[i]) in _DETERMINERS:
                i += 1
                continue
            role = _match_role(doc, i, index)
            if role is None:
                break
            end_tok, word = role
            if word.honorific:
                if end_tok >= j:
                    return None
                gender = _HONORIFIC_GENDER.get(words[i].rstrip("."), gender)
                i = end_tok
                continue
            complements = 0 if label == "PER" else 2
            ext, _ = _extend_role(
                doc, i, end_tok, set(), self.home_country, complements=complements
            )
            if ext >= j:
                return None
            if label != "PER":
                break
            i = ext
            while i < j and words[i] == ",":
                i += 1
        return (i, gender) if i < j else None

    def _person_at_end(self, doc: Doc, i: int, j: int, index: DocIndex) -> int | None:
        """Where a person's name ends the span ``doc[i:j]`` that the NER typed a place or an
        organisation: from a known first name on, capitalised words only, after a role
        (``procureur de la République Eric Mathais``, ``ministre de l'Environnement Ségolène
        Royal``, ``député de la majorité Romain Grau``) or, for the whole span, after no
        common noun (``c'est Kamala Harris``; not ``lycée Victor Hugo``)."""
        first_names = _first_names()
        k = next((k for k in range(i, j - 1) if name_key(doc[k].text) in first_names), None)
        if k is None or not all(t.text[:1].isupper() and t.is_alpha for t in doc[k:j]):
            return None
        if self._after_role(doc, i, index):
            return k
        before = doc[i - 1] if i > 0 else None
        if k == i and (before is None or before.pos_ not in ("NOUN", "ADJ", "PROPN")):
            return k
        return None

    def _after_role(self, doc: Doc, i: int, index: DocIndex) -> bool:
        """A role phrase with its complements reaches token ``i`` (``ministre du`` before
        ``Travail``, ``député de la majorité`` before a name); ``index``: the Doc's."""
        starts = _role_starts(index)[1]
        for r in range(max(0, i - 6), i):
            if r not in starts:
                continue
            m = _match_role(doc, r, index)
            if m is None or m[1].honorific:
                continue
            ext, _ = _extend_role(doc, r, m[0], set(), self.home_country, complements=2)
            if ext >= i:
                return True
        return False

    def _relabel(self, text: str, label: str) -> str:
        """ORG for a known organisation, and for a place or misc name opening with an
        institution word ("Cour suprême", "Chambre des représentants"); LOC for a one-word
        "person" that is a known place ("Washington accuse…": a capital, not a person)."""
        org = _org_index().get(name_key(text))
        first = lower(text.split()[0])
        if org is not None or (label in ("LOC", "MISC") and _entity_words()[1].get(first) == "ORG"):
            return "ORG"
        if label == "PER" and len(text.split()) == 1 and _is_known_place(text, self.home_country):
            return "LOC"
        return label

    # -- role phrases -------------------------------------------------------------------

    def _role_phrases(self, doc: Doc, cands: list[_Cand]) -> list[_RolePhrase]:
        name_starts = {c.tok_start for c in cands if c.label == "PER"}
        out: list[_RolePhrase] = []
        index = doc_index(doc)
        i = 0
        for k in _role_starts(index)[0]:  # the other tokens start no role
            if k < i:
                continue
            i = k
            m = _match_role(doc, i, index)
            if m is None or m[1].honorific or i in name_starts:
                continue
            end_tok, role = m
            j, country = _extend_role(
                doc, i, end_tok, name_starts, self.home_country, complements=2
            )
            det_start = doc[i].idx
            if i > 0 and lower(doc[i - 1].text) in ("le", "la", "l'"):
                det_start = doc[i - 1].idx
            last = doc[j - 1]
            out.append(
                _RolePhrase(
                    doc[i].idx, last.idx + len(last.text), i, j, role.words, country, det_start
                )
            )
            i = j
        return out

    # -- clustering ---------------------------------------------------------------------

    def _cluster(self, cands: list[_Cand]) -> list[_Cluster]:
        clusters: list[_Cluster] = []
        by_key: dict[str, _Cluster] = {}
        people = _People()
        # Longest names first, so that short forms find the full name they abbreviate.
        for c in sorted(cands, key=lambda c: (-len(c.words), c.start)):
            k = " ".join(c.words)
            org = _org_index().get(k)
            target = by_key.get(k)
            if target is None and org is not None:
                target = by_key.get("org:" + org.name)
            if target is None and c.label in ("PER", "ORG", "LOC", "MISC"):
                target = people.person_for(c)
            if target is None:
                target = _Cluster(c.label, org=org)
                clusters.append(target)
            target.mentions.append(c)
            people.added(target, c)
            by_key.setdefault(k, target)
            if org is not None:
                target.org = target.org or org
                by_key.setdefault("org:" + org.name, target)
        clusters = _merge_acronyms(clusters, by_key, cands)
        clusters = _merge_initials(clusters)
        for cl in clusters:
            cl.label = _majority_label(cl)
        return sorted(clusters, key=lambda cl: cl.first)

    # -- roles and titles ---------------------------------------------------------------

    def _attach_roles(self, doc: Doc, clusters: list[_Cluster], phrases: list[_RolePhrase]) -> None:
        by_tok_start: dict[int, _Cluster] = {}
        by_tok_end: dict[int, _Cluster] = {}
        for cl in clusters:
            if cl.label != "PER":
                continue
            for m in cl.mentions:
                by_tok_start[m.tok_start] = cl
                by_tok_end[m.tok_end] = cl
        unlinked: list[_RolePhrase] = []
        for ph in phrases:
            target = by_tok_start.get(ph.tok_end)
            indefinite = ph.tok_start > 0 and lower(doc[ph.tok_start - 1].text) in (
                "un",
                "une",
            )
            if (
                target is None
                and not indefinite
                and ph.tok_end < len(doc)
                and doc[ph.tok_end].text == ","
            ):
                # "le ministre de la Défense, Sergueï Choïgou", not "pour un président
                # américain, Kayleigh McEnany, porte-parole…"
                target = by_tok_start.get(ph.tok_end + 1)
            if target is None:
                # "Larry Kudlow, conseiller économique du président": name, comma, role.
                k = ph.tok_start
                if k > 0 and lower(doc[k - 1].text) in ("le", "la", "l'", "un", "une"):
                    k -= 1
                # The apposition must close: "Michel Aoun, le président libanais, a dit" but
                # not "Olivier Véran, le président a été accueilli".
                closed = ph.tok_end >= len(doc) or doc[ph.tok_end].text in (",", ")", ".", ";")
                if k > 0 and doc[k - 1].text == "," and closed:
                    target = by_tok_end.get(k - 1)
            if target is None:
                unlinked.append(ph)
                continue
            self._add_role(doc, target, ph)
        same_role = _RoleIndex(clusters)
        for ph in unlinked:
            matches = same_role.clusters_with(ph, doc_text(doc)[ph.start : ph.end])
            if len(matches) == 1:
                cl = matches[0]
                cl.titles.append(
                    Mention(doc_text(doc)[ph.det_start : ph.end], ph.det_start, ph.end, "title")
                )

    @staticmethod
    def _add_role(doc: Doc, cl: _Cluster, ph: _RolePhrase) -> None:
        text = doc_text(doc)[ph.start : ph.end]
        if not any(r.start == ph.start for r in cl.roles):
            cl.roles.append(Role(text, ph.start, ph.end, ph.country))
            cl.titles.append(
                Mention(doc_text(doc)[ph.det_start : ph.end], ph.det_start, ph.end, "title")
            )
        if cl.country is None and ph.country is not None:
            cl.country = ph.country

    @staticmethod
    def _quoted_aliases(doc: Doc, clusters: list[_Cluster]) -> None:
        """``l'Agence de presse russe « Tass »``: the description is a title of ``Tass``."""
        text = doc_index(doc).folded  # typography(doc_text(doc)), folded once
        by_start = {m.start: cl for cl in clusters for m in cl.mentions}
        for cl in list(clusters):
            for m in list(cl.mentions):
                rest = text[m.end : m.end + 4]
                mq = re.match(r" ?\" ?", rest)
                if not mq:
                    continue
                target = by_start.get(m.end + mq.end())
                if target is None or target is cl:
                    continue
                target.titles.append(Mention(m.text, m.start, m.end, "title"))
                cl.mentions.remove(m)
        clusters[:] = [cl for cl in clusters if cl.mentions]

    # -- output ----------------------------------------------------------------------

    @staticmethod
    def _entities(clusters: list[_Cluster]) -> list[Entity]:
        out = []
        for n, cl in enumerate(sorted(clusters, key=lambda cl: cl.first), 1):
            canon = cl.canonical
            name = canon.text
            country = cl.country or (cl.org.country if cl.org else None)
            mentions = [Mention(m.text, m.start, m.end, "name") for m in cl.mentions]
            mentions += cl.titles
            mentions.sort(key=lambda m: m.start)
            out.append(
                Entity(
                    id=f"e{n}",
                    name=name,
                    type=cl.label,  # type: ignore[arg-type]
                    mentions=mentions,
                    roles=sorted(cl.roles, key=lambda r: r.start),
                    country=country,
                )
            )
        return out


_HONORIFIC_GENDER = {"M": "m", "MM": "m", "Mme": "f", "Mmes": "f", "Mlle": "f"}


@cache
def _first_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for row in lexicon.read_table("first_names.tsv"):
        if row["gender"] not in ("m", "f"):
            raise lexicon.LexiconError(
                f"first_names.tsv: {row['name']!r}: gender must be m or f, not {row['gender']!r}"
            )
        out[name_key(row["name"])] = row["gender"]
    return out


def first_name_gender(name: str) -> str | None:
    """``"m"`` or ``"f"`` from the first name of a person's name (``Brigitte Macron`` → f;
    a compound first name by its first part, ``Jean-Marie`` → m), None when unknown."""
    words = name_key(name).split()
    if len(words) < 2:
        return None
    return _first_names().get(words[0])


def _with_institutions(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """``hôpital Robert-Debré``, ``parquet de Paris``: a lowercase institution head with a
    capitalised complement is one organisation (or facility), replacing the names inside it."""
    heads = _entity_words()[1]
    person_starts = {c.tok_start for c in cands if c.label == "PER" and c.tok_end - c.tok_start > 1}
    found: list[_Cand] = []
    index = doc_index(doc)
    words = index.words
    i = 0
    # only lowercase words open an institution: each distinct word is folded once
    opening = {w for w in set(words) if w.islower() and lower(w) in heads}
    for k, w in enumerate(words):
        if k < i or w not in opening:
            continue
        i = k
        label = heads[lower(w)]
        last_cap = (
            None if label is None else _institution_name_end(doc, i, person_starts, label == "LOC")
        )
        if label is None or last_cap is None:
            continue
        end_tok = last_cap + 1
        start, end = doc[i].idx, doc[last_cap].idx + len(doc[last_cap].text)
        found.append(_Cand(start, end, label, doc_text(doc)[start:end], i, end_tok))
        i = end_tok
    if not found:
        return cands
    return _override(cands, found)


def _institution_name_end(
    doc: Doc, i: int, person_starts: set[int], street: bool = False
) -> int | None:
    """The last token of the name that the institution head ``doc[i]`` opens (its last
    capitalised word or adjective), None when no capitalised word follows it. A place head
    (``street``) takes a person's name right after it (``rue Jean Jaurès``)."""
    j, last_cap, after_prep = i + 1, None, True
    while j < len(doc) and j - i <= 9:
        t = doc[j]
        low = lower(t.text)
        if t.text[:1].isupper() and not t.is_sent_start and after_prep:
            if j in person_starts and not (j == i + 1 and (street or _hyphenated(doc, j))):
                # "conseil d'administration d'Andreï Chmarov": a person's; "commission des
                # Finances de l'Assemblée Eric Woerth": the person follows the institution
                break
            last_cap = j
            after_prep = True  # "Robert-Debré", "Los Angeles": name tokens in a row
        elif _joins_name(doc, j, last_cap):
            pass  # "Pitié-Salpêtrière": the hyphen of a compound name
        elif low in ("à", "au", "aux") and j + 1 < len(doc) and doc[j + 1].text[:1].isupper():
            break  # "hôpital Henri-Mondor à Créteil": where it is, not its name
        elif low in _PREPOSITIONS and last_cap is not None and _place_follows(doc, j):
            break  # "hôpital Henri-Mondor de Créteil": named, then where it is
        elif low in _PREPOSITIONS or (low in _ARTICLES and lower(doc[j - 1].text) in _PREPOSITIONS):
            after_prep = True
        elif t.is_alpha and t.text.islower() and t.pos_ == "ADJ":
            if last_cap is not None:
                last_cap = j  # "ministère chinois des Affaires étrangères"
            after_prep = last_cap is None
        elif t.is_alpha and t.text.islower() and t.pos_ == "NOUN" and after_prep:
            if last_cap is not None:
                break
            after_prep = False  # "préfecture de police de Paris"
        else:
            break
        j += 1
    return last_cap


def _joins_name(doc: Doc, j: int, last_cap: int | None) -> bool:
    """``doc[j]`` is the hyphen inside a compound name (``Pitié-Salpêtrière``): glued to the
    capitalised word before it and to a capitalised word after it."""
    t = doc[j]
    return (
        t.text == "-"
        and last_cap == j - 1
        and not doc[j - 1].whitespace_
        and not t.whitespace_
        and j + 1 < len(doc)
        and doc[j + 1].text[:1].isupper()
    )


def _place_follows(doc: Doc, j: int) -> bool:
    """The capitalised word after the preposition ``doc[j]`` names a place the gazetteer
    knows (``de Créteil``)."""
    from veille.gazetteer import load_gazetteer

    k = j + 1
    if k < len(doc) and lower(doc[k].text) in _ARTICLES:
        k += 1
    return (
        k < len(doc)
        and doc[k].text[:1].isupper()
        and bool(load_gazetteer().candidates(doc[k].text))
    )


def _hyphenated(doc: Doc, j: int) -> bool:
    """``doc[j]`` opens a hyphenated compound name (``Robert-Debré``): how a person's name
    names a place or an institution (``hôpital Robert-Debré``, ``lycée Victor-Hugo``)."""
    return j + 2 < len(doc) and _joins_name(doc, j + 1, j)


# Words an acronym skips (``service régional de police judiciaire`` is ``SRPJ``); no expansion
# opens with one.
_ACRONYM_SKIP = frozenset([*_PREPOSITIONS, *_ARTICLES, "et", "pour", "en", "sur", "l", "d"])
_ACRONYM = re.compile(r"^[A-Z][A-Za-z]{1,9}(?:-[A-Z][A-Za-z]{0,9})*$")
_MAX_EXPANSION = 14  # tokens


def _initials(doc: Doc, i: int, j: int) -> str:
    """The folded initials of the words of ``doc[i:j]``, hyphenated parts apart
    (``Assistance publique-Hôpitaux de Paris`` → ``aphdp``)."""
    parts = (p for t in doc[i:j] if t.is_alpha or "-" in t.text for p in t.text.split("-"))
    return "".join(plain(p)[:1] for p in parts if p)


def _spells(acronym: str, initials: str) -> bool:
    """The acronym's letters are the first initial then a subsequence of the others."""
    letters = plain(acronym).replace("-", "")
    if not letters or not initials or letters[0] != initials[0]:
        return False
    rest = iter(initials[1:])
    return all(ch in rest for ch in letters[1:])


def _expansion_before(doc: Doc, paren: int, acronym: str) -> int | None:
    """The first token of the words before ``doc[paren]`` (an opening parenthesis) that the
    acronym inside spells: the shortest such phrase, opening with a content word."""
    k = paren - 1
    while k >= 0 and paren - k <= _MAX_EXPANSION:
        t = doc[k]
        if t.is_punct and t.text not in ("-", "'", "’", ","):
            return None
        # "La République en marche (LREM)": a capitalised article opens the name
        skip = t.text.islower() and t.text in _ACRONYM_SKIP
        if not skip and _spells(acronym, _initials(doc, k, paren)):
            return k
        k -= 1
    return None


def _acronym_pairs(doc: Doc) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``agence régionale de santé (ARS)`` and ``Acted (Agence d'aide à la coopération
    technique et au développement)``: (acronym, expansion) token ranges, the expansion being
    the words whose initials spell the acronym."""
    pairs = []
    index = doc_index(doc)
    text, words, idx = index.text, index.words, index.tok_idx
    n = len(words)
    # the token texts, not the Tokens: no Token object for each word of the document
    for i in [k for k, w in enumerate(words[:-2]) if w == "("]:
        end = min(i + 2 + _MAX_EXPANSION, n)
        close = next((k for k in range(i + 1, end) if words[k] == ")"), None)
        if close is None or close == i + 1:
            continue
        inside = text[idx[i + 1] : idx[close]]
        if _ACRONYM.match(inside):
            start = _expansion_before(doc, i, inside)
            if start is not None:
                pairs.append(((i + 1, close), (start, i)))
        elif (
            i > 0
            and _ACRONYM.match(words[i - 1])
            and " " in inside
            and _spells(words[i - 1], _initials(doc, i + 1, close))
        ):
            pairs.append(((i - 1, i), (i + 1, close)))
    return pairs


def _with_acronyms(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Each acronym next to its expansion in parentheses, both as candidates of one name
    (the expansion replacing the names it overlaps), tied by ``_Cand.alias_of``."""
    pairs = _acronym_pairs(doc)
    pairs += _named_acronyms(doc, cands, {a for a, _ in pairs})
    if not pairs:
        return cands
    text = doc_text(doc)
    new: list[_Cand] = []
    for (ai, aj), (ei, ej) in pairs:
        es, ee = doc[ei].idx, doc[ej - 1].idx + len(doc[ej - 1].text)
        as_, ae = doc[ai].idx, doc[aj - 1].idx + len(doc[aj - 1].text)
        label = "LOC" if _is_country_name(text[es:ee]) else "ORG"
        exp = _Cand(es, ee, label, text[es:ee], ei, ej)
        new.append(exp)
        new.append(_Cand(as_, ae, label, text[as_:ae], ai, aj, alias_of=exp.text))
    spans = [(c.start, c.end) for c in new]
    kept = [c for c in cands if not any(c.start < e and s < c.end for s, e in spans)]
    return kept + new


def _is_initials(m: _Cand) -> bool:
    return 2 <= len(m.text) <= 4 and m.text.isalpha() and m.text.isupper()


def _merge_initials(clusters: list[_Cluster]) -> list[_Cluster]:
    """``DSK`` is ``Dominique Strauss-Kahn``: a name in capitals that spells the initials of
    one person's full name (hyphenated parts apart) joins that person."""
    short = [
        cl
        for cl in clusters
        if cl.org is None
        and all(
            2 <= len(m.text) <= 4 and m.text.isalpha() and m.text.isupper() for m in cl.mentions
        )
    ]
    if not short:
        return clusters
    people: dict[str, list[_Cluster]] = defaultdict(list)
    for cl in clusters:
        if cl.label == "PER" and len(cl.canonical.words) > 1:
            initials = "".join(p[:1] for w in cl.canonical.text.split() for p in w.split("-"))
            people[initials.upper()].append(cl)
    gone: set[int] = set()
    for cl in short:
        found = people.get(cl.mentions[0].text, [])
        if len(found) == 1 and found[0] is not cl:
            found[0].mentions += cl.mentions
            gone.add(id(cl))
    return [cl for cl in clusters if id(cl) not in gone]


_CODE_NAME = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")  # "STC", "M5S"


def _named_acronyms(
    doc: Doc, cands: list[_Cand], known: set[tuple[int, int]]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """``Conseil de transition du sud (STC)``, ``Mouvement 5 étoiles (M5S, populiste)``: an
    acronym in parentheses right after an organisation's name is its acronym, even in
    another language's initials."""
    pairs = []
    for c in cands:
        k = c.tok_end
        if c.label != "ORG" or k + 2 >= len(doc) or doc[k].text != "(":
            continue
        if (k + 1, k + 2) in known or not _CODE_NAME.match(doc[k + 1].text):
            continue
        if doc[k + 2].text in (")", ","):
            pairs.append(((k + 1, k + 2), (c.tok_start, c.tok_end)))
    return pairs


def _merge_acronyms(
    clusters: list[_Cluster], by_key: dict[str, _Cluster], cands: list[_Cand]
) -> list[_Cluster]:
    """The cluster of an acronym joins that of its expansion (``ARS`` and ``agence régionale
    de santé`` are one entity)."""
    gone: set[int] = set()
    for c in cands:
        if c.alias_of is None:
            continue
        acr, exp = by_key.get(" ".join(c.words)), by_key.get(name_key(c.alias_of))
        if acr is None or exp is None or acr is exp or id(acr) in gone:
            continue
        exp.mentions += acr.mentions
        exp.org = exp.org or acr.org
        gone.add(id(acr))
        for k, cl in by_key.items():
            if cl is acr:
                by_key[k] = exp
    return [cl for cl in clusters if id(cl) not in gone]


def _is_complement(doc: Doc, f: _Cand, c: _Cand) -> bool:
    """The name ``f`` is a complement inside the name ``c`` (``… de l'ONU pour …``)."""
    k = f.tok_start - 1
    while k > c.tok_start and lower(doc[k].text) in _ARTICLES:
        k -= 1
    return k >= c.tok_start and lower(doc[k].text) in _PREPOSITIONS


def _override(cands: list[_Cand], found: list[_Cand]) -> list[_Cand]:
    """``found`` spans replace the candidates they contain; a candidate that only partly
    overlaps one wins over it (the NER knows better there)."""
    contains = _ReachIndex(found)
    kept = [c for c in cands if contains.reach(c.start, inclusive=True) < c.end]
    overlaps = _ReachIndex(kept)
    found = [f for f in found if overlaps.reach(f.end, inclusive=False) <= f.start]
    return kept + found


class _ReachIndex:
    """Spans sorted by start with the running maximum of their ends: how far right the spans
    starting at or before (or strictly before) an offset reach, in log time."""

    def __init__(self, spans: list[_Cand]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in ordered]
        self.reaches = list(itertools.accumulate((s.end for s in ordered), max))

    def reach(self, offset: int, *, inclusive: bool) -> int:
        """The largest end of the spans starting at or before ``offset`` (``inclusive``) or
        before it; -1 when there is none."""
        find = bisect.bisect_right if inclusive else bisect.bisect_left
        n = find(self.starts, offset)
        return self.reaches[n - 1] if n else -1


def _countries_missed(doc: Doc, cands: list[_Cand], home: str) -> list[_Cand]:
    """Country names the NER missed (``Argentine``, ``Kosovo``, ``Corée du Nord``)."""

    taken = {t for c in cands for t in range(c.tok_start, c.tok_end)}
    out = []
    index = doc_index(doc)
    words = index.words
    n_toks = len(words)
    i = 0
    # capitalised alphabetic words (Token.is_alpha is str.isalpha of the word)
    for k in [k for k, w in enumerate(words) if w[:1].isupper() and w.isalpha()]:
        if k < i or k in taken:
            continue
        i = k
        for n in (4, 3, 2, 1):  # longest first: "République démocratique du Congo"
            j = i + n
            if j > n_toks or any(t in taken for t in range(i, j)):
                continue
            if not words[j - 1][:1].isupper():
                continue
            # the text of doc[i:j]
            text = index.text[index.tok_idx[i] : index.tok_idx[j - 1] + len(words[j - 1])]
            if _country_code(text, home) is not None:
                start = doc[i].idx
                out.append(_Cand(start, start + len(text), "LOC", text, i, j))
                i = j
                break
    return out


@cache
def _org_pattern() -> re.Pattern[str]:
    names = {n for org in lexicon.organisations() for n in (org.name, *org.aliases)}

    # The names grouped by their first character, each group in the order of the whole list
    # (longest first): only one group is tried at a position, and the alternative matching
    # first is the one the flat alternation of every name would match first.
    groups: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        folded = typography(name)
        # "révèle le Parisien": an article opening a name may be lowercase in running text
        firsts = "Ll" if re.match(r"(L[ae]s?|L')(\s*)", name) else folded[0]
        for c in firsts:
            groups.setdefault(c, []).append(re.escape(folded[1:]))
    alts = "|".join(f"{re.escape(c)}(?:{'|'.join(rest)})" for c, rest in groups.items())
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])")


def _lexicon_organisations(doc: Doc) -> list[_Cand]:
    """Known organisations, whole (``La République en marche``, ``Le Parisien``), and those
    the NER missed (``Twitter``, ``Mediapart``, ``LREM``)."""
    out = []
    for m in _org_pattern().finditer(doc_index(doc).folded):
        s, e = m.span()
        span = doc.char_span(s, e)
        if span is None:
            continue
        out.append(_Cand(s, e, "ORG", doc_text(doc)[s:e], span.start, span.end))
    return out


@cache
def _entity_words() -> tuple[frozenset[str], dict[str, str]]:
    generic: set[str] = set()
    heads: dict[str, str] = {}
    for row in lexicon.read_table("entity_words.tsv"):
        word = lower(row["word"])
        if row["kind"] == "generic":
            generic.add(word)
        elif row["kind"] in ("descriptor", "inhabitants"):
            continue  # _descriptors(), _inhabitant_endings()
        elif row["kind"] == "institution":
            if row["type"] not in LABELS:
                raise lexicon.LexiconError(f"entity_words.tsv: {word!r}: bad type {row['type']!r}")
            heads[word] = row["type"]
        else:
            raise lexicon.LexiconError(f"entity_words.tsv: {word!r}: bad kind {row['kind']!r}")
    return frozenset(generic), heads


@cache
def _descriptors() -> dict[str, str]:
    """Descriptor nouns (``groupe``, ``ONG``, ``quotidien``) → the type of the name they
    describe; rows of kind ``descriptor`` in ``entity_words.tsv``."""
    out = {}
    for row in lexicon.read_table("entity_words.tsv"):
        if row["kind"] == "descriptor":
            if row["type"] not in LABELS:
                raise lexicon.LexiconError(f"entity_words.tsv: {row['word']!r}: bad type")
            out[plain(row["word"])] = row["type"]
    return out


_QUOTE_MARKS = frozenset('"«»“”')
_MAX_DESCRIPTOR_GAP = 4  # adjectives and complements between the descriptor and the name


def _described_as(doc: Doc, i: int) -> str | None:
    """The type a descriptor noun before the name at token ``i`` gives it, past lowercase
    adjectives, nouns and "de" + noun complements: ``le groupe chinois ByteDance``,
    ``la chaîne de télévision Dojd``, ``les sites internet Meduza``. None without one."""
    descriptors = _descriptors()
    k = i - 1
    if k >= 0 and doc[k].text in _QUOTE_MARKS:
        k -= 1  # la loi "Noé"
        i -= 1
    while k >= 0 and i - k <= _MAX_DESCRIPTOR_GAP + 1:
        t = doc[k]
        if not t.is_alpha:
            return None
        found = descriptors.get(plain(t.text)) or descriptors.get(plain(t.lemma_))
        if found is not None and (t.text.islower() or t.text.isupper()):
            return found  # "l'ONG allemande Sea-Watch"
        if not t.text.islower():
            return None
        if t.pos_ not in ("ADJ", "NOUN", "ADP") or (t.pos_ == "ADP" and lower(t.text) != "de"):
            return None
        k -= 1
    return None


# "Ve", "XXe", "Ier", "XIVe": one numeral letter must be I, V or X, so that the articles
# "Le" (L, 50) and "Ce" (C, 100) opening a name ("Le Pen", "Le Drian") are no ordinals
_ROMAN_ORDINAL = re.compile(r"^(?:[IVX]|[IVXLC]{2,})(?:e|er|ème)(?:\s|$)")


def _ordinal_of_a_place(doc: Doc, j: int) -> bool:
    """The ordinal is a Paris district's (``IIIe et Xe arrondissements``)."""
    return any(lower(t.text).startswith("arrondissement") for t in doc[j : j + 4])


_ACRONYM_LIKE = re.compile(r"^[A-Z]{2,5}$")  # "CGT", "ONU" stay names in a heading
_SHOUTED_WORDS = 4  # capitalised words in a row that make a heading, not a name
_CAPS_GLUE = frozenset(["'", "’", "-", ",", "!", "?"])


def _capitals(tok: Token) -> bool:
    """A word in capitals (``FERMES``, ``N'``), not a number or a mark."""
    letters = tok.text.rstrip("'’")
    return bool(letters) and letters.isalpha() and letters.isupper()


def _shouted(doc: Doc, i: int, j: int) -> bool:
    """``doc[i:j]`` is part of a line in capitals: a run of at least three words in capitals
    (``L'ÉCHÉANCE REPORTÉE À 2030``, ``JE N'AI PAS MONTÉ UN FAN CLUB``), or a rubric word
    opening a line before a dash (``POLITIQUE - Le député…``)."""
    words = j - i
    k = i - 1
    while k >= 0 and (_capitals(doc[k]) or doc[k].text in _CAPS_GLUE):
        words += _capitals(doc[k])
        k -= 1
    k2 = j
    while k2 < len(doc) and (_capitals(doc[k2]) or doc[k2].text in _CAPS_GLUE):
        words += _capitals(doc[k2])
        k2 += 1
    if words >= _SHOUTED_WORDS:
        return True
    at_line_start = i == 0 or "\n" in doc[i - 1].text_with_ws
    return at_line_start and j < len(doc) and doc[j].text in ("-", "–", "—", ":")


def _described_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """Organisations the NER missed after a descriptor noun and its adjectives: ``l'ONG
    allemande Sea-Watch``, ``le groupe chinois ByteDance``."""
    taken = {t for c in cands for t in range(c.tok_start, c.tok_end)}
    descriptors = _descriptors()
    index = doc_index(doc)
    words = index.words
    out = []
    for i, (w, p) in enumerate(zip(words, index.plains, strict=True)):
        if descriptors.get(p) != "ORG" or not (w.islower() or w.isupper()):
            continue
        k = i + 1
        while k < len(doc) and k - i <= 2 and doc[k].pos_ == "ADJ" and words[k].islower():
            k += 1
        j = k
        while (
            j < len(doc)
            and j not in taken
            and ((words[j][:1].isupper() and doc[j].is_alpha) or _joins_name(doc, j, j - 1))
        ):
            j += 1
        if j > k and words[j - 1] != "-":
            start, end = doc[k].idx, doc[j - 1].idx + len(words[j - 1])
            out.append(_Cand(start, end, "ORG", doc_text(doc)[start:end], k, j))
    return out


def _is_generic(text: str) -> bool:
    """``État``, ``l'Etat libanais``, ``République``: a common noun, not a name."""
    words = typography(text).split()
    generic = _entity_words()[0]
    return lower(words[0]) in generic and all(w.islower() for w in words[1:])


def _is_common_word_at_start(doc: Doc, i: int) -> bool:
    """A capitalised verb, adjective or noun opening a sentence (``Honorez``, ``Boutiques``)."""
    tok = doc[i]
    prev = doc[i - 1] if i > 0 else None
    at_start = (
        prev is None
        or tok.is_sent_start
        or prev.is_space
        or prev.text in (".", "!", "?", ":", ";", "-", "–", "—")
    )
    return at_start and tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "ADV") and not tok.is_upper


def _strip_capital_article(text: str, start: int, home: str) -> tuple[str, int]:
    """``La Chine`` opening a sentence → ``Chine``: countries take an article, names that
    include one (``La Haye``, ``Le Caire``) keep it."""
    m = re.match(r"(?:La|Le|Les|L')\s*", typography(text))
    if not m or m.end() == len(text):
        return text, start
    from veille.gazetteer import load_gazetteer

    rest = text[m.end() :]
    if load_gazetteer().country_code(rest, home_country=home) is None:
        return text, start
    return rest, start + m.end()


@cache
def _inhabitant_endings() -> tuple[str, ...]:
    rows = lexicon.read_table("entity_words.tsv")
    return tuple(plain(r["word"]) for r in rows if r["kind"] == "inhabitants")


def _names_inhabitants(word: str) -> bool:
    """``Parisiens``, ``Guyanais``, ``Tchétchènes``: a word with the ending of a name of
    inhabitants or of a plural noun, that names no place the gazetteer knows (``Yvelines``,
    ``Comores`` are places)."""
    from veille.gazetteer import load_gazetteer

    if "-" in word or word.isupper():  # "Mont-Valérien", "Borme-les-Mimosas"; "ARS"
        return False
    return plain(word).endswith(_inhabitant_endings()) and not load_gazetteer().candidates(word)


def _place_at_end(doc: Doc, i: int, j: int) -> int | None:
    """Where a known place ends the span ``doc[i:j]`` that opens with a common noun: the
    capitalised words after its last preposition (``tour de Paris``, ``guerre au Yémen``)."""
    k = j - 1
    while k > i and doc[k - 1].text[:1].isupper():
        k -= 1
    if k <= i or not doc[k].text[:1].isupper():
        return None
    before = k - 1
    if lower(doc[before].text) in _ARTICLES and before > i:
        before -= 1
    if lower(doc[before].text) not in _PREPOSITIONS:
        return None
    end = doc[j - 1].idx + len(doc[j - 1].text)
    return k if _is_notable_place(doc_text(doc)[doc[k].idx : end]) else None


def _is_notable_place(name: str) -> bool:
    """A country, a curated region or feature, a town of :data:`_TOWN` or more by its own
    name, or a big city by any name (``Pékin``); not a town one of whose many alternate names
    happens to be ``Santé``."""
    from veille.gazetteer import load_gazetteer

    key = name_key(name)
    return any(
        c.kind != "city"
        or c.population >= _BIG_CITY
        or (c.population >= _TOWN and name_key(c.name) == key)
        for c in load_gazetteer().candidates(name)
    )


def _is_place_name(name: str) -> bool:
    """The gazetteer knows a place of that name."""
    from veille.gazetteer import load_gazetteer

    return bool(load_gazetteer().candidates(name))


def _is_country_name(name: str) -> bool:
    from veille.gazetteer import load_gazetteer

    return load_gazetteer().country_code(name) is not None


_BIG_CITY = 500_000  # a one-word "person" of this name is the city ("Washington accuse…")
_TOWN = 15_000  # a one-word name of this size that is no person is a place ("à Zinjibar")


def _is_known_place(word: str, home: str, population: int = _BIG_CITY) -> bool:
    from veille.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    if gaz.country_code(word, home_country=home):
        return True
    return any(c.kind == "city" and c.population >= population for c in gaz.candidates(word))


def _person_is_a_town(cl: _Cluster, home: str) -> bool:
    """A "person" named by one word only, no first name, no title or role, that names a
    town of :data:`_TOWN` inhabitants or more: the NER's mistake (``le contrôle de
    Zinjibar``, three times typed PER)."""
    if cl.label != "PER" or cl.titles or cl.roles or any(len(m.words) != 1 for m in cl.mentions):
        return False
    if any(m.gender for m in cl.mentions) or cl.mentions[0].words[0] in _first_names():
        return False
    return _is_known_place(cl.mentions[0].text, home, _TOWN)


_OPENING_QUOTE = re.compile(r"[«\"“]\s*$")


def _quoted_word(text: str, cl: _Cluster, home: str) -> bool:
    """A capitalised word that only ever opens a quotation is no name: the first word of a
    quote (``"Honorez son souhait"``), a slogan (``"Mafia", scandaient-ils``), a nickname
    (``l'avait appelé "Manu"``), the name of a thing (``le "Dakota" américain``). Known
    organisations, roles and countries stay."""
    if cl.org is not None or cl.roles or cl.titles:
        return False
    if any(
        len(m.words) != 1 or not _OPENING_QUOTE.search(text[max(0, m.start - 3) : m.start])
        for m in cl.mentions
    ):
        return False
    return not _is_known_place(cl.mentions[0].text, home, _BIG_CITY)


def _majority_label(cl: _Cluster) -> str:
    if cl.org is not None:
        return "ORG"
    counts: dict[str, int] = defaultdict(int)
    for m in cl.mentions:
        counts[m.label] += 1 + len(m.words)  # longer names are more reliably typed
    # ties: a person, then any label rather than MISC, the least telling
    return max(counts, key=lambda label: (counts[label], label == "PER", label != "MISC"))


def _match_role(
    doc: Doc, i: int, index: DocIndex | None = None
) -> tuple[int, lexicon.RoleWord] | None:
    """The role or courtesy title starting at token ``i``: (end token, entry), longest first.
    ``index``: the Doc's index (``doc_index(doc)``), when the caller has it; the words and
    offsets are read from it, with no Token object."""
    if index is None:
        index = doc_index(doc)
    words = index.words
    word = words[i]
    roles = _role_index()
    entries = roles.get(word) or roles.get(plain(word))
    if not entries:
        return None
    idx, n = index.tok_idx, index.n_tokens
    start = idx[i]
    for r in entries:
        if r.honorific:
            if word == r.words:
                return i + 1, r
            continue
        end_char = start + len(r.words)
        seg = plain(index.text[start : end_char + 1])
        if seg[: len(r.words)] != plain(r.words) or seg[len(r.words) :].isalnum():
            continue
        j = i
        while j < n and idx[j] < end_char:
            j += 1
        if idx[j - 1] + len(words[j - 1]) == end_char:
            return j, r
    return None


def _role_starts(index: DocIndex) -> tuple[list[int], frozenset[int]]:
    """The tokens of the Doc whose word or plain word opens an entry of the role index (the
    only ones :func:`_match_role` may match at), in order and as a set; once per Doc."""
    got = index.memo.get("entities.role_starts")
    if got is None:
        roles = _role_index()  # every entry of it is a non-empty list
        starts = [
            i
            for i, (w, p) in enumerate(zip(index.words, index.plains, strict=True))
            if w in roles or p in roles
        ]
        got = index.memo["entities.role_starts"] = (starts, frozenset(starts))
    return got  # type: ignore[return-value]


def _is_portfolio_role(head: str) -> bool:
    return "ministre" in head or head.startswith("secrétaire d'")


def _extend_role(
    doc: Doc, i: int, j: int, stop: set[int], home: str, *, complements: int
) -> tuple[int, str | None]:
    """Extend the role that starts at token ``i`` and ends before ``j`` over its modifiers.

    Modifiers are adjectives and nationality adjectives (``russe``), role modifiers
    (``adjoint``) and up to ``complements`` noun complements (``de la Défense``, ``des Affaires
    étrangères``). Stops before a token in ``stop`` (a name). Returns the end token and the
    country the role names, if any.
    """
    country: str | None = None
    n_complements = 0
    while j < len(doc) and j - i < _MAX_ROLE_TOKENS and j not in stop:
        t = doc[j]
        low = lower(t.text)
        c = demonyms.country_of(t.text) if t.text.islower() else None
        if c is not None:
            country = country or c
            j += 1
        elif low in _ROLE_MODIFIERS or (t.pos_ == "ADJ" and t.text.islower()):
            j += 1
        elif (
            low == "et"
            and n_complements
            and j + 1 < len(doc)
            and lower(doc[j + 1].text) in _PREPOSITIONS
        ):
            j += 1  # "ministre des Solidarités et de la Santé"
            n_complements -= 1
        elif low in _PREPOSITIONS and n_complements < complements:
            k = j + 1
            if k < len(doc) and lower(doc[k].text) in _ARTICLES:
                k += 1
            if k < len(doc) and doc[k].pos_ in ("NOUN", "PROPN") and k not in stop:
                n_complements += 1
                j = k + 1
                country = country or _country_of_name(doc[k].text, home)
            else:
                break
        else:
            break
    return j, country


def _country_of_name(word: str, home: str) -> str | None:
    """ISO2 of a country named in a role complement (``de la Russie``), via the demonyms table."""

    if not word[:1].isupper():
        return None
    return _country_code(word, home)


@lru_cache(maxsize=1 << 14)
def _country_code(name: str, home: str) -> str | None:
    """The gazetteer's :meth:`~veille.gazetteer.Gazetteer.country_code` of ``name``, asked
    once per name: the same capitalised words are tried in every document."""
    from veille.gazetteer import load_gazetteer

    return load_gazetteer().country_code(name, home_country=home)


class _RoleIndex:
    """The known roles of the people, by key and by country, to find the people whose role a
    bare role phrase repeats (what :func:`_same_role` says) without trying every person."""

    def __init__(self, clusters: list[_Cluster]) -> None:
        self.clusters = clusters
        self.exact: dict[str, list[int]] = defaultdict(list)  # multi-word role key → clusters
        self.by_country: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for n, cl in enumerate(clusters):
            if cl.label != "PER":
                continue
            for r in cl.roles:
                k = name_key(r.text)
                if len(k.split()) > 1:
                    self.exact[k].append(n)
                if r.country is not None:
                    self.by_country[r.country].append((k, n))

    def clusters_with(self, ph: _RolePhrase, text: str) -> list[_Cluster]:
        """The people (in order) with a role that ``ph`` (its text ``text``) repeats."""
        kp = name_key(text)
        found = set(self.exact.get(kp, ()))
        if ph.country is not None:
            kh = name_key(ph.head)
            found.update(
                n for k, n in self.by_country.get(ph.country, ()) if k != kp and k.startswith(kh)
            )
        return [self.clusters[n] for n in sorted(found)]


def _same_role(role: Role, ph: _RolePhrase, doc: Doc) -> bool:
    """A bare role phrase repeats a known role: same words, or same head and same country."""
    if name_key(role.text) == name_key(doc_text(doc)[ph.start : ph.end]):
        # a bare head ("le président") may be anyone with that title: only a fuller phrase
        # ("le président russe", "le ministre de la Défense") repeats a known role
        return len(name_key(role.text).split()) > 1
    return (
        name_key(role.text).startswith(name_key(ph.head))
        and ph.country is not None
        and (ph.country == role.country)
    )


@Language.factory(
    "veille_entities",
    assigns=["doc._.entities", "doc._.country_refs"],
    requires=["doc.ents"],
)
def make_entity_recognizer(nlp: Language, name: str, home_country: str = "FR") -> EntityRecognizer:
    return EntityRecognizer(home_country)
