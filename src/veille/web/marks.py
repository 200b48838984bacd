"""A document's text as HTML with its analysis marked in it (like displaCy, with quotes and
events too): entity mentions, quotes (their speaker and cue after them, linked to the
speaker's page), event triggers (CAMEO/PLOVER code, actors, recipients, modality), and the
layout (dateline, source, section titles). The text itself is every character as stored,
escaped; spans that overlap without nesting are closed and reopened so the HTML nests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

ENTITY_LABELS = {"PER": "personne", "ORG": "organisation", "LOC": "lieu", "MISC": "divers"}
MODALITIES = {
    "asserted": "affirmé",
    "negated": "nié",
    "future": "futur",
    "hypothetical": "hypothétique",
    "appeal": "appel",
    "reported": "rapporté",
}
QUOTE_TYPES = {
    "direct": "directe",
    "indirect": "indirecte",
    "mixed": "mixte",
    "according_to": "selon",
}
QUAD_CLASSES = {
    1: "coopération verbale",
    2: "coopération matérielle",
    3: "conflit verbal",
    4: "conflit matériel",
}


def entity_url(entity_id: str | None) -> str | None:
    """The page of an entity id (``PER:Vladimir Poutine``), its name encoded."""
    return None if not entity_id else "/entities/" + quote(entity_id, safe=":")


@dataclass(order=True)
class _Span:
    start: int
    neg_end: int  # longer spans open first, so they enclose the shorter ones
    rank: int
    open: str = field(compare=False)
    close: str = field(compare=False)
    after: str = field(compare=False, default="")

    @property
    def end(self) -> int:
        return -self.neg_end


def _tag(tag: str, attrs: dict[str, str | None]) -> str:
    parts = [tag] + [f'{k}="{escape(v)}"' for k, v in attrs.items() if v is not None]
    return "<" + " ".join(parts) + ">"


def render(text: str, spans: list[_Span]) -> Markup:
    """``text`` escaped, with ``spans`` opened and closed at their offsets, nested."""
    spans = sorted(s for s in spans if 0 <= s.start < s.end <= len(text))
    bounds = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[_Span] = []
    i = pos = 0
    for b in bounds:
        out.append(str(escape(text[pos:b])))
        pos = b
        if any(s.end == b for s in stack):
            reopen = []
            while any(s.end == b for s in stack):
                s = stack.pop()
                out.append(s.close)
                if s.end == b:
                    out.append(s.after)
                else:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(s.open)
                stack.append(s)
        while i < len(spans) and spans[i].start == b:
            out.append(spans[i].open)
            stack.append(spans[i])
            i += 1
    return Markup("".join(out))


def _entity_spans(analysis: dict[str, Any]) -> list[_Span]:
    spans = []
    for e in analysis.get("entities", []):
        attrs = {
            "class": f"ent ent-{e['type']}",
            "data-label": e["type"],
            "title": f"{e['name']} ({ENTITY_LABELS.get(e['type'], e['type'])})",
            "href": entity_url(f"{e['type']}:{e['name']}"),
        }
        for m in e.get("mentions", []):
            spans.append(_Span(m["start"], -m["end"], 3, _tag("a", attrs), "</a>"))
    return spans


def _quote_spans(analysis: dict[str, Any]) -> list[_Span]:
    types = {e["id"]: e["type"] for e in analysis.get("entities", [])}
    spans = []
    for q in analysis.get("quotes", []):
        speaker = q.get("speaker") or {}
        who = speaker.get("name") or "?"
        kind = QUOTE_TYPES.get(q["type"], q["type"])
        cue = (q.get("cue") or {}).get("text")
        title = f"Citation {kind} de {who}" + (f" ({cue})" if cue else "")
        attrs = {"class": "quote", "id": f"quote-{q['id']}", "title": title}
        url = (
            entity_url(f"{types[speaker['entity']]}:{who}")
            if speaker.get("entity") in types
            else None
        )
        label = str(escape(who)) if url is None else f'<a href="{escape(url)}">{escape(who)}</a>'
        after = f'<sup class="who">— {label}' + (f", {escape(cue)}" if cue else "") + "</sup>"
        spans.append(_Span(q["start"], -q["end"], 1, _tag("span", attrs), "</span>", after))
        if q.get("cue"):
            c = q["cue"]
            spans.append(_Span(c["start"], -c["end"], 4, '<span class="cue">', "</span>"))
    return spans


def _names(sides: list[dict[str, Any]]) -> str:
    return ", ".join(a.get("code") or a["name"] for a in sides) or "—"


def _event_spans(analysis: dict[str, Any]) -> list[_Span]:
    spans = []
    for v in analysis.get("events", []):
        cameo = v["cameo"]
        code = f"{cameo['code']} {v.get('plover') or ''}".strip()
        title = (
            f"{cameo['name']} ({code}) : {_names(v.get('actors', []))} → "
            f"{_names(v.get('recipients', []))} ; {MODALITIES.get(v['modality'], v['modality'])}"
        )
        attrs = {"class": f"event quad-{cameo.get('quad_class')}", "title": title}
        after = f'<sup class="code">{escape(code)}</sup>'
        t = v["trigger"]
        spans.append(_Span(t["start"], -t["end"], 2, _tag("span", attrs), "</span>", after))
    return spans


def _layout_spans(analysis: dict[str, Any]) -> list[_Span]:
    spans = []
    dateline = analysis.get("dateline")
    if dateline:
        spans.append(
            _Span(dateline["start"], -dateline["end"], 0, '<span class="dateline">', "</span>")
        )
    source = analysis.get("source")
    if source:
        spans.append(_Span(source["start"], -source["end"], 0, '<span class="source">', "</span>"))
    for s in analysis.get("sections", []):
        if s.get("title"):
            t = s["title"]
            spans.append(_Span(t["start"], -t["end"], 0, '<strong class="section">', "</strong>"))
    return spans


def marked_text(analysis: dict[str, Any]) -> Markup:
    """The document's text with its layout, entities, quotes and events marked."""
    spans = (
        _layout_spans(analysis)
        + _quote_spans(analysis)
        + _event_spans(analysis)
        + _entity_spans(analysis)
    )
    return render(analysis.get("text", ""), spans)


def snippet(value: str | None) -> Markup:
    """A search snippet (matches between :data:`veille.store.queries.MARK`) as HTML: every
    piece of stored text escaped, the matches in ``<mark>``."""
    from veille.store.queries import MARK

    pieces = [p.split(MARK[1]) for p in (value or "").split(MARK[0])]
    out = [str(escape(pieces[0][0]))]
    for piece in pieces[1:]:
        out.append("<mark>" + str(escape(piece[0])) + "</mark>")
        out.extend(str(escape(rest)) for rest in piece[1:])
    return Markup("".join(out))
