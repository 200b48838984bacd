"""Readers: every input format to documents, bad documents to error records (no model)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from veille.ingest import RawDocument, ReadError
from veille.ingest.feeds import html_to_text
from veille.ingest.meta import iso_date
from veille.ingest.readers import read_paths

DATA = Path(__file__).parent / "data"
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
    ],
)
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_html_to_text():
    assert html_to_text(
        "<p>Un&nbsp;<b>deux</b></p><p>trois<br/>quatre</p><script>x()</script>"
    ) == ("Un deux\ntrois\nquatre")
