"""Throughput benchmark: the bare spaCy model against the full veille pipeline, in one run.

:func:`load_corpus` reads the documents, :func:`run_bench` measures, :func:`format_bench`
renders the result for ``Console.print``; ``veille bench CORPUS`` wraps the three (and
``python -m veille.bench CORPUS`` does the same without the CLI).

What is measured, on the same documents and in the same process:

- **spacy**: ``spacy.load(model)`` then ``list(nlp.pipe(texts, batch_size, n_process))``, the
  bare ``fr_core_news_md`` pipeline (tokenizer, tagger, parser, NER…);
- **veille**: ``list(veille.pipeline.analyze_many(texts, n_process=…))``, the full pipeline
  (layout, the same spaCy model, veille's components) up to and including the
  :class:`veille.model.Dispatch` objects.

Both use the batch size of :class:`veille.pipeline.Settings`. Before any timing, both
pipelines are loaded, the gazetteer is loaded and ``warmup`` documents go through each.
Then, for every ``n_process`` value, ``rounds`` rounds each time both pipelines, alternating
which one goes first; a run's ``seconds`` is the median over its rounds and the ratio is the
median of the per-round ratios veille/spacy (paired measurements, so a noisy moment of the
machine weighs on both sides). With ``n_process > 1`` the time includes starting the worker
processes, as a user running a batch pays it (on Linux they are forked, so they inherit the
loaded models). Token counts are those of the bare spaCy Docs; veille's tokens/s uses the
same count, so both rates describe the same text.

Peak memory is ``resource.getrusage(...).ru_maxrss`` (KiB on Linux, bytes on macOS): of this
process (both pipelines loaded, ``peak_rss_mb``), of this process when only the bare model had
been loaded and run (``peak_rss_spacy_mb``, None when the veille pipeline was already built
before the benchmark started), and of the largest worker process (``peak_rss_children_mb``,
None without workers; forked workers count the pages they share with this process).

Result of :func:`run_bench` (JSON-ready)::

    {
      "docs": 200,              # documents measured (after cycling, see unique_docs)
      "unique_docs": 41,        # distinct texts among them (< docs when the corpus was cycled)
      "tokens": 95966,          # tokens in the bare spaCy Docs
      "chars": 493910,
      "rounds": 3, "clock": "wall", "warmup": 3, "batch_size": 16,
      "runs": [
        {"pipeline": "spacy", "n_process": 1, "seconds": 13.53, "docs_per_s": 14.78,
         "tokens_per_s": 7093.0, "round_seconds": [15.62, 13.46, 13.53]},
        {"pipeline": "veille", "n_process": 1, ...},
        {"pipeline": "spacy", "n_process": 2, ...},
        {"pipeline": "veille", "n_process": 2, ...}
      ],
      "ratio": {"1": 1.35, "2": 1.4},   # veille time / spacy time, per n_process value
      "peak_rss_mb": 1084.9, "peak_rss_spacy_mb": 495.4, "peak_rss_children_mb": 1060.8,
      "python": "3.11.7", "spacy": "3.8.18", "model": "fr_core_news_md 3.8.0",
      "veille": "0.1.0",
      "machine": {"cpus": 2, "platform": "Linux-…", "arch": "x86_64"}
    }
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from veille.ingest import InputError, decode
from veille.pipeline import Settings

log = logging.getLogger(__name__)

PIPELINES = ("spacy", "veille")


# ---------------------------------------------------------------------------------------------
# Corpus


def load_corpus(path: str | Path, n: int | None = None) -> list[str]:
    """The texts of a corpus: a ``.txt`` file (one document), a folder of ``.txt`` files
    (recursive, sorted by path) or a ``.jsonl`` file with a ``text`` field per line.

    Files that cannot be decoded (binary, empty, unknown encoding) are skipped with a logged
    warning, as are JSONL records without a text. With ``n``, the first ``n`` documents; when
    ``n`` is larger than the corpus, the documents are cycled to reach it (logged; the
    benchmark reports the number of distinct texts). Raises :class:`InputError` when the path
    is missing, a JSONL line is not JSON, or no document is left.
    """
    p = Path(path)
    if n is not None and n < 1:
        raise InputError(f"--n {n}: give a number of documents of at least 1")
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    if p.is_dir():
        texts = _read_folder(p)
    elif p.suffix.lower() == ".jsonl":
        texts = _read_jsonl(p)
    else:
        text = _read_file(p)
        texts = [text] if text is not None else []
    if not texts:
        raise InputError(
            f"{p}: no document to measure: give a .txt file, a folder of .txt files "
            f"or a JSONL file with a 'text' field per line"
        )
    if n is None or n == len(texts):
        return texts
    if n < len(texts):
        return texts[:n]
    log.info("%s: %d documents, cycled to reach %d", p, len(texts), n)
    return list(itertools.islice(itertools.cycle(texts), n))


def _read_file(p: Path) -> str | None:
    try:
        return decode(p.read_bytes(), str(p))
    except InputError as exc:
        log.warning("skipped: %s", exc)
    except OSError as exc:
        log.warning("skipped: %s: cannot read: %s", p, exc.strerror)
    return None


def _read_folder(folder: Path) -> list[str]:
    files = sorted(f for f in folder.rglob("*") if f.suffix.lower() == ".txt" and f.is_file())
    texts = [t for t in map(_read_file, files) if t is not None]
    log.info("%s: %d of %d .txt files read", folder, len(texts), len(files))
    return texts


def _read_jsonl(p: Path) -> list[str]:
    try:
        content = decode(p.read_bytes(), str(p))
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror}") from exc
    texts = []
    # Only "\n" ends a record: str.splitlines() would also split on U+2028 and friends, which
    # JSON writers leave unescaped inside strings (json.dumps(..., ensure_ascii=False)).
    for number, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}:{number}: not a JSON object: {exc}") from None
        text = record.get("text") if isinstance(record, dict) else None
        if not isinstance(text, str) or not text.strip():
            log.warning("skipped: %s:%d: no 'text' field with text in it", p, number)
            continue
        texts.append(text)
    return texts


# ---------------------------------------------------------------------------------------------
# Measurement


@cache
def bare_nlp(model: str) -> Any:
    """The bare spaCy pipeline ``model`` (``spacy.load``), loaded once per process."""
    import spacy

    return spacy.load(model)


def _peak_rss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def run_bench(
    texts: Sequence[str],
    *,
    n_process_values: Sequence[int] = (1, 2),
    warmup: int = 3,
    rounds: int = 3,
    settings: Settings | None = None,
    cpu: bool = False,
) -> dict[str, Any]:
    """Measure the bare spaCy model and the full veille pipeline on ``texts`` (see the module
    docstring for the method and the shape of the result). With ``cpu``, one-process runs
    are timed in CPU seconds of this process (``time.process_time``) instead of wall
    seconds: on a machine shared with other work, the time the other programs take from
    the processor no longer counts (runs with workers stay in wall seconds)."""
    from veille.pipeline import get_nlp

    settings = settings or Settings()
    texts = list(texts)
    _check_bench(texts, n_process_values, rounds)
    veille_was_built = get_nlp.cache_info().currsize > 0
    bare = bare_nlp(settings.model)
    warm = texts[: max(0, warmup)]
    peak_spacy = _warm_up(bare, warm, settings, veille_was_built)
    work = _Workloads(bare, texts, settings)
    runs: list[dict[str, Any]] = []
    ratio: dict[str, float] = {}
    for n_process in n_process_values:
        clock = time.process_time if cpu and n_process == 1 else time.perf_counter
        seconds = _rounds({"spacy": work.spacy, "veille": work.veille}, n_process, rounds, clock)
        runs += [
            _run(name, n_process, seconds[name], len(texts), work.tokens) for name in PIPELINES
        ]
        ratio[str(n_process)] = _paired_ratio(seconds)
    return {
        "docs": len(texts),
        "unique_docs": len(set(texts)),
        "tokens": work.tokens,
        "chars": sum(map(len, texts)),
        "rounds": rounds,
        "clock": "cpu" if cpu else "wall",
        "warmup": len(warm),
        "batch_size": settings.batch_size,
        "runs": runs,
        "ratio": ratio,
        "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF),
        "peak_rss_spacy_mb": peak_spacy,
        "peak_rss_children_mb": _peak_rss_mb(resource.RUSAGE_CHILDREN)
        if any(n > 1 for n in n_process_values)
        else None,
        **_environment(bare),
    }


def _check_bench(texts: Sequence[str], n_process_values: Sequence[int], rounds: int) -> None:
    """A ValueError for a benchmark that measures nothing."""
    if not texts:
        raise ValueError("no documents to measure")
    if rounds < 1:
        raise ValueError(f"rounds must be at least 1, not {rounds}")
    if any(n < 1 for n in n_process_values):
        raise ValueError(f"n_process values must be at least 1: {list(n_process_values)}")


def _warm_up(
    bare: Any, warm: list[str], settings: Settings, veille_was_built: bool
) -> float | None:
    """Both pipelines loaded, the gazetteer loaded, ``warm`` through each; returns the peak
    memory with only the bare model loaded and run (None when the veille pipeline was built
    before the benchmark started)."""
    from veille.gazetteer import load_gazetteer
    from veille.pipeline import analyze_many, get_nlp

    for _ in bare.pipe(warm, batch_size=settings.batch_size):
        pass
    peak_spacy = None if veille_was_built else _peak_rss_mb(resource.RUSAGE_SELF)
    load_gazetteer()
    get_nlp(settings)
    for _ in analyze_many(warm, settings=settings):
        pass
    return peak_spacy


class _Workloads:
    """The two timed workloads on the same texts; the bare spaCy run counts the tokens (on its
    first run: the same model on the same texts cannot change the count)."""

    def __init__(self, bare: Any, texts: list[str], settings: Settings) -> None:
        self.bare, self.texts, self.settings = bare, texts, settings
        self.tokens = 0

    def spacy(self, n_process: int) -> None:
        docs = self.bare.pipe(self.texts, batch_size=self.settings.batch_size, n_process=n_process)
        count = sum(len(doc) for doc in docs)
        if self.tokens and count != self.tokens:
            log.warning("bare spaCy token count changed between runs: %d, %d", self.tokens, count)
        self.tokens = self.tokens or count

    def veille(self, n_process: int) -> None:
        from veille.pipeline import analyze_many

        for _ in analyze_many(self.texts, settings=self.settings, n_process=n_process):
            pass


def _rounds(
    work: dict[str, Callable[[int], None]],
    n_process: int,
    rounds: int,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, list[float]]:
    """The seconds (of ``clock``) of each pipeline in each of ``rounds`` rounds, which
    alternate the one that goes first."""
    seconds: dict[str, list[float]] = {name: [] for name in PIPELINES}
    for r in range(rounds):
        order = PIPELINES if r % 2 == 0 else PIPELINES[::-1]
        for name in order:
            t0 = clock()
            work[name](n_process)
            seconds[name].append(clock() - t0)
        log.info(
            "n_process=%d round %d: spacy %.2fs, veille %.2fs",
            n_process,
            r + 1,
            seconds["spacy"][-1],
            seconds["veille"][-1],
        )
    return seconds


def _run(name: str, n_process: int, seconds: list[float], docs: int, tokens: int) -> dict[str, Any]:
    """One pipeline at one ``n_process``: the median of its rounds and the rates it gives."""
    median = statistics.median(seconds)
    return {
        "pipeline": name,
        "n_process": n_process,
        "seconds": round(median, 4),
        "docs_per_s": round(docs / median, 2),
        "tokens_per_s": round(tokens / median, 1),
        "round_seconds": [round(s, 4) for s in seconds],
    }


def _paired_ratio(seconds: dict[str, list[float]]) -> float:
    """The median of the per-round ratios veille/spacy."""
    paired = [v / s for v, s in zip(seconds["veille"], seconds["spacy"], strict=True)]
    return round(statistics.median(paired), 3)


def _environment(bare: Any) -> dict[str, Any]:
    """The versions and the machine a result was measured with."""
    import spacy

    return {
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": f"{bare.meta.get('lang', '')}_{bare.meta.get('name', '')} "
        f"{bare.meta.get('version', '?')}",
        "veille": _veille_version(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "arch": platform.machine(),
        },
    }


# ---------------------------------------------------------------------------------------------
# Length scaling

LENGTHS = (2_000, 20_000, 200_000, 1_000_000)


def build_document(texts: Sequence[str], size: int, start: int = 0) -> str:
    """A document of about ``size`` characters: the corpus texts from ``start`` on (cycled),
    joined by blank lines as paragraphs of one long text, cut at the last paragraph or
    sentence end before ``size`` (exactly ``size`` when there is none)."""
    parts: list[str] = []
    total = 0
    for text in itertools.islice(itertools.cycle(texts), start, None):
        parts.append(text.strip())
        total += len(parts[-1]) + 2
        if total >= size:
            break
    doc = "\n\n".join(parts)[:size]
    cut = max(doc.rfind("\n\n"), doc.rfind(". "))
    return doc[: cut + 1] if cut > size // 2 else doc


def run_length_bench(
    texts: Sequence[str],
    *,
    lengths: Sequence[int] = LENGTHS,
    budget_chars: int = 200_000,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Time per 1,000 characters of the full pipeline on documents of each of ``lengths``
    characters built from ``texts`` (:func:`build_document`), in one process, model loaded
    first. For each length, ``max(1, budget_chars // length)`` distinct documents are
    analysed in one ``analyze_many`` stream, so short lengths are timed on as much text as
    the longest. ``ratio`` is each length's time per character over the shortest's."""
    from veille.gazetteer import load_gazetteer
    from veille.pipeline import analyze_many, get_nlp

    settings = settings or Settings()
    texts = [t for t in texts if t.strip()]
    if not texts:
        raise ValueError("no documents to build long texts from")
    lengths = sorted(lengths)
    load_gazetteer()
    get_nlp(settings)
    for _ in analyze_many(texts[:2], settings=settings):  # warm-up
        pass
    runs = []
    for length in lengths:
        count = max(1, budget_chars // length)
        docs = [build_document(texts, length, start=i) for i in range(count)]
        chars = sum(map(len, docs))
        t0 = time.perf_counter()
        for _ in analyze_many(docs, settings=settings):
            pass
        seconds = time.perf_counter() - t0
        runs.append(
            {
                "length": length,
                "documents": count,
                "chars": chars,
                "seconds": round(seconds, 3),
                "ms_per_1000_chars": round(1000 * seconds / chars * 1000, 3),
                "peak_rss_mb": _peak_rss_mb(resource.RUSAGE_SELF),
            }
        )
        log.info("length %d: %.1f s for %d documents", length, seconds, count)
    base = runs[0]["ms_per_1000_chars"]
    return {
        "runs": runs,
        "ratio": {str(r["length"]): round(r["ms_per_1000_chars"] / base, 3) for r in runs},
        "piece_chars": settings.piece_chars,
        "veille": _veille_version(),
        "machine": {"cpus": os.cpu_count(), "arch": platform.machine()},
    }


def _veille_version() -> str:
    from veille import __version__

    return __version__


def format_length_bench(result: dict[str, Any]) -> Any:
    """A rich table of :func:`run_length_bench`'s result."""
    from rich.table import Table

    table = Table(title="Cost by document length (one process)", title_justify="left")
    for col in ("length", "documents", "seconds", "ms / 1,000 chars", "vs shortest", "peak RSS"):
        table.add_column(col, justify="right")
    for run in result["runs"]:
        table.add_row(
            _int(run["length"]),
            str(run["documents"]),
            f"{run['seconds']:.1f}",
            f"{run['ms_per_1000_chars']:.1f}",
            f"× {result['ratio'][str(run['length'])]:.2f}",
            f"{run['peak_rss_mb']:.0f} MB",
        )
    table.caption = f"pieces of {_int(result['piece_chars'])} characters for the spaCy model"
    return table


# ---------------------------------------------------------------------------------------------
# Report


def format_bench(result: dict[str, Any]) -> Any:
    """A rich renderable (a table) of :func:`run_bench`'s result, for ``Console.print``."""
    from rich.table import Table

    cycled = (
        f", {result['unique_docs']} distinct"
        if result.get("unique_docs", result["docs"]) < result["docs"]
        else ""
    )
    table = Table(
        title=f"Throughput: {result['docs']} documents{cycled}, "
        f"{_int(result['tokens'])} tokens, {_int(result['chars'])} characters",
        title_justify="left",
    )
    for col in ("pipeline", "n_process", "seconds", "docs/s", "tokens/s", "veille/spacy"):
        table.add_column(col, justify="left" if col == "pipeline" else "right")
    for run in result["runs"]:
        ratio = result["ratio"].get(str(run["n_process"])) if run["pipeline"] == "veille" else None
        table.add_row(
            run["pipeline"],
            str(run["n_process"]),
            f"{run['seconds']:.2f}",
            f"{run['docs_per_s']:.1f}",
            _int(run["tokens_per_s"]),
            f"× {ratio:.2f}" if ratio is not None else "",
        )
    memory = f"peak RSS {result['peak_rss_mb']:.0f} MB"
    if result.get("peak_rss_spacy_mb") is not None:
        memory += f" (bare spaCy alone {result['peak_rss_spacy_mb']:.0f} MB)"
    if result.get("peak_rss_children_mb"):
        memory += f", largest worker {result['peak_rss_children_mb']:.0f} MB"
    machine = result.get("machine", {})
    table.caption = (
        f"{memory} · median of {result.get('rounds', '?')} rounds after "
        f"{result.get('warmup', '?')} warm-up documents · batch size "
        f"{result.get('batch_size', '?')}\n"
        f"{result.get('model', '')} · spaCy {result['spacy']} · Python {result['python']} · "
        f"veille {result.get('veille', '?')} · {machine.get('cpus', '?')} CPUs "
        f"{machine.get('arch', '')}"
    )
    return table


def _int(value: float) -> str:
    """``12345.6`` → ``12 346`` (a space between thousands, as in French)."""
    return f"{value:,.0f}".replace(",", " ")


def _main(argv: Sequence[str] | None = None) -> int:
    import argparse

    from rich.console import Console

    parser = argparse.ArgumentParser(
        prog="python -m veille.bench",
        description="Throughput of the bare spaCy model and of the full veille pipeline.",
    )
    parser.add_argument("corpus", help="a .txt file, a folder of .txt, or a JSONL with 'text'")
    parser.add_argument("--n", type=int, default=None, help="documents (cycled if needed)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="time one-process runs in CPU seconds (a machine shared with other work)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        texts = load_corpus(args.corpus, args.n)
        result = run_bench(texts, n_process_values=args.n_process, rounds=args.rounds, cpu=args.cpu)
    except (InputError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        Console(highlight=False).print(format_bench(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main())
