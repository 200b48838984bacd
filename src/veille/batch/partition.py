"""One partition on a worker: analysed, stored, written as one Parquet file a table.

The analysis is ``veille ingest``'s (:func:`veille.ingest.corpus._analyse` over
:func:`veille.pipeline.analyze_many`, a failing document isolated and recorded); the rows are
those of ``veille export --format parquet``: the partition's analyses go through the store's
writer into an in-memory SQLite store, and each table is read back with
:func:`veille.store.export.rows` and written with the export's Parquet writer. So a dataset's
columns and values are the export's by construction, not by a copy of its code.

Each file is written under a temporary name in its table's folder, then renamed to
``<partition key>.parquet``; ``documents/`` last, so a partition whose documents file exists
is complete, and a killed worker leaves at most hidden temporary files (ignored, overwritten
by the retry).
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.batch.inputs import Partition
from veille.settings import Settings

log = logging.getLogger(__name__)

# Export tables, then the store's rows the dataset queries need beyond them; documents last.
TABLES = ("quotes", "entities", "places", "events", "actors", "errors", "documents")
# documents: the export's columns and the document's position in the input (its order).
EXTRA_TYPES = {"documents": {"n": "int"}}
ACTORS = (
    "SELECT a.document_id, a.event_id, a.role, a.position, a.name, a.entity_id, a.code,"
    " a.country, a.sector FROM actors a JOIN documents d ON d.id = a.document_id"
    " ORDER BY d.n, a.event_id, a.role, a.position"
)
ERRORS = "SELECT path, location, stage, reason, document_id FROM errors ORDER BY id"
AUX_TYPES = {
    "actors": dict.fromkeys(
        ("document_id", "event_id", "role", "position", "name", "entity_id", "code"), "str"
    )
    | {"position": "int", "country": "str", "sector": "str"},
    "errors": dict.fromkeys(("path", "location", "stage", "reason", "document_id"), "str"),
}


@dataclass
class PartitionReport:
    key: str
    documents: int = 0  # analysed and written
    failed: int = 0  # unreadable, or failed in the pipeline
    skipped: int = 0  # repeated in the input
    written: bool = True  # False: its files were there already


def table_types(table: str) -> dict[str, str]:
    from veille.store.export import TABLES as EXPORT

    if table in EXPORT:
        return EXPORT[table][1] | EXTRA_TYPES.get(table, {})
    return AUX_TYPES[table]


def done_path(out: str | Path, key: str) -> Path:
    """The file whose presence says the partition ``key`` is complete."""
    return Path(out) / "documents" / f"{key}.parquet"


def stored_documents(out: str | Path, key: str) -> int | None:
    """The documents of the partition ``key`` if it is written, else None (not written, or
    its documents file is unreadable: damaged since, it is written again)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = done_path(out, key)
    try:
        return pq.read_metadata(path).num_rows
    except FileNotFoundError:
        return None
    except (OSError, pa.ArrowException) as exc:
        log.warning("%s: unreadable (%s): the partition is analysed again", path, exc)
        return None


def process(part: Partition, out: str, settings: Settings) -> PartitionReport:
    """Analyse ``part`` and write its tables under ``out``, unless they are there already
    (another worker, an earlier run, or a retry finished it)."""
    key = part.key
    report = PartitionReport(key, skipped=part.skipped, failed=len(part.errors))
    stored = stored_documents(out, key)
    if stored is not None:
        report.written = False
        report.documents = stored
        return report
    conn = _store(part, settings, report)
    try:
        for table in TABLES:
            _write(conn, table, Path(out), key, part)
    finally:
        conn.close()
    return report


def _store(part: Partition, settings: Settings, report: PartitionReport):
    """The partition analysed, in an in-memory store (documents numbered in input order)."""
    from veille.ingest import RawDocument
    from veille.ingest.corpus import _analyse, _Pending, pipeline_version
    from veille.model import Dispatch
    from veille.pipeline import content_id
    from veille.store import connect
    from veille.store.writer import ErrorRecord, StoredDocument, write_batch

    version = pipeline_version(settings)
    pending = (_Pending(RawDocument(t, m), content_id(t), False) for _, t, m in part.documents)
    done: list[StoredDocument] = []
    errors = list(part.errors)
    for p, result in _analyse(pending, settings, 1):
        if isinstance(result, Dispatch):
            done.append(StoredDocument(result, p.raw.meta, version))
            continue
        meta = p.raw.meta
        where = (meta.get("path", "?"), result, meta.get("location", ""))
        errors.append(ErrorRecord(*where, "analyse", p.id))
    report.documents = len(done)
    report.failed += len(errors) - len(part.errors)
    conn = connect(":memory:")
    write_batch(conn, done, errors)
    return conn


def _records(conn: Any, table: str, part: Partition):
    from veille.store.export import rows

    if table == "actors":
        return (dict(r) for r in conn.execute(ACTORS))
    if table == "errors":
        return (dict(r) for r in conn.execute(ERRORS))
    records = rows(conn, table)
    if table != "documents":
        return records
    positions = {content_id(t): n for n, t, _ in part.documents}
    return ({**r, "n": positions[r["id"]]} for r in records)


def content_id(text: str) -> str:
    from veille.pipeline import content_id as cid

    return cid(text)


def _write(conn: Any, table: str, out: Path, key: str, part: Partition) -> None:
    """One table of the partition: a temporary file in the table's folder, renamed."""
    from veille.store.export import _parquet

    folder = out / table
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{key}.{uuid.uuid4().hex}.tmp"
    try:
        _parquet(_records(conn, table, part), tmp, table_types(table))
        os.replace(tmp, folder / f"{key}.parquet")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
