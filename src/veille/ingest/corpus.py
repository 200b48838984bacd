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
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from veille.ingest import RawDocument, ReadError
from veille.ingest.readers import guarded, read_paths
from veille.model import SCHEMA_VERSION, Dispatch
from veille.pipeline import analyze_many, content_id
from veille.settings import Settings, apply
from veille.store import StoreError, connect
from veille.store.stories import StoryAssigner, catch_up
from veille.store.writer import ErrorRecord, StoredDocument, stored_version, write_batch

log = logging.getLogger(__name__)

# What shapes the analysis, relative to the package: the modules the pipeline runs and the
# data they read. A change to one of these makes stored analyses out of date; a change
# anywhere else (the CLI, the store, the readers, display, evaluation…) does not.
ANALYSIS_SOURCES = (
    "pipeline.py",
    "settings.py",
    "model.py",
    "layout.py",
    "normalize.py",
    "dates.py",
    "gazetteer.py",
    "demonyms.py",
    "cameo.py",
    "text",
    "components",
    "lexicon",
)

# Data inside those folders that no analysis reads: the stories' word tables shape how
# analysed documents are grouped (``veille stories --rebuild``), the bulletin's how a day is
# written up, not the analyses themselves.
ANALYSIS_EXCLUDED = ("lexicon/stories_*", "lexicon/bulletin_*", "lexicon/regions.tsv")


def code_fingerprint(
    root: Path,
    include: Sequence[str] = ANALYSIS_SOURCES,
    exclude: Sequence[str] = ANALYSIS_EXCLUDED,
) -> str:
    """A short hash of the files ``include`` names under ``root`` (files, or folders taken
    whole, less the ``exclude`` patterns), by their path relative to ``root`` and their
    content: the same wherever the package is installed, and blind to files outside the list."""
    digest = hashlib.sha256()
    for name in sorted(include):
        target = root / name
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for f in files:
            if not f.is_file() or "__pycache__" in f.parts or f.suffix == ".pyc":
                continue
            if any(PurePosixPath(f.relative_to(root).as_posix()).match(x) for x in exclude):
                continue
            rel = f.relative_to(root).as_posix()
            digest.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:10]


@cache
def pipeline_version(settings: Settings | None = None) -> str:
    """What computed a stored analysis: veille's version, the model's, the JSON schema's, a
    fingerprint of the code and data that shape the analysis (:data:`ANALYSIS_SOURCES`) and
    one of the settings that do (:meth:`Settings.fingerprint`), so a changed rule, data file
    or setting makes stored analyses out of date for ``--reanalyze``."""
    import veille

    settings = settings or Settings()
    code = code_fingerprint(Path(veille.__file__).parent)
    try:
        model = f"{settings.model}-{metadata.version(settings.model.replace('_', '-'))}"
    except metadata.PackageNotFoundError:
        model = settings.model
    return f"{veille.__version__}+{model}+schema{SCHEMA_VERSION}+{code}+s{settings.fingerprint()}"


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
    workers: int | None = None,
    reanalyze: bool = False,
    batch: int | None = None,
    commit_seconds: float | None = None,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
    on_progress: Callable[[IngestReport], None] | None = None,
    max_bytes: int | None = None,
    busy_timeout: float | None = None,
) -> IngestReport:
    """Ingest ``paths`` (files, folders, ``-``) into the database ``db``.

    Documents already stored are skipped; with ``reanalyze`` those analysed by another
    pipeline version are analysed again, and when ``paths`` is empty every such stored
    document is. Results are committed every ``batch`` documents or ``commit_seconds``.

    An input that cannot be read (larger than ``max_bytes``, undecodable, malformed…) is
    recorded in ``errors`` and counted as failed, and the ingest goes on with the next one.
    The database is checked before any work starts: :class:`StoreError` if it is not a
    veille database, is read-only, or stays locked by another writer for ``busy_timeout``
    seconds.

    The keyword arguments left None take their value from ``settings`` (``batch`` is
    :attr:`Settings.commit_batch`).
    """
    given = {"workers": workers, "commit_batch": batch, "commit_seconds": commit_seconds}
    given |= {"max_bytes": max_bytes, "busy_timeout": busy_timeout}
    given = {k: v for k, v in given.items() if v is not None}
    settings = apply(settings or Settings(), given, source="ingest arguments")
    conn = connect(db, busy_timeout=settings.busy_timeout)
    version = pipeline_version(settings)
    report = IngestReport()
    started = time.perf_counter()
    stories = _stories(conn, db, settings)
    sink = _Batches(conn, db, settings.commit_batch, settings.commit_seconds, stories)
    seen: set[str] = set()

    def todo() -> Iterator[_Pending]:
        """The documents to analyse; counts the skipped, queues the read errors."""
        if paths:
            items: Iterable[RawDocument | ReadError] = _read_each(paths, stdin, settings.max_bytes)
        else:
            items = _stored_documents(db, version) if reanalyze else []
        for item in items:
            cid = _content_id(item)
            if isinstance(item, ReadError) or cid is None:
                report.failed += 1
                sink.errors.append(_read_error(item))
                continue
            if cid in seen:
                report.skipped += 1
                continue
            seen.add(cid)
            stored = stored_version(conn, cid)
            if stored is not None and not (reanalyze and stored != version):
                report.skipped += 1
                continue
            yield _Pending(item, cid, stored is not None)

    try:
        for pending, result in _analyse(todo(), settings, settings.workers):
            if not report.startup_seconds:
                report.startup_seconds = time.perf_counter() - started
                sink.last_commit = time.monotonic()  # the commit clock starts with the results
            _record(pending, result, version, sink, report)
            sink.maybe_commit()
            report.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(report)
        sink.commit()
    finally:
        conn.close()
    report.seconds = time.perf_counter() - started
    return report


def _record(
    pending: _Pending, result: Dispatch | str, version: str, sink: _Batches, report: IngestReport
) -> None:
    """Queue an analysed document to be stored, or the reason the pipeline failed on it."""
    meta = pending.raw.meta
    if isinstance(result, Dispatch):
        sink.out.append(StoredDocument(result, meta, version))
        if pending.replaces:
            report.reanalyzed += 1
        else:
            report.ingested += 1
    else:
        report.failed += 1
        where = (meta.get("path", "?"), result, meta.get("location", ""))
        sink.errors.append(ErrorRecord(*where, "analyse", pending.id))


def _content_id(item: RawDocument | ReadError) -> str | None:
    """The content hash of a document; None for an error, or a text that cannot be hashed
    (the readers refuse invalid text, this is the last guard)."""
    if isinstance(item, ReadError):
        return None
    try:
        return content_id(item.text)
    except Exception:
        log.debug("cannot hash the text of %r", item.meta.get("path"), exc_info=True)
        return None


def _read_error(item: RawDocument | ReadError) -> ErrorRecord:
    if isinstance(item, ReadError):
        return ErrorRecord(item.path, item.reason, item.location, "read")
    meta = item.meta
    reason = "invalid text (cannot be hashed nor stored)"
    return ErrorRecord(meta.get("path", "?"), reason, meta.get("location", ""), "read")


def _stories(conn: sqlite3.Connection, db: str | Path, settings: Settings) -> StoryAssigner:
    """The story assignment restored from the store, the documents stored without a story
    (before stories existed) assigned first. The connection is closed if that fails."""
    try:
        assigner = StoryAssigner.from_store(conn, settings)
        catch_up(conn, assigner)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"{db}: cannot read or assign the stories ({exc})") from exc
    except BaseException:
        conn.close()
        raise
    return assigner


class _Batches:
    """Analysed documents and errors waiting to be written, committed together every
    ``batch`` documents or ``seconds``, each batch's documents assigned to their stories
    in the same transaction."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        db: str | Path,
        batch: int,
        seconds: float,
        stories: StoryAssigner,
    ):
        self.conn, self.db, self.batch, self.seconds = conn, db, batch, seconds
        self.stories = stories
        self.out: list[StoredDocument] = []
        self.errors: list[ErrorRecord] = []
        self.last_commit = time.monotonic()

    def maybe_commit(self) -> None:
        if len(self.out) >= self.batch or time.monotonic() - self.last_commit >= self.seconds:
            self.commit()

    def commit(self) -> None:
        if not (self.out or self.errors):
            return
        try:
            write_batch(self.conn, self.out, self.errors, then=self.stories.assign)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{self.db}: cannot store a batch ({exc}): the batches before it are stored; "
                "run the same command again to finish"
            ) from exc
        self.out.clear()
        self.errors.clear()
        self.last_commit = time.monotonic()


def _read_each(
    paths: Sequence[str | Path], stdin: BinaryIO | None, max_bytes: int
) -> Iterator[RawDocument | ReadError]:
    """The documents of each path in turn. The readers turn every failure into a
    :class:`ReadError`; should one still die, only the rest of its own path is lost (and
    recorded), never the paths after it."""
    for path in paths:
        yield from guarded(read_paths([path], stdin=stdin, max_bytes=max_bytes), str(path))


def _analyse(
    docs: Iterator[_Pending], settings: Settings, workers: int
) -> Iterator[tuple[_Pending, Dispatch | str]]:
    """Each document with its Dispatch, or the reason the pipeline failed on it, in order.

    The stream goes through ``analyze_many`` in batches. If the pipeline raises, the documents
    in flight are analysed one by one to find the culprit, then the stream resumes. If the
    source of documents raises (reading, the store), that is no pipeline failure: the
    documents already given to the pipeline are finished, then the exception goes up.
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
        except Exception as exc:  # one bad document must not stop the corpus
            log.warning("pipeline failed in a batch (%s): isolating the document", exc)
            stream.close()
            for pending in feed.inflight:
                yield pending, _analyse_one(pending, settings)
            if feed.failure is None:
                continue
        if feed.failure is not None:
            raise feed.failure
        return


class _Feed:
    """Feeds ``analyze_many`` and remembers the documents given to it but not yet returned.

    An exception from ``docs`` is kept in ``failure`` and ends the texts normally: raised
    inside ``analyze_many`` it would pass for a pipeline failure, and the dead source would
    end the ingest as if there were nothing more to read.
    """

    def __init__(self, docs: Iterator[_Pending]) -> None:
        self.docs = docs
        self.inflight: deque[_Pending] = deque()
        self.failure: Exception | None = None

    def texts(self) -> Iterator[str]:
        while True:
            try:
                p = next(self.docs)
            except StopIteration:
                return
            except Exception as exc:
                self.failure = exc
                return
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
        # One line at the default level (the error is recorded and counted); the traceback
        # only with --verbose: a thousand bad documents must not flood the terminal.
        where = pending.raw.meta.get("path")
        log.warning("pipeline failed on %s: %s: %s", where, type(exc).__name__, exc)
        log.info("pipeline failure on %s", where, exc_info=True)
        return f"pipeline error: {type(exc).__name__}: {' '.join(str(exc).split())}"


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
