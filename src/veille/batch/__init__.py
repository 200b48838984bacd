"""Scale-out: a corpus analysed on a Dask cluster into a Parquet dataset (``veille batch``).

:mod:`~veille.batch.inputs` reads the inputs and cuts them into partitions,
:mod:`~veille.batch.partition` analyses and writes one partition on a worker,
:mod:`~veille.batch.run` drives the cluster. The dataset is queried in place by
:mod:`veille.store.dataset`.
"""

from veille.batch.run import PARTITION_SIZE, BatchError, BatchReport, run_batch

__all__ = ["PARTITION_SIZE", "BatchError", "BatchReport", "run_batch"]
