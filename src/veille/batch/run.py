"""The client of a batch run: a Dask cluster, partitions submitted, the links reduced.

The client reads the inputs and cuts them into partitions (:mod:`veille.batch.inputs`); a
partition whose files are in the dataset already is skipped, the others are submitted to the
cluster, a bounded window of them at a time (memory stays flat however large the corpus).
Each worker process loads the model once (:class:`ModelPlugin`) and writes its partitions'
files (:mod:`veille.batch.partition`). A worker that dies takes its task with it: the
scheduler gives the task to another worker, which writes the same files. When every
partition is written, cross-article event linking runs on the cluster as one reduction over
the whole dataset (:func:`veille.store.dataset.write_links`), then the stories are assigned
on the client, one document after the other in date order as the online pass does
(:func:`veille.store.dataset.write_stories`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

from veille.batch.inputs import partitions, read_inputs
from veille.batch.partition import PartitionReport, process, stored_documents
from veille.settings import Settings
from veille.store.dataset import write_stories

log = logging.getLogger(__name__)

PARTITION_SIZE = 500


class BatchError(RuntimeError):
    """The batch cannot run: the message says why and what to do."""


@dataclass
class BatchReport:
    partitions: int = 0  # partitions of the input
    written: int = 0  # partitions analysed and written by this run
    documents: int = 0  # documents analysed by this run
    present: int = 0  # documents of partitions found already written
    failed: int = 0  # unreadable, or failed in the pipeline (errors/ table)
    skipped: int = 0  # repeated in the input
    seconds: float = 0.0
    startup_seconds: float = 0.0  # until every worker had loaded the model
    dashboard: str | None = None
    links: str | None = None  # the links file (None: it was current already)
    stories: str | None = None  # the stories file (None: it was current already)

    @property
    def rate(self) -> float:
        """Documents analysed per second, start-up included."""
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def steady_rate(self) -> float:
        """Documents analysed per second once the workers had loaded the model."""
        busy = self.seconds - self.startup_seconds
        return self.documents / busy if busy > 0 else 0.0


class ModelPlugin(WorkerPlugin):
    """Loads the pipeline once in each worker process, when the worker starts (or joins)."""

    name = "veille-model"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def setup(self, worker: Any) -> None:
        from veille.pipeline import get_nlp

        get_nlp(self.settings)


def _cluster(scheduler: str | None, workers: int | None) -> tuple[Any, Any]:
    """A client of the scheduler at ``scheduler``, else of a new local cluster of
    ``workers`` processes (one thread each: spaCy holds the GIL)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as exc:
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
    cluster = LocalCluster(
        n_workers=workers or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def run_batch(
    inputs: Sequence[str],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = PARTITION_SIZE,
    settings: Settings | None = None,
    on_start: Callable[[BatchReport], None] | None = None,
    on_progress: Callable[[BatchReport], None] | None = None,
) -> BatchReport:
    """Analyse ``inputs`` into the Parquet dataset ``out`` on a Dask cluster: the scheduler at
    ``scheduler``, else a local cluster of ``workers`` processes. Partitions already in the
    dataset are skipped, so a second run writes nothing and an interrupted one finishes."""
    from veille.ingest.corpus import pipeline_version

    settings = settings or Settings()
    version = pipeline_version(settings)
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"{out}: cannot create the dataset folder: {exc}") from exc
    report = BatchReport()
    started = time.perf_counter()
    client, cluster = _cluster(scheduler, workers)
    try:
        report.dashboard = client.dashboard_link
        if on_start:
            on_start(report)
        parts = partitions(read_inputs(inputs, settings.max_bytes), version, partition_size)
        _submit_all(client, parts, (str(out), settings, started), report, on_progress)
        report.links = client.submit(_links, str(out), pure=False).result()
        report.stories = write_stories(out, settings)  # sequential: here, on the client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - started
    return report


def _links(out: str) -> str | None:
    from veille.store.dataset import write_links

    return write_links(out)


def _submit_all(client, parts, job: tuple, report, on_progress) -> None:
    """Submit the partitions not yet written, at most a window of them in flight; ``job``
    is the dataset folder, the settings and when the run started."""
    from distributed import as_completed

    out, settings, started = job
    window = 2 * max(1, len(client.scheduler_info().get("workers", {}))) + 2
    running = as_completed()
    inflight = 0
    loaded = False
    for part in parts:
        report.partitions += 1
        stored = stored_documents(out, part.key)
        if stored is not None:
            report.present += stored
            report.skipped += part.skipped
            continue
        if not loaded:  # the model, once there is a partition to analyse
            client.register_plugin(ModelPlugin(settings))  # returns once every worker has it
            report.startup_seconds = time.perf_counter() - started
            loaded = True
        key = f"veille-partition-{part.key}"
        running.add(client.submit(process, part, out, settings, key=key, retries=2))
        inflight += 1
        while inflight >= window:
            _collect(next(running).result(), report, started, on_progress)
            inflight -= 1
    for future in running:
        _collect(future.result(), report, started, on_progress)


def _collect(result: PartitionReport, report: BatchReport, started: float, on_progress) -> None:
    report.written += result.written
    if result.written:
        report.documents += result.documents
    else:
        report.present += result.documents
    report.failed += result.failed
    report.skipped += result.skipped
    report.seconds = time.perf_counter() - started
    if on_progress:
        on_progress(report)
