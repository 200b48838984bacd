"""The ``veille`` command: thin typer commands over the library's functions.

Only this module turns exceptions into messages and exit codes, and configures logging.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import sqlite3
import sys
from datetime import date as date_cls
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from veille import __version__
from veille.ingest import InputError, read_text
from veille.render import escape as _escape
from veille.render import strip_controls
from veille.store.queries import (
    MAX_LIMIT,
    MAX_PATTERN_CHARS,
    MAX_PREFIX_TERMS,
    MAX_QUERY_CHARS,
    MAX_TERMS,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress

    from veille.ingest.corpus import IngestReport
    from veille.settings import Settings

app = typer.Typer(
    help="veille: French news dispatches to structured knowledge "
    "(who said what, who did what to whom, where and when).",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on one line (never wrapped at the terminal width, so a long
    path stays whole and greppable) and return the exit to raise."""
    err.print(
        f"[bold red]error:[/] {_escape(_one_line(message))}",
        markup=True,
        highlight=False,
        soft_wrap=True,
    )
    return typer.Exit(code)


def _one_line(text: str) -> str:
    """``text`` on one line: control characters removed, line breaks and runs of spaces
    turned into one space."""
    return " ".join(strip_controls(text).split())


def _version(value: bool) -> None:
    if value:
        out.print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="A TOML file of settings (default $VEILLE_CONFIG, else ./veille.toml if "
            "present); flags override it. See veille config.",
        ),
    ] = None,
) -> None:
    ctx.obj = {"config": config}
    handler = logging.StreamHandler()
    handler.setFormatter(_LogLine("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, handlers=[handler])
    # SIGTERM stops a command as Ctrl-C does: cleanly (workers ended, batches committed).
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


class _LogLine(logging.Formatter):
    """Log messages on one line without control characters: they quote paths, titles and
    reasons taken from the input (a traceback, shown with --verbose, keeps its lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        return _one_line(super().formatMessage(record))


def _settings(ctx: typer.Context, **flags: Any) -> Settings:
    """The effective settings: defaults, then the config file, then ``flags`` (those given);
    a wrong config file or flag is one line and exit code 2."""
    from veille.settings import SettingsError, load_settings

    config = (ctx.find_root().obj or {}).get("config")
    try:
        return load_settings(config, flags=flags)
    except SettingsError as exc:
        raise _fail(str(exc), 2) from None


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
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full JSON document.")] = False,
    date: Annotated[
        str | None,
        typer.Option(help="Publication date, YYYY-MM-DD.", callback=_check_date),
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option("--max-bytes", min=1, help="Refuse a larger input (default 10 MB)."),
    ] = None,
) -> None:
    """Analyse one French dispatch: layout, entities, places, quantities, quotes, events."""
    from veille.ingest import failure_reason
    from veille.pipeline import PipelineError
    from veille.pipeline import analyze as run
    from veille.render import print_summary

    settings = _settings(ctx, max_bytes=max_bytes)
    try:
        raw = read_text(path, max_bytes=settings.max_bytes)
    except InputError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # whatever the input, one line, never a traceback
        logging.getLogger(__name__).info("reading %r failed", path, exc_info=True)
        raise _fail(f"{path}: {failure_reason(exc)}") from None
    try:
        dispatch = run(raw.text, date=date, settings=settings)
    except PipelineError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # a bug in veille: one line here, the traceback with -v
        logging.getLogger(__name__).info("analysis of %r failed", path, exc_info=True)
        raise _fail(
            f"{path}: the analysis failed ({type(exc).__name__}: {exc}): this is a bug in "
            "veille, please report it with the input (-v shows the traceback)"
        ) from None
    if as_json:
        sys.stdout.write(json.dumps(dispatch.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_summary(dispatch, out)


@app.command("eval")
def eval_(
    gold: Annotated[
        list[Path],
        typer.Argument(help="Gold JSONL files (see shared/eval/GUIDELINES.md), side by side."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the scores as JSON ({path: scores} for several).")
    ] = False,
    details: Annotated[
        Path | None, typer.Option(
            help="Write every miss and false positive of the FIRST gold file here (JSONL): "
            "the others are scored, never shown miss by miss."
        )
    ] = None,
    baseline: Annotated[
        str | None, typer.Option(help="Score a public system instead: textacy, textacy-stock.")
    ] = None,
    floors: Annotated[
        Path | None,
        typer.Option(
            help="JSON of minimum scores (eval/baseline.json) for the first gold file, or of "
            'floors by file name ({"dev.jsonl": {...}, "check.jsonl": {...}}); exit 1 below any.'
        ),
    ] = None,
) -> None:
    """Score veille (or a baseline) against gold annotations, several files side by side."""
    from veille.evaluation import check_floors, evaluate_many, floors_by_file, format_report

    for path in gold:
        if not path.is_file():
            raise _fail(f"{path}: no such gold file")
    try:
        results = evaluate_many(gold, baseline=baseline, details_path=details)
    except (ValueError, ImportError) as exc:
        raise _fail(str(exc)) from None
    shown = next(iter(results.values())) if len(results) == 1 else results
    if as_json:
        sys.stdout.write(json.dumps(shown, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(format_report(shown))
    if floors is None:
        return
    try:
        gates = floors_by_file(json.loads(floors.read_text(encoding="utf-8")), list(results))
    except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        raise _fail(f"{floors}: cannot read the floors: {exc}") from None
    failed = False
    for name, table in gates.items():
        where = f"{_escape(name)}: " if len(results) > 1 else ""
        failures = check_floors(results[name], table)
        for line in failures:
            err.print(f"[bold red]below floor:[/] {where}{line}", soft_wrap=True)
        if not failures:
            err.print(f"{where}all {len(table)} scores at or above their floors", soft_wrap=True)
        failed = failed or bool(failures)
    if failed:
        raise typer.Exit(1)


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
    lengths: Annotated[
        bool,
        typer.Option(
            "--lengths",
            help="Length scaling instead: time per 1,000 characters on documents of 2 kB, "
            "20 kB, 200 kB and 1 MB built from the corpus (or the --length values).",
        ),
    ] = False,
    length: Annotated[
        list[int] | None,
        typer.Option("--length", min=100, max=10_000_000, help="A document length for --lengths."),
    ] = None,
) -> None:
    """Throughput of the bare spaCy model and of the full veille pipeline (1 and 2
    processes), or with --lengths how the cost grows with the length of a document."""
    from veille.bench import (
        LENGTHS,
        format_bench,
        format_length_bench,
        load_corpus,
        run_bench,
        run_length_bench,
    )
    from veille.pipeline import PipelineError

    try:
        texts = load_corpus(corpus, n)
        if lengths or length:
            result = run_length_bench(texts, lengths=length or LENGTHS)
        else:
            result = run_bench(texts)
    except (InputError, PipelineError, ValueError) as exc:
        raise _fail(str(exc)) from None
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        out.print(format_length_bench(result) if lengths or length else format_bench(result))


# ── corpus: ingest into a store and query it ─────────────────────────────────────────────

DbOption = Annotated[
    Path,
    typer.Option(
        "--db", envvar="VEILLE_DB", help="The corpus database (default ./veille.db, or $VEILLE_DB)."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
SinceOption = Annotated[
    str | None, typer.Option(help="From this date on, YYYY-MM-DD.", callback=_check_date)
]
UntilOption = Annotated[
    str | None, typer.Option(help="Up to this date, YYYY-MM-DD.", callback=_check_date)
]
DEFAULT_DB = Path("veille.db")


def _print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _read_db(db: Path) -> sqlite3.Connection:
    from veille.store import StoreError, open_read

    try:
        return open_read(db)
    except StoreError as exc:
        raise _fail(str(exc)) from None


def _query(db: Path, run: Callable[..., Any], **kwargs: Any) -> Any:
    """``run(connection, **kwargs)`` on the database ``db`` opened read-only; what the user
    asked wrong (a StoreError) or a file SQLite cannot query is one line and exit code 1."""
    from veille.store import StoreError

    conn = _read_db(db)
    try:
        return run(conn, **kwargs)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except sqlite3.Error as exc:  # another program's database, a damaged file
        raise _fail(f"{db}: cannot query it, not a veille database or damaged: {exc}") from None
    finally:
        conn.close()


DatasetOption = Annotated[
    Path | None,
    typer.Option(
        "--dataset",
        help="Query a Parquet dataset written by veille batch (with DuckDB, in place) "
        "instead of --db.",
    ),
]


def _query_any(db: Path, dataset: Path | None, name: str, **kwargs: Any) -> Any:
    """The query ``name`` of :mod:`veille.store.queries` on ``db``, or of
    :mod:`veille.store.dataset` on ``dataset`` when given."""
    if dataset is None:
        from veille.store import queries

        return _query(db, getattr(queries, name), **kwargs)
    from veille.store import StoreError
    from veille.store import dataset as ds

    try:
        con = ds.open_dataset(dataset)
        try:
            if name == "stats":
                return ds.stats(con, dataset)
            return getattr(ds, name)(con, **kwargs)
        finally:
            con.close()
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # a damaged file: one line, the traceback with -v
        logging.getLogger(__name__).info("dataset query failed", exc_info=True)
        raise _fail(f"{dataset}: cannot query the dataset ({type(exc).__name__}: {exc})") from None


def _highlight(snippet: str) -> str:
    """A snippet with its matches in bold (each piece cleaned before the marks become
    markup, so an escape sequence cut by a mark cannot eat it)."""
    from veille.store.queries import MARK

    pieces = [p.split(MARK[1]) for p in snippet.split(MARK[0])]
    out = [_escape(pieces[0][0])]
    for piece in pieces[1:]:
        out.append("[bold yellow]" + _escape(piece[0]) + "[/]")
        out.extend(_escape(rest) for rest in piece[1:])
    return "".join(out)


def _ingest_progress() -> tuple[Progress | None, Callable[[IngestReport], None]]:
    """The ingest's progress bar (on a terminal only) and the callback that updates it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if not err.is_terminal:
        return None, lambda r: None
    progress = Progress(
        TextColumn("[bold]ingest[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed:,.0f} analysed · {task.fields[skipped]:,} skipped"),
        TextColumn("· {task.fields[failed]:,} failed · {task.fields[rate]:.1f} docs/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("ingest", total=None, skipped=0, failed=0, rate=0.0)

    def on_progress(r: IngestReport) -> None:
        progress.update(task, completed=r.analysed, skipped=r.skipped, failed=r.failed, rate=r.rate)

    return progress, on_progress


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files (.txt .html RSS/Atom .jsonl .csv), folders (recursively), "
            "or - for JSON Lines on standard input."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    workers: Annotated[
        int | None,
        typer.Option("--workers", "-w", min=1, help="Processes analysing documents (default 1)."),
    ] = None,
    reanalyze: Annotated[
        bool,
        typer.Option(
            "--reanalyze",
            help="Analyse again the stored documents whose pipeline version differs from the "
            "current one: those in PATHS, or all of them when no PATH is given.",
        ),
    ] = False,
    batch: Annotated[
        int | None, typer.Option(min=1, help="Documents committed per transaction (default 64).")
    ] = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(min=1, help="Refuse a larger document, file or line (default 10 MB)."),
    ] = None,
    busy_timeout: Annotated[
        float | None,
        typer.Option(min=0, help="Seconds to wait for another writer to finish (default 30)."),
    ] = None,
) -> None:
    """Analyse documents and store them with all their results in the corpus database.

    Documents already stored (same content) are skipped, so running it again adds nothing
    and finishes an interrupted ingest. An unreadable document is recorded (veille errors)
    and the others go on. Exit code 1 if any document failed.
    """
    from veille.ingest.corpus import ingest as run_ingest
    from veille.pipeline import PipelineError
    from veille.store import StoreError

    if not paths and not reanalyze:
        raise _fail("give files or folders to ingest (or - for JSON Lines on stdin)", 2)
    flags = {"workers": workers, "commit_batch": batch, "max_bytes": max_bytes}
    settings = _settings(ctx, busy_timeout=busy_timeout, **flags)
    progress, on_progress = _ingest_progress()
    try:
        if progress is not None:
            progress.start()
        report = run_ingest(
            paths or [],
            db,
            settings=settings,
            reanalyze=reanalyze,
            on_progress=on_progress,
        )
    except KeyboardInterrupt:
        raise _fail(
            "interrupted: the batches committed are stored; run the same command to finish", 130
        ) from None
    except (StoreError, PipelineError) as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # a bug in veille: one line here, the traceback with -v
        logging.getLogger(__name__).info("ingest failed", exc_info=True)
        raise _fail(
            f"the ingest stopped ({type(exc).__name__}: {exc}): the batches committed are "
            "stored; this is a bug in veille, please report it (-v shows the traceback)"
        ) from None
    finally:
        if progress is not None:
            progress.stop()
    _report_ingest(report)


def _report_ingest(report: IngestReport) -> None:
    """The summary line on stdout, the speed on stderr; exit code 1 if any document failed."""
    out.print(summary_line(report), soft_wrap=True)
    if report.analysed:
        err.print(
            f"[dim]{report.analysed:,} documents analysed in {report.seconds:.1f} s "
            f"({report.rate:.1f} docs/s, {report.startup_seconds:.1f} s of it until the first "
            "result: model loading)[/]",
            soft_wrap=True,
        )
    if report.failed:
        raise typer.Exit(1)


def summary_line(report: IngestReport) -> str:
    """``1,204 ingested, 3 skipped as duplicates, 2 failed: see veille errors``."""
    parts = [f"{report.ingested:,} ingested"]
    if report.reanalyzed:
        parts.append(f"{report.reanalyzed:,} re-analysed")
    parts.append(f"{report.skipped:,} skipped as duplicates")
    parts.append(f"{report.failed:,} failed" + (": see veille errors" if report.failed else ""))
    return ", ".join(parts)


QUERY_HELP = (
    'Words to find, all of them (accents and case ignored); "a phrase"; OR between two '
    "words for either; NOT word or -word to exclude; prefix* (2 letters at least). "
    f"At most {MAX_QUERY_CHARS} characters, {MAX_TERMS} terms, {MAX_PREFIX_TERMS} prefixes."
)
FtsOption = Annotated[
    bool,
    typer.Option(
        "--fts",
        help="For experts: the query is a raw SQLite FTS5 expression (NEAR, column filters, "
        f"^), at most {MAX_QUERY_CHARS} characters and {MAX_PREFIX_TERMS} *.",
    ),
]


def _limit_option(what: str) -> Any:
    """``--limit``, bounded: an SQLite integer overflowed past 2**63."""
    return typer.Option(min=1, max=MAX_LIMIT, help=f"At most this many {what}.")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help=QUERY_HELP, show_default=False)],
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, _limit_option("documents")] = 20,
    fts: FtsOption = False,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """Full-text search of the corpus: matching documents with highlighted snippets."""
    filters = {"since": since, "until": until, "limit": limit, "fts": fts}
    hits = _query_any(db, dataset, "search", query=query, **filters)
    if as_json:
        _print_json(hits)
        return
    if not hits:
        err.print("no document matches", soft_wrap=True)
        return
    for h in hits:
        date = _escape(h["date"] or "????-??-??")
        head = f"[bold]{date}[/]  {_escape(h['title'] or h['id'])}"
        if h["source"]:
            head += f"  [dim]{_escape(h['source'])}[/]"
        out.print(head, soft_wrap=True)
        out.print("  " + _highlight(h["snippet"] or "").replace("\n", " "), soft_wrap=True)
        where = _escape(f"{h['id']} · {h['url'] or h['path'] or ''}")
        out.print(f"  [dim]{where}[/]", soft_wrap=True)


@app.command()
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option(
            help=f"Who said it: a name or part of one (Poutine), ≤ {MAX_PATTERN_CHARS} characters."
        ),
    ] = None,
    about: Annotated[
        str | None, typer.Option(help="Words in the quote, as in veille search.")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, _limit_option("quotes")] = 50,
    fts: FtsOption = False,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """Quotes stored in the corpus, newest first."""
    filters = {"speaker": speaker, "about": about, "since": since, "until": until}
    rows = _query_any(db, dataset, "quotes", limit=limit, fts=fts, **filters)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        err.print("no quote matches", soft_wrap=True)
        return
    for q in rows:
        date, who = _escape(q["date"] or "????-??-??"), _escape(q["speaker"] or "?")
        how = _escape(q["type"] + (", " + q["cue"] if q["cue"] else ""))
        out.print(f"[bold]{date}[/]  [bold cyan]{who}[/] [dim]({how})[/]", soft_wrap=True)
        out.print(f"  « {_escape(q['content'])} »", soft_wrap=True)


@app.command()
def entities(
    type_: Annotated[str | None, typer.Option("--type", help="PER, ORG, LOC or MISC.")] = None,
    top: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="How many.")] = 20,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """The most mentioned entities, with counts of documents, mentions and quotes."""
    if type_ is not None and type_.upper() not in ("PER", "ORG", "LOC", "MISC"):
        raise typer.BadParameter("use PER, ORG, LOC or MISC", param_hint="--type")
    rows = _query_any(db, dataset, "entities", type=type_, top=top)
    if as_json:
        _print_json(rows)
        return
    _print_table(
        ["name", "type", "country", "documents>", "mentions>", "quotes>"],
        [
            [r["name"], r["type"], r["country"] or "", r["documents"], r["mentions"], r["quotes"]]
            for r in rows
        ],
    )


def _print_table(columns: list[str], rows: list[list[object]]) -> None:
    """A plain table; a column named ``x>`` is right-aligned, numbers get thousands commas."""
    table = Table(box=None)
    for col in columns:
        table.add_column(col.rstrip(">"), justify="right" if col.endswith(">") else "left")
    for row in rows:
        table.add_row(*(f"{v:,}" if isinstance(v, int) else _escape(str(v)) for v in row))
    out.print(table)


@app.command()
def places(
    country: Annotated[
        str | None, typer.Option(help="Only places in this country (ISO code: SY, FR).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="How many.")] = 50,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """Places named in the corpus, with coordinates and mention counts."""
    rows = _query_any(db, dataset, "places", country=country, top=top)
    if as_json:
        _print_json(rows)
        return
    _print_table(
        ["place", "country", "kind", "lat, lon>", "documents>", "mentions>"],
        [
            [
                *(r["name"], r["country"] or "—", r["kind"]),
                *(f"{r['lat']:.2f}, {r['lon']:.2f}", r["documents"], r["mentions"]),
            ]
            for r in rows
        ],
    )


@app.command()
def events(
    actor: Annotated[
        str | None,
        typer.Option(
            help="Who did it: a code in capitals (RUS, RUSGOV, IGO) or a name, "
            f"≤ {MAX_PATTERN_CHARS} characters."
        ),
    ] = None,
    recipient: Annotated[
        str | None, typer.Option(help="To whom: a code in capitals (SYR) or a name.")
    ] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root code, 01 to 20 (19: fight).")] = None,
    plover: Annotated[
        str | None, typer.Option(help="PLOVER category (ASSAULT, CONSULT, REQUEST…).")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, _limit_option("events")] = 50,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """Events in the corpus, newest first: each once however many articles report it, with
    its counts of mentions, sources and articles."""
    from veille.render import format_event_row

    if root is not None and not (root.isdigit() and 1 <= int(root) <= 20):
        raise typer.BadParameter("a CAMEO root code is a number from 01 to 20", param_hint="--root")
    filters = {"actor": actor, "recipient": recipient, "root": root, "plover": plover}
    rows = _query_any(db, dataset, "events", since=since, until=until, limit=limit, **filters)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        err.print("no event matches", soft_wrap=True)
        return
    for r in rows:
        counts = " · ".join(
            f"{r[f'num_{what}s']:,} {what}{'s' if r[f'num_{what}s'] != 1 else ''}"
            for what in ("mention", "article", "source")
        )
        out.print(f"{_escape(format_event_row(r))}  [dim]{counts}[/]", soft_wrap=True)


def _story_date(value: str | None, flag: str) -> str | None:
    """A date option of ``veille stories``: refused on one line, exit code 2."""
    try:
        return _check_date(value)
    except typer.BadParameter as exc:
        raise _fail(f"{flag} {value[:40]!r}: {exc}", 2) from None


@app.command()
def stories(
    ctx: typer.Context,
    action: Annotated[
        str | None, typer.Argument(help="show: one story (its ID after it).", show_default=False)
    ] = None,
    story_id: Annotated[
        str | None, typer.Argument(metavar="ID", help="The story to show.", show_default=False)
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date on, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, YYYY-MM-DD.")] = None,
    top: Annotated[
        int | None,
        typer.Option(help=f"The N best, 1 to {MAX_LIMIT:,} (default 20; with --json: all)."),
    ] = None,
    rebuild: Annotated[
        bool,
        typer.Option(
            "--rebuild",
            help="Assign again the stories of the documents dated --since or later (all "
            "without --since), in date order: the same as the online pass.",
        ),
    ] = False,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """The stories of the corpus by size and novelty (veille stories), one story
    (veille stories show ID), or their assignment done again (--rebuild)."""
    since, until = _story_date(since, "--since"), _story_date(until, "--until")
    if top is not None and not 1 <= top <= MAX_LIMIT:
        raise _fail(f"--top must be from 1 to {MAX_LIMIT:,}, not {top:,}", 2)
    if action is not None and action != "show":
        raise _fail(f"unknown action {action[:40]!r}: use veille stories show ID", 2)
    if rebuild and dataset is not None:
        message = "--rebuild works on --db only: the dataset's stories are written by veille batch"
        raise _fail(message, 2)
    if action == "show":
        _show_story(story_id, as_json, db, dataset)
    elif rebuild:
        _rebuild_stories(ctx, db, since)
    else:
        limit = top if top is not None or as_json else 20
        rows = _query_any(db, dataset, "stories", since=since, until=until, top=limit)
        if as_json:
            _print_json(rows)
        elif rows:
            from veille.render import print_stories

            print_stories(rows, out)
        else:
            how = "veille stories --rebuild" if dataset is None else "veille batch"
            err.print(f"no story in this range ({how} assigns them)")


def _show_story(story_id: str | None, as_json: bool, db: Path, dataset: Path | None) -> None:
    from veille.render import print_story
    from veille.store import StoreError, queries

    if story_id is None:
        raise _fail("give the story's ID: veille stories show ID", 2)
    try:
        number = queries.story_id(story_id)
    except StoreError as exc:
        raise _fail(str(exc), 2) from None
    found = _query_any(db, dataset, "story", id=number)
    if found is None:
        raise _fail(f"no story {number} in {dataset or db}: see veille stories")
    if as_json:
        _print_json(found)
    else:
        print_story(found, out)


def _rebuild_stories(ctx: typer.Context, db: Path, since: str | None) -> None:
    from veille.store import StoreError, connect
    from veille.store.stories import rebuild as run_rebuild

    settings = _settings(ctx)
    if not db.is_file():
        raise _fail(f"{db}: no such database: create it with `veille ingest PATH --db {db}`")
    try:
        conn = connect(db, busy_timeout=settings.busy_timeout)
        try:
            counts = run_rebuild(conn, since, settings)
        finally:
            conn.close()
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except sqlite3.Error as exc:
        raise _fail(f"{db}: cannot assign the stories: {exc}") from None
    out.print(
        f"{counts['documents']:,} documents assigned again to {counts['stories']:,} stories",
        soft_wrap=True,
    )


@app.command()
def export(
    out_path: Annotated[Path, typer.Option("--out", help="The file to write.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="jsonl, csv or parquet (a table); gdelt (GDELT 2.0 event rows, tab-separated) "
            "or plover (PLOVER JSON records, one a line): the events, each once.",
        ),
    ] = "jsonl",
    table: Annotated[
        str | None,
        typer.Option(
            help="documents, quotes, entities, places, events, stories or story_documents "
            "(default quotes)."
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    dataset: DatasetOption = None,
) -> None:
    """Export a table of the corpus (one row per document, quote, entity, place or event
    mention), or its events as GDELT or PLOVER records."""
    from veille.store import StoreError
    from veille.store.export import EVENT_FORMATS
    from veille.store.export import export as run_export

    try:
        if dataset is not None:
            n = _export_dataset(dataset, table, fmt, out_path)
        else:
            n = run_export(_read_db(db), table, fmt, out_path)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # one line, never a traceback (-v shows it)
        logging.getLogger(__name__).info("export failed", exc_info=True)
        raise _fail(f"{out_path}: the export failed ({type(exc).__name__}: {exc})") from None
    what = "events" if fmt in EVENT_FORMATS else f"{table or 'quotes'} rows"
    where = _escape(strip_controls(str(out_path)))
    err.print(f"{n:,} {what} written to {where}", soft_wrap=True)


@app.command()
def bulletin(
    ctx: typer.Context,
    day: Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD.")],
    fmt: Annotated[
        str, typer.Option("--format", help="html (one self-contained file) or md.")
    ] = "html",
    out_path: Annotated[
        Path | None, typer.Option("--out", help="The file to write (default: standard output).")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Stories told in full.")] = 8,
    db: DbOption = DEFAULT_DB,
) -> None:
    """The day's briefing in French: its top stories (an extractive summary, who said what,
    the events, a map), the stories by region of the world, the most quoted people."""
    from veille.bulletin import FORMATS, build, render

    try:
        _check_date(day)
    except typer.BadParameter as exc:
        raise _fail(f"--date {day!r}: {exc}", 2) from None
    if fmt not in FORMATS:
        raise _fail(f"--format {fmt!r}: use html or md", 2)
    home = _settings(ctx).home_country
    text = render(_query(db, build, day=day, top=top, home_country=home), fmt)
    if out_path is None:
        sys.stdout.write(text)
        return
    try:
        _write_atomic(out_path, text)
    except OSError as exc:
        raise _fail(f"{out_path}: cannot write it: {exc.strerror or exc}") from None
    err.print(
        f"bulletin of {day} written to {_escape(strip_controls(str(out_path)))}", soft_wrap=True
    )


def _write_atomic(path: Path, text: str) -> None:
    """``text`` to ``path`` through a temporary file renamed: never a half-written file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _export_dataset(dataset: Path, table: str | None, fmt: str, out_path: Path) -> int:
    from veille.store import dataset as ds

    con = ds.open_dataset(dataset)
    try:
        return ds.export(con, table, fmt, out_path)
    finally:
        con.close()


@app.command()
def stats(
    as_json: JsonOption = False, db: DbOption = DEFAULT_DB, dataset: DatasetOption = None
) -> None:
    """What the corpus holds: documents, quotes, entities, places, errors, date range."""
    data = _query_any(db, dataset, "stats")
    if as_json:
        _print_json(data)
        return
    span = f"{data['first_date']} → {data['last_date']}" if data["first_date"] else "—"
    span = _escape(span)
    for label, value in (
        ("documents", f"{data['documents']:,} ({data['undated']:,} undated)"),
        ("dates", span),
        ("quotes", f"{data['quotes']:,}"),
        ("entities", f"{data['entities']:,} ({data['entity_mentions']:,} mentions)"),
        ("places", f"{data['places']:,}"),
        ("quantities", f"{data['quantities']:,}"),
        ("events", f"{data['events']:,} ({data['event_mentions']:,} mentions)"),
        ("errors", f"{data['errors']:,}"),
        ("size", f"{data['size_bytes'] / 1e6:.1f} MB"),
    ):
        out.print(f"[bold]{label:<11}[/]{value}", soft_wrap=True)
    for version, count in data["pipeline_versions"].items():
        out.print(f"[dim]pipeline {_escape(str(version))}: {count:,} documents[/]", soft_wrap=True)


@app.command()
def errors(
    limit: Annotated[int, _limit_option("errors")] = 100,
    as_json: JsonOption = False,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Documents that could not be read or analysed, most recent first."""
    from veille.store.queries import errors as run_errors

    rows = _query(db, run_errors, limit=limit)
    if as_json:
        _print_json(rows)
        return
    if not rows:
        err.print("no errors", soft_wrap=True)
        return
    for e in rows:
        where = f"{e['path']}" + (f" ({e['location']})" if e["location"] else "")
        seen = f" ×{e['count']}" if e["count"] > 1 else ""
        out.print(
            f"{_escape(where)}: {_escape(e['reason'])} [dim]{_escape(e['stage'])}{seen}[/]",
            soft_wrap=True,
        )


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to listen on: loopback only unless you say otherwise.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    allow_analyze: Annotated[
        bool,
        typer.Option(
            "--allow-analyze",
            help="Turn on POST /api/analyze (text in, analysis out; loads the spaCy model).",
        ),
    ] = False,
) -> None:
    """The web app (pages in French) and the JSON API (/api/, OpenAPI at /docs) over the
    corpus, read-only: a running veille ingest keeps writing, a reload shows what it added."""
    import uvicorn

    from veille.store import StoreError
    from veille.web.app import create_app

    try:
        web = create_app(
            db, allow_analyze=allow_analyze, home_country=_settings(ctx).home_country
        )
    except StoreError as exc:
        raise _fail(str(exc)) from None
    err.print(f"veille serve: http://{_escape(host)}:{port}/ (Ctrl-C to stop)", soft_wrap=True)
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


# ── scale-out: a corpus on a Dask cluster into a Parquet dataset (issue 15) ───────────────


def _batch_progress() -> tuple[Progress | None, Callable[[Any], None]]:
    """The batch's progress bar (on a terminal only) and the callback that updates it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    if not err.is_terminal:
        return None, lambda r: None
    progress = Progress(
        TextColumn("[bold]batch[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[parts]:,} partitions · {task.completed:,.0f} analysed"),
        TextColumn("· {task.fields[present]:,} present · {task.fields[failed]:,} failed"),
        TextColumn("· {task.fields[rate]:.1f} docs/s"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("batch", total=None, parts=0, present=0, failed=0, rate=0.0)

    def on_progress(r: Any) -> None:
        fields = {"parts": r.written, "present": r.present, "failed": r.failed, "rate": r.rate}
        progress.update(task, completed=r.documents, **fields)

    return progress, on_progress


@app.command()
def batch(
    ctx: typer.Context,
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files (.jsonl .csv .txt, also .gz or .zst), folders, or fsspec URLs "
            "(s3://…, gs://… with their fsspec package installed)."
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="The Parquet dataset to write (a folder).")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(help="Address of a running Dask scheduler (tcp://host:8786)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", "-w", min=1, help="Without --scheduler: local worker processes (1)."
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option(min=1, help="Documents per partition (one file a table).")
    ] = 500,
    max_bytes: Annotated[
        int | None,
        typer.Option(min=1, help="Refuse a larger document, file or line (default 10 MB)."),
    ] = None,
) -> None:
    """Analyse a corpus on a Dask cluster into a Parquet dataset (documents/, quotes/,
    entities/, places/, events/, errors/, links/), one file a partition.

    Partitions already written are skipped: a second run writes nothing, an interrupted one
    finishes. Query the dataset with --dataset DIR, or merge it into a store with veille load.
    Exit code 1 if any document failed (see the errors/ table).
    """
    from veille.batch.run import BatchError, run_batch

    if scheduler and workers:
        raise _fail("give --scheduler or --workers, not both", 2)
    settings = _settings(ctx, max_bytes=max_bytes)
    if logging.getLogger().level > logging.INFO:  # Dask's own lines only with --verbose
        logging.getLogger("distributed").setLevel(logging.ERROR)
    progress, on_progress = _batch_progress()

    def on_start(r: Any) -> None:
        err.print(f"Dask dashboard: {r.dashboard or 'not available'}", soft_wrap=True)
        if progress is not None:
            progress.start()

    try:
        report = run_batch(
            inputs,
            out_dir,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size,
            settings=settings,
            on_start=on_start,
            on_progress=on_progress,
        )
    except KeyboardInterrupt:
        message = "interrupted: the partitions written are kept; run it again to finish"
        raise _fail(message, 130) from None
    except BatchError as exc:
        raise _fail(str(exc)) from None
    except Exception as exc:  # a worker's failure, a dead cluster: one line (-v: traceback)
        logging.getLogger(__name__).info("batch failed", exc_info=True)
        raise _fail(
            f"the batch stopped ({type(exc).__name__}: {exc}): the partitions written are "
            "kept; run the same command again to finish"
        ) from None
    finally:
        if progress is not None:
            progress.stop()
    _report_batch(report)


def _report_batch(report: Any) -> None:
    """The summary line on stdout, the speed on stderr; exit code 1 if any document failed."""
    out.print(
        f"{report.documents:,} analysed in {report.written:,} new partitions, "
        f"{report.present:,} already in the dataset, {report.skipped:,} skipped as duplicates, "
        f"{report.failed:,} failed" + (": see the errors/ table" if report.failed else ""),
        soft_wrap=True,
    )
    if report.documents:
        err.print(
            f"[dim]{report.documents:,} documents in {report.seconds:.1f} s "
            f"({report.steady_rate:.1f} docs/s once the model was loaded, "
            f"{report.startup_seconds:.1f} s of it until then)[/]",
            soft_wrap=True,
        )
    if report.failed:
        raise typer.Exit(1)


@app.command()
def load(
    dataset: Annotated[Path, typer.Argument(help="A Parquet dataset written by veille batch.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Merge a dataset into the corpus database: documents already stored with the same
    pipeline version are left as they are, so loading twice changes nothing."""
    from veille.store import StoreError
    from veille.store.dataset import load as run_load

    try:
        counts = run_load(dataset, db)
    except StoreError as exc:
        raise _fail(str(exc)) from None
    out.print(
        f"{counts['loaded']:,} documents loaded, {counts['present']:,} already stored, "
        f"{counts['errors']:,} errors recorded",
        soft_wrap=True,
    )


@app.command("config")
def config_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The effective settings (defaults, then the config file), as a TOML file to start from:
    save it as veille.toml, keep the lines to change."""
    from veille.settings import config_path, to_toml

    settings = _settings(ctx)
    if as_json:
        _print_json(settings.to_dict())
        return
    source = config_path((ctx.find_root().obj or {}).get("config"))
    sys.stdout.write(f"# veille {__version__} settings: defaults")
    sys.stdout.write(f", then {strip_controls(str(source))}\n" if source else "\n")
    sys.stdout.write(to_toml(settings))


if __name__ == "__main__":  # pragma: no cover
    app()
