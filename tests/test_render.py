"""Display: the summary of the example bulletin, events on one line (analysed or stored),
and text from the input made safe for the terminal."""

from __future__ import annotations

import io
import json

from rich.console import Console
from typer.testing import CliRunner

from conftest import EXAMPLES
from veille.cli import app
from veille.model import Actor, Cameo, Event, EventPlace, Span
from veille.render import (
    _shorten,
    escape,
    format_event,
    format_event_row,
    print_summary,
    strip_controls,
)

runner = CliRunner()


def summary(dispatch) -> list[str]:
    buf = io.StringIO()
    print_summary(dispatch, Console(file=buf, width=200, highlight=False))
    return buf.getvalue().splitlines()


def test_summary_of_the_bulletin(alep):
    lines = summary(alep)
    text = "\n".join(lines)
    assert lines[0].startswith("─") and alep.id in lines[0]
    assert any(x.startswith("Dateline  Moscou") for x in lines)
    assert "Vladimir Poutine" in text and "Sergueï Choïgou" in text
    assert f"Quotes  {len(alep.quotes)}" in lines
    start = lines.index(f"Events  {len(alep.events)}")
    shown = [x.strip() for x in lines[start + 1 : start + 1 + len(alep.events)]]
    assert shown == [format_event(e, alep) for e in alep.events]


def test_summary_is_what_veille_analyze_prints(alep):
    result = runner.invoke(app, ["analyze", str(EXAMPLES / "alep.txt"), "--date", "2016-12-23"])
    assert result.exit_code == 0, result.output
    buf = io.StringIO()
    print_summary(alep, Console(file=buf, highlight=False))
    assert result.stdout.splitlines()[1:] == buf.getvalue().splitlines()[1:]


def test_format_event_on_the_bulletin(alep):
    line = format_event(alep.events[0], alep)
    assert line.startswith("2016-12-23")
    assert f"[{alep.events[0].plover}]" in line
    assert line.endswith(f"«{alep.events[0].trigger.text}»")


def test_format_event_without_dates_place_or_actors():
    e = Event(
        "v1", Span("frappes", 0, 7), Cameo("195", "19", "Employ aerial weapons", -10, 4), None
    )
    e.modality = "reported"
    assert format_event(e) == "????-??-?? — ?: 195 employ aerial weapons [-] (reported) «frappes»"


def test_a_stored_event_reads_as_an_analysed_one():
    event = Event(
        "v1",
        Span("rencontré", 0, 9),
        Cameo("040", "04", "Consult", 1.0, 1),
        plover="CONSULT",
        actors=[Actor("Vladimir Poutine", "e1", "RUSGOV")],
        recipients=[Actor("Recep Tayyip Erdogan", "e2", "TURGOV"), Actor("Turquie", None, None)],
        location=EventPlace("Saint Petersburg", "RU"),
        date="2016-08-09",
    )
    row = {
        "trigger": "rencontré",
        "cameo_code": "040",
        "cameo_name": "Consult",
        "plover": "CONSULT",
        "modality": "asserted",
        "date": "2016-08-09",
        "location": {"name": "Saint Petersburg", "country": "RU"},
        "actors": [{"name": "Vladimir Poutine", "entity": "e1", "code": "RUSGOV"}],
        "recipients": [
            {"name": "Recep Tayyip Erdogan", "entity": "e2", "code": "TURGOV"},
            {"name": "Turquie", "entity": None, "code": None},
        ],
    }
    line = format_event_row(row)
    assert line == format_event(event)
    assert line == (
        "2016-08-09 Saint Petersburg — RUSGOV (Vladimir Poutine) → TURGOV (Recep Tayyip "
        "Erdogan), ? (Turquie): 040 consult [CONSULT] «rencontré»"
    )


def test_stored_events_of_the_bulletin(alep, tmp_path):
    bulletin = tmp_path / "alep.jsonl"
    record = {"id": "alep", "date": "2016-12-23", "text": alep.text}
    bulletin.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "v.db")
    assert runner.invoke(app, ["ingest", str(bulletin), "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["events", "--json", "--db", db]).stdout)
    shown = runner.invoke(app, ["events", "--db", db]).stdout.splitlines()
    assert [x.split("  ")[0] for x in shown] == [format_event_row(r) for r in rows]
    assert any(
        x.startswith("2016-12-23 Moscow — RUSGOV (Vladimir Poutine) → RUSMIL (Sergueï Choïgou)")
        for x in shown
    )


def test_shorten():
    assert _shorten("  a\n b  ") == "a b"
    long = "mot " * 30
    assert len(_shorten(long)) == 72 and _shorten(long).endswith("…")


def test_input_text_cannot_drive_the_terminal():
    assert strip_controls("Alep\x1b[31m rouge\x07\x1b]0;titre\x07") == "Alep rouge"
    assert escape("[bold]Poutine[/]\x1b[2J") == "\\[bold]Poutine\\[/]"
