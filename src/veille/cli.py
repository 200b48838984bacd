"""The ``veille`` command: thin typer commands over the library's functions.

Only this module turns exceptions into messages and exit codes, and configures logging.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import date as date_cls
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from veille import __version__
from veille.ingest import InputError, read_text
from veille.model import Dispatch

app = typer.Typer(
    help="veille: French news dispatches to structured knowledge "
    "(who said what, who did what to whom, where and when).",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise typer.BadParameter("use the form YYYY-MM-DD, e.g. 2016-12-23")
    try:
        date_cls.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value} is not a calendar date") from exc
    return value


@app.command()
def analyze(
    path: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full JSON document.")] = False,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date, YYYY-MM-DD.", callback=_check_date),
    ] = None,
) -> None:
    """Analyse one French dispatch: layout, entities, places, quantities, quotes, events."""
    from veille.pipeline import PipelineError
    from veille.pipeline import analyze as run

    try:
        raw = read_text(path)
    except InputError as exc:
        raise _fail(str(exc)) from None
    try:
        dispatch = run(raw.text, date=date)
    except PipelineError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(dispatch.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_summary(dispatch, out)


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
    if d.country_refs:
        refs = ", ".join(f"{r.text} ({r.country})" for r in d.country_refs)
        console.print(f"[bold]Nationality references[/]  {refs}")
    if d.quantities:
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


@app.command("eval")
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (see shared/eval/GUIDELINES.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    details: Annotated[
        Path | None, typer.Option(help="Write every miss and false positive here (JSONL).")
    ] = None,
    baseline: Annotated[
        str | None, typer.Option(help="Score a public system instead: textacy, textacy-stock.")
    ] = None,
    floors: Annotated[
        Path | None,
        typer.Option(help="JSON of minimum scores (eval/baseline.json); exit 1 below any."),
    ] = None,
) -> None:
    """Score veille (or a baseline) against gold annotations."""
    from veille.evaluate import check_floors, evaluate, format_report

    if not gold.is_file():
        raise _fail(f"{gold}: no such gold file")
    try:
        scores = evaluate(gold, baseline=baseline, details_path=details)
    except (ValueError, ImportError) as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(scores, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(format_report(scores))
    if floors is not None:
        try:
            wanted = json.loads(floors.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise _fail(f"{floors}: cannot read the floors: {exc}") from None
        failures = check_floors(scores, wanted.get("floors", wanted))
        for line in failures:
            err.print(f"[bold red]below floor:[/] {line}")
        if failures:
            raise typer.Exit(1)
        err.print(f"all {len(wanted.get('floors', wanted))} scores at or above their floors")


@app.command()
def bench(
    corpus: Annotated[
        Path, typer.Argument(help="A .txt file, a folder of .txt files, or a JSONL with 'text'.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    n: Annotated[
        int | None,
        typer.Option("--n", min=1, help="Measure N documents (the corpus is cycled if shorter)."),
    ] = None,
) -> None:
    """Throughput of the bare spaCy model and of the full veille pipeline (1 and 2 processes)."""
    from veille.bench import format_bench, load_corpus, run_bench
    from veille.pipeline import PipelineError

    try:
        texts = load_corpus(corpus, n)
        result = run_bench(texts)
    except (InputError, PipelineError) as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(format_bench(result))


if __name__ == "__main__":  # pragma: no cover
    app()
