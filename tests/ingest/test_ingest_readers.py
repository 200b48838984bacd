"""Readers: every input format to documents, bad documents to error records (no model)."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from testkit import ALEP_LINES as ALEP
from testkit import DATA, write_texts
from veille.ingest import RawDocument, ReadError
from veille.ingest.feeds import html_to_text
from veille.ingest.meta import iso_date
from veille.ingest.readers import read_paths

CORPUS = DATA / "corpus"
BAD = DATA / "bad"


def split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, ReadError)]
    return docs, errors


def read(*paths, **kwargs):
    return split(list(read_paths([str(p) for p in paths], **kwargs)))


def test_html_page_main_text_and_metadata_without_boilerplate():
    (doc,), errors = read(CORPUS / "page.html")
    assert errors == []
    assert doc.text.startswith("BAGDAD, 19 juin 2017 (AFP) - Les forces irakiennes")
    assert "frappes aériennes." in doc.text
    for boilerplate in ("cookies", "Accueil", "S'abonner", "Mentions légales", "À lire aussi"):
        assert boilerplate not in doc.text, boilerplate
    assert doc.meta["title"] == "Mossoul : l'armée irakienne avance dans la vieille ville"
    assert doc.meta["date"] == "2017-06-19"
    assert doc.meta["author"] == "Claire Martin"
    assert doc.meta["site"] == "Le Courrier du Levant"
    assert doc.meta["url"] == "https://www.courrier-levant.example/monde/mossoul-vieille-ville"


def test_rss_one_document_per_item_with_link_date_and_plain_text():
    docs, errors = read(CORPUS / "flux" / "monde.rss")
    assert errors == []
    assert [d.meta["location"] for d in docs] == ["item 1", "item 2", "item 3"]
    geneve, caire, ankara = docs
    # content:encoded wins over the short description; HTML stripped, entities decoded
    assert geneve.text.startswith("GENÈVE, 23 février 2017 (AFP) - Les délégations")
    assert "« saisir cette occasion historique »" in geneve.text
    assert "<p>" not in geneve.text and "&laquo;" not in geneve.text
    assert geneve.text.count("\n") == 1  # one line per paragraph
    assert geneve.meta["url"] == "https://depeches.example/monde/geneve-pourparlers-syrie"
    assert geneve.meta["date"] == "2017-02-23"
    assert geneve.meta["title"] == "Genève : reprise des pourparlers sur la Syrie"
    assert geneve.meta["source"] == "Dépêches Monde"
    assert caire.text.startswith("LE CAIRE, 10 avril 2017")
    assert ankara.meta["date"] == "2017-03-11"


def test_atom_entries_with_published_or_updated_date():
    docs, errors = read(CORPUS / "flux" / "afrique.atom")
    assert errors == []
    gambie, mali = docs
    assert gambie.text.startswith("BANJUL, 21 janvier 2017 (AFP) - L'ancien président gambien")
    assert gambie.meta["date"] == "2017-01-20"  # published
    assert gambie.meta["url"] == "https://afrique.example/gambie-jammeh-depart"
    assert mali.meta["date"] == "2017-01-18"  # updated only
    assert mali.text.startswith("BAMAKO, 18 janvier 2017")


def test_jsonl_fields():
    docs, errors = read(CORPUS / "depeches.jsonl")
    assert errors == []
    assert [d.meta["id"] for d in docs] == ["dep-001", "dep-002", "dep-003"]
    first, second, third = docs
    assert first.meta["date"] == "2017-03-28"
    assert first.meta["source"] == "Agence Exemple"
    assert first.meta["url"] == "https://depeches.example/france/manifestation"
    assert second.meta["date"] == "2017-05-14"  # from an ISO datetime
    assert "date" not in third.meta and "title" not in third.meta
    assert first.meta["location"] == "line 1"


def test_csv_with_multiline_text_and_french_dates():
    docs, errors = read(CORPUS / "depeches.csv")
    assert errors == []
    hambourg, mossoul = docs
    assert hambourg.text.count("\n") == 1
    assert "« trouver des compromis »" in hambourg.text
    assert hambourg.meta["title"] == "Hambourg : le G20 sous tension"
    assert mossoul.meta["date"] == "2017-07-09"  # 09/07/2017
    assert "url" not in mossoul.meta


def test_semicolon_csv_in_cp1252(tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(
        "titre;text;date\nÉlysée;Le président a reçu l’émissaire à l’Élysée.;2017-01-02\n".encode(
            "cp1252"
        )
    )
    (doc,), errors = read(path)
    assert errors == []
    assert doc.text == "Le président a reçu l’émissaire à l’Élysée."
    assert doc.meta["date"] == "2017-01-02"


def test_csv_without_text_column_is_an_error(tmp_path):
    path = tmp_path / "sans.csv"
    path.write_text("titre,contenu\nA,B\n", encoding="utf-8")
    docs, (error,) = read(path)
    assert docs == []
    assert "no 'text' column" in error.reason


def test_cp1252_text_file():
    (doc,), _ = read(CORPUS / "alep-cp1252.txt")
    assert doc.text.startswith("DAMAS, 12 décembre 2016 (SANA) - L’armée syrienne")
    assert "— une annonce saluée à Moscou" in doc.text


def test_folder_is_read_recursively_in_order():
    docs, errors = read(CORPUS)
    assert errors == []
    assert len(docs) == 12
    paths = {Path(d.meta["path"]).name for d in docs}
    assert paths == {
        "page.html",
        "monde.rss",
        "afrique.atom",
        "depeches.jsonl",
        "depeches.csv",
        "alep-cp1252.txt",
    }


def test_bad_documents_become_errors_and_the_rest_goes_on():
    docs, errors = read(BAD)
    reasons = {(Path(e.path).name, e.location): e.reason for e in errors}
    assert "empty" in reasons[("vide.txt", "")]
    assert "binary" in reasons[("image.png", "")]
    assert "invalid JSON" in reasons[("lignes.jsonl", "line 2")]
    assert "no 'text' field" in reasons[("lignes.jsonl", "line 3")]
    assert "empty" in reasons[("lignes.jsonl", "line 4")]
    assert "malformed feed" in reasons[("tronque.rss", "")]
    assert ("tronque.rss", "item 3") in reasons  # the item cut in its title has no text
    # what can be read is kept: one JSONL line, the two complete items of the truncated feed
    assert sorted(Path(d.meta["path"]).name for d in docs) == [
        "lignes.jsonl",
        "tronque.rss",
        "tronque.rss",
    ]
    kiev = next(d for d in docs if d.text.startswith("KIEV"))
    assert kiev.meta["url"] == "https://depeches.example/ukraine-cessez-le-feu"


def test_missing_path_is_an_error():
    docs, (error,) = read(DATA / "absent.txt")
    assert docs == [] and error.reason == "no such file"


def test_jsonl_on_stdin():
    stdin = io.BytesIO(
        b'{"text": "Premi\xc3\xa8re d\xc3\xa9p\xc3\xaache.", "date": "2017-01-01"}\n\n'
        b'{"text": "Seconde d\xc3\xa9p\xc3\xaache."}\n'
    )
    docs, errors = read("-", stdin=stdin)
    assert errors == []
    assert [d.text for d in docs] == ["Première dépêche.", "Seconde dépêche."]
    assert docs[0].meta == {"path": "-", "location": "line 1", "date": "2017-01-01"}


def test_unknown_extension_is_sniffed(tmp_path):
    feed = (CORPUS / "flux" / "monde.rss").read_bytes()
    (tmp_path / "flux").write_bytes(feed)
    docs, errors = read(tmp_path / "flux")
    assert errors == [] and len(docs) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-03-28", "2017-03-28"),
        ("2017-05-14T11:00:00+02:00", "2017-05-14"),
        ("Thu, 23 Feb 2017 09:15:00 +0100", "2017-02-23"),
        ("09/07/2017", "2017-07-09"),
        ("hier", None),
        ("", None),
        # garbage never raises (these raised OverflowError and ValueError)
        ("1 Jan 99999999999999999999 00:00:00 +0000", None),
        (time.struct_time((0, 1, 1, 0, 0, 0, 0, 1, 0)), None),
        (12345678901234567890, None),
        ({"jour": 1}, None),
        # implausible years for a dispatch are not dates either
        ("0001-01-01", None),
        ("9999-12-31T23:59:59+00:00", None),
        ("1871-03-18", "1871-03-18"),
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_html_to_text():
    assert html_to_text(
        "<p>Un&nbsp;<b>deux</b></p><p>trois<br/>quatre</p><script>x()</script>"
    ) == ("Un deux\ntrois\nquatre")


def test_reading_goes_on_after_an_odd_length_utf16_file(tmp_path):
    a, b, c = write_texts(tmp_path, "a.txt", "b.txt", "c.txt")
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\xff\xfeA\x00B")  # decode raised UnicodeDecodeError and ended the stream
    docs, errors = read(a, odd, b, c)
    assert [Path(d.meta["path"]).name for d in docs] == ["a.txt", "b.txt", "c.txt"]
    assert errors == [
        ReadError(str(odd), "UTF-16 text with an odd number of bytes: the file is truncated")
    ]


def test_reading_goes_on_after_dev_zero(tmp_path):
    (a,) = write_texts(tmp_path, "a.txt")
    docs, (error,) = read("/dev/zero", a)
    assert error.path == "/dev/zero" and "not a regular file" in error.reason
    assert [d.text for d in docs] == [ALEP[0] + "\n"]


def test_jsonl_date_that_overflows_is_ignored_and_reading_goes_on(tmp_path):
    src = tmp_path / "d.jsonl"
    records = [
        {"text": ALEP[0], "date": "2016-12-23"},
        {"text": ALEP[1], "date": "1 Jan 99999999999999999999 00:00:00 +0000"},
        {"text": ALEP[2], "date": "0001-01-01"},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    docs, errors = read(src)
    assert errors == []
    assert [d.meta.get("date") for d in docs] == ["2016-12-23", None, None]


def test_an_exception_while_reading_one_input_is_an_error_for_it_only(tmp_path, monkeypatch):
    import veille.ingest.html

    def explode(data, path, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(veille.ingest.html, "read_html", explode)
    a, b = write_texts(tmp_path, "a.txt", "b.txt")
    page = tmp_path / "page.html"
    page.write_bytes((CORPUS / "page.html").read_bytes())
    docs, (error,) = read(a, page, b)
    assert len(docs) == 2
    assert error.path == str(page) and "nested too deeply" in error.reason


def test_an_exception_on_one_jsonl_record_is_an_error_for_that_line_only(tmp_path, monkeypatch):
    import veille.ingest.records

    real = veille.ingest.records.clean_meta

    def fragile(record):
        if record.get("id") == "boum":
            raise OverflowError("Python int too large to convert to C long")
        return real(record)

    monkeypatch.setattr(veille.ingest.records, "clean_meta", fragile)
    src = tmp_path / "d.jsonl"
    lines = [{"text": ALEP[0]}, {"text": ALEP[1], "id": "boum"}, {"text": ALEP[2]}]
    src.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    docs, (error,) = read(src)
    assert [d.meta["location"] for d in docs] == ["line 1", "line 3"]
    assert error.location == "line 2" and "OverflowError" in error.reason


class Watched(io.BytesIO):
    """A stream that remembers the largest piece it handed out in one call."""

    largest = 0

    def readline(self, size=-1):
        line = super().readline(size)
        self.largest = max(self.largest, len(line))
        return line

    def read(self, size=-1):
        data = super().read(size)
        self.largest = max(self.largest, len(data))
        return data


def test_jsonl_line_over_the_limit_is_skipped_without_loading_it_whole():
    huge = json.dumps({"text": ALEP[1] * 5000}).encode()  # about 1.5 MB on one line
    stream = Watched(
        json.dumps({"text": ALEP[0]}).encode()
        + b"\n"
        + huge
        + b"\n"
        + json.dumps({"text": ALEP[2]}).encode()
        + b"\n"
    )
    docs, (error,) = read("-", stdin=stream, max_bytes=10_000)
    assert [d.text for d in docs] == [ALEP[0], ALEP[2]]
    assert error.location == "line 2" and "line too long" in error.reason
    assert stream.largest <= 1 << 20  # read in pieces, never the 1.5 MB line at once


def test_a_record_text_over_the_limit_is_refused():
    from veille.ingest import InputError, check_text

    with pytest.raises(InputError, match="item 2: too large for one document"):
        check_text(ALEP[1] * 10, "item 2", max_bytes=1000)
    assert check_text(ALEP[1], max_bytes=1000) == ALEP[1]


def test_csv_line_over_the_limit_is_skipped_and_the_next_rows_read(tmp_path):
    src = tmp_path / "d.csv"
    rows = [ALEP[0], ALEP[1] * 100, ALEP[2]]
    src.write_text("text,id\n" + "".join(f'"{t}",r{i}\n' for i, t in enumerate(rows)))
    docs, (error,) = read(src, max_bytes=5000)
    assert [d.meta["id"] for d in docs] == ["r0", "r2"]
    assert error.location.startswith("row 3") and "line too long" in error.reason


def test_invalid_unicode_in_a_jsonl_text_is_an_error_for_that_line():
    # a lone surrogate: valid JSON, but no store can encode it
    stream = io.BytesIO(b'{"text": "Alep \\ud800 lib\\u00e9r\\u00e9e"}\n')
    _, (error,) = read("-", stdin=stream)
    assert error.location == "line 1" and "lone surrogate" in error.reason
