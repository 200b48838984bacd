"""The report tables."""

from __future__ import annotations

from alep_items import DIRECT, gold_doc, gold_quote, pred_doc, pred_quote

from veille.evaluation import format_report, score


def test_format_report_renders():
    from rich.console import Console

    gold = gold_doc(quotes=[gold_quote(*DIRECT)])
    console = Console(width=120, record=True)
    console.print(format_report(score([gold], [pred_doc()])))
    out = console.export_text()
    assert "Quotes" in out
    assert "according_to" in out
    assert "Events" in out
    assert "—" in out  # undefined precision


def _render(renderable) -> str:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(renderable)
    return console.export_text()


def test_several_files_side_by_side():
    dev = score([gold_doc(quotes=[gold_quote(*DIRECT)])], [pred_doc(quotes=[pred_quote(*DIRECT)])])
    check = score([gold_doc(quotes=[gold_quote(*DIRECT)]), gold_doc()], [pred_doc(), pred_doc()])
    out = _render(format_report({"../shared/eval/dev.jsonl": dev, "check.jsonl": check}))
    for title in ("Quotes", "Entities", "Places", "Events"):
        assert title in out
    header = next(line for line in out.splitlines() if "dev.jsonl" in line)
    assert header.index("dev.jsonl") < header.index("check.jsonl")  # one column per file
    assert "../shared" not in out  # file names, not paths
    assert "1 docs" in out and "2 docs" in out
    f1 = next(line for line in out.splitlines() if line.startswith("│ F1 "))
    assert [cell.strip() for cell in f1.split("│")[1:-1]] == ["F1", "1.000", "0.000"]  # quotes
