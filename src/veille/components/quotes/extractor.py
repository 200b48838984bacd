"""The quotes component: cues, contents and types, unit by unit."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from veille.model import Quote, QuoteType, Span
from veille.normalize import CLOSE_QUOTES, OPEN_QUOTES
from veille.text.spans import Intervals, doc_index, doc_text, sent_of

from .base import (
    CLITIC,
    NEG,
    RELATIVES,
    STRONG_PUNCT,
    SUBJ_PRONOUNS,
    Cue,
    Found,
    Resolved,
    State,
    Unit,
    build_state,
    in_title,
    inside_found,
    is_name_quote,
    mention_at,
    mentions_ending_at,
    mentions_from,
    np_span,
    prep_before,
    trim,
    zone_before,
)
from .marks import closes_pair, in_pair, pair_at
from .resolve import can_speak, floating_speaker, resolve_span
from .speakers import speaker_of_cue, via_at
from .vocab import (
    CueEntry,
    generic_entry,
    lemma_forms,
    plain_text,
    role_heads,
    source_cues,
    verb_index,
    word_classes,
)


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
        cues = self._find_cues(st, u, pairs)
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
            self._content(st, u, cue, res, pairs, limit)
        self._headline(st, u, pairs)
        self._floating(st, u, pairs, before)

    @staticmethod
    def _is_boundary(st: State, cue: Cue) -> bool:
        """Whether a cue starts a new attribution that ends the content of the one before:
        an inversion, or a cue (or its subject) after a comma or semicolon."""
        if cue.inverted:
            return True
        if cue.entry is not None and not cue.entry.example:
            return False  # a verb outside the lexicon
        rest = st.text[cue.zone : cue.cue[0]]
        if cue.subject is not None and cue.subject[0] < cue.cue[0]:
            rest = st.text[cue.zone : cue.subject[0]]
        if re.search(r"(?:^|\s)(?:et|mais|puis)\s*$", st.plain[max(0, cue.zone - 8) : cue.cue[0]]):
            return True  # "a confirmé A et a détaillé B": coordinated cues
        return "," in rest or ";" in rest or re.search(r"\b(?:et|mais|puis)\b", rest) is not None

    def _find_cues(self, st: State, u: Unit, pairs: Intervals) -> list[Cue]:
        doc = st.doc
        out: list[Cue] = []
        sources = source_cues()
        index = verb_index()
        words = doc_index(doc).words
        lemmas = doc_index(doc).lemmas
        i = u.tok_start
        while i < u.tok_end:
            low = plain_text(words[i])
            cue: Cue | None = None
            if (
                (low in sources and low != "pour")
                or (low == "d'" and i + 1 < u.tok_end and plain_text(words[i + 1]) == "apres")
                or (
                    low == "de" and plain_text(words[i + 1] if i + 1 < len(doc) else "") == "source"
                )
                or (low == "pour" and self._clause_initial(st, u, i))
            ):
                cue = self._source_cue(st, u, i)
            elif len(low) > 2 and (tok := doc[i]).is_alpha:
                known = False
                for lem in lemma_forms(lemmas[i], words[i]):
                    entries = index.get(lem)
                    if entries:
                        known = True
                        cue = self._verb_cue(st, u, i, entries, pairs)
                        if cue is not None:
                            break
                if not known and tok.pos_ == "VERB" and tok.text.islower():
                    # any verb inverted right after a quotation: « … », ironise-t-il
                    cue = self._verb_cue(st, u, i, (generic_entry(tok),), pairs)
                    if cue is not None and not (
                        cue.after_quote
                        and (cue.clitic or st.text[cue.zone : cue.cue[0]].strip() == ",")
                    ):
                        cue = None
            if cue is not None:
                out.append(cue)
                i = max(i + 1, cue.verb_end)
            else:
                i += 1
        return out

    @staticmethod
    def _clause_initial(st: State, u: Unit, i: int) -> bool:
        doc = st.doc
        j = i - 1
        while j >= u.tok_start and (
            doc[j].is_space or plain_text(doc[j].text) in ("mais", "et", "-")
        ):
            j -= 1
        return j < u.tok_start or doc[j].text in (":", ";", "(")

    def _source_cue(self, st: State, u: Unit, i: int) -> Cue | None:
        doc = st.doc
        low = plain_text(doc[i].text)
        j = i + 1
        if low == "d'" or low == "de":
            j = i + 2
        cue_end = j
        # the source noun phrase: up to a comma, a verb, a strong stop or a quotation
        k = j
        if low == "de":
            k = i + 1  # "de source militaire": "source militaire" is the speaker
        np_start = k
        if k < u.tok_end and plain_text(doc[k].text) in RELATIVES:
            k += 1  # "selon qui", "selon laquelle"
        while (k < u.tok_end and k > np_start and plain_text(doc[k - 1].text) not in RELATIVES) or (
            k == np_start and k < u.tok_end
        ):
            t = doc[k]
            if t.text in (",", ".", ";", ":", "!", "?", ")", "(") or t.is_space:
                break
            if t.text in OPEN_QUOTES | CLOSE_QUOTES and not is_name_quote(st, t.idx):
                break
            if (
                t.pos_ in ("VERB", "AUX")
                and k > np_start
                and plain_text(t.text) not in ("russe",)
                # "selon un sondage Odoxa paru dimanche dans Le Parisien, …", "selon un
                # responsable contacté par l'AFP": a participle inside the source phrase
                and not ("Part" in t.morph.get("VerbForm") and "Past" in t.morph.get("Tense"))
            ):
                break
            if t.text == "-" and k > np_start:
                break
            k += 1
        if k == np_start:
            return None
        if low == "pour":
            # "Pour lui, …", "Pour le ministre, …": a person, and a comma closes the phrase
            if k >= u.tok_end or doc[k].text != "," or k - np_start > 8:
                return None
            words = {plain_text(t.text) for t in doc[np_start:k]}
            s, e = doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text)
            person = any(ent.type == "PER" for _ms, _me, ent, _ in mentions_from(st, s, e)) or (
                words & (SUBJ_PRONOUNS | role_heads() | {"expert", "experte", "specialiste"})
            )
            if not person:
                return None
        s_char, e_char = doc[i].idx, doc[cue_end - 1].idx + len(doc[cue_end - 1].text)
        np = (doc[np_start].idx, doc[k - 1].idx + len(doc[k - 1].text))
        return Cue(
            kind="source",
            entry=None,
            cue=(s_char, e_char),
            verb=doc[i],
            verb_end=k,
            group_start=i,
            inverted=False,
            subject=np,
            subject_tok=doc[np_start],
            zone=zone_before(st, doc[i].idx, u),
            anchor=doc[i].idx,
            after=k,
        )

    def _verb_cue(
        self,
        st: State,
        u: Unit,
        i: int,
        entries: tuple[CueEntry, ...],
        pairs: Intervals,
    ) -> Cue | None:
        doc = st.doc
        tok = doc[i]
        # group: auxiliaries, reflexive pronoun, clitics before the verb
        g = i
        auxes = [
            c
            for c in tok.children
            if c.dep_.startswith("aux")
            and c.i < i
            # next to the verb, over adverbs and clitics: the parser also hangs "est" of
            # "Le timing est évident assure…" on the verb
            and not _words_between(doc, c.i + 1, i)
        ]
        if auxes:
            g = min(c.i for c in auxes)
        # adjacent auxiliary the parser did not attach ("a-t-il tweeté")
        j = i - 1
        while j >= u.tok_start:
            t = doc[j]
            if not (
                t.pos_ == "ADV"
                or plain_text(t.text) in ("-t", "t", "-il", "-elle", "-ils", "-elles", "-on")
                or t.dep_ == "expl:subj"
            ):
                break
            j -= 1
        lemmas = doc_index(doc).lemmas
        for a in range(i - 2, max(u.tok_start, i - 6) - 1, -1):
            # "a de son côté accusé": a fixed adverbial the parser reads as the object of "a"
            if lemmas[a] in ("avoir", "être") and not _words_between(doc, a + 1, i):
                j = a
                break
        if (
            j >= u.tok_start
            and doc[j].lemma_ in ("avoir", "être")
            and doc[j].pos_ in ("AUX", "VERB")
            and j < g
            and i - j <= 6
            and not (j > u.tok_start and doc[j - 1].pos_ == "DET")  # "cet été précise"
        ):
            g = j
        refl = g - 1
        has_refl = refl >= u.tok_start and plain_text(doc[refl].text) in (
            "se",
            "s'",
            "me",
            "m'",
            "nous",
            "vous",
            "te",
            "t'",
        )
        rest = st.plain[tok.idx + len(tok.text) : tok.idx + len(tok.text) + 40]
        entry: CueEntry | None = None
        tail_len = 0
        reflexive = has_refl and plain_text(doc[refl].text) in ("se", "s'")
        for e in entries:
            if e.pronominal and not has_refl:
                continue
            if reflexive and not e.pronominal:
                continue  # "s'est exprimé", "se demande": another verb than the cue's
            if e.tail:
                m = re.match(
                    r"\s*"
                    + r"\s*".join(
                        re.escape(w) for w in re.split(r"(?<=')|\s+", plain_text(e.tail)) if w
                    )
                    + r"(?![\w])",
                    rest,
                )
                if not m:
                    continue
                tail_len = m.end()
            entry = e
            break
        if entry is None:
            return None
        if has_refl and (entry.pronominal or plain_text(doc[refl].text) in ("se", "s'")):
            g = refl  # not "nous avons lancé": a subject, not a reflexive pronoun
        # forms: finite verb, past participle with avoir/être, present participle, infinitive
        # after "avoir"/"de"; a noun or adjective only when inverted or after an auxiliary
        morph = tok.morph
        verbform = morph.get("VerbForm")
        clitic_at = None
        for t in (tok, *([doc[g]] if g != i else [])):
            m = CLITIC.match(st.plain, t.idx + len(t.text))
            if m:
                clitic_at = (m.start(1), m.end(1))
                break
        prev = doc[g - 1] if g - 1 >= u.tok_start else None
        prev_text = prev.text if prev is not None else ""
        after_aux = g != i
        tagged_noun = tok.pos_ not in ("VERB", "AUX")
        if tagged_noun:
            # the tagger reads "Le rapporteur juge que…" as a noun: a following "que" or
            # colon, an inversion or an auxiliary make it the verb
            nxt = plain_text(doc[i + 1].text) if i + 1 < u.tok_end else ""
            if prev is not None and prev.pos_ == "DET" and not after_aux:
                return None
            if not (
                clitic_at
                or after_aux
                or prev_text in (",",)
                or prev_text in CLOSE_QUOTES
                or nxt in ("que", "qu'", ":")
                # "Risquée mais habile juge le politologue X": an inversion with no comma
                or (
                    entry.lemma in word_classes()["inverts"]
                    and _speaker_tail(st, u, i + 1)
                    and _clause_before(st, u, i)
                )
            ):
                return None
            if tok.is_title and not (clitic_at or after_aux):
                return None
        # "a dit avoir informé l'opposition, et exhorté les entreprises à…", "n'a pas donné
        # de détail, mais indiqué que…": a participle sharing the auxiliary of a verb before
        elliptic = plain_text(prev_text) in ("et", "mais") and any(
            doc[j].lemma_ == "avoir" and doc[j].pos_ == "AUX" for j in range(u.tok_start, g)
        )
        if (
            "Part" in verbform
            and "Pres" not in morph.get("Tense")
            and not after_aux
            and not clitic_at
            and not elliptic
        ):
            return None  # "accusé de", "décrite comme", "Invité sur…": a passive participle
        if not has_refl and any(
            doc[j].lemma_ == "être" for j in range(g, i) if doc[j].pos_ == "AUX"
        ):
            return None  # "avait été pointée du doigt", "a été annoncée": the passive
        if "Inf" in verbform:
            p = plain_text(prev_text)
            if p not in ("avoir", "d'", "de") and not (prev is not None and prev.lemma_ == "avoir"):
                return None
        if tok.pos_ == "AUX":
            return None
        if in_pair(pairs, tok.idx) and (
            not self._is_incise(st, u, g, i, clitic_at)
            or (clitic_at is None and self._left_subject(st, tok, g, u) is not None)
        ):
            return None
        if self._negated(st, u, g, i):
            return None
        verb_end_char = tok.idx + len(tok.text) + tail_len
        k = i + 1
        while k < u.tok_end and doc[k].idx < verb_end_char:
            k += 1
        subj_left = self._left_subject(st, tok, g, u)
        inverted = bool(clitic_at)
        after_quote = prev is not None and (
            closes_pair(pairs, prev.idx)
            or (prev_text == "," and g - 2 >= u.tok_start and closes_pair(pairs, doc[g - 2].idx))
        )
        if after_quote and prev is not None and prev_text != ",":
            # "Les « gilets jaunes » ont manifesté": quoted words inside the subject
            o = next((o for o, c in pairs if c == prev.idx), None)
            before = doc.char_span(o, o + 1, alignment_mode="expand") if o is not None else None
            if before is not None and before.start > u.tok_start:
                after_quote = doc[before.start - 1].pos_ != "DET"
        participle = "Part" in verbform and "Pres" in morph.get("Tense")
        finite = not participle and "Inf" not in verbform
        if subj_left is None and tagged_noun and not clitic_at and not after_quote:
            subj_left = _np_before(st, g, u)
        inverts = entry.lemma in word_classes()["inverts"]
        if (
            not clitic_at
            and finite
            and prev_text == ","
            and (_name_follows(st, u, tok, k, inverts) or (after_quote and _speaker_tail(st, u, k)))
        ):
            # "L'objectif est « … », a assuré M. Mouallem", "Des éléments « … », demande
            # l'enseignant.": an inversion
            subj_left = None
        elif not clitic_at and finite and not after_quote:
            subj_left = _name_before(st, u, g, subj_left)
            if (
                subj_left is None
                and prev_text not in (",", "et", "mais")
                and "Fin" in doc[g].morph.get("VerbForm")
            ):
                # "la République en marche (LREM) aurait d'ores et déjà assuré": a subject
                # the parse lost
                subj_left = _np_before(st, g, u)
        coord = None
        if (
            not clitic_at
            and finite
            and prev is not None
            and plain_text(prev_text) in ("et", "mais")
        ):
            # "Le ministre a confirmé A et a détaillé B": the subject of the first verb
            coord = _coordinated_subject(st, u, g)
            subj_left = coord or subj_left
        if not inverted and subj_left is None and not participle and "Inf" not in verbform:
            apposed = _apposed_subject(st, u, g) if prev_text == "," and not after_quote else None
            if apposed is not None:
                # "Le chef de l'État, en berne dans les sondages, souhaite rassembler…"
                subj_left = apposed
            elif after_quote or (
                prev_text == ","
                and not _que_follows(doc, k, u, 10)
                and not _infinitive_at(doc, k, u)
            ):
                inverted = True
            elif any(
                c.dep_.startswith("nsubj") and c.i > i and c.pos_ not in ("VERB", "AUX")
                for c in tok.children
            ):
                inverted = (
                    g > u.tok_start and not doc[g - 1].is_punct and not _que_follows(doc, k, u)
                )
        if (
            not inverted
            and finite
            and not after_quote
            and inverts
            and g == i
            and _speaker_tail(st, u, k)
            and _clause_before(st, u, g)
        ):
            # "Une piscine … de 10 mètres par 4 précise Le Point.", "… dépassée estime les
            # experts.": an inversion with no comma, the words before are the content (a
            # simple tense: "Les images de la caméra ont révélé le suspect" is an object)
            inverted, subj_left = True, None
        reported = any(
            "Cnd" in t.morph.get("Mood") for t in (doc[g], tok) if t.pos_ in ("AUX", "VERB")
        )
        start_char = doc[g].idx
        if participle and not clitic_at and g > u.tok_start and plain_text(doc[g - 1].text) == "en":
            start_char = doc[g - 1].idx  # the gerund: "en soulignant"
            g -= 1
        zone = (
            zone_before(st, start_char, u)
            if inverted or subj_left is None or coord is not None
            else subj_left[0]
        )
        if subj_left is not None and not inverted and coord is None:
            zone = zone_before(st, subj_left[0], u)
        return Cue(
            kind="verb",
            entry=entry,
            cue=(start_char, verb_end_char),
            verb=tok,
            verb_end=k,
            group_start=g,
            inverted=inverted,
            subject=subj_left,
            subject_tok=None,
            zone=zone,
            anchor=tok.idx,
            after=k,
            clitic=clitic_at,
            reported=reported,
            after_quote=after_quote,
        )

    @staticmethod
    def _left_subject(st: State, tok: Token, g: int, u: Unit) -> tuple[int, int] | None:
        """Char span of the subject left of the cue (parse), or None. Words inside a
        quotation are never the subject of a cue outside it."""
        doc = st.doc
        heads = [tok]
        if tok.dep_ in ("xcomp", "dep", "conj"):
            heads.append(tok.head)
        if g != tok.i:
            heads.append(doc[g])  # "Poutine a fait savoir": the subject of "fait"
        inside = in_pair(st.pairs, tok.idx)
        for h in heads:
            # the subject nearest the verb: "…, au grand nombre de tests …, mais des voix
            # critiques mettent en doute": the parse gives the verb two subjects
            for c in sorted(h.children, key=lambda c: -c.i):
                if not (c.dep_.startswith("nsubj") and u.tok_start <= c.i < g):
                    continue
                if in_pair(st.pairs, c.idx) and not inside:
                    continue
                if any(doc[k].text in STRONG_PUNCT for k in range(c.i, g)):
                    continue
                span = np_span(doc, c, g, u)
                if span is not None:
                    # "…, mais des voix critiques mettent": not the conjunction
                    m = re.match(r"(?:mais|et|puis|or)\s+", st.text[span[0] : span[1]])
                    if m is not None and m.end() < span[1] - span[0]:
                        span = (span[0] + m.end(), span[1])
                return span
        return None

    @staticmethod
    def _is_incise(st: State, u: Unit, g: int, i: int, clitic: tuple[int, int] | None) -> bool:
        doc = st.doc
        if g <= u.tok_start or doc[g - 1].text != ",":
            return False
        if clitic is not None:
            return True
        return bool(re.match(r"[^,.!?\"]{1,80},", st.plain[doc[i].idx :]))

    @staticmethod
    def _negated(st: State, u: Unit, g: int, i: int) -> bool:
        doc = st.doc
        lo = max(u.tok_start, g - 2)
        neg_before = any(plain_text(doc[j].text) in NEG for j in range(lo, i))
        if not neg_before:
            return False
        if any(plain_text(doc[j].text) in ("mais", ",") for j in range(g, i)):
            return False  # "il n'a pas donné de détail, mais indiqué que": the verb before
        hi = min(u.tok_end, i + 2)
        return any(plain_text(doc[j].text) in word_classes()["negation"] for j in range(g, hi))

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
        doc = st.doc
        made: list[Found] = []
        inside = pair_at(pairs, cue.anchor)
        if inside is not None:
            # incise: « A, a-t-il ajouté, B »
            o, c = inside
            comma = st.text.rfind(",", o, cue.cue[0])
            a = trim(st.text, o + 1, comma if comma > o else cue.cue[0])
            after_sp = max(
                cue.cue[1],
                cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else 0,
                cue.clitic[1] if cue.clitic else 0,
            )
            comma2 = st.text.find(",", after_sp, c)
            b = trim(st.text, (comma2 + 1) if comma2 >= 0 else after_sp, c, keep_final=True)
            for s, e in (a, b):
                if e - s > 0:
                    made.append(Found("direct", s, e, cue.cue, res.speaker, 0.9 * res.factor))
        elif cue.inverted:
            zone_start = self._clause_start(st, u, cue)
            end = cue.zone
            s, e = trim(st.text, zone_start, end)
            after_sp = max(
                cue.cue[1],
                cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else 0,
                cue.clitic[1] if cue.clitic else 0,
            )
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
                # "C'est en tout cas ce que révèle Le Point": what was said is the sentence
                # before
                sent = sent_of(cue.verb)
                if sent.start > 0:
                    before = sent_of(doc[sent.start - 1])
                    s, e = trim(st.text, before.start_char, before.end_char)
                    lead = re.match(r"(?:et|mais|puis)\s+", st.plain[s:e])
                    s += lead.end() if lead else 0
            if e > s:
                t, s, e = self._classify(st, doc, pairs, s, e, inverted=True)
                if cue.entry.kind == "source":
                    t = "according_to"
                made.append(
                    Found(
                        t, s, e, cue.cue, res.speaker, (0.9 if t == "direct" else 0.8) * res.factor
                    )
                )
            # "Dépassée mais efficace estime le spécialiste X dans Le Figaro : « … »": the
            # quotation after the colon is the same speaker's
            tail = cue.subject[1] if cue.subject and cue.subject[0] > cue.cue[0] else cue.cue[1]
            nxt = next(((o, c) for o, c in pairs if o >= tail), None)
            if nxt is not None and re.fullmatch(r"[^.!?;«»\"“”]{0,40}:\s*", st.text[tail : nxt[0]]):
                a, b = trim(st.text, nxt[0] + 1, nxt[1], keep_final=True)
                if b > a:
                    made.append(Found("direct", a, b, None, res.speaker, 0.8 * res.factor))
        else:
            span = self._complement(st, u, cue, pairs, limit)
            if span is not None:
                s, e, how = span
                parts = [(s, e, res)] if how == "que" else _gapped(st, s, e, res)
                for s, e, r in parts:
                    t, s, e = self._classify(st, doc, pairs, s, e)
                    base = {"direct": 0.9, "mixed": 0.8}.get(t, 0.8 if how == "que" else 0.65)
                    made.append(Found(t, s, e, cue.cue, r.speaker, base * r.factor))
        for f in made:
            f.reported = cue.reported
            f.via = cue.via
            f.key = cue.cue
            st.found.append(f)
        if made:
            st.remember(cue.anchor, res)

    def _clause_start(self, st: State, u: Unit, cue: Cue) -> int:
        """Where the content before an inverted cue starts: the unit start or the end of the
        previous quote in the unit."""
        start = u.start
        for f in st.found:
            if u.start <= f.end <= cue.zone and f.end > start:
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
        # clitic object pronouns, adverbs, days, commas, prepositional phrases ("à la presse",
        # "dans un communiqué") before que or a colon
        j = k
        found_que = None
        while j < u.tok_end and j - k < 18:
            t = doc[j]
            low = plain_text(t.text)
            if low in ("que", "qu'"):
                found_que = j
                break
            if t.text == ":":
                found_que = j
                break
            if t.pos_ in ("VERB", "AUX") or t.text in OPEN_QUOTES or t.text in STRONG_PUNCT:
                break
            if in_pair(pairs, t.idx):
                break
            j += 1
        if found_que is not None:
            if cue.via is None:
                cue.via = via_at(st, doc[k].idx if k < len(doc) else cue.cue[1], doc[found_que].idx)
            start = doc[found_que].idx + len(doc[found_que].text)
            return (*trim(st.text, start, _clause_end(st, start, limit)), "que")
        j = self._skip_adjuncts(doc, k, u)
        j = self._skip_medium(st, j, u)  # "a redit sur BFMTV son soutien…"
        prep = j < u.tok_end and plain_text(doc[j].text) in (
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
        if _infinitive_at(doc, j, u):
            # "assure ne rien savoir", "a dit avoir informé l'opposition", "dit espérer que"
            return (*trim(st.text, t.idx, _clause_end(st, t.idx, limit)), "obj")
        if not entry.object:
            # only a quotation right after the verb ("a plaidé pour « … »")
            if t.text in OPEN_QUOTES and pair_at(pairs, t.idx + 1):
                return (*trim(st.text, t.idx, limit), "obj")
            return None
        if t.is_punct and t.text not in OPEN_QUOTES:
            return None
        if t.pos_ == "ADP" and plain_text(t.text) not in (
            "de",
            "d'",
            "du",
            "des",
            "a",
            "au",
            "aux",
        ):
            return None
        s, e = trim(st.text, t.idx, _clause_end(st, t.idx, limit))
        if _bare_party(st, s, e):
            return None  # "a défendu le président", "défend la Chine": whom, not what
        return s, e, "obj"

    @staticmethod
    def _skip_medium(st: State, j: int, u: Unit) -> int:
        """Past ``sur BFMTV``, ``à l'AFP``, ``dans Le Figaro``: where it was said, before an
        object or infinitive."""
        doc = st.doc
        if j >= u.tok_end or plain_text(doc[j].text) not in ("sur", "a", "au", "dans"):
            return j
        k = j + 1
        if k < u.tok_end and plain_text(doc[k].text) in ("l'", "le", "la", "les"):
            k += 1
        if k >= u.tok_end:
            return j
        at = doc[k].idx
        m = next((m for m in mentions_from(st, at, at + 1) if m[2].type == "ORG"), None)
        if m is None:
            return j
        while k < u.tok_end and doc[k].idx < m[1]:
            k += 1
        return QuoteExtractor._skip_adjuncts(doc, k, u)

    @staticmethod
    def _skip_adjuncts(doc: Doc, j: int, u: Unit) -> int:
        """Past adverbs, days and times (``mardi``, ``cette semaine``) and commas."""
        time = word_classes()["time"]
        text = doc_text(doc)
        while j < u.tok_end:
            t = doc[j]
            low = plain_text(t.text)
            if (
                (
                    t.pos_ == "ADV"
                    and low
                    not in ("plus", "pas", "moins", "tres", "si", "aussi", "tout", "ne", "n'")
                )
                or low in time
                or t.text == ","
                or t.is_space
                # "a confirmé samedi 27 avril, la promesse…": a date
                or (
                    t.like_num
                    and j + 1 < u.tok_end
                    and plain_text(doc[j + 1].text) in time
                    and not doc[j + 1].text[:1].isupper()
                )
            ):
                j += 1
            elif (m := _ADVERBIALS.match(plain_text(text[t.idx : t.idx + 24]))) is not None:
                end = t.idx + m.end()
                while j < u.tok_end and doc[j].idx < end:
                    j += 1
            elif (
                low in ("ce", "cette", "le")
                and j + 1 < u.tok_end
                and plain_text(doc[j + 1].text) in (time | {"semaine", "mois", "annee", "week-end"})
            ):
                j += 2
            else:
                break
        return j

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
        low = plain_text(cue.verb.text)
        s = e = -1
        relative = plain_text(st.text[cue.subject[0] : cue.subject[1]]) in RELATIVES
        if nxt == "," and (self._clause_initial(st, u, cue.verb.i) or low == "pour"):
            s, e = trim(st.text, np_end + 1, sentence_end(st, np_end + 1, limit))
        elif relative:
            s, e = trim(st.text, np_end, limit)
        elif nxt in (".", ";", ")", "-", "!", "?") or k >= u.tok_end or nxt == ",":
            # "…, selon X." / "(… selon X)": the clause before
            start = u.start
            for f in st.found:
                if u.start <= f.end <= cue.anchor and f.type != "according_to":
                    # a quote already attributed: X relays it
                    if not st.text[f.end : cue.anchor].strip(' ,»"”'):
                        if f.via is None:
                            f.via = res.speaker
                        return
                    start = max(start, f.end + 1)
            start = sentence_start(st, start, cue.anchor)
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
            if j < u.tok_start or plain_text(st.doc[j].text) not in ("qui", "que", "qu'"):
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
            pre = st.text[u.start : o]
            post = st.text[c + 1 : u.end]
            if re.search(r"\w", pre) or re.search(r"\w", post):
                self._embedded(st, u, o, c)
                continue
            s, e = trim(st.text, o + 1, c, keep_final=True)
            n_words = len(st.text[s:e].split())
            if n_words < 3 or st.text[s:e].isupper() or in_title(st, o):
                continue  # scare quotes, names, headings in capitals
            res = floating_speaker(st, u, o)
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


_CLAUSE_END = re.compile(
    r",\s+(?:apres|avant|alors|tandis|lors|pendant|depuis|puisque|si bien)\b"
    r"|,?\s+(?:et\s+)?(?:tout\s+)?en\s+\w+ant\b"  # "…, en soulignant", "et en condamnant"
    # "…, et a gelé mardi la contribution": a second verb of the speaker's own clause
    r"|,\s+(?:et|mais)\s+(?:a|ont|avait|avaient|aurait|auraient)\s"
)
# where a sentence ends: a stop before a capital or an opening mark, or glued to the next one
_SENTENCE_END = re.compile(
    r"(?<![\s.][A-Z])[.!?](?:\s*[»\"”])?(?=\s+[«\"“]?[A-ZÀ-Ý0-9])"
    r"|(?<=[a-zà-ÿ)])\.(?=[A-ZÀ-Ý0-9«\"“])"
)


def _clause_end(st: State, s: int, limit: int) -> int:
    """The end of a reported clause: ``limit``, or a comma opening an adverbial clause
    (``…, après avoir reçu…``, ``…, alors que…``, ``…, tout en fustigeant``) or the end of a
    sentence, outside quotation marks."""
    for m in _CLAUSE_END.finditer(st.plain, s, limit):
        if not in_pair(st.pairs, m.start()):
            limit = m.start()
            break
    span = st.doc.char_span(s, limit, alignment_mode="contract")
    for t in span if span is not None else ():
        # "…mettent en doute ces chiffres, soupçonnant que…": a participle clause after a
        # comma is the speaker's next move, not what was said
        if (
            t.text == ","
            and t.i + 1 < len(st.doc)
            and "Part" in st.doc[t.i + 1].morph.get("VerbForm")
            and "Pres" in st.doc[t.i + 1].morph.get("Tense")
            and not in_pair(st.pairs, t.idx)
        ):
            limit = t.idx
            break
    return min(limit, sentence_end(st, s, limit))


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


def _np_before(st: State, g: int, u: Unit) -> tuple[int, int] | None:
    """The words between the clause start and token ``g`` when they read as a short noun
    phrase (a subject the parser missed)."""
    doc = st.doc
    g = _before_abbreviation(doc, g, u)
    lo = g
    while lo > u.tok_start and not doc[lo - 1].is_punct and g - lo < 8:
        lo -= 1
    if lo == g or doc[lo].pos_ not in ("DET", "PROPN", "NOUN", "PRON"):
        return None
    if lo > u.tok_start and not doc[lo - 1].is_punct:
        return None  # no clause start within reach: not a subject
    if any(doc[k].pos_ in ("VERB", "AUX") for k in range(lo, g)):
        return None
    return doc[lo].idx, doc[g - 1].idx + len(doc[g - 1].text)


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
        low = plain_text(t.text)
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


def _coordinated_subject(st: State, u: Unit, g: int) -> tuple[int, int] | None:
    """The subject of the verb coordinated before ``… et`` at ``g``: the nearest finite verb
    before it in the sentence that has a subject of its own (outside quotations)."""
    doc = st.doc
    j = g - 2
    while j >= u.tok_start and doc[j].text not in STRONG_PUNCT:
        t = doc[j]
        auxes = [a.i for a in t.children if a.dep_.startswith("aux") and a.i < j]
        finite = "Fin" in t.morph.get("VerbForm") or bool(auxes)
        if t.pos_ == "VERB" and finite and not in_pair(st.pairs, t.idx):
            for c in t.children:
                if (
                    (c.dep_.startswith("nsubj") or c.dep_ == "expl:subj")
                    and c.i < j
                    and not in_pair(st.pairs, c.idx)
                ):
                    if plain_text(c.text) in ("qui", "que", "qu'"):
                        return None
                    return np_span(doc, c, min([j, *auxes]), u)
        j -= 1
    return None


def _words_between(doc: Doc, s: int, e: int) -> bool:
    """Content words between an auxiliary and its verb (nouns, verbs, quotation marks, an
    adjective not in an adverbial like "de nouveau"): the parse joined two clauses."""
    if s < e:
        between = plain_text(doc_text(doc)[doc[s].idx : doc[e - 1].idx + len(doc[e - 1].text)])
        if _ADVERBIALS.fullmatch(between):
            return False  # "a de son côté accusé"
    for j in range(s, e):
        t = doc[j]
        if t.pos_ in ("PROPN", "VERB") or t.text in OPEN_QUOTES | CLOSE_QUOTES:
            return True
        if t.pos_ in ("NOUN", "ADJ") and (j == s or doc[j - 1].pos_ != "ADP"):
            return True  # not "par exemple", "de nouveau", "en effet"
    return False


_WHERE = ("dans", "a", "sur")  # "dans Le Figaro", "à BFMTV", "sur France Inter"


def _speaker_tail(st: State, u: Unit, k: int) -> bool:
    """After a cue, a short noun phrase that names a speaker (a person or organisation, a role,
    a medium, "les experts") and ends the sentence, perhaps with where it was said (``dans Le
    Figaro``) or a colon: the subject of an inversion, not an object."""
    doc = st.doc
    k = QuoteExtractor._skip_adjuncts(doc, k, u)  # "a réagi au même moment la secrétaire…"
    if k >= u.tok_end or doc[k].pos_ not in ("DET", "PROPN", "NOUN"):
        return False
    classes = word_classes()
    humans = role_heads() | classes["person"] | classes["media"] | classes["collective"]
    humans = humans | classes["org_head"]
    named = _named_at(st, doc[k].idx)
    j, n = k, 0
    while j < u.tok_end and not doc[j].is_punct and plain_text(doc[j].text) not in _WHERE:
        if doc[j].pos_ in ("VERB", "AUX") and doc[j].text.islower():
            return False
        at = doc[j].idx
        m = next((m for m in mentions_from(st, at, at + 1) if m[2].type in ("PER", "ORG")), None)
        if m is not None:
            named = True
            while j + 1 < u.tok_end and doc[j + 1].idx < m[1]:
                j += 1  # over the whole name: "Moreau-Chevrolet"
        elif doc[j].pos_ in ("NOUN", "PROPN") and n == 0:
            low = plain_text(doc[j].text)
            named = named or low in humans or low.rstrip("sx") in humans
        if doc[j].pos_ in ("NOUN", "PROPN"):
            n = 1
        j += 1
    if not named or j - k > 7:
        return False
    if j < u.tok_end and plain_text(doc[j].text) in _WHERE:
        # "dans Le Figaro", "à BFMTV": a medium, then the end
        m = next(
            (m for m in mentions_from(st, doc[j].idx, len(st.text) + 1) if m[2].type == "ORG"),
            None,
        )
        if m is None or m[0] - doc[j].idx > 8:
            return False
        while j < u.tok_end and doc[j].idx < m[1]:
            j += 1
    return j >= u.tok_end or doc[j].text in (".", ":", "!", "?") or doc[j].is_space


def _named_at(st: State, pos: int) -> bool:
    """A person or organisation named from ``pos``."""
    return any(e.type in ("PER", "ORG") for _ms, _me, e, _ in mentions_from(st, pos, pos + 1))


def _clause_before(st: State, u: Unit, g: int) -> bool:
    """At least three words before the cue in its clause, outside a quotation."""
    doc = st.doc
    n, j = 0, g - 1
    while j >= u.tok_start and doc[j].text not in (":", ";", ".", "!", "?"):
        if doc[j].is_alpha:
            n += 1
        j -= 1
    return n >= 3


def _bare_party(st: State, s: int, e: int) -> bool:
    """An object that is only a named party or a bare role (``la Chine``, ``le président``):
    the verb is about someone, not something said."""
    m = next((m for m in mentions_from(st, s, s + 5) if m[1] >= e - 1), None)
    if m is not None and st.text[s : m[0]].strip(" ") in ("", "l'", "le", "la", "les"):
        return True
    words = plain_text(st.text[s:e]).replace("'", "' ").split()
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


def _apposed_subject(st: State, u: Unit, g: int) -> tuple[int, int] | None:
    """``NP, apposition, cue`` at the start of a sentence: the noun phrase is the subject
    (``Le chef de l'État, en berne dans les sondages, souhaite…``)."""
    doc = st.doc
    start = max(u.start, sent_of(doc[g]).start_char)
    seg = st.text[start : doc[g].idx]
    m = re.fullmatch(r"(\s*)([^,;:«»\"“”()]{2,60}?)\s*,[^,;:«»\"“”]{2,80},\s*", seg)
    if m is None:
        return None
    s = start + len(m.group(1))
    e = s + len(m.group(2))
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None or span[0].pos_ not in ("DET", "PROPN"):
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in span):
        return None
    appo = doc.char_span(e, doc[g].idx, alignment_mode="expand")
    if appo is not None and any("Fin" in t.morph.get("VerbForm") for t in appo):
        return None  # "X, volées en 1984 vont être restituées, a rapporté Y": a clause
    return s, e


def _before_abbreviation(doc: Doc, g: int, u: Unit) -> int:
    """``g`` moved back over a parenthesised abbreviation right before it (``(LR)``,
    ``(LREM)``): the subject ends before it."""
    if (
        g - 3 >= u.tok_start
        and doc[g - 1].text == ")"
        and doc[g - 3].text == "("
        and len(doc[g - 2].text) <= 8
        and doc[g - 2].text[:1].isupper()
    ):
        return g - 3
    return g


def _name_follows(st: State, u: Unit, verb: Token, k: int, inverts: bool = False) -> bool:
    """A person or organisation named right after the cue (over adverbs and days), that is
    not its object (a verb that never takes a person as object, ``inverts``, has none): the
    subject of an inversion."""
    doc = st.doc
    time = word_classes()["time"]
    while k < u.tok_end and (
        doc[k].pos_ == "ADV" or plain_text(doc[k].text) in time | {"m.", "mme", "dr"}
    ):
        k += 1
    if k >= u.tok_end:
        return False
    if not _named_at(st, doc[k].idx):
        return False
    return (
        inverts
        or doc[k].dep_.startswith("nsubj")
        or not any(c.dep_ == "obj" for c in verb.children)
    )


def _name_before(
    st: State, u: Unit, g: int, subj: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The subject ends with the person named right before the cue: ``le patron des sénateurs
    LR Bruno Retailleau a redit``, ``La secrétaire d'État …, Geneviève Darrieussecq, a
    précisé``: the parse often cuts such a subject short or misses it."""
    doc = st.doc
    g = _before_abbreviation(doc, g, u)  # "Christian Jacob (LR) a salué"
    j = g - 1
    if j > u.tok_start and doc[j].text == ",":
        j -= 1
    if j < u.tok_start:
        return subj
    end = doc[j].idx + len(doc[j].text)
    if subj is None and doc[g - 1].text == ",":
        # "Kayleigh McEnany, porte-parole de la Maison Blanche, a dénoncé": name, apposition
        for ms, me, ent, _kind in reversed(mentions_from(st, u.start, doc[g].idx)):
            if ms < u.start or me > doc[g].idx or ent.type != "PER" or in_pair(st.pairs, ms):
                continue
            if re.fullmatch(r"\s*,[^,;.:!?«»\"“”()]{2,80},\s*", st.text[me : doc[g].idx]):
                return ms, me
            break
    for ms, me, ent, _kind in mentions_ending_at(st, end):
        if me != end or ent.type != "PER" or in_pair(st.pairs, ms) or prep_before(st, ms):
            continue
        if subj is None:
            return ms, me
        between = st.text[subj[1] : ms]
        if subj[1] <= ms and (between.strip() == "," or not re.search(r"[,.;:!?()]", between)):
            return subj[0], me
        return subj
    return subj


_NEGATION_WORDS = frozenset(["ne", "n'", "pas", "rien", "jamais", "plus"])
# fixed adverbials between a verb and its object: "salue au passage la prise de parole de…"
_ADVERBIALS = re.compile(
    r"(?:au passage|a nouveau|de nouveau|par ailleurs|en outre|pour sa part|pour leur part"
    r"|de son cote|de leur cote|quant a (?:lui|elle|eux)|une nouvelle fois|a son tour"
    r"|en effet|lui aussi|elle aussi|pour sa part|au meme moment|dans la foulee)\b"
)


def _infinitive_at(doc: Doc, j: int, u: Unit) -> bool:
    """An infinitive at ``j``, over a negation (``ne rien savoir``) or an auxiliary
    (``avoir informé``): reported content after any reporting verb."""
    k = j
    while k < u.tok_end and plain_text(doc[k].text) in (
        "ne",
        "n'",
        "pas",
        "rien",
        "jamais",
        "plus",
    ):
        k += 1
    return (
        k < u.tok_end
        and doc[k].pos_ in ("VERB", "AUX")
        and "Inf" in doc[k].morph.get("VerbForm")
        and doc[k].text.islower()
    )


def _que_follows(doc: Doc, k: int, u: Unit, window: int = 4) -> bool:
    """``que``, ``qu'`` or a colon within ``window`` tokens after ``k``, before any verb."""
    for j in range(k, min(u.tok_end, k + window)):
        if plain_text(doc[j].text) in ("que", "qu'", ":"):
            return True
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].text in STRONG_PUNCT:
            return False
    return False


def _detached(doc: Doc, s: int, e: int) -> bool:
    """What follows a quotation is a comma or an adverbial phrase, not the rest of a clause."""
    span = doc.char_span(s, e, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return span[0].text == "," or (
        span[0].pos_ == "ADP" and plain_text(span[0].text) not in ("de", "d'")
    )


def _adverbial(doc: Doc, s: int, o: int) -> bool:
    """``Dans le cas contraire « … »``: a short adverbial before a quotation, not a subject."""
    span = doc.char_span(s, o, alignment_mode="contract")
    if span is None or len(span) == 0:
        return True
    return len(span) <= 4 and span[0].pos_ in ("ADP", "ADV", "CCONJ", "SCONJ")
