"""Terminal display of analysed dispatches and stored events (never inside a component).

:func:`print_summary` is what ``veille analyze`` shows; :func:`format_event` and
:func:`format_event_row` give the one-line form of an event, analysed or stored (the same
words for both). Text from the input is cleaned before it reaches the terminal
(:func:`strip_controls`, :func:`escape`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape as _markup_escape
from rich.table import Table

from veille.model import Dispatch, Event, Quote

# An escape sequence whole (CSI ``ESC [ … m``, OSC ``ESC ] … BEL``, or ESC and one char),
# then any other C0/C1 control but tab and line feed.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    """``text`` without terminal control characters (escape sequences, bells, backspaces):
    stored titles and texts come from feeds and pages, and must not drive the terminal."""
    return _CONTROLS.sub("", _ANSI.sub("", text))


def escape(text: str) -> str:
    """Text made safe to print: no control characters (a title from a feed must not drive
    the terminal), no rich markup."""
    return _markup_escape(strip_controls(text))


def _shorten(text: str, width: int = 72) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# ── events on one line ───────────────────────────────────────────────────────────────────


def format_event(event: Event, dispatch: object | None = None) -> str:
    """One readable line: ``2016-12-23 Moscou — RUSGOV (Vladimir Poutine) → SYR: 0256 appeal
    to de-escalate [REQUEST]``. The date is the event's, else the dispatch's."""
    where = ""
    if event.location is not None:
        where = event.location.mention.text if event.location.mention else event.location.name
    return _event_line(
        date=event.date or getattr(dispatch, "date", None),
        where=where,
        actors=[(x.code, x.name) for x in event.actors],
        recipients=[(x.code, x.name) for x in event.recipients],
        code=event.cameo.code,
        name=event.cameo.name,
        plover=event.plover,
        modality=event.modality,
        trigger=event.trigger.text,
    )


def format_event_row(row: Mapping[str, Any]) -> str:
    """A stored event (a row of :func:`veille.store.queries.events`) in the words of
    :func:`format_event`."""
    place = row["location"]
    return _event_line(
        date=row["date"],
        where=place["name"] if place else "",
        actors=[(a["code"], a["name"]) for a in row["actors"]],
        recipients=[(a["code"], a["name"]) for a in row["recipients"]],
        code=row["cameo_code"],
        name=row["cameo_name"] or "",
        plover=row["plover"],
        modality=row["modality"],
        trigger=row["trigger"],
    )


def _event_line(
    *,
    date: str | None,
    where: str,
    actors: list[tuple[str | None, str]],
    recipients: list[tuple[str | None, str]],
    code: str,
    name: str,
    plover: str | None,
    modality: str,
    trigger: str,
) -> str:
    lhs = f"{date or '????-??-??'} {where} — " if where else f"{date or '????-??-??'} — "
    rhs = f" → {_side(recipients)}" if recipients else ""
    extra = "" if modality == "asserted" else f" ({modality})"
    return f"{lhs}{_side(actors)}{rhs}: {code} {name.lower()} [{plover or '-'}]{extra} «{trigger}»"


def _side(actors: Iterable[tuple[str | None, str]]) -> str:
    """``RUSGOV (Vladimir Poutine), SYR``: each actor's code, with its name when it says more."""
    parts = []
    for code, name in actors:
        code = code or "?"
        parts.append(f"{code} ({name})" if name and name != code else code)
    return ", ".join(parts) or "?"


# ── the summary of one dispatch ──────────────────────────────────────────────────────────


def print_summary(d: Dispatch, console: Console) -> None:
    """The readable summary of one analysed dispatch."""
    console.rule(f"[bold]veille[/] · {d.id}")
    if d.dateline:
        place = d.dateline.place.text if d.dateline.place else "?"
        extra = f" · {d.dateline.date.text}" if d.dateline.date else ""
        console.print(f"[bold]Dateline[/]  {place}{extra}   [dim]{d.dateline.text.strip()!r}[/]")
    if d.source:
        console.print(f"[bold]Source[/]    {d.source.name} [dim]({d.source.kind})[/]")
    if d.date:
        console.print(f"[bold]Date[/]      {d.date}")
    titled = [s for s in d.sections if s.title]
    console.print(f"[bold]Sections[/]  {len(d.sections)}")
    for s in titled:
        console.print(f"  § {s.title.text}")  # type: ignore[union-attr]
    _print_entities(d, console)
    if d.country_refs:
        refs = ", ".join(f"{r.text} ({r.country})" for r in d.country_refs)
        console.print(f"[bold]Nationality references[/]  {refs}")
    _print_quantities(d, console)
    _print_quotes(d, console)
    _print_events(d, console)


def _print_entities(d: Dispatch, console: Console) -> None:
    """One table per entity type: name, mentions, roles, place or country, other forms."""
    places = {p.entity: p for p in d.places}
    for etype, label in (
        ("PER", "People"),
        ("ORG", "Organisations"),
        ("LOC", "Places"),
        ("MISC", "Other names"),
    ):
        ents = [e for e in d.entities if e.type == etype]
        if not ents:
            continue
        table = Table(title=label, title_justify="left", show_header=True, box=None)
        table.add_column("name", style="bold")
        table.add_column("mentions", justify="right")
        table.add_column("details")
        for e in ents:
            details = []
            if e.roles:
                details.append("; ".join(r.text for r in e.roles))
            p = places.get(e.id)
            if p:
                details.append(f"{p.name} ({p.kind}, {p.country or '—'}) {p.lat:.2f}, {p.lon:.2f}")
            elif e.country:
                details.append(e.country)
            forms = sorted({m.text for m in e.mentions} - {e.name})
            if forms:
                details.append("also: " + ", ".join(forms))
            table.add_row(e.name, str(len(e.mentions)), " · ".join(details))
        console.print(table)


def _print_quantities(d: Dispatch, console: Console) -> None:
    if not d.quantities:
        return
    table = Table(title="Quantities", title_justify="left", box=None)
    table.add_column("as written")
    table.add_column("value", justify="right")
    table.add_column("counts")
    for q in d.quantities:
        value = f"{q.value:,.10g}".replace(",", " ")
        if q.unit:
            value += f" {q.unit}"
        if q.approximate:
            value = "≈ " + value
        table.add_row(q.text, value, q.counts or "")
    console.print(table)


def _print_quotes(d: Dispatch, console: Console) -> None:
    """Quotes grouped by speaker (in order of first quote): type, content shortened, cue."""
    if not d.quotes:
        return
    by_speaker: dict[str, list[Quote]] = {}
    for q in d.quotes:
        by_speaker.setdefault(q.speaker.name if q.speaker else "(no speaker)", []).append(q)
    console.print(f"[bold]Quotes[/]  {len(d.quotes)}")
    for speaker, quotes in by_speaker.items():
        console.print(f"  [bold cyan]{escape(speaker)}[/]  [dim]{len(quotes)}[/]", soft_wrap=True)
        for q in quotes:
            cue = f"  [dim]({escape(q.cue.text)})[/]" if q.cue else ""
            via = f" [dim]via {escape(q.via.name)}[/]" if q.via else ""
            flag = " [dim](reported)[/]" if q.reported else ""
            content = escape(_shorten(q.content))
            # only words the speaker said verbatim go between guillemets
            shown = f"« {content} »" if q.type in ("direct", "mixed") else content
            console.print(f"    {q.type:<12} {shown}{cue}{via}{flag}", soft_wrap=True)


def _print_events(d: Dispatch, console: Console) -> None:
    """Events as readable lines: date, place — actors → recipients: code name [PLOVER]."""
    if not d.events:
        return
    console.print(f"[bold]Events[/]  {len(d.events)}")
    for e in d.events:
        console.print("  " + escape(format_event(e, d)), soft_wrap=True)


# ── stories (veille stories) ─────────────────────────────────────────────────────────────


def print_stories(rows: list[Mapping[str, Any]], console: Console) -> None:
    """The stories of :func:`veille.store.queries.stories` as a table, best first."""
    table = Table(box=None)
    for name, justify, width in (
        ("id", "right", 4),
        ("score", "right", 5),
        ("art.", "right", 4),
        ("src.", "right", 4),
        ("first", "left", 10),
        ("last", "left", 10),
        ("headline", "left", 20),
    ):
        # one line a story: the headline takes what the numbers leave, cut with an ellipsis
        fit = (
            {"overflow": "ellipsis", "max_width": max(20, console.width - 54)}
            if name == "headline"
            else {}
        )
        table.add_column(
            name,
            justify=justify,
            no_wrap=True,
            min_width=width,
            **fit,  # type: ignore[arg-type]
        )
    for s in rows:
        dup = f"[dim]+{s['duplicates']}d[/] " if s["duplicates"] else ""
        table.add_row(
            str(s["id"]),
            f"{s['score']:.2f}" if s["score"] is not None else "—",
            f"{dup}{s['articles']:,}",
            f"{s['sources']:,}",
            escape(s["first_seen"] or "—"),
            escape(s["last_seen"] or "—"),
            escape(_shorten(s["headline"] or "(sans titre)", 90)),
        )
    console.print(table)


def print_story(s: Mapping[str, Any], console: Console) -> None:
    """One story of :func:`veille.store.queries.story`: headline, counts, its documents,
    entities, quotes by speaker, events and places."""
    days = escape(f"{s['first_seen'] or '?'} → {s['last_seen'] or '?'}")
    console.print(f"[bold]{escape(s['headline'] or '(sans titre)')}[/]", soft_wrap=True)
    console.print(
        f"[dim]story {s['id']} · {days} · {s['articles']:,} articles · {s['sources']:,} "
        f"sources · {s['duplicates']:,} near-duplicates[/]",
        soft_wrap=True,
    )
    _section(console, "documents")
    for d in s["documents"]:
        dup = " [dim](near-duplicate)[/]" if d["duplicate_of"] else ""
        line = f"{d['date'] or '????-??-??'}  {_shorten(d['title'] or d['id'], 90)}"
        console.print(f"  {escape(line)}  [dim]{escape(d['id'])}[/]{dup}", soft_wrap=True)
    if s["entities"]:
        _section(console, "entities")
        for e in s["entities"]:
            what = f"{e['name']} ({e['type']})"
            console.print(f"  {escape(what)}  [dim]{e['articles']} art. · {e['mentions']} ment.[/]")
    _print_story_quotes(s["quotes"], console)
    if s["events"]:
        _section(console, "events")
        for v in s["events"]:
            side = " → ".join(x for x in (v["actor"], v["recipient"]) if x) or "?"
            line = f"{v['date'] or '????-??-??'}  {side}: {v['cameo_code']} {v['cameo_name'] or ''}"
            counts = f"{v['num_mentions']} mentions · {v['num_articles']} articles"
            console.print(f"  {escape(line)}  [dim]{counts}[/]", soft_wrap=True)
    if s["places"]:
        _section(console, "places")
        for p in s["places"]:
            console.print(
                f"  {escape(p['name'])} [dim]{escape(p['country'] or '—')} · "
                f"{p['mentions']} ment. · {p['articles']} art.[/]",
                soft_wrap=True,
            )


def _section(console: Console, title: str) -> None:
    console.print(f"\n[bold underline]{title}[/]")


def _print_story_quotes(groups: list[Mapping[str, Any]], console: Console) -> None:
    if not groups:
        return
    _section(console, "quotes")
    for g in groups:
        console.print(
            f"  [bold cyan]{escape(g['speaker'] or '?')}[/]  [dim]{g['count']}[/]", soft_wrap=True
        )
        for q in g["quotes"][:5]:
            cue = f" [dim]({escape(q['cue'])})[/]" if q["cue"] else ""
            console.print(f"    « {escape(_shorten(q['content'], 110))} »{cue}", soft_wrap=True)
