"""The bulletin of a day of real French news: the stories ranked with their headlines,
summaries made of the articles' own sentences (at the offsets given), quotes with their
speakers, every title escaped, an empty day said so, Markdown as well as HTML."""

from __future__ import annotations

import re

from markupsafe import escape

from bulletin.conftest import DAY, XSS_TITLE
from testkit import cli


def test_top_stories_have_headlines_ranked_by_the_days_articles(day_bulletin, day_conn):
    top = day_bulletin["top"]
    titles = dict(day_conn.execute("SELECT id, title FROM documents"))
    assert len(top) == day_bulletin["stories"] == 8
    assert [s["rank"] for s in top] == list(range(1, 9))
    assert all(s["headline"] in titles.values() for s in top)
    # the two stories with two articles that day come first
    assert [s["articles_today"] for s in top[:2]] == [2, 2]
    assert top[0]["headline"].startswith(("Greta", "Discours", "Assemblée", "ONU", "Climat")) or (
        top[0]["articles_today"] == 2
    )
    recul = next(s for s in top if s["articles"] == 2 and s["articles_today"] == 1)
    assert recul["last_seen"] == "2019-09-25" and recul["new"]


def test_summary_sentences_are_the_articles_own_at_their_offsets(day_bulletin, day_texts):
    told = [s for s in day_bulletin["top"] if s["summary"]]
    assert len(told) >= 7
    for story in told:
        assert 1 <= len(story["summary"]) <= 3
        keys = {d["key"] for d in story["documents"]}
        for x in story["summary"]:
            assert x["document"] in keys
            assert day_texts[x["document"]][x["start"] : x["end"]] == x["text"]
            assert story["documents"][x["ref"] - 1]["key"] == x["document"]
    two = next(s for s in told if s["articles_today"] == 2)
    assert len(two["summary"]) >= 2


def test_quotes_have_their_speakers_and_cues(day_bulletin):
    quotes = [q for s in day_bulletin["top"] for q in s["quotes"]]
    assert len(quotes) >= 4
    assert all(q["speaker"] and q["content"] for q in quotes)
    assert any(q["cue"] for q in quotes)
    assert any("Macron" in q["speaker"] for q in quotes)
    people = [p["name"] for p in day_bulletin["speakers"]]
    assert "Emmanuel Macron" in people


def test_events_in_french_words_and_places_on_a_map(day_bulletin):
    events = [e for s in day_bulletin["top"] for e in s["events"]]
    assert events and all(e["action"] for e in events)
    assert any(e["actor"] for e in events)
    maps = [s["map"] for s in day_bulletin["top"] if s["map"]]
    assert maps and all(m["markers"] for m in maps)


def test_regions_hold_every_story_of_the_day(day_bulletin):
    regions = {r["title"]: r["stories"] for r in day_bulletin["regions"]}
    assert sum(len(v) for v in regions.values()) == day_bulletin["stories"]
    assert "France" in regions and all(s["country"] is None for s in regions["France"])
    arabie = [s for v in regions.values() for s in v if "Arabie" in (s["headline"] or "")]
    assert arabie and arabie[0]["country"] == "Arabie saoudite"
    assert any("Arabie" in (s["headline"] or "") for s in regions.get("Moyen-Orient", []))


def test_html_is_one_file_with_the_stories_and_no_request(day_bulletin):
    from veille.bulletin import render

    page = render(day_bulletin, "html")
    assert page.startswith("<!doctype html>") and '<html lang="fr">' in page
    for story in day_bulletin["top"]:
        assert str(escape(story["headline"])) in page
        for x in story["summary"]:
            assert f'data-start="{x["start"]}" data-end="{x["end"]}"' in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert "<script" not in page.lower()
    assert "@media print" in page and "@media (max-width" in page


def test_every_title_is_escaped(day_bulletin):
    from veille.bulletin import render

    page = render(day_bulletin, "html")
    assert "<script>alert(1)</script>" not in page and "<b>grasse" not in page
    assert str(escape(XSS_TITLE)) in page
    text = render(day_bulletin, "md")
    assert "<script>" not in text and r"\<script\>alert\(1\)\</script\>" in text


def test_markdown_bulletin(day_bulletin):
    from veille.bulletin import render

    text = render(day_bulletin, "md")
    assert text.startswith("# Bulletin du mardi 24 septembre 2019\n")
    assert "## 1. " in text and "**Qui a dit quoi**" in text and "## Le monde" in text
    assert "## Les plus cités du jour" in text
    first = day_bulletin["top"][0]
    assert f"`{first['summary'][0]['document']}` {first['summary'][0]['start']}–" in text


def test_an_empty_day_gives_a_bulletin_that_says_so(day_conn):
    from veille.bulletin import build, render

    empty = build(day_conn, "2001-01-01")
    assert empty["top"] == [] and empty["documents"] == 0
    assert "Aucun sujet ce jour" in render(empty, "html")
    assert "Aucun sujet ce jour : aucun document daté du lundi 1er janvier 2001" in render(
        empty, "md"
    )


def test_cli_writes_the_bulletin(day_db, tmp_path):
    out = tmp_path / "bulletin.md"
    result = cli("bulletin", "--date", DAY, "--format", "md", "--out", out, "--db", day_db)
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# Bulletin du mardi 24 septembre 2019")
    result = cli("bulletin", "--date", DAY, "--top", "2", "--db", day_db)
    assert result.exit_code == 0 and result.stdout.count('<article class="story"') == 2


def test_cli_bad_date_or_format_is_one_line(day_db):
    for args in (["--date", "2019-13-01"], ["--date", "hier"], ["--date", DAY, "--format", "pdf"]):
        result = cli("bulletin", *args, "--db", day_db)
        assert result.exit_code == 2, result.output
        assert result.output.startswith("error: ") and result.output.count("\n") == 1, result.output


def test_bulletin_place_names_were_the_gazetteers_english(day_bulletin, day_texts):
    """The map named places as GeoNames stores them (New York City, Riyadh): a place is
    named as the day's articles write it, a country by its French name."""
    names = [m["name"] for s in day_bulletin["top"] if s["map"] for m in s["map"]["markers"]]
    text = "\n".join(day_texts.values())
    assert names and all(n in text or n in _FRENCH_COUNTRIES for n in names), names
    assert "New York City" not in names


_FRENCH_COUNTRIES = {"États-Unis", "Arabie saoudite", "France", "Brésil", "Iran", "Yémen"}
