"""The benchmark's corpus reader and the shape of its result (speed itself is not asserted)."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from rich.console import Console

from veille.bench import bare_nlp, format_bench, load_corpus, run_bench
from veille.ingest import InputError
from veille.pipeline import Settings

CP1252_TEXT = (
    "Le ministre a déclaré qu’il était « très préoccupé » par la situation à Alep, "
    "où les élèves n’ont plus d’école depuis l’été dernier."
)
SENTENCES = [
    "Le président russe, Vladimir Poutine, a affirmé que la libération d’Alep était décisive.",
    "« Nous ne céderons pas », a déclaré le ministre français des Affaires étrangères à Paris.",
    "Selon l’ONU, plus de 35 000 civils ont été évacués de la ville en quatre jours.",
]


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "b.txt").write_text("Deuxième dépêche.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Première dépêche.", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_bytes(CP1252_TEXT.encode("cp1252"))
    (sub / "d.txt").write_bytes(bytes(range(256)) * 8)  # binary: skipped
    (tmp_path / "notes.md").write_text("Pas une dépêche.", encoding="utf-8")  # not .txt
    return tmp_path


def test_folder_recursive_sorted_cp1252_decoded_binary_skipped(folder, caplog):
    with caplog.at_level(logging.WARNING, logger="veille.bench"):
        texts = load_corpus(folder)
    assert texts == ["Première dépêche.", "Deuxième dépêche.", CP1252_TEXT]
    skipped = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(skipped) == 1
    assert "d.txt" in skipped[0]
    assert "binary" in skipped[0]


def test_single_text_file_is_one_document(folder):
    assert load_corpus(folder / "sub" / "c.txt") == [CP1252_TEXT]
    assert load_corpus(str(folder / "a.txt")) == ["Première dépêche."]


def test_jsonl_text_fields_records_without_text_skipped(tmp_path, caplog):
    path = tmp_path / "corpus.jsonl"
    records = [
        {"id": "1", "text": "Un texte\u2028avec un séparateur de ligne."},
        {"id": "2", "gold": []},
        {"id": "3", "text": "Un autre texte."},
    ]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text(lines[0] + "\n\n" + lines[1] + "\n" + lines[2] + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="veille.bench"):
        texts = load_corpus(path)
    assert texts == ["Un texte\u2028avec un séparateur de ligne.", "Un autre texte."]
    assert any("corpus.jsonl:3" in r.getMessage() for r in caplog.records)


def test_jsonl_bad_line_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "ok"}\n{"text": oups}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        load_corpus(path)


def test_n_cycles_or_truncates(folder):
    a, b, c = load_corpus(folder)
    assert load_corpus(folder, n=7) == [a, b, c, a, b, c, a]
    assert load_corpus(folder, n=2) == [a, b]
    assert load_corpus(folder, n=3) == [a, b, c]


def test_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_corpus(tmp_path / "absent.jsonl")
    with pytest.raises(InputError, match="no document"):
        load_corpus(tmp_path)  # empty folder
    (tmp_path / "x.txt").write_text("texte", encoding="utf-8")
    with pytest.raises(InputError, match="at least 1"):
        load_corpus(tmp_path, n=0)


def test_dev_set_loads(dev_gold):
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
    assert load_corpus(dev) == [r["text"] for r in dev_gold]


@pytest.fixture(scope="module")
def result(nlp):
    # nlp: the session pipeline, so veille's model is loaded once for all tests.
    return run_bench(SENTENCES, n_process_values=(1,), warmup=1, rounds=1)


def test_run_bench_shape(result):
    assert result["docs"] == 3
    assert result["unique_docs"] == 3
    assert result["chars"] == sum(map(len, SENTENCES))
    assert [(r["pipeline"], r["n_process"]) for r in result["runs"]] == [
        ("spacy", 1),
        ("veille", 1),
    ]
    for run in result["runs"]:
        assert run["seconds"] > 0
        assert run["docs_per_s"] == pytest.approx(3 / run["seconds"], rel=1e-2)
        assert run["tokens_per_s"] == pytest.approx(result["tokens"] / run["seconds"], rel=1e-2)
        assert len(run["round_seconds"]) == 1
    assert set(result["ratio"]) == {"1"}
    spacy_s, veille_s = (r["seconds"] for r in result["runs"])
    assert result["ratio"]["1"] == pytest.approx(veille_s / spacy_s, rel=1e-2)
    assert result["peak_rss_mb"] > 100  # a spaCy model is loaded: tens of MB at the very least
    assert result["peak_rss_spacy_mb"] is None  # the session pipeline was built before
    assert result["peak_rss_children_mb"] is None  # no worker process
    assert result["machine"]["cpus"] >= 1
    assert result["model"].startswith("fr_core_news_md ")
    json.dumps(result)  # JSON-ready


def test_tokens_are_bare_spacy_tokens(result):
    bare = bare_nlp(Settings().model)
    assert result["tokens"] == sum(len(bare.make_doc(t)) for t in SENTENCES)


def test_cycled_corpus_reports_distinct_documents(nlp):
    result = run_bench(SENTENCES[:2] * 2, n_process_values=(1,), warmup=0, rounds=2)
    assert (result["docs"], result["unique_docs"]) == (4, 2)
    assert result["warmup"] == 0
    assert all(len(r["round_seconds"]) == 2 for r in result["runs"])
    text = _render(format_bench(result))
    assert "4 documents, 2 distinct" in text


def test_bad_arguments():
    with pytest.raises(ValueError, match="no documents"):
        run_bench([])
    with pytest.raises(ValueError, match="n_process"):
        run_bench(SENTENCES, n_process_values=(0,))


def test_format_bench(result):
    text = _render(format_bench(result))
    assert "3 documents" in text
    assert "distinct" not in text
    assert "spacy" in text
    assert "veille" in text
    assert f"× {result['ratio']['1']:.2f}" in text
    assert "peak RSS" in text


def _render(renderable) -> str:
    buf = io.StringIO()
    Console(file=buf, width=200, color_system=None).print(renderable)
    return buf.getvalue()


def test_build_document_reaches_the_length_at_a_paragraph_end(alep_text):
    from veille.bench import build_document

    texts = [alep_text, "Le Kremlin a démenti. Moscou a convoqué l'ambassadeur turc."]
    doc = build_document(texts, 5000)
    assert 2500 < len(doc) <= 5000
    assert doc.startswith(alep_text.strip()[:100])
    assert doc.endswith((".", "\n")) or len(doc) == 5000
    assert build_document(texts, 5000, start=1).startswith("Le Kremlin")


def test_length_bench_times_each_length_per_character(alep_text, nlp):
    from veille.bench import format_length_bench, run_length_bench

    result = run_length_bench([alep_text], lengths=[3000, 1000], budget_chars=3000)
    assert [r["length"] for r in result["runs"]] == [1000, 3000]
    assert [r["documents"] for r in result["runs"]] == [3, 1]
    assert result["ratio"]["1000"] == 1.0
    assert all(
        r["ms_per_1000_chars"] > 0 and r["chars"] <= r["length"] * r["documents"]
        for r in result["runs"]
    )
    console = Console(file=io.StringIO(), width=120)
    console.print(format_length_bench(result))
    assert "ms / 1,000 chars" in console.file.getvalue()


def test_rounds_are_timed_with_the_given_clock():
    """``--cpu``: the rounds read the clock they are given (``time.process_time``), so the
    time other programs take from a shared machine does not count."""
    from veille.bench import _rounds

    ticks = iter(range(100))
    done = []
    work = {"spacy": lambda n: done.append("spacy"), "veille": lambda n: done.append("veille")}
    seconds = _rounds(work, 1, 2, clock=lambda: float(next(ticks)))
    assert seconds == {"spacy": [1.0, 1.0], "veille": [1.0, 1.0]}
    assert done == ["spacy", "veille", "veille", "spacy"]


def test_cpu_clock_is_reported(nlp):
    result = run_bench(SENTENCES[:1], n_process_values=(1,), warmup=0, rounds=1, cpu=True)
    assert result["clock"] == "cpu"
    assert all(r["seconds"] > 0 for r in result["runs"])
