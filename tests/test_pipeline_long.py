"""Long documents are analysed in pieces with offsets into the whole text; the hard limit is
one line; worker processes never outlive their parent."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc

from veille.pipeline import Settings, TextTooLong, analyze_many, piece_bounds

ROOT = Path(__file__).resolve().parent.parent
ALEP = (ROOT / "examples" / "alep.txt").read_text(encoding="utf-8")


def _blank_doc(text: str) -> Doc:
    return spacy.blank("fr")(text)


def test_piece_bounds_cover_the_doc_and_prefer_paragraphs():
    paragraph = "Le président russe a reçu son homologue turc à Moscou. Ils ont parlé d'Alep."
    text = "\n\n".join([paragraph] * 40)
    doc = _blank_doc(text)
    bounds = piece_bounds(doc, 400)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    assert all(a < b for a, b in bounds)
    assert all(b == a2 for (_, b), (a2, _) in itertools.pairwise(bounds))
    for a, b in bounds:
        assert len(doc[a:b].text) <= 400 + len(paragraph)
        assert doc[a].text == "Le"  # every piece starts a paragraph
        assert a == 0 or "\n\n" in doc[a - 1].text + doc[a - 1].whitespace_


def test_piece_bounds_cut_a_line_without_punctuation():
    text = " ".join(["combats"] * 5000)
    doc = _blank_doc(text)
    bounds = piece_bounds(doc, 2000)
    assert len(bounds) > 10
    assert all(len(doc[a:b].text) <= 2000 for a, b in bounds)
    assert "".join(doc[a:b].text_with_ws for a, b in bounds) == text


def test_short_text_is_one_piece():
    doc = _blank_doc(ALEP)
    assert piece_bounds(doc, 20_000) == [(0, len(doc))]


def _dev_text(n: int) -> str:
    paragraphs = [p for p in re.split(r"\n\s*\n", ALEP) if p.strip()]
    out: list[str] = []
    size = 0
    i = 0
    while size < n:
        # numbered so that no two paragraphs are the same text
        p = f"{paragraphs[i % len(paragraphs)]} ({i})"
        out.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(out)[:n]


def _check_offsets(d, text: str) -> None:
    assert d.text == text
    for e in d.entities:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    for q in d.quotes:
        assert 0 <= q.start < q.end <= len(text)
    for ev in d.events:
        assert text[ev.trigger.start : ev.trigger.end] == ev.trigger.text


def test_long_text_in_pieces_keeps_offsets_and_clusters_across_pieces(nlp):
    """A text of several pieces: offsets point into the whole text, Poutine is one entity
    whose mentions span the pieces, and his quotes in later pieces keep him as speaker."""
    text = _dev_text(9000)
    small = Settings(piece_chars=2000)
    d = next(analyze_many([text], settings=small))
    _check_offsets(d, text)
    poutine = [e for e in d.entities if e.name == "Vladimir Poutine"]
    assert len(poutine) == 1
    starts = [m.start for m in poutine[0].mentions]
    assert min(starts) < 2000 and max(starts) > 6000
    late = [q for q in d.quotes if q.start > 4000]
    assert late and all(q.speaker and q.speaker.name == "Vladimir Poutine" for q in late)


def test_text_above_the_hard_limit_is_refused_in_one_line(nlp):
    with pytest.raises(TextTooLong) as info:
        next(analyze_many(["Alep. " * 1000], settings=Settings(max_chars=5000)))
    message = str(info.value)
    assert "\n" not in message and "6,000 characters" in message and "5,000" in message


def _run_analyze(path: Path, timeout: int) -> dict:
    code = (
        "import json, sys, veille; "
        f"text = open({str(path)!r}, encoding='utf-8').read(); "
        "d = veille.analyze(text); "
        "json.dump({'ok': d.text == text, 'entities': [[m.start, m.end, m.text] "
        "for e in d.entities for m in e.mentions], 'quotes': [[q.start, q.end] for q in "
        "d.quotes], 'events': [[v.trigger.start, v.trigger.end, v.trigger.text] for v in "
        "d.events]}, sys.stdout)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _assert_offsets(result: dict, text: str) -> None:
    assert result["ok"]
    assert result["entities"]
    for start, end, form in result["entities"] + result["events"]:
        assert text[start:end] == form


def test_one_megabyte_document_is_analysed_with_offsets_into_it(tmp_path):
    """A guard against hangs (not a speed test): 1 MB of French dispatch text."""
    text = _dev_text(1_000_000)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = _run_analyze(path, timeout=900)
    _assert_offsets(result, text)
    assert max(start for start, _, _ in result["entities"]) > 900_000


def test_200_kb_line_without_punctuation_is_analysed(tmp_path):
    words = re.sub(r"[^\w\s']", " ", ALEP).split()
    text = " ".join(words * 200)[:200_000]
    assert "\n" not in text and "." not in text
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    result = _run_analyze(path, timeout=900)
    _assert_offsets(result, text)


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _start_ingest(tmp_path: Path) -> tuple[subprocess.Popen, list[int]]:
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as f:
        for i in range(400):
            f.write(json.dumps({"id": str(i), "text": f"{ALEP}\n\nDépêche n° {i}."}) + "\n")
    proc = subprocess.Popen(
        ["veille", "ingest", str(corpus), "--db", str(tmp_path / "c.db"), "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.5)
        workers = _children(proc.pid)
        assert proc.poll() is None, proc.communicate()
    assert len(workers) >= 2, "the ingest started no worker processes"
    time.sleep(3)  # the workers are loading the model or analysing
    return proc, workers


def _wait_gone(pids: list[int], seconds: float = 20) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in pids if _alive(p)]
        if not alive:
            return []
        time.sleep(0.2)
    return [p for p in pids if _alive(p)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_killed_ingest_with_two_workers_leaves_no_process_behind(tmp_path):
    """Regression: `kill -9` of `veille ingest --workers 2` left both workers alive forever."""
    proc, workers = _start_ingest(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    left = _wait_gone(workers)
    for pid in left:  # do not leave them to the next test either
        os.kill(pid, signal.SIGKILL)
    assert left == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_an_ingest_and_its_workers_cleanly(tmp_path):
    proc, workers = _start_ingest(tmp_path)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    left = _wait_gone(workers)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
    assert proc.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
