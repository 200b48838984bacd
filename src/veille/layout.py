"""The skeleton of a dispatch: dateline, source, sections and glued-sentence points.

:func:`analyze_layout` reads a French news dispatch as given and returns a :class:`Layout`
whose offsets all point into that text (``text[start:end] == span.text``):

- the **dateline** opening the text (``Moscou / ``, ``BEYROUTH, 5 mars 2017 (AFP) - ``,
  ``Alger – ``), with its place, date (ISO value when complete) and agency;
- the **source**: the dateline's agency, else a closing signature line (``Bulletin Français``,
  ``(AFP)``, ``Avec AFP``), else a trailing credit (``… (avec AFP)``);
- the **sections**: the body cut at subheadings standing on their own line, at AFP run-in
  subheadings (``… a-t-il dit. - Les Etats-Unis réagissent - Washington …``) and at
  subheadings glued into text that lost its line breaks (``… a-t-il dit.Un retrait n'est pas à
  l'ordre du jourL'hypothèse …``);
- the **glued sentence starts**: where a sentence begins right after the previous one with no
  space (``jours.Au total``, ``discussionsLes groupes``, ``armée."Nous``), which the pipeline
  splits before tokenizing. Precision first: a false point cuts a sentence in two.

Matching runs on the same-length folded copy of :func:`veille.text.fold.typography` (typographic
quotes to ``"``, apostrophes to ``'``, unusual spaces to spaces, dashes to ``-``), so every
offset found is an offset of the original.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from veille.lexicon import LexiconError, read_table
from veille.model import Dateline, Section, Source, Span
from veille.normalize import straight_quote_opens
from veille.text.fold import CLOSE_QUOTES, OPEN_QUOTES, QUOTE_CHARS, lower, typography

log = logging.getLogger(__name__)

__all__ = ["Layout", "analyze_layout"]


@dataclass
class Layout:
    """Where the parts of a dispatch are. All offsets index the text as given."""

    dateline: Dateline | None
    source: Source | None  # the agency/bulletin the dispatch comes from
    sections: list[Section]  # cover the article body in order
    sentence_starts: list[int]  # where a sentence (or heading) starts glued to the previous one
    body_start: int  # first offset after the dateline and its trailing space (0 if none)
    body_end: int  # start of a closing signature line / credit (len(text) if none)


# -- data ---------------------------------------------------------------------------------------

_WORD_KINDS = frozenset(
    ["opener", "abbreviation", "place_head", "rubric", "brand", "credit_prefix"]
)


@dataclass(frozen=True)
class _Words:
    openers: frozenset[str]
    abbreviations: frozenset[str]
    place_heads: frozenset[str]
    rubrics: frozenset[str]
    brands: frozenset[str]
    credit_prefixes: frozenset[str]
    agencies: dict[str, str]  # lowercase name or alias -> clean name


@cache
def _words() -> _Words:
    kinds: dict[str, set[str]] = {k: set() for k in _WORD_KINDS}
    for row in read_table("layout_words.tsv"):
        kind = row["kind"]
        if kind not in _WORD_KINDS:
            raise LexiconError(f"layout_words.tsv: {row['word']!r}: unknown kind {kind!r}")
        kinds[kind].add(typography(row["word"]))
    agencies: dict[str, str] = {}
    for row in read_table("layout_agencies.tsv"):
        name = row["name"]
        for form in (name, *row["aliases"].split("|")):
            key = lower(form)
            if not key:
                continue
            if key in agencies:
                raise LexiconError(f"layout_agencies.tsv: {form!r} names two agencies")
            agencies[key] = name
    return _Words(
        openers=frozenset(kinds["opener"]),
        abbreviations=frozenset(kinds["abbreviation"]),
        place_heads=frozenset(kinds["place_head"]),
        rubrics=frozenset(kinds["rubric"]),
        brands=frozenset(kinds["brand"]),
        credit_prefixes=frozenset(w.lower() for w in kinds["credit_prefix"]),
        agencies=agencies,
    )


def _agency(name: str) -> str | None:
    """The clean name of a known agency, or None."""
    return _words().agencies.get(lower(" ".join(name.split())))


# -- character classes and shared patterns -------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞŒŸ"
_LO = "a-zß-öø-ÿœ"
_LETTER = _UP + _LO
_DASH = r"\-–—"  # for character classes (the folded text has only "-")
_OPENING = frozenset(OPEN_QUOTES - CLOSE_QUOTES)
_CLOSING = frozenset(CLOSE_QUOTES - OPEN_QUOTES)
_QUOTE_MARK = re.compile("[" + re.escape("".join(sorted(QUOTE_CHARS))) + "]")

# A capitalised word (all caps allowed) with hyphens and apostrophes: Moscou, NEW, Addis-Abeba.
_CAPWORD = rf"[{_UP}][{_LETTER}'\-]*"
_PARTICLE = r"(?:de|du|des|la|le|les|el|al|da|di|del|do|dos|d'|l')"
_PLACE = rf"{_CAPWORD}(?:\s(?:{_PARTICLE}\s?)?{_CAPWORD}){{0,3}}"
_MONTH = (
    r"janvier|janv\.?|jan\.?|février|fevrier|févr\.?|fevr\.?|fév\.?|fev\.?|mars|avril|avr\.?"
    r"|mai|juin|juillet|juil\.?|août|aout|septembre|sept\.?|sep\.?|octobre|oct\.?"
    r"|novembre|nov\.?|décembre|decembre|déc\.?|dec\.?"
)
_WEEKDAY = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_DATE = (
    rf"(?i:(?:le\s+)?(?:(?:{_WEEKDAY})\s+)?)"
    rf"(?P<date>(?P<day>1er|\d{{1,2}})\s+(?P<month>(?i:{_MONTH}))(?:\s+(?P<year>\d{{4}}))?"
    r"|(?P<nday>\d{1,2})[/.](?P<nmonth>\d{1,2})[/.](?P<nyear>\d{4}|\d{2}))"
)
# An agency in parentheses: a capitalised word or acronym and up to 3 more words (AFP, Reuters,
# RIA Novosti, ATS-SDA, Presse canadienne).
_AGENCY = rf"(?P<agency>{_CAPWORD}(?:[ /][{_LETTER}][{_LETTER}'\-]*){{0,3}})"
_REGION = rf"(?:\s*\({_CAPWORD}(?:\s{_CAPWORD}){{0,2}}\)(?=\s*[,(]))?"

_DATELINE_STRONG = re.compile(
    rf"\s*(?P<place>{_PLACE}){_REGION}"
    rf"(?:,?\s+{_DATE})?"
    rf"(?:\s*\(\s*{_AGENCY}\s*\))?"
    rf"(?:(?P<slash>\s+/\s*|\s*/\s+)|\s*(?P<sep>[{_DASH}:])(?=\s|[{_UP}\"]))\s*"
)
# ``PARIS (AFP) Le président …``: the agency without a separator, only for known agencies.
_DATELINE_NOSEP = re.compile(
    rf"\s*(?P<place>{_PLACE}){_REGION}(?:,?\s+{_DATE})?\s*\(\s*{_AGENCY}\s*\)\s+(?=[{_UP}\"])"
)
_MONTHS = {
    "jan": 1, "fév": 2, "fev": 2, "mar": 3, "avr": 4, "mai": 5, "juin": 6, "juil": 7,
    "aoû": 8, "aou": 8, "sep": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
}  # fmt: skip


# -- dateline -----------------------------------------------------------------------------------


def _month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w[:4]) or _MONTHS.get(w[:3])


def _date_value(m: re.Match[str]) -> str | None:
    if m.group("date") is None:
        return None
    if m.group("nday"):
        day, month, year = int(m.group("nday")), int(m.group("nmonth")), m.group("nyear")
        if len(year) == 2:
            year = f"20{year}" if int(year) < 50 else f"19{year}"
    else:
        if not m.group("year"):
            return None
        day_s = m.group("day")
        day = 1 if day_s == "1er" else int(day_s)
        month = _month_number(m.group("month")) or 0
        year = m.group("year")
    try:
        return date(int(year), month, day).isoformat()
    except ValueError:
        return None


def _span(text: str, start: int, end: int) -> Span:
    return Span(text[start:end], start, end)


def _find_dateline(text: str, folded: str) -> Dateline | None:
    words = _words()
    m = _DATELINE_STRONG.match(folded)
    if m is not None:
        strong = m.group("slash") or m.group("agency") or m.group("date")
        if not strong and not _bare_dateline_ok(m, text, folded, words):
            m = None
        elif m.group("place") in words.openers:
            m = None  # Jeudi 5 mars - …, Mais / …
    if m is None:
        m = _DATELINE_NOSEP.match(folded)
        if m is None or _agency(m.group("agency")) is None:
            return None
    place_words = m.group("place").split()
    if any(w in words.rubrics for w in place_words):
        return None
    if "\n" in folded[m.start("place") : m.end("place")]:
        return None
    if m.group("agency") and "\n" in folded[m.start("place") : m.end("agency")]:
        return None
    agency = m.group("agency")
    if agency and _agency(agency) is None and not m.group("date") and not _all_caps(place_words):
        return None  # ``Marine Le Pen (RN) - …`` is a headline, not a dateline
    if m.end() >= len(text) or not _body_follows(folded, m.end()):
        return None
    end = m.end()
    dl = Dateline(
        text[m.start("place") : end],
        m.start("place"),
        end,
        place=_span(text, m.start("place"), m.end("place")),
    )
    if m.group("date"):
        ds, de = m.start("date"), m.end("date")
        dl.date = _span(text, ds, de)
        dl.date_value = _date_value(m)
    if m.group("agency"):
        dl.source = _span(text, m.start("agency"), m.end("agency"))
    return dl


def _bare_dateline_ok(m: re.Match[str], text: str, folded: str, words: _Words) -> bool:
    """``PLACE - Body``: all-caps place, or a one-word (``Alger – ``) place before an en/em dash."""
    if m.group("sep") != "-":
        return False
    parts = m.group("place").split()
    if _all_caps(parts):
        return True
    if text[m.start("sep")] == "-":
        return False  # a hyphen after a mixed-case name is too weak: ``Donald Trump - ``
    if len(parts) == 1 or (len(parts) == 2 and parts[0] in words.place_heads):
        # the rest of the line must read as a sentence, not as the rest of a headline
        line_end = folded.find("\n", m.end())
        line = folded[m.end() : line_end if line_end >= 0 else len(folded)].rstrip()
        return len(line.split()) >= 6 and line[-1:] in '.!?"'
    return False


def _all_caps(words: list[str]) -> bool:
    letters = [c for w in words for c in w if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _body_follows(folded: str, pos: int) -> bool:
    rest = folded[pos : pos + 2]
    return bool(rest) and (rest[0].isalnum() or rest[0] in "\"'(")


# -- quotes -------------------------------------------------------------------------------------


def _quote_roles(text: str) -> dict[int, bool]:
    """Offset of every quote mark -> True when it opens a quotation, False when it closes.

    Typographic marks say it themselves; a straight ``"`` is read from its neighbours (space
    before: opens; space or punctuation after: closes) and, when glued on both sides
    (``armée."Nous``, ``vie..."Damien``), as the opposite of the previous straight quote.
    """
    roles: dict[int, bool] = {}
    prev_straight: bool | None = None
    for q in _QUOTE_MARK.finditer(text):
        i, c = q.start(), q.group()
        if c in _OPENING:
            roles[i] = True
            continue
        if c in _CLOSING:
            roles[i] = False
            continue
        roles[i] = prev_straight = straight_quote_opens(text, i, prev_straight)
    return roles


# -- glued sentences ----------------------------------------------------------------------------

# Each glue pattern opens on a lookahead for the one character it can start with, which
# fails at once at almost every position of the text: the lookbehinds are only tried there.
# After a sentence end: ``jours.Au``, ``armée."Nous``, ``vie..."Damien``, ``?Le``, ``Israël".La``
_GLUE_PUNCT = re.compile(rf"(?=[.!?…])(?:(?<=\S)|(?<=\S )(?=[!?]))([.!?…]+)(\"{{0,2}})(?=[{_UP}])")
# After a closing quote, no punctuation: ``bloquent"Le``, ``Paris""Mounir``
_GLUE_QUOTE = re.compile(rf"(?=\")(?<=[{_LETTER}\d)])(\"{{1,2}})(?=[{_UP}])")
# A lowercase run glued to a capital: ``discussionsLes``, ``jourL'hypothèse``
_GLUE_CASE = re.compile(rf"(?=[{_UP}])(?<=[{_LO}]{{3}})")
# Digits glued to an opener: ``en 2019Le``
_GLUE_DIGIT = re.compile(rf"(?=[{_UP}])(?<=\d)")

_AFTER_WORD = re.compile(rf"[{_UP}][{_LO}]*(?:'[{_LO}]*)?")
_WORD_BEFORE = re.compile(rf"[{_LETTER}]+$")
_DOMAIN_TAIL = re.compile(r"\.[a-z]{2,4}\b")
_CAPITALISED = re.compile(rf"[{_UP}][{_LO}]{{2,}}")


def _after_word(folded: str, pos: int) -> str:
    m = _AFTER_WORD.match(folded, pos)
    return m.group() if m else ""


def _is_opener(word: str, openers: frozenset[str]) -> bool:
    if word in openers:
        return True
    if "'" in word:
        head = word[: word.index("'") + 1]
        return head in openers
    return False


def _token_at(folded: str, pos: int) -> str:
    """The whitespace-delimited run around ``pos``."""
    start = pos
    while start > 0 and not folded[start - 1].isspace():
        start -= 1
    end = pos
    n = len(folded)
    while end < n and not folded[end].isspace():
        end += 1
    return folded[start:end]


def _looks_like_address(token: str) -> bool:
    return "://" in token or "www." in token.lower() or "@" in token or token.startswith("#")


def _word_before(folded: str, pos: int) -> str:
    m = _WORD_BEFORE.search(folded, max(0, pos - 40), pos)
    return m.group() if m else ""


def _glue_points(folded: str, lo: int, roles: dict[int, bool]) -> tuple[list[int], list[int]]:
    """Glued sentence starts at or after ``lo`` (after end punctuation, after a closing quote,
    at a change of case, after digits), and those of them that follow a lowercase word with no
    punctuation at all (candidates for the end of a run-in subheading)."""
    words = _words()
    caseglue = _case_glue(folded, lo, words)
    points = {
        *_punct_glue(folded, lo, roles, words),
        *_quote_glue(folded, lo, roles, words),
        *caseglue,
        *_digit_glue(folded, lo, words),
    }
    return sorted(points), caseglue


def _punct_glue(folded: str, lo: int, roles: dict[int, bool], words: _Words) -> list[int]:
    """Sentence starts glued after end punctuation, past ``lo``: ``jours.Au``, ``?Le``,
    ``vie..."Damien`` (at the quotation mark when it opens a quotation)."""
    points = []
    for m in _GLUE_PUNCT.finditer(folded, lo):
        if _ends_no_sentence(folded, m, words):
            continue
        start = _start_after_punct(m, roles)
        if start > lo:
            points.append(start)
    return points


def _ends_no_sentence(folded: str, m: re.Match[str], words: _Words) -> bool:
    """Whether punctuation glued to a capital is no sentence end: initials and abbreviations
    (``J.Chirac``, ``U.S.A.``, ``M.Macron``, ``P...D``), an address, a domain (``Orange.Fr``,
    ``Elysee.fr``)."""
    before = _word_before(folded, m.start(1))
    if len(before) == 1 or (m.group(1) == "." and before in words.abbreviations):
        return True
    if _looks_like_address(_token_at(folded, m.start(1))):
        return True
    after = _after_word(folded, m.end())
    return bool(_DOMAIN_TAIL.match(folded, m.end() + len(after)))


def _start_after_punct(m: re.Match[str], roles: dict[int, bool]) -> int:
    """Where the sentence after glued end punctuation starts: at the first quotation mark after
    it that opens a quotation (``armée."Nous``), else after them all (``dit."Le`` where the
    mark closes one)."""
    qs = m.start(2)
    for k in range(len(m.group(2))):
        if roles.get(qs + k, True):
            return qs + k
    return m.end()


def _quote_glue(folded: str, lo: int, roles: dict[int, bool], words: _Words) -> list[int]:
    """Sentence starts glued after a closing quotation mark with no punctuation: at the second
    of two marks (``Paris""Mounir``), or after the mark when an opener or a capitalised word
    follows (``bloquent"Le``). A mark that opens a quotation glued to a word ends nothing."""
    points = []
    for m in _GLUE_QUOTE.finditer(folded, lo):
        qs, quotes = m.start(1), m.group(1)
        if _looks_like_address(_token_at(folded, qs)):
            continue
        if len(quotes) == 2:  # a quotation closes and the next one opens
            points.append(qs + 1)
            continue
        if roles.get(qs, True):
            continue
        after = _after_word(folded, m.end())
        if _is_opener(after, words.openers) or _CAPITALISED.fullmatch(after):
            points.append(m.end())
    return points


def _case_glue(folded: str, lo: int, words: _Words) -> list[int]:
    """Sentence starts where a lowercase run is glued to a capital (``discussionsLes``,
    ``jourL'hypothèse``). After a capitalised word only an opener (``RaffarinSi``,
    ``BusinessLa``; not ``ByteDance``, ``PlayStation``, ``FederalPress``); after a lowercase
    word, any capitalised word (``ansGardienne``). Never in an address or a brand of the
    lexicon (``easyJet``)."""
    points = []
    for m in _GLUE_CASE.finditer(folded, lo):
        pos = m.start()
        after = _after_word(folded, pos)
        before = _word_before(folded, pos)
        token = _token_at(folded, pos)
        if _looks_like_address(token):
            continue
        if before + after in words.brands or token.strip("\"'(),.;:!?") in words.brands:
            continue
        opener = len(after.rstrip("'")) >= 2 and _is_opener(after, words.openers)
        if opener or (not before[:1].isupper() and _CAPITALISED.match(after)):
            points.append(pos)
    return points


def _digit_glue(folded: str, lo: int, words: _Words) -> list[int]:
    """Sentence starts where an opener is glued to digits (``en 2019Le``), not in an address
    or in a token that does not start with a digit."""
    points = []
    for m in _GLUE_DIGIT.finditer(folded, lo):
        pos = m.start()
        after = _after_word(folded, pos)
        if len(after.rstrip("'")) < 2 or not _is_opener(after, words.openers):
            continue
        token = _token_at(folded, pos)
        if _looks_like_address(token) or not token[:1].isdigit():
            continue
        points.append(pos)
    return points


# -- source ---------------------------------------------------------------------------------------

_NAME = rf"{_CAPWORD}(?:\s(?:{_PARTICLE}\s?)?{_CAPWORD}){{0,3}}"
_NAMES = rf"(?P<name>{_NAME})(?:\s*(?:,|/|&|\set\s|\s-\s)\s*{_NAME})*"


@cache
def _closing_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Signature line, parenthesised credit and dash/prefix credit patterns, with the credit
    prefixes of the lexicon (``avec``, ``source`` …)."""
    words = sorted(_words().credit_prefixes, key=len, reverse=True)
    prefix = rf"(?P<prefix>(?i:{'|'.join(re.escape(w) for w in words)}))\s*:?\s+"
    signature = re.compile(rf"(?:[{_DASH}©]\s*|\(\s*)?(?:{prefix})?(?:©\s*)?{_NAMES}\s*\)?")
    paren = re.compile(rf"\(\s*(?:{prefix})?{_NAMES}\s*\)\s*\.?\s*$")
    tail = re.compile(rf"(?<=[.!?\"])\s*(?:[{_DASH}]\s*|{prefix}){_NAMES}\s*$")
    return signature, paren, tail


def _signature(text: str, folded: str, lo: int) -> tuple[Source, int] | None:
    """A short closing line naming the source: ``Bulletin Français``, ``(AFP)``, ``Avec AFP``."""
    end = len(folded.rstrip())
    line_start = folded.rfind("\n", 0, end) + 1
    if line_start <= lo or not folded[lo:line_start].strip():
        return None  # one line only: no separate signature
    while line_start < end and folded[line_start].isspace():
        line_start += 1
    line = folded[line_start:end]
    if not line or line[-1] in ".!?:;," or len(line.split()) > 5:
        return None
    m = _closing_patterns()[0].fullmatch(line)
    if m is None:
        return None
    if line.startswith("(") != line.endswith(")"):
        return None
    s, e = line_start + m.start("name"), line_start + m.end("name")
    raw = text[s:e]
    return Source(_agency(raw) or raw, s, e, "signature"), line_start


def _credit(text: str, folded: str, lo: int) -> tuple[Source, int] | None:
    """A credit closing the last sentence: ``… a-t-il dit (avec AFP).``, ``… a-t-il dit. - AFP``."""
    window_start = max(lo, len(folded) - 120)
    _, paren, tail = _closing_patterns()
    m = paren.search(folded, window_start)
    in_parens = m is not None
    if m is None:
        m = tail.search(folded, window_start)
        if m is None:
            return None
    s, e = m.start("name"), m.end("name")
    raw = text[s:e]
    name = _agency(raw)
    if name is None and not (in_parens and m.group("prefix")):
        # "(OMS)." ends many sentences and "Par Jean Dupont" is a byline: outside
        # "(avec …)", only a known agency is a credit
        return None
    cut = m.start()
    while cut < len(folded) and folded[cut].isspace():
        cut += 1
    return Source(name or raw, s, e, "credit"), cut


# -- sections -----------------------------------------------------------------------------------

# AFP run-in subheading: ``a-t-il dit. - Les Etats-Unis réagissent - Washington a …``
_RUN_IN = re.compile(
    rf"(?=[ \t]*[{_DASH}])"  # where a dash comes: the lookbehinds are tried only there
    rf"(?:(?<=[.!?\")])|(?<=[.!?\")]\s)|^)[ \t]*(?P<dash1>[{_DASH}])[ \t]*"
    rf"(?P<title>\"?[{_UP}\d](?:[^.!?\n{_DASH}]|(?<=\w)-(?=\w)){{0,80}}?)"
    rf"[ \t]+[{_DASH}][ \t]*(?=[\"{_UP}\d])",
    re.MULTILINE,
)
_SENT_END = re.compile(r"[.!?…]+[\"')\]]*(?=\s)|[.!?…]+[\"')\]]*$")
_LIST_ITEM = re.compile(rf"[{_DASH}•*·]|\d+[.)]\s")
_MAX_TITLE_WORDS = 20
_MAX_RUN_IN_WORDS = 15


@dataclass
class _Title:
    block: int  # where the heading starts (a leading dash included)
    title: Span
    body: int  # where the text after it starts


def _is_title_line(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 200 or len(s.split()) > _MAX_TITLE_WORDS:
        return False
    last = s.rstrip("\"')]")
    if not last or last[-1] in ".!?…:;,":
        return False
    first = s[0]
    if not (first.isupper() or first.isdigit() or first == '"'):
        return False
    return _LIST_ITEM.match(s) is None


def _line_titles(text: str, folded: str, lo: int, hi: int) -> list[_Title]:
    lines: list[tuple[int, int]] = []  # content lines (stripped) inside the body
    pos = lo
    while pos < hi:
        nl = folded.find("\n", pos, hi)
        end = hi if nl < 0 else nl
        s, e = pos, end
        while s < e and folded[s].isspace():
            s += 1
        while e > s and folded[e - 1].isspace():
            e -= 1
        if s < e:
            lines.append((s, e))
        pos = end + 1
    if len(lines) < 2:
        return []
    cand = [_is_title_line(folded[s:e]) for s, e in lines]
    out = []
    for i, (s, e) in enumerate(lines):
        if not cand[i] or i == len(lines) - 1:
            continue
        if cand[i + 1] or (i > 0 and cand[i - 1]):
            continue  # runs of short lines are lists or tables, not subheadings
        out.append(_Title(s, _span(text, s, e), lines[i + 1][0]))
    return out


def _run_in_titles(text: str, folded: str, lo: int, hi: int) -> list[_Title]:
    out = []
    for m in _RUN_IN.finditer(folded, lo, hi):
        title = m.group("title").rstrip()
        if not title or len(title.split()) > 12:
            continue
        if title.count('"') % 2:
            continue
        ts = m.start("title")
        body = m.end()
        out.append(_Title(m.start("dash1"), _span(text, ts, ts + len(title)), body))
    return out


def _glued_titles(
    text: str, folded: str, lo: int, caseglue: list[int], points: list[int]
) -> list[_Title]:
    """Subheadings of texts that lost their line breaks: ``…coûts.Un retrait n'est pas à l'ordre
    du jourL'hypothèse…``: a short unpunctuated run from a sentence start to a case glue."""
    out = []
    for g in caseglue:
        window = max(lo, g - 300)
        start = window
        for m in _SENT_END.finditer(folded, window, g):
            start = m.end()
        nl = folded.rfind("\n", window, g)
        start = max(start, nl + 1)
        start = max([start, *(p for p in points if p < g)])
        if start == window and window > lo:
            continue  # no sentence boundary within reach: too long to be a heading
        while start < g and folded[start].isspace():
            start += 1
        seg = folded[start:g]
        n_words = len(seg.split())
        if not 1 <= n_words <= _MAX_RUN_IN_WORDS:
            continue
        if not (seg[0].isupper() or seg[0].isdigit() or seg[0] == '"'):
            continue
        if seg.count('"') % 2:
            continue  # inside a quotation
        out.append(_Title(start, _span(text, start, g), g))
    return out


def _sections(
    folded: str, lo: int, hi: int, titles: list[_Title]
) -> tuple[list[Section], list[_Title]]:
    """Sections covering ``folded[lo:hi]`` cut at ``titles``, and the titles kept."""
    titles = sorted(titles, key=lambda t: t.block)
    kept: list[_Title] = []
    for t in titles:
        if t.block < lo or t.body > hi:
            continue
        if kept and t.block < kept[-1].body:
            continue
        kept.append(t)

    def trimmed(s: int, e: int) -> tuple[int, int]:
        while s < e and folded[s].isspace():
            s += 1
        while e > s and folded[e - 1].isspace():
            e -= 1
        return s, e

    out: list[Section] = []
    first_end = kept[0].block if kept else hi
    s, e = trimmed(lo, first_end)
    if s < e or not kept:
        out.append(Section(None, s, e))
    for i, t in enumerate(kept):
        nxt = kept[i + 1].block if i + 1 < len(kept) else hi
        s, e = trimmed(t.body, nxt)
        out.append(Section(t.title, s, e))
    return out, kept


# -- entry point --------------------------------------------------------------------------------


def analyze_layout(text: str, *, folded: str | None = None) -> Layout:
    """Dateline, source, sections and glued sentence starts of ``text`` (offsets into it);
    ``folded`` is ``typography(text)`` when the caller has it."""
    if folded is None:
        folded = typography(text)
    n = len(text)

    dateline = _find_dateline(text, folded)
    body_start = dateline.end if dateline else 0
    while body_start < n and text[body_start].isspace():
        body_start += 1

    source: Source | None = None
    body_end = n
    closing = _signature(text, folded, body_start) or _credit(text, folded, body_start)
    if closing is not None:
        source, body_end = closing
    if dateline is not None and dateline.source is not None:
        ds = dateline.source
        source = Source(_agency(ds.text) or ds.text, ds.start, ds.end, "dateline")

    roles = _quote_roles(text) if '"' in folded else {}
    points, caseglue = _glue_points(folded, body_start, roles)
    points = [p for p in points if p < body_end]
    caseglue = [p for p in caseglue if p < body_end]

    titles = _line_titles(text, folded, body_start, body_end)
    titles += _run_in_titles(text, folded, body_start, body_end)
    if caseglue:
        titles += _glued_titles(text, folded, body_start, caseglue, points)
    sections, kept = _sections(folded, body_start, body_end, titles)

    # Headings glued to their neighbours are cut points too: ``appliquer."- Extorsion -"C'est``.
    starts = set(points)
    for t in kept:
        starts.update(p for p in (t.block, t.body) if p > 0 and not folded[p - 1].isspace())
    starts = {p for p in starts if body_start < p < body_end}
    return Layout(dateline, source, sections, sorted(starts), body_start, body_end)
