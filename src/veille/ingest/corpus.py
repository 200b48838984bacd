"""Ingest a corpus: read documents, analyse the new ones in batches, store them.

The reading and the storing happen in this process (the single writer); the analysis runs
through :func:`veille.pipeline.analyze_many`, over ``workers`` processes that each load the
model once. Each batch of results is committed in one transaction with the errors met
meanwhile, so a killed ingest leaves a consistent database, and running it again skips what
is stored (same content hash) and finishes the job.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

from veille.ingest import RawDocument, ReadError
from veille.ingest.readers import read_paths
from veille.model import SCHEMA_VERSION, Dispatch
from veille.pipeline import Settings, analyze_many, content_id
from veille.store import connect
from veille.store.writer import ErrorRecord, StoredDocument, stored_version, write_batch

log = logging.getLogger(__name__)

# Modules that do not change what the pipeline computes (their edits need no re-analysis).
_NOT_PIPELINE = (
    "cli.py",
    "bench.py",
    "evaluate.py",
    "export_events.py",
    "store",
    "ingest",
    "__pycache__",
)


@cache
def pipeline_version(settings: Settings | None = None) -> str:
    """What computed a stored analysis: veille's version, the model's, the JSON schema's, and
    a fingerprint of the pipeline's code and lexicon files (so a changed rule or data file
    makes stored analyses out of date for ``--reanalyze``)."""
    import veille

    settings = settings or Settings()
    root = Path(veille.__file__).parent
    digest = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root)
        if not f.is_file() or rel.parts[0] in _NOT_PIPELINE or f.suffix in (".pyc", ".db"):
            continue
        digest.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    try:
        model = f"{settings.model}-{metadata.version(settings.model.replace('_', '-'))}"
    except metadata.PackageNotFoundError:
        model = settings.model
    return f"{veille.__version__}+{model}+schema{SCHEMA_VERSION}+{digest.hexdigest()[:10]}"


@dataclass
class IngestReport:
    ingested: int = 0  # new documents stored
    reanalyzed: int = 0  # stored documents analysed again (--reanalyze)
    skipped: int = 0  # already stored (same content hash), or repeated in the input
    failed: int = 0  # unreadable documents, or documents the pipeline failed on
    seconds: float = 0.0
    startup_seconds: float = 0.0  # until the first document came out (model loading)

    @property
    def analysed(self) -> int:
        return self.ingested + self.reanalyzed

    @property
    def rate(self) -> float:
        """Analysed documents per second, start-up included."""
        return self.analysed / self.seconds if self.seconds else 0.0


@dataclass
class _Pending:
    raw: RawDocument
    id: str
    replaces: bool  # a stored document analysed again


def ingest(
    paths: Sequence[str | Path],
    db: str | Path,
    *,
    workers: int = 1,
    reanalyze: bool = False,
    batch: int = 64,
    commit_seconds: float = 5.0,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files, folders, ``-``) into the database ``db``.

    Documents already stored are skipped; with ``reanalyze`` those analysed by another
    pipeline version are analysed again, and when ``paths`` is empty every such stored
    document is. Results are committed every ``batch`` documents or ``commit_seconds``.
    """
    settings = settings or Settings()
    conn = connect(db)
    version = pipeline_version(settings)
    report = IngestReport()
    started = time.perf_counter()
    seen: set[str] = set()
    errors: list[ErrorRecord] = []
    items: Iterable[RawDocument | ReadError]
    if paths:
        items = read_paths(paths, stdin=stdin)
    elif reanalyze:
        items = _stored_documents(db, version)
    else:
        items = []

    def todo() -> Iterator[_Pending]:
        """The documents to analyse; counts the skipped, queues the read errors."""
        for item in items:
            if isinstance(item, ReadError):
                report.failed += 1
                errors.append(ErrorRecord(item.path, item.reason, item.location, "read"))
                continue
            cid = content_id(item.text)
            if cid in seen:
                report.skipped += 1
                continue
            seen.add(cid)
            stored = stored_version(conn, cid)
            if stored is not None and not (reanalyze and stored != version):
                report.skipped += 1
                continue
            yield _Pending(item, cid, stored is not None)

    out: list[StoredDocument] = []
    last_commit = time.monotonic()

    def commit() -> None:
        nonlocal last_commit
        write_batch(conn, out, errors)
        out.clear()
        errors.clear()
        last_commit = time.monotonic()

    try:
        for pending, result in _analyse(todo(), settings, workers):
            if not report.startup_seconds:
                report.startup_seconds = time.perf_counter() - started
                last_commit = time.monotonic()  # the commit clock starts with the results
            if isinstance(result, Dispatch):
                out.append(StoredDocument(result, pending.raw.meta, version))
                if pending.replaces:
                    report.reanalyzed += 1
                else:
                    report.ingested += 1
            else:
                report.failed += 1
                meta = pending.raw.meta
                errors.append(
                    ErrorRecord(
                        meta.get("path", "?"),
                        result,
                        meta.get("location", ""),
                        "analyse",
                        pending.id,
                    )
                )
            if len(out) >= batch or time.monotonic() - last_commit >= commit_seconds:
                commit()
            report.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(report)
        if out or errors:
            commit()
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _analyse(
    docs: Iterator[_Pending], settings: Settings, workers: int
) -> Iterator[tuple[_Pending, Dispatch | str]]:
    """Each document with its Dispatch, or the reason the pipeline failed on it, in order.

    The stream goes through ``analyze_many`` in batches. If the pipeline raises, the documents
    in flight are analysed one by one to find the culprit, then the stream resumes.
    """
    while True:
        feed = _Feed(docs)
        stream = analyze_many(
            feed.texts(), dates=feed.dates(), settings=settings, n_process=workers
        )
        try:
            for dispatch in stream:
                pending = feed.inflight.popleft()
                if dispatch.id != pending.id:  # would mean results matched to the wrong input
                    raise RuntimeError(f"pipeline output out of order: {dispatch.id}, {pending.id}")
                yield pending, dispatch
            return
        except Exception as exc:  # one bad document must not stop the corpus
            log.warning("pipeline failed in a batch (%s): isolating the document", exc)
            stream.close()
            for pending in feed.inflight:
                yield pending, _analyse_one(pending, settings)


class _Feed:
    """Feeds ``analyze_many`` and remembers the documents given to it but not yet returned."""

    def __init__(self, docs: Iterator[_Pending]) -> None:
        self.docs = docs
        self.inflight: deque[_Pending] = deque()

    def texts(self) -> Iterator[str]:
        for p in self.docs:
            self.inflight.append(p)
            yield p.raw.text

    def dates(self) -> Iterator[str | None]:
        # analyze_many zips texts then dates: this is the date of the text just read
        while True:
            yield self.inflight[-1].raw.meta.get("date") if self.inflight else None


def _analyse_one(pending: _Pending, settings: Settings) -> Dispatch | str:
    try:
        return next(
            analyze_many(
                [pending.raw.text], dates=[pending.raw.meta.get("date")], settings=settings
            )
        )
    except Exception as exc:
        log.exception("pipeline failed on %s", pending.raw.meta.get("path"))
        return f"pipeline error: {type(exc).__name__}: {exc}"


def _stored_documents(db: str | Path, version: str) -> Iterator[RawDocument]:
    """Stored documents analysed by another pipeline version, with their metadata."""
    from veille.store import open_read

    conn = open_read(db)
    try:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM documents WHERE pipeline_version != ? ORDER BY n", (version,)
            )
        ]
        for did in ids:
            row = conn.execute(
                "SELECT text, title, date, url, source, author, site, external_id AS id, path,"
                " location FROM documents WHERE id = ?",
                (did,),
            ).fetchone()
            if row is None:
                continue
            meta = {k: row[k] for k in row.keys() if k != "text" and row[k] is not None}  # noqa: SIM118 (Row iterates values)
            yield RawDocument(row["text"], meta)
    finally:
        conn.close()
