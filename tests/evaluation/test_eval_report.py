"""The report tables."""

from __future__ import annotations

from alep_items import DIRECT, gold_doc, gold_quote, pred_doc

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
