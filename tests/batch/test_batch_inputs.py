"""The inputs of ``veille batch`` (JSONL, CSV, folders of .txt, gzip or zstd) cut into
partitions, and one partition analysed and written as a worker does, in this process."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import zstandard

from veille.batch.inputs import partitions, read_inputs
from veille.batch.partition import TABLES, process
from veille.ingest import RawDocument, ReadError
from veille.settings import Settings

TEXTS = [
    "Paris / Le ministre des Affaires étrangères, Jean-Yves Le Drian, a condamné mardi "
    "l'attaque contre un convoi humanitaire près d'Alep.",
    "Moscou / Vladimir Poutine a reçu le président turc Recep Tayyip Erdogan à "
    "Saint-Pétersbourg, a annoncé le Kremlin.",
    "Beyrouth / « Nous ne partirons pas », a déclaré le Premier ministre libanais.",
]


def _corpus(tmp_path: Path) -> list[str]:
    """A gzipped JSONL (one bad line), a zstd CSV, a folder of .txt (one gzipped, one binary)."""
    lines = [json.dumps({"text": TEXTS[0], "date": "2016-12-20"}), "{not json", ""]
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    csv = "id;text\nx1;" + TEXTS[1] + "\n"
    (tmp_path / "b.csv.zst").write_bytes(zstandard.ZstdCompressor().compress(csv.encode()))
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "c.txt").write_text(TEXTS[2], encoding="utf-8")
    (folder / "d.txt.gz").write_bytes(gzip.compress(TEXTS[0].encode()))  # a repeat
    (folder / "e.txt").write_bytes(bytes(range(256)) * 4)
    return [str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.csv.zst"), str(folder)]


def test_compressed_jsonl_csv_and_text_folders_are_read_with_their_errors(tmp_path):
    items = list(read_inputs(_corpus(tmp_path)))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert [d.text for d in docs] == [TEXTS[0], TEXTS[1], TEXTS[2], TEXTS[0]]
    assert docs[0].meta["date"] == "2016-12-20" and docs[1].meta["id"] == "x1"
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [(Path(e.path).name, e.location) for e in errors] == [
        ("a.jsonl.gz", "line 2"),
        ("e.txt", ""),
    ]
    assert "invalid JSON" in errors[0].reason and "binary" in errors[1].reason


def test_fsspec_urls_are_read_like_paths(tmp_path):
    paths = _corpus(tmp_path)
    by_path = [getattr(i, "text", None) for i in read_inputs(paths)]
    by_url = [getattr(i, "text", None) for i in read_inputs(["file://" + p for p in paths])]
    assert by_url == by_path


def test_a_missing_input_is_an_error_not_a_crash(tmp_path):
    (item,) = read_inputs([str(tmp_path / "nowhere.jsonl")])
    assert isinstance(item, ReadError) and "no such file" in item.reason


def test_partitions_each_document_once_and_keys_by_content(tmp_path):
    items = list(read_inputs(_corpus(tmp_path)))
    parts = list(partitions(iter(items), "v1", 2))
    assert [len(p.documents) for p in parts] == [2, 1]
    assert [n for p in parts for n, _, _ in p.documents] == [0, 1, 2]
    assert sum(p.skipped for p in parts) == 1  # d.txt.gz repeats a.jsonl.gz's text
    assert sum(len(p.errors) for p in parts) == 2
    again = [p.key for p in partitions(iter(items), "v1", 2)]
    assert again == [p.key for p in parts]
    assert [p.key for p in partitions(iter(items), "v2", 2)] != again  # another pipeline


def test_a_partition_is_written_one_file_a_table_then_skipped(nlp, tmp_path):
    items = read_inputs(_corpus(tmp_path))
    (part,) = partitions(items, "v1", 10)
    out = tmp_path / "dataset"
    report = process(part, str(out), Settings())
    assert (report.documents, report.failed, report.skipped, report.written) == (3, 2, 1, True)
    for table in TABLES:
        assert [f.name for f in (out / table).iterdir()] == [f"{part.key}.parquet"]
    documents = pq.read_table(out / "documents" / f"{part.key}.parquet").to_pylist()
    assert [d["text"] for d in documents] == TEXTS and [d["n"] for d in documents] == [0, 1, 2]
    errors = pq.read_table(out / "errors" / f"{part.key}.parquet").to_pylist()
    assert [e["stage"] for e in errors] == ["read", "read"]
    assert process(part, str(out), Settings()).written is False


@pytest.mark.parametrize("name", ["quotes", "events"])
def test_partition_tables_have_the_export_columns(nlp, tmp_path, name):
    from veille.store.export import TABLES as EXPORT

    (part,) = partitions(read_inputs(_corpus(tmp_path)), "v1", 10)
    process(part, str(tmp_path / "ds"), Settings())
    table = pq.read_table(tmp_path / "ds" / name / f"{part.key}.parquet")
    assert table.column_names == list(EXPORT[name][1])
    assert table.num_rows >= 1
