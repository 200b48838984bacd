"""The web tests' corpus: the dev set given dates, titles and sources (so the date and source
filters and the charts have something to show), and three hostile documents whose title and
text carry markup that must render as text."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

XSS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
)
START = date(2016, 12, 1)
SOURCES = ("AFP", "Reuters", "Bulletin Français")


def title_of(text: str) -> str:
    """The first line, cut at 90 characters on a word."""
    line = text.strip().splitlines()[0]
    return line if len(line) <= 90 else line[:90].rsplit(" ", 1)[0] + "…"


def records(dev: Path) -> list[dict]:
    """The dev set's articles as ingest records, then the hostile ones."""
    rows = []
    for i, line in enumerate(dev.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        gold = json.loads(line)
        rows.append(
            {
                "id": gold["id"],
                "text": gold["text"],
                "title": title_of(gold["text"]),
                "date": (START + timedelta(days=i % 20)).isoformat(),
                "source": SOURCES[i % len(SOURCES)],
            }
        )
    for i, attack in enumerate(XSS):
        rows.append(
            {
                "id": f"xss-{i}",
                "title": f"Attaque {attack} titre",
                "text": f"Paris / Le ministre Jean Dupont a déclaré : « {attack} ne passera pas »."
                "\n"
                f"Il a ajouté que {attack} était une menace pour la ville de Lyon.",
                "date": (START + timedelta(days=21)).isoformat(),
                "source": f"Agence {attack}",
            }
        )
    return rows


def write_jsonl(dev: Path, out: Path) -> Path:
    out.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(dev)), encoding="utf-8"
    )
    return out
