"""Reading input: encodings detected, bad input refused with a clear message."""

from __future__ import annotations

import pytest

from veille.ingest import InputError, decode, read_text

FRENCH = "Le président a déclaré à l'Élysée qu'il œuvrerait pour la paix, a-t-il précisé.\n"


def test_utf8_with_bom():
    assert decode(b"\xef\xbb\xbf" + FRENCH.encode("utf-8")) == FRENCH


def test_cp1252_is_detected():
    data = (FRENCH + "« Nous sommes prêts », a-t-il dit — l’été dernier.\n").encode("cp1252")
    assert decode(data) == FRENCH + "« Nous sommes prêts », a-t-il dit — l’été dernier.\n"


def test_latin1_is_detected():
    text = "Le président a déclaré à Genève qu'il était prêt à négocier dès l'été.\n"
    assert decode(text.encode("latin-1")) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(0, 32)) * 20, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode(data, "article.txt")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "absent.txt")


def test_folder_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="folder"):
        read_text(tmp_path)


def test_huge_input_is_refused():
    with pytest.raises(InputError, match="too large"):
        decode(b"a" * (50 * 1024 * 1024 + 1))
