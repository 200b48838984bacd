"""The README's recipe: a scheduler and 2 workers started with the ``dask`` CLI, ``veille
batch --scheduler`` pointed at them; and a worker killed mid-run, the run still complete
with every document once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from batchkit import DEV_GOLD
from batchkit import SRC as SRC_PATH

from testkit import run_cli
from veille.batch import run_batch

SRC = str(SRC_PATH)
NO_DASHBOARD = ["--dashboard-address", ":0"]  # any free port: tests run side by side


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """``dask scheduler`` and ``dask worker --nworkers 2``, as the README starts them."""
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")])}
    common = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [
        subprocess.Popen(
            ["dask", "scheduler", "--scheduler-file", str(info), "--port", "0", *NO_DASHBOARD],
            **common,
        )
    ]
    try:
        for _ in range(300):
            if info.exists() and info.stat().st_size:
                break
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        procs.append(
            subprocess.Popen(
                ["dask", "worker", address, "--nworkers", "2", "--nthreads", "1", *NO_DASHBOARD],
                **common,
            )
        )
        _wait_workers(address, 2)
        yield address
    finally:
        _shutdown(info)
        for p in reversed(procs):
            p.send_signal(signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()


def _shutdown(info: Path) -> None:
    """Scheduler and workers closed by the scheduler (quicker than a signal to each)."""
    from distributed import Client

    try:
        with Client(scheduler_file=str(info), timeout="10s") as client:
            client.shutdown()
    except Exception:  # not started, or gone already: the signals below end it
        pass


def _wait_workers(address: str, n: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(n, timeout=timeout)


def _corpus(tmp_path: Path, n: int) -> Path:
    """The first ``n`` documents of the dev set."""
    if not DEV_GOLD.exists():
        pytest.skip("shared/eval/dev.jsonl is not beside the project")
    path = tmp_path / "corpus.jsonl"
    lines = DEV_GOLD.read_text(encoding="utf-8").splitlines()[:n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _ids(dataset: Path) -> list[str]:
    """The ids in the documents files themselves (not through the deduplicating views)."""
    return [i for f in (dataset / "documents").glob("*.parquet") for i in pq.read_table(f)["id"]]


def test_dask_cli_scheduler_and_workers_process_a_corpus(scheduler, tmp_path):
    corpus = _corpus(tmp_path, 6)
    out = tmp_path / "dataset"
    args = ["batch", corpus, "--out", out, "--scheduler", scheduler, "--partition-size", "3"]
    result = run_cli(*args, env={**os.environ, "PYTHONPATH": SRC})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("6 analysed in 2 new partitions"), result.stdout
    assert "Dask dashboard: http://" in result.stderr
    assert len(_ids(out)) == 6
    again = run_cli(*args, env={**os.environ, "PYTHONPATH": SRC})
    assert again.stdout.startswith("0 analysed in 0 new partitions, 6 already"), again.stdout


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(scheduler, tmp_path):
    from distributed import Client

    corpus = _corpus(tmp_path, 10)
    out = tmp_path / "dataset"
    with Client(scheduler) as client:
        pids = list(client.run(os.getpid).values())
    result: dict = {}

    def run() -> None:
        result["report"] = run_batch([str(corpus)], out, scheduler=scheduler, partition_size=1)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not list((out / "documents").glob("*.parquet")) and time.monotonic() < deadline:
        time.sleep(0.05)
    written = len(list((out / "documents").glob("*.parquet")))
    os.kill(pids[0], signal.SIGKILL)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert 1 <= written < 10  # killed mid-run
    report = result["report"]
    # a partition the killed worker had written before it died is found, not written again
    assert report.documents + report.present == 10
    ids = _ids(out)
    assert len(ids) == len(set(ids)) == 10
