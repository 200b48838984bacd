"""The quotes component: cues, contents and types, unit by unit."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from veille.model import Quote, QuoteType, Span
from veille.text import fold
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import Intervals, doc_index, sent_of

from .base import (
    RELATIVES,
    STRONG_PUNCT,
    Cue,
    Found,
    Resolved,
    State,
    Unit,
    build_state,
    in_title,
    inside_found,
    mention_at,
    mentions_ending_at,
    mentions_from,
    np_span,
    plain_word,
    trim,
)
from .clauses import infinitive_at, skip_adjuncts
from .cues import clause_initial, find_cues
from .marks import in_pair, pair_at
from .resolve import can_speak, floating_speaker, is_human, resolve_span
from .speakers import speaker_of_cue, via_at
from .vocab import role_heads, word_classes


class QuoteExtractor:
    """Sets ``doc._.quotes``. Reads ``doc._.entities`` (for speaker names) and the parse."""

    def __call__(self, doc: Doc) -> Doc:
        st = build_state(doc)
        for unit in self._units(doc, st):
            self._unit(st, unit)
        doc._.quotes = self._finish(st)
        return doc

    @staticmethod
    def _units(doc: Doc, st: State) -> list[Unit]:
        index = doc_index(doc)
        units: list[Unit] = []
        for k in range(len(index)):
            # the sentence's text is the Doc's between its first and last token (Span.text)
            start, end = index.sent_start_chars[k], index.sent_end_chars[k]
            text = st.text[start:end]
            stripped = text.lstrip()
            if not stripped:
                continue
            u = Unit(start, end, index.sent_starts[k], index.sent_ends[k])
            if units:
                prev = units[-1]
                first = stripped[:1]
                crossing = st.pairs.strictly_inside(u.start) is not None
                glued_lower = first.islower() and "\n" not in st.text[prev.end : u.start]
                lead = u.start + len(text) - len(stripped)
                close_first = st.pairs.ending_at(lead) is not None
                # "ces plate-formes": a split inside a word, not after a full stop
                in_word = first == "-" and st.text[u.start - 1 : u.start].isalpha()
                if crossing or glued_lower or close_first or in_word or first in ",;:":
                    prev.end, prev.tok_end = u.end, u.tok_end
                    continue
            units.append(u)
        return units

    def _unit(self, st: State, u: Unit) -> None:
        pairs = Intervals(st.pairs.starting_in(u.start, u.end))
        cues = find_cues(st, u, pairs)
        before = len(st.found)
        zones = [(c.zone, c.inverted) for c in cues if self._is_boundary(st, c)]
        prev_res: Resolved | None = None
        prev_sent = -1
        for cue in cues:
            # "Selon le quotidien, X aurait assuré que …": what X said is in the clause the
            # source vouches for; only an inversion ends it
            nxt = [z for z, inv in zones if z > cue.anchor and (inv or cue.kind != "source")]
            limit = min(nxt) if nxt else u.end
            sent = sent_of(cue.verb).start
            res = speaker_of_cue(st, u, cue, prev_res if sent == prev_sent else None)
            if (
                res.relative
                and res.entity is None
                and res.speaker is not None
                and not can_speak(res.speaker.name)
            ):
                continue  # "Des éléments « … », qui n'appellent qu'une réaction": a thing
            if res.speaker is not None:
                prev_res, prev_sent = res, sent
            self._content(st, u, cue, res, pairs, relative_clause_end(st, u, cue, limit))
        self._headline(st, u, pairs)
        self._floating(st, u, pairs, before)

    @staticmethod
    def _is_boundary(st: State, cue: Cue) -> bool:
        """Whether a cue starts a new attribution that ends the content of the one before:
        an inversion, or a cue (or its subject) after a comma or semicolon."""
        if cue.inverted:
            return True
        if (
            cue.subject is not None
            and fold.plain(st.text[cue.subject[0] : cue.subject[1]]) in RELATIVES
        ):
            # "salue la prise de parole de X, président de l'UDI, qui a réaffirmé…": a relative
            # clause inside the content, which goes on over it
            return False
        if cue.entry is not None and not cue.entry.example:
            return False  # a verb outside the lexicon
        rest = st.text[cue.zone : cue.cue[0]]
        if cue.subject is not None and cue.subject[0] < cue.cue[0]:
            rest = st.text[cue.zone : cue.subject[0]]
        if re.search(r"(?:^|\s)(?:et|mais|puis)\s*$", st.plain[max(0, cue.zone - 8) : cue.cue[0]]):
            return True  # "a confirmé A et a détaillé B": coordinated cues
        return "," in rest or ";" in rest or re.search(r"\b(?:et|mais|puis)\b", rest) is not None

    def _content(
        self,
        st: State,
        u: Unit,
        cue: Cue,
        res: Resolved,
        pairs: Intervals,
        limit: int,
    ) -> None:
        if cue.kind == "source":
            self._source_content(st, u, cue, res, limit)
            return
        assert cue.entry is not None
        inside = pair_at(pairs, cue.anchor)
        if inside is not None:
            made = _incise_content(st, cue, res, inside)
        elif cue.inverted:
            made = self._inverted_content(st, u, cue, res, pairs)
        else:
            made = self._complement_content(st, u, cue, res, pairs, limit)
        for f in made:
            f.reported = cue.reported
            f.via = cue.via
            f.key = cue.cue
            st.found.append(f)
        if made:
            st.remember(cue.anchor, res)

    def _inverted_content(
        self, st: State, u: Unit, cue: Cue, res: Resolved, pairs: Intervals
    ) -> list[Found]:
        """The content of an inverted cue: the clause before it (``…, a affirmé le
        ministre``), or a quotation after it over a connective, and a quotation after a colon
        that follows the speaker."""
        assert cue.entry is not None
        made: list[Found] = []
        s, e = trim(st.text, self._clause_start(st, u, cue, res), cue.zone)
        after_sp = _after_speaker(cue)
        nxt = next(((o, c) for o, c in pairs if o >= after_sp), None)
        if (
            nxt is not None
            and len(st.text[s:e].split()) <= 3
            and not in_pair(pairs, s)
            and re.fullmatch(r"\s*,\s*", st.text[after_sp : nxt[0]])
        ):
            # "En revanche, poursuit-il, « … »": a connective, then the words
            s, e = trim(st.text, nxt[0] + 1, nxt[1], keep_final=True)
            if e > s:
                made.append(Found("direct", s, e, cue.cue, res.speaker, 0.9 * res.factor))
            s = e  # nothing before
        if e > s and re.search(r"\bce qu(?:e\s*|')$", st.plain[s:e]) and not in_pair(pairs, s):
            s, e = _sentence_before(st, cue, s, e)
        quotations = _quotations_only(st, pairs, s, e) if cue.entry.kind == "verb" else []
        for a, b in quotations:
            made.append(Found("direct", a, b, cue.cue, res.speaker, 0.9 * res.factor))
        if e > s and not quotations:
            t, s, e = self._classify(st, st.doc, pairs, s, e, inverted=True)
            if cue.entry.kind == "source":
                t = "according_to"
            confidence = (0.9 if t == "direct" else 0.8) * res.factor
            made.append(Found(t, s, e, cue.cue, res.speaker, confidence))
        after = _quotation_after_colon(st, cue, pairs)
        if after is not None:
            made.append(Found("direct", *after, None, res.speaker, 0.8 * res.factor))
        return made

    def _complement_content(
        self, st: State, u: Unit, cue: Cue, res: Resolved, pairs: Intervals, limit: int
    ) -> list[Found]:
        """The content after a cue that is not inverted: after ``que`` or a colon, or its
        object or infinitive (shared out among speakers when the verb is said once)."""
        span = self._complement(st, u, cue, pairs, limit)
        if span is None:
            return []
        made: list[Found] = []
        s, e, how = span
        parts = [(s, e, res)] if how == "que" else _gapped(st, s, e, res)
        for s, e, r in parts:
            t, s, e = self._classify(st, st.doc, pairs, s, e)
            base = {"direct": 0.9, "mixed": 0.8}.get(t, 0.8 if how == "que" else 0.65)
            made.append(Found(t, s, e, cue.cue, r.speaker, base * r.factor))
        return made

    def _clause_start(self, st: State, u: Unit, cue: Cue, res: Resolved) -> int:
        """Where the content before an inverted cue starts: the unit start or the end of the
        previous quote in the unit, unless a medium relays that quote with its cue in the
        clause ("X a assuré que …, rapporte RTL": the whole clause is RTL's, and its quote
        X's)."""
        start = u.start
        clause = sentence_start(st, u.start, cue.zone)
        relay = _medium(st, cue, res)
        for f in st.found:
            if u.start <= f.end <= cue.zone and f.end > start:
                if relay and f.cue is not None and clause <= f.cue[0] < cue.zone:
                    f.via = f.via or res.speaker
                    continue
                start = f.end + (1 if st.text[f.end : f.end + 1] in CLOSE_QUOTES else 0)
        start = sentence_start(st, start, cue.zone)
        if start > u.start:
            # "Le timing est évident assure les médias : … dépassée estime les experts": a colon
            # after the previous attribution opens this content
            colon = st.text.rfind(":", start, cue.zone)
            if colon >= 0 and not in_pair(st.pairs, colon):
                start = colon + 1
        return start

    def _complement(
        self, st: State, u: Unit, cue: Cue, pairs: Intervals, limit: int
    ) -> tuple[int, int, str] | None:
        """Char span of what follows a non-inverted cue, and how it was introduced."""
        doc = st.doc
        entry = cue.entry
        assert entry is not None
        k = cue.after
        found_que = _que_after(doc, u, pairs, k)
        if found_que is not None:
            if cue.via is None:
                cue.via = via_at(st, doc[k].idx if k < len(doc) else cue.cue[1], doc[found_que].idx)
            start = doc[found_que].idx + len(doc[found_que].text)
            return (*trim(st.text, start, _clause_end(st, start, limit)), "que")
        j = skip_adjuncts(doc, k, u)
        j = self._skip_medium(st, j, u)  # "a redit sur BFMTV son soutien…"
        prep = j < u.tok_end and plain_word(doc[j].text) in (
            "pour",
            "a",
            "sur",
            "contre",
            "de",
            "d'",
        )
        if prep:
            j += 1  # "a plaidé lundi pour …", "a appelé à …"
        if j >= u.tok_end:
            return None
        t = doc[j]
        if prep and any(e.type == "LOC" for _ms, _me, e, _k in mentions_from(st, t.idx, t.idx + 1)):
            return None  # "ont manifesté samedi à Paris": where, not what
        if infinitive_at(doc, j, u):
            # "assure ne rien savoir", "a dit avoir informé l'opposition", "dit espérer que"
            s, e = trim(st.text, t.idx, _object_end(st, t.idx, _clause_end(st, t.idx, limit)))
            return s, _before_trailing_adjuncts(st, s, e), "obj"
        if not entry.object:
            # only a quotation right after the verb ("a plaidé pour « … »")
            if t.text in OPEN_QUOTES and pair_at(pairs, t.idx + 1):
                return (*trim(st.text, t.idx, limit), "obj")
            return None
        if t.is_punct and t.text not in OPEN_QUOTES:
            return None
        if t.pos_ == "ADP" and plain_word(t.text) not in (
            "de",
            "d'",
            "du",
            "des",
            "a",
            "au",
            "aux",
        ):
            return None
        s, e = trim(st.text, t.idx, _object_end(st, t.idx, _clause_end(st, t.idx, limit)))
        e = _before_trailing_adjuncts(st, s, e)
        if _bare_party(st, s, e):
            return None  # "a défendu le président", "défend la Chine": whom, not what
        return s, e, "obj"

    @staticmethod
    def _skip_medium(st: State, j: int, u: Unit) -> int:
        """Past ``sur BFMTV``, ``à l'AFP``, ``dans Le Figaro``: where it was said, before an
        object or infinitive."""
        doc = st.doc
        if j >= u.tok_end or plain_word(doc[j].text) not in ("sur", "a", "au", "dans"):
            return j
        k = j + 1
        if k < u.tok_end and plain_word(doc[k].text) in ("l'", "le", "la", "les"):
            k += 1
        if k >= u.tok_end:
            return j
        at = doc[k].idx
        m = next((m for m in mentions_from(st, at, at + 1) if m[2].type == "ORG"), None)
        if m is None:
            return j
        while k < u.tok_end and doc[k].idx < m[1]:
            k += 1
        return skip_adjuncts(doc, k, u)

    @staticmethod
    def _classify(
        st: State, doc: Doc, pairs: Intervals, s: int, e: int, inverted: bool = False
    ) -> tuple[QuoteType, int, int]:
        inner = [p for p in pairs if p[0] < e and p[1] >= s]
        if not inner:
            return "indirect", s, e
        first, last = inner[0], inner[-1]
        if len(inner) == 1:
            o, c = first
            prefix = st.text[s:o]
            suffix = st.text[c + 1 : e]
            if not suffix.strip(" ,.;") and (
                not prefix.strip()
                or (inverted and (_adverbial(doc, s, o) or prefix.rstrip().endswith((",", ":"))))
            ):
                # "Bien que …, « … », a-t-elle dénoncé": the quotation stands on its own
                a, b = trim(st.text, o + 1, c, keep_final=True)
                return "direct", a, b
            if not prefix.strip() and _detached(doc, c + 1, e):
                # a réaffirmé « … » à deux mois du référendum: the quotation is the object
                a, b = trim(st.text, o + 1, c, keep_final=True)
                return "direct", a, b
        del last
        return "mixed", s, e

    def _source_content(self, st: State, u: Unit, cue: Cue, res: Resolved, limit: int) -> None:
        doc = st.doc
        assert cue.subject is not None
        k = cue.after
        # the whole source phrase, a participle included ("un sondage paru dimanche")
        np_end = max(cue.subject[1], doc[k - 1].idx + len(doc[k - 1].text))
        nxt = doc[k].text if k < u.tok_end else "."
        low = plain_word(cue.verb.text)
        s = e = -1
        relative = fold.plain(st.text[cue.subject[0] : cue.subject[1]]) in RELATIVES
        if nxt == "," and (
            clause_initial(st, u, cue.verb.i) or low == "pour" or _adverbs_before(st, u, cue)
        ):
            s, e = trim(st.text, np_end + 1, sentence_end(st, np_end + 1, limit))
            s = _past_relative(st, s, e)
        elif relative:
            s, e = trim(st.text, np_end, _apposition_end(st, cue, np_end, limit))
        elif nxt == "," and _inside_clause(st, u, cue):
            s, e = trim(st.text, np_end + 1, sentence_end(st, np_end + 1, limit))
        elif nxt in (".", ";", ")", "-", "!", "?", ",") or k >= u.tok_end or _figure_at(st, u, k):
            # "…, selon X." / "(… selon X)": the clause before
            start = _source_clause_start(st, u, cue, res)
            if start is None:
                return
            seg = st.plain[start : cue.anchor]
            paren = seg.rfind("(")
            if ")" in seg[paren:]:
                paren = -1  # "… en jaune (vigilance renforcée), selon X": closed, inside
            cut = max(paren, seg.rfind(" - "), seg.rfind(": "))
            if cut >= 0:
                start += cut + 1
            s, e = trim(st.text, start, cue.zone)
        else:
            # "qui selon des responsables vise à…": what follows the source
            j = cue.verb.i - 1
            if j < u.tok_start or plain_word(st.doc[j].text) not in ("qui", "que", "qu'"):
                return
            if inside_found(st, cue.anchor):
                return
            s, e = trim(st.text, np_end, limit)
        if e - s < 3:
            return
        if inside_found(st, cue.anchor, strict=True) and not relative:
            return
        f = Found("according_to", s, e, cue.cue, res.speaker, 0.75 * res.factor)
        f.key = cue.cue
        st.found.append(f)
        st.remember(cue.anchor, res)

    def _headline(self, st: State, u: Unit, pairs: Intervals) -> None:
        """``Poutine : Il faut arrêter…``, ``Le ministre : « … »``."""
        seg = st.text[u.start : u.end]
        colon = seg.find(":")
        if colon <= 0 or colon > 60:
            return
        head = seg[:colon].strip()
        if not head or len(head.split()) > 6 or any(c in head for c in '.,;!?"«»'):
            return
        c = u.start + colon
        if any(f.start <= c < f.end or (f.cue and f.cue[0] <= c < f.cue[1] + 3) for f in st.found):
            return
        hs = u.start + seg.index(head)
        res = resolve_span(st, (hs, hs + len(head)))
        if res.entity is None or res.entity.type not in ("PER", "ORG"):
            return
        s, e = trim(st.text, c + 1, u.end)
        if e - s < 10:
            return
        t, s, e = self._classify(st, st.doc, pairs, s, e)
        if t == "mixed":
            t = "indirect"
        f = Found(t, s, e, (c, c + 1), res.speaker, 0.6 * res.factor)
        f.key = (c, c + 1)
        st.found.append(f)
        st.remember(c, res)

    def _floating(self, st: State, u: Unit, pairs: Intervals, before: int) -> None:
        """Quotations alone in their sentence, with no cue: the speaker named just before."""
        for o, c in pairs:
            if any(f.start <= o + 1 < f.end or o < f.start < c for f in st.found[before:]):
                continue
            if any(f.start <= o < f.end for f in st.found):
                continue
            pre, post = _own_sentence(st, u, o, c)
            intro = None
            if pre.rstrip().endswith(":") and not re.search(r"\w", post):
                # "Le chef de l'Etat s'est voulu rassurant : « … »": its subject speaks
                intro = _intro_subject(st, u, o)
                pre = "" if intro is not None else pre
            if re.search(r"\w", pre) or re.search(r"\w", post):
                self._embedded(st, u, o, c)
                continue
            s, e = trim(st.text, o + 1, c, keep_final=True)
            n_words = len(st.text[s:e].split())
            if n_words < 3 or st.text[s:e].isupper() or in_title(st, o):
                continue  # scare quotes, names, headings in capitals
            res = intro or floating_speaker(st, u, o)
            if res is None:
                continue
            st.found.append(
                Found("direct", s, e, None, res.speaker, 0.6 * res.factor, key=(o, o + 1))
            )

    @staticmethod
    def _embedded(st: State, u: Unit, o: int, c: int) -> None:
        """A quoted phrase worked into a sentence with no cue (``ont passé « leur vie à
        protéger les autres »``, ``elle représente « une opération massive de… »``): the words
        of the person the article quotes there. Only a phrase of five words or more that
        starts in lower case (not a name, a title, a slogan or a heading), not after a noun
        that introduces a term (``la mention « … »``)."""
        s, e = trim(st.text, o + 1, c, keep_final=True)
        words = st.text[s:e].split()
        if len(words) < 5 or not st.text[s:e][:1].islower() or in_title(st, o):
            return
        res = _agent_after(st, u, c)
        if res is None and _term_before(st, u, o):
            return  # "la mention « … »", "sa formule controversée sur « … »"
        res = res or floating_speaker(st, u, o, persons=True) or floating_speaker(st, u, o)
        if res is None:
            return
        st.found.append(Found("direct", s, e, None, res.speaker, 0.5 * res.factor, key=(o, o + 1)))

    @staticmethod
    def _finish(st: State) -> list[Quote]:
        seen: dict[tuple[int, int], Found] = {}
        for f in st.found:
            if f.end <= f.start:
                continue
            old = seen.get((f.start, f.end))
            if old is None or f.confidence > old.confidence:
                seen[(f.start, f.end)] = f
        out = []
        text = st.text
        for n, f in enumerate(sorted(seen.values(), key=lambda f: (f.start, f.end)), 1):
            cue = Span(text[f.cue[0] : f.cue[1]], f.cue[0], f.cue[1]) if f.cue else None
            out.append(
                Quote(
                    id=f"q{n}",
                    type=f.type,
                    content=text[f.start : f.end],
                    start=f.start,
                    end=f.end,
                    cue=cue,
                    speaker=f.speaker,
                    confidence=round(max(0.0, min(1.0, f.confidence)), 3),
                    reported=f.reported,
                    via=f.via,
                )
            )
        return out


_ADVERB_WORDS = frozenset(["par", "ailleurs", "en", "outre"])


def _adverbs_before(st: State, u: Unit, cue: Cue) -> bool:
    """Only adverbs before the source in its sentence (``Toujours selon le ministère, …``,
    ``Par ailleurs selon X, …``): what it vouches for follows it."""
    toks = st.tokens
    i = cue.verb.i
    return 0 < i - u.tok_start <= 3 and all(
        toks.pos[j] in ("ADV", "CCONJ") or toks.plain[j] in _ADVERB_WORDS
        for j in range(u.tok_start, i)
    )


_CLITICS_BEFORE_VERB = frozenset(
    ["ne", "n'", "y", "en", "se", "s'", "l'", "le", "la", "les", "lui"]
)


def relative_clause_end(st: State, u: Unit, cue: Cue, limit: int) -> int:
    """Where the content of a cue in a relative clause set off by commas ends: at the comma
    before the main clause's verb, when the sentence's subject is the antecedent and its verb
    comes after the relative clause (``Le député, qui a dénoncé une mascarade, a quitté
    l'hémicycle``: the content is ``une mascarade``)."""
    subj = cue.subject
    if (
        subj is None
        or subj[0] < u.start
        or fold.plain(st.text[subj[0] : subj[1]]) not in ("qui",)
        or st.text[u.start : subj[0]].rstrip()[-1:] != ","
    ):
        return limit
    toks = st.tokens
    first = cue.verb.i
    for j in range(u.tok_start, first):
        if toks.pos[j] in ("VERB", "AUX") and toks.plain[j] != "qui" and toks.idx[j] < subj[0]:
            return limit  # a verb before the relative: its antecedent is no bare subject
    for j in range(cue.verb_end, u.tok_end - 1):
        if toks.idx[j] >= limit:
            break
        if toks.words[j] != "," or in_pair(st.pairs, toks.idx[j]):
            continue
        k = j + 1
        while k < u.tok_end - 1 and toks.plain[k] in _CLITICS_BEFORE_VERB:
            k += 1
        if toks.pos[k] in ("VERB", "AUX") and "Fin" in toks.morph(k, "VerbForm"):
            return toks.idx[j]
    return limit


_SENTENCE_END_BEFORE = re.compile(r"[.!?…]\s*$")


def _intro_subject(st: State, u: Unit, o: int) -> Resolved | None:
    """The subject of the main verb of the clause a colon ends before the quotation at
    ``o``, when it denotes a person or an organisation (``Le chef de l'Etat s'est voulu
    rassurant : « … »``); None for a thing (``Le slogan est clair : « … »``)."""
    doc = st.doc
    span = doc.char_span(u.start, o, alignment_mode="contract")
    if span is None:
        return None
    for t in span:
        if not t.dep_.startswith("nsubj") or t.head.dep_ != "ROOT" or t.head.i >= span.end:
            continue
        np = np_span(doc, t, t.head.i if t.head.i > t.i else t.right_edge.i + 1, u)
        if np is None:
            return None
        res = resolve_span(st, np)
        name = res.speaker.name if res.speaker else ""
        if res.entity is None and not is_human(name) and not can_speak(name):
            return None
        return res if res.speaker is not None else None
    return None


def _own_sentence(st: State, u: Unit, o: int, c: int) -> tuple[str, str]:
    """The words before and after the quotation ``o``-``c`` in its unit, without a sentence
    the unit glued to it: after a quotation that ends with its own stop, a capital opens the
    next sentence (``« Nous irons jusqu'au bout. » Il a ensuite quitté…``); a stop before
    the opening mark ends the sentence before."""
    pre = st.text[u.start : o]
    post = st.text[c + 1 : u.end]
    if _SENTENCE_END_BEFORE.search(pre):
        pre = ""
    inner = st.text[o + 1 : c].rstrip()
    if inner[-1:] in (".", "!", "?", "…") and post.lstrip()[:1].isupper():
        post = ""
    return pre, post


def _source_clause_start(st: State, u: Unit, cue: Cue, res: Resolved) -> int | None:
    """Where the clause a final source vouches for starts (``…, selon X.``). A quote whose cue
    is in that clause is relayed by X: X is its ``via``, and the whole clause, the quote and
    its cue, is X's too ("« … », a dit Richard Ferrand, selon des propos rapportés par la
    radio", "X a jugé qu'il … , selon l'agence Y"), when X is a medium (not a quotation
    right before it: "X a dit : « … », selon l'agence Tass" is X's quote, Tass its ``via``). A
    quote attributed before it cuts the clause, or leaves nothing to X when it ends right
    before the source."""
    start = sentence_start(st, u.start, cue.anchor)
    for f in st.found:
        if not (u.start <= f.end <= cue.anchor) or f.type == "according_to":
            continue
        bare = not st.text[f.end : cue.anchor].strip(' ,»"”')
        if (
            f.cue is not None
            and start <= f.cue[0] < cue.anchor
            and (f.type != "direct" or not bare)
            and _medium(st, cue, res)
        ):
            if f.via is None:
                f.via = res.speaker  # relayed: X reports the quote and its cue
            continue
        if bare:
            if f.via is None:
                f.via = res.speaker
            return None
        start = max(start, f.end + 1)
    start = sentence_start(st, start, cue.anchor)
    return _after_figure(st, start, cue.anchor)


def _past_relative(st: State, s: int, e: int) -> int:
    """Where the content after ``Selon X,`` starts when a relative clause about the source
    comes first: after its last comma ("Selon les chiffres de l'ONG, dont la méthodologie,
    qui…, est contestée par certains économistes, 26 personnes disposent…")."""
    first = st.plain[s : s + 12].replace("'", "' ").split()
    if not first or first[0] not in RELATIVES:
        return s
    commas = [  # not "3,8 milliards"
        m.start() for m in re.finditer(r",\s", st.text[s:e]) if not in_pair(st.pairs, s + m.start())
    ]
    commas = [s + c for c in commas]
    if not commas or len(st.text[commas[-1] + 1 : e].split()) < 3:
        return s
    return trim(st.text, commas[-1] + 1, e)[0]


def _medium(st: State, cue: Cue, res: Resolved) -> bool:
    """The source of ``cue`` is a medium: a media word in its phrase (``l'hebdomadaire``,
    ``des propos rapportés par la radio``) or a medium named as such in the article."""
    if res.entity is not None and res.entity.id in st.media:
        return True
    span = cue.subject
    if span is None and res.speaker is not None and res.speaker.mention is not None:
        span = (res.speaker.mention.start, res.speaker.mention.end)
    if span is None:
        return False
    words = st.plain[span[0] : span[1]].replace("'", "' ").split()
    return any(w in word_classes()["media"] for w in words)


def _apposition_end(st: State, cue: Cue, s: int, limit: int) -> int:
    """The end of a relative clause set off by a comma (``…, pour qui le gouvernement va
    devoir « … », M. Macron a estimé…``): the next comma outside quotation marks."""
    if st.text[: cue.cue[0]].rstrip()[-1:] != ",":
        return limit
    comma = st.text.find(",", s, limit)
    while comma >= 0 and in_pair(st.pairs, comma):
        comma = st.text.find(",", comma + 1, limit)
    return comma if comma >= 0 else limit


def _figure_at(st: State, u: Unit, k: int) -> bool:
    """``et``/``ou`` and a number at token ``k``: the next figure with its own source
    ("800.000 personnes selon la police et 1,9 million selon la CGT")."""
    toks = st.tokens
    return k + 1 < u.tok_end and toks.plain[k] in ("et", "ou") and st.doc[k + 1].like_num


_FIGURE_BEFORE = re.compile(r"\b(?:selon|d'apres)\s[^,;:()]*?\s(?:et|ou)\s+(?=\d)")


def _after_figure(st: State, start: int, anchor: int) -> int:
    """Where the figure a source vouches for starts: after the source of the figure before it
    ("entre 800.000 personnes selon la police et [1,9 million] selon la CGT"), else ``start``."""
    ends = [m.end() for m in _FIGURE_BEFORE.finditer(st.plain, start, anchor)]
    return ends[-1] if ends else start


# the words before "que" in a subordinating conjunction ("alors que", "parce que", "bien que")
_LOCUTIONS = frozenset(
    ["alors", "parce", "bien", "tandis", "avant", "après", "pour", "sans", "afin", "dès",
     "ainsi", "sorte", "pendant", "lors", "malgré", "jusqu'à", "encore", "tant", "dans"]
)  # fmt: skip


def _que_after(doc: Doc, u: Unit, pairs: Intervals, k: int) -> int | None:
    """The ``que``/``qu'`` or colon that opens what follows a cue at token ``k``, over clitic
    object pronouns, adverbs, days, commas and prepositional phrases (``à la presse``, ``dans
    un communiqué``) but no verb, quotation or stop."""
    j = k
    while j < u.tok_end and j - k < 18:
        t = doc[j]
        if plain_word(t.text) in ("que", "qu'") and j > k and doc[j - 1].lower_ in _LOCUTIONS:
            return None  # "a réclamé un engagement, alors que …": a subordinate clause
        if plain_word(t.text) in ("que", "qu'") or t.text == ":":
            return j
        if _participle_of_noun(doc, j, k):
            j += 1  # "dans un rapport publié cette semaine que…", "une interview accordée au…"
            continue
        if t.pos_ in ("VERB", "AUX") or t.text in OPEN_QUOTES or t.text in STRONG_PUNCT:
            return None
        if in_pair(pairs, t.idx):
            return None
        j += 1
    return None


def _participle_of_noun(doc: Doc, j: int, k: int) -> bool:
    """A past participle right after a noun, with no auxiliary: it qualifies the noun (``un
    rapport publié``) and opens no clause."""
    t = doc[j]
    return (
        j > k
        and t.pos_ == "VERB"
        and "Part" in t.morph.get("VerbForm")
        and "Past" in t.morph.get("Tense")
        and doc[j - 1].pos_ == "NOUN"
    )


def _after_speaker(cue: Cue) -> int:
    """The end of a cue with its subject or clitic after it (``a-t-il ajouté``, ``a dit le
    ministre``)."""
    return max(
        cue.cue[1],
        cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else 0,
        cue.clitic[1] if cue.clitic else 0,
    )


def _incise_content(st: State, cue: Cue, res: Resolved, inside: tuple[int, int]) -> list[Found]:
    """An incise inside the quotation ``inside``: « A, a-t-il ajouté, B » gives A and B."""
    o, c = inside
    comma = st.text.rfind(",", o, cue.cue[0])
    a = trim(st.text, o + 1, comma if comma > o else cue.cue[0])
    after_sp = _after_speaker(cue)
    comma2 = st.text.find(",", after_sp, c)
    start = (comma2 + 1) if comma2 >= 0 else after_sp
    while start < c and st.text[start] in " .;":  # "A, a-t-elle expliqué. B"
        start += 1
    b = trim(st.text, start, c, keep_final=True)
    return [
        Found("direct", s, e, cue.cue, res.speaker, 0.9 * res.factor)
        for s, e in (a, b)
        if e - s > 0
    ]


def _quotations_only(st: State, pairs: Intervals, s: int, e: int) -> list[tuple[int, int]]:
    """Two quotations or more before an inverted cue with only a few words around them: each
    is a direct quote ("« A », mais « B », tonne-t-il", "La centrale « sera fermée » et « on
    va en profiter », a-t-il affirmé", "« A », le président du Sénat, « B », a déclaré X"),
    not a heading in capitals; else none (and none when the words around make a clause)."""
    inner = [(o, c) for o, c in pairs if s <= o and c < e and not st.text[o + 1 : c].isupper()]
    if len(inner) < 2:
        return []
    outside, at = [], s
    for o, c in inner:
        outside.append((at, o))
        at = c + 1
    outside.append((at, e))
    if len(re.findall(r"\w+", " ".join(st.text[a:b] for a, b in outside))) > 6:
        return []
    for a, b in outside:
        span = st.doc.char_span(a, b, alignment_mode="contract")
        if span is not None and any(t.pos_ in ("VERB", "AUX") for t in span):
            return []  # "« A » concernés sont « B »": the words around make a clause
    spans = [trim(st.text, o + 1, c, keep_final=True) for o, c in inner]
    return [(a, b) for a, b in spans if b > a]


def _sentence_before(st: State, cue: Cue, s: int, e: int) -> tuple[int, int]:
    """``C'est en tout cas ce que révèle Le Point``: what was said is the sentence before
    (``[s, e)`` when there is none)."""
    sent = sent_of(cue.verb)
    if sent.start == 0:
        return s, e
    before = sent_of(st.doc[sent.start - 1])
    s, e = trim(st.text, before.start_char, before.end_char)
    lead = re.match(r"(?:et|mais|puis)\s+", st.plain[s:e])
    return s + (lead.end() if lead else 0), e


def _quotation_after_colon(st: State, cue: Cue, pairs: Intervals) -> tuple[int, int] | None:
    """``Dépassée mais efficace estime le spécialiste X dans Le Figaro : « … »``: the
    quotation after the colon that follows an inverted cue is the same speaker's."""
    tail = cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else cue.cue[1]
    nxt = next(((o, c) for o, c in pairs if o >= tail), None)
    if nxt is None or not re.fullmatch(r"[^.!?;«»\"“”]{0,40}:\s*", st.text[tail : nxt[0]]):
        return None
    a, b = trim(st.text, nxt[0] + 1, nxt[1], keep_final=True)
    return (a, b) if b > a else None


_CLAUSE_END = re.compile(
    r",\s+(?:apres|avant|alors|tandis|lors|pendant|depuis|puisque|si bien)\b"
    # "…, en soulignant", "et en condamnant", "tout en fustigeant"; not a gerund right after
    # the content, which tells how it was done ("d'avoir enfreint le droit en reconduisant…")
    r"|(?:,\s+|\s+et\s+|,?\s+tout\s+)en\s+\w+ant\b"
    # "…, et a gelé mardi la contribution": a second verb of the speaker's own clause
    r"|,\s+(?:et|mais)\s+(?:a|ont|avait|avaient|aurait|auraient)\s"
)
# where a sentence ends: a stop before a capital or an opening mark, or glued to the next one
_SENTENCE_END = re.compile(
    r"(?<![\s.][A-Z])[.!?](?:\s*[»\"”])?(?=\s+[«\"“]?[A-ZÀ-Ý0-9])"
    r"|(?<=[a-zà-ÿ)])\.(?=[A-ZÀ-Ý0-9«\"“])"
)


# after an object or infinitive (not a que-clause), "après" + a noun phrase or clause is when
# the speaker spoke: "a accusé la Chine de « menacer » les journalistes après la décision de
# Pékin de…"
_OBJECT_END = re.compile(
    r"\s+apres\s+(?:la|le|l'|les|des|du|un|une|sa|son|ses|leur|leurs|ce|cette|ces|qu'|que"
    r"|avoir|etre|plus|deux|trois|[0-9])\b"
)


def _object_end(st: State, s: int, e: int) -> int:
    """The end of an object content before ``après`` + what happened, outside quotation
    marks."""
    for m in _OBJECT_END.finditer(st.plain, s, e):
        if not in_pair(st.pairs, m.start()) and len(st.text[s : m.start()].split()) >= 2:
            return e if _participle_in(st, s, m.start()) else m.start()
    return e


def _participle_in(st: State, s: int, e: int) -> bool:
    """A past participle without an auxiliary in ``[s, e)``: "l'enquête ouverte par le parquet
    après la fuite…", where "après" tells when the participle happened."""
    span = st.doc.char_span(s, e, alignment_mode="contract")
    toks = st.tokens
    for j in range(span.start, span.end) if span is not None else ():
        if (
            "Part" in toks.morph(j, "VerbForm")
            and "Past" in toks.morph(j, "Tense")
            and toks.pos[j - 1] != "AUX"
        ):
            return True
    return False


def _clause_end(st: State, s: int, limit: int) -> int:
    """The end of a reported clause: ``limit``, or a comma opening an adverbial clause
    (``…, après avoir reçu…``, ``…, alors que…``, ``…, tout en fustigeant``) or the end of a
    sentence, outside quotation marks."""
    for m in _CLAUSE_END.finditer(st.plain, s, limit):
        if not in_pair(st.pairs, m.start()):
            limit = m.start()
            break
    span = st.doc.char_span(s, limit, alignment_mode="contract")
    toks = st.tokens
    for j in range(span.start, span.end) if span is not None else ():
        # "…mettent en doute ces chiffres, soupçonnant que…": a participle clause after a
        # comma is the speaker's next move, not what was said
        if (
            toks.words[j] in (",", "...", "…")  # "…qui ne « bougent » pas... citant la Pologne"
            and j + 1 < len(toks.words)
            and "Part" in toks.morph(j + 1, "VerbForm")
            and "Pres" in toks.morph(j + 1, "Tense")
            and not in_pair(st.pairs, toks.idx[j])
        ):
            limit = toks.idx[j]
            break
    return min(limit, sentence_end(st, s, limit))


_COMPLEMENT_PREPOSITIONS = frozenset({"de", "d'", "a", "au", "aux"})  # folded: "à" is "a"


def _inside_clause(st: State, u: Unit, cue: Cue) -> bool:
    """A source phrase between commas inside a clause, cut where the clause cannot end
    (``…lancées par, selon eux, des habitants``) or going on with the complement ``de``/``à``
    opens (``aurait l'avantage, selon ses supporters, d'avoir…``, ``Le bilan s'élève, selon
    lui, à 12 morts``): what it vouches for is the clause's rest, after the phrase. Another
    preposition, or ``à``/``de`` parsed as the verb's adjunct, opens an adjunct after a clause
    that stands (``Trois soldats ont été tués, selon l'armée, dans l'attaque du camp``, ``Le
    convoi a été attaqué, de source militaire, à la sortie de la ville``): the clause before."""
    toks = st.tokens
    i, k = cue.verb.i, cue.after
    if i - 2 < u.tok_start or toks.words[i - 1] != "," or k + 1 >= u.tok_end:
        return False
    if toks.pos[i - 2] in ("ADP", "DET"):
        return True
    if toks.plain[k + 1] not in _COMPLEMENT_PREPOSITIONS or toks.pos[k + 1] in ("AUX", "VERB"):
        return False
    head = st.doc[k + 1].head
    # "attaqué, de source militaire, à la sortie de la ville": an adjunct of the verb before
    return not (head.dep_ == "obl:mod" and head.head.i < i)


def sentence_end(st: State, s: int, limit: int) -> int:
    """The first end of a sentence in ``[s, limit)`` outside quotation marks (a quotation
    that ends a sentence ends it where it closes), else ``limit``."""
    for m in _SENTENCE_END.finditer(st.text, s, limit):
        if not in_pair(st.pairs, m.start()):
            return m.start()
        if m.group().rstrip()[-1:] in '»"”' and not in_pair(st.pairs, m.end() - 1):
            return m.end()
    return limit


def sentence_start(st: State, s: int, e: int) -> int:
    """The start of the last sentence that begins in ``(s, e]`` outside quotation marks."""
    start = s
    for m in _SENTENCE_END.finditer(st.text, s, e):
        closes = m.group().rstrip()[-1:] in '»"”' and not in_pair(st.pairs, m.end() - 1)
        if closes or not in_pair(st.pairs, m.start()):
            start = m.end()
    return start


def _term_before(st: State, u: Unit, o: int) -> bool:
    """A noun that introduces a term or title (``la mention``, ``sa formule controversée sur``)
    among the few words before a quotation mark, with no verb or stop in between."""
    doc = st.doc
    terms = word_classes()["term"]
    span = doc.char_span(o, o + 1, alignment_mode="expand")
    if span is None:
        return False
    j = span.start - 1
    while j >= max(u.tok_start, span.start - 5):
        t = doc[j]
        if t.pos_ in ("VERB", "AUX") or t.text in STRONG_PUNCT or t.text in (",", ":"):
            return False
        low = plain_word(t.text)
        if low in terms or low.rstrip("s") in terms:
            return True
        j -= 1
    return False


_AGENT = re.compile(r"\s*,?\s*(?:\w+ee?s?)\b[^.;:!?«»\"“”]{0,60}?\bpar\s+(?:l'|le |la |les )?")


def _agent_after(st: State, u: Unit, c: int) -> Resolved | None:
    """``« … », utilisée lors d'une interview par Emmanuel Macron``: the agent of a past
    participle right after the quotation, when it is a person or organisation."""
    m = _AGENT.match(st.plain, c + 1, u.end)
    if m is None:
        return None
    at = mention_at(st, m.end())
    if at is None or at[2].type not in ("PER", "ORG"):
        return None
    return resolve_span(st, (at[0], at[1]))


_MEDIUM_PREPS = frozenset(["sur", "a", "au", "dans"])


def _before_trailing_adjuncts(st: State, s: int, e: int) -> int:
    """The end of an object or infinitive content before the when and where that close the
    sentence: "a écarté cette piste, mardi 12 décembre, sur France Inter", "a précisé les
    intentions de la CGT mercredi 20 juin sur Europe 1", "a fait connaître sa démission mardi
    matin" (days, dates, times, a medium after "sur"/"à"/"dans"), not into quotation marks."""
    span = st.doc.char_span(s, e, alignment_mode="contract")
    if span is None or len(span) < 3:
        return e
    toks, time = st.tokens, word_classes()["time"]
    lo, j = span.start + 2, span.end - 1  # keep two words at least
    while j >= lo:
        low = toks.plain[j]
        medium = _medium_before(st, j, lo)
        if medium is not None:
            j = medium - 1
        elif (
            low in time
            or low == ","
            or (st.doc[j].like_num and low != "un")
            or (low in ("ce", "cette", "le") and toks.plain[j + 1] in time)
        ):
            j -= 1
        else:
            break
    if j == span.end - 1 or in_pair(st.pairs, toks.idx[j]) or toks.pos[j] in ("ADP", "DET"):
        return e  # "le report du sommet au 12 mars": the date is part of what was said
    return trim(st.text, s, toks.end(j))[1]


def _medium_before(st: State, j: int, lo: int) -> int | None:
    """Token ``j`` ends the name of a medium after ``sur``/``à``/``dans`` (``sur France
    Inter``, ``à l'AFP``): the token of the preposition, else None."""
    end = st.tokens.end(j)
    for ms, _me, ent, _kind in mentions_ending_at(st, end):
        if ent.type != "ORG":
            continue
        k = j
        while k > lo and st.tokens.idx[k] > ms:
            k -= 1
        k -= 1
        if k > lo and st.tokens.plain[k] in ("l'", "le", "la", "les"):
            k -= 1
        if k >= lo and st.tokens.plain[k] in _MEDIUM_PREPS:
            return k
    return None


def _bare_party(st: State, s: int, e: int) -> bool:
    """An object that is only a named party or a bare role (``la Chine``, ``le président``):
    the verb is about someone, not something said."""
    m = next((m for m in mentions_from(st, s, s + 5) if m[1] >= e - 1), None)
    if m is not None and st.text[s : m[0]].strip(" ") in ("", "l'", "le", "la", "les"):
        return True
    words = fold.plain(st.text[s:e]).replace("'", "' ").split()
    people = role_heads() | word_classes()["person"]
    return (
        1 < len(words) <= 3
        and words[0] in ("le", "la", "l'", "les")
        and bool({" ".join(words[1:]), words[-1], words[-1].rstrip("s")} & people)
    )


def _gapped(st: State, s: int, e: int, res: Resolved) -> list[tuple[int, int, Resolved]]:
    """An object shared out among several speakers with the verb said once: ``X (LR) a salué
    A, Y (PS) B et Z (RN) C`` is three quotes, B of Y and C of Z. A new part starts at a
    person named after a comma or ``et``, outside quotation marks, followed (over a
    parenthesised party) by a determiner or pronoun rather than a verb."""
    doc = st.doc
    cuts: list[tuple[int, int, int]] = []  # (end of the previous part, name start, name end)
    for ms, me, ent, kind in mentions_from(st, s + 1, e):
        if not (s < ms < e) or ent.type != "PER" or kind != "name" or in_pair(st.pairs, ms):
            continue
        m = re.search(r"(?:,|\bet)\s*$", st.text[max(s, ms - 5) : ms])
        if m is None:
            continue
        after = re.match(r"\s*(?:\([^()]{1,12}\)\s*)?", st.text[me:e])
        nxt = doc.char_span(me + after.end(), e, alignment_mode="expand") if after else None
        if nxt is None or len(nxt) == 0 or nxt[0].pos_ not in ("DET", "PRON"):
            continue
        cuts.append((max(s, ms - 5) + m.start(), ms, me))
    if not cuts:
        return [(s, e, res)]
    out: list[tuple[int, int, Resolved]] = []
    start, who = s, res
    for end, ms, me in cuts:
        a, b = trim(st.text, start, end)
        if b > a:
            out.append((a, b, who))
        who = resolve_span(st, (ms, me))
        after = re.match(r"\s*(?:\([^()]{1,12}\)\s*)?", st.text[me:e])
        start = me + (after.end() if after else 0)
    a, b = trim(st.text, start, e)
    if b > a:
        out.append((a, b, who))
    return out


def _detached(doc: Doc, s: int, e: int) -> bool:
    """What follows a quotation is a comma or an adverbial phrase, not the rest of a clause."""
    span = doc.char_span(s, e, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return span[0].text == "," or (
        span[0].pos_ == "ADP" and plain_word(span[0].text) not in ("de", "d'")
    )


def _adverbial(doc: Doc, s: int, o: int) -> bool:
    """``Dans le cas contraire « … »``: a short adverbial before a quotation, not a subject."""
    span = doc.char_span(s, o, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return len(span) <= 4 and span[0].pos_ in ("ADP", "ADV", "CCONJ", "SCONJ")
